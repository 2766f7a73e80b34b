// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic page table format suite, compiled for the ARM LPAE format with
 * the 16K granule.
 */
#include "armv8_16k.h"
#include "../pt_iter.h"
#include "../kunit_pt.h"

#define KUNIT_PT_FMT_NAME "armv8_16k"

#define S2 BIT(PT_FEAT_ARMV8_S2)
#define DBM BIT(PT_FEAT_ARMV8_DBM)

/* 2, 3 and 4 levels; stage 2 at 48 bits concatenates two top tables */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	{ .name = "s1_ias36", .top_level = 1, .vasz_lg2 = 36 },
	{ .name = "s1_ias47", .top_level = 2, .vasz_lg2 = 47 },
	{ .name = "s1_ias48", .top_level = 3, .vasz_lg2 = 48 },
	{ .name = "s1_ias48_dbm", .top_level = 3, .vasz_lg2 = 48,
	  .features = DBM },
	{ .name = "s2_ias40", .top_level = 2, .vasz_lg2 = 40, .features = S2 },
	{ .name = "s2_ias48_concat2", .top_level = 2, .vasz_lg2 = 48,
	  .features = S2 },
	{ .name = "s2_ias48_incoherent", .top_level = 2, .vasz_lg2 = 48,
	  .features = S2 | BIT(PT_FEAT_DMA_INCOHERENT) },
};

/* Encodings computed with the ARM_LPAE_PTE_* macros of io-pgtable-arm.c */
static const struct kunit_pt_known kunit_pt_armv8_16k_known[] = {
	{ .level = 0, .oa = 0x12344000, .pgsz_lg2 = 14,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000012344e43 },
	/* 32M block */
	{ .level = 1, .oa = 0x42000000, .pgsz_lg2 = 25,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000042000e41 },
	{ .level = 2, .table_pa = 0x1234000, .prot = IOMMU_READ,
	  .raw = 0x0000000001234003 },
	{ .level = 0, .features = DBM, .oa = 0xffffffffc000, .pgsz_lg2 = 14,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0008ffffffffcec3 },
	{ .level = 1, .features = S2, .oa = 0x42000000, .pgsz_lg2 = 25,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x00000000420006d5 },
	/* Contiguous run of 128 16K pages: 2M */
	{ .level = 0, .oa = 0x40200000, .pgsz_lg2 = 21,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0010000040200e43,
	  .step = 0x4000 },
};

#define KUNIT_PT_KNOWN_ENTRIES kunit_pt_armv8_16k_known

#include "../kunit_generic_pt.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_IOMMU)
#include "../kunit_iommu_pt.h"
#endif
