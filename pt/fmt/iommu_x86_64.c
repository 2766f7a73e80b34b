// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu_domain page table operations for the x86-64 format.
 */
#include "x86_64.h"
#include "../iommu_pt.h"
