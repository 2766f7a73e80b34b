/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM VMSAv8-64 long descriptor page table with the 16K translation granule.
 */
#ifndef __GENERIC_PT_FMT_ARMV8_16K_H
#define __GENERIC_PT_FMT_ARMV8_16K_H

#define PT_FMT armv8_16k
#define ARMV8_GRANULE_LG2SZ 14
#include "armv8.h"

#endif
