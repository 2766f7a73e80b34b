/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: the part of a page table that every format shares and
 * that code outside drivers/iommu/generic_pt/ may look at.
 */
#ifndef __GENERIC_PT_COMMON_H
#define __GENERIC_PT_COMMON_H

#include <linux/types.h>
#include <linux/bits.h>

/**
 * struct pt_common - state shared by every page table format
 * @top_of_table: the top table's CPU address with the top level encoded in the
 *	low PT_TOP_LEVEL_BITS bits. Both change together when the table grows, so
 *	one READ_ONCE() always gives a consistent pair.
 * @max_oasz_lg2: log2 of the largest output address plus one that this table
 *	may hold; never more than the format allows.
 * @max_vasz_lg2: log2 of the size of the input (IO virtual) address space the
 *	table may grow to. A table whose top level covers less starts smaller and
 *	grows when PT_FEAT_DYNAMIC_TOP is set.
 * @features: bit mask of enum pt_features and the format's own features.
 *
 * Each format's table structure embeds this as its first member. The format
 * code reaches it through struct pt_range::common.
 */
struct pt_common {
	uintptr_t top_of_table;
	u8 max_oasz_lg2;
	u8 max_vasz_lg2;
	unsigned int features;
};

/* Tables are at least 64 bytes and naturally aligned: room for the level. */
#define PT_TOP_LEVEL_BITS 3
#define PT_TOP_LEVEL_MASK GENMASK(PT_TOP_LEVEL_BITS - 1, 0)

/**
 * enum pt_features - features common to all formats
 * @PT_FEAT_DMA_INCOHERENT: the walker does not snoop the CPU cache; every
 *	write to table memory must be followed by cache maintenance.
 * @PT_FEAT_DYNAMIC_TOP: the top level may grow at run time (AMD's "mode"),
 *	up to pt_common::max_vasz_lg2.
 * @PT_FEAT_FMT_START: the first bit a format may use for its own features.
 *
 * Each format's own features follow, numbered from PT_FEAT_FMT_START, so
 * that the drivers creating its tables can name them.
 */
enum pt_features {
	PT_FEAT_DMA_INCOHERENT,
	PT_FEAT_DYNAMIC_TOP,
	PT_FEAT_FMT_START,
};

/**
 * enum pt_amdv1_features - features of the AMD IOMMU v1 format
 * @PT_FEAT_AMDV1_ENCRYPT_TABLES: set the memory encryption (SME "C") bit in
 *	the address of every table and leaf entry, as the in-tree driver does.
 * @PT_FEAT_AMDV1_FORCE_COHERENCE: set FC in every leaf entry so that the
 *	device's DMA is snooped regardless of the No-Snoop attribute.
 */
enum pt_amdv1_features {
	PT_FEAT_AMDV1_ENCRYPT_TABLES = PT_FEAT_FMT_START,
	PT_FEAT_AMDV1_FORCE_COHERENCE,
};

/**
 * enum pt_x86_64_features - features of the x86-64 format
 * @PT_FEAT_X86_64_AMD_ENCRYPT_TABLES: set the memory encryption (SME "C")
 *	bit in the address of every table and leaf entry, as the AMD driver
 *	does for its v2 table.
 */
enum pt_x86_64_features {
	PT_FEAT_X86_64_AMD_ENCRYPT_TABLES = PT_FEAT_FMT_START,
};

/**
 * enum pt_vtdss_features - features of the VT-d second stage format
 * @PT_FEAT_VTDSS_FORCE_COHERENCE: set SNP in every leaf entry, for a domain
 *	that enforces cache coherency (the driver's set_pte_snp)
 */
enum pt_vtdss_features {
	PT_FEAT_VTDSS_FORCE_COHERENCE = PT_FEAT_FMT_START,
};

/**
 * enum pt_armv8_features - features of the ARM LPAE format
 * @PT_FEAT_ARMV8_S2: a stage 2 table: S2AP permissions, MemAttr memory
 *	types and, where the walk would start with a level of at most 16
 *	items, a concatenated top table one level lower
 * @PT_FEAT_ARMV8_DBM: stage 1 hardware dirty state: writable pages carry
 *	DBM and the SMMU clears AP[2] when it writes through them (the
 *	SMMU's HD, io-pgtable's IO_PGTABLE_QUIRK_ARM_HD)
 */
enum pt_armv8_features {
	PT_FEAT_ARMV8_S2 = PT_FEAT_FMT_START,
	PT_FEAT_ARMV8_DBM,
};

#endif
