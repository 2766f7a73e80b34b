/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Log2 arithmetic on page table addresses.
 *
 * Page table code talks about sizes and alignments almost only as powers of
 * two, so these helpers take the log2 of a size rather than the size. They
 * work on u64, the width of pt_vaddr_t and pt_oaddr_t, and every lg2
 * argument may be anything from 0 to 64 inclusive: a 64 bit address space
 * has a size of 2^64 that does not fit in the type, and the helpers treat
 * that case exactly instead of invoking an undefined shift. With a constant
 * lg2 the range checks fold away.
 */
#ifndef __GENERIC_PT_LOG2_H
#define __GENERIC_PT_LOG2_H

#include <linux/bitops.h>
#include <linux/types.h>

#define PT_LOG2_BITS 64

/* 2^lg2; lg2 must be below 64 */
static inline u64 log2_to_int(unsigned int lg2)
{
	return 1ULL << lg2;
}

/* 2^lg2 - 1: the mask of the low lg2 bits */
static inline u64 log2_to_max_int(unsigned int lg2)
{
	if (lg2 >= PT_LOG2_BITS)
		return U64_MAX;
	return (1ULL << lg2) - 1;
}

/* a / 2^lg2 */
static inline u64 log2_div(u64 a, unsigned int lg2)
{
	if (lg2 >= PT_LOG2_BITS)
		return 0;
	return a >> lg2;
}

/* a / 2^lg2 == b / 2^lg2: a and b lie in the same 2^lg2 sized block */
static inline bool log2_div_eq(u64 a, u64 b, unsigned int lg2)
{
	return log2_div(a ^ b, lg2) == 0;
}

/* a * 2^lg2; lg2 must be below 64 */
static inline u64 log2_mul(u64 a, unsigned int lg2)
{
	return a << lg2;
}

/* a % 2^lg2 */
static inline u64 log2_mod(u64 a, unsigned int lg2)
{
	return a & log2_to_max_int(lg2);
}

/* a % 2^lg2 == 2^lg2 - 1: a is the last unit of its 2^lg2 sized block */
static inline bool log2_mod_eq_max(u64 a, unsigned int lg2)
{
	return log2_mod(a, lg2) == log2_to_max_int(lg2);
}

/* a with its low lg2 bits replaced by those of val */
static inline u64 log2_set_mod(u64 a, u64 val, unsigned int lg2)
{
	u64 mask = log2_to_max_int(lg2);

	return (a & ~mask) | (val & mask);
}

/* a with its low lg2 bits set: the last unit of a's 2^lg2 sized block */
static inline u64 log2_set_mod_max(u64 a, unsigned int lg2)
{
	return a | log2_to_max_int(lg2);
}

/* Index of the most significant set bit plus one, 0 when a is 0 */
static inline unsigned int log2_fls(u64 a)
{
	return fls64(a);
}

/* Index of the least significant set bit, 64 when a is 0 */
static inline unsigned int log2_ffs(u64 a)
{
	if (!a)
		return PT_LOG2_BITS;
	return __ffs64(a);
}

/* Index of the least significant clear bit, 64 when a is all ones */
static inline unsigned int log2_ffz(u64 a)
{
	return log2_ffs(~a);
}

#endif
