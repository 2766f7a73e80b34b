/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AMD IOMMU v1 page table ("host" or "GPA" table), as described in the AMD
 * I/O Virtualization Technology (IOMMU) Specification, section "I/O Page
 * Tables for Host Translations".
 *
 * - 4 KiB granule; every table is 4 KiB and holds 512 64 bit entries.
 * - 1 to 6 levels. The device table entry's Mode field gives the number of
 *   levels; the top level can grow as the IO virtual address space does
 *   (PT_FEAT_DYNAMIC_TOP). Level 5 covers the full 64 bit space with only
 *   128 of its items usable.
 * - 52 bit output addresses.
 * - Every entry has PR (present). An entry is a table pointer when its Next
 *   Level field is 1 to 6, a page when it is 0 (a page the size of the item)
 *   or 7. Next Level 7 encodes any power of two page larger than the item but
 *   smaller than the table: the entry is replicated over 2^n items and the
 *   page size is written into the address field as a run of ones above bit
 *   11, ended by a zero: size = 2^(position of that zero + 1).
 * - IR and IW grant read and write, FC forces coherent (snooped) DMA, HD is
 *   the dirty bit the IOMMU sets when it writes through an entry.
 *
 * Bit positions are those of drivers/iommu/amd/amd_iommu_types.h.
 *
 * The functions the walks call at every level are __always_inline: with the
 * level a constant they fold into a few instructions, which is the point of
 * compiling the generic code once per format.
 */
#ifndef __GENERIC_PT_FMT_AMDV1_H
#define __GENERIC_PT_FMT_AMDV1_H

#include <linux/generic_pt/common.h>

#define PT_FMT amdv1
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_DYNAMIC_TOP) |       \
	 BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES) |                            \
	 BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/iommu.h>
#include <linux/mem_encrypt.h>
#include "../pt_defs.h"

enum {
	PT_MAX_OUTPUT_ADDRESS_LG2 = 52,
	PT_MAX_VA_ADDRESS_LG2 = 64,
	PT_ITEM_WORD_SIZE = sizeof(u64),
	PT_MAX_TOP_LEVEL = 5,
	PT_GRANULE_LG2SZ = 12,
	PT_TABLEMEM_LG2SZ = 12,
};

/* The Next Level field values that mean "this entry maps a page" */
enum {
	AMDV1PT_NL_PAGE = 0,
	AMDV1PT_NL_SIZED_PAGE = 7,
};

/* Entry bits, shared by table pointers and pages */
#define AMDV1PT_FMT_PR BIT_ULL(0)
#define AMDV1PT_FMT_D BIT_ULL(6)
#define AMDV1PT_FMT_NEXT_LEVEL GENMASK_ULL(11, 9)
#define AMDV1PT_FMT_OA GENMASK_ULL(51, 12)
#define AMDV1PT_FMT_FC BIT_ULL(60)
#define AMDV1PT_FMT_IR BIT_ULL(61)
#define AMDV1PT_FMT_IW BIT_ULL(62)

/* Bits below the output address that the page size marker never covers */
#define AMDV1PT_FMT_LOW_LG2 12

struct amdv1pt_table {
	u64 entries[512];
};

/**
 * struct pt_write_attrs - the bits of the entries a write installs
 * @descriptor_bits: IR, IW and FC for leaves
 */
struct pt_write_attrs {
	u64 descriptor_bits;
};

static __always_inline u64 *amdv1pt_tablep(const struct pt_state *pts)
{
	return ((struct amdv1pt_table *)pts->table)->entries;
}

static __always_inline unsigned int
amdv1pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + 9 * pts->level;
}

#define pt_table_item_lg2sz amdv1pt_table_item_lg2sz

static __always_inline unsigned int
amdv1pt_num_items_lg2(const struct pt_state *pts)
{
	return 9;
}

#define pt_num_items_lg2 amdv1pt_num_items_lg2

/* Add or remove the memory encryption bit of an address in an entry */
static __always_inline u64 amdv1pt_encrypt(const struct pt_state *pts, u64 pa)
{
	if (pts_feature(pts, PT_FEAT_AMDV1_ENCRYPT_TABLES))
		return __sme_set(pa);
	return pa;
}

static __always_inline u64 amdv1pt_decrypt(const struct pt_state *pts, u64 pa)
{
	if (pts_feature(pts, PT_FEAT_AMDV1_ENCRYPT_TABLES))
		return __sme_clr(pa);
	return pa;
}

static __always_inline enum pt_entry_type
amdv1pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = READ_ONCE(amdv1pt_tablep(pts)[pts->index]);
	unsigned int next_level;

	pts->entry = entry;
	if (!(entry & AMDV1PT_FMT_PR))
		return PT_ENTRY_EMPTY;
	next_level = FIELD_GET(AMDV1PT_FMT_NEXT_LEVEL, entry);
	if (pts->level == 0 || next_level == AMDV1PT_NL_PAGE ||
	    next_level == AMDV1PT_NL_SIZED_PAGE)
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw amdv1pt_load_entry_raw

static __always_inline pt_oaddr_t amdv1pt_table_pa(const struct pt_state *pts)
{
	return amdv1pt_decrypt(pts, pts->entry & AMDV1PT_FMT_OA);
}

#define pt_table_pa amdv1pt_table_pa

/* log2 of the page size of an OA entry */
static __always_inline unsigned int
amdv1pt_entry_oasz_lg2(const struct pt_state *pts)
{
	if (FIELD_GET(AMDV1PT_FMT_NEXT_LEVEL, pts->entry) !=
	    AMDV1PT_NL_SIZED_PAGE)
		return amdv1pt_table_item_lg2sz(pts);
	return log2_ffz(amdv1pt_decrypt(pts, pts->entry) |
			log2_to_max_int(AMDV1PT_FMT_LOW_LG2)) + 1;
}

static inline unsigned int
amdv1pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	return amdv1pt_entry_oasz_lg2(pts) - amdv1pt_table_item_lg2sz(pts);
}

#define pt_entry_num_contig_lg2 amdv1pt_entry_num_contig_lg2

static __always_inline pt_oaddr_t amdv1pt_entry_oa(const struct pt_state *pts)
{
	u64 oa = amdv1pt_decrypt(pts, pts->entry & AMDV1PT_FMT_OA);

	return log2_set_mod(oa, 0, amdv1pt_entry_oasz_lg2(pts));
}

#define pt_entry_oa amdv1pt_entry_oa

/* Any power of two from the item size up to half the table's span */
static __always_inline u64 amdv1pt_possible_sizes(const struct pt_state *pts)
{
	unsigned int isz_lg2 = amdv1pt_table_item_lg2sz(pts);
	unsigned int top_lg2 = min_t(unsigned int, PT_LOG2_BITS - 1,
				     isz_lg2 + amdv1pt_num_items_lg2(pts) - 1);

	return log2_to_max_int(top_lg2 + 1) & ~log2_to_max_int(isz_lg2);
}

#define pt_possible_sizes amdv1pt_possible_sizes

static __always_inline void
amdv1pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
			   unsigned int oasz_lg2,
			   const struct pt_write_attrs *attrs)
{
	unsigned int isz_lg2 = amdv1pt_table_item_lg2sz(pts);
	u64 *tablep = amdv1pt_tablep(pts) + pts->index;
	u64 entry = AMDV1PT_FMT_PR | attrs->descriptor_bits;

	if (oasz_lg2 == isz_lg2) {
		entry |= FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL, AMDV1PT_NL_PAGE) |
			 amdv1pt_encrypt(pts, oa);
		WRITE_ONCE(*tablep, entry);
	} else {
		/* The run of ones below the top bit of the size marks it */
		entry |= FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL,
				    AMDV1PT_NL_SIZED_PAGE) |
			 (amdv1pt_encrypt(pts, log2_set_mod_max(oa, oasz_lg2 - 1)) &
			  AMDV1PT_FMT_OA);
		pt_write_words64(tablep, log2_to_int(oasz_lg2 - isz_lg2), entry,
				 0);
	}
	pts->entry = entry;
}

#define pt_install_leaf_entry amdv1pt_install_leaf_entry

/*
 * A single-item leaf holds its OA at the OA's own bits, with the encryption
 * bit (if any) ORed in
 */
static __always_inline bool
amdv1pt_entry_oa_is_linear(const struct pt_state *pts, pt_oaddr_t oa,
			   pt_oaddr_t last_oa)
{
	return pt_oa_run_keeps_bits(oa, last_oa, amdv1pt_encrypt(pts, 0));
}

#define pt_entry_oa_is_linear amdv1pt_entry_oa_is_linear

static __always_inline bool
amdv1pt_install_table(struct pt_state *pts, pt_oaddr_t table_pa,
		      const struct pt_write_attrs *attrs)
{
	u64 *tablep = amdv1pt_tablep(pts) + pts->index;
	u64 entry;

	/*
	 * The Next Level of a table pointer is the level of the lower table
	 * counted from 1, i.e. this table's level counted from 0. IR and IW are
	 * set on table pointers: the leaves alone decide the permissions.
	 */
	entry = AMDV1PT_FMT_PR | AMDV1PT_FMT_IR | AMDV1PT_FMT_IW |
		FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL, pts->level) |
		amdv1pt_encrypt(pts, table_pa);
	return try_cmpxchg64_release(tablep, &pts->entry, entry);
}

#define pt_install_table amdv1pt_install_table

static inline bool amdv1pt_entry_is_write_dirty(const struct pt_state *pts)
{
	unsigned int num_contig_lg2 = amdv1pt_entry_num_contig_lg2(pts);
	u64 *tablep = amdv1pt_tablep(pts) +
		      log2_set_mod(pts->index, 0, num_contig_lg2);
	unsigned int i;

	for (i = 0; i != log2_to_int(num_contig_lg2); i++)
		if (READ_ONCE(tablep[i]) & AMDV1PT_FMT_D)
			return true;
	return false;
}

#define pt_entry_is_write_dirty amdv1pt_entry_is_write_dirty

static inline void amdv1pt_entry_set_write_clean(struct pt_state *pts)
{
	unsigned int num_contig_lg2 = amdv1pt_entry_num_contig_lg2(pts);
	u64 *tablep = amdv1pt_tablep(pts) + pts->index;
	unsigned int i;

	/* The IOMMU may set D concurrently: clear it with an atomic op */
	for (i = 0; i != log2_to_int(num_contig_lg2); i++) {
		u64 old = READ_ONCE(tablep[i]);

		while (!try_cmpxchg64(&tablep[i], &old, old & ~AMDV1PT_FMT_D))
			;
	}
	pts->entry &= ~AMDV1PT_FMT_D;
}

#define pt_entry_set_write_clean amdv1pt_entry_set_write_clean

static inline bool amdv1pt_entry_make_write_dirty(struct pt_state *pts)
{
	u64 *tablep = amdv1pt_tablep(pts) + pts->index;
	u64 old = READ_ONCE(*tablep);

	while (!try_cmpxchg64(tablep, &old, old | AMDV1PT_FMT_D))
		;
	pts->entry = old | AMDV1PT_FMT_D;
	return true;
}

#define pt_entry_make_write_dirty amdv1pt_entry_make_write_dirty

static inline int amdv1pt_make_write_attrs(const struct pt_common *common,
					   struct pt_write_attrs *attrs,
					   unsigned int prot)
{
	u64 bits = 0;

	/*
	 * Cacheability, execute, privilege and MMIO attributes do not exist in
	 * this format: IOMMU_CACHE is provided for all DMA by FC. A page that
	 * grants neither read nor write would be present and translate for
	 * nothing: refuse it, as the other formats do.
	 */
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (prot & IOMMU_READ)
		bits |= AMDV1PT_FMT_IR;
	if (prot & IOMMU_WRITE)
		bits |= AMDV1PT_FMT_IW;
	if (pt_feature(common, PT_FEAT_AMDV1_FORCE_COHERENCE))
		bits |= AMDV1PT_FMT_FC;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_make_write_attrs amdv1pt_make_write_attrs

/* Everything but PR, Next Level and the address: IR, IW, FC, A, D, U */
static __always_inline void amdv1pt_attr_from_entry(const struct pt_state *pts,
						    struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits = pts->entry & ~(AMDV1PT_FMT_PR |
						AMDV1PT_FMT_NEXT_LEVEL |
						AMDV1PT_FMT_OA);
}

#define pt_attr_from_entry amdv1pt_attr_from_entry

/* The IOMMU sets D in the leaves it writes through (with the DTE's HAD) */
static inline bool amdv1pt_can_track_dirty(const struct pt_common *common)
{
	return true;
}

#define pt_can_track_dirty amdv1pt_can_track_dirty

static inline unsigned int amdv1pt_entry_prot(const struct pt_state *pts)
{
	unsigned int prot = 0;

	if (pts->entry & AMDV1PT_FMT_IR)
		prot |= IOMMU_READ;
	if (pts->entry & AMDV1PT_FMT_IW)
		prot |= IOMMU_WRITE;
	return prot;
}

#define pt_entry_prot amdv1pt_entry_prot

#endif
