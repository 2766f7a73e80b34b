/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the benchmarks share: timing of map and unmap batches, summary
 * statistics and the table they print. Each bench_<format>.c sets up a
 * genpt table and the in-tree implementation of the same format, and
 * gives the two ways to map and unmap as a struct bench_ops. It is included
 * after the in-tree .c file, whose pr_fmt() must come first.
 *
 * For each row (map or unmap of @count pages of @pgsize) a sample is the
 * mean time of a batch of operations on distinct ranges, which amortizes
 * UML's clock; the table shows the min and median of the samples in ns and
 * the ratio in-tree / genpt of the medians. Both sides are called through
 * a function pointer, as the IOMMU core calls both.
 */
#ifndef __GENPT_BENCH_H
#define __GENPT_BENCH_H

#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/sizes.h>
#include <linux/sort.h>
#include "../../iommu-pages.h"

#define BENCH_ROUNDS 31

/**
 * struct bench_ops - one implementation under test
 * @map: map @count pages of @pgsize at @iova, to the same physical address
 * @unmap: unmap them, filling @gather as the driver's unmap would
 */
struct bench_ops {
	int (*map)(void *ctx, u64 iova, u64 pgsize, unsigned int count,
		   size_t *mapped);
	size_t (*unmap)(void *ctx, u64 iova, u64 pgsize, unsigned int count,
			struct iommu_iotlb_gather *gather);
};

struct bench_row {
	const char *name;
	u64 pgsize;
	unsigned int count, batch;
};

struct bench_result {
	u64 min, median;
};

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static struct bench_result bench_summary(u64 *samples)
{
	sort(samples, BENCH_ROUNDS, sizeof(*samples), bench_cmp_u64, NULL);
	return (struct bench_result){ samples[0], samples[BENCH_ROUNDS / 2] };
}

/* Time map then unmap of a batch of ranges of @row's pages */
static void bench_run(struct kunit *test, const struct bench_ops *ops,
		      void *ctx, const struct bench_row *row,
		      struct bench_result *map_res,
		      struct bench_result *unmap_res)
{
	u64 len = row->pgsize * row->count, stride = max_t(u64, len, SZ_1G);
	u64 map_ns[BENCH_ROUNDS], unmap_ns[BENCH_ROUNDS];
	struct iommu_iotlb_gather gather;
	unsigned int r, b;

	for (r = 0; r != BENCH_ROUNDS; r++) {
		u64 t0, t1, t2;

		t0 = ktime_get_ns();
		for (b = 0; b != row->batch; b++) {
			size_t mapped = 0;

			KUNIT_ASSERT_EQ(test, ops->map(ctx, b * stride,
						       row->pgsize, row->count,
						       &mapped), 0);
		}
		t1 = ktime_get_ns();
		for (b = 0; b != row->batch; b++) {
			iommu_iotlb_gather_init(&gather);
			KUNIT_ASSERT_EQ(test, ops->unmap(ctx, b * stride,
							 row->pgsize,
							 row->count, &gather),
					(size_t)len);
			iommu_put_pages_list(&gather.freelist);
		}
		t2 = ktime_get_ns();
		map_ns[r] = (t1 - t0) / row->batch;
		unmap_ns[r] = (t2 - t1) / row->batch;
	}
	*map_res = bench_summary(map_ns);
	*unmap_res = bench_summary(unmap_ns);
}

static void bench_line(struct kunit *test, const char *name, const char *op,
		       const struct bench_result *g,
		       const struct bench_result *o)
{
	u64 gm = max(g->median, 1ULL);

	kunit_info(test,
		   "genpt-bench: %-9s %-6s %9llu %9llu %9llu %9llu %4llu.%02llu\n",
		   name, op, g->min, g->median, o->min, o->median,
		   o->median / gm, o->median * 100 / gm % 100);
}

/* The table: a title, then each row measured on both, warmed first */
static void bench_table(struct kunit *test, const char *title,
			const struct bench_ops *genpt, void *gctx,
			const struct bench_ops *old, void *octx,
			const struct bench_row *rows, unsigned int num_rows)
{
	unsigned int i;

	kunit_info(test, "genpt-bench: %s\n", title);
	kunit_info(test, "genpt-bench: %-9s %-6s %9s %9s %9s %9s %7s\n",
		   "pages", "op", "genpt", "genpt", "in-tree", "in-tree",
		   "ratio");
	kunit_info(test, "genpt-bench: %-9s %-6s %9s %9s %9s %9s %7s\n", "",
		   "", "min ns", "med ns", "min ns", "med ns", "med");
	for (i = 0; i != num_rows; i++) {
		struct bench_result gm, gu, om, ou;

		/* Warm both, then measure in turn */
		bench_run(test, genpt, gctx, &rows[i], &gm, &gu);
		bench_run(test, old, octx, &rows[i], &om, &ou);
		bench_run(test, genpt, gctx, &rows[i], &gm, &gu);
		bench_run(test, old, octx, &rows[i], &om, &ou);
		bench_line(test, rows[i].name, "map", &gm, &om);
		bench_line(test, rows[i].name, "unmap", &gu, &ou);
	}
}

/* Map and unmap 4K to 1G pages, one and 256 at a time */
static const struct bench_row bench_rows_4k[] = {
	{ "4K x1", SZ_4K, 1, 256 },
	{ "4K x256", SZ_4K, 256, 16 },
	{ "2M x1", SZ_2M, 1, 256 },
	{ "2M x256", SZ_2M, 256, 8 },
	{ "1G x1", SZ_1G, 1, 64 },
	{ "1G x256", SZ_1G, 256, 4 },
};

#endif
