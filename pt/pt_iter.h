/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: walking a table of any format.
 *
 * An operation starts from a struct pt_range made by pt_make_range(), then
 * walks down one table at a time with a struct pt_state cursor on the stack of
 * each level. PT_MAKE_LEVELS() turns a single per-level function into one
 * copy per level with the level a compile-time constant, so the format's
 * arithmetic folds into constants and the whole walk is inlined:
 *
 *	static __always_inline int __do_count(struct pt_range *range, void *arg,
 *					      unsigned int level,
 *					      struct pt_table_p *table,
 *					      pt_level_fn_t descend_fn)
 *	{
 *		struct pt_state pts = pt_init(range, level, table);
 *		unsigned long *count = arg;
 *		int ret;
 *
 *		for_each_pt_level_entry(&pts) {
 *			if (pts.type == PT_ENTRY_TABLE) {
 *				ret = pt_descend(&pts, arg, descend_fn);
 *				if (ret)
 *					return ret;
 *			} else if (pts.type == PT_ENTRY_OA) {
 *				(*count)++;
 *			}
 *		}
 *		return 0;
 *	}
 *	PT_MAKE_LEVELS(count_leaves, __do_count);
 *
 * count_leaves(&range, &count) then walks the range. Cold paths that do not
 * need the speed use PT_MAKE_RECURSIVE_LEVELS() instead and get one small
 * function calling itself with a variable level.
 *
 * The header is included by the per-format objects after the format header;
 * it pulls in pt_fmt_api.h, which checks the format against the contract.
 */
#ifndef __GENERIC_PT_ITER_H
#define __GENERIC_PT_ITER_H

#include <asm/barrier.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include "pt_fmt_api.h"

/* log2 of the input address span of a whole table at pts->level */
static inline unsigned int pt_table_lg2sz(const struct pt_state *pts)
{
	return min_t(unsigned int, PT_LOG2_BITS,
		     pt_table_item_lg2sz(pts) + pt_num_items_lg2(pts));
}

/*
 * log2 of the bytes a table at pts->level takes: PT_TABLEMEM_LG2SZ, or more
 * for a top table made of several concatenated tables.
 */
static inline unsigned int pt_table_mem_lg2sz(const struct pt_state *pts)
{
	return max_t(unsigned int, PT_TABLEMEM_LG2SZ,
		     pt_num_items_lg2(pts) + ilog2(PT_ITEM_WORD_SIZE));
}

/* The index of the item of a table at pts->level that translates @va */
static inline unsigned int pt_va_to_index(const struct pt_state *pts,
					  pt_vaddr_t va)
{
	return log2_mod(log2_div(va, pt_table_item_lg2sz(pts)),
			pt_num_items_lg2(pts));
}

/* The first input address the current item translates */
static inline pt_vaddr_t pt_index_to_va(const struct pt_state *pts)
{
	return log2_set_mod(pts->range->va,
			    log2_mul(pts->index, pt_table_item_lg2sz(pts)),
			    pt_table_lg2sz(pts));
}

/*
 * True if the current item's whole span lies inside the range: an operation
 * on it can act on the entry as a whole instead of going down a level.
 */
static inline bool pt_item_fully_covered(const struct pt_state *pts)
{
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);
	pt_vaddr_t start = pt_index_to_va(pts);

	if (start < pts->range->va)
		return false;
	return log2_set_mod_max(start, isz_lg2) <= pts->range->last_va;
}

/**
 * pt_init() - start a cursor over the items of a table inside the range
 * @range: the operation; range->va must lie inside @table's span
 * @level: the level of @table, a constant in the inlined walks
 * @table: the table
 *
 * Context: any.
 * Return: a cursor at the item translating range->va, ending after the item
 * translating range->last_va or at the end of @table, whichever is first.
 */
static __always_inline struct pt_state
pt_init(struct pt_range *range, unsigned int level, struct pt_table_p *table)
{
	/* Only the level and range of a cursor give its geometry */
	const struct pt_state geo = { .range = range, .level = level };
	unsigned int end_index;

	if (log2_div_eq(range->va, range->last_va, pt_table_lg2sz(&geo)))
		end_index = pt_va_to_index(&geo, range->last_va) + 1;
	else
		end_index = log2_to_int(pt_num_items_lg2(&geo));
	/*
	 * Built in one initializer so that the compiler writes the caller's
	 * cursor in place: filling a copy field by field and copying it costs
	 * store forwarding stalls on every level of every walk.
	 */
	return (struct pt_state){
		.range = range,
		.table = table,
		.level = level,
		.index = pt_va_to_index(&geo, range->va),
		.end_index = end_index,
	};
}

/**
 * pt_init_one() - a cursor at the one item of a table translating range->va
 * @range: the operation; range->va must lie inside @table's span
 * @level: the level of @table
 * @table: the table
 *
 * For walks of a single address, which need no end: cheaper than pt_init().
 *
 * Context: any.
 * Return: a cursor over the item translating range->va alone.
 */
static __always_inline struct pt_state
pt_init_one(struct pt_range *range, unsigned int level, struct pt_table_p *table)
{
	const struct pt_state geo = { .range = range, .level = level };
	unsigned int index = pt_va_to_index(&geo, range->va);

	return (struct pt_state){
		.range = range,
		.table = table,
		.level = level,
		.index = index,
		.end_index = index + 1,
	};
}

/**
 * pt_step_down() - move a cursor of pt_init_one() to the table below
 * @pts: the cursor, at an entry of type PT_ENTRY_TABLE
 *
 * In place, field by field: copying a new cursor over it costs store
 * forwarding stalls on every level of the walk.
 *
 * Context: any; the caller keeps the table alive.
 */
static __always_inline void pt_step_down(struct pt_state *pts)
{
	pts->level--;
	pts->table = pts->table_lower;
	pts->index = pt_va_to_index(pts, pts->range->va);
	pts->end_index = pts->index + 1;
}

/**
 * pt_init_top() - start a cursor over the top table of the range
 * @range: the operation
 *
 * Context: any.
 * Return: the cursor.
 */
static __always_inline struct pt_state pt_init_top(struct pt_range *range)
{
	return pt_init(range, range->top_level, range->top_table);
}

static inline struct pt_table_p *pt_table_ptr(pt_oaddr_t table_pa)
{
	return (struct pt_table_p *)phys_to_virt(table_pa);
}

/**
 * pt_load_single_entry() - load the entry at the cursor
 * @pts: the cursor
 *
 * Loads exactly the item at pts->index, even when it belongs to a contiguous
 * run, and for a table pointer also sets pts->table_lower.
 *
 * Context: any; the caller keeps the table alive.
 * Return: the type of the entry, also stored in pts->type.
 */
static __always_inline enum pt_entry_type
pt_load_single_entry(struct pt_state *pts)
{
	pts->type = pt_load_entry_raw(pts);
	if (pts->type == PT_ENTRY_TABLE)
		pts->table_lower = pt_table_ptr(pt_table_pa(pts));
	return pts->type;
}

/**
 * pt_next_entry() - advance the cursor to the next item
 * @pts: the cursor
 *
 * Moves to the next item and advances range->va to the first address it
 * translates. It does not load the entry. At the end of the cursor range->va
 * is left inside the last item, so that the walk of the level above, which
 * this one descended from, advances from its own item.
 *
 * Context: any.
 */
static __always_inline void pt_next_entry(struct pt_state *pts)
{
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);

	pts->index++;
	if (pts->index < pts->end_index)
		pts->range->va = log2_set_mod(pts->range->va, 0, isz_lg2) +
				 log2_to_int(isz_lg2);
}

/* Helper of for_each_pt_level_entry(): load the entry if one is left */
static __always_inline bool pt_iter_load(struct pt_state *pts)
{
	if (pts->index >= pts->end_index)
		return false;
	pt_load_single_entry(pts);
	return true;
}

/**
 * for_each_pt_level_entry - visit every item of a table inside the range
 * @pts: the cursor made by pt_init()
 *
 * The body sees each entry loaded (pts->entry, pts->type) with range->va at
 * the first address of the range the item translates.
 */
#define for_each_pt_level_entry(pts)                                   \
	for (struct pt_state *__pts = (pts); pt_iter_load(__pts);      \
	     pt_next_entry(__pts))

/**
 * typedef pt_level_fn_t - the function that walks one table
 * @range: the operation
 * @arg: the caller's argument, passed down unchanged
 * @level: the level of @table
 * @table: the table to walk
 *
 * Return: 0 to continue, or an errno that stops the walk and is returned by
 * the walk's entry point.
 */
typedef int (*pt_level_fn_t)(struct pt_range *range, void *arg,
			     unsigned int level, struct pt_table_p *table);

/**
 * pt_descend() - walk the lower table the cursor's entry points to
 * @pts: a cursor whose entry is of type PT_ENTRY_TABLE
 * @arg: the walk's argument
 * @descend_fn: the function for the level below, as given to the level
 *	function by PT_MAKE_LEVELS()
 *
 * Context: any; the caller keeps the table alive.
 * Return: what @descend_fn returns.
 */
static __always_inline int pt_descend(struct pt_state *pts, void *arg,
				      pt_level_fn_t descend_fn)
{
	if (!pt_can_have_table(pts) || !pts->level)
		return -EINVAL;
	return (*descend_fn)(pts->range, arg, pts->level - 1, pts->table_lower);
}

/* prefix##l<lvl>(): prefix##do() with the level a constant */
#define __PT_LEVEL_FN(prefix, lvl, lower_fn)                                  \
	static __always_inline int prefix##l##lvl(struct pt_range *range,     \
						  void *arg,                  \
						  unsigned int level,         \
						  struct pt_table_p *table)   \
	{                                                                     \
		return prefix##do(range, arg, lvl, table, lower_fn);          \
	}

/**
 * PT_MAKE_LEVELS() - make a fully inlined walk out of a per-level function
 * @fn: the name of the walk's entry point, int fn(range, arg)
 * @do_fn: the per-level function: int do_fn(range, arg, level, table,
 *	descend_fn), __always_inline, calling pt_descend() with descend_fn to
 *	go one level down
 *
 * Makes one copy of @do_fn per level with the level a constant, chained
 * through their descend_fn, and an entry point that starts at the range's
 * top level. Levels above PT_MAX_TOP_LEVEL compile to nothing.
 *
 * Context: the walk may run wherever @do_fn may; it takes no locks itself.
 */
#define PT_MAKE_LEVELS(fn, do_fn)                                             \
	static __always_inline int fn##_do(struct pt_range *range, void *arg, \
					   unsigned int level,                \
					   struct pt_table_p *table,          \
					   pt_level_fn_t descend_fn)          \
	{                                                                     \
		if (level > PT_MAX_TOP_LEVEL)                                 \
			return -EINVAL;                                       \
		return do_fn(range, arg, level, table, descend_fn);           \
	}                                                                     \
	__PT_LEVEL_FN(fn##_, 0, NULL)                                         \
	__PT_LEVEL_FN(fn##_, 1, fn##_l0)                                      \
	__PT_LEVEL_FN(fn##_, 2, fn##_l1)                                      \
	__PT_LEVEL_FN(fn##_, 3, fn##_l2)                                      \
	__PT_LEVEL_FN(fn##_, 4, fn##_l3)                                      \
	__PT_LEVEL_FN(fn##_, 5, fn##_l4)                                      \
	static int fn(struct pt_range *range, void *arg)                      \
	{                                                                     \
		static_assert(PT_MAX_LEVELS == 6);                            \
		switch (range->top_level) {                                   \
		case 0:                                                       \
			return fn##_l0(range, arg, 0, range->top_table);      \
		case 1:                                                       \
			return fn##_l1(range, arg, 1, range->top_table);      \
		case 2:                                                       \
			return fn##_l2(range, arg, 2, range->top_table);      \
		case 3:                                                       \
			return fn##_l3(range, arg, 3, range->top_table);      \
		case 4:                                                       \
			return fn##_l4(range, arg, 4, range->top_table);      \
		case 5:                                                       \
			return fn##_l5(range, arg, 5, range->top_table);      \
		}                                                             \
		return -EINVAL;                                               \
	}

/**
 * PT_MAKE_RECURSIVE_LEVELS() - make a compact walk for cold paths
 * @fn: the name of the walk's entry point, int fn(range, arg)
 * @do_fn: the per-level function, as for PT_MAKE_LEVELS()
 *
 * Makes a single out of line function that walks every level by calling
 * itself, the level a variable: smaller code for walks whose speed does not
 * matter (freeing a whole table, debugging dumps).
 *
 * Context: the walk may run wherever @do_fn may; it takes no locks itself.
 */
#define PT_MAKE_RECURSIVE_LEVELS(fn, do_fn)                                   \
	static noinline int fn##_recursive(struct pt_range *range, void *arg, \
					   unsigned int level,                \
					   struct pt_table_p *table)          \
	{                                                                     \
		return do_fn(range, arg, level, table, fn##_recursive);       \
	}                                                                     \
	static int fn(struct pt_range *range, void *arg)                      \
	{                                                                     \
		return fn##_recursive(range, arg, range->top_level,           \
				      range->top_table);                      \
	}

/* One level of pt_free_lower_tables(); recursion is fine on this cold path */
static noinline __cold void __pt_free_lower_tables(struct pt_range *range,
						   unsigned int level,
						   struct pt_table_p *table,
						   void (*free_fn)(void *arg,
								   struct pt_table_p *t),
						   void *arg)
{
	struct pt_state pts = pt_init(range, level, table);

	for_each_pt_level_entry(&pts) {
		if (pts.type != PT_ENTRY_TABLE)
			continue;
		__pt_free_lower_tables(range, level - 1, pts.table_lower,
				       free_fn, arg);
		free_fn(arg, pts.table_lower);
	}
}

/**
 * pt_free_lower_tables() - free every table below the top of a range
 * @range: the range whose lower tables go, usually pt_top_range()
 * @free_fn: frees one table; called after the tables below it are freed
 * @arg: passed to @free_fn
 *
 * Leaves the top table and the entries pointing to freed tables alone: the
 * caller is tearing the whole table down.
 *
 * Context: no other user of the table may be running.
 */
static inline void pt_free_lower_tables(struct pt_range *range,
					void (*free_fn)(void *arg,
							struct pt_table_p *t),
					void *arg)
{
	__pt_free_lower_tables(range, range->top_level, range->top_table,
			       free_fn, arg);
}

/* log2 of the span of a top table at @top_level, within the table's size */
static __always_inline unsigned int pt_top_vasz_lg2(struct pt_common *common,
						    unsigned int top_level)
{
	/* The top table's size may depend on its being the top */
	const struct pt_range geo_range = { .common = common,
					    .top_level = top_level };
	const struct pt_state geo = { .range = (struct pt_range *)&geo_range,
				      .level = top_level };

	return min_t(unsigned int, common->max_vasz_lg2, pt_table_lg2sz(&geo));
}

/* Build the range covering everything a given top of table translates */
static __always_inline struct pt_range _pt_top_range(struct pt_common *common,
						     uintptr_t top_of_table)
{
	unsigned int top_level = top_of_table & PT_TOP_LEVEL_MASK;
	unsigned int vasz_lg2 = pt_top_vasz_lg2(common, top_level);

	/* One initializer, written in place (see pt_init()) */
	return (struct pt_range){
		.common = common,
		.top_table = (struct pt_table_p *)(top_of_table &
						   ~(uintptr_t)PT_TOP_LEVEL_MASK),
		.last_va = log2_to_max_int(vasz_lg2),
		.top_level = top_level,
		.max_vasz_lg2 = vasz_lg2,
	};
}

/**
 * pt_top_range() - a range covering all the table currently translates
 * @common: the table
 *
 * Context: any; reads the top of the table once.
 * Return: the range, from 0 to the last address the current top table spans.
 */
static __always_inline struct pt_range pt_top_range(struct pt_common *common)
{
	return _pt_top_range(common, READ_ONCE(common->top_of_table));
}

/**
 * pt_make_range() - make the range of one operation
 * @common: the table
 * @range: returns the range
 * @va: the first input address
 * @last_va: the last input address (inclusive)
 *
 * Context: any; reads the top of the table once.
 * Return: 0; -EOVERFLOW if @last_va is below @va (the caller's va + len - 1
 * wrapped); -ERANGE if the range reaches past what the current top table
 * translates (a table with PT_FEAT_DYNAMIC_TOP may grow to cover it). On
 * error *@range is not a range to walk.
 */
static __always_inline int pt_make_range(struct pt_common *common,
					 struct pt_range *range, pt_vaddr_t va,
					 pt_vaddr_t last_va)
{
	uintptr_t top_of_table = READ_ONCE(common->top_of_table);
	unsigned int top_level = top_of_table & PT_TOP_LEVEL_MASK;
	unsigned int vasz_lg2 = pt_top_vasz_lg2(common, top_level);

	/*
	 * Field by field into the caller's range: copying a whole range built
	 * with narrow stores costs store forwarding stalls on every operation.
	 */
	range->common = common;
	range->top_table = (struct pt_table_p *)(top_of_table &
						 ~(uintptr_t)PT_TOP_LEVEL_MASK);
	range->va = va;
	range->last_va = last_va;
	range->top_level = top_level;
	range->max_vasz_lg2 = vasz_lg2;
	if (last_va < va)
		return -EOVERFLOW;
	if (last_va > log2_to_max_int(vasz_lg2))
		return -ERANGE;
	return 0;
}

/**
 * pt_top_set() - publish a new top table and level
 * @common: the table
 * @top_table: the top table, aligned to at least 2^PT_TOP_LEVEL_BITS
 * @top_level: its level, at most PT_MAX_TOP_LEVEL
 *
 * A release store: a thread that reads the new top (pt_make_range(),
 * pt_top_range()) also sees everything written to the table before.
 *
 * Context: the caller serializes changes of the top (the table's creation,
 * or the driver's lock around a growth of the top level).
 */
static inline void pt_top_set(struct pt_common *common,
			      struct pt_table_p *top_table,
			      unsigned int top_level)
{
	/* Pairs with the READ_ONCE() and address dependency of the readers */
	smp_store_release(&common->top_of_table,
			  (uintptr_t)top_table | top_level);
}

/* log2 of the largest output address plus one the table may hold */
static inline unsigned int pt_max_oa_lg2(const struct pt_common *common)
{
	return min_t(unsigned int, common->max_oasz_lg2,
		     PT_MAX_OUTPUT_ADDRESS_LG2);
}

/**
 * pt_oa_fits() - check an output range against the table's OA size
 * @common: the table
 * @oa: the first output address
 * @last_oa: the last output address (inclusive)
 *
 * Context: any.
 * Return: true if [@oa, @last_oa] is a valid, non-wrapping output range
 * the table can express.
 */
static inline bool pt_oa_fits(const struct pt_common *common, pt_oaddr_t oa,
			      pt_oaddr_t last_oa)
{
	return oa <= last_oa &&
	       log2_div(last_oa, pt_max_oa_lg2(common)) == 0;
}

/**
 * pt_compute_best_pgsize() - the largest page for the start of a mapping
 * @pgsz_bitmap: the page sizes allowed (bit n set for size 2^n)
 * @va: the first input address of the mapping
 * @last_va: the last input address of the mapping (inclusive)
 * @oa: the output address @va maps to
 *
 * Context: any.
 * Return: log2 of the largest allowed page size that both @va and @oa are
 * aligned to and that fits inside [@va, @last_va], or 0 if none does.
 */
static inline unsigned int pt_compute_best_pgsize(u64 pgsz_bitmap,
						  pt_vaddr_t va,
						  pt_vaddr_t last_va,
						  pt_oaddr_t oa)
{
	/* Alignment of both addresses; a zero address is aligned to all */
	unsigned int align_lg2 = log2_ffs(va | oa);
	/* The length is last_va - va + 1 but may be 2^64 */
	pt_vaddr_t len_m1 = last_va - va;
	unsigned int len_lg2 = len_m1 == U64_MAX ? PT_LOG2_BITS :
					    log2_fls(len_m1 + 1) - 1;
	u64 sizes = pgsz_bitmap &
		    log2_to_max_int(min(align_lg2, len_lg2) + 1);

	if (!sizes)
		return 0;
	return log2_fls(sizes) - 1;
}

/*
 * Table memory. A table of 2^lg2sz bytes is naturally aligned: tables of a
 * page or more come from the page allocator, smaller ones (formats whose
 * tables are smaller than the CPU page) from the power-of-two kmalloc
 * caches, which are naturally aligned.
 */
static inline struct pt_table_p *pt_table_alloc(unsigned int lg2sz, gfp_t gfp,
						int nid)
{
	if (lg2sz >= PAGE_SHIFT) {
		struct page *page = alloc_pages_node(nid, gfp | __GFP_ZERO,
						     lg2sz - PAGE_SHIFT);

		return page ? page_address(page) : NULL;
	}
	return kzalloc_node(log2_to_int(lg2sz), gfp, nid);
}

static inline void pt_table_free(struct pt_table_p *table, unsigned int lg2sz)
{
	if (lg2sz >= PAGE_SHIFT)
		free_pages((unsigned long)table, lg2sz - PAGE_SHIFT);
	else
		kfree(table);
}

#endif
