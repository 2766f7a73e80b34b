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
 *
 * For each operation (map or unmap of 1 or 256 pages of each page size) a
 * sample is the mean time of a batch of operations on distinct ranges,
 * which amortizes UML's clock; the table shows the min and median of the
 * samples in ns and the ratio io-pgtable-arm / genpt of the medians.
 */
#define io_pgtable_arm_64_lpae_s1_init_fns bench_armv8_s1_init_fns
#define io_pgtable_arm_64_lpae_s2_init_fns bench_armv8_s2_init_fns
#define io_pgtable_arm_32_lpae_s1_init_fns bench_armv8_32_s1_init_fns
#define io_pgtable_arm_32_lpae_s2_init_fns bench_armv8_32_s2_init_fns
#define io_pgtable_arm_mali_lpae_init_fns bench_armv8_mali_init_fns

#include "../../io-pgtable-arm.c"

#include <kunit/test.h>
#include <linux/generic_pt/iommu.h>
#include <linux/ktime.h>
#include <linux/sizes.h>
#include <linux/sort.h>

#define BENCH_ROUNDS 31

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
	const struct bench_fns *fns;
	struct pt_iommu_armv8 genpt;
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

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

struct bench_result {
	u64 min, median;
};

static struct bench_result bench_summary(u64 *samples)
{
	sort(samples, BENCH_ROUNDS, sizeof(*samples), cmp_u64, NULL);
	return (struct bench_result){ samples[0], samples[BENCH_ROUNDS / 2] };
}

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

/* Time map then unmap of @batch ranges of @count pages of @pgsize */
static void bench_run(struct kunit *test, struct bench_tables *t, bool genpt,
		      u64 pgsize, unsigned int count, unsigned int batch,
		      struct bench_result *map_res,
		      struct bench_result *unmap_res)
{
	u64 len = pgsize * count, stride = max_t(u64, len, SZ_1G);
	u64 map_ns[BENCH_ROUNDS], unmap_ns[BENCH_ROUNDS];
	struct iommu_iotlb_gather gather;
	unsigned int r, b;

	for (r = 0; r != BENCH_ROUNDS; r++) {
		u64 t0, t1, t2;

		t0 = ktime_get_ns();
		for (b = 0; b != batch; b++) {
			u64 iova = b * stride;
			size_t mapped = 0;
			int ret;

			if (genpt)
				ret = t->fns->map_pages(&t->genpt.iommu.domain,
							iova, iova, pgsize,
							count,
							IOMMU_READ | IOMMU_WRITE,
							GFP_KERNEL, &mapped);
			else
				ret = arm_map(t->arm, iova, iova, pgsize, count,
					      IOMMU_READ | IOMMU_WRITE,
					      &mapped);
			KUNIT_ASSERT_EQ(test, ret, 0);
		}
		t1 = ktime_get_ns();
		for (b = 0; b != batch; b++) {
			u64 iova = b * stride;
			size_t unmapped;

			iommu_iotlb_gather_init(&gather);
			if (genpt)
				unmapped = t->fns->unmap_pages(&t->genpt.iommu.domain,
							       iova, pgsize,
							       count, &gather);
			else
				unmapped = arm_unmap(t->arm, iova, pgsize,
						     count, &gather);
			KUNIT_ASSERT_EQ(test, unmapped, (size_t)len);
			iommu_put_pages_list(&gather.freelist);
		}
		t2 = ktime_get_ns();
		map_ns[r] = (t1 - t0) / batch;
		unmap_ns[r] = (t2 - t1) / batch;
	}
	*map_res = bench_summary(map_ns);
	*unmap_res = bench_summary(unmap_ns);
}

struct bench_row {
	const char *name;
	u64 pgsize;
	unsigned int count, batch;
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
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->fns = fns;
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
	KUNIT_ASSERT_EQ(test, fns->init(&t->genpt, &cfg, GFP_KERNEL), 0);
	t->genpt.iommu.domain.pgsize_bitmap = icfg.pgsize_bitmap;

	kunit_info(test, "genpt-bench: %s\n", title);
	kunit_info(test, "genpt-bench: %-9s %-6s %9s %9s %9s %9s %7s\n",
		   "pages", "op", "genpt", "genpt", "io-pgt", "io-pgt",
		   "ratio");
	kunit_info(test, "genpt-bench: %-9s %-6s %9s %9s %9s %9s %7s\n", "",
		   "", "min ns", "med ns", "min ns", "med ns", "med");
	for (i = 0; i != num_rows; i++) {
		struct bench_result gm, gu, am, au;

		/* Warm both, then measure in turn */
		bench_run(test, t, true, rows[i].pgsize, rows[i].count,
			  rows[i].batch, &gm, &gu);
		bench_run(test, t, false, rows[i].pgsize, rows[i].count,
			  rows[i].batch, &am, &au);
		bench_run(test, t, true, rows[i].pgsize, rows[i].count,
			  rows[i].batch, &gm, &gu);
		bench_run(test, t, false, rows[i].pgsize, rows[i].count,
			  rows[i].batch, &am, &au);
		kunit_info(test,
			   "genpt-bench: %-9s %-6s %9llu %9llu %9llu %9llu %4llu.%02llu\n",
			   rows[i].name, "map", gm.min, gm.median, am.min,
			   am.median, am.median / max(gm.median, 1ULL),
			   am.median * 100 / max(gm.median, 1ULL) % 100);
		kunit_info(test,
			   "genpt-bench: %-9s %-6s %9llu %9llu %9llu %9llu %4llu.%02llu\n",
			   rows[i].name, "unmap", gu.min, gu.median, au.min,
			   au.median, au.median / max(gu.median, 1ULL),
			   au.median * 100 / max(gu.median, 1ULL) % 100);
	}

	fns->deinit(&t->genpt);
	bench_armv8_s1_init_fns.free(t->iop);
}

static void bench_armv8(struct kunit *test)
{
	static const struct bench_row rows_4k[] = {
		{ "4K x1", SZ_4K, 1, 256 },
		{ "4K x256", SZ_4K, 256, 16 },
		{ "2M x1", SZ_2M, 1, 256 },
		{ "2M x256", SZ_2M, 256, 8 },
		{ "1G x1", SZ_1G, 1, 64 },
		{ "1G x256", SZ_1G, 256, 4 },
	};
	static const struct bench_row rows_64k[] = {
		{ "64K x1", SZ_64K, 1, 256 },
		{ "64K x256", SZ_64K, 256, 16 },
		{ "512M x1", SZ_512M, 1, 64 },
		{ "512M x256", SZ_512M, 256, 4 },
	};

	bench_granule(test, "ARM LPAE stage 1, 4K granule, 48 bit IAS",
		      &bench_4k, SZ_4K | SZ_2M | SZ_1G, rows_4k,
		      ARRAY_SIZE(rows_4k));
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
