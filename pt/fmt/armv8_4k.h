/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM VMSAv8-64 long descriptor page table with the 4K translation granule.
 */
#ifndef __GENERIC_PT_FMT_ARMV8_4K_H
#define __GENERIC_PT_FMT_ARMV8_4K_H

#define PT_FMT armv8_4k
#define ARMV8_GRANULE_LG2SZ 12
#include "armv8.h"

#endif
