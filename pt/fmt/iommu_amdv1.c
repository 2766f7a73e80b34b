// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu_domain page table operations for the AMD IOMMU v1 format.
 */
#include "amdv1.h"
#include "../iommu_pt.h"
