/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: the contract between a format and the generic code.
 *
 * A format is a header in fmt/ that describes one page table layout the way
 * the hardware specification does: how many items a table has at each level,
 * how an entry encodes a table pointer or an output address, which page
 * sizes a level can hold. Everything else (walking, mapping, tests) is
 * generic code compiled once per format, so every format function receives
 * its level as a compile-time constant in the hot paths and folds away.
 *
 * A format header:
 *  - defines PT_SUPPORTED_FEATURES, then includes pt_defs.h;
 *  - defines the constants below;
 *  - implements each required function under its own prefix and maps it with
 *    a #define, e.g. "#define pt_table_pa amdv1pt_table_pa";
 *  - may do the same for the optional functions, which otherwise get the
 *    defaults at the end of this file;
 *  - defines struct pt_write_attrs, the precomputed bits of the entries a
 *    write operation installs.
 *
 * This file is included after the format header (pt_iter.h does it); the
 * declarations below then check every implementation against the contract.
 *
 * Required constants:
 *  - PT_MAX_TOP_LEVEL: the highest level a table of this format can have
 *  - PT_GRANULE_LG2SZ: log2 of the smallest page, the span of a level 0 item
 *  - PT_TABLEMEM_LG2SZ: log2 of the bytes of a table below the top. A top
 *    table may have fewer items (it is still given this much memory) or
 *    more: pt_num_items_lg2() decides, see pt_table_mem_lg2sz().
 *  - PT_MAX_OUTPUT_ADDRESS_LG2: log2 of the output address space
 *  - PT_MAX_VA_ADDRESS_LG2: log2 of the largest input address space
 *  - PT_ITEM_WORD_SIZE: bytes of one entry
 */
#ifndef __GENERIC_PT_FMT_API_H
#define __GENERIC_PT_FMT_API_H

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include "pt_defs.h"

static_assert(PT_MAX_TOP_LEVEL < PT_MAX_LEVELS);
static_assert(PT_MAX_TOP_LEVEL <= PT_TOP_LEVEL_MASK);
static_assert(PT_MAX_VA_ADDRESS_LG2 <= PT_LOG2_BITS);
static_assert(PT_MAX_OUTPUT_ADDRESS_LG2 <= PT_LOG2_BITS);
static_assert(PT_TABLEMEM_LG2SZ >= 6);
static_assert(PT_ITEM_WORD_SIZE == 4 || PT_ITEM_WORD_SIZE == 8);

/**
 * pt_table_item_lg2sz() - the span of one item of the table
 * @pts: the table's cursor; only the level and common are used
 *
 * Context: any.
 * Return: log2 of the input address span one item at pts->level translates.
 */
static inline unsigned int pt_table_item_lg2sz(const struct pt_state *pts);

/**
 * pt_num_items_lg2() - the number of items in the table
 * @pts: the table's cursor; only the level and common are used
 *
 * Context: any.
 * Return: log2 of the number of items of a table at pts->level.
 */
static inline unsigned int pt_num_items_lg2(const struct pt_state *pts);

/**
 * pt_load_entry_raw() - read the entry at pts->index
 * @pts: the cursor
 *
 * Reads the entry once (READ_ONCE()) into pts->entry and decodes its type.
 * It must never report PT_ENTRY_TABLE where pt_can_have_table() is false.
 *
 * Context: any; the caller keeps the table alive.
 * Return: the type of the entry.
 */
static inline enum pt_entry_type pt_load_entry_raw(struct pt_state *pts);

/**
 * pt_table_pa() - the physical address of the table an entry points to
 * @pts: a cursor whose entry is of type PT_ENTRY_TABLE
 *
 * Context: any.
 * Return: the CPU physical address of the lower table.
 */
static inline pt_oaddr_t pt_table_pa(const struct pt_state *pts);

/**
 * pt_entry_oa() - the output address an entry maps
 * @pts: a cursor whose entry is of type PT_ENTRY_OA
 *
 * Context: any.
 * Return: the output address of the first byte of the page the entry (and
 * its contiguous run, if any) maps: aligned to the page size.
 */
static inline pt_oaddr_t pt_entry_oa(const struct pt_state *pts);

/**
 * pt_install_leaf_entry() - write an OA entry at pts->index
 * @pts: the cursor; the items written must be empty
 * @oa: the output address, aligned to 2^@oasz_lg2
 * @oasz_lg2: log2 of the page size, one of pt_possible_sizes()
 * @attrs: the permission and attribute bits to use
 *
 * Writes 2^(@oasz_lg2 - pt_table_item_lg2sz()) entries when the page is
 * larger than one item; pts->index must be aligned to that count. Loads
 * pts->entry with the value written.
 *
 * Context: the caller owns the items (no concurrent writer of them).
 */
static inline void pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
					 unsigned int oasz_lg2,
					 const struct pt_write_attrs *attrs);

/**
 * pt_install_table() - point an empty item to a lower table
 * @pts: the cursor; pts->entry must hold the value last loaded
 * @table_pa: the physical address of the lower table
 * @attrs: the attribute bits to use
 *
 * Installs with a release cmpxchg against pts->entry, so the zeroed lower
 * table is visible to walkers before the pointer to it, and two threads
 * installing a table in the same item agree on one winner.
 *
 * Context: any; concurrent installers of the same item are allowed.
 * Return: true if the table was installed, false if the item changed since it
 * was loaded (the caller reloads and frees its table).
 */
static inline bool pt_install_table(struct pt_state *pts, pt_oaddr_t table_pa,
				    const struct pt_write_attrs *attrs);

/**
 * pt_make_write_attrs() - compute the entry bits for an IOMMU protection
 * @common: the table
 * @attrs: returns the bits pt_install_leaf_entry() will use
 * @prot: IOMMU_READ, IOMMU_WRITE, IOMMU_CACHE, IOMMU_NOEXEC, IOMMU_MMIO, ...
 *
 * Context: any.
 * Return: 0, or -EINVAL if the format cannot express @prot.
 */
static inline int pt_make_write_attrs(const struct pt_common *common,
				      struct pt_write_attrs *attrs,
				      unsigned int prot);

/**
 * pt_entry_prot() - decode the IOMMU protection of an OA entry
 * @pts: a cursor whose entry is of type PT_ENTRY_OA
 *
 * Context: any.
 * Return: the IOMMU_READ and IOMMU_WRITE bits the entry grants.
 */
static inline unsigned int pt_entry_prot(const struct pt_state *pts);

/*
 * Item @index of @table as a raw word, for the generic loops over many items
 * (scans and runs of writes), one READ_ONCE()/WRITE_ONCE() each.
 */
static __always_inline u64 pt_table_word_read(const struct pt_table_p *table,
					      unsigned long index)
{
	const size_t word_size = PT_ITEM_WORD_SIZE;

	if (word_size == sizeof(u32))
		return READ_ONCE(((const u32 *)table)[index]);
	return READ_ONCE(((const u64 *)table)[index]);
}

static __always_inline void pt_table_word_write(struct pt_table_p *table,
						unsigned long index, u64 word)
{
	const size_t word_size = PT_ITEM_WORD_SIZE;

	if (word_size == sizeof(u32))
		WRITE_ONCE(((u32 *)table)[index], lower_32_bits(word));
	else
		WRITE_ONCE(((u64 *)table)[index], word);
}

/* pt_write_words64() for items [first, end) of @table, of any word size */
static __always_inline void pt_table_write_words(struct pt_table_p *table,
						 unsigned long first,
						 unsigned long end, u64 word,
						 u64 step)
{
	const size_t word_size = PT_ITEM_WORD_SIZE;
	unsigned long i;

	if (word_size == sizeof(u64)) {
		pt_write_words64((u64 *)table + first, end - first, word, step);
		return;
	}
	for (i = first; i != end; i++, word += step)
		pt_table_word_write(table, i, word);
}

/*
 * Replace item @index of @table with @new if it still holds @old, with one
 * fully ordered compare-and-exchange. Return: true if it did.
 */
static __always_inline bool pt_table_word_cmpxchg(struct pt_table_p *table,
						  unsigned long index, u64 old,
						  u64 new)
{
	const size_t word_size = PT_ITEM_WORD_SIZE;

	if (word_size == sizeof(u32))
		return cmpxchg(&((u32 *)table)[index], lower_32_bits(old),
			       lower_32_bits(new)) == lower_32_bits(old);
	return try_cmpxchg64(&((u64 *)table)[index], &old, new);
}

/**
 * pt_attr_from_entry() - the attributes of an OA entry, to map its pieces
 * @pts: a cursor whose entry is of type PT_ENTRY_OA
 * @attrs: returns the attributes
 *
 * Unmapping part of a large page cuts it into smaller pages that must
 * translate as it did: pt_install_leaf_entry() given @attrs writes leaves
 * of any size and level with the permissions, memory type and dirty state
 * of this entry.
 *
 * Context: any.
 */
static inline void pt_attr_from_entry(const struct pt_state *pts,
				      struct pt_write_attrs *attrs);

/* Optional functions, with their defaults */

/*
 * PT_TOMBSTONE_ENTRY - an entry the walker reads as not present and
 * pt_load_entry_raw() as PT_ENTRY_EMPTY, but that is not zero: it marks an
 * item whose lower table an unmap freed while the IOMMU's walk caches may
 * still hold it, so that the next map there flushes them. The default sets
 * bit 62, which every 64 bit format so far ignores in a non-present entry.
 */
#ifndef PT_TOMBSTONE_ENTRY
#define PT_TOMBSTONE_ENTRY BIT_ULL(62)
#endif

/**
 * pt_can_track_dirty() - can the walker record writes in this table
 * @common: the table
 *
 * Context: any.
 * Return: true if the walker sets a dirty state in the leaves it writes
 * through, so that pt_entry_is_write_dirty() means something. The default
 * says no.
 */
static inline bool pt_can_track_dirty(const struct pt_common *common);
#ifndef pt_can_track_dirty
static inline bool pt_can_track_dirty(const struct pt_common *common)
{
	return false;
}
#endif

/**
 * pt_clear_entries() - empty a run of items
 * @pts: the cursor, at the first item to clear
 * @num_contig_lg2: log2 of the number of items to clear
 *
 * The default writes zero, the empty entry of every format so far, to each
 * item with one WRITE_ONCE(), so that a walker never sees a torn entry.
 *
 * Context: the caller owns the items.
 */
static inline void pt_clear_entries(struct pt_state *pts,
				    unsigned int num_contig_lg2);
#ifndef pt_clear_entries
static __always_inline void pt_clear_entries(struct pt_state *pts,
					     unsigned int num_contig_lg2)
{
	pt_table_write_words(pts->table, pts->index,
			     pts->index + log2_to_int(num_contig_lg2), 0, 0);
}
#endif

/**
 * pt_entry_oa_is_linear() - do a run's entries differ by their OA alone
 * @pts: the table's cursor; only the level and common are used
 * @oa: the output address of the first of a run of single-item leaves
 * @last_oa: the last byte the run maps
 *
 * Where an entry holds the output address at the address's own bit
 * positions, the entry of each next single-item leaf of a run is the one
 * before plus the item size, and a map of many pages writes them in a tight
 * loop. The default (false) makes each entry with pt_install_leaf_entry().
 *
 * Context: any.
 * Return: true if, for every n in the run, the entry mapping @oa plus n
 * items is the entry mapping @oa plus n times the item size.
 */
static inline bool pt_entry_oa_is_linear(const struct pt_state *pts,
					 pt_oaddr_t oa, pt_oaddr_t last_oa);
#ifndef pt_entry_oa_is_linear
static inline bool pt_entry_oa_is_linear(const struct pt_state *pts,
					 pt_oaddr_t oa, pt_oaddr_t last_oa)
{
	return false;
}
#endif

/**
 * pt_fmt_top_level() - the level of the top table of a new table
 * @common: the new table, with its features and sizes set
 * @level: the level the creator asked for
 *
 * Formats whose number of levels follows from the input address size (ARM
 * LPAE) compute it here; the default takes the creator's word.
 *
 * Context: any.
 * Return: the level of the top table, or -EINVAL if the format cannot make
 * a table of these sizes and features.
 */
static inline int pt_fmt_top_level(const struct pt_common *common,
				   unsigned int level);
#ifndef pt_fmt_top_level
static inline int pt_fmt_top_level(const struct pt_common *common,
				   unsigned int level)
{
	return level;
}
#endif

/**
 * pt_can_have_leaf() - can the table hold OA entries
 * @pts: the table's cursor
 *
 * Context: any.
 * Return: true if an item at pts->level may map an output address.
 */
static inline bool pt_can_have_leaf(const struct pt_state *pts);
#ifndef pt_can_have_leaf
static inline bool pt_can_have_leaf(const struct pt_state *pts)
{
	return true;
}
#endif

/**
 * pt_can_have_table() - can the table point to lower tables
 * @pts: the table's cursor
 *
 * Context: any.
 * Return: true if an item at pts->level may hold a table pointer.
 */
static inline bool pt_can_have_table(const struct pt_state *pts);
#ifndef pt_can_have_table
static inline bool pt_can_have_table(const struct pt_state *pts)
{
	return pts->level > 0;
}
#endif

/**
 * pt_possible_sizes() - the page sizes a level can map
 * @pts: the table's cursor
 *
 * Context: any.
 * Return: a bitmap with bit n set if an OA entry (or contiguous run of OA
 * entries) in a table at pts->level can map a page of size 2^n.
 */
static inline u64 pt_possible_sizes(const struct pt_state *pts);
#ifndef pt_possible_sizes
static inline u64 pt_possible_sizes(const struct pt_state *pts)
{
	unsigned int isz_lg2 = pt_table_item_lg2sz(pts);

	if (!pt_can_have_leaf(pts) || isz_lg2 >= PT_LOG2_BITS)
		return 0;
	return log2_to_int(isz_lg2);
}
#endif

/**
 * pt_entry_num_contig_lg2() - the length of an OA entry's contiguous run
 * @pts: a cursor whose entry is of type PT_ENTRY_OA
 *
 * Context: any.
 * Return: log2 of the number of identical items that together map the page
 * this entry belongs to; 0 for a single item.
 */
static inline unsigned int pt_entry_num_contig_lg2(const struct pt_state *pts);
#ifndef pt_entry_num_contig_lg2
static inline unsigned int pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	return 0;
}
#endif

/**
 * pt_entry_is_write_dirty() - did the walker write through this OA entry
 * @pts: a cursor whose entry is of type PT_ENTRY_OA
 *
 * For a contiguous run, the whole run is dirty when any of its items is.
 *
 * Context: any.
 * Return: true if the hardware set the dirty state of the entry.
 */
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts);
#ifndef pt_entry_is_write_dirty
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts)
{
	return false;
}
#endif

/**
 * pt_entry_set_write_clean() - clear the dirty state of an OA entry
 * @pts: a cursor whose entry is of type PT_ENTRY_OA, at the first item of
 *	its contiguous run
 *
 * Clears the dirty state of every item of the run atomically per item, so
 * that a concurrent hardware update is not lost.
 *
 * Context: any.
 */
static inline void pt_entry_set_write_clean(struct pt_state *pts);
#ifndef pt_entry_set_write_clean
static inline void pt_entry_set_write_clean(struct pt_state *pts)
{
}
#endif

/**
 * pt_entry_make_write_dirty() - set the dirty state of an OA entry
 * @pts: a cursor whose entry is of type PT_ENTRY_OA
 *
 * Does what the walker does when it writes through the entry; used to test
 * dirty tracking without hardware.
 *
 * Context: any.
 * Return: false if the entry cannot become dirty (the format has no dirty
 * state, or the entry's dirty state is not tracked), else true.
 */
static inline bool pt_entry_make_write_dirty(struct pt_state *pts);
#ifndef pt_entry_make_write_dirty
static inline bool pt_entry_make_write_dirty(struct pt_state *pts)
{
	return false;
}
#endif

#endif
