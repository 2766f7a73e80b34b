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
 *   range becomes 2M pages even when the caller passed pgsize 4K. The
 *   layout depends only on the range, not on which tables exist: where the
 *   range covers the whole span of an item whose table holds nothing, the
 *   large page replaces the table (the walk caches are flushed and the
 *   table freed before map returns).
 * - map either maps the whole range or changes nothing: a first read-only
 *   pass of the same walk checks that nothing is mapped there and counts the
 *   tables the range needs; they are allocated before anything is written.
 *   Bad input (misalignment, a page size outside the domain's, a protection
 *   the format cannot express, a range past the table's IOVA or output
 *   size, or wrapping) fails before the walk.
 * - unmap never removes a translation outside the range it is given: a
 *   device may still be using it. It stops at the first IOVA that is not
 *   mapped and returns the bytes unmapped up to there. A large page the
 *   range covers only in part is cut: a contiguous run becomes its single
 *   items in place, a single-item page becomes a table of the level below
 *   (allocated with GFP_ATOMIC) whose items map the same addresses, so the
 *   part outside the range stays mapped; if that table cannot be allocated
 *   the unmap stops there, as at a hole. The range gathered for the IOTLB
 *   flush is exactly the range cleared.
 * - Every table an unmap leaves empty is freed, never before the IOTLB
 *   flush. One whose whole span the unmap covers goes on the gather's
 *   freelist at once, freed by the driver (iommu_put_pages_list()) after
 *   iotlb_sync: nothing else may be using that span. (A table smaller than
 *   the CPU page shares its page with others: its slot waits for the
 *   reclaim's flush unless its whole page goes, see pt_iommu_subpage.) One the unmap does not
 *   cover may be walked by other operations and reused a moment later (a
 *   DMA domain maps and unmaps the same IOVAs all the time): it is freed by
 *   a reclaim that runs PT_IOMMU_RECLAIM_DELAY later (or when the driver
 *   calls pt_iommu_<fmt>_reclaim()), if it is still empty then. The reclaim
 *   leaves a tombstone (PT_TOMBSTONE_ENTRY) in the item above, flushes the
 *   walk caches (pt_iommu_driver_ops::flush_walk) and waits for an RCU
 *   grace period before it frees the tables; a map into a tombstoned item
 *   flushes the walk caches again before it installs anything, for the
 *   tables freed meanwhile. Without flush_walk there is no reclaim: such
 *   tables stay, empty, until deinit or until a map replaces them.
 * - Concurrency: maps and unmaps of disjoint ranges, iova_to_phys and dirty
 *   read-back run concurrently without a lock. Every operation walks under
 *   rcu_read_lock(). Each table counts its used items (in its struct page,
 *   or for a slot table in its page's descriptor); a map adds what it is
 *   about to write to the count before writing, an unmap subtracts what it
 *   cleared, and the unmap that brings the count to zero marks the table
 *   dead with a cmpxchg, after which no map may write into it: a map that
 *   finds a table dead puts a new table in its place. New tables are
 *   installed with a release cmpxchg; the loser of a race for an item uses
 *   the winner's table. Only growing the top level and cutting pages into
 *   slots take locks.
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
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <linux/bug.h>
#include <linux/cacheflush.h>
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
 * own versions of these to count table memory, inject allocation failures,
 * emulate a non-coherent walker without a device and run code between the
 * two passes of a map; the instance drivers use has no hook: it cleans the
 * CPU cache for a walker that does not snoop with the DMA API, or with
 * clflush on x86.
 */
#ifndef PT_IOMMU_KUNIT_HOOKS
static inline bool pt_iommu_hook_alloc(void)
{
	return true;
}

static inline void pt_iommu_hook_table(struct pt_table_p *table, bool alive)
{
}

static inline void pt_iommu_hook_commit(struct pt_iommu *iommu)
{
}

#ifdef CONFIG_X86
/*
 * x86 has no DMA API cache maintenance: DMA is coherent there, and
 * dma_sync_single_for_device() cleans nothing. An IOMMU whose walker does
 * not snoop (VT-d without ECAP.C, or without ECAP.SMPWC in scalable mode)
 * is served the way the CPU serves such walkers, by clflush of what was
 * written. It needs no device and no mapping.
 */
static inline dma_addr_t pt_iommu_dma_map(struct device *dev, void *table,
					  size_t len)
{
	clflush_cache_range(table, len);
	return virt_to_phys(table);
}

static inline void pt_iommu_dma_unmap(struct device *dev, dma_addr_t dma,
				      size_t len)
{
}

static inline void pt_iommu_dma_sync(struct device *dev, void *table,
				     size_t offset, size_t len)
{
	clflush_cache_range(table + offset, len);
}
#else
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
#endif

/*
 * Table memory comes from the page allocator (iommu_alloc_pages_node(): on
 * the domain's node, counted in NR_IOMMU_PAGES), and the IOTLB gather passes
 * tables to free as a list of pages.
 *
 * Tables smaller than the CPU page (a 4K or 16K granule on a 64K page
 * kernel) are cut from pages of the domain's own, 2^PT_IOMMU_SLOTS_LG2 slots
 * to a page. A kmalloc'ed struct pt_iommu_subpage, which page->private
 * points to, keeps each slot's count of used items and three bitmaps of the
 * slots that are free, pending and flushing:
 *
 * - An unmap that unlinks a table marks its slot pending: the walker may
 *   hold it in its walk caches until the IOTLB flush. If that leaves the
 *   page with nothing but free slots and slots pending for this same
 *   operation, the whole page goes on the gather's freelist, to be freed
 *   after the flush like any other table page.
 * - Otherwise the slot waits for the reclaim: it marks every pending slot
 *   flushing, flushes the walk caches of the whole domain, waits for an RCU
 *   grace period and then frees the flushing slots (and the pages left with
 *   nothing else). Without pt_iommu_driver_ops::flush_walk there is no
 *   reclaim, and a pending slot stays until its page goes whole or the
 *   table is deinitialized.
 * - A table nothing could reach (deinit, a table allocated and never
 *   installed, the reclaim's own after its flush) frees its slot at once.
 *
 * Where the table is as large as the page, or larger (concatenated top
 * tables), none of this is compiled in: PT_IOMMU_SLOTS_LG2 is 0, and each
 * table is a page allocation of its own with its count in its struct page.
 */
#define PT_IOMMU_PAGE_TABLES_LG2 ((int)PAGE_SHIFT - (int)PT_TABLEMEM_LG2SZ)
#define PT_IOMMU_SLOTS_LG2                                     \
	(PT_IOMMU_PAGE_TABLES_LG2 > 0 &&                       \
			 PT_IOMMU_PAGE_TABLES_LG2 <=           \
				 (BITS_PER_LONG == 64 ? 6 : 5) \
		 ? PT_IOMMU_PAGE_TABLES_LG2                    \
		 : 0)
#define PT_IOMMU_SLOTS BIT(PT_IOMMU_SLOTS_LG2)
#define PT_IOMMU_SLOTS_ALL (~0UL >> (BITS_PER_LONG - PT_IOMMU_SLOTS))

/**
 * struct pt_iommu_subpage - a page cut into table slots
 * @avail_node: on pt_iommu::subpage_avail while @free is not 0
 * @pending_node: on pt_iommu::subpage_pending while @pending or @flushing is
 *	not 0
 * @page: the page
 * @pend_seq: the operation all @pending slots are pending for, 0 if several
 * @free: the slots holding no table
 * @pending: the slots of unlinked tables, until a flush of the walk caches
 * @flushing: the slots a reclaim frees after its flush and grace period
 * @used: the count of used items of the table in each slot
 */
struct pt_iommu_subpage {
	struct list_head avail_node;
	struct list_head pending_node;
	struct page *page;
	u64 pend_seq;
	unsigned long free;
	unsigned long pending;
	unsigned long flushing;
	atomic_t used[PT_IOMMU_SLOTS];
};

/* The page of a slot table, NULL for a table with a page of its own */
static __always_inline struct pt_iommu_subpage *
pt_iommu_subpage_of(struct pt_table_p *table)
{
	return (struct pt_iommu_subpage *)page_private(virt_to_page(table));
}

static __always_inline unsigned int pt_iommu_slot(struct pt_table_p *table)
{
	return ((uintptr_t)table & (PAGE_SIZE - 1)) >> PT_TABLEMEM_LG2SZ;
}

/*
 * The number of used (non-empty) items of a table lives in its struct page,
 * in the field page tables use for fragment counts, or for a slot table in
 * its page's struct pt_iommu_subpage. PT_TABLE_DEAD marks a table an unmap
 * left empty and is freeing: adding to it keeps it negative.
 */
#define PT_TABLE_DEAD (INT_MIN / 2)

static __always_inline atomic_t *pt_iommu_used(struct pt_table_p *table)
{
	if (PT_IOMMU_SLOTS_LG2) {
		struct pt_iommu_subpage *sp = pt_iommu_subpage_of(table);

		if (sp)
			return &sp->used[pt_iommu_slot(table)];
	}
	return &virt_to_ptdesc(table)->pt_frag_refcount;
}

/*
 * Before a map writes @num empty items of the cursor's table: count them.
 * Return: false if the table is dead; nothing may be written into it.
 */
static __always_inline bool pt_iommu_table_get(const struct pt_state *pts,
					       unsigned int num)
{
	return atomic_add_return(num, pt_iommu_used(pts->table)) > 0;
}

/* The allocation order of a table that has pages of its own */
static unsigned int pt_iommu_table_order(unsigned int lg2sz)
{
	return lg2sz > PAGE_SHIFT ? lg2sz - PAGE_SHIFT : 0;
}

/* Is a table of 2^lg2sz bytes cut from a shared page */
static __always_inline bool pt_iommu_is_slot(unsigned int lg2sz)
{
	return PT_IOMMU_SLOTS_LG2 && lg2sz == PT_TABLEMEM_LG2SZ;
}

static void pt_iommu_subpage_free_page(struct pt_iommu_subpage *sp)
{
	struct page *page = sp->page;

	set_page_private(page, 0);
	kfree(sp);
	iommu_free_page(page_address(page));
}

/* A zeroed slot, from a page with a free one or from a new page */
static struct pt_table_p *pt_iommu_subpage_alloc(struct pt_iommu *iommu,
						 gfp_t gfp)
{
	struct pt_iommu_subpage *sp;
	struct pt_table_p *table;
	unsigned long flags;
	unsigned int slot;
	void *mem;

	spin_lock_irqsave(&iommu->subpage_lock, flags);
	sp = list_first_entry_or_null(&iommu->subpage_avail,
				      struct pt_iommu_subpage, avail_node);
	if (sp) {
		slot = __ffs(sp->free);
		sp->free &= ~BIT(slot);
		if (!sp->free)
			list_del_init(&sp->avail_node);
		spin_unlock_irqrestore(&iommu->subpage_lock, flags);
		table = page_address(sp->page) + (slot << PT_TABLEMEM_LG2SZ);
		/* A table freed here may have left items behind */
		memset(table, 0, log2_to_int(PT_TABLEMEM_LG2SZ));
		return table;
	}
	spin_unlock_irqrestore(&iommu->subpage_lock, flags);

	sp = kzalloc_node(sizeof(*sp), gfp, iommu->nid);
	if (!sp)
		return NULL;
	mem = iommu_alloc_pages_node(iommu->nid, gfp, 0);
	if (!mem) {
		kfree(sp);
		return NULL;
	}
	sp->page = virt_to_page(mem);
	INIT_LIST_HEAD(&sp->pending_node);
	/* Slot 0 is this table; the others are free */
	sp->free = PT_IOMMU_SLOTS_ALL & ~1UL;
	set_page_private(sp->page, (unsigned long)sp);
	spin_lock_irqsave(&iommu->subpage_lock, flags);
	list_add(&sp->avail_node, &iommu->subpage_avail);
	spin_unlock_irqrestore(&iommu->subpage_lock, flags);
	return mem;
}

/* Free the slot of a table nothing can reach any more */
static void pt_iommu_subpage_free(struct pt_iommu *iommu,
				  struct pt_table_p *table)
{
	struct pt_iommu_subpage *sp = pt_iommu_subpage_of(table);
	unsigned long flags;

	spin_lock_irqsave(&iommu->subpage_lock, flags);
	if (!sp->free)
		list_add(&sp->avail_node, &iommu->subpage_avail);
	sp->free |= BIT(pt_iommu_slot(table));
	if (sp->free != PT_IOMMU_SLOTS_ALL) {
		spin_unlock_irqrestore(&iommu->subpage_lock, flags);
		return;
	}
	list_del(&sp->avail_node);
	spin_unlock_irqrestore(&iommu->subpage_lock, flags);
	pt_iommu_subpage_free_page(sp);
}

/*
 * An unmap, or operation @seq, unlinked the table: its slot is pending until
 * the IOTLB flush. Return: true if the whole page went on @freelist.
 */
static bool pt_iommu_subpage_gather(struct pt_iommu *iommu,
				    struct pt_table_p *table,
				    struct list_head *freelist, u64 seq)
{
	struct pt_iommu_subpage *sp = pt_iommu_subpage_of(table);
	unsigned long flags;

	spin_lock_irqsave(&iommu->subpage_lock, flags);
	if (!sp->pending)
		sp->pend_seq = seq;
	else if (sp->pend_seq != seq)
		sp->pend_seq = 0;
	sp->pending |= BIT(pt_iommu_slot(table));
	if ((sp->free | sp->pending) != PT_IOMMU_SLOTS_ALL || sp->flushing ||
	    sp->pend_seq != seq) {
		/* A table is left in it, or another operation's slot */
		if (list_empty(&sp->pending_node))
			list_add_tail(&sp->pending_node,
				      &iommu->subpage_pending);
		spin_unlock_irqrestore(&iommu->subpage_lock, flags);
		return false;
	}
	if (sp->free)
		list_del(&sp->avail_node);
	if (!list_empty(&sp->pending_node))
		list_del(&sp->pending_node);
	spin_unlock_irqrestore(&iommu->subpage_lock, flags);
	set_page_private(sp->page, 0);
	list_add_tail(&sp->page->lru, freelist);
	kfree(sp);
	return true;
}

/*
 * The reclaim is about to flush the walk caches of the whole domain: the
 * slots pending now may be reused after that and a grace period.
 * Return: true if there are such slots, and the caller must call
 * pt_iommu_subpage_flushed() after the flush and the grace period.
 */
static bool pt_iommu_subpage_flush_begin(struct pt_iommu *iommu)
{
	struct pt_iommu_subpage *sp;
	unsigned long flags;
	bool any = false;

	if (!PT_IOMMU_SLOTS_LG2 || list_empty(&iommu->subpage_pending))
		return false;
	/* A reclaim in flight recycles these too, or reschedules */
	if (test_and_set_bit(1, &iommu->reclaim_pending))
		return false;
	spin_lock_irqsave(&iommu->subpage_lock, flags);
	list_for_each_entry(sp, &iommu->subpage_pending, pending_node) {
		sp->flushing |= sp->pending;
		sp->pending = 0;
		any = true;
	}
	spin_unlock_irqrestore(&iommu->subpage_lock, flags);
	if (!any)
		clear_bit(1, &iommu->reclaim_pending);
	return any;
}

static void pt_iommu_note_empty(struct pt_iommu *iommu);

/* After the flush and the grace period: free the flushing slots */
static void pt_iommu_subpage_flushed(struct pt_iommu *iommu)
{
	struct pt_iommu_subpage *sp, *next;
	unsigned long flags;
	LIST_HEAD(pages);
	bool more;

	spin_lock_irqsave(&iommu->subpage_lock, flags);
	list_for_each_entry_safe(sp, next, &iommu->subpage_pending,
				 pending_node) {
		if (!sp->flushing)
			continue;
		if (!sp->free)
			list_add(&sp->avail_node, &iommu->subpage_avail);
		sp->free |= sp->flushing;
		sp->flushing = 0;
		if (sp->pending)
			continue;
		list_del_init(&sp->pending_node);
		if (sp->free == PT_IOMMU_SLOTS_ALL) {
			list_del(&sp->avail_node);
			list_add(&sp->avail_node, &pages);
		}
	}
	more = !list_empty(&iommu->subpage_pending);
	spin_unlock_irqrestore(&iommu->subpage_lock, flags);
	clear_bit(1, &iommu->reclaim_pending);
	list_for_each_entry_safe(sp, next, &pages, avail_node)
		pt_iommu_subpage_free_page(sp);
	/* Slots that went pending meanwhile wait for the next reclaim */
	if (more)
		pt_iommu_note_empty(iommu);
}

/* Deinit: every table is freed; free the pages of slots still pending */
static void pt_iommu_subpage_destroy(struct pt_iommu *iommu)
{
	struct pt_iommu_subpage *sp, *next;

	if (!PT_IOMMU_SLOTS_LG2)
		return;
	list_for_each_entry_safe(sp, next, &iommu->subpage_pending,
				 pending_node) {
		if (sp->free)
			list_del(&sp->avail_node);
		list_del(&sp->pending_node);
		pt_iommu_subpage_free_page(sp);
	}
	/* A page with a free slot only is freed when its last table is */
	WARN_ON(!list_empty(&iommu->subpage_avail));
}

static void *pt_iommu_mem_alloc(struct pt_iommu *iommu, unsigned int lg2sz,
				gfp_t gfp)
{
	if (pt_iommu_is_slot(lg2sz))
		return pt_iommu_subpage_alloc(iommu, gfp);
	return iommu_alloc_pages_node(iommu->nid, gfp,
				      pt_iommu_table_order(lg2sz));
}

static void pt_iommu_mem_free(struct pt_iommu *iommu, struct pt_table_p *table,
			      unsigned int lg2sz)
{
	if (pt_iommu_is_slot(lg2sz))
		pt_iommu_subpage_free(iommu, table);
	else
		iommu_free_pages(table, pt_iommu_table_order(lg2sz));
}

static struct pt_table_p *pt_iommu_table_alloc(struct pt_iommu *iommu,
					       struct pt_common *common,
					       unsigned int lg2sz, gfp_t gfp)
{
	struct pt_table_p *table;
	dma_addr_t dma;

	if (!pt_iommu_hook_alloc())
		return NULL;
	table = pt_iommu_mem_alloc(iommu, lg2sz, gfp);
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
			pt_iommu_mem_free(iommu, table, lg2sz);
			return NULL;
		}
	}
	atomic_set(pt_iommu_used(table), 0);
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
	pt_iommu_mem_free(iommu, table, lg2sz);
}

/*
 * Queue a table the walker can no longer reach for freeing after the IOTLB
 * flush, by iommu_put_pages_list(). *@seq numbers the operation for
 * pt_iommu_subpage_gather(): 0 until its first slot table, then a number no
 * other operation of the table has.
 */
static void pt_iommu_table_gather(struct pt_iommu *iommu,
				  struct pt_common *common,
				  struct list_head *freelist,
				  struct pt_table_p *table, u64 *seq)
{
	unsigned int order = pt_iommu_table_order(PT_TABLEMEM_LG2SZ);
	struct page *page = virt_to_page(table);
	unsigned int i;

	pt_iommu_table_release(iommu, common, table, PT_TABLEMEM_LG2SZ);
	if (pt_iommu_is_slot(PT_TABLEMEM_LG2SZ)) {
		if (!*seq)
			*seq = atomic64_inc_return(&iommu->subpage_seq);
		if (!pt_iommu_subpage_gather(iommu, table, freelist, *seq))
			pt_iommu_note_empty(iommu);
		return;
	}
	/* iommu_put_pages_list() frees order 0 pages: give it those */
	if (order)
		split_page(page, order);
	for (i = 0; i != 1U << order; i++)
		list_add_tail(&page[i].lru, freelist);
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
	w->end = max(w->end, first + num);
}

/*
 * How long after an unmap leaves a table it does not cover empty the
 * reclaim looks for empty tables: long enough that a domain mapping and
 * unmapping the same IOVAs reuses its tables, short enough that memory
 * comes back soon.
 */
#define PT_IOMMU_RECLAIM_DELAY HZ

/* Does the driver flush walk caches: may tables be freed under walkers */
static bool pt_iommu_can_flush(struct pt_iommu *iommu)
{
	return iommu->driver_ops && iommu->driver_ops->flush_walk;
}

/* A table is empty, and the unmap did not cover it: reclaim it later */
static noinline void pt_iommu_note_empty(struct pt_iommu *iommu)
{
	if (!pt_iommu_can_flush(iommu) || test_bit(0, &iommu->reclaim_pending) ||
	    test_and_set_bit(0, &iommu->reclaim_pending))
		return;
	queue_delayed_work(system_unbound_wq, &iommu->reclaim_work,
			   PT_IOMMU_RECLAIM_DELAY);
}

/* Flush the IOTLB and walk caches for the 2^lg2sz span holding @va */
static void pt_iommu_flush_walk(struct pt_iommu *iommu, pt_vaddr_t va,
				unsigned int lg2sz)
{
	if (pt_iommu_can_flush(iommu))
		iommu->driver_ops->flush_walk(iommu,
					      log2_set_mod(va, 0, lg2sz),
					      log2_to_int(lg2sz));
}

/* Move the cursor over @num items from its own, the last of them a run of 2^num_lg2 */
static __always_inline void pt_iommu_advance(struct pt_state *pts,
					     unsigned int num,
					     unsigned int num_lg2)
{
	unsigned int span_lg2 = pt_table_item_lg2sz(pts) + num_lg2;

	if (num > 1U << num_lg2) {
		pts->index += num - (1U << num_lg2);
		pts->range->va += log2_mul(num - (1U << num_lg2),
					   pt_table_item_lg2sz(pts));
	}
	pts->index = log2_set_mod(pts->index, 0, num_lg2) + (1U << num_lg2);
	if (pts->index < pts->end_index)
		pts->range->va = log2_set_mod(pts->range->va, 0, span_lg2) +
				 log2_to_int(span_lg2);
}

/*
 * Make a non-coherent walker see the table pointer at the cursor, which a
 * racing map may have installed and not yet synced: a map must not return
 * before the walker can reach its page.
 */
static __always_inline void pt_iommu_sync_pointer(struct pt_iommu *iommu,
						  const struct pt_state *pts)
{
	if (pts_feature(pts, PT_FEAT_DMA_INCOHERENT))
		pt_iommu_sync(iommu, pts->range->common, pts->table,
			      pts->index, pts->index + 1);
}

/* iova_to_phys */

/*
 * The single page paths walk down in a loop, the level a variable: as fast
 * as a walk inlined for every level, in a fraction of the code.
 */
static int __iova_to_phys(struct pt_range *range, pt_oaddr_t *res)
{
	struct pt_state pts = pt_init_one(range, range->top_level,
					  range->top_table);

	while (pt_load_single_entry(&pts) == PT_ENTRY_TABLE)
		pt_step_down(&pts);
	if (pts.type != PT_ENTRY_OA)
		return -ENOENT;
	*res = pt_entry_oa(&pts) +
	       log2_mod(range->va, pt_table_item_lg2sz(&pts) +
					   pt_entry_num_contig_lg2(&pts));
	return 0;
}

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
	pt_oaddr_t res = 0;

	rcu_read_lock();
	if (pt_make_range(pt_common_from_domain(domain), &range, iova, iova) ||
	    __iova_to_phys(&range, &res))
		res = 0;
	rcu_read_unlock();
	return res;
}

/* reclaim */

struct pt_iommu_reclaim_args {
	struct pt_iommu *iommu;
	struct list_head freelist;
	unsigned long freed;
	/* The operation's number, for pt_iommu_table_gather() */
	u64 seq;
	/* Only tables below this level go */
	unsigned int below_level;
	/* A level found its table empty and killed it, for the level above */
	bool child_dead;
};

static __always_inline int __do_reclaim(struct pt_range *range, void *arg,
					unsigned int level,
					struct pt_table_p *table,
					pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct pt_iommu_reclaim_args *rc = arg;
	struct pt_iommu_written w = {};
	unsigned int cleared = 0;

	for_each_pt_level_entry(&pts) {
		if (pts.type != PT_ENTRY_TABLE)
			continue;
		pt_descend(&pts, arg, descend_fn);
		if (!rc->child_dead)
			continue;
		rc->child_dead = false;
		/* A map that found it dead may have taken the item over */
		if (pt_table_word_cmpxchg(pts.table, pts.index, pts.entry,
					  PT_TOMBSTONE_ENTRY)) {
			pt_iommu_wrote(&w, pts.index, 1);
			cleared++;
		}
		pt_iommu_table_gather(rc->iommu, range->common, &rc->freelist,
				      pts.table_lower, &rc->seq);
		rc->freed++;
	}
	pt_iommu_sync(rc->iommu, range->common, table, w.first, w.end);
	/* Empty now, or before: kill it, unless a map counts items meanwhile */
	if (!atomic_sub_return(cleared, pt_iommu_used(table)) &&
	    level != range->top_level && level < rc->below_level &&
	    !atomic_cmpxchg(pt_iommu_used(table), 0, PT_TABLE_DEAD))
		rc->child_dead = true;
	return 0;
}

PT_MAKE_RECURSIVE_LEVELS(__reclaim, __do_reclaim);

/* Any page below the item at the cursor, which points to a table */
static __always_inline int __do_find_leaf(struct pt_range *range, void *arg,
					  unsigned int level,
					  struct pt_table_p *table,
					  pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	int ret;

	for_each_pt_level_entry(&pts) {
		if (pts.type == PT_ENTRY_OA)
			return -EADDRINUSE;
		if (pts.type == PT_ENTRY_TABLE) {
			ret = pt_descend(&pts, arg, descend_fn);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static noinline __cold int pt_iommu_find_leaf(struct pt_range *range, void *arg,
					      unsigned int level,
					      struct pt_table_p *table)
{
	return __do_find_leaf(range, arg, level, table, pt_iommu_find_leaf);
}

/* The range of the item at the cursor */
static struct pt_range pt_iommu_item_range(const struct pt_state *pts)
{
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);
	struct pt_range range = *pts->range;

	range.va = log2_set_mod(pts->range->va, 0, isz_lg2);
	range.last_va = log2_set_mod_max(pts->range->va, isz_lg2);
	return range;
}

/* Does the table the item at the cursor points to hold no page at all */
static noinline __cold bool pt_iommu_holds_nothing(const struct pt_state *pts)
{
	struct pt_range range = pt_iommu_item_range(pts);

	return !pt_iommu_find_leaf(&range, NULL, pts->level - 1,
				   pts->table_lower);
}

/**
 * pt_iommu_reclaim() - free the tables that hold nothing
 * @iommu: the table
 *
 * Unmap frees a table it leaves empty at once only where it covers the
 * table's whole span; others are freed here, PT_IOMMU_RECLAIM_DELAY after
 * an unmap left one empty, if nothing was mapped into them meanwhile. Each
 * is replaced by a tombstone, then the walk caches are flushed (all of the
 * domain: pt_iommu_driver_ops::flush_walk with a length of 0) and an RCU
 * grace period passes before the tables are freed. Maps, unmaps and walks
 * of the table may run meanwhile.
 *
 * Context: process, might sleep.
 * Return: the number of tables freed.
 */
static __cold unsigned long pt_iommu_reclaim(struct pt_iommu *iommu)
{
	struct pt_iommu_reclaim_args rc = { .iommu = iommu };
	struct pt_range range;
	unsigned long flags;
	bool slots;

	if (!pt_iommu_can_flush(iommu))
		return 0;
	INIT_LIST_HEAD(&rc.freelist);
	rc.below_level = PT_MAX_LEVELS;
	/* An unmap that empties a table from now on schedules another */
	clear_bit(0, &iommu->reclaim_pending);
	/* Order the clear before the walk reads the tables' counts */
	smp_mb__after_atomic();
	spin_lock_irqsave(&iommu->reclaim_lock, flags);
	rcu_read_lock();
	range = pt_top_range(pt_common_from_iommu(iommu));
	__reclaim(&range, &rc);
	rcu_read_unlock();
	spin_unlock_irqrestore(&iommu->reclaim_lock, flags);
	slots = pt_iommu_subpage_flush_begin(iommu);
	if (!rc.freed && !slots)
		return 0;
	iommu->driver_ops->flush_walk(iommu, 0, 0);
	synchronize_rcu();
	iommu_put_pages_list(&rc.freelist);
	if (slots)
		pt_iommu_subpage_flushed(iommu);
	return rc.freed;
}

static void pt_iommu_reclaim_work(struct work_struct *work)
{
	pt_iommu_reclaim(container_of(to_delayed_work(work), struct pt_iommu,
				      reclaim_work));
}

/* map */

struct pt_iommu_map_args {
	struct pt_iommu *iommu;
	struct pt_write_attrs attrs;
	u64 pgsize_bitmap;
	pt_oaddr_t oa;
	/* The second pass, which writes; the first only checks and counts */
	bool commit;
	/* Tables allocated before the commit pass, linked by their first word */
	struct pt_table_p *prealloc;
	unsigned int num_tables;
	/* The check pass found a run of small pages ended by a busy item */
	bool run_busy;
	/* The driver flushes walk caches: empty tables may be replaced */
	bool can_flush;
	/* The run pt_iommu_run_state() looked at holds a tombstone */
	bool run_tomb;
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
 * How many items from @first on, up to @num, are zero. Zero is every
 * format's empty entry: the all-empty common case tests the OR of eight
 * items (a cache line of 64 bit items) at a time.
 */
static noinline unsigned int
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
 * Sets *@tomb if an empty one is not zero.
 */
static __always_inline int pt_iommu_run_state(struct pt_state *pts,
					      unsigned int num_lg2, bool *tomb)
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
			if (item.entry)
				*tomb = true;
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
 * An empty item takes the largest page that fits. An item that points to a
 * table takes a page only when the range covers its whole span with a page
 * of the item's size and the table holds nothing (a driver that can flush
 * the walk caches): that page replaces the table.
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
	if (pts->type == PT_ENTRY_TABLE) {
		if (map->can_flush &&
		    pt_compute_best_pgsize(sizes & log2_to_max_int(isz_lg2 + 1),
					   pts->range->va, pts->range->last_va,
					   map->oa) == isz_lg2 &&
		    sizes & log2_to_int(isz_lg2) &&
		    pt_item_fully_covered(pts) &&
		    (atomic_read(pt_iommu_used(pts->table_lower)) <= 0 ||
		     pt_iommu_holds_nothing(pts)))
			*pgsz_lg2 = isz_lg2;
		return 0;
	}
	*pgsz_lg2 = pt_compute_best_pgsize(sizes, pts->range->va,
					   pts->range->last_va, map->oa);
	if (*pgsz_lg2 <= isz_lg2 || !pts->table)
		return 0;
	map->run_tomb = false;
	ret = pt_iommu_run_state(pts, *pgsz_lg2 - isz_lg2, &map->run_tomb);
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
 * size, every empty item the range fully covers from the cursor's on takes
 * a page of that size. Return: how many items, at least the cursor's.
 */
static __always_inline unsigned int
pt_iommu_map_run_len(const struct pt_state *pts, struct pt_iommu_map_args *map)
{
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);
	pt_vaddr_t left = pts->range->last_va - pts->range->va;
	unsigned int num, empty;
	pt_vaddr_t covered;

	if ((pt_possible_sizes(pts) & map->pgsize_bitmap) !=
	    log2_to_int(isz_lg2))
		return 1;
	/* Items the range covers whole: range->va is aligned to the item */
	covered = log2_div(left, isz_lg2) +
		  (log2_mod(left, isz_lg2) == log2_to_max_int(isz_lg2));
	num = min_t(pt_vaddr_t, covered, pts->end_index - pts->index);
	if (num <= 1)
		return 1;
	/*
	 * The check pass scans the items; unless it found one busy, every
	 * run the commit pass meets is the same and all zero. An item that
	 * is not zero (a tombstone too) ends the run and goes to the general
	 * path, which decodes it.
	 */
	if (pts->table && (!map->commit || map->run_busy)) {
		empty = pt_iommu_empty_items(pts, pts->index, num);
		if (empty != num) {
			num = empty;
			map->run_busy = true;
		}
	}
	return max(num, 1U);
}

/*
 * The item at the cursor points to a table an unmap killed: take the item
 * over (its used count is then this map's) so the unmap does not unlink it.
 * Return: 0 with the cursor at a tombstone counted for this map, 1 if a
 * racing map already put a new table there (the cursor's entry), -ESTALE if
 * the cursor's table is dead too, -EADDRINUSE if a page is there.
 */
static noinline int pt_iommu_claim_item(struct pt_state *pts)
{
	if (pt_table_word_cmpxchg(pts->table, pts->index, pts->entry,
				  PT_TOMBSTONE_ENTRY)) {
		pts->entry = PT_TOMBSTONE_ENTRY;
		pts->type = PT_ENTRY_EMPTY;
		return 0;
	}
	/* The unmap unlinked it first, and uncounted it */
	switch (pt_load_single_entry(pts)) {
	case PT_ENTRY_EMPTY:
		return pt_iommu_table_get(pts, 1) ? 0 : -ESTALE;
	case PT_ENTRY_TABLE:
		return 1;
	default:
		return -EADDRINUSE;
	}
}

/*
 * Before writing items over a tombstone: the walk caches may still hold the
 * table an unmap freed there; flush them first, so that neither this map nor
 * one that uses what it installs returns before the IOMMU can see it.
 */
static void pt_iommu_flush_over(struct pt_iommu *iommu, struct pt_state *pts,
				unsigned int num_lg2)
{
	pt_iommu_flush_walk(iommu, pts->range->va,
			    pt_table_item_lg2sz(pts) + num_lg2);
}

/*
 * Point the empty item at the cursor to a new table (preallocated, or one
 * allocated now if an unmap freed the table the check pass saw). @claimed:
 * the item's count is this map's already. The new table starts with a
 * count of one, the installer's reservation, so that a reclaim does not
 * take it before the installer has walked in: pt_iommu_unreserve() drops
 * it. Return: 0 with the cursor at this map's new table, reserved; 1 with
 * the cursor at a table a racing map installed; else an errno (-ESTALE:
 * the cursor's table is dead).
 */
static noinline int pt_iommu_install_new(struct pt_state *pts,
					 struct pt_iommu_map_args *map,
					 bool claimed,
					 struct pt_iommu_written *w)
{
	struct pt_common *common = pts->range->common;
	struct pt_table_p *new;

	if (map->prealloc)
		new = pt_iommu_prealloc_take(map);
	else
		new = pt_iommu_table_alloc(map->iommu, common,
					   PT_TABLEMEM_LG2SZ,
					   GFP_ATOMIC | __GFP_NOWARN);
	if (!new)
		return -ENOMEM;
	for (;;) {
		if (!claimed && !pt_iommu_table_get(pts, 1)) {
			pt_iommu_prealloc_put(map, new);
			return -ESTALE;
		}
		claimed = false;
		if (pts->entry)
			pt_iommu_flush_over(map->iommu, pts, 0);
		atomic_set(pt_iommu_used(new), 1);
		if (pt_install_table(pts, virt_to_phys(new), &map->attrs)) {
			pt_iommu_wrote(w, pts->index, 1);
			pt_load_single_entry(pts);
			return 0;
		}
		/* A racing map installed its own, and counted it */
		atomic_dec(pt_iommu_used(pts->table));
		switch (pt_load_single_entry(pts)) {
		case PT_ENTRY_TABLE:
			pt_iommu_prealloc_put(map, new);
			pt_iommu_sync_pointer(map->iommu, pts);
			return 1;
		case PT_ENTRY_EMPTY:
			/* And it is gone already: try again */
			continue;
		default:
			pt_iommu_prealloc_put(map, new);
			return -EADDRINUSE;
		}
	}
}

/* The installer of a new table has walked in: drop its reservation */
static void pt_iommu_unreserve(struct pt_iommu *iommu,
			       struct pt_table_p *table)
{
	if (!atomic_sub_return(1, pt_iommu_used(table)))
		pt_iommu_note_empty(iommu);
}

/*
 * The range covers the item's whole span with a page of its size and the
 * table under it holds no page: put the page there instead. The empty
 * tables below go as a reclaim of the item's span takes them, then the walk
 * caches are flushed and the tables freed.
 */
static noinline __cold int pt_iommu_replace_table(struct pt_state *pts,
						  struct pt_iommu_map_args *map,
						  struct pt_iommu_written *w)
{
	struct pt_iommu_reclaim_args rc = {
		.iommu = map->iommu,
		.below_level = pts->level,
	};
	struct pt_range range = pt_iommu_item_range(pts);
	unsigned long flags;
	int ret = 0;

	INIT_LIST_HEAD(&rc.freelist);
	/* Count the page first, so that the table never looks empty */
	if (!pt_iommu_table_get(pts, 1))
		return -ESTALE;
	spin_lock_irqsave(&map->iommu->reclaim_lock, flags);
	__reclaim_recursive(&range, &rc, pts->level, pts->table);
	spin_unlock_irqrestore(&map->iommu->reclaim_lock, flags);
	if (pt_load_single_entry(pts) != PT_ENTRY_EMPTY) {
		/* A table an unmap or a reclaim killed: take the item over */
		if (pts->type == PT_ENTRY_TABLE &&
		    atomic_read(pt_iommu_used(pts->table_lower)) < 0)
			ret = pt_iommu_claim_item(pts);
		else
			ret = -EADDRINUSE;
		atomic_dec(pt_iommu_used(pts->table));
		if (ret) {
			iommu_put_pages_list(&rc.freelist);
			return ret == 1 ? -EADDRINUSE : ret;
		}
	}
	/*
	 * Break before make: the walk caches may hold the table, which is
	 * gone from the item; flush them before the page goes in, as the ARM
	 * architecture requires when a table becomes a block
	 */
	pt_iommu_flush_over(map->iommu, pts, 0);
	pt_install_leaf_entry(pts, map->oa, pt_table_item_lg2sz(pts),
			      &map->attrs);
	pt_iommu_wrote(w, pts->index, 1);
	pt_iommu_sync(map->iommu, pts->range->common, pts->table, pts->index,
		      pts->index + 1);
	iommu_put_pages_list(&rc.freelist);
	return 0;
}

/*
 * Write @pages leaves of 2^pgsz_lg2 over @items items from the cursor's,
 * which the check pass found empty, counting them first.
 */
static __always_inline int pt_iommu_map_leaves(struct pt_state *pts,
					       struct pt_iommu_map_args *map,
					       unsigned int pages,
					       unsigned int pgsz_lg2,
					       unsigned int items,
					       struct pt_iommu_written *w)
{
	unsigned int num_lg2 = pgsz_lg2 - pt_table_item_lg2sz(pts);

	if (!pt_iommu_table_get(pts, items))
		return -ESTALE;
	/* A tombstone among them: the walk caches may hold a freed table */
	if (unlikely(pts->entry || (num_lg2 && map->run_tomb)))
		pt_iommu_flush_over(map->iommu, pts, num_lg2);
	pt_iommu_install_leaves(pts, pts->index, pages, map->oa, pgsz_lg2,
				&map->attrs);
	pt_iommu_wrote(w, pts->index, items);
	return 0;
}

/*
 * One level of map. With commit false it is the read-only first pass: a
 * NULL table stands for one the commit pass will allocate (all empty), and
 * it counts those tables. With commit true it writes. The commit can fail
 * only where an unmap of another range freed a table the check pass saw and
 * no table can be allocated to replace it (-ENOMEM), or where a racing map
 * of an overlapping range wrote first (-EADDRINUSE); -ESTALE tells the level
 * above that this table is dead.
 */
static __always_inline int __do_map(struct pt_range *range, void *arg,
				    unsigned int level,
				    struct pt_table_p *table,
				    pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct pt_iommu_map_args *map = arg;
	const bool commit = map->commit;
	struct pt_iommu_written w = {};
	int ret = 0;

	while (pts.index < pts.end_index) {
		unsigned int pgsz_lg2, num_lg2, items;
		bool reserved = false;

		if (table) {
			pt_load_single_entry(&pts);
			/* A table an unmap is freeing: the commit replaces it */
			if (!commit && pts.type == PT_ENTRY_TABLE &&
			    atomic_read(pt_iommu_used(pts.table_lower)) < 0)
				pts.type = PT_ENTRY_EMPTY;
		} else {
			pts.type = PT_ENTRY_EMPTY;
			pts.entry = 0;
		}

		ret = pt_iommu_map_pgsize(&pts, map, &pgsz_lg2);
		if (ret)
			break;
		if (pgsz_lg2) {
			num_lg2 = pgsz_lg2 - pt_table_item_lg2sz(&pts);
			if (pts.type == PT_ENTRY_TABLE) {
				/* An empty table gives way to the page */
				items = 1;
				if (commit)
					ret = pt_iommu_replace_table(&pts, map,
								     &w);
			} else if (num_lg2) {
				items = 1U << num_lg2;
				if (commit)
					ret = pt_iommu_map_leaves(&pts, map, 1,
								  pgsz_lg2,
								  items, &w);
			} else {
				items = pt_iommu_map_run_len(&pts, map);
				if (commit)
					ret = pt_iommu_map_leaves(&pts, map,
								  items,
								  pgsz_lg2,
								  items, &w);
			}
			if (ret)
				break;
			map->oa += log2_mul(items >> num_lg2, pgsz_lg2);
			pt_iommu_advance(&pts, items, num_lg2);
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
				/* -ESTALE: this table is dead, for the level above */
				ret = pt_iommu_install_new(&pts, map, false,
							   &w);
				if (ret < 0)
					break;
				reserved = !ret;
			}
		} else if (commit) {
			pt_iommu_sync_pointer(map->iommu, &pts);
		}
		ret = pt_descend(&pts, arg, descend_fn);
		if (reserved)
			pt_iommu_unreserve(map->iommu, pts.table_lower);
		/*
		 * An unmap of another range freed the table under the item:
		 * put a new one there. -ESTALE from the claim means this
		 * table is dead too, for the level above.
		 */
		while (commit && ret == -ESTALE) {
			ret = pt_iommu_claim_item(&pts);
			if (!ret) {
				ret = pt_iommu_install_new(&pts, map, true, &w);
				reserved = !ret;
			} else if (ret == 1) {
				pt_iommu_sync_pointer(map->iommu, &pts);
				reserved = false;
			}
			if (ret < 0)
				goto out;
			ret = pt_descend(&pts, arg, descend_fn);
			if (reserved)
				pt_iommu_unreserve(map->iommu,
						   pts.table_lower);
		}
		if (ret)
			break;
		pt_next_entry(&pts);
	}
out:
	if (commit)
		pt_iommu_sync(map->iommu, range->common, table, w.first,
			      w.end);
	return ret;
}

PT_MAKE_RECURSIVE_LEVELS(__map, __do_map);

/*
 * Grow the top until it spans last_va: each new top's first item points to
 * the one below. Serialized by the driver's lock. The hardware is pointed
 * at the new top before any other thread can see it: a map that used the
 * new top could otherwise return while the IOMMU still walks the old one.
 */
static __cold int pt_iommu_grow_top(struct pt_iommu *iommu,
				    struct pt_common *common,
				    pt_vaddr_t last_va, gfp_t gfp)
{
	const struct pt_iommu_driver_ops *ops = iommu->driver_ops;
	struct pt_table_p *new_tables[PT_MAX_LEVELS] = {};
	struct pt_range top = pt_top_range(common);
	struct pt_table_p *new_top = NULL;
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
	for (i = 0; top.last_va < last_va; i++) {
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
		atomic_set(pt_iommu_used(new_tables[i]), 1);
		pt_iommu_sync(iommu, common, new_tables[i], 0, 1);
		new_top = new_tables[i];
		new_tables[i] = NULL;
		/* The next level up points to this one; nobody sees it yet */
		top = _pt_top_range(common, (uintptr_t)new_top |
						    (top.top_level + 1));
	}
	if (new_top) {
		ops->change_top(iommu, virt_to_phys(new_top), top.top_level);
		pt_top_set(common, new_top, top.top_level);
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
 * One level of pt_iommu_walk_one() with @level a constant: load the item
 * translating range->va and go down if it points to a table of pages
 * smaller than 2^@pgsz_lg2. Return: true if it went down.
 */
static __always_inline bool pt_iommu_step_one(struct pt_iommu *iommu,
					      struct pt_state *pts,
					      unsigned int level,
					      unsigned int pgsz_lg2, bool map)
{
	pts->level = level;
	pts->index = pt_va_to_index(pts, pts->range->va);
	pts->end_index = pts->index + 1;
	if (pt_load_single_entry(pts) != PT_ENTRY_TABLE || !level ||
	    pt_table_item_lg2sz(pts) <= pgsz_lg2)
		return false;
	if (map)
		pt_iommu_sync_pointer(iommu, pts);
	pts->table = pts->table_lower;
	return true;
}

/*
 * The walk of the single page paths: down to the item of the level that
 * holds pages of 2^@pgsz_lg2, or to the first that is not a table above
 * it, with every level's arithmetic a constant. Only the levels are
 * unrolled; what the caller does at the item is compiled once.
 */
static __always_inline void pt_iommu_walk_one(struct pt_iommu *iommu,
					      struct pt_state *pts,
					      unsigned int pgsz_lg2, bool map)
{
	static_assert(PT_MAX_LEVELS == 6);
	switch (pts->range->top_level) {
	case 5:
		if (PT_MAX_TOP_LEVEL < 5 ||
		    !pt_iommu_step_one(iommu, pts, 5, pgsz_lg2, map))
			return;
		fallthrough;
	case 4:
		if (PT_MAX_TOP_LEVEL < 4 ||
		    !pt_iommu_step_one(iommu, pts, 4, pgsz_lg2, map))
			return;
		fallthrough;
	case 3:
		if (PT_MAX_TOP_LEVEL < 3 ||
		    !pt_iommu_step_one(iommu, pts, 3, pgsz_lg2, map))
			return;
		fallthrough;
	case 2:
		if (PT_MAX_TOP_LEVEL < 2 ||
		    !pt_iommu_step_one(iommu, pts, 2, pgsz_lg2, map))
			return;
		fallthrough;
	case 1:
		if (PT_MAX_TOP_LEVEL < 1 ||
		    !pt_iommu_step_one(iommu, pts, 1, pgsz_lg2, map))
			return;
		fallthrough;
	default:
		pt_iommu_step_one(iommu, pts, 0, pgsz_lg2, map);
	}
}

/*
 * A run of pages of a size some level holds in a single item, under tables
 * that exist, all in one table and all empty, in one walk. Anything else
 * returns -EAGAIN and takes the general path, which finds the precise errno.
 */
static noinline int pt_iommu_map_run(struct pt_range *range,
				     struct pt_iommu *iommu,
				     const struct pt_write_attrs *attrs,
				     pt_oaddr_t oa, unsigned int pgsz_lg2)
{
	struct pt_state pts = pt_init_one(range, range->top_level,
					  range->top_table);
	pt_vaddr_t num = log2_div(range->last_va - range->va, pgsz_lg2) + 1;

	/* A loop: the walk is a small part of a run's time */
	while (pt_load_single_entry(&pts) == PT_ENTRY_TABLE) {
		if (pt_table_item_lg2sz(&pts) <= pgsz_lg2)
			return -EAGAIN;
		pt_iommu_sync_pointer(iommu, &pts);
		pt_step_down(&pts);
	}
	/* A tombstone takes the general path, which flushes */
	if (pts.type != PT_ENTRY_EMPTY || pts.entry ||
	    pt_table_item_lg2sz(&pts) != pgsz_lg2 ||
	    !(pt_possible_sizes(&pts) & log2_to_int(pgsz_lg2)))
		return -EAGAIN;
	/* All in this table, all empty (zero) */
	if (log2_to_int(pt_num_items_lg2(&pts)) - pts.index < num ||
	    pt_iommu_empty_items(&pts, pts.index + 1, num - 1) != num - 1)
		return -EAGAIN;
	/* Count them; a table an unmap is freeing takes none */
	if (!pt_iommu_table_get(&pts, num))
		return -EAGAIN;
	pt_iommu_install_leaves(&pts, pts.index, num, oa, pgsz_lg2, attrs);
	pt_iommu_sync(iommu, range->common, pts.table, pts.index,
		      pts.index + num);
	return 0;
}

/*
 * One page, the most common map of all (iommu-dma maps a page at a time),
 * into an empty item under tables that exist: its own checks and walk, with
 * no stack the compiler has to clear. A page of a size between two levels
 * (a contiguous run of items, as a format encodes it) takes as many items,
 * all empty. Anything else, bad input included, returns -EAGAIN for the
 * general path, which finds the precise errno.
 */
static __always_inline int pt_iommu_map_one(struct pt_iommu *iommu,
					    pt_vaddr_t iova, pt_oaddr_t paddr,
					    u64 pgsize, int prot)
{
	struct pt_common *common = pt_common_from_iommu(iommu);
	unsigned int pgsz_lg2 = log2_ffs(pgsize);
	struct pt_write_attrs attrs __uninitialized;
	struct pt_range range __uninitialized;
	struct pt_state pts __uninitialized;
	unsigned int isz_lg2, num;

	if (!(pgsize & iommu->domain.pgsize_bitmap) || pgsize & (pgsize - 1) ||
	    (iova | paddr) & (pgsize - 1) ||
	    !pt_oa_fits(common, paddr, paddr + (pgsize - 1)) ||
	    pt_make_write_attrs(common, &attrs, prot) ||
	    pt_make_range(common, &range, iova, iova + (pgsize - 1)))
		return -EAGAIN;
	pts.range = &range;
	pts.table = range.top_table;
	pt_iommu_walk_one(iommu, &pts, pgsz_lg2, true);
	/* A tombstone takes the general path, which flushes */
	isz_lg2 = pt_table_item_lg2sz(&pts);
	if (pts.type != PT_ENTRY_EMPTY || pts.entry || isz_lg2 > pgsz_lg2 ||
	    !(pt_possible_sizes(&pts) & pgsize))
		return -EAGAIN;
	/* The other items of a contiguous page, all empty (zero) */
	num = log2_to_int(pgsz_lg2 - isz_lg2);
	if (unlikely(num != 1) &&
	    pt_iommu_empty_items(&pts, pts.index + 1, num - 1) != num - 1)
		return -EAGAIN;
	/* Count them; a table an unmap is freeing takes none */
	if (!pt_iommu_table_get(&pts, num))
		return -EAGAIN;
	pt_install_leaf_entry(&pts, paddr, pgsz_lg2, &attrs);
	pt_iommu_sync(iommu, common, pts.table, pts.index, pts.index + num);
	return 0;
}

/*
 * True if no page larger than @pgsize fits anywhere in [@iova, @last_va]
 * mapped from @oa: the caller's pages are then the largest, as the general
 * path would choose them, and a run of them may take the one-walk path.
 */
static __always_inline bool pt_iommu_no_larger_page(u64 pgsize_bitmap,
						    pt_vaddr_t iova,
						    pt_vaddr_t last_va,
						    pt_oaddr_t oa, u64 pgsize)
{
	u64 larger = pgsize_bitmap & ~(pgsize | (pgsize - 1));
	u64 sz = larger & -larger;
	pt_vaddr_t start;

	/* IOVA and OA must agree modulo a larger size for it to fit */
	if (!larger || (iova ^ oa) & (sz - 1))
		return true;
	/* The first aligned block of that size: does it fit in the range */
	if (check_add_overflow(iova, sz - 1, &start))
		return true;
	start &= ~(sz - 1);
	return start + (sz - 1) < start || start + (sz - 1) > last_va;
}

/*
 * Undo a commit that failed part way: unmap what it mapped in its range,
 * free the tables it left empty, flush.
 */
static void pt_iommu_map_rollback(struct pt_iommu *iommu,
				  struct pt_common *common, pt_vaddr_t iova,
				  pt_vaddr_t last_va);

/* The general path of pt_iommu_map_pages(), after the checks */
static noinline int pt_iommu_map_general(struct pt_iommu *iommu,
					 pt_vaddr_t iova, pt_vaddr_t last_va,
					 pt_oaddr_t paddr,
					 const struct pt_write_attrs *attrs,
					 gfp_t gfp, int ret)
{
	struct pt_common *common = pt_common_from_iommu(iommu);
	struct pt_iommu_map_args map = {
		.iommu = iommu,
		.attrs = *attrs,
		.pgsize_bitmap = iommu->domain.pgsize_bitmap,
		.can_flush = pt_iommu_can_flush(iommu),
	};
	struct pt_range range;
	unsigned int i;

	if (ret == -ERANGE && pt_feature(common, PT_FEAT_DYNAMIC_TOP) &&
	    !log2_div(last_va, common->max_vasz_lg2))
		ret = pt_iommu_grow_top(iommu, common, last_va, gfp);
	if (ret)
		return ret;

	/* Check, count, allocate: then the writes cannot fail but for races */
	rcu_read_lock();
	ret = pt_make_range(common, &range, iova, last_va);
	if (!ret) {
		map.oa = paddr;
		ret = __map(&range, &map);
	}
	rcu_read_unlock();
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

	pt_iommu_hook_commit(iommu);
	rcu_read_lock();
	pt_make_range(common, &range, iova, last_va);
	map.oa = paddr;
	map.commit = true;
	ret = __map(&range, &map);
	rcu_read_unlock();
	if (ret)
		pt_iommu_map_rollback(iommu, common, iova, last_va);
out_free:
	while (map.prealloc)
		pt_iommu_table_free(iommu, common, pt_iommu_prealloc_take(&map),
				    PT_TABLEMEM_LG2SZ);
	/* Only this map's own pages fail it */
	return ret == -ESTALE ? -ENOMEM : ret;
}

/* The checks and the general case of pt_iommu_map_pages() */
static noinline int pt_iommu_map_checked(struct iommu_domain *domain,
					 unsigned long iova, phys_addr_t paddr,
					 size_t pgsize, size_t pgcount,
					 int prot, gfp_t gfp, size_t *mapped)
{
	struct pt_iommu *iommu = pt_iommu_from_domain(domain);
	struct pt_common *common = pt_common_from_iommu(iommu);
	struct pt_write_attrs attrs;
	pt_vaddr_t len, last_va;
	pt_oaddr_t last_oa;
	struct pt_range range __uninitialized;
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
	ret = pt_make_write_attrs(common, &attrs, prot);
	if (ret)
		return ret;

	rcu_read_lock();
	ret = pt_make_range(common, &range, iova, last_va);
	/*
	 * Pages of a size no larger page can replace, all in one table that
	 * exists: one walk. Anything else: the general path.
	 */
	if (!ret && pgcount != 1 &&
	    pt_iommu_no_larger_page(domain->pgsize_bitmap, iova, last_va,
				    paddr, pgsize)) {
		ret = pt_iommu_map_run(&range, iommu, &attrs, paddr,
				       log2_ffs(pgsize));
		if (!ret) {
			rcu_read_unlock();
			*mapped += len;
			return 0;
		}
		ret = 0;
	}
	rcu_read_unlock();
	ret = pt_iommu_map_general(iommu, iova, last_va, paddr, &attrs, gfp,
				   ret);
	if (!ret)
		*mapped += len;
	return ret;
}

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
	int ret;

	if (pgcount == 1) {
		rcu_read_lock();
		ret = pt_iommu_map_one(pt_iommu_from_domain(domain), iova, paddr,
				       pgsize, prot);
		rcu_read_unlock();
		if (!ret) {
			*mapped += pgsize;
			return 0;
		}
	}
	return pt_iommu_map_checked(domain, iova, paddr, pgsize, pgcount, prot,
				    gfp, mapped);
}

/* unmap */

struct pt_iommu_unmap_args {
	struct pt_iommu *iommu;
	struct list_head *freelist;
	/* The operation's number, for pt_iommu_table_gather() */
	u64 seq;
	/* The first IOVA of the range, for telling covered tables */
	pt_vaddr_t iova;
	pt_vaddr_t unmapped;
	/* __unmap_single(): log2 of the one page to unmap */
	unsigned int pgsz_lg2;
	/* A map's rollback: skip holes, kill every table left empty */
	bool prune;
	/* A level left its table empty and killed it, for the level above */
	bool child_dead;
};

/*
 * The cursor's table holds nothing any more and is not the top. If the
 * range covers its whole span nobody else can be using it: kill it, so that
 * no map writes into it, and tell the level above to unlink it. Else leave
 * it to the reclaim.
 */
static noinline void pt_iommu_unmap_kill(struct pt_state *pts,
					 struct pt_iommu_unmap_args *unmap)
{
	unsigned int lg2sz = pt_table_lg2sz(pts);

	if (log2_set_mod(pts->range->va, 0, lg2sz) < unmap->iova ||
	    log2_set_mod_max(pts->range->va, lg2sz) > pts->range->last_va) {
		pt_iommu_note_empty(unmap->iommu);
		return;
	}
	/* Unless a map counted new items meanwhile */
	if (!atomic_cmpxchg(pt_iommu_used(pts->table), 0, PT_TABLE_DEAD))
		unmap->child_dead = true;
}

/* @num items of the cursor's table were cleared */
static __always_inline void pt_iommu_unmap_put(struct pt_state *pts,
					       struct pt_iommu_unmap_args *unmap,
					       unsigned int num)
{
	if (!atomic_sub_return(num, pt_iommu_used(pts->table)) &&
	    pts->level != pts->range->top_level)
		pt_iommu_unmap_kill(pts, unmap);
}

/*
 * The lower table at the cursor is dead: empty its item and gather the
 * table. Under the reclaim lock: a reclaim walking the whole table may be
 * reading this one, which the driver frees as soon as it has flushed.
 * Return: 1, the item emptied.
 */
static noinline unsigned int
pt_iommu_unmap_unlink(struct pt_state *pts, struct pt_iommu_unmap_args *unmap,
		      struct pt_iommu_written *w)
{
	unsigned long flags;

	unmap->child_dead = false;
	spin_lock_irqsave(&unmap->iommu->reclaim_lock, flags);
	pt_table_word_write(pts->table, pts->index, 0);
	spin_unlock_irqrestore(&unmap->iommu->reclaim_lock, flags);
	pt_iommu_wrote(w, pts->index, 1);
	pt_iommu_table_gather(unmap->iommu, pts->range->common,
			      unmap->freelist, pts->table_lower,
			      &unmap->seq);
	return 1;
}

/*
 * The page at the cursor reaches outside the range: cut it, so that the
 * part outside stays mapped. A contiguous run becomes its single items, in
 * place, each with a compare-and-exchange so that two unmaps cutting the
 * same run agree; a single-item page becomes a table of the level below
 * whose items map the same addresses, installed with a cmpxchg. Either way
 * every address translates as before, so the cut needs no flush of its own:
 * the unmap then goes on in the smaller pages, and flushes what it clears.
 * Return: 0 to load the item again, or -ENOMEM (the unmap stops here, as at
 * a hole).
 */
static noinline int pt_iommu_cut(struct pt_state *pts,
				 struct pt_iommu_unmap_args *unmap,
				 struct pt_iommu_written *w)
{
	unsigned int num_lg2 = pt_entry_num_contig_lg2(pts);
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);
	struct pt_common *common = pts->range->common;
	pt_oaddr_t oa = pt_entry_oa(pts);
	struct pt_write_attrs attrs;
	struct pt_state lower;
	unsigned int i, num;

	pt_attr_from_entry(pts, &attrs);
	if (num_lg2) {
		unsigned int first = log2_set_mod(pts->index, 0, num_lg2);
		struct pt_state item = *pts;

		for (i = 0; i != 1U << num_lg2; i++) {
			u64 single;
			struct pt_state one = { .range = pts->range,
						.table = (void *)&single,
						.level = pts->level };

			/* Split already, or cleared by another unmap */
			item.index = first + i;
			if (pt_load_entry_raw(&item) != PT_ENTRY_OA ||
			    pt_entry_num_contig_lg2(&item) != num_lg2 ||
			    pt_entry_oa(&item) != oa)
				continue;
			pt_install_leaf_entry(&one, oa + log2_mul(i, isz_lg2),
					      isz_lg2, &attrs);
			pt_table_word_cmpxchg(pts->table, item.index,
					      item.entry, one.entry);
		}
		pt_iommu_wrote(w, first, 1U << num_lg2);
		return 0;
	}

	lower = (struct pt_state){ .range = pts->range,
				   .level = pts->level - 1 };
	if (!pts->level || !pt_can_have_table(pts) ||
	    !(pt_possible_sizes(&lower) &
	      log2_to_int(pt_table_item_lg2sz(&lower))))
		return -ENOENT;
	lower.table = pt_iommu_table_alloc(unmap->iommu, common,
					   PT_TABLEMEM_LG2SZ,
					   GFP_ATOMIC | __GFP_NOWARN);
	if (!lower.table)
		return -ENOMEM;
	num = 1U << pt_num_items_lg2(&lower);
	pt_iommu_install_leaves(&lower, 0, num, oa,
				pt_table_item_lg2sz(&lower), &attrs);
	atomic_set(pt_iommu_used(lower.table), num);
	pt_iommu_sync(unmap->iommu, common, lower.table, 0, num);
	if (!pt_install_table(pts, virt_to_phys(lower.table), &attrs)) {
		/* Another unmap cut it first: it was never visible */
		pt_iommu_table_free(unmap->iommu, common, lower.table,
				    PT_TABLEMEM_LG2SZ);
		return 0;
	}
	pt_iommu_wrote(w, pts->index, 1);
	return 0;
}

/*
 * Most of an unmap of many small pages: after the single-item leaf at the
 * cursor, find the single-item leaves that follow it and that the range
 * covers whole, then clear them all in one tight loop. Return: how many
 * leaves, the cursor's included.
 */
static __always_inline unsigned int pt_iommu_unmap_run(struct pt_state *pts)
{
	unsigned int end = pts->end_index;
	struct pt_state item = *pts;

	/* The last item may reach past the range: it is cut, not cleared */
	if (!log2_mod_eq_max(pts->range->last_va, pt_table_item_lg2sz(pts)) &&
	    log2_div_eq(pts->range->va, pts->range->last_va,
			pt_table_lg2sz(pts)))
		end--;

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
	unsigned int cleared = 0;
	int ret = 0;

	while (pts.index < pts.end_index && !ret) {
		unsigned int num_lg2, pgsz_lg2, run;

		switch (pt_load_single_entry(&pts)) {
		case PT_ENTRY_EMPTY:
			if (unmap->prune)
				pt_next_entry(&pts);
			else
				ret = -ENOENT;
			break;
		case PT_ENTRY_TABLE:
			ret = pt_descend(&pts, arg, descend_fn);
			if (unmap->child_dead)
				cleared += pt_iommu_unmap_unlink(&pts, unmap,
								 &w);
			if (!ret)
				pt_next_entry(&pts);
			break;
		case PT_ENTRY_OA:
			num_lg2 = pt_entry_num_contig_lg2(&pts);
			pgsz_lg2 = pt_table_item_lg2sz(&pts) + num_lg2;
			if (log2_set_mod(range->va, 0, pgsz_lg2) < unmap->iova ||
			    log2_set_mod_max(range->va, pgsz_lg2) >
				    range->last_va) {
				ret = pt_iommu_cut(&pts, unmap, &w);
				break;
			}
			pts.index = log2_set_mod(pts.index, 0, num_lg2);
			pt_clear_entries(&pts, num_lg2);
			run = num_lg2 ? 1 : pt_iommu_unmap_run(&pts);
			pt_iommu_wrote(&w, pts.index, run << num_lg2);
			cleared += run << num_lg2;
			unmap->unmapped += log2_mul(run, pgsz_lg2);
			pt_iommu_advance(&pts, run << num_lg2, num_lg2);
			break;
		}
	}
	pt_iommu_sync(unmap->iommu, range->common, table, w.first, w.end);
	if (cleared || unmap->prune)
		pt_iommu_unmap_put(&pts, unmap, cleared);
	return ret;
}

PT_MAKE_RECURSIVE_LEVELS(__unmap, __do_unmap);

/*
 * The range of an unmap or a dirty read-back, whose last address the caller
 * checked against the aperture: a table that grows has nothing mapped past
 * its current top. Return: 0, or -ERANGE if the range starts past the top.
 */
static int pt_iommu_make_range_in_top(struct pt_common *common,
				      struct pt_range *range, pt_vaddr_t va,
				      pt_vaddr_t last_va)
{
	int ret = pt_make_range(common, range, va, last_va);

	if (ret != -ERANGE)
		return ret;
	if (va > log2_to_max_int(range->max_vasz_lg2))
		return -ERANGE;
	range->last_va = log2_to_max_int(range->max_vasz_lg2);
	return 0;
}

/* The general path of pt_iommu_unmap_pages(), after the checks */
static noinline size_t pt_iommu_unmap_general(struct pt_iommu *iommu,
					      pt_vaddr_t iova,
					      pt_vaddr_t last_va,
					      struct iommu_iotlb_gather *gather)
{
	struct pt_iommu_unmap_args unmap = {
		.iommu = iommu,
		.freelist = &gather->freelist,
		.iova = iova,
	};
	struct pt_range range;

	rcu_read_lock();
	if (!pt_iommu_make_range_in_top(pt_common_from_iommu(iommu), &range,
					iova, last_va))
		__unmap(&range, &unmap);
	rcu_read_unlock();
	return unmap.unmapped;
}

/*
 * Gather the unmap of one page of @pgsize. While every page the gather
 * holds has that size, gather->pgsize says so, as after
 * iommu_iotlb_gather_add_page(): the driver may invalidate by leaf size
 * (the ARM TTL hint, one TLBI per block). Anything else leaves it 0: the
 * sizes are unknown.
 */
static void pt_iommu_gather_page(struct iommu_iotlb_gather *gather,
				 unsigned long iova, size_t pgsize)
{
	if (gather->start > gather->end)
		gather->pgsize = pgsize;
	else if (gather->pgsize != pgsize)
		gather->pgsize = 0;
	iommu_iotlb_gather_add_range(gather, iova, pgsize);
}

/* The checks and the general case of pt_iommu_unmap_pages() */
static noinline size_t pt_iommu_unmap_checked(struct iommu_domain *domain,
					      unsigned long iova,
					      size_t pgsize, size_t pgcount,
					      struct iommu_iotlb_gather *gather)
{
	struct pt_iommu *iommu = pt_iommu_from_domain(domain);
	pt_vaddr_t len, last_va, unmapped;

	if (!pgsize || !is_power_of_2(pgsize) ||
	    !(pgsize & domain->pgsize_bitmap) || !pgcount ||
	    iova & (pgsize - 1) ||
	    check_mul_overflow((pt_vaddr_t)pgsize, (pt_vaddr_t)pgcount, &len) ||
	    check_add_overflow((pt_vaddr_t)iova, len - 1, &last_va) ||
	    last_va > domain->geometry.aperture_end)
		return 0;
	unmapped = pt_iommu_unmap_general(iommu, iova, last_va, gather);
	if (unmapped) {
		/* Pages of any size, and maybe tables */
		gather->pgsize = 0;
		iommu_iotlb_gather_add_range(gather, iova, unmapped);
	}
	return unmapped;
}

/*
 * Unmap's common case: one page, exactly the page mapped at @iova (a single
 * item, or a contiguous run of items of exactly that size), in one walk
 * with no stack the compiler has to clear. Anything else, bad input
 * included, returns -EAGAIN for the general path.
 */
static __always_inline int pt_iommu_unmap_one(struct iommu_domain *domain,
					      pt_vaddr_t iova, u64 pgsize)
{
	struct pt_iommu *iommu = pt_iommu_from_domain(domain);
	unsigned int pgsz_lg2 = log2_ffs(pgsize);
	struct pt_range range __uninitialized;
	struct pt_state pts __uninitialized;
	unsigned int contig_lg2;

	if (!(pgsize & domain->pgsize_bitmap) || pgsize & (pgsize - 1) ||
	    iova & (pgsize - 1) ||
	    iova + (pgsize - 1) > domain->geometry.aperture_end ||
	    pt_make_range(pt_common_from_iommu(iommu), &range, iova,
			  iova + (pgsize - 1)))
		return -EAGAIN;
	pts.range = &range;
	pts.table = range.top_table;
	pt_iommu_walk_one(iommu, &pts, pgsz_lg2, false);
	/*
	 * The range is one aligned page: it must be this item, or the run of
	 * items from it, whose first it is as @iova is aligned
	 */
	if (pts.type != PT_ENTRY_OA)
		return -EAGAIN;
	contig_lg2 = pt_entry_num_contig_lg2(&pts);
	if (pt_table_item_lg2sz(&pts) + contig_lg2 != pgsz_lg2)
		return -EAGAIN;
	pt_clear_entries(&pts, contig_lg2);
	pt_iommu_sync(iommu, range.common, pts.table, pts.index,
		      pts.index + log2_to_int(contig_lg2));
	/* One page never covers a table: one it leaves empty is the reclaim's */
	if (!atomic_sub_return(log2_to_int(contig_lg2),
			       pt_iommu_used(pts.table)) &&
	    pts.level != range.top_level)
		pt_iommu_note_empty(iommu);
	return 0;
}

/**
 * pt_iommu_unmap_pages() - unmap a range
 * @domain: the domain
 * @iova: the first IO virtual address, aligned to @pgsize
 * @pgsize: a page size of the domain's pgsize_bitmap
 * @pgcount: the number of @pgsize pages
 * @gather: collects the range to flush and the tables to free after it,
 *	and the size of the pages it holds while they are single pages of
 *	one size (gather->pgsize; 0 for unknown)
 *
 * Stops at the first address that is not mapped. Never removes a
 * translation outside the range: a large page partly inside it is cut, and
 * only its part inside is unmapped and counted. With
 * pt_iommu::iotlb_sync_disjoint, a range disjoint from the gather's is not
 * merged into it: the gather is flushed first.
 *
 * Context: any; concurrent calls on disjoint ranges are allowed.
 * Return: the bytes unmapped from @iova on; 0 for bad input (a misaligned
 * @iova, a page size the domain lacks, a range that wraps or reaches past
 * the domain's aperture).
 */
static size_t pt_iommu_unmap_pages(struct iommu_domain *domain,
				   unsigned long iova, size_t pgsize,
				   size_t pgcount,
				   struct iommu_iotlb_gather *gather)
{
	int ret;

	/* Before any table this unmap frees joins the gather's freelist */
	if (unlikely(pt_iommu_from_domain(domain)->iotlb_sync_disjoint) &&
	    iommu_iotlb_gather_is_disjoint(gather, iova, pgsize * pgcount))
		iommu_iotlb_sync(domain, gather);
	if (pgcount == 1) {
		rcu_read_lock();
		ret = pt_iommu_unmap_one(domain, iova, pgsize);
		rcu_read_unlock();
		if (!ret) {
			pt_iommu_gather_page(gather, iova, pgsize);
			return pgsize;
		}
	}
	return pt_iommu_unmap_checked(domain, iova, pgsize, pgcount, gather);
}

static __cold void pt_iommu_map_rollback(struct pt_iommu *iommu,
					 struct pt_common *common,
					 pt_vaddr_t iova, pt_vaddr_t last_va)
{
	struct iommu_iotlb_gather gather;
	struct pt_iommu_unmap_args unmap = {
		.iommu = iommu,
		.freelist = &gather.freelist,
		.iova = iova,
		.prune = true,
	};
	struct pt_range range;

	iommu_iotlb_gather_init(&gather);
	rcu_read_lock();
	if (!pt_make_range(common, &range, iova, last_va))
		__unmap(&range, &unmap);
	rcu_read_unlock();
	if (pt_iommu_can_flush(iommu))
		iommu->driver_ops->flush_walk(iommu, iova, last_va - iova + 1);
	iommu_put_pages_list(&gather.freelist);
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
			pt_iommu_advance(&pts, 1U << num_lg2, num_lg2);
			break;
		}
	}
	pt_iommu_sync(dirty->iommu, range->common, table, w.first, w.end);
	return ret;
}

PT_MAKE_RECURSIVE_LEVELS(__read_and_clear_dirty, __do_read_and_clear_dirty);

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
 * Refuses a table that cannot track dirty state (a format or configuration
 * without a dirty bit), where the caller could not tell "clean" from "not
 * tracked", and one whose walker does not snoop the CPU cache: the CPU
 * could not see the dirty bits of a PT_FEAT_DMA_INCOHERENT table.
 *
 * Context: any; concurrent with DMA, which may set dirty bits meanwhile, and
 * with map and unmap of other ranges.
 * Return: 0; -EINVAL, -EOVERFLOW or -ERANGE for a bad range; -EOPNOTSUPP
 * for a table that cannot track dirty state.
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
	struct pt_common *common = pt_common_from_domain(domain);
	pt_vaddr_t last_va;
	struct pt_range range;
	int ret;

	if (!pt_can_track_dirty(common) ||
	    pt_feature(common, PT_FEAT_DMA_INCOHERENT))
		return -EOPNOTSUPP;
	if (!size)
		return -EINVAL;
	if (check_add_overflow((pt_vaddr_t)iova, (pt_vaddr_t)size - 1,
			       &last_va))
		return -EOVERFLOW;
	if (last_va > domain->geometry.aperture_end)
		return -ERANGE;
	rcu_read_lock();
	ret = pt_iommu_make_range_in_top(common, &range, iova, last_va);
	/* Past the top of a table that grows nothing is mapped, nor dirty */
	if (ret == -ERANGE)
		ret = 0;
	else if (!ret)
		ret = __read_and_clear_dirty(&range, &args);
	rcu_read_unlock();
	return ret;
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
static __cold void pt_iommu_deinit(PT_IOMMU_TABLE *table)
{
	struct pt_range range;

	cancel_delayed_work_sync(&table->iommu.reclaim_work);
	range = pt_top_range(&table->common);

	pt_free_lower_tables(&range, pt_iommu_free_cb, table);
	pt_iommu_table_free(&table->iommu, &table->common, range.top_table,
			    pt_iommu_top_lg2sz(&table->common,
					       range.top_level));
	pt_iommu_subpage_destroy(&table->iommu);
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
static __cold int pt_iommu_init(PT_IOMMU_TABLE *table,
				const PT_IOMMU_CFG *cfg, gfp_t gfp)
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
	/* Sizes are 0 (the format's largest) or from a granule up */
	if (cfg->starting_level > PT_MAX_TOP_LEVEL ||
	    cfg->max_vasz_lg2 > PT_MAX_VA_ADDRESS_LG2 ||
	    cfg->max_oasz_lg2 > PT_MAX_OUTPUT_ADDRESS_LG2 ||
	    (cfg->max_vasz_lg2 && cfg->max_vasz_lg2 < PT_GRANULE_LG2SZ) ||
	    (cfg->max_oasz_lg2 && cfg->max_oasz_lg2 < PT_GRANULE_LG2SZ))
		return -EINVAL;

	table->iommu.reclaim_pending = 0;
	spin_lock_init(&table->iommu.reclaim_lock);
	INIT_DELAYED_WORK(&table->iommu.reclaim_work, pt_iommu_reclaim_work);
	spin_lock_init(&table->iommu.subpage_lock);
	INIT_LIST_HEAD(&table->iommu.subpage_avail);
	INIT_LIST_HEAD(&table->iommu.subpage_pending);
	atomic64_set(&table->iommu.subpage_seq, 0);
	common->features = cfg->features;
	common->max_vasz_lg2 = cfg->max_vasz_lg2 ?: PT_MAX_VA_ADDRESS_LG2;
	common->max_oasz_lg2 = cfg->max_oasz_lg2 ?: PT_MAX_OUTPUT_ADDRESS_LG2;
	top_level = pt_fmt_top_level(common, cfg->starting_level);
	if (top_level > PT_MAX_TOP_LEVEL)
		return -EINVAL;
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
	/* A table that can map nothing is a configuration error */
	if (!domain->pgsize_bitmap) {
		pt_iommu_table_free(&table->iommu, common, top,
				    pt_iommu_top_lg2sz(common, top_level));
		return -EINVAL;
	}
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

unsigned long PT_IOMMU_NS(reclaim)(PT_IOMMU_TABLE *table)
{
	return pt_iommu_reclaim(&table->iommu);
}
EXPORT_SYMBOL_NS_GPL(PT_IOMMU_NS(reclaim), GENERIC_PT_IOMMU);

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
