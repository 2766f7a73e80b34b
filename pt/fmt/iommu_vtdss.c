// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu_domain page table operations for the VT-d second stage format.
 */
#include "vtdss.h"
#include "../iommu_pt.h"
