/* SPDX-License-Identifier: GPL-2.0-only */
#include "../kernel_shim.h"

#ifndef ilog2
/* Only used on constants and small values here */
#define ilog2(n) ((n) ? 63 - __builtin_clzll((unsigned long long)(n)) : -1)
#endif
