// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the generic page table's x86-64 operations against the in-tree
 * AMD v2 io-pgtable (drivers/iommu/amd/io_pgtable_v2.c), which walks the
 * same format, side by side in the same boot. Not part of the series: `make bench` copies it into the
 * series' tree, where the in-tree file is built into it with the two driver
 * hooks it calls (flushes, which cost nothing here, as for genpt).
 *
 * For each operation (map or unmap of 1 or 256 pages of 4K, 2M or 1G) a
 * sample is the mean time of a batch of operations on distinct ranges,
 * which amortizes UML's clock; the table shows the min and median of the
 * samples in ns and the ratio in-tree / genpt of the medians.
 */
#include <kunit/test.h>
#include <linux/generic_pt/iommu.h>
#include <linux/ktime.h>
#include <linux/sort.h>

#define io_pgtable_amd_iommu_v2_init_fns bench_x86_64_init_fns
#define amd_iommu_gpt_level bench_x86_64_gpt_level
#define amd_iommu_domain_flush_pages bench_x86_64_flush_pages

/* amd_iommu.h relies on x86 getting these from elsewhere */
#include <linux/mem_encrypt.h>

#include "../../amd/io_pgtable_v2.c"

int amd_iommu_gpt_level = PAGE_MODE_4_LEVEL;

void amd_iommu_domain_flush_pages(struct protection_domain *domain,
				  u64 address, size_t size)
{
}

#define BENCH_ROUNDS 31

struct bench_tables {
	struct pt_iommu_x86_64 genpt;
	struct protection_domain pdom;
	struct io_pgtable_ops *amd;
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

/*
 * The in-tree unmap as the AMD driver's amd_iommu_unmap_pages() calls it:
 * io-pgtable leaves the IOTLB gather to the driver, genpt's op fills it.
 */
static size_t amd_unmap(struct io_pgtable_ops *ops, unsigned long iova,
			size_t pgsize, size_t pgcount,
			struct iommu_iotlb_gather *gather)
{
	size_t r = ops->unmap_pages(ops, iova, pgsize, pgcount, NULL);

	if (r)
		iommu_iotlb_gather_add_range(gather, iova, r);
	return r;
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
				ret = pt_iommu_x86_64_map_pages(&t->genpt.iommu.domain,
							       iova, iova, pgsize,
							       count,
							       IOMMU_READ | IOMMU_WRITE,
							       GFP_KERNEL, &mapped);
			else
				ret = t->amd->map_pages(t->amd, iova, iova, pgsize,
							count,
							IOMMU_READ | IOMMU_WRITE,
							GFP_KERNEL, &mapped);
			KUNIT_ASSERT_EQ(test, ret, 0);
		}
		t1 = ktime_get_ns();
		for (b = 0; b != batch; b++) {
			u64 iova = b * stride;
			size_t unmapped;

			iommu_iotlb_gather_init(&gather);
			if (genpt)
				unmapped = pt_iommu_x86_64_unmap_pages(&t->genpt.iommu.domain,
								      iova, pgsize,
								      count,
								      &gather);
			else
				unmapped = amd_unmap(t->amd, iova, pgsize,
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

static void bench_x86_64(struct kunit *test)
{
	static const struct {
		const char *name;
		u64 pgsize;
		unsigned int count, batch;
	} rows[] = {
		{ "4K x1", SZ_4K, 1, 256 },
		{ "4K x256", SZ_4K, 256, 16 },
		{ "2M x1", SZ_2M, 1, 256 },
		{ "2M x256", SZ_2M, 256, 8 },
		{ "1G x1", SZ_1G, 1, 64 },
		{ "1G x256", SZ_1G, 256, 4 },
	};
	struct pt_iommu_x86_64_cfg cfg = { .starting_level = 3 };
	struct bench_tables *t;
	struct io_pgtable *iop;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->genpt.iommu.nid = NUMA_NO_NODE;
	KUNIT_ASSERT_EQ(test, pt_iommu_x86_64_init(&t->genpt, &cfg, GFP_KERNEL),
			0);

	spin_lock_init(&t->pdom.lock);
	t->pdom.iop.pgtbl.cfg.amd.nid = NUMA_NO_NODE;
	iop = io_pgtable_amd_iommu_v2_init_fns.alloc(&t->pdom.iop.pgtbl.cfg,
						     &t->pdom);
	KUNIT_ASSERT_NOT_NULL(test, iop);
	iop->cfg = t->pdom.iop.pgtbl.cfg;
	t->amd = &iop->ops;

	kunit_info(test, "genpt-bench: %s\n",
		   "x86-64, 4 levels: genpt vs io_pgtable_v2.c (AMD v2)");
	kunit_info(test, "genpt-bench: %-8s %-6s %9s %9s %9s %9s %7s\n",
		   "pages", "op", "genpt", "genpt", "in-tree", "in-tree",
		   "ratio");
	kunit_info(test, "genpt-bench: %-8s %-6s %9s %9s %9s %9s %7s\n", "",
		   "", "min ns", "med ns", "min ns", "med ns", "med");
	for (i = 0; i != ARRAY_SIZE(rows); i++) {
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
			   "genpt-bench: %-8s %-6s %9llu %9llu %9llu %9llu %4llu.%02llu\n",
			   rows[i].name, "map", gm.min, gm.median, am.min,
			   am.median, am.median / max(gm.median, 1ULL),
			   am.median * 100 / max(gm.median, 1ULL) % 100);
		kunit_info(test,
			   "genpt-bench: %-8s %-6s %9llu %9llu %9llu %9llu %4llu.%02llu\n",
			   rows[i].name, "unmap", gu.min, gu.median, au.min,
			   au.median, au.median / max(gu.median, 1ULL),
			   au.median * 100 / max(gu.median, 1ULL) % 100);
	}

	pt_iommu_x86_64_deinit(&t->genpt);
	io_pgtable_amd_iommu_v2_init_fns.free(iop);
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_x86_64),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "generic_pt_bench_x86_64",
	.test_cases = bench_cases,
};

kunit_test_suites(&bench_suite);
