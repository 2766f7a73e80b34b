// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic page table format suite, compiled for the AMD IOMMU v1 format.
 */
#include "amdv1.h"
#include "../pt_iter.h"
#include "../kunit_pt.h"

#define KUNIT_PT_FMT_NAME "amdv1"

/* Every number of levels the Mode field allows, and each feature */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	{ .name = "1lvl", .top_level = 0, .vasz_lg2 = 21 },
	{ .name = "2lvl", .top_level = 1, .vasz_lg2 = 30 },
	{ .name = "3lvl", .top_level = 2 },
	{ .name = "4lvl", .top_level = 3 },
	{ .name = "5lvl", .top_level = 4 },
	{ .name = "6lvl", .top_level = 5 },
	{ .name = "3lvl_dyn48", .top_level = 2, .vasz_lg2 = 48,
	  .features = BIT(PT_FEAT_DYNAMIC_TOP) },
	{ .name = "4lvl_fc", .top_level = 3,
	  .features = BIT(PT_FEAT_AMDV1_FORCE_COHERENCE) },
	{ .name = "6lvl_oa40", .top_level = 5, .oasz_lg2 = 40 },
	{ .name = "4lvl_incoherent", .top_level = 3,
	  .features = BIT(PT_FEAT_DMA_INCOHERENT) },
};

/*
 * Encodings computed with the macros of drivers/iommu/amd/amd_iommu_types.h:
 * PAGE_SIZE_PTE() for Next Level 7 pages, PM_LEVEL_PDE() for tables, and
 * IOMMU_PTE_PR/FC/IR/IW.
 */
static const struct kunit_pt_known kunit_pt_amdv1_known[] = {
	/* 4K, natural size at level 0 */
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x6000000012345001 },
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .features = BIT(PT_FEAT_AMDV1_FORCE_COHERENCE),
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x7000000012345001 },
	/* 8K and 64K: Next Level 7, size marked in the address bits */
	{ .level = 0, .oa = 0x2000, .pgsz_lg2 = 13, .prot = IOMMU_READ,
	  .raw = 0x2000000000002e01 },
	{ .level = 0, .oa = 0x10000, .pgsz_lg2 = 16,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x6000000000017e01 },
	/* 2M and 1G, natural sizes of levels 1 and 2 */
	{ .level = 1, .oa = 0x40000000, .pgsz_lg2 = 21,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x6000000040000001 },
	{ .level = 2, .oa = 0x80000000, .pgsz_lg2 = 30,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x6000000080000001 },
	/* 4M: two replicated level 1 entries */
	{ .level = 1, .oa = 0x400000, .pgsz_lg2 = 22, .prot = IOMMU_WRITE,
	  .raw = 0x40000000005ffe01 },
	/* A level 2 item pointing to a level 1 table: Next Level 2 */
	{ .level = 2, .table_pa = 0x1234000, .prot = IOMMU_READ,
	  .raw = 0x6000000001234401 },
	/* A level 5 item pointing to a level 4 table: Next Level 5 */
	{ .level = 5, .table_pa = 0xfffff000, .prot = IOMMU_READ,
	  .raw = 0x60000000fffffa01 },
};

#define KUNIT_PT_KNOWN_ENTRIES kunit_pt_amdv1_known

/* The top levels a table of this format may have */
#define KUNIT_PT_TOP_LEVELS GENMASK(5, 0)

#include "../kunit_generic_pt.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_IOMMU)
#include "../kunit_iommu_pt.h"
#endif
