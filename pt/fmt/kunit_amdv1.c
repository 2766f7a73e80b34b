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
};

#include "../kunit_generic_pt.h"
