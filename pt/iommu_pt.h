/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: the iommu_domain page table operations, compiled once
 * per format by fmt/iommu_<format>.c.
 *
 * Semantics, the same for every format:
 *
 * - map walks the range once, from the top: at every item it maps the
 *   largest page the alignment of the IOVA and the physical address, the
 *   remaining length and the domain's page sizes allow, so a 2M aligned
 *   range becomes 2M pages even when the caller passed pgsize 4K. Under
 *   an item that already points to a table (an unmap emptied it but did
 *   not cover all of it), smaller pages are mapped inside that table.
 * - map either maps the whole range or changes nothing: a first read-only
 *   pass of the same walk checks that nothing is mapped there and counts the
 *   tables the range needs; they are allocated before anything is written.
 *   Bad input (misalignment, a page size outside the domain's, a range past
 *   the table's IOVA or output size, or wrapping) fails before the walk.
 * - New tables are installed with a release cmpxchg and no lock: maps and
 *   unmaps of disjoint ranges may run concurrently; the loser of a race
 *   for an item uses the winner's table and keeps its own for later. Only
 *   growing the top level takes the driver's lock.
 * - unmap stops at the first IOVA that is not mapped and returns the bytes
 *   unmapped up to there. A large page the range covers only partly is
 *   unmapped whole and counted whole, as the in-tree AMD driver does; the
 *   iommu core's __iommu_unmap() advances by what is returned. The range
 *   gathered for the IOTLB flush is the span really cleared.
 * - unmap frees the tables under every item the range fully covers, but
 *   never before the IOTLB flush: they go on the gather's freelist, to be
 *   freed by the driver (iommu_put_pages_list()) after iotlb_sync. A table
 *   only partly covered stays, even if it became empty: finding out would
 *   cost a scan of the table on every small unmap. deinit frees it.
 * - A map past the current top grows the top first (PT_FEAT_DYNAMIC_TOP).
 *   If the map then fails, the top stays grown: the translation is the
 *   same, and another thread may already be using the new top.
 */
#include <linux/cleanup.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/generic_pt/iommu.h>
#include <linux/iommu.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/bug.h>
#include "../iommu-pages.h"
#include "pt_iter.h"

#define PT_IOMMU_NS(name) CONCATENATE(CONCATENATE(pt_iommu_, PT_FMT), _##name)
/* Formats that differ only in geometry may share one table type */
#ifndef PT_IOMMU_TYPE_NAME
#define PT_IOMMU_TYPE_NAME PT_FMT
#endif
#define PT_IOMMU_TABLE CONCATENATE(struct pt_iommu_, PT_IOMMU_TYPE_NAME)
#define PT_IOMMU_CFG                                                   \
	CONCATENATE(CONCATENATE(struct pt_iommu_, PT_IOMMU_TYPE_NAME), _cfg)

static struct pt_iommu *pt_iommu_from_domain(struct iommu_domain *domain)
{
	return container_of(domain, struct pt_iommu, domain);
}

static struct pt_common *pt_common_from_iommu(struct pt_iommu *iommu)
{
	return &container_of(iommu, PT_IOMMU_TABLE, iommu)->common;
}

static struct pt_common *pt_common_from_domain(struct iommu_domain *domain)
{
	return pt_common_from_iommu(pt_iommu_from_domain(domain));
}

/*
 * The KUnit instance of the template defines PT_IOMMU_KUNIT_HOOKS and its
 * own versions of these to count table memory, inject allocation failures
 * and emulate a non-coherent walker without a device; the instance drivers
 * use calls the DMA API directly and has no hook.
 */
#ifndef PT_IOMMU_KUNIT_HOOKS
static inline bool pt_iommu_hook_alloc(void)
{
	return true;
}

static inline void pt_iommu_hook_table(struct pt_table_p *table, bool alive)
{
}

static inline dma_addr_t pt_iommu_dma_map(struct device *dev, void *table,
					  size_t len)
{
	dma_addr_t dma = dma_map_single(dev, table, len, DMA_TO_DEVICE);

	return dma_mapping_error(dev, dma) ? DMA_MAPPING_ERROR : dma;
}

static inline void pt_iommu_dma_unmap(struct device *dev, dma_addr_t dma,
				      size_t len)
{
	dma_unmap_single(dev, dma, len, DMA_TO_DEVICE);
}

static inline void pt_iommu_dma_sync(struct device *dev, void *table,
				     size_t offset, size_t len)
{
	dma_sync_single_for_device(dev, virt_to_phys(table) + offset, len,
				   DMA_TO_DEVICE);
}
#endif

/*
 * Table memory comes from the page allocator: the IOTLB gather passes tables
 * to free as a list of pages. A table smaller than the CPU page (a 4K
 * granule on a 64K page kernel) takes a whole page.
 */
static unsigned int pt_iommu_table_order(unsigned int lg2sz)
{
	return lg2sz > PAGE_SHIFT ? lg2sz - PAGE_SHIFT : 0;
}

static struct pt_table_p *pt_iommu_table_alloc(struct pt_iommu *iommu,
					       struct pt_common *common,
					       unsigned int lg2sz, gfp_t gfp)
{
	struct pt_table_p *table;
	dma_addr_t dma;

	if (!pt_iommu_hook_alloc())
		return NULL;
	table = iommu_alloc_pages_node(iommu->nid, gfp,
				       pt_iommu_table_order(lg2sz));
	if (!table)
		return NULL;
	if (pt_feature(common, PT_FEAT_DMA_INCOHERENT)) {
		/*
		 * Map once for the table's life: it cleans the zeroed table out
		 * of the CPU cache. The walker follows physical addresses, so
		 * the DMA address must be the physical one.
		 */
		dma = pt_iommu_dma_map(iommu->iommu_device, table,
				       log2_to_int(lg2sz));
		if (dma != virt_to_phys(table)) {
			if (dma != DMA_MAPPING_ERROR)
				pt_iommu_dma_unmap(iommu->iommu_device, dma,
						   log2_to_int(lg2sz));
			iommu_free_pages(table, pt_iommu_table_order(lg2sz));
			return NULL;
		}
	}
	pt_iommu_hook_table(table, true);
	return table;
}

/* Undo the DMA mapping of a table the walker no longer reaches */
static void pt_iommu_table_release(struct pt_iommu *iommu,
				   struct pt_common *common,
				   struct pt_table_p *table,
				   unsigned int lg2sz)
{
	pt_iommu_hook_table(table, false);
	if (pt_feature(common, PT_FEAT_DMA_INCOHERENT))
		pt_iommu_dma_unmap(iommu->iommu_device, virt_to_phys(table),
				   log2_to_int(lg2sz));
}

static void pt_iommu_table_free(struct pt_iommu *iommu,
				struct pt_common *common,
				struct pt_table_p *table, unsigned int lg2sz)
{
	pt_iommu_table_release(iommu, common, table, lg2sz);
	iommu_free_pages(table, pt_iommu_table_order(lg2sz));
}

/*
 * Make items [first, end) of a table visible to a walker that does not
 * snoop the CPU cache. Callers batch: one call per table they wrote.
 */
static void pt_iommu_sync(struct pt_iommu *iommu, struct pt_common *common,
			  struct pt_table_p *table, unsigned int first,
			  unsigned int end)
{
	size_t offset = first * PT_ITEM_WORD_SIZE;
	size_t len = (end - first) * PT_ITEM_WORD_SIZE;

	if (!pt_feature(common, PT_FEAT_DMA_INCOHERENT) || first >= end)
		return;
	pt_iommu_dma_sync(iommu->iommu_device, table, offset, len);
}

/* The span of items a walk of one table wrote, for pt_iommu_sync() */
struct pt_iommu_written {
	unsigned int first;
	unsigned int end;
};

static __always_inline void pt_iommu_wrote(struct pt_iommu_written *w,
					   unsigned int first,
					   unsigned int num)
{
	if (w->first >= w->end)
		w->first = first;
	w->end = first + num;
}

/*
 * Queue a table the walker can no longer reach for freeing after the IOTLB
 * flush, by the driver's iommu_put_pages_list().
 */
static void pt_iommu_table_gather(struct pt_iommu *iommu,
				  struct pt_common *common,
				  struct iommu_iotlb_gather *gather,
				  struct pt_table_p *table)
{
	unsigned int order = pt_iommu_table_order(PT_TABLEMEM_LG2SZ);
	struct page *page = virt_to_page(table);
	unsigned int i;

	pt_iommu_table_release(iommu, common, table, PT_TABLEMEM_LG2SZ);
	/* iommu_put_pages_list() frees order 0 pages: give it those */
	if (order)
		split_page(page, order);
	for (i = 0; i != 1U << order; i++)
		list_add_tail(&page[i].lru, &gather->freelist);
}

/* Move the cursor over the 2^num_lg2 items of a contiguous run */
static __always_inline void pt_iommu_skip(struct pt_state *pts,
					  unsigned int num_lg2)
{
	unsigned int span_lg2 = pt_table_item_lg2sz(pts) + num_lg2;

	pts->index = log2_set_mod(pts->index, 0, num_lg2) + (1U << num_lg2);
	if (pts->index < pts->end_index)
		pts->range->va = log2_set_mod(pts->range->va, 0, span_lg2) +
				 log2_to_int(span_lg2);
}

/* iova_to_phys */

static __always_inline int __do_iova_to_phys(struct pt_range *range,
					     void *arg, unsigned int level,
					     struct pt_table_p *table,
					     pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	pt_oaddr_t *res = arg;

	switch (pt_load_single_entry(&pts)) {
	case PT_ENTRY_EMPTY:
		return -ENOENT;
	case PT_ENTRY_TABLE:
		return pt_descend(&pts, arg, descend_fn);
	case PT_ENTRY_OA:
		*res = pt_entry_oa(&pts) +
		       log2_mod(range->va, pt_table_item_lg2sz(&pts) +
						   pt_entry_num_contig_lg2(&pts));
		return 0;
	}
	return -ENOENT;
}

PT_MAKE_LEVELS(__iova_to_phys, __do_iova_to_phys);

/**
 * pt_iommu_iova_to_phys() - the physical address an IOVA translates to
 * @domain: the domain
 * @iova: the IO virtual address
 *
 * Context: any; may run concurrently with map and unmap of other ranges.
 * Return: the physical address, or 0 if @iova is not mapped.
 */
static phys_addr_t pt_iommu_iova_to_phys(struct iommu_domain *domain,
					 dma_addr_t iova)
{
	struct pt_range range;
	pt_oaddr_t res;

	if (pt_make_range(pt_common_from_domain(domain), &range, iova, iova) ||
	    __iova_to_phys(&range, &res))
		return 0;
	return res;
}

/* map */

struct pt_iommu_map_args {
	struct pt_iommu *iommu;
	struct pt_write_attrs attrs;
	u64 pgsize_bitmap;
	pt_oaddr_t oa;
	/* Tables allocated before the commit pass, linked by their first word */
	struct pt_table_p *prealloc;
	unsigned int num_tables;
	/* The check pass found a run of small pages ended by a busy item */
	bool run_busy;
};

static struct pt_table_p *pt_iommu_prealloc_take(struct pt_iommu_map_args *map)
{
	struct pt_table_p *table = map->prealloc;

	map->prealloc = *(struct pt_table_p **)table;
	*(struct pt_table_p **)table = NULL;
	/* The link was written after the table was made visible: undo it */
	pt_iommu_sync(map->iommu, pt_common_from_iommu(map->iommu), table, 0,
		      DIV_ROUND_UP(sizeof(void *), PT_ITEM_WORD_SIZE));
	return table;
}

static void pt_iommu_prealloc_put(struct pt_iommu_map_args *map,
				  struct pt_table_p *table)
{
	*(struct pt_table_p **)table = map->prealloc;
	map->prealloc = table;
}

/*
 * How many items from @first on, up to @num, are empty. Zero is every
 * format's empty entry: the all-empty common case tests the OR of eight
 * items (a cache line of 64 bit items) at a time.
 */
static __always_inline unsigned int
pt_iommu_empty_items(const struct pt_state *pts, unsigned int first,
		     unsigned int num)
{
	const struct pt_table_p *table = pts->table;
	unsigned long i = first, end = (unsigned long)first + num;

	for (; i + 8 <= end; i += 8)
		if (pt_table_word_read(table, i) |
		    pt_table_word_read(table, i + 1) |
		    pt_table_word_read(table, i + 2) |
		    pt_table_word_read(table, i + 3) |
		    pt_table_word_read(table, i + 4) |
		    pt_table_word_read(table, i + 5) |
		    pt_table_word_read(table, i + 6) |
		    pt_table_word_read(table, i + 7))
			break;
	for (; i != end; i++)
		if (pt_table_word_read(table, i))
			break;
	return i - first;
}

/*
 * What the 2^num_lg2 items from the cursor hold: 0 if all are empty, 1 if
 * some point to tables (but none maps a page), -EADDRINUSE if one maps.
 */
static __always_inline int pt_iommu_run_state(struct pt_state *pts,
					      unsigned int num_lg2)
{
	struct pt_state item = *pts;
	unsigned int i;
	int ret = 0;

	if (pt_iommu_empty_items(pts, pts->index, 1U << num_lg2) ==
	    1U << num_lg2)
		return 0;
	for (i = 0; i != 1U << num_lg2; i++) {
		item.index = pts->index + i;
		switch (pt_load_single_entry(&item)) {
		case PT_ENTRY_EMPTY:
			break;
		case PT_ENTRY_TABLE:
			ret = 1;
			break;
		case PT_ENTRY_OA:
			return -EADDRINUSE;
		}
	}
	return ret;
}

/*
 * The page to map at the cursor: log2 of its size, 0 to go down a level.
 * Only empty items take a page. Where a table already is (one an unmap
 * emptied but did not free), the range is mapped with smaller pages inside
 * it: replacing it by a page would need an IOTLB flush here.
 */
static __always_inline int pt_iommu_map_pgsize(struct pt_state *pts,
					       struct pt_iommu_map_args *map,
					       unsigned int *pgsz_lg2)
{
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);
	u64 sizes = pt_possible_sizes(pts) & map->pgsize_bitmap;
	int ret;

	*pgsz_lg2 = 0;
	if (pts->type == PT_ENTRY_OA)
		return -EADDRINUSE;
	if (pts->type == PT_ENTRY_TABLE)
		return 0;
	*pgsz_lg2 = pt_compute_best_pgsize(sizes, pts->range->va,
					   pts->range->last_va, map->oa);
	if (*pgsz_lg2 <= isz_lg2 || !pts->table)
		return 0;
	ret = pt_iommu_run_state(pts, *pgsz_lg2 - isz_lg2);
	if (ret < 0)
		return ret;
	if (ret)
		*pgsz_lg2 = pt_compute_best_pgsize(sizes &
						   log2_to_max_int(isz_lg2 + 1),
						   pts->range->va,
						   pts->range->last_va, map->oa);
	return 0;
}

/*
 * Write leaves of one size to items [first, first + num) from the cursor's
 * table, mapping consecutive output addresses from @oa. A local cursor and
 * attributes let the compiler keep the loop in registers. Where the format
 * says a run's entries differ by their OA alone, only the first entry is
 * made; each next one is the last plus the item size.
 */
static __always_inline void
pt_iommu_install_leaves(const struct pt_state *pts, unsigned int first,
			unsigned int num, pt_oaddr_t oa, unsigned int pgsz_lg2,
			const struct pt_write_attrs *map_attrs)
{
	struct pt_write_attrs attrs = *map_attrs;
	struct pt_state item = *pts;

	if (num > 1 && pgsz_lg2 == pt_table_item_lg2sz(pts) &&
	    pt_entry_oa_is_linear(pts, oa,
				  oa + log2_mul(num, pgsz_lg2) - 1)) {
		item.index = first;
		pt_install_leaf_entry(&item, oa, pgsz_lg2, &attrs);
		pt_table_write_words(pts->table, first + 1,
				     (unsigned long)first + num,
				     item.entry + log2_to_int(pgsz_lg2),
				     log2_to_int(pgsz_lg2));
		return;
	}
	for (item.index = first; item.index != first + num; item.index++) {
		pt_install_leaf_entry(&item, oa, pgsz_lg2, &attrs);
		oa += log2_to_int(pgsz_lg2);
	}
}

/*
 * Most of a map of many small pages: where the level holds a single page
 * size, every empty item the range fully covers takes a page of that size.
 * Takes the run of empty items from the cursor's, which the caller has
 * found empty, and writes (with commit) all but the last: the caller's
 * general path does that one and moves the cursor past it. Leaves the
 * cursor, range->va and map->oa at that last item.
 */
static __always_inline void pt_iommu_map_run(struct pt_state *pts,
					     struct pt_iommu_map_args *map,
					     struct pt_iommu_written *w,
					     const bool commit)
{
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);
	pt_vaddr_t left = pts->range->last_va - pts->range->va;
	unsigned int first = pts->index, num;
	pt_vaddr_t covered;

	if ((pt_possible_sizes(pts) & map->pgsize_bitmap) !=
	    log2_to_int(isz_lg2))
		return;
	/* Items the range covers whole: range->va is aligned to the item */
	covered = log2_div(left, isz_lg2) +
		  (log2_mod(left, isz_lg2) == log2_to_max_int(isz_lg2));
	num = min_t(pt_vaddr_t, covered, pts->end_index - first);
	if (num <= 1)
		return;
	/*
	 * The check pass scans the items; unless it found one busy, every
	 * run the commit pass meets is the same and all empty. An item that
	 * is not zero ends the run and goes to the general path, which
	 * decodes it.
	 */
	if (pts->table && (!commit || map->run_busy)) {
		unsigned int empty = pt_iommu_empty_items(pts, first, num);

		if (empty != num) {
			num = empty;
			map->run_busy = true;
		}
		if (num <= 1)
			return;
	}
	if (commit) {
		pt_iommu_install_leaves(pts, first, num - 1, map->oa, isz_lg2,
					&map->attrs);
		pt_iommu_wrote(w, first, num - 1);
	}
	pts->index = first + num - 1;
	pts->range->va += log2_mul(num - 1, isz_lg2);
	map->oa += log2_mul(num - 1, isz_lg2);
}

/*
 * One level of map. With commit false it is the read-only first pass: a
 * NULL table stands for one the commit pass will allocate (all empty), and
 * it counts those tables. With commit true it writes, and cannot fail.
 */
static __always_inline int __do_map(struct pt_range *range, void *arg,
				    unsigned int level,
				    struct pt_table_p *table,
				    pt_level_fn_t descend_fn, const bool commit)
{
	struct pt_state pts = pt_init(range, level, table);
	struct pt_iommu_map_args *map = arg;
	struct pt_iommu_written w = {};
	int ret = 0;

	while (pts.index < pts.end_index) {
		unsigned int pgsz_lg2;

		if (table)
			pt_load_single_entry(&pts);
		else
			pts.type = PT_ENTRY_EMPTY;

		ret = pt_iommu_map_pgsize(&pts, map, &pgsz_lg2);
		if (ret)
			break;
		if (pgsz_lg2) {
			unsigned int num_lg2 =
				pgsz_lg2 - pt_table_item_lg2sz(&pts);

			if (!num_lg2)
				pt_iommu_map_run(&pts, map, &w, commit);
			if (commit) {
				pt_install_leaf_entry(&pts, map->oa, pgsz_lg2,
						      &map->attrs);
				pt_iommu_wrote(&w, pts.index, 1U << num_lg2);
			}
			map->oa += log2_to_int(pgsz_lg2);
			pt_iommu_skip(&pts, num_lg2);
			continue;
		}

		/* A smaller page is needed: go down a level */
		if (!pt_can_have_table(&pts)) {
			ret = -EINVAL;
			break;
		}
		if (pts.type == PT_ENTRY_EMPTY) {
			if (!commit) {
				map->num_tables++;
				pts.table_lower = NULL;
			} else {
				struct pt_table_p *new;

				/* Only a racing map of this range gets here */
				if (WARN_ON(!map->prealloc)) {
					ret = -ENOMEM;
					break;
				}
				new = pt_iommu_prealloc_take(map);
				pts.entry = 0;
				if (pt_install_table(&pts, virt_to_phys(new),
						     &map->attrs))
					pt_iommu_wrote(&w, pts.index, 1);
				else
					pt_iommu_prealloc_put(map, new);
				/* Ours, or the racing winner's */
				if (pt_load_single_entry(&pts) !=
				    PT_ENTRY_TABLE) {
					ret = -EADDRINUSE;
					break;
				}
			}
		}
		ret = pt_descend(&pts, arg, descend_fn);
		if (ret)
			break;
		pt_next_entry(&pts);
	}
	if (commit)
		pt_iommu_sync(map->iommu, range->common, table, w.first,
			      w.end);
	return ret;
}

static __always_inline int __do_map_check(struct pt_range *range, void *arg,
					  unsigned int level,
					  struct pt_table_p *table,
					  pt_level_fn_t descend_fn)
{
	return __do_map(range, arg, level, table, descend_fn, false);
}

PT_MAKE_LEVELS(__map_check, __do_map_check);

static __always_inline int __do_map_commit(struct pt_range *range, void *arg,
					   unsigned int level,
					   struct pt_table_p *table,
					   pt_level_fn_t descend_fn)
{
	return __do_map(range, arg, level, table, descend_fn, true);
}

PT_MAKE_LEVELS(__map_commit, __do_map_commit);

/*
 * Grow the top until it spans last_va: each new top's first item points to
 * the old top. Serialized by the driver's lock; the driver publishes it.
 */
static int pt_iommu_grow_top(struct pt_iommu *iommu, struct pt_common *common,
			     pt_vaddr_t last_va, gfp_t gfp)
{
	const struct pt_iommu_driver_ops *ops = iommu->driver_ops;
	struct pt_table_p *new_tables[PT_MAX_LEVELS] = {};
	struct pt_range top = pt_top_range(common);
	unsigned int num = 0, i;
	unsigned long flags;
	spinlock_t *lock; /* the driver's: serializes changes of the top */
	int ret = 0;

	/* Allocate outside the lock, one table per missing level */
	for (i = top.top_level + 1;; i++) {
		struct pt_state pts = { .range = &top, .level = i };

		if (i > PT_MAX_TOP_LEVEL)
			return -ERANGE;
		/* Only a format whose tables are all alike can grow */
		new_tables[num] = pt_iommu_table_alloc(iommu, common,
						       PT_TABLEMEM_LG2SZ, gfp);
		if (!new_tables[num]) {
			ret = -ENOMEM;
			goto out_free;
		}
		num++;
		if (!log2_div(last_va, pt_table_lg2sz(&pts)))
			break;
	}

	/* pt_iommu_init() made sure a table that grows has the callbacks */
	lock = ops->get_top_lock(iommu);
	spin_lock_irqsave(lock, flags);
	/* Someone may have grown it meanwhile */
	top = pt_top_range(common);
	i = 0;
	while (top.last_va < last_va) {
		struct pt_write_attrs attrs;
		struct pt_state pts = { .range = &top, .index = 0 };

		if (top.top_level == PT_MAX_TOP_LEVEL || i == num) {
			ret = -ERANGE;
			break;
		}
		ret = pt_make_write_attrs(common, &attrs, IOMMU_READ);
		if (ret)
			break;
		pts.table = new_tables[i];
		pts.level = top.top_level + 1;
		pts.entry = 0;
		if (!pt_install_table(&pts, virt_to_phys(top.top_table),
				      &attrs)) {
			ret = -EBUSY;
			break;
		}
		pt_iommu_sync(iommu, common, new_tables[i], 0, 1);
		pt_top_set(common, new_tables[i], top.top_level + 1);
		ops->change_top(iommu, virt_to_phys(new_tables[i]),
				top.top_level + 1);
		new_tables[i++] = NULL;
		top = pt_top_range(common);
	}
	spin_unlock_irqrestore(lock, flags);
out_free:
	for (i = 0; i != num; i++)
		if (new_tables[i])
			pt_iommu_table_free(iommu, common, new_tables[i],
					    PT_TABLEMEM_LG2SZ);
	return ret;
}

/* The page sizes a table can map: every level's, within its VA and OA size */
static u64 pt_iommu_pgsize_bitmap(struct pt_common *common)
{
	struct pt_range range = pt_top_range(common);
	struct pt_state pts = { .range = &range };
	u64 sizes = 0;

	for (pts.level = 0; pts.level <= PT_MAX_TOP_LEVEL; pts.level++)
		sizes |= pt_possible_sizes(&pts);
	return sizes & log2_to_max_int(min_t(unsigned int, common->max_vasz_lg2,
					     pt_max_oa_lg2(common)));
}

/*
 * The common case in one walk: one page of a size some level holds in a
 * single item, under tables that exist, into an empty item; or a run of
 * such pages, all in one table and all empty. Anything else returns -EAGAIN
 * and takes the general path, which finds the precise errno.
 */
static __always_inline int __do_map_single(struct pt_range *range, void *arg,
					   unsigned int level,
					   struct pt_table_p *table,
					   pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct pt_iommu_map_args *map = arg;
	unsigned int pgsz_lg2 = log2_ffs(map->pgsize_bitmap);
	pt_vaddr_t num;

	switch (pt_load_single_entry(&pts)) {
	case PT_ENTRY_TABLE:
		if (pt_table_item_lg2sz(&pts) <= pgsz_lg2)
			return -EAGAIN;
		return pt_descend(&pts, arg, descend_fn);
	case PT_ENTRY_EMPTY:
		if (pt_table_item_lg2sz(&pts) != pgsz_lg2 ||
		    !(pt_possible_sizes(&pts) & log2_to_int(pgsz_lg2)))
			return -EAGAIN;
		num = log2_div(range->last_va - range->va, pgsz_lg2) + 1;
		if (num == 1) {
			pt_install_leaf_entry(&pts, map->oa, pgsz_lg2,
					      &map->attrs);
		} else {
			/* All in this table, all empty (zero) */
			if (pts.end_index - pts.index != num ||
			    pt_iommu_empty_items(&pts, pts.index + 1,
						 num - 1) != num - 1)
				return -EAGAIN;
			pt_iommu_install_leaves(&pts, pts.index, num, map->oa,
						pgsz_lg2, &map->attrs);
		}
		pt_iommu_sync(map->iommu, range->common, table, pts.index,
			      pts.index + num);
		return 0;
	default:
		return -EAGAIN;
	}
}

PT_MAKE_LEVELS(__map_single, __do_map_single);

/**
 * pt_iommu_map_pages() - map a physically contiguous range
 * @domain: the domain
 * @iova: the first IO virtual address, aligned to @pgsize
 * @paddr: the physical address to map it to, aligned to @pgsize
 * @pgsize: a page size of the domain's pgsize_bitmap
 * @pgcount: the number of @pgsize pages
 * @prot: IOMMU_READ, IOMMU_WRITE, ...
 * @gfp: how to allocate table memory
 * @mapped: incremented by the bytes mapped
 *
 * Maps the range with the largest pages the alignment and the domain allow,
 * in one walk. Either the whole range is mapped or nothing changes.
 *
 * Context: as @gfp allows; concurrent calls on disjoint ranges are allowed.
 * Return: 0; -EINVAL for a misaligned address, a page size outside the
 * domain's or a protection the format cannot express; -EOVERFLOW if the
 * range wraps; -ERANGE if it is past the table's IOVA or output address
 * size; -EADDRINUSE if part of it is mapped; -ENOMEM.
 */
static int pt_iommu_map_pages(struct iommu_domain *domain, unsigned long iova,
			      phys_addr_t paddr, size_t pgsize, size_t pgcount,
			      int prot, gfp_t gfp, size_t *mapped)
{
	struct pt_iommu *iommu = pt_iommu_from_domain(domain);
	struct pt_common *common = pt_common_from_iommu(iommu);
	struct pt_iommu_map_args map = { .iommu = iommu };
	pt_vaddr_t len, last_va;
	pt_oaddr_t last_oa;
	struct pt_range range;
	unsigned int i;
	int ret;

	if (!pgsize || !is_power_of_2(pgsize) ||
	    !(pgsize & domain->pgsize_bitmap) || !pgcount ||
	    (iova | paddr) & (pgsize - 1))
		return -EINVAL;
	if (check_mul_overflow((pt_vaddr_t)pgsize, (pt_vaddr_t)pgcount, &len) ||
	    check_add_overflow((pt_vaddr_t)iova, len - 1, &last_va) ||
	    check_add_overflow((pt_oaddr_t)paddr, len - 1, &last_oa))
		return -EOVERFLOW;
	if (!pt_oa_fits(common, paddr, last_oa))
		return -ERANGE;
	ret = pt_make_write_attrs(common, &map.attrs, prot);
	if (ret)
		return ret;
	map.pgsize_bitmap = domain->pgsize_bitmap;

	ret = pt_make_range(common, &range, iova, last_va);
	/*
	 * One page, or pages of a size no larger page can replace, all in one
	 * table that exists: one walk. Anything else: the general path.
	 */
	if (!ret && (pgcount == 1 ||
		     pt_compute_best_pgsize(domain->pgsize_bitmap, iova,
					    last_va, paddr) == ilog2(pgsize))) {
		/* pgsize_bitmap says which page to map, nothing else is used */
		map.pgsize_bitmap = pgsize;
		map.oa = paddr;
		ret = __map_single(&range, &map);
		if (!ret) {
			*mapped += len;
			return 0;
		}
		map.pgsize_bitmap = domain->pgsize_bitmap;
		pt_make_range(common, &range, iova, last_va);
		ret = 0;
	}
	if (ret == -ERANGE && pt_feature(common, PT_FEAT_DYNAMIC_TOP) &&
	    !log2_div(last_va, common->max_vasz_lg2)) {
		ret = pt_iommu_grow_top(iommu, common, last_va, gfp);
		if (!ret)
			ret = pt_make_range(common, &range, iova, last_va);
	}
	if (ret)
		return ret;

	/* Check, count, allocate: then the writes cannot fail */
	map.oa = paddr;
	ret = __map_check(&range, &map);
	if (ret)
		return ret;
	for (i = 0; i != map.num_tables; i++) {
		struct pt_table_p *table = pt_iommu_table_alloc(iommu, common,
								PT_TABLEMEM_LG2SZ,
								gfp);

		if (!table) {
			ret = -ENOMEM;
			goto out_free;
		}
		pt_iommu_prealloc_put(&map, table);
	}

	pt_make_range(common, &range, iova, last_va);
	map.oa = paddr;
	ret = __map_commit(&range, &map);
	if (!ret)
		*mapped += len;
out_free:
	while (map.prealloc)
		pt_iommu_table_free(iommu, common, pt_iommu_prealloc_take(&map),
				    PT_TABLEMEM_LG2SZ);
	return ret;
}

/* unmap */

struct pt_iommu_unmap_args {
	struct pt_iommu *iommu;
	struct iommu_iotlb_gather *gather;
	pt_vaddr_t unmapped;
	/* __unmap_single(): log2 of the one page to unmap */
	unsigned int pgsz_lg2;
	/* The span of IOVA really cleared, which the IOTLB flush must cover */
	pt_vaddr_t first_va;
	pt_vaddr_t last_va;
};

/*
 * Most of an unmap of many small pages: after the single-item leaf at the
 * cursor, which the caller cleared, find the single-item leaves that follow
 * it in the range, then clear them all in one tight loop. Return: how many
 * leaves, the cursor's included.
 */
static __always_inline unsigned int pt_iommu_unmap_run(struct pt_state *pts)
{
	unsigned int end = pts->end_index;
	struct pt_state item = *pts;

	for (item.index = pts->index + 1; item.index < end; item.index++)
		if (unlikely(pt_load_entry_raw(&item) != PT_ENTRY_OA ||
			     pt_entry_num_contig_lg2(&item)))
			break;
	pt_table_write_words(pts->table, pts->index + 1, item.index, 0, 0);
	return item.index - pts->index;
}

static __always_inline int __do_unmap(struct pt_range *range, void *arg,
				      unsigned int level,
				      struct pt_table_p *table,
				      pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct pt_iommu_unmap_args *unmap = arg;
	struct pt_iommu_written w = {};
	int ret = 0;

	while (pts.index < pts.end_index && !ret) {
		unsigned int num_lg2, pgsz_lg2, run;
		bool covered;

		switch (pt_load_single_entry(&pts)) {
		case PT_ENTRY_EMPTY:
			ret = -ENOENT;
			break;
		case PT_ENTRY_TABLE:
			covered = pt_item_fully_covered(&pts);
			ret = pt_descend(&pts, arg, descend_fn);
			if (ret)
				break;
			/* Everything under it is gone: so is the table */
			if (covered) {
				pt_clear_entries(&pts, 0);
				pt_iommu_wrote(&w, pts.index, 1);
				pt_iommu_table_gather(unmap->iommu,
						      range->common,
						      unmap->gather,
						      pts.table_lower);
			}
			pt_next_entry(&pts);
			break;
		case PT_ENTRY_OA:
			num_lg2 = pt_entry_num_contig_lg2(&pts);
			pgsz_lg2 = pt_table_item_lg2sz(&pts) + num_lg2;
			pts.index = log2_set_mod(pts.index, 0, num_lg2);
			pt_clear_entries(&pts, num_lg2);
			/* The page may start before the range: flush all of it */
			if (!unmap->unmapped)
				unmap->first_va = log2_set_mod(range->va, 0,
							       pgsz_lg2);
			run = num_lg2 ? 1 : pt_iommu_unmap_run(&pts);
			pt_iommu_wrote(&w, pts.index, run << num_lg2);
			if (run > 1) {
				pts.index += run - 1;
				range->va += log2_mul(run - 1, pgsz_lg2);
			}
			unmap->last_va = log2_set_mod_max(range->va, pgsz_lg2);
			unmap->unmapped += log2_mul(run, pgsz_lg2);
			pt_iommu_skip(&pts, num_lg2);
			break;
		}
	}
	pt_iommu_sync(unmap->iommu, range->common, table, w.first, w.end);
	return ret;
}

PT_MAKE_LEVELS(__unmap, __do_unmap);

/*
 * Unmap's common case in one walk: one page, exactly the page mapped at
 * the IOVA. Anything else returns -EAGAIN and takes the general path.
 */
static __always_inline int __do_unmap_single(struct pt_range *range,
					     void *arg, unsigned int level,
					     struct pt_table_p *table,
					     pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct pt_iommu_unmap_args *unmap = arg;

	switch (pt_load_single_entry(&pts)) {
	case PT_ENTRY_TABLE:
		if (pt_table_item_lg2sz(&pts) <= unmap->pgsz_lg2)
			return -EAGAIN;
		return pt_descend(&pts, arg, descend_fn);
	case PT_ENTRY_OA:
		/* The range is one aligned page: it must be this item */
		if (pt_table_item_lg2sz(&pts) != unmap->pgsz_lg2 ||
		    pt_entry_num_contig_lg2(&pts))
			return -EAGAIN;
		pt_clear_entries(&pts, 0);
		pt_iommu_sync(unmap->iommu, range->common, table, pts.index,
			      pts.index + 1);
		return 0;
	default:
		return -EAGAIN;
	}
}

PT_MAKE_LEVELS(__unmap_single, __do_unmap_single);

/**
 * pt_iommu_unmap_pages() - unmap a range
 * @domain: the domain
 * @iova: the first IO virtual address, aligned to @pgsize
 * @pgsize: the page size the caller mapped with
 * @pgcount: the number of @pgsize pages
 * @gather: collects the range to flush and the tables to free after it
 *
 * Stops at the first address that is not mapped. A large page partly inside
 * the range is unmapped whole and counted whole.
 *
 * Context: any; concurrent calls on disjoint ranges are allowed.
 * Return: the bytes unmapped from @iova on, 0 for bad input.
 */
static size_t pt_iommu_unmap_pages(struct iommu_domain *domain,
				   unsigned long iova, size_t pgsize,
				   size_t pgcount,
				   struct iommu_iotlb_gather *gather)
{
	struct pt_iommu_unmap_args unmap = {
		.iommu = pt_iommu_from_domain(domain),
		.gather = gather,
	};
	pt_vaddr_t len, last_va;
	struct pt_range range;

	if (!pgsize || !is_power_of_2(pgsize) || !pgcount ||
	    iova & (pgsize - 1) ||
	    check_mul_overflow((pt_vaddr_t)pgsize, (pt_vaddr_t)pgcount, &len) ||
	    check_add_overflow((pt_vaddr_t)iova, len - 1, &last_va) ||
	    pt_make_range(pt_common_from_domain(domain), &range, iova, last_va))
		return 0;
	if (pgcount == 1) {
		unmap.pgsz_lg2 = log2_ffs(pgsize);
		if (!__unmap_single(&range, &unmap)) {
			iommu_iotlb_gather_add_range(gather, iova, pgsize);
			return pgsize;
		}
		pt_make_range(pt_common_from_domain(domain), &range, iova,
			      last_va);
	}
	__unmap(&range, &unmap);
	if (unmap.unmapped)
		iommu_iotlb_gather_add_range(gather, unmap.first_va,
					     unmap.last_va - unmap.first_va + 1);
	return unmap.unmapped;
}

/* dirty tracking */

struct pt_iommu_dirty_args {
	struct pt_iommu *iommu;
	unsigned long flags;
	/* Called for each dirty page, clipped to the range */
	void (*record)(void *priv, pt_vaddr_t iova, pt_vaddr_t len);
	void *priv;
};

static __always_inline int __do_read_and_clear_dirty(struct pt_range *range,
						     void *arg,
						     unsigned int level,
						     struct pt_table_p *table,
						     pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct pt_iommu_dirty_args *dirty = arg;
	struct pt_iommu_written w = {};
	int ret = 0;

	while (pts.index < pts.end_index && !ret) {
		unsigned int num_lg2, pgsz_lg2;
		pt_vaddr_t start, last;

		switch (pt_load_single_entry(&pts)) {
		case PT_ENTRY_EMPTY:
			pt_next_entry(&pts);
			break;
		case PT_ENTRY_TABLE:
			ret = pt_descend(&pts, arg, descend_fn);
			pt_next_entry(&pts);
			break;
		case PT_ENTRY_OA:
			num_lg2 = pt_entry_num_contig_lg2(&pts);
			pgsz_lg2 = pt_table_item_lg2sz(&pts) + num_lg2;
			pts.index = log2_set_mod(pts.index, 0, num_lg2);
			if (pt_entry_is_write_dirty(&pts)) {
				start = max(range->va,
					    log2_set_mod(range->va, 0, pgsz_lg2));
				last = min(range->last_va,
					   log2_set_mod_max(range->va, pgsz_lg2));
				dirty->record(dirty->priv, start,
					      last - start + 1);
				if (!(dirty->flags & IOMMU_DIRTY_NO_CLEAR)) {
					pt_entry_set_write_clean(&pts);
					pt_iommu_wrote(&w, pts.index,
						       1U << num_lg2);
				}
			}
			pt_iommu_skip(&pts, num_lg2);
			break;
		}
	}
	pt_iommu_sync(dirty->iommu, range->common, table, w.first, w.end);
	return ret;
}

PT_MAKE_LEVELS(__read_and_clear_dirty, __do_read_and_clear_dirty);

static void pt_iommu_dirty_record(void *priv, pt_vaddr_t iova, pt_vaddr_t len)
{
	iommu_dirty_bitmap_record(priv, iova, len);
}

/**
 * pt_iommu_read_and_clear_dirty() - report the pages written since last time
 * @domain: the domain
 * @iova: the first IO virtual address of the range
 * @size: the length of the range
 * @flags: IOMMU_DIRTY_NO_CLEAR to only read
 * @dirty: records the dirty ranges
 *
 * Hardware dirty tracking needs a walker that snoops the CPU cache: the CPU
 * could not see the dirty bits of a PT_FEAT_DMA_INCOHERENT table.
 *
 * Context: any; concurrent with DMA, which may set dirty bits meanwhile.
 * Return: 0; -EINVAL, -EOVERFLOW or -ERANGE for a bad range; -EOPNOTSUPP
 * for a table whose walker does not snoop.
 */
static int pt_iommu_read_and_clear_dirty(struct iommu_domain *domain,
					 unsigned long iova, size_t size,
					 unsigned long flags,
					 struct iommu_dirty_bitmap *dirty)
{
	struct pt_iommu_dirty_args args = {
		.iommu = pt_iommu_from_domain(domain),
		.flags = flags,
		.record = pt_iommu_dirty_record,
		.priv = dirty,
	};
	struct pt_range range;
	int ret;

	if (pt_feature(pt_common_from_domain(domain), PT_FEAT_DMA_INCOHERENT))
		return -EOPNOTSUPP;
	if (!size)
		return -EINVAL;
	if ((pt_vaddr_t)iova + (size - 1) < iova)
		return -EOVERFLOW;
	ret = pt_make_range(pt_common_from_domain(domain), &range, iova,
			    iova + (size - 1));
	if (ret)
		return ret;
	return __read_and_clear_dirty(&range, &args);
}

/* init and deinit */

static void pt_iommu_free_cb(void *arg, struct pt_table_p *table)
{
	PT_IOMMU_TABLE *iommu_table = arg;

	pt_iommu_table_free(&iommu_table->iommu, &iommu_table->common, table,
			    PT_TABLEMEM_LG2SZ);
}

/* log2 of the bytes of a top table at top_level */
static unsigned int pt_iommu_top_lg2sz(struct pt_common *common,
				       unsigned int top_level)
{
	struct pt_range range = { .common = common, .top_level = top_level };
	struct pt_state pts = { .range = &range, .level = top_level };

	return pt_table_mem_lg2sz(&pts);
}

/**
 * pt_iommu_deinit() - free every table
 * @table: the table, no longer used by the hardware
 *
 * Context: process; no other operation on the table may be running.
 */
static void pt_iommu_deinit(PT_IOMMU_TABLE *table)
{
	struct pt_range range = pt_top_range(&table->common);

	pt_free_lower_tables(&range, pt_iommu_free_cb, table);
	pt_iommu_table_free(&table->iommu, &table->common, range.top_table,
			    pt_iommu_top_lg2sz(&table->common,
					       range.top_level));
}

/**
 * pt_iommu_init() - make an empty table
 * @table: the table, embedded in the driver's domain; iommu.driver_ops and
 *	iommu.nid are set by the caller
 * @cfg: the table's configuration
 * @gfp: how to allocate the top table
 *
 * Also sets the domain's pgsize_bitmap and geometry.
 *
 * Context: as @gfp allows.
 * Return: 0; -EOPNOTSUPP for a feature the format does not have; -EINVAL
 * for sizes or a level the format cannot have, or PT_FEAT_DYNAMIC_TOP
 * without the driver_ops to grow the top; -ENOMEM.
 */
static int pt_iommu_init(PT_IOMMU_TABLE *table, const PT_IOMMU_CFG *cfg,
			 gfp_t gfp)
{
	struct pt_common *common = &table->common;
	struct iommu_domain *domain = &table->iommu.domain;
	struct pt_table_p *top;
	int top_level;

	if (cfg->features & ~PT_SUPPORTED_FEATURES)
		return -EOPNOTSUPP;
	if ((cfg->features & BIT(PT_FEAT_DYNAMIC_TOP)) &&
	    (!table->iommu.driver_ops ||
	     !table->iommu.driver_ops->change_top ||
	     !table->iommu.driver_ops->get_top_lock))
		return -EINVAL;
	if (cfg->starting_level > PT_MAX_TOP_LEVEL ||
	    cfg->max_vasz_lg2 > PT_MAX_VA_ADDRESS_LG2 ||
	    cfg->max_oasz_lg2 > PT_MAX_OUTPUT_ADDRESS_LG2)
		return -EINVAL;

	common->features = cfg->features;
	common->max_vasz_lg2 = cfg->max_vasz_lg2 ?: PT_MAX_VA_ADDRESS_LG2;
	common->max_oasz_lg2 = cfg->max_oasz_lg2 ?: PT_MAX_OUTPUT_ADDRESS_LG2;
	top_level = pt_fmt_top_level(common, cfg->starting_level);
	if (top_level < 0)
		return top_level;
	top = pt_iommu_table_alloc(&table->iommu, common,
				   pt_iommu_top_lg2sz(common, top_level), gfp);
	if (!top)
		return -ENOMEM;
	pt_top_set(common, top, top_level);
	if (!pt_feature(common, PT_FEAT_DYNAMIC_TOP))
		common->max_vasz_lg2 = pt_top_range(common).max_vasz_lg2;

	domain->pgsize_bitmap = pt_iommu_pgsize_bitmap(common);
	domain->geometry.aperture_start = 0;
	domain->geometry.aperture_end = log2_to_max_int(common->max_vasz_lg2);
	domain->geometry.force_aperture = true;
	return 0;
}

#ifndef PT_IOMMU_NO_EXPORT
/*
 * Each format exports the operations under its own names, declared in
 * linux/generic_pt/iommu.h; each static function above is inlined into its
 * one exported caller.
 */
int PT_IOMMU_NS(init)(PT_IOMMU_TABLE *table, const PT_IOMMU_CFG *cfg,
		      gfp_t gfp)
{
	return pt_iommu_init(table, cfg, gfp);
}
EXPORT_SYMBOL_NS_GPL(PT_IOMMU_NS(init), GENERIC_PT_IOMMU);

void PT_IOMMU_NS(deinit)(PT_IOMMU_TABLE *table)
{
	pt_iommu_deinit(table);
}
EXPORT_SYMBOL_NS_GPL(PT_IOMMU_NS(deinit), GENERIC_PT_IOMMU);

phys_addr_t PT_IOMMU_NS(iova_to_phys)(struct iommu_domain *domain,
				      dma_addr_t iova)
{
	return pt_iommu_iova_to_phys(domain, iova);
}
EXPORT_SYMBOL_NS_GPL(PT_IOMMU_NS(iova_to_phys), GENERIC_PT_IOMMU);

int PT_IOMMU_NS(map_pages)(struct iommu_domain *domain, unsigned long iova,
			   phys_addr_t paddr, size_t pgsize, size_t pgcount,
			   int prot, gfp_t gfp, size_t *mapped)
{
	return pt_iommu_map_pages(domain, iova, paddr, pgsize, pgcount, prot,
				  gfp, mapped);
}
EXPORT_SYMBOL_NS_GPL(PT_IOMMU_NS(map_pages), GENERIC_PT_IOMMU);

size_t PT_IOMMU_NS(unmap_pages)(struct iommu_domain *domain,
				unsigned long iova, size_t pgsize,
				size_t pgcount,
				struct iommu_iotlb_gather *gather)
{
	return pt_iommu_unmap_pages(domain, iova, pgsize, pgcount, gather);
}
EXPORT_SYMBOL_NS_GPL(PT_IOMMU_NS(unmap_pages), GENERIC_PT_IOMMU);

int PT_IOMMU_NS(read_and_clear_dirty)(struct iommu_domain *domain,
				      unsigned long iova, size_t size,
				      unsigned long flags,
				      struct iommu_dirty_bitmap *dirty)
{
	return pt_iommu_read_and_clear_dirty(domain, iova, size, flags, dirty);
}
EXPORT_SYMBOL_NS_GPL(PT_IOMMU_NS(read_and_clear_dirty), GENERIC_PT_IOMMU);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic page table IOMMU operations");
#endif
