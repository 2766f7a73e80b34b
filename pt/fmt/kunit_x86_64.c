// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic page table format suite, compiled for the x86-64 format.
 */
#include "x86_64.h"
#include "../pt_iter.h"
#include "../kunit_pt.h"

#define KUNIT_PT_FMT_NAME "x86_64"

/* 4 and 5 level paging, and each feature */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	{ .name = "4lvl", .top_level = 3 },
	{ .name = "5lvl", .top_level = 4 },
	{ .name = "4lvl_oa40", .top_level = 3, .oasz_lg2 = 40 },
	{ .name = "4lvl_sme", .top_level = 3,
	  .features = BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES) },
	{ .name = "5lvl_incoherent", .top_level = 4,
	  .features = BIT(PT_FEAT_DMA_INCOHERENT) },
};

/*
 * Encodings computed from the x86-64 paging entry (P, RW, US, A, D, PS), as
 * the AMD IOMMU's v2 table and VT-d's first stage use it.
 */
static const struct kunit_pt_known kunit_pt_x86_64_known[] = {
	/* 4K: P | US | A, and RW | D when writable */
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000012345067 },
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12, .prot = IOMMU_READ,
	  .raw = 0x0000000012345025 },
	/* The highest 52 bit output address */
	{ .level = 0, .oa = 0xffffffffff000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x000ffffffffff067 },
	/* 2M and 1G: PS */
	{ .level = 1, .oa = 0x40000000, .pgsz_lg2 = 21,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x00000000400000e7 },
	{ .level = 2, .oa = 0x80000000, .pgsz_lg2 = 30, .prot = IOMMU_READ,
	  .raw = 0x00000000800000a5 },
	/* Table pointers: P | RW | US | A */
	{ .level = 1, .table_pa = 0xfffff000, .prot = IOMMU_READ,
	  .raw = 0x00000000fffff027 },
	{ .level = 4, .table_pa = 0x1234000, .prot = IOMMU_READ,
	  .raw = 0x0000000001234027 },
};

#define KUNIT_PT_KNOWN_ENTRIES kunit_pt_x86_64_known

/* The top levels a table of this format may have */
#define KUNIT_PT_TOP_LEVELS (BIT(3) | BIT(4))

#include "../kunit_generic_pt.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_IOMMU)
#include "../kunit_iommu_pt.h"
#endif
