// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu_domain page table operations for the ARM LPAE format with the
 * 4K granule.
 */
#include "armv8_4k.h"
#include "../iommu_pt.h"
