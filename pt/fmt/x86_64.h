/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86-64 page table, as described in the Intel SDM volume 3 chapter "Paging"
 * (4-level and 5-level paging) and the AMD APM volume 2 "Long-Mode Page
 * Translation". IOMMUs walk it as the AMD IOMMU v2 ("guest") table and as
 * the first stage table of Intel VT-d.
 *
 * - 4 KiB granule; every table is 4 KiB and holds 512 64 bit entries.
 * - 4 levels (48 bit IOVA, top level 3) or 5 levels (57 bit, top level 4).
 *   Only the lower half of the canonical address space is used: IOVAs are
 *   zero extended.
 * - 52 bit output addresses.
 * - P (present) marks every valid entry. Levels 1 and 2 hold a 2 MiB or
 *   1 GiB page when PS is set, else a table pointer; level 0 always holds
 *   4 KiB pages (bit 7 is PAT there); levels 3 and 4 only table pointers.
 * - RW grants write, US user access (an IOMMU request is a user access
 *   unless it asks for supervisor privilege), NX forbids instruction
 *   fetches. A and D are the accessed and dirty bits; this format sets them
 *   itself so that the walker never has to update an entry atomically.
 *   There is no encoding for a page that is writable but not readable.
 *
 * Bit positions are the x86-64 paging entry's: P 0, RW 1, US 2, A 5, D 6,
 * PS 7, NX 63, the address from bit 12.
 */
#ifndef __GENERIC_PT_FMT_X86_64_H
#define __GENERIC_PT_FMT_X86_64_H

#include <linux/generic_pt/common.h>

#define PT_FMT x86_64
#define PT_SUPPORTED_FEATURES \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/iommu.h>
#include <linux/mem_encrypt.h>
#include "../pt_defs.h"

enum {
	PT_MAX_OUTPUT_ADDRESS_LG2 = 52,
	PT_MAX_VA_ADDRESS_LG2 = 57,
	PT_ITEM_WORD_SIZE = sizeof(u64),
	PT_MAX_TOP_LEVEL = 4,
	PT_GRANULE_LG2SZ = 12,
	PT_TABLEMEM_LG2SZ = 12,
};

#define X86_64_FMT_P BIT_ULL(0)
#define X86_64_FMT_RW BIT_ULL(1)
#define X86_64_FMT_US BIT_ULL(2)
#define X86_64_FMT_A BIT_ULL(5)
#define X86_64_FMT_D BIT_ULL(6)
#define X86_64_FMT_PS BIT_ULL(7)
#define X86_64_FMT_OA GENMASK_ULL(51, 12)
#define X86_64_FMT_NX BIT_ULL(63)

struct x86_64pt_table {
	u64 entries[512];
};

/**
 * struct pt_write_attrs - the bits of the entries a write installs
 * @descriptor_bits: RW, D and NX for leaves
 */
struct pt_write_attrs {
	u64 descriptor_bits;
};

static __always_inline u64 *x86_64pt_tablep(const struct pt_state *pts)
{
	return ((struct x86_64pt_table *)pts->table)->entries;
}

static __always_inline unsigned int
x86_64pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + 9 * pts->level;
}

#define pt_table_item_lg2sz x86_64pt_table_item_lg2sz

static __always_inline unsigned int
x86_64pt_num_items_lg2(const struct pt_state *pts)
{
	return 9;
}

#define pt_num_items_lg2 x86_64pt_num_items_lg2

/* 4K, 2M and 1G pages */
static __always_inline bool x86_64pt_can_have_leaf(const struct pt_state *pts)
{
	return pts->level <= 2;
}

#define pt_can_have_leaf x86_64pt_can_have_leaf

/* Add or remove the memory encryption bit of an address in an entry */
static __always_inline u64 x86_64pt_encrypt(const struct pt_state *pts,
					    u64 pa)
{
	if (pts_feature(pts, PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))
		return __sme_set(pa);
	return pa;
}

static __always_inline u64 x86_64pt_decrypt(const struct pt_state *pts,
					    u64 pa)
{
	if (pts_feature(pts, PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))
		return __sme_clr(pa);
	return pa;
}

static __always_inline enum pt_entry_type
x86_64pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(x86_64pt_tablep(pts)[pts->index]);

	pts->entry = entry;
	if (!(entry & X86_64_FMT_P))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0 ||
	    (x86_64pt_can_have_leaf(pts) && (entry & X86_64_FMT_PS)))
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw x86_64pt_load_entry_raw

static __always_inline pt_oaddr_t
x86_64pt_table_pa(const struct pt_state *pts)
{
	return x86_64pt_decrypt(pts, pts->entry & X86_64_FMT_OA);
}

#define pt_table_pa x86_64pt_table_pa

/* Bit 12 of a 2M or 1G page is PAT, not address: drop it with the rest */
static __always_inline pt_oaddr_t x86_64pt_entry_oa(const struct pt_state *pts)
{
	return log2_set_mod(x86_64pt_decrypt(pts, pts->entry & X86_64_FMT_OA),
			    0, x86_64pt_table_item_lg2sz(pts));
}

#define pt_entry_oa x86_64pt_entry_oa

static __always_inline void
x86_64pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			    unsigned int oasz_lg2,
			    const struct pt_write_attrs *attrs)
{
	u64 entry = X86_64_FMT_P | X86_64_FMT_US | X86_64_FMT_A |
		    attrs->descriptor_bits | x86_64pt_encrypt(pts, oa);

	if (pts->level)
		entry |= X86_64_FMT_PS;
	WRITE_ONCE(x86_64pt_tablep(pts)[pts->index], entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry x86_64pt_install_leaf_entry

/* A leaf holds its OA at the OA's own bits, with the encryption bit ORed in */
static __always_inline bool
x86_64pt_entry_oa_is_linear(const struct pt_state *pts, pt_oaddr_t oa,
			    pt_oaddr_t last_oa)
{
	return pt_oa_run_keeps_bits(oa, last_oa, x86_64pt_encrypt(pts, 0));
}

#define pt_entry_oa_is_linear x86_64pt_entry_oa_is_linear

static __always_inline bool
x86_64pt_install_table(struct pt_state *pts, pt_oaddr_t table_pa,
		       const struct pt_write_attrs *attrs)
{
	u64 *tablep = x86_64pt_tablep(pts) + pts->index;
	u64 entry;

	/* Permissions are the intersection along the walk: grant all here */
	entry = X86_64_FMT_P | X86_64_FMT_RW | X86_64_FMT_US | X86_64_FMT_A |
		x86_64pt_encrypt(pts, table_pa);
	return try_cmpxchg64_release(tablep, &pts->entry, entry);
}

#define pt_install_table x86_64pt_install_table

static inline int x86_64pt_make_write_attrs(const struct pt_common *common,
					    struct pt_write_attrs *attrs,
					    unsigned int prot)
{
	u64 bits = 0;

	/* A present entry is readable: write alone maps read and write */
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (prot & IOMMU_WRITE)
		bits |= X86_64_FMT_RW | X86_64_FMT_D;
	if (prot & IOMMU_NOEXEC)
		bits |= X86_64_FMT_NX;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_make_write_attrs x86_64pt_make_write_attrs

/* Everything but P, PS and the address: RW, US, A, D, NX and the rest */
static __always_inline void
x86_64pt_attr_from_entry(const struct pt_state *pts,
			 struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits = pts->entry & ~(X86_64_FMT_P | X86_64_FMT_PS |
						X86_64_FMT_OA);
}

#define pt_attr_from_entry x86_64pt_attr_from_entry

/* 4 level (top level 3) or 5 level (top level 4) paging, nothing else */
static inline int x86_64pt_fmt_top_level(const struct pt_common *common,
					 unsigned int level)
{
	if (level != 3 && level != 4)
		return -EINVAL;
	return level;
}

#define pt_fmt_top_level x86_64pt_fmt_top_level

static inline unsigned int x86_64pt_entry_prot(const struct pt_state *pts)
{
	unsigned int prot = IOMMU_READ;

	if (pts->entry & X86_64_FMT_RW)
		prot |= IOMMU_WRITE;
	return prot;
}

#define pt_entry_prot x86_64pt_entry_prot

#endif
