// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the generic page table's AMD v1 operations against the in-tree
 * AMD v1 io-pgtable (drivers/iommu/amd/io_pgtable.c), side by side in the
 * same boot (see bench.h). Not part of the series: `make bench` copies it
 * into the series' tree, where the in-tree file is built into it with the
 * two driver hooks it calls (flushes, which cost nothing here, as for
 * genpt).
 */
/* amd_iommu.h relies on x86 getting these from elsewhere */
#include <linux/mem_encrypt.h>

#include "../../amd/io_pgtable.c"

#include <linux/generic_pt/iommu.h>
#include "bench.h"

unsigned long amd_iommu_pgsize_bitmap = AMD_IOMMU_PGSIZES;

void amd_iommu_update_and_flush_device_table(struct protection_domain *domain)
{
}

void amd_iommu_domain_flush_pages(struct protection_domain *domain,
				  u64 address, size_t size)
{
}

struct bench_tables {
	struct pt_iommu_amdv1 genpt;
	spinlock_t lock; /* serializes growth of the genpt top */
	struct protection_domain pdom;
	struct io_pgtable_ops *amd;
};

static void bench_change_top(struct pt_iommu *iommu, phys_addr_t top,
			     unsigned int level)
{
}

static spinlock_t *bench_get_top_lock(struct pt_iommu *iommu)
{
	return &container_of(iommu, struct bench_tables, genpt.iommu)->lock;
}

static const struct pt_iommu_driver_ops bench_driver_ops = {
	.change_top = bench_change_top,
	.get_top_lock = bench_get_top_lock,
};

static int genpt_map(void *ctx, u64 iova, u64 pgsize, unsigned int count,
		     size_t *mapped)
{
	struct bench_tables *t = ctx;

	return pt_iommu_amdv1_map_pages(&t->genpt.iommu.domain, iova, iova,
					pgsize, count,
					IOMMU_READ | IOMMU_WRITE, GFP_KERNEL,
					mapped);
}

static size_t genpt_unmap(void *ctx, u64 iova, u64 pgsize,
			  unsigned int count,
			  struct iommu_iotlb_gather *gather)
{
	struct bench_tables *t = ctx;

	return pt_iommu_amdv1_unmap_pages(&t->genpt.iommu.domain, iova, pgsize,
					  count, gather);
}

static int amd_map(void *ctx, u64 iova, u64 pgsize, unsigned int count,
		   size_t *mapped)
{
	struct bench_tables *t = ctx;

	return t->amd->map_pages(t->amd, iova, iova, pgsize, count,
				 IOMMU_READ | IOMMU_WRITE, GFP_KERNEL, mapped);
}

/*
 * The in-tree unmap as the AMD driver's amd_iommu_unmap_pages() calls it:
 * io-pgtable leaves the IOTLB gather to the driver, genpt's op fills it.
 */
static size_t amd_unmap(void *ctx, u64 iova, u64 pgsize, unsigned int count,
			struct iommu_iotlb_gather *gather)
{
	struct bench_tables *t = ctx;
	size_t r = t->amd->unmap_pages(t->amd, iova, pgsize, count, NULL);

	if (r)
		iommu_iotlb_gather_add_range(gather, iova, r);
	return r;
}

static const struct bench_ops bench_genpt = {
	.map = genpt_map,
	.unmap = genpt_unmap,
};

static const struct bench_ops bench_amd = {
	.map = amd_map,
	.unmap = amd_unmap,
};

static void bench_amdv1(struct kunit *test)
{
	struct pt_iommu_amdv1_cfg cfg = {
		.features = BIT(PT_FEAT_DYNAMIC_TOP) |
			    BIT(PT_FEAT_AMDV1_FORCE_COHERENCE),
		.starting_level = 2,
		.max_vasz_lg2 = 52,
	};
	struct bench_tables *t;
	struct io_pgtable *iop;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	spin_lock_init(&t->lock);
	t->genpt.iommu.driver_ops = &bench_driver_ops;
	t->genpt.iommu.nid = NUMA_NO_NODE;
	KUNIT_ASSERT_EQ(test, pt_iommu_amdv1_init(&t->genpt, &cfg, GFP_KERNEL),
			0);

	spin_lock_init(&t->pdom.lock);
	t->pdom.iop.pgtbl.cfg.amd.nid = NUMA_NO_NODE;
	iop = io_pgtable_amd_iommu_v1_init_fns.alloc(&t->pdom.iop.pgtbl.cfg,
						     &t->pdom);
	KUNIT_ASSERT_NOT_NULL(test, iop);
	iop->cfg = t->pdom.iop.pgtbl.cfg;
	t->amd = &iop->ops;

	bench_table(test,
		    "AMD v1, 3 levels growing: genpt vs io_pgtable.c (AMD v1)",
		    &bench_genpt, t, &bench_amd, t, bench_rows_4k,
		    ARRAY_SIZE(bench_rows_4k));

	pt_iommu_amdv1_deinit(&t->genpt);
	io_pgtable_amd_iommu_v1_init_fns.free(iop);
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_amdv1),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "generic_pt_bench_amdv1",
	.test_cases = bench_cases,
};

kunit_test_suites(&bench_suite);
