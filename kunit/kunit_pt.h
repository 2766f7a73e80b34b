/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: what the per-format KUnit suites share.
 *
 * A per-format test object includes the format header, pt_iter.h and this
 * file, defines its configurations in kunit_pt_cfgs[] and then includes the
 * suite templates. Each case runs once per configuration.
 */
#ifndef __GENERIC_PT_KUNIT_PT_H
#define __GENERIC_PT_KUNIT_PT_H

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/string.h>

/**
 * struct kunit_pt_cfg - one configuration of a format under test
 * @name: the parameter's name in the KUnit output
 * @top_level: the level of the top table
 * @vasz_lg2: the table's input address size, 0 for all the top spans
 * @oasz_lg2: the table's output address size, 0 for the format's largest
 * @features: pt_common::features
 */
struct kunit_pt_cfg {
	const char *name;
	unsigned int top_level;
	unsigned int vasz_lg2;
	unsigned int oasz_lg2;
	unsigned int features;
};

/**
 * struct kunit_pt_known - an entry whose exact encoding is known
 * @level: the level of the table holding it
 * @features: the table features it is encoded for
 * @table_pa: for a table pointer, the lower table's address; else 0
 * @oa: for a leaf, the output address
 * @pgsz_lg2: for a leaf, the page size
 * @prot: for a leaf, IOMMU_READ and IOMMU_WRITE
 * @raw: the value every item of the entry must hold, from the hardware
 *	specification or the in-tree driver's macros, not from the format
 * @step: for a contiguous run whose items each hold their own part of the
 *	address (ARM's contiguous bit), what each item adds to @raw; 0 when
 *	every item is the same
 *
 * Round trips through the format alone cannot catch an encoding that is
 * consistent but wrong; these can.
 */
struct kunit_pt_known {
	unsigned int level;
	unsigned int features;
	u64 table_pa;
	u64 oa;
	unsigned int pgsz_lg2;
	unsigned int prot;
	u64 raw;
	u64 step;
};

/**
 * struct kunit_pt - the state of one case
 * @common: the table under test
 * @cfg: its configuration
 * @rnd: a seeded generator: every run draws the same numbers
 * @tables_allocated: tables allocated by the case
 * @tables_freed: tables freed by the case
 * @table_lg2sz: log2 of the bytes of every table the case allocates: the
 *	top table's size, the largest
 */
struct kunit_pt {
	struct pt_common common;
	const struct kunit_pt_cfg *cfg;
	struct rnd_state rnd;
	unsigned long tables_allocated;
	unsigned long tables_freed;
	unsigned int table_lg2sz;
};

static u64 kunit_pt_rand(struct kunit_pt *kpt)
{
	return ((u64)prandom_u32_state(&kpt->rnd) << 32) |
	       prandom_u32_state(&kpt->rnd);
}

/* A random number in [0, 2^lg2) */
static u64 kunit_pt_rand_lg2(struct kunit_pt *kpt, unsigned int lg2)
{
	return log2_mod(kunit_pt_rand(kpt), lg2);
}

static struct pt_table_p *kunit_pt_table_alloc(struct kunit_pt *kpt)
{
	struct pt_table_p *table;

	table = pt_table_alloc(kpt->table_lg2sz, GFP_KERNEL, NUMA_NO_NODE);
	if (table)
		kpt->tables_allocated++;
	return table;
}

static void kunit_pt_table_free(struct kunit_pt *kpt, struct pt_table_p *table)
{
	kpt->tables_freed++;
	pt_table_free(table, kpt->table_lg2sz);
}

static void kunit_pt_free_cb(void *arg, struct pt_table_p *table)
{
	kunit_pt_table_free(arg, table);
}

/* The union of the page sizes every level up to the top can map */
static u64 kunit_pt_all_sizes(struct pt_range *range)
{
	struct pt_state pts = { .range = range };
	u64 sizes = 0;

	for (pts.level = 0; pts.level <= range->top_level; pts.level++)
		sizes |= pt_possible_sizes(&pts);
	return sizes & log2_to_max_int(range->max_vasz_lg2);
}

static int kunit_pt_init(struct kunit *test)
{
	const struct kunit_pt_cfg *cfg = test->param_value;
	struct pt_range geo = { .top_level = cfg->top_level };
	struct pt_state pts = { .range = &geo, .level = cfg->top_level };
	struct pt_table_p *top;
	struct kunit_pt *kpt;

	kpt = kunit_kzalloc(test, sizeof(*kpt), GFP_KERNEL);
	if (!kpt)
		return -ENOMEM;
	kpt->cfg = cfg;
	kpt->common.max_vasz_lg2 = cfg->vasz_lg2 ?: PT_MAX_VA_ADDRESS_LG2;
	kpt->common.max_oasz_lg2 = cfg->oasz_lg2 ?: PT_MAX_OUTPUT_ADDRESS_LG2;
	kpt->common.features = cfg->features;
	prandom_seed_state(&kpt->rnd, 0x67656e7074ULL + cfg->top_level);
	/* A configuration's top level is the one the format computes */
	if (pt_fmt_top_level(&kpt->common, cfg->top_level) != cfg->top_level)
		return -EINVAL;
	geo.common = &kpt->common;
	kpt->table_lg2sz = pt_table_mem_lg2sz(&pts);

	top = kunit_pt_table_alloc(kpt);
	if (!top)
		return -ENOMEM;
	pt_top_set(&kpt->common, top, cfg->top_level);
	/* Without a dynamic top the table never spans more than its top */
	if (!pt_feature(&kpt->common, PT_FEAT_DYNAMIC_TOP))
		kpt->common.max_vasz_lg2 =
			pt_top_range(&kpt->common).max_vasz_lg2;
	test->priv = kpt;
	return 0;
}

static void kunit_pt_exit(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range range;

	if (!kpt)
		return;
	range = pt_top_range(&kpt->common);
	pt_free_lower_tables(&range, kunit_pt_free_cb, kpt);
	kunit_pt_table_free(kpt, range.top_table);
	/* Every table a case made is gone: nothing leaked, nothing freed twice */
	KUNIT_EXPECT_EQ(test, kpt->tables_allocated, kpt->tables_freed);
}

#endif
