/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel VT-d second stage page table, as described in the Intel
 * Virtualization Technology for Directed I/O specification, section
 * "Second-Stage Paging Entries".
 *
 * - 4 KiB granule; every table is 4 KiB and holds 512 64 bit entries.
 * - 3, 4 or 5 levels for an adjusted guest address width (AGAW) of 39, 48
 *   or 57 bits (top level 2, 3 or 4).
 * - 52 bit output addresses.
 * - There is no present bit: an entry is valid when it grants read or
 *   write. Levels 1 and 2 hold a 2 MiB or 1 GiB super page when PS is set,
 *   else a table pointer; level 0 always holds 4 KiB pages; levels 3 and 4
 *   only table pointers. Whether the IOMMU supports 2M and 1G super pages
 *   is a capability: the driver trims the domain's pgsize_bitmap.
 * - R and W grant read and write; SNP forces snooped accesses. A and D are
 *   the accessed and dirty bits the IOMMU sets when second stage access and
 *   dirty tracking (SSADE) is enabled in the PASID table entry.
 *
 * Bit positions are the specification's: R 0, W 1, PS 7, A 8, D 9, SNP 11,
 * the address from bit 12.
 */
#ifndef __GENERIC_PT_FMT_VTDSS_H
#define __GENERIC_PT_FMT_VTDSS_H

#include <linux/generic_pt/common.h>

#define PT_FMT vtdss
#define PT_SUPPORTED_FEATURES \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_VTDSS_FORCE_COHERENCE))

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/iommu.h>
#include "../pt_defs.h"

enum {
	PT_MAX_OUTPUT_ADDRESS_LG2 = 52,
	PT_MAX_VA_ADDRESS_LG2 = 57,
	PT_ITEM_WORD_SIZE = sizeof(u64),
	PT_MAX_TOP_LEVEL = 4,
	PT_GRANULE_LG2SZ = 12,
	PT_TABLEMEM_LG2SZ = 12,
};

#define VTDSS_FMT_R BIT_ULL(0)
#define VTDSS_FMT_W BIT_ULL(1)
#define VTDSS_FMT_PS BIT_ULL(7)
#define VTDSS_FMT_A BIT_ULL(8)
#define VTDSS_FMT_D BIT_ULL(9)
#define VTDSS_FMT_SNP BIT_ULL(11)
#define VTDSS_FMT_OA GENMASK_ULL(51, 12)

struct vtdsspt_table {
	u64 entries[512];
};

/**
 * struct pt_write_attrs - the bits of the entries a write installs
 * @descriptor_bits: R, W and SNP for leaves
 */
struct pt_write_attrs {
	u64 descriptor_bits;
};

static __always_inline u64 *vtdsspt_tablep(const struct pt_state *pts)
{
	return ((struct vtdsspt_table *)pts->table)->entries;
}

static __always_inline unsigned int
vtdsspt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + 9 * pts->level;
}

#define pt_table_item_lg2sz vtdsspt_table_item_lg2sz

static __always_inline unsigned int
vtdsspt_num_items_lg2(const struct pt_state *pts)
{
	return 9;
}

#define pt_num_items_lg2 vtdsspt_num_items_lg2

/* 4K pages and 2M and 1G super pages */
static __always_inline bool vtdsspt_can_have_leaf(const struct pt_state *pts)
{
	return pts->level <= 2;
}

#define pt_can_have_leaf vtdsspt_can_have_leaf

static __always_inline enum pt_entry_type
vtdsspt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(vtdsspt_tablep(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & (VTDSS_FMT_R | VTDSS_FMT_W)))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0 ||
	    (vtdsspt_can_have_leaf(pts) && (entry & VTDSS_FMT_PS)))
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw vtdsspt_load_entry_raw

static __always_inline pt_oaddr_t vtdsspt_table_pa(const struct pt_state *pts)
{
	return pts->entry & VTDSS_FMT_OA;
}

#define pt_table_pa vtdsspt_table_pa

static __always_inline pt_oaddr_t vtdsspt_entry_oa(const struct pt_state *pts)
{
	return log2_set_mod(pts->entry & VTDSS_FMT_OA, 0,
			    vtdsspt_table_item_lg2sz(pts));
}

#define pt_entry_oa vtdsspt_entry_oa

static __always_inline void
vtdsspt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			   unsigned int oasz_lg2,
			   const struct pt_write_attrs *attrs)
{
	u64 entry = attrs->descriptor_bits | oa;

	if (pts->level)
		entry |= VTDSS_FMT_PS;
	WRITE_ONCE(vtdsspt_tablep(pts)[pts->index], entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry vtdsspt_install_leaf_entry

/* A leaf holds its OA at the OA's own bits */
static __always_inline bool
vtdsspt_entry_oa_is_linear(const struct pt_state *pts, pt_oaddr_t oa,
			   pt_oaddr_t last_oa)
{
	return true;
}

#define pt_entry_oa_is_linear vtdsspt_entry_oa_is_linear

static __always_inline bool
vtdsspt_install_table(struct pt_state *pts, pt_oaddr_t table_pa,
		      const struct pt_write_attrs *attrs)
{
	u64 *tablep = vtdsspt_tablep(pts) + pts->index;

	/* The leaves alone decide the permissions */
	return try_cmpxchg64_release(tablep, &pts->entry,
				     VTDSS_FMT_R | VTDSS_FMT_W | table_pa);
}

#define pt_install_table vtdsspt_install_table

static inline bool vtdsspt_entry_is_write_dirty(const struct pt_state *pts)
{
	return READ_ONCE(vtdsspt_tablep(pts)[pts->index]) & VTDSS_FMT_D;
}

#define pt_entry_is_write_dirty vtdsspt_entry_is_write_dirty

static inline void vtdsspt_entry_set_write_clean(struct pt_state *pts)
{
	u64 *tablep = vtdsspt_tablep(pts) + pts->index;
	u64 old = READ_ONCE(*tablep);

	/* The IOMMU may set A or D concurrently: clear D with an atomic op */
	while (!try_cmpxchg64(tablep, &old, old & ~VTDSS_FMT_D))
		;
	pts->entry = old & ~VTDSS_FMT_D;
}

#define pt_entry_set_write_clean vtdsspt_entry_set_write_clean

static inline bool vtdsspt_entry_make_write_dirty(struct pt_state *pts)
{
	u64 *tablep = vtdsspt_tablep(pts) + pts->index;
	u64 old = READ_ONCE(*tablep);

	while (!try_cmpxchg64(tablep, &old, old | VTDSS_FMT_D))
		;
	pts->entry = old | VTDSS_FMT_D;
	return true;
}

#define pt_entry_make_write_dirty vtdsspt_entry_make_write_dirty

static inline int vtdsspt_make_write_attrs(const struct pt_common *common,
					   struct pt_write_attrs *attrs,
					   unsigned int prot)
{
	u64 bits = 0;

	/* An entry granting nothing would read as empty */
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (prot & IOMMU_READ)
		bits |= VTDSS_FMT_R;
	if (prot & IOMMU_WRITE)
		bits |= VTDSS_FMT_W;
	if (pt_feature(common, PT_FEAT_VTDSS_FORCE_COHERENCE))
		bits |= VTDSS_FMT_SNP;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_make_write_attrs vtdsspt_make_write_attrs

/* Everything but PS and the address: R, W, A, D, SNP and the rest */
static __always_inline void vtdsspt_attr_from_entry(const struct pt_state *pts,
						    struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits = pts->entry & ~(VTDSS_FMT_PS | VTDSS_FMT_OA);
}

#define pt_attr_from_entry vtdsspt_attr_from_entry

/* An AGAW of 39, 48 or 57 bits: 3, 4 or 5 levels */
static inline int vtdsspt_fmt_top_level(const struct pt_common *common,
					unsigned int level)
{
	if (level < 2 || level > 4)
		return -EINVAL;
	return level;
}

#define pt_fmt_top_level vtdsspt_fmt_top_level

/* The IOMMU sets D in the leaves it writes through (with SLADE) */
static inline bool vtdsspt_can_track_dirty(const struct pt_common *common)
{
	return true;
}

#define pt_can_track_dirty vtdsspt_can_track_dirty

static inline unsigned int vtdsspt_entry_prot(const struct pt_state *pts)
{
	unsigned int prot = 0;

	if (pts->entry & VTDSS_FMT_R)
		prot |= IOMMU_READ;
	if (pts->entry & VTDSS_FMT_W)
		prot |= IOMMU_WRITE;
	return prot;
}

#define pt_entry_prot vtdsspt_entry_prot

#endif
