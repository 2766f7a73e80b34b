/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the benchmarks share: timing of map and unmap batches, summary
 * statistics and the table they print. Each bench_<format>.c sets up a
 * genpt table and the in-tree implementation of the same format, and
 * gives the two ways to map and unmap as a struct bench_ops. It is included
 * after the in-tree .c file, whose pr_fmt() must come first.
 *
 * For each row (map or unmap of @count pages of @pgsize) a sample is the
 * mean time of a batch of operations on distinct ranges, repeated until it
 * spans BENCH_SAMPLE_NS of UML's clock (which moves in 256 ns steps). The
 * table shows the min and median of the samples in ns, and the ratio
 * in-tree / genpt. The two take their samples in turn, and the ratio is the
 * median of the ratios of the pairs so taken: a change of the host's speed
 * during the run (other guests, frequency) weighs on both sides of a pair
 * alike. Both sides are called through a function pointer, as the IOMMU
 * core calls both.
 */
#ifndef __GENPT_BENCH_H
#define __GENPT_BENCH_H

#include <kunit/test.h>
#include <linux/generic_pt/iommu.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/sizes.h>
#include <linux/sort.h>
#include "../../iommu-pages.h"

#define BENCH_ROUNDS 31
#define BENCH_SAMPLE_NS 10000

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

/**
 * struct bench_genpt - a genpt table, driven through its exported ops
 * @domain: the table's iommu_domain
 * @map_pages: pt_iommu_<format>_map_pages()
 * @unmap_pages: pt_iommu_<format>_unmap_pages()
 *
 * The context of bench_genpt_ops.
 */
struct bench_genpt {
	struct iommu_domain *domain;
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather);
};

static int bench_genpt_map(void *ctx, u64 iova, u64 pgsize,
			   unsigned int count, size_t *mapped)
{
	struct bench_genpt *g = ctx;

	return g->map_pages(g->domain, iova, iova, pgsize, count,
			    IOMMU_READ | IOMMU_WRITE, GFP_KERNEL, mapped);
}

static size_t bench_genpt_unmap(void *ctx, u64 iova, u64 pgsize,
				unsigned int count,
				struct iommu_iotlb_gather *gather)
{
	struct bench_genpt *g = ctx;

	return g->unmap_pages(g->domain, iova, pgsize, count, gather);
}

/*
 * The genpt tables get a flush_walk, as a driver gives them: with it an
 * unmap that leaves a table empty schedules the reclaim of empty tables
 * (which does not run in the time of a sample)
 */
static void bench_flush_walk(struct pt_iommu *iommu, unsigned long iova,
			     size_t len)
{
}

static const struct bench_ops bench_genpt_ops = {
	.map = bench_genpt_map,
	.unmap = bench_genpt_unmap,
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

/* Sorts the samples */
static struct bench_result bench_summary(u64 *samples)
{
	sort(samples, BENCH_ROUNDS, sizeof(*samples), bench_cmp_u64, NULL);
	return (struct bench_result){ samples[0], samples[BENCH_ROUNDS / 2] };
}

/* The median of the pairs' ratios @old / @genpt, times 100 */
static u64 bench_ratio100(const u64 *genpt, const u64 *old)
{
	u64 ratio[BENCH_ROUNDS];
	unsigned int r;

	for (r = 0; r != BENCH_ROUNDS; r++)
		ratio[r] = old[r] * 100 / max(genpt[r], 1ULL);
	return bench_summary(ratio).median;
}

/*
 * Time map then unmap of a batch of ranges of @row's pages, again until
 * both spent BENCH_SAMPLE_NS: one sample
 */
static void bench_round(struct kunit *test, const struct bench_ops *ops,
			void *ctx, const struct bench_row *row, u64 *map_ns,
			u64 *unmap_ns)
{
	u64 len = row->pgsize * row->count, stride = max_t(u64, len, SZ_1G);
	u64 map_total = 0, unmap_total = 0, ops_done = 0;
	struct iommu_iotlb_gather gather;
	u64 t0, t1, t2;
	unsigned int b;

	do {
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
		map_total += t1 - t0;
		unmap_total += t2 - t1;
		ops_done += row->batch;
	} while (min(map_total, unmap_total) < BENCH_SAMPLE_NS);
	*map_ns = map_total / ops_done;
	*unmap_ns = unmap_total / ops_done;
}

/* One line of the table; sorts the samples */
static void bench_line(struct kunit *test, const char *name, const char *op,
		       u64 *genpt, u64 *old)
{
	u64 ratio = bench_ratio100(genpt, old);
	struct bench_result g = bench_summary(genpt);
	struct bench_result o = bench_summary(old);

	kunit_info(test,
		   "genpt-bench: %-9s %-6s %9llu %9llu %9llu %9llu %4llu.%02llu\n",
		   name, op, g.min, g.median, o.min, o.median, ratio / 100,
		   ratio % 100);
}

/*
 * The table: a title, then each row measured on both, warmed first; the
 * columns named @gname and @oname, the ratio @oname / @gname
 */
static void bench_table_named(struct kunit *test, const char *title,
			      const char *gname, const struct bench_ops *genpt,
			      void *gctx, const char *oname,
			      const struct bench_ops *old, void *octx,
			      const struct bench_row *rows,
			      unsigned int num_rows)
{
	unsigned int i;

	if (title) {
		kunit_info(test, "genpt-bench: %s\n", title);
		kunit_info(test,
			   "genpt-bench: %-9s %-6s %9s %9s %9s %9s %7s\n",
			   "pages", "op", gname, gname, oname, oname, "ratio");
		kunit_info(test,
			   "genpt-bench: %-9s %-6s %9s %9s %9s %9s %7s\n", "",
			   "", "min ns", "med ns", "min ns", "med ns", "pairs");
	}
	for (i = 0; i != num_rows; i++) {
		u64 gmap[BENCH_ROUNDS], gunmap[BENCH_ROUNDS];
		u64 omap[BENCH_ROUNDS], ounmap[BENCH_ROUNDS];
		unsigned int r;

		/* Warm both (tables allocated, caches filled), then take turns */
		bench_round(test, genpt, gctx, &rows[i], &gmap[0], &gunmap[0]);
		bench_round(test, old, octx, &rows[i], &omap[0], &ounmap[0]);
		for (r = 0; r != BENCH_ROUNDS; r++) {
			bench_round(test, genpt, gctx, &rows[i], &gmap[r],
				    &gunmap[r]);
			bench_round(test, old, octx, &rows[i], &omap[r],
				    &ounmap[r]);
		}
		bench_line(test, rows[i].name, "map", gmap, omap);
		bench_line(test, rows[i].name, "unmap", gunmap, ounmap);
	}
}

static void bench_table(struct kunit *test, const char *title,
			const struct bench_ops *genpt, void *gctx,
			const struct bench_ops *old, void *octx,
			const struct bench_row *rows, unsigned int num_rows)
{
	bench_table_named(test, title, "genpt", genpt, gctx, "in-tree", old,
			  octx, rows, num_rows);
}

/**
 * struct bench_split - a range given to genpt as the iommu core gives it
 * @g: the table
 * @offset: where the range starts past the batch's IOVA
 * @whole: in one call; else in the calls of 6.12's __iommu_map() and
 *	__iommu_unmap(), which split it by iommu_pgsize() first
 */
struct bench_split {
	struct bench_genpt *g;
	u64 offset;
	bool whole;
};

/*
 * What 6.12's iommu_pgsize() (drivers/iommu/iommu.c) returns: the largest
 * page size of the domain the alignment of @iova and @paddr and @size
 * allow, and in @count how many of them up to where a larger one would fit
 */
static u64 bench_iommu_pgsize(u64 pgsize_bitmap, u64 iova, u64 paddr,
			      u64 size, size_t *count)
{
	u64 addr_merge = iova | paddr, pgsizes, pgsize, next;
	unsigned int idx;

	pgsizes = pgsize_bitmap & GENMASK_ULL(__fls(size), 0);
	if (addr_merge)
		pgsizes &= GENMASK_ULL(__ffs64(addr_merge), 0);
	idx = __fls(pgsizes);
	pgsize = BIT_ULL(idx);
	pgsizes = pgsize_bitmap & ~GENMASK_ULL(idx, 0);
	if (pgsizes) {
		next = BIT_ULL(__ffs64(pgsizes));
		if (!((iova ^ paddr) & (next - 1))) {
			u64 offset = next - (addr_merge & (next - 1));

			if (offset + next <= size)
				size = offset;
		}
	}
	*count = size >> idx;
	return pgsize;
}

static int bench_split_map(void *ctx, u64 iova, u64 pgsize,
			   unsigned int count, size_t *mapped)
{
	struct bench_split *s = ctx;
	struct iommu_domain *domain = s->g->domain;
	u64 size = pgsize * count;
	int ret;

	iova += s->offset;
	if (s->whole)
		return bench_genpt_map(s->g, iova, pgsize, count, mapped);
	while (size) {
		size_t n, done = 0;
		u64 pg = bench_iommu_pgsize(domain->pgsize_bitmap, iova, iova,
					    size, &n);

		ret = s->g->map_pages(domain, iova, iova, pg, n,
				      IOMMU_READ | IOMMU_WRITE, GFP_KERNEL,
				      &done);
		*mapped += done;
		if (ret)
			return ret;
		iova += done;
		size -= done;
	}
	return 0;
}

static size_t bench_split_unmap(void *ctx, u64 iova, u64 pgsize,
				unsigned int count,
				struct iommu_iotlb_gather *gather)
{
	struct bench_split *s = ctx;
	struct iommu_domain *domain = s->g->domain;
	u64 size = pgsize * count, unmapped = 0;

	iova += s->offset;
	if (s->whole)
		return bench_genpt_unmap(s->g, iova, pgsize, count, gather);
	while (unmapped < size) {
		size_t n, done;
		u64 pg = bench_iommu_pgsize(domain->pgsize_bitmap, iova, iova,
					    size - unmapped, &n);

		done = s->g->unmap_pages(domain, iova, pg, n, gather);
		if (!done)
			break;
		iova += done;
		unmapped += done;
	}
	return unmapped;
}

static const struct bench_ops bench_split_ops = {
	.map = bench_split_map,
	.unmap = bench_split_unmap,
};

/* Ranges whose alignment changes along them, 4K aligned: their offsets */
static const struct {
	struct bench_row row;
	u64 offset;
} bench_split_rows[] = {
	{ { "64K@+4K", SZ_4K, 16, 256 }, SZ_4K },
	{ { "2M+60K", SZ_4K, 527, 64 }, 0 },
	{ { "4M-4K@+4K", SZ_4K, 1023, 16 }, SZ_4K },
	{ { "1G+2M+4K", SZ_4K, 262657, 1 }, 0 },
};

/*
 * A range given whole against the same range split as 6.12's core splits
 * it: what a core that hands a genpt domain a whole range would gain. The
 * ratio is split / whole (above 1: whole is faster).
 */
static void bench_split_table(struct kunit *test, const char *title,
			      struct bench_genpt *g)
{
	struct bench_split whole = { .g = g, .whole = true };
	struct bench_split split = { .g = g };
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(bench_split_rows); i++) {
		whole.offset = split.offset = bench_split_rows[i].offset;
		bench_table_named(test, i ? NULL : title, "whole",
				  &bench_split_ops, &whole, "split",
				  &bench_split_ops, &split,
				  &bench_split_rows[i].row, 1);
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
