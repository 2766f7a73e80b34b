// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic page table format suite, compiled for the ARM LPAE format with
 * the 4K granule.
 */
#include "armv8_4k.h"
#include "../pt_iter.h"
#include "../kunit_pt.h"

#define KUNIT_PT_FMT_NAME "armv8_4k"

#define S2 BIT(PT_FEAT_ARMV8_S2)
#define DBM BIT(PT_FEAT_ARMV8_DBM)

/*
 * Each stage at input address sizes that give 3 and 4 levels, a partial
 * top table, and for stage 2 the concatenated top tables of 40 to 43 bits.
 */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	{ .name = "s1_ias32", .top_level = 2, .vasz_lg2 = 32 },
	{ .name = "s1_ias39", .top_level = 2, .vasz_lg2 = 39 },
	{ .name = "s1_ias40", .top_level = 3, .vasz_lg2 = 40 },
	{ .name = "s1_ias48", .top_level = 3, .vasz_lg2 = 48 },
	{ .name = "s1_ias48_oa40", .top_level = 3, .vasz_lg2 = 48,
	  .oasz_lg2 = 40 },
	{ .name = "s1_ias48_dbm", .top_level = 3, .vasz_lg2 = 48,
	  .features = DBM },
	{ .name = "s1_ias48_incoherent", .top_level = 3, .vasz_lg2 = 48,
	  .features = BIT(PT_FEAT_DMA_INCOHERENT) },
	{ .name = "s2_ias39", .top_level = 2, .vasz_lg2 = 39, .features = S2 },
	{ .name = "s2_ias40_concat2", .top_level = 2, .vasz_lg2 = 40,
	  .features = S2 },
	{ .name = "s2_ias43_concat16", .top_level = 2, .vasz_lg2 = 43,
	  .features = S2 },
	{ .name = "s2_ias44", .top_level = 3, .vasz_lg2 = 44, .features = S2 },
	{ .name = "s2_ias48", .top_level = 3, .vasz_lg2 = 48, .features = S2 },
};

/*
 * Encodings computed with the ARM_LPAE_PTE_* macros of
 * drivers/iommu/io-pgtable-arm.c: nG, AP, SH, AF, AttrIndx, XN, DBM, HAP
 * and MemAttr, with the page (0b11) and block (0b01) types.
 */
static const struct kunit_pt_known kunit_pt_armv8_4k_known[] = {
	/* Stage 1 4K page: nG | AF | SH_OS | AP_UNPRIV | page */
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000012345e43 },
	/* Read only: AP_RDONLY */
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12, .prot = IOMMU_READ,
	  .raw = 0x0000000012345ec3 },
	/* The highest 48 bit output address */
	{ .level = 0, .oa = 0xfffffffff000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000fffffffffe43 },
	/* 2M and 1G blocks */
	{ .level = 1, .oa = 0x40000000, .pgsz_lg2 = 21,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000040000e41 },
	{ .level = 2, .oa = 0x80000000, .pgsz_lg2 = 30, .prot = IOMMU_READ,
	  .raw = 0x0000000080000ec1 },
	/* Table pointers: the address and 0b11 */
	{ .level = 1, .table_pa = 0x1234000, .prot = IOMMU_READ,
	  .raw = 0x0000000001234003 },
	{ .level = 3, .table_pa = 0xfffffffff000, .prot = IOMMU_READ,
	  .raw = 0x0000fffffffff003 },
	/* DBM: writable pages carry DBM and start writable-clean (AP[2]) */
	{ .level = 0, .features = DBM, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0008000012345ec3 },
	{ .level = 0, .features = DBM, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ, .raw = 0x0000000012345ec3 },
	/* Stage 2: HAP read and write, MemAttr Normal-NC, SH_OS, AF */
	{ .level = 0, .features = S2, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x00000000123456d7 },
	{ .level = 0, .features = S2, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_WRITE, .raw = 0x0000000012345697 },
	{ .level = 1, .features = S2, .oa = 0x200000, .pgsz_lg2 = 21,
	  .prot = IOMMU_READ, .raw = 0x0000000000200655 },
	{ .level = 2, .features = S2, .table_pa = 0x1234000,
	  .prot = IOMMU_READ, .raw = 0x0000000001234003 },
	/* Contiguous runs of 16: 64K of pages and 32M of 2M blocks */
	{ .level = 0, .oa = 0x12340000, .pgsz_lg2 = 16,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0010000012340e43,
	  .step = 0x1000 },
	{ .level = 1, .oa = 0x42000000, .pgsz_lg2 = 25, .prot = IOMMU_READ,
	  .raw = 0x0010000042000ec1, .step = 0x200000 },
};

#define KUNIT_PT_KNOWN_ENTRIES kunit_pt_armv8_4k_known

#include "../kunit_generic_pt.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_IOMMU)
#include "../kunit_iommu_pt.h"
#endif
