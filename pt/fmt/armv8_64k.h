/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM VMSAv8-64 long descriptor page table with the 64K translation granule.
 */
#ifndef __GENERIC_PT_FMT_ARMV8_64K_H
#define __GENERIC_PT_FMT_ARMV8_64K_H

#define PT_FMT armv8_64k
#define ARMV8_GRANULE_LG2SZ 16
#include "armv8.h"

#endif
