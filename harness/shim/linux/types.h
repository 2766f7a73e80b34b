/* SPDX-License-Identifier: GPL-2.0-only */
/* glibc includes this one too: give it the system's first */
#include_next <linux/types.h>
#include "../kernel_shim.h"
