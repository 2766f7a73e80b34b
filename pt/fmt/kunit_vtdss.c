// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic page table format suite, compiled for the VT-d second stage
 * format.
 */
#include "vtdss.h"
#include "../pt_iter.h"
#include "../kunit_pt.h"

#define KUNIT_PT_FMT_NAME "vtdss"

/* Every AGAW the specification defines for 3 to 5 levels, and each feature */
static const struct kunit_pt_cfg kunit_pt_cfgs[] = {
	{ .name = "3lvl", .top_level = 2 },
	{ .name = "4lvl", .top_level = 3 },
	{ .name = "5lvl", .top_level = 4 },
	{ .name = "4lvl_snp", .top_level = 3,
	  .features = BIT(PT_FEAT_VTDSS_FORCE_COHERENCE) },
	{ .name = "4lvl_oa46", .top_level = 3, .oasz_lg2 = 46 },
	{ .name = "3lvl_incoherent", .top_level = 2,
	  .features = BIT(PT_FEAT_DMA_INCOHERENT) },
};

/* Encodings computed from the VT-d specification's second stage entry */
static const struct kunit_pt_known kunit_pt_vtdss_known[] = {
	/* 4K: R, W */
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000012345003 },
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12, .prot = IOMMU_WRITE,
	  .raw = 0x0000000012345002 },
	{ .level = 0, .oa = 0xffffffffff000, .pgsz_lg2 = 12,
	  .prot = IOMMU_READ, .raw = 0x000ffffffffff001 },
	/* SNP when the domain enforces coherency */
	{ .level = 0, .oa = 0x12345000, .pgsz_lg2 = 12,
	  .features = BIT(PT_FEAT_VTDSS_FORCE_COHERENCE),
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000012345803 },
	/* 2M and 1G super pages: PS */
	{ .level = 1, .oa = 0x40000000, .pgsz_lg2 = 21,
	  .prot = IOMMU_READ | IOMMU_WRITE, .raw = 0x0000000040000083 },
	{ .level = 2, .oa = 0x80000000, .pgsz_lg2 = 30, .prot = IOMMU_READ,
	  .raw = 0x0000000080000081 },
	/* Table pointers, as pfn_to_dma_pte() writes them: READ | WRITE */
	{ .level = 1, .table_pa = 0xfffff000, .prot = IOMMU_READ,
	  .raw = 0x00000000fffff003 },
	{ .level = 4, .table_pa = 0x1234000, .prot = IOMMU_READ,
	  .raw = 0x0000000001234003 },
};

#define KUNIT_PT_KNOWN_ENTRIES kunit_pt_vtdss_known

/* The top levels a table of this format may have */
#define KUNIT_PT_TOP_LEVELS (BIT(2) | BIT(3) | BIT(4))

#include "../kunit_generic_pt.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_IOMMU)
#include "../kunit_iommu_pt.h"
#endif
