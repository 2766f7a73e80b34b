// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the generic page table's ARM LPAE operations against
 * io-pgtable-arm (drivers/iommu/io-pgtable-arm.c), side by side in the same
 * boot. Not part of the series: `make bench` copies it into the series'
 * tree, where io-pgtable-arm is built into it under names of its own.
 *
 * Both are called as the IOMMU core calls them: through a function
 * pointer, io-pgtable-arm's map and unmap looped until the whole range is
 * done (it stops at the end of a table), its IOTLB gather filled through
 * the tlb_add_page callback the way the SMMUv3 driver fills it. genpt is
 * held to io-pgtable-arm's page sizes (no contiguous bit), so both build
 * the same tables.
 * Timing and the table are bench.h's.
 */
#define io_pgtable_arm_64_lpae_s1_init_fns bench_armv8_s1_init_fns
#define io_pgtable_arm_64_lpae_s2_init_fns bench_armv8_s2_init_fns
#define io_pgtable_arm_32_lpae_s1_init_fns bench_armv8_32_s1_init_fns
#define io_pgtable_arm_32_lpae_s2_init_fns bench_armv8_32_s2_init_fns
#define io_pgtable_arm_mali_lpae_init_fns bench_armv8_mali_init_fns

#include "../../io-pgtable-arm.c"

#include <linux/generic_pt/iommu.h>
#include "bench.h"

static const struct pt_iommu_driver_ops bench_genpt_driver_ops = {
	.flush_walk = bench_flush_walk,
};

struct bench_fns {
	int (*init)(struct pt_iommu_armv8 *table,
		    const struct pt_iommu_armv8_cfg *cfg, gfp_t gfp);
	void (*deinit)(struct pt_iommu_armv8 *table);
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather);
};

#define BENCH_FNS(g)                                          \
	static const struct bench_fns bench_##g = {           \
		.init = pt_iommu_armv8_##g##_init,            \
		.deinit = pt_iommu_armv8_##g##_deinit,        \
		.map_pages = pt_iommu_armv8_##g##_map_pages,  \
		.unmap_pages = pt_iommu_armv8_##g##_unmap_pages, \
	}

BENCH_FNS(4k);
BENCH_FNS(64k);

struct bench_tables {
	struct pt_iommu_armv8 genpt;
	struct bench_genpt g;
	struct io_pgtable *iop;
	struct io_pgtable_ops *arm;
	/* What the SMMUv3 driver's tlb_add_page adds the pages to */
	struct iommu_domain smmu_domain;
	struct device dev;
};

static const struct iommu_domain_ops bench_domain_ops;

static void bench_tlb_flush_all(void *cookie)
{
}

static void bench_tlb_flush_walk(unsigned long iova, size_t size,
				 size_t granule, void *cookie)
{
}

/* As arm_smmu_tlb_inv_page_nosync() */
static void bench_tlb_add_page(struct iommu_iotlb_gather *gather,
			       unsigned long iova, size_t granule,
			       void *cookie)
{
	struct bench_tables *t = cookie;

	iommu_iotlb_gather_add_page(&t->smmu_domain, gather, iova, granule);
}

static const struct iommu_flush_ops bench_tlb_ops = {
	.tlb_flush_all = bench_tlb_flush_all,
	.tlb_flush_walk = bench_tlb_flush_walk,
	.tlb_add_page = bench_tlb_add_page,
};

/* io-pgtable-arm as __iommu_map() and __iommu_unmap() drive it */
static int arm_map(struct io_pgtable_ops *ops, unsigned long iova,
		   phys_addr_t paddr, size_t pgsize, size_t pgcount, int prot,
		   size_t *mapped)
{
	size_t done = 0;
	int ret = 0;

	while (!ret && done != pgsize * pgcount)
		ret = ops->map_pages(ops, iova + done, paddr + done, pgsize,
				     pgcount - done / pgsize, prot, GFP_KERNEL,
				     &done);
	*mapped = done;
	return ret;
}

static size_t arm_unmap(struct io_pgtable_ops *ops, unsigned long iova,
			size_t pgsize, size_t pgcount,
			struct iommu_iotlb_gather *gather)
{
	size_t done = 0, r;

	do {
		r = ops->unmap_pages(ops, iova + done, pgsize,
				     pgcount - done / pgsize, gather);
		done += r;
	} while (r && done != pgsize * pgcount);
	return done;
}

static int io_pgtable_map(void *ctx, u64 iova, u64 pgsize, unsigned int count,
			  size_t *mapped)
{
	struct bench_tables *t = ctx;

	return arm_map(t->arm, iova, iova, pgsize, count,
		       IOMMU_READ | IOMMU_WRITE, mapped);
}

static size_t io_pgtable_unmap(void *ctx, u64 iova, u64 pgsize,
			       unsigned int count,
			       struct iommu_iotlb_gather *gather)
{
	struct bench_tables *t = ctx;

	return arm_unmap(t->arm, iova, pgsize, count, gather);
}

static const struct bench_ops bench_io_pgtable = {
	.map = io_pgtable_map,
	.unmap = io_pgtable_unmap,
};

static void bench_granule(struct kunit *test, const char *title,
			  const struct bench_fns *fns, u64 pgsizes,
			  const struct bench_row *rows, unsigned int num_rows)
{
	struct pt_iommu_armv8_cfg cfg = { .max_vasz_lg2 = 48 };
	struct io_pgtable_cfg icfg = {
		/* The granule's sizes alone: io-pgtable-arm picks the granule */
		.pgsize_bitmap = pgsizes,
		.ias = 48,
		.oas = 48,
		.coherent_walk = true,
		.tlb = &bench_tlb_ops,
	};
	struct bench_tables *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->smmu_domain.ops = &bench_domain_ops;
	set_dev_node(&t->dev, NUMA_NO_NODE);
	icfg.iommu_dev = &t->dev;
	t->iop = bench_armv8_s1_init_fns.alloc(&icfg, t);
	KUNIT_ASSERT_NOT_NULL(test, t->iop);
	t->iop->fmt = ARM_64_LPAE_S1;
	t->iop->cookie = t;
	t->iop->cfg = icfg;
	t->arm = &t->iop->ops;

	t->genpt.iommu.nid = NUMA_NO_NODE;
	t->genpt.iommu.driver_ops = &bench_genpt_driver_ops;
	KUNIT_ASSERT_EQ(test, fns->init(&t->genpt, &cfg, GFP_KERNEL), 0);
	t->genpt.iommu.domain.pgsize_bitmap = icfg.pgsize_bitmap;
	t->g = (struct bench_genpt){
		.domain = &t->genpt.iommu.domain,
		.map_pages = fns->map_pages,
		.unmap_pages = fns->unmap_pages,
	};

	bench_table(test, title, &bench_genpt_ops, &t->g, &bench_io_pgtable, t,
		    rows, num_rows);

	fns->deinit(&t->genpt);
	bench_armv8_s1_init_fns.free(t->iop);
}

static void bench_armv8(struct kunit *test)
{
	static const struct bench_row rows_64k[] = {
		{ "64K x1", SZ_64K, 1, 256 },
		{ "64K x256", SZ_64K, 256, 16 },
		{ "512M x1", SZ_512M, 1, 64 },
		{ "512M x256", SZ_512M, 256, 4 },
	};

	bench_granule(test, "ARM LPAE stage 1, 4K granule, 48 bit IAS",
		      &bench_4k, SZ_4K | SZ_2M | SZ_1G, bench_rows_4k,
		      ARRAY_SIZE(bench_rows_4k));
	bench_granule(test, "ARM LPAE stage 1, 64K granule, 48 bit IAS",
		      &bench_64k, SZ_64K | SZ_512M, rows_64k,
		      ARRAY_SIZE(rows_64k));
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_armv8),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "generic_pt_bench_armv8",
	.test_cases = bench_cases,
};

kunit_test_suites(&bench_suite);
