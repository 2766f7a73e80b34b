// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic page table format suite, compiled for the ARM LPAE format with
 * the 64K granule.
 */
#include "armv8_64k.h"
#include "../pt_iter.h"
#include "../kunit_pt.h"

#define KUNIT_PT_FMT_NAME "armv8_64k"

#define S2 BIT(PT_FEAT_ARMV8_S2)
#define DBM BIT(PT_FEAT_ARMV8_DBM)

/*
 * 2 and 3 levels; 52 bit input and output addresses, with the 4T blocks
 * they allow, and 48 bit output addresses without them.
 */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	{ .name = "s1_ias42", .top_level = 1, .vasz_lg2 = 42 },
	{ .name = "s1_ias48", .top_level = 2, .vasz_lg2 = 48 },
	{ .name = "s1_ias48_oa48", .top_level = 2, .vasz_lg2 = 48,
	  .oasz_lg2 = 48 },
	{ .name = "s1_ias52", .top_level = 2, .vasz_lg2 = 52 },
	{ .name = "s1_ias52_dbm", .top_level = 2, .vasz_lg2 = 52,
	  .features = DBM },
	{ .name = "s2_ias48_oa48", .top_level = 2, .vasz_lg2 = 48,
	  .oasz_lg2 = 48, .features = S2 },
	{ .name = "s2_ias52", .top_level = 2, .vasz_lg2 = 52, .features = S2 },
};

/*
 * Encodings computed with the ARM_LPAE_PTE_* macros and paddr_to_iopte() of
 * io-pgtable-arm.c: bits 51:48 of an address go to bits 15:12.
 */
static const struct kunit_pt_known kunit_pt_armv8_64k_known[] = {
	{ .level = 0, .oa = 0x12340000, .pgsz_lg2 = 16,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000012340e43 },
	{ .level = 0, .oa = 0xf000012340000, .pgsz_lg2 = 16,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x000000001234fe43 },
	/* 512M and 4T blocks */
	{ .level = 1, .oa = 0x60000000, .pgsz_lg2 = 29, .prot = IOMMU_READ,
	  .raw = 0x0000000060000ec1 },
	{ .level = 2, .oa = 0xc0000000000, .pgsz_lg2 = 42,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x00000c0000000e41 },
	{ .level = 2, .table_pa = 0xf000000010000, .prot = IOMMU_READ,
	  .raw = 0x000000000001f003 },
	{ .level = 0, .features = S2, .oa = 0xa000012340000, .pgsz_lg2 = 16,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x000000001234a6d7 },
	/* Contiguous run of 32 64K pages: 2M */
	{ .level = 0, .oa = 0x600000, .pgsz_lg2 = 21,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0010000000600e43,
	  .step = 0x10000 },
};

#define KUNIT_PT_KNOWN_ENTRIES kunit_pt_armv8_64k_known

#include "../kunit_generic_pt.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_IOMMU)
#include "../kunit_iommu_pt.h"
#endif
