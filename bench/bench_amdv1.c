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
#include "bench_amd.h"

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
	struct bench_genpt g;
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
	.flush_walk = bench_flush_walk,
	.get_top_lock = bench_get_top_lock,
};

/*
 * After the 4K to 1G rows: pages of a size between two levels (the Next
 * Level 7 encoding, one entry per 4K or 2M), what the DMA API maps for an
 * aligned buffer of 16 pages
 */
static const struct bench_row bench_rows_amdv1_contig[] = {
	{ "64K x1", SZ_64K, 1, 256 },
	{ "64K x16", SZ_64K, 16, 64 },
	{ "32M x1", SZ_32M, 1, 64 },
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
	t->g = (struct bench_genpt){
		.domain = &t->genpt.iommu.domain,
		.map_pages = pt_iommu_amdv1_map_pages,
		.unmap_pages = pt_iommu_amdv1_unmap_pages,
	};

	bench_table(test,
		    "AMD v1, 3 levels growing: genpt vs io_pgtable.c (AMD v1)",
		    &bench_genpt_ops, &t->g, &bench_amd_ops, &iop->ops,
		    bench_rows_4k,
		    ARRAY_SIZE(bench_rows_4k));
	bench_table_named(test, NULL, "genpt", &bench_genpt_ops, &t->g,
			  "in-tree", &bench_amd_ops, &iop->ops,
			  bench_rows_amdv1_contig,
			  ARRAY_SIZE(bench_rows_amdv1_contig));
	bench_split_table(test,
			  "AMD v1 (every power of two page size): a range whole vs split by iommu_pgsize()",
			  &t->g);

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
