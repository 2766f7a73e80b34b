// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu_domain page table operations for the ARM LPAE format with the
 * 64K granule.
 */
#include "armv8_64k.h"
#include "../iommu_pt.h"
