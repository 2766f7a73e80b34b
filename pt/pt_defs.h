/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: the types every format and every algorithm share.
 *
 * Conventions used throughout drivers/iommu/generic_pt/:
 *
 * - A *level* numbers a table by its distance from the leaves: level 0 tables
 *   hold the smallest pages (the granule), the top table has the highest
 *   level. A format with four levels has levels 0 to 3.
 * - An *item* is one slot of a table, an *entry* is the value stored in it.
 *   An entry is empty, points to a lower table, or holds an output address
 *   (OA). An OA entry may be one of a run of 2^n identical *contiguous*
 *   entries that together map one larger page.
 * - Sizes, alignments and counts are passed as log2 values named *_lg2 and
 *   manipulated with the helpers in pt_log2.h; nothing here uses the CPU's
 *   PAGE_SIZE. The granule and table sizes are the format's.
 * - A range is inclusive: [va, last_va]. That way the whole 64 bit space can
 *   be described and "va + len" never needs to be formed.
 * - Format functions are static inline and receive a struct pt_state whose
 *   level is a compile-time constant in the hot paths (see PT_MAKE_LEVELS);
 *   they must not assume so, the recursive walkers pass a variable level.
 */
#ifndef __GENERIC_PT_DEFS_H
#define __GENERIC_PT_DEFS_H

#include <linux/compiler.h>
#include <linux/generic_pt/common.h>
#include <linux/types.h>
#include "pt_log2.h"

/* Input (IO virtual) and output (physical) addresses of a page table */
typedef u64 pt_vaddr_t;
typedef u64 pt_oaddr_t;

/* The deepest table a format may have is level PT_MAX_LEVELS - 1 */
#define PT_MAX_LEVELS 6

/* An opaque table in CPU memory. Formats cast it to their entry type. */
struct pt_table_p;

/**
 * enum pt_entry_type - what a loaded entry holds
 * @PT_ENTRY_EMPTY: nothing is mapped through this item
 * @PT_ENTRY_TABLE: the entry points to a table one level down
 * @PT_ENTRY_OA: the entry maps an output address (a leaf at any level)
 */
enum pt_entry_type {
	PT_ENTRY_EMPTY,
	PT_ENTRY_TABLE,
	PT_ENTRY_OA,
};

/**
 * struct pt_range - the span of input addresses one operation works on
 * @common: the page table
 * @top_table: the top table, as read once from pt_common::top_of_table
 * @va: the next input address to visit. Walkers advance it as they go, so
 *	it always lies inside the item being visited.
 * @last_va: the last input address of the operation (inclusive)
 * @top_level: level of @top_table
 * @max_vasz_lg2: log2 of the span the current top table covers
 *
 * A range is built once per operation from a single read of the top of the
 * table (pt_make_range()), so a concurrent growth of the top level cannot
 * make one operation see two different trees.
 */
struct pt_range {
	struct pt_common *common;
	struct pt_table_p *top_table;
	pt_vaddr_t va;
	pt_vaddr_t last_va;
	u8 top_level;
	u8 max_vasz_lg2;
};

/**
 * struct pt_state - a cursor over the items of one table
 * @range: the operation this cursor belongs to
 * @table: the table being walked
 * @table_lower: the lower table @entry points to, valid when @type is
 *	PT_ENTRY_TABLE
 * @entry: the entry loaded by pt_load_single_entry()
 * @type: the type of @entry
 * @index: the item being visited
 * @end_index: one past the last item of @table inside the range
 * @level: the level of @table
 *
 * A pt_state lives on the stack of the function walking one level; the walk
 * of the next level down has its own. The indexes are full words: loops
 * over them then need no 16 bit wrap, and the struct is no larger.
 */
struct pt_state {
	struct pt_range *range;
	struct pt_table_p *table;
	struct pt_table_p *table_lower;
	u64 entry;
	enum pt_entry_type type;
	unsigned int index;
	unsigned int end_index;
	u8 level;
};

/*
 * A format defines PT_SUPPORTED_FEATURES before including this header to list
 * the features it implements; a test of any other feature folds to false at
 * compile time and takes its code with it.
 */
#ifndef PT_SUPPORTED_FEATURES
#define PT_SUPPORTED_FEATURES 0
#endif

/*
 * Write @word, @word + @step, @word + 2 * @step, ... to the @num 64 bit
 * items from @tablep, each with one WRITE_ONCE(): the replicas of a
 * contiguous run (@step 0), a run of pages (@step the item size) or zeros.
 * Unrolled: a run of small pages is bound by these stores, and a loop of one
 * store per turn runs at half their speed.
 */
static __always_inline void pt_write_words64(u64 *tablep, unsigned long num,
					     u64 word, u64 step)
{
	unsigned long i;

	for (i = 0; i + 4 <= num; i += 4, word += 4 * step) {
		WRITE_ONCE(tablep[i], word);
		WRITE_ONCE(tablep[i + 1], word + step);
		WRITE_ONCE(tablep[i + 2], word + 2 * step);
		WRITE_ONCE(tablep[i + 3], word + 3 * step);
	}
	for (; i != num; i++, word += step)
		WRITE_ONCE(tablep[i], word);
}

/*
 * For a format's pt_entry_oa_is_linear(): true if every address of the run
 * [@oa, @last_oa] agrees with @oa at and above the lowest set bit of @bits
 * (always, for 0). Adding the run's offsets to an entry that holds @oa then
 * never carries into those bits, which the entry may hold elsewhere.
 */
static inline bool pt_oa_run_keeps_bits(pt_oaddr_t oa, pt_oaddr_t last_oa,
					u64 bits)
{
	return !bits || (oa ^ last_oa) < (bits & -bits);
}

/* True when the table was created with feature @feature_nr */
static inline bool pt_feature(const struct pt_common *common,
			      unsigned int feature_nr)
{
	if (!(PT_SUPPORTED_FEATURES & BIT(feature_nr)))
		return false;
	return common->features & BIT(feature_nr);
}

static inline bool pts_feature(const struct pt_state *pts,
			       unsigned int feature_nr)
{
	return pt_feature(pts->range->common, feature_nr);
}

#endif
