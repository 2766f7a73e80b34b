/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bit-for-bit comparison of a generic page table format with the in-tree
 * AMD io-pgtable implementation of the same format. The including file
 * builds the in-tree source into itself (its driver hooks renamed and
 * stubbed, so that this works with or without the AMD driver) and
 * defines:
 *
 *   KUNIT_CMP_NAME		the suite's name suffix
 *   KUNIT_CMP_FMT		the genpt format, e.g. amdv1
 *   KUNIT_CMP_PAGE_SIZE_GRANULE	(optional) the in-tree code uses the CPU's
 *				PAGE_SIZE as its granule: skip on other
 *				than 4K pages, where it cannot map 4K
 *
 * then includes this header, implements the functions it declares below
 * (the in-tree side: make, free and find the top of its table, and its
 * rules for table pointers), and ends with KUNIT_CMP_SUITE(configs).
 *
 * Both get the same seeded sequence of maps (one page of a random size at
 * a random aligned free IOVA) and unmaps (of a random live page). Every
 * result must be equal, and after every 64 operations and at the end the
 * two trees must hold the same entries at every level and index: leaves
 * bit for bit, table pointers bit for bit but the table address, whose
 * tables are then compared in turn.
 *
 * Each page size maps in its own region of IOVA. Where a table an
 * unmap emptied is in the way of a larger page, the two differ on purpose:
 * the in-tree code replaces the table with the page, genpt keeps the table
 * and fills it with smaller pages (no allocation, no table freed before
 * the IOTLB flush). Mapping over a live page differs too: the in-tree code
 * overwrites it, genpt refuses with -EADDRINUSE. The sequence avoids both;
 * the ops suite tests genpt's side.
 */
#include <kunit/test.h>
#include <linux/generic_pt/iommu.h>
#include <linux/io-pgtable.h>
#include <linux/prandom.h>

/**
 * struct kunit_cmp_cfg - one configuration compared
 * @name: its name
 * @top_level: the level both tables start with
 * @features: the genpt features
 * @vasz_lg2: the IOVA size genpt may grow to
 * @region_lg2: log2 of the IOVA region of each page size; region n + 1
 *	holds the pages of @pgsizes[n]
 * @pgsizes: the page sizes the sequence maps
 * @num_pgsizes: how many
 * @ops: random operations to run
 */
struct kunit_cmp_cfg {
	const char *name;
	unsigned int top_level;
	unsigned int features;
	unsigned int vasz_lg2;
	unsigned int region_lg2;
	const u64 *pgsizes;
	unsigned int num_pgsizes;
	unsigned int ops;
};

#define KUNIT_CMP_LIVE 64

struct kunit_cmp;

/* The in-tree side, implemented by the including file */
static struct io_pgtable *kunit_cmp_iop_alloc(struct kunit_cmp *c);
static void kunit_cmp_iop_free(struct kunit_cmp *c);
static u64 *kunit_cmp_iop_top(struct kunit_cmp *c, unsigned int *level);
/* Does the entry at @level point to a table */
static bool kunit_cmp_is_table(u64 entry, unsigned int level);
/* The address of the table a table pointer points to */
static u64 kunit_cmp_table_pa(u64 entry);
/* The bits of a leaf where the two may differ on purpose, 0 if none */
static u64 kunit_cmp_mask(u64 entry, unsigned int level);

#define KUNIT_CMP_TABLE CONCATENATE(struct pt_iommu_, KUNIT_CMP_FMT)
#define KUNIT_CMP_CFG CONCATENATE(CONCATENATE(struct pt_iommu_, KUNIT_CMP_FMT), _cfg)
#define KUNIT_CMP_OP(op) \
	CONCATENATE(CONCATENATE(pt_iommu_, KUNIT_CMP_FMT), _##op)

struct kunit_cmp {
	KUNIT_CMP_TABLE genpt;
	spinlock_t lock; /* serializes growth of the genpt top */
	struct protection_domain pdom;
	struct io_pgtable *iop;
	struct rnd_state rnd;
	/* The live pages: iova 0 marks a free slot */
	u64 live_iova[KUNIT_CMP_LIVE];
	u64 live_size[KUNIT_CMP_LIVE];
	/* What was compared, for the summary */
	unsigned long entries, tables, masked;
};

static void kunit_cmp_change_top(struct pt_iommu *iommu, phys_addr_t top,
				 unsigned int level)
{
}

static spinlock_t *kunit_cmp_get_top_lock(struct pt_iommu *iommu)
{
	return &container_of(iommu, struct kunit_cmp, genpt.iommu)->lock;
}

static const struct pt_iommu_driver_ops kunit_cmp_driver_ops = {
	.change_top = kunit_cmp_change_top,
	.get_top_lock = kunit_cmp_get_top_lock,
};

static u64 *kunit_cmp_genpt_top(struct kunit_cmp *c, unsigned int *level)
{
	uintptr_t top = READ_ONCE(c->genpt.common.top_of_table);

	*level = top & PT_TOP_LEVEL_MASK;
	return (u64 *)(top & ~(uintptr_t)PT_TOP_LEVEL_MASK);
}

/* Compare two tables of @level and, through their pointers, all below */
static void kunit_cmp_tables(struct kunit *test, struct kunit_cmp *c,
			     const u64 *gen, const u64 *old, unsigned int level,
			     u64 va)
{
	unsigned int i;

	c->tables++;
	for (i = 0; i != 512; i++) {
		u64 g = READ_ONCE(gen[i]), o = READ_ONCE(old[i]);
		u64 item_va = va + ((u64)i << (12 + 9 * level));

		c->entries++;
		if (kunit_cmp_is_table(o, level)) {
			KUNIT_ASSERT_TRUE_MSG(test, kunit_cmp_is_table(g, level),
					      "iova %llx level %u: genpt %llx in-tree %llx",
					      item_va, level, g, o);
			KUNIT_ASSERT_EQ_MSG(test, g & ~kunit_cmp_table_pa(g),
					    o & ~kunit_cmp_table_pa(o),
					    "table pointer at iova %llx level %u",
					    item_va, level);
			kunit_cmp_tables(test, c,
					 phys_to_virt(kunit_cmp_table_pa(g)),
					 phys_to_virt(kunit_cmp_table_pa(o)),
					 level - 1, item_va);
			continue;
		}
		if (g != o && (g & ~kunit_cmp_mask(o, level)) ==
			      (o & ~kunit_cmp_mask(o, level))) {
			c->masked++;
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, g, o, "entry at iova %llx level %u",
				    item_va, level);
	}
}

static void kunit_cmp_trees(struct kunit *test, struct kunit_cmp *c)
{
	unsigned int glevel, olevel;
	u64 *gtop = kunit_cmp_genpt_top(c, &glevel);
	u64 *otop = kunit_cmp_iop_top(c, &olevel);

	KUNIT_ASSERT_EQ(test, glevel, olevel);
	kunit_cmp_tables(test, c, gtop, otop, glevel, 0);
}

static int kunit_cmp_init(struct kunit *test)
{
	const struct kunit_cmp_cfg *cfg = test->param_value;
	KUNIT_CMP_CFG gcfg = {
		.features = cfg->features,
		.starting_level = cfg->top_level,
		.max_vasz_lg2 = cfg->vasz_lg2,
	};
	struct kunit_cmp *c;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	spin_lock_init(&c->lock);
	c->genpt.iommu.driver_ops = &kunit_cmp_driver_ops;
	c->genpt.iommu.nid = NUMA_NO_NODE;
	if (KUNIT_CMP_OP(init)(&c->genpt, &gcfg, GFP_KERNEL))
		return -ENOMEM;
	spin_lock_init(&c->pdom.lock);
	INIT_LIST_HEAD(&c->pdom.dev_list);
	c->pdom.iop.pgtbl.cfg.amd.nid = NUMA_NO_NODE;
	c->iop = kunit_cmp_iop_alloc(c);
	if (!c->iop) {
		KUNIT_CMP_OP(deinit)(&c->genpt);
		return -ENOMEM;
	}
	prandom_seed_state(&c->rnd, 0x616d64636d70ULL + cfg->top_level);
	test->priv = c;
	return 0;
}

static void kunit_cmp_exit(struct kunit *test)
{
	struct kunit_cmp *c = test->priv;

	if (!c)
		return;
	KUNIT_CMP_OP(deinit)(&c->genpt);
	kunit_cmp_iop_free(c);
}

static bool kunit_cmp_overlaps(struct kunit_cmp *c, u64 iova, u64 size)
{
	unsigned int i;

	for (i = 0; i != KUNIT_CMP_LIVE; i++)
		if (c->live_size[i] && iova < c->live_iova[i] + c->live_size[i] &&
		    c->live_iova[i] < iova + size)
			return true;
	return false;
}

static void kunit_cmp_map(struct kunit *test, struct kunit_cmp *c,
			  const struct kunit_cmp_cfg *cfg, unsigned int slot)
{
	unsigned int s = prandom_u32_state(&c->rnd) % cfg->num_pgsizes;
	u64 size = cfg->pgsizes[s];
	u64 region = (u64)(s + 1) << cfg->region_lg2;
	/* 64 possible pages per size: collisions and shared tables happen */
	u64 iova = region + (prandom_u32_state(&c->rnd) % 64) * size;
	u64 paddr = (u64)(prandom_u32_state(&c->rnd) % 4096) * size;
	int prot = (prandom_u32_state(&c->rnd) & 1) ? IOMMU_READ :
						       IOMMU_READ | IOMMU_WRITE;
	size_t gmapped = 0, omapped = 0;
	int gret, oret;

	paddr &= GENMASK_ULL(IOMMU_OUT_ADDR_BIT_SIZE - 1, 0);
	if (kunit_cmp_overlaps(c, iova, size))
		return;
	gret = KUNIT_CMP_OP(map_pages)(&c->genpt.iommu.domain, iova, paddr,
				       size, 1, prot, GFP_KERNEL, &gmapped);
	oret = c->iop->ops.map_pages(&c->iop->ops, iova, paddr, size, 1, prot,
				     GFP_KERNEL, &omapped);
	KUNIT_ASSERT_EQ(test, gret, oret);
	KUNIT_ASSERT_EQ(test, gmapped, omapped);
	KUNIT_ASSERT_EQ(test, KUNIT_CMP_OP(iova_to_phys)(&c->genpt.iommu.domain,
							 iova + size - 1),
			c->iop->ops.iova_to_phys(&c->iop->ops, iova + size - 1));
	c->live_iova[slot] = iova;
	c->live_size[slot] = size;
}

static void kunit_cmp_unmap(struct kunit *test, struct kunit_cmp *c,
			    unsigned int slot)
{
	u64 iova = c->live_iova[slot], size = c->live_size[slot];
	struct iommu_iotlb_gather gather;
	size_t gret, oret;

	iommu_iotlb_gather_init(&gather);
	gret = KUNIT_CMP_OP(unmap_pages)(&c->genpt.iommu.domain, iova, size, 1,
					 &gather);
	iommu_put_pages_list(&gather.freelist);
	oret = c->iop->ops.unmap_pages(&c->iop->ops, iova, size, 1, NULL);
	KUNIT_ASSERT_EQ(test, gret, oret);
	KUNIT_ASSERT_EQ(test, KUNIT_CMP_OP(iova_to_phys)(&c->genpt.iommu.domain,
							 iova),
			c->iop->ops.iova_to_phys(&c->iop->ops, iova));
	c->live_size[slot] = 0;
}

static void test_cmp_random_ops(struct kunit *test)
{
	const struct kunit_cmp_cfg *cfg = test->param_value;
	struct kunit_cmp *c = test->priv;
	unsigned int op;

#ifdef KUNIT_CMP_PAGE_SIZE_GRANULE
	/* The in-tree code maps PAGE_SIZE where the format's granule is 4K */
	if (PAGE_SIZE != SZ_4K)
		kunit_skip(test, "the in-tree code takes PAGE_SIZE as its granule");
#endif

	for (op = 0; op != cfg->ops; op++) {
		unsigned int slot = prandom_u32_state(&c->rnd) % KUNIT_CMP_LIVE;

		if (c->live_size[slot])
			kunit_cmp_unmap(test, c, slot);
		else
			kunit_cmp_map(test, c, cfg, slot);
		if (op % 64 == 63)
			kunit_cmp_trees(test, c);
	}
	kunit_cmp_trees(test, c);
	kunit_info(test,
		   "genpt-cmp: %s %s: %u ops, %lu tables and %lu entries compared, 0 differ, %lu differ on purpose\n",
		   KUNIT_CMP_NAME, cfg->name, cfg->ops, c->tables, c->entries,
		   c->masked);
}

static void kunit_cmp_cfg_desc(const struct kunit_cmp_cfg *cfg, char *desc)
{
	strscpy(desc, cfg->name, KUNIT_PARAM_DESC_SIZE);
}

/* The suite over the including file's configurations */
#define KUNIT_CMP_SUITE(cfgs)                                                 \
	KUNIT_ARRAY_PARAM(kunit_cmp, cfgs, kunit_cmp_cfg_desc);              \
	static struct kunit_case kunit_cmp_cases[] = {                        \
		KUNIT_CASE_PARAM(test_cmp_random_ops, kunit_cmp_gen_params),  \
		{}                                                            \
	};                                                                    \
	static struct kunit_suite kunit_cmp_suite = {                         \
		.name = "generic_pt_cmp_" KUNIT_CMP_NAME,                     \
		.init = kunit_cmp_init,                                       \
		.exit = kunit_cmp_exit,                                       \
		.test_cases = kunit_cmp_cases,                                \
	};                                                                    \
	kunit_test_suites(&kunit_cmp_suite)

MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic page table: comparison with the in-tree " KUNIT_CMP_NAME);
