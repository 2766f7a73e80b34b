/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM VMSAv8-64 long descriptor ("LPAE") page table, as described in the Arm
 * Architecture Reference Manual for A-profile, chapter "The AArch64 Virtual
 * Memory System Architecture", and walked by the SMMUv3 for stage 1 (the
 * context descriptor's TTB0) and stage 2 (the STE's S2TTB).
 *
 * One header for the three translation granules: armv8_4k.h, armv8_16k.h and
 * armv8_64k.h define ARMV8_GRANULE_LG2SZ and include it, so each granule is
 * its own compilation with its geometry folded into constants.
 *
 * - Every table is one granule of 64 bit entries: 512, 2048 or 8192 of them
 *   (9, 11 or 13 bits per level).
 * - The input address size (IAS) gives the number of levels, up to 4 (the
 *   architecture's levels 0 to 3, here levels 3 to 0). The top table holds
 *   only the items the IAS needs. A stage 2 table whose walk would start at
 *   the architecture's level 0 with at most 16 items starts at level 1
 *   instead, with up to 16 tables concatenated into one top table.
 * - Output addresses of up to 48 bits, 52 with the 64K granule (bits 51:48
 *   of the address are then held in bits 15:12 of the entry).
 * - Bits 1:0 are 0b11 for a table pointer, or for a page at the lowest level,
 *   and 0b01 for a block (a leaf above the lowest level). Blocks exist at
 *   the 4K granule's levels 1 and 2 (2M, 1G), the 16K granule's level 1
 *   (32M) and the 64K granule's level 1 (512M) and, with 52 bit output
 *   addresses, level 2 (4T).
 * - The contiguous bit (52) marks one of a run of entries that map one
 *   larger page: 16 entries at the 4K granule, 128 pages or 32 blocks at
 *   16K, 32 at 64K. Each entry of the run holds its own part of the address.
 * - Stage 1 leaves: AttrIndx (4:2) selects a MAIR attribute, AP[1] (6)
 *   grants unprivileged access, AP[2] (7) makes the page read-only, SH
 *   (9:8) the shareability, AF (10) the access flag, nG (11) not global,
 *   UXN/PXN (54:53) forbid execution. With hardware dirty state (DBM, 51) a
 *   writable page is writable-clean while AP[2] is set and becomes dirty
 *   when the SMMU clears AP[2] on a write.
 * - Stage 2 leaves: MemAttr (5:2), S2AP (7:6) read and write permission,
 *   SH, AF and XN (54:53).
 *
 * The attribute encodings, MAIR indexes and the page sizes offered are
 * those of drivers/iommu/io-pgtable-arm.c, so that a table built here is
 * bit for bit the one io-pgtable-arm builds for the same operations.
 */
#ifndef __GENERIC_PT_FMT_ARMV8_H
#define __GENERIC_PT_FMT_ARMV8_H

#include <linux/generic_pt/common.h>

#define PT_SUPPORTED_FEATURES                                        \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_ARMV8_S2) |        \
	 BIT(PT_FEAT_ARMV8_DBM))
/* The three granules share one table type in linux/generic_pt/iommu.h */
#define PT_IOMMU_TYPE_NAME armv8

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/iommu.h>
#include <linux/math.h>
#include "../pt_defs.h"

enum {
	ARMV8PT_BITS_PER_LEVEL = ARMV8_GRANULE_LG2SZ - 3,
	/* Concatenated stage 2 top tables: at most 16 */
	ARMV8PT_MAX_CONCAT_LG2 = 4,
};

enum {
	PT_GRANULE_LG2SZ = ARMV8_GRANULE_LG2SZ,
	PT_TABLEMEM_LG2SZ = ARMV8_GRANULE_LG2SZ,
	PT_ITEM_WORD_SIZE = sizeof(u64),
	PT_MAX_OUTPUT_ADDRESS_LG2 = ARMV8_GRANULE_LG2SZ == 16 ? 52 : 48,
	PT_MAX_VA_ADDRESS_LG2 = ARMV8_GRANULE_LG2SZ == 16 ? 52 : 48,
	/* 4 levels for 4K and 16K (48 bits), 3 for 64K (52 bits) */
	PT_MAX_TOP_LEVEL = ARMV8_GRANULE_LG2SZ == 16 ? 2 : 3,
};

#define ARMV8PT_FMT_VALID BIT_ULL(0)
#define ARMV8PT_FMT_TYPE BIT_ULL(1)
#define ARMV8PT_FMT_ATTRINDX GENMASK_ULL(4, 2)
#define ARMV8PT_FMT_AP_UNPRIV BIT_ULL(6)
#define ARMV8PT_FMT_AP_RDONLY BIT_ULL(7)
#define ARMV8PT_FMT_SH GENMASK_ULL(9, 8)
#define ARMV8PT_FMT_AF BIT_ULL(10)
#define ARMV8PT_FMT_NG BIT_ULL(11)
#define ARMV8PT_FMT_OA GENMASK_ULL(47, ARMV8_GRANULE_LG2SZ)
/* 64K granule: bits 51:48 of the output address */
#define ARMV8PT_FMT_OA_HI GENMASK_ULL(15, 12)
#define ARMV8PT_FMT_DBM BIT_ULL(51)
#define ARMV8PT_FMT_CONTIG BIT_ULL(52)
#define ARMV8PT_FMT_XN GENMASK_ULL(54, 53)

/* Stage 2 */
#define ARMV8PT_FMT_S2_MEMATTR GENMASK_ULL(5, 2)
#define ARMV8PT_FMT_S2AP_R BIT_ULL(6)
#define ARMV8PT_FMT_S2AP_W BIT_ULL(7)

/* Field values */
enum {
	ARMV8PT_SH_OS = 2,
	ARMV8PT_SH_IS = 3,
	/* The MAIR indexes io-pgtable-arm programs */
	ARMV8PT_MAIR_NC = 0,
	ARMV8PT_MAIR_CACHE = 1,
	ARMV8PT_MAIR_DEV = 2,
	/* Stage 2 MemAttr: Device-nGnRE, Normal NC, Normal WB */
	ARMV8PT_S2_MEMATTR_DEV = 0x1,
	ARMV8PT_S2_MEMATTR_NC = 0x5,
	ARMV8PT_S2_MEMATTR_OIWB = 0xf,
};

struct armv8pt_table {
	u64 entries[1 << ARMV8PT_BITS_PER_LEVEL];
};

/**
 * struct pt_write_attrs - the bits of the entries a write installs
 * @descriptor_bits: the permission and attribute bits of leaves
 */
struct pt_write_attrs {
	u64 descriptor_bits;
};

static __always_inline u64 *armv8pt_tablep(const struct pt_state *pts)
{
	return (u64 *)pts->table;
}

static __always_inline unsigned int
armv8pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + ARMV8PT_BITS_PER_LEVEL * pts->level;
}

#define pt_table_item_lg2sz armv8pt_table_item_lg2sz

/*
 * Only the top table differs: it holds what the IAS needs, fewer items than a
 * table or, concatenated, more. A table has at least two levels, so level 0
 * is never the top and the test folds away where it matters most.
 */
static __always_inline unsigned int
armv8pt_num_items_lg2(const struct pt_state *pts)
{
	if (pts->level && pts->level == pts->range->top_level)
		return pts->range->common->max_vasz_lg2 -
		       armv8pt_table_item_lg2sz(pts);
	return ARMV8PT_BITS_PER_LEVEL;
}

#define pt_num_items_lg2 armv8pt_num_items_lg2

/*
 * The number of levels follows from the IAS. Stage 2 concatenates up to 16
 * top tables rather than start a walk with a level of at most 16 items.
 */
static inline int armv8pt_fmt_top_level(const struct pt_common *common,
					unsigned int level)
{
	unsigned int bits = common->max_vasz_lg2 - PT_GRANULE_LG2SZ;
	unsigned int top_level;

	if (common->max_vasz_lg2 <= PT_GRANULE_LG2SZ + ARMV8PT_BITS_PER_LEVEL ||
	    common->max_vasz_lg2 > PT_MAX_VA_ADDRESS_LG2)
		return -EINVAL;
	/* Dirty state is a stage 1 feature, as in io-pgtable-arm */
	if (pt_feature(common, PT_FEAT_ARMV8_S2) &&
	    pt_feature(common, PT_FEAT_ARMV8_DBM))
		return -EINVAL;
	top_level = DIV_ROUND_UP(bits, ARMV8PT_BITS_PER_LEVEL) - 1;
	if (pt_feature(common, PT_FEAT_ARMV8_S2) && top_level == 3 &&
	    bits - 3 * ARMV8PT_BITS_PER_LEVEL <= ARMV8PT_MAX_CONCAT_LG2)
		top_level = 2;
	if (level && level != top_level)
		return -EINVAL;
	return top_level;
}

#define pt_fmt_top_level armv8pt_fmt_top_level

static __always_inline bool armv8pt_can_have_leaf(const struct pt_state *pts)
{
	switch (pts->level) {
	case 0:
		return true;
	case 1:
		return true;
	case 2:
		if (PT_GRANULE_LG2SZ == 12)
			return true;
		/* 4T blocks need 52 bit output addresses */
		return PT_GRANULE_LG2SZ == 16 &&
		       pts->range->common->max_oasz_lg2 > 48;
	default:
		return false;
	}
}

#define pt_can_have_leaf armv8pt_can_have_leaf

/* log2 of the number of entries of a contiguous run at pts->level */
static __always_inline unsigned int
armv8pt_contig_lg2(const struct pt_state *pts)
{
	if (PT_GRANULE_LG2SZ == 12)
		return pts->level <= 2 ? 4 : 0;
	if (PT_GRANULE_LG2SZ == 14)
		return pts->level == 0 ? 7 : pts->level == 1 ? 5 : 0;
	return pts->level <= 1 ? 5 : 0;
}

static __always_inline u64 armv8pt_possible_sizes(const struct pt_state *pts)
{
	unsigned int isz_lg2 = armv8pt_table_item_lg2sz(pts);
	unsigned int contig_lg2 = armv8pt_contig_lg2(pts);
	u64 sizes;

	if (!armv8pt_can_have_leaf(pts))
		return 0;
	sizes = log2_to_int(isz_lg2);
	/* A run must fit in the table */
	if (contig_lg2 && contig_lg2 <= armv8pt_num_items_lg2(pts))
		sizes |= log2_to_int(isz_lg2 + contig_lg2);
	return sizes;
}

#define pt_possible_sizes armv8pt_possible_sizes

static __always_inline u64 armv8pt_oa_to_entry(pt_oaddr_t oa)
{
	if (PT_GRANULE_LG2SZ == 16)
		return (oa & ARMV8PT_FMT_OA) |
		       FIELD_PREP(ARMV8PT_FMT_OA_HI, oa >> 48);
	return oa & ARMV8PT_FMT_OA;
}

static __always_inline pt_oaddr_t armv8pt_entry_to_oa(u64 entry)
{
	if (PT_GRANULE_LG2SZ == 16)
		return (entry & ARMV8PT_FMT_OA) |
		       ((u64)FIELD_GET(ARMV8PT_FMT_OA_HI, entry) << 48);
	return entry & ARMV8PT_FMT_OA;
}

static __always_inline enum pt_entry_type
armv8pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(armv8pt_tablep(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & ARMV8PT_FMT_VALID))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0) {
		/* 0b01 at the lowest level is reserved: it translates nothing */
		if (!(entry & ARMV8PT_FMT_TYPE))
			return PT_ENTRY_EMPTY;
		return PT_ENTRY_OA;
	}
	if (entry & ARMV8PT_FMT_TYPE)
		return PT_ENTRY_TABLE;
	return PT_ENTRY_OA;
}

#define pt_load_entry_raw armv8pt_load_entry_raw

static __always_inline pt_oaddr_t armv8pt_table_pa(const struct pt_state *pts)
{
	return armv8pt_entry_to_oa(pts->entry);
}

#define pt_table_pa armv8pt_table_pa

static __always_inline unsigned int
armv8pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	if (pts->entry & ARMV8PT_FMT_CONTIG)
		return armv8pt_contig_lg2(pts);
	return 0;
}

#define pt_entry_num_contig_lg2 armv8pt_entry_num_contig_lg2

/* Each entry of a run holds its own address: align to the whole page */
static __always_inline pt_oaddr_t armv8pt_entry_oa(const struct pt_state *pts)
{
	return log2_set_mod(armv8pt_entry_to_oa(pts->entry), 0,
			    armv8pt_table_item_lg2sz(pts) +
				    armv8pt_entry_num_contig_lg2(pts));
}

#define pt_entry_oa armv8pt_entry_oa

static __always_inline void
armv8pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			   unsigned int oasz_lg2,
			   const struct pt_write_attrs *attrs)
{
	unsigned int isz_lg2 = armv8pt_table_item_lg2sz(pts);
	u64 *tablep = armv8pt_tablep(pts) + pts->index;
	u64 entry = ARMV8PT_FMT_VALID | attrs->descriptor_bits;

	if (pts->level == 0)
		entry |= ARMV8PT_FMT_TYPE;
	if (oasz_lg2 == isz_lg2) {
		entry |= armv8pt_oa_to_entry(oa);
		WRITE_ONCE(*tablep, entry);
	} else {
		/*
		 * Each item maps its own part of the page. The run is aligned
		 * to its size, at most 16G, so it never crosses 2^48 and the
		 * items' entries are a stride.
		 */
		entry |= ARMV8PT_FMT_CONTIG | armv8pt_oa_to_entry(oa);
		pt_write_words64(tablep, log2_to_int(oasz_lg2 - isz_lg2), entry,
				 log2_to_int(isz_lg2));
	}
	pts->entry = entry;
}

#define pt_install_leaf_entry armv8pt_install_leaf_entry

/* OA bits 51:48 sit at entry bits 15:12: a run must not change them */
static __always_inline bool
armv8pt_entry_oa_is_linear(const struct pt_state *pts, pt_oaddr_t oa,
			   pt_oaddr_t last_oa)
{
	return pt_oa_run_keeps_bits(oa, last_oa, GENMASK_ULL(51, 48));
}

#define pt_entry_oa_is_linear armv8pt_entry_oa_is_linear

static __always_inline bool
armv8pt_install_table(struct pt_state *pts, pt_oaddr_t table_pa,
		      const struct pt_write_attrs *attrs)
{
	u64 *tablep = armv8pt_tablep(pts) + pts->index;
	u64 entry;

	/* No APTable/XNTable limits: the leaves alone decide */
	entry = ARMV8PT_FMT_VALID | ARMV8PT_FMT_TYPE |
		armv8pt_oa_to_entry(table_pa);
	return try_cmpxchg64_release(tablep, &pts->entry, entry);
}

#define pt_install_table armv8pt_install_table

/* Writable, with the write not yet recorded (stage 1 with DBM) */
static __always_inline bool armv8pt_writable_clean(u64 entry)
{
	return (entry & (ARMV8PT_FMT_DBM | ARMV8PT_FMT_AP_RDONLY)) ==
	       (ARMV8PT_FMT_DBM | ARMV8PT_FMT_AP_RDONLY);
}

static inline bool armv8pt_entry_is_write_dirty(const struct pt_state *pts)
{
	unsigned int num_contig_lg2 = armv8pt_entry_num_contig_lg2(pts);
	u64 *tablep = armv8pt_tablep(pts) +
		      log2_set_mod(pts->index, 0, num_contig_lg2);
	unsigned int i;

	if (!pts_feature(pts, PT_FEAT_ARMV8_DBM))
		return false;
	/* The SMMU clears AP[2] of the one entry of the run it used */
	for (i = 0; i != log2_to_int(num_contig_lg2); i++) {
		u64 entry = READ_ONCE(tablep[i]);

		if ((entry & ARMV8PT_FMT_DBM) && !armv8pt_writable_clean(entry))
			return true;
	}
	return false;
}

#define pt_entry_is_write_dirty armv8pt_entry_is_write_dirty

static inline void armv8pt_entry_set_write_clean(struct pt_state *pts)
{
	unsigned int num_contig_lg2 = armv8pt_entry_num_contig_lg2(pts);
	u64 *tablep = armv8pt_tablep(pts) + pts->index;
	unsigned int i;

	if (!pts_feature(pts, PT_FEAT_ARMV8_DBM))
		return;
	/*
	 * Set AP[2] atomically: the SMMU may be clearing it meanwhile. Only
	 * while the item still holds a DBM page: an unmap of another part of
	 * a contiguous run may be cutting it.
	 */
	for (i = 0; i != log2_to_int(num_contig_lg2); i++) {
		u64 old = READ_ONCE(tablep[i]);

		while ((old & ARMV8PT_FMT_DBM) &&
		       !try_cmpxchg64(&tablep[i], &old,
				      old | ARMV8PT_FMT_AP_RDONLY))
			;
	}
	if (pts->entry & ARMV8PT_FMT_DBM)
		pts->entry |= ARMV8PT_FMT_AP_RDONLY;
}

#define pt_entry_set_write_clean armv8pt_entry_set_write_clean

static inline bool armv8pt_entry_make_write_dirty(struct pt_state *pts)
{
	u64 *tablep = armv8pt_tablep(pts) + pts->index;
	u64 old = READ_ONCE(*tablep);

	if (!pts_feature(pts, PT_FEAT_ARMV8_DBM))
		return false;
	/* What the SMMU does on a write through a writable-clean entry */
	if (!(old & ARMV8PT_FMT_DBM))
		return false;
	while (!try_cmpxchg64(tablep, &old, old & ~ARMV8PT_FMT_AP_RDONLY))
		;
	pts->entry = old & ~ARMV8PT_FMT_AP_RDONLY;
	return true;
}

#define pt_entry_make_write_dirty armv8pt_entry_make_write_dirty

/*
 * Memory type and shareability follow IOMMU_MMIO and IOMMU_CACHE as in
 * io-pgtable-arm. A writable stage 1 page with DBM starts writable-clean
 * (AP[2] set), as pages of the other formats start with their dirty bit
 * clear: io-pgtable-arm maps it dirty instead, so that the first read-back
 * reports every page ever mapped.
 */
static inline int armv8pt_make_write_attrs(const struct pt_common *common,
					   struct pt_write_attrs *attrs,
					   unsigned int prot)
{
	u64 bits = ARMV8PT_FMT_AF;

	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (pt_feature(common, PT_FEAT_ARMV8_S2)) {
		if (prot & IOMMU_READ)
			bits |= ARMV8PT_FMT_S2AP_R;
		if (prot & IOMMU_WRITE)
			bits |= ARMV8PT_FMT_S2AP_W;
		if (prot & IOMMU_MMIO)
			bits |= FIELD_PREP(ARMV8PT_FMT_S2_MEMATTR,
					   ARMV8PT_S2_MEMATTR_DEV);
		else if (prot & IOMMU_CACHE)
			bits |= FIELD_PREP(ARMV8PT_FMT_S2_MEMATTR,
					   ARMV8PT_S2_MEMATTR_OIWB);
		else
			bits |= FIELD_PREP(ARMV8PT_FMT_S2_MEMATTR,
					   ARMV8PT_S2_MEMATTR_NC);
	} else {
		bits |= ARMV8PT_FMT_NG;
		if (!(prot & IOMMU_WRITE))
			bits |= ARMV8PT_FMT_AP_RDONLY;
		else if (pt_feature(common, PT_FEAT_ARMV8_DBM))
			bits |= ARMV8PT_FMT_DBM | ARMV8PT_FMT_AP_RDONLY;
		if (!(prot & IOMMU_PRIV))
			bits |= ARMV8PT_FMT_AP_UNPRIV;
		if (prot & IOMMU_MMIO)
			bits |= FIELD_PREP(ARMV8PT_FMT_ATTRINDX,
					   ARMV8PT_MAIR_DEV);
		else if (prot & IOMMU_CACHE)
			bits |= FIELD_PREP(ARMV8PT_FMT_ATTRINDX,
					   ARMV8PT_MAIR_CACHE);
	}
	if (prot & IOMMU_CACHE)
		bits |= FIELD_PREP(ARMV8PT_FMT_SH, ARMV8PT_SH_IS);
	else
		bits |= FIELD_PREP(ARMV8PT_FMT_SH, ARMV8PT_SH_OS);
	if (prot & IOMMU_NOEXEC)
		bits |= ARMV8PT_FMT_XN;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_make_write_attrs armv8pt_make_write_attrs

/*
 * Everything but the descriptor type, the contiguous bit and the address:
 * the attributes, permissions and dirty state (AP[2] with DBM)
 */
static __always_inline void armv8pt_attr_from_entry(const struct pt_state *pts,
						    struct pt_write_attrs *attrs)
{
	u64 addr = ARMV8PT_FMT_OA;

	if (PT_GRANULE_LG2SZ == 16)
		addr |= ARMV8PT_FMT_OA_HI;
	attrs->descriptor_bits = pts->entry & ~(ARMV8PT_FMT_VALID |
						ARMV8PT_FMT_TYPE |
						ARMV8PT_FMT_CONTIG | addr);
}

#define pt_attr_from_entry armv8pt_attr_from_entry

/* Stage 1 with DBM: the SMMU (HTTU) clears AP[2] on a write */
static inline bool armv8pt_can_track_dirty(const struct pt_common *common)
{
	return pt_feature(common, PT_FEAT_ARMV8_DBM);
}

#define pt_can_track_dirty armv8pt_can_track_dirty

static inline unsigned int armv8pt_entry_prot(const struct pt_state *pts)
{
	unsigned int prot = 0;

	if (pts_feature(pts, PT_FEAT_ARMV8_S2)) {
		if (pts->entry & ARMV8PT_FMT_S2AP_R)
			prot |= IOMMU_READ;
		if (pts->entry & ARMV8PT_FMT_S2AP_W)
			prot |= IOMMU_WRITE;
		return prot;
	}
	/* A writable-clean page is writable: the SMMU will mark it dirty */
	prot = IOMMU_READ;
	if (!(pts->entry & ARMV8PT_FMT_AP_RDONLY) ||
	    (pts_feature(pts, PT_FEAT_ARMV8_DBM) &&
	     (pts->entry & ARMV8PT_FMT_DBM)))
		prot |= IOMMU_WRITE;
	return prot;
}

#define pt_entry_prot armv8pt_entry_prot

#endif
