// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bit-for-bit comparison of the generic ARM LPAE format with io-pgtable-arm
 * (drivers/iommu/io-pgtable-arm.c), built into this test under names of its
 * own so that it works with or without CONFIG_IOMMU_IO_PGTABLE_LPAE.
 *
 * For each configuration (granule, stage, input and output address size,
 * DBM) both get the same seeded sequence of maps (1 to 4 pages of a random
 * size at a random aligned free IOVA) and unmaps (of a random live run, or
 * first of a hole of granules inside it: both cut the large page around
 * the hole, io-pgtable-arm with arm_lpae_split_blk_unmap(), and the trees
 * must come out the same).
 * Every result must be equal, and after every 64 operations and at the end
 * the two trees must hold the same entries at every level and index:
 * leaves bit for bit, table pointers bit for bit but the table address,
 * whose tables are then compared in turn.
 *
 * genpt is limited to io-pgtable-arm's page sizes (its domain's
 * pgsize_bitmap): io-pgtable-arm does not use the contiguous bit.
 *
 * Where the two differ on purpose the comparison masks the bits and counts
 * the entries ("differ on purpose"): io-pgtable-arm maps a writable page of
 * a table with DBM dirty, genpt writable-clean (AP[2] set); and genpt frees
 * a table an unmap leaves empty (its item is then empty, or a tombstone),
 * where io-pgtable-arm keeps it until a map of a block replaces it. As in
 * the AMD comparison, the sequence maps each page size in its own region of
 * IOVA, so that the different handling of a map over a live page does not
 * come up.
 */
#define io_pgtable_arm_64_lpae_s1_init_fns kunit_cmp_armv8_s1_init_fns
#define io_pgtable_arm_64_lpae_s2_init_fns kunit_cmp_armv8_s2_init_fns
#define io_pgtable_arm_32_lpae_s1_init_fns kunit_cmp_armv8_32_s1_init_fns
#define io_pgtable_arm_32_lpae_s2_init_fns kunit_cmp_armv8_32_s2_init_fns
#define io_pgtable_arm_mali_lpae_init_fns kunit_cmp_armv8_mali_init_fns

#include "../../io-pgtable-arm.c"

#include <kunit/test.h>
#include <linux/generic_pt/common.h>
#include <linux/generic_pt/iommu.h>
#include <linux/prandom.h>
#include <linux/sizes.h>

/**
 * struct kunit_cmp_armv8_fns - the genpt operations of one granule
 * @granule_lg2: log2 of the granule
 * @pgsizes: the page sizes io-pgtable-arm offers with the granule; given
 *	alone, they make it pick this granule whatever the CPU's PAGE_SIZE
 * @init: pt_iommu_armv8_<granule>_init()
 * @deinit: pt_iommu_armv8_<granule>_deinit()
 * @map_pages: pt_iommu_armv8_<granule>_map_pages()
 * @unmap_pages: pt_iommu_armv8_<granule>_unmap_pages()
 * @iova_to_phys: pt_iommu_armv8_<granule>_iova_to_phys()
 */
struct kunit_cmp_armv8_fns {
	unsigned int granule_lg2;
	u64 pgsizes;
	int (*init)(struct pt_iommu_armv8 *table,
		    const struct pt_iommu_armv8_cfg *cfg, gfp_t gfp);
	void (*deinit)(struct pt_iommu_armv8 *table);
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather);
	phys_addr_t (*iova_to_phys)(struct iommu_domain *domain,
				    dma_addr_t iova);
};

#define KUNIT_CMP_ARMV8_FNS(g, lg2, sizes)                             \
	static const struct kunit_cmp_armv8_fns kunit_cmp_armv8_##g = { \
		.granule_lg2 = lg2,                                     \
		.pgsizes = sizes,                                       \
		.init = pt_iommu_armv8_##g##_init,                      \
		.deinit = pt_iommu_armv8_##g##_deinit,                  \
		.map_pages = pt_iommu_armv8_##g##_map_pages,            \
		.unmap_pages = pt_iommu_armv8_##g##_unmap_pages,        \
		.iova_to_phys = pt_iommu_armv8_##g##_iova_to_phys,      \
	}

KUNIT_CMP_ARMV8_FNS(4k, 12, SZ_4K | SZ_2M | SZ_1G);
KUNIT_CMP_ARMV8_FNS(16k, 14, SZ_16K | SZ_32M);
KUNIT_CMP_ARMV8_FNS(64k, 16, SZ_64K | SZ_512M | BIT_ULL(42));

/**
 * struct kunit_cmp_armv8_cfg - one configuration compared
 * @name: its name
 * @fns: the granule's genpt operations
 * @s2: stage 2 (ARM_64_LPAE_S2) rather than stage 1
 * @dbm: stage 1 with hardware dirty state (IO_PGTABLE_QUIRK_ARM_HD)
 * @ias: the input address size
 * @oas: the output address size
 * @ops: random operations to run
 */
struct kunit_cmp_armv8_cfg {
	const char *name;
	const struct kunit_cmp_armv8_fns *fns;
	bool s2;
	bool dbm;
	unsigned int ias;
	unsigned int oas;
	unsigned int ops;
};

#define KUNIT_CMP_LIVE 64
/* Each page size maps in its own 1/8 of the IOVA space */
#define KUNIT_CMP_REGIONS_LG2 3

struct kunit_cmp {
	const struct kunit_cmp_armv8_cfg *cfg;
	struct pt_iommu_armv8 genpt;
	struct io_pgtable *iop;
	struct arm_lpae_io_pgtable *data;
	struct device dev;
	struct rnd_state rnd;
	u64 pgsizes[8];
	unsigned int num_pgsizes;
	/* The live runs: size 0 marks a free slot */
	u64 live_iova[KUNIT_CMP_LIVE];
	u64 live_size[KUNIT_CMP_LIVE];
	unsigned int live_count[KUNIT_CMP_LIVE];
	/* What was compared, for the summary */
	unsigned long entries, tables, masked, cuts, freed;
};

/* genpt frees emptied tables once the walk caches can be flushed */
static void kunit_cmp_flush_walk(struct pt_iommu *iommu, unsigned long iova,
				 size_t len)
{
}

static const struct pt_iommu_driver_ops kunit_cmp_driver_ops = {
	.flush_walk = kunit_cmp_flush_walk,
};

static void kunit_cmp_tlb_flush_all(void *cookie)
{
}

static void kunit_cmp_tlb_flush_walk(unsigned long iova, size_t size,
				     size_t granule, void *cookie)
{
}

static void kunit_cmp_tlb_add_page(struct iommu_iotlb_gather *gather,
				   unsigned long iova, size_t granule,
				   void *cookie)
{
}

static const struct iommu_flush_ops kunit_cmp_tlb_ops = {
	.tlb_flush_all = kunit_cmp_tlb_flush_all,
	.tlb_flush_walk = kunit_cmp_tlb_flush_walk,
	.tlb_add_page = kunit_cmp_tlb_add_page,
};

/* The number of items of a table at io-pgtable-arm's level @lvl */
static unsigned int kunit_cmp_items(struct kunit_cmp *c, int lvl)
{
	if (lvl == c->data->start_level)
		return 1U << c->data->pgd_bits;
	return 1U << c->data->bits_per_level;
}

static u64 kunit_cmp_leaf_mask(struct kunit_cmp *c, u64 old)
{
	/* io-pgtable-arm maps a writable DBM page dirty, genpt clean */
	if (c->cfg->dbm && (old & ARM_LPAE_PTE_DBM))
		return ARM_LPAE_PTE_AP_RDONLY;
	return 0;
}

/* Compare two tables of level @lvl and, through their pointers, all below */
/* An io-pgtable-arm table that maps nothing, at any level below it */
static bool kunit_cmp_old_empty(struct kunit_cmp *c, const u64 *old, int lvl)
{
	unsigned int i, n = kunit_cmp_items(c, lvl);

	for (i = 0; i != n; i++) {
		u64 o = READ_ONCE(old[i]);

		if (iopte_table(o, lvl)) {
			if (!kunit_cmp_old_empty(c, iopte_deref(o, c->data),
						 lvl + 1))
				return false;
		} else if (o) {
			return false;
		}
	}
	return true;
}

static void kunit_cmp_tables(struct kunit *test, struct kunit_cmp *c,
			     const u64 *gen, const u64 *old, int lvl, u64 va)
{
	unsigned int i, n = kunit_cmp_items(c, lvl);

	c->tables++;
	for (i = 0; i != n; i++) {
		u64 g = READ_ONCE(gen[i]), o = READ_ONCE(old[i]);
		u64 item_va = va + ((u64)i << ARM_LPAE_LVL_SHIFT(lvl, c->data));
		u64 mask;

		c->entries++;
		/* Not present on both sides: genpt may hold a tombstone */
		if (!(g & ARM_LPAE_PTE_VALID) && !o)
			continue;
		/* A table genpt freed when it became empty */
		if (iopte_table(o, lvl) && !(g & ARM_LPAE_PTE_VALID)) {
			KUNIT_ASSERT_TRUE_MSG(test,
					      kunit_cmp_old_empty(c,
								  iopte_deref(o, c->data),
								  lvl + 1),
					      "iova %llx level %d: genpt %llx io-pgtable %llx",
					      item_va, lvl, g, o);
			c->freed++;
			continue;
		}
		if (iopte_table(o, lvl)) {
			KUNIT_ASSERT_TRUE_MSG(test, iopte_table(g, lvl),
					      "iova %llx level %d: genpt %llx io-pgtable %llx",
					      item_va, lvl, g, o);
			KUNIT_ASSERT_EQ_MSG(test,
					    g & ~ARM_LPAE_PTE_ADDR_MASK,
					    o & ~ARM_LPAE_PTE_ADDR_MASK,
					    "table pointer at iova %llx level %d",
					    item_va, lvl);
			kunit_cmp_tables(test, c, iopte_deref(g, c->data),
					 iopte_deref(o, c->data), lvl + 1,
					 item_va);
			continue;
		}
		mask = kunit_cmp_leaf_mask(c, o);
		if (g != o && (g & ~mask) == (o & ~mask)) {
			c->masked++;
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, g, o, "entry at iova %llx level %d",
				    item_va, lvl);
	}
}

static void kunit_cmp_trees(struct kunit *test, struct kunit_cmp *c)
{
	uintptr_t top = READ_ONCE(c->genpt.common.top_of_table);
	unsigned int glevel = top & PT_TOP_LEVEL_MASK;

	/* genpt numbers levels from the leaves, the architecture from the top */
	KUNIT_ASSERT_EQ(test, glevel,
			(unsigned int)(ARM_LPAE_MAX_LEVELS - 1 -
				       c->data->start_level));
	kunit_cmp_tables(test, c,
			 (const u64 *)(top & ~(uintptr_t)PT_TOP_LEVEL_MASK),
			 c->data->pgd, c->data->start_level, 0);
}

static int kunit_cmp_init(struct kunit *test)
{
	const struct kunit_cmp_armv8_cfg *cfg = test->param_value;
	struct pt_iommu_armv8_cfg gcfg = {
		.features = (cfg->s2 ? BIT(PT_FEAT_ARMV8_S2) : 0) |
			    (cfg->dbm ? BIT(PT_FEAT_ARMV8_DBM) : 0),
		.max_vasz_lg2 = cfg->ias,
		.max_oasz_lg2 = cfg->oas,
	};
	struct io_pgtable_cfg icfg = {
		.quirks = cfg->dbm ? IO_PGTABLE_QUIRK_ARM_HD : 0,
		.pgsize_bitmap = cfg->fns->pgsizes,
		.ias = cfg->ias,
		.oas = cfg->oas,
		.coherent_walk = true,
		.tlb = &kunit_cmp_tlb_ops,
	};
	const struct io_pgtable_init_fns *fns;
	struct kunit_cmp *c;
	u64 sizes;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->cfg = cfg;
	/* Only its node is used: the walk is coherent, nothing is DMA mapped */
	set_dev_node(&c->dev, NUMA_NO_NODE);
	icfg.iommu_dev = &c->dev;

	fns = cfg->s2 ? &kunit_cmp_armv8_s2_init_fns :
			&kunit_cmp_armv8_s1_init_fns;
	c->iop = fns->alloc(&icfg, c);
	if (!c->iop)
		return -ENOMEM;
	c->iop->fmt = cfg->s2 ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1;
	c->iop->cookie = c;
	c->iop->cfg = icfg;
	c->data = io_pgtable_to_data(c->iop);

	c->genpt.iommu.nid = NUMA_NO_NODE;
	c->genpt.iommu.driver_ops = &kunit_cmp_driver_ops;
	if (cfg->fns->init(&c->genpt, &gcfg, GFP_KERNEL)) {
		fns->free(c->iop);
		return -ENOMEM;
	}
	/* The page sizes io-pgtable-arm offers: no contiguous runs */
	KUNIT_EXPECT_EQ(test,
			c->genpt.iommu.domain.pgsize_bitmap & icfg.pgsize_bitmap,
			icfg.pgsize_bitmap);
	c->genpt.iommu.domain.pgsize_bitmap = icfg.pgsize_bitmap;

	/* Those that fit in a region */
	sizes = icfg.pgsize_bitmap &
		GENMASK_ULL(cfg->ias - KUNIT_CMP_REGIONS_LG2, 0);
	while (sizes && c->num_pgsizes != ARRAY_SIZE(c->pgsizes)) {
		c->pgsizes[c->num_pgsizes++] = BIT_ULL(__ffs64(sizes));
		sizes &= sizes - 1;
	}
	prandom_seed_state(&c->rnd, 0x61726d636d70ULL + cfg->ias);
	test->priv = c;
	return 0;
}

static void kunit_cmp_exit(struct kunit *test)
{
	struct kunit_cmp *c = test->priv;

	if (!c)
		return;
	c->cfg->fns->deinit(&c->genpt);
	(c->cfg->s2 ? &kunit_cmp_armv8_s2_init_fns :
		      &kunit_cmp_armv8_s1_init_fns)->free(c->iop);
}

static bool kunit_cmp_overlaps(struct kunit_cmp *c, u64 iova, u64 len)
{
	unsigned int i;

	for (i = 0; i != KUNIT_CMP_LIVE; i++) {
		u64 live_len = c->live_size[i] * c->live_count[i];

		if (live_len && iova < c->live_iova[i] + live_len &&
		    c->live_iova[i] < iova + len)
			return true;
	}
	return false;
}

/* A protection of the kinds drivers ask for; always readable or writable */
static int kunit_cmp_prot(struct kunit_cmp *c)
{
	static const int prots[] = {
		IOMMU_READ,
		IOMMU_READ | IOMMU_WRITE,
		IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE,
		IOMMU_READ | IOMMU_CACHE | IOMMU_NOEXEC,
		IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
		IOMMU_WRITE,
		IOMMU_READ | IOMMU_WRITE | IOMMU_PRIV,
	};

	return prots[prandom_u32_state(&c->rnd) % ARRAY_SIZE(prots)];
}

static void kunit_cmp_map(struct kunit *test, struct kunit_cmp *c,
			  unsigned int slot)
{
	const struct kunit_cmp_armv8_cfg *cfg = c->cfg;
	unsigned int s = prandom_u32_state(&c->rnd) % c->num_pgsizes;
	u64 size = c->pgsizes[s];
	unsigned int region_lg2 = cfg->ias - KUNIT_CMP_REGIONS_LG2;
	u64 region = (u64)(s + 1) << region_lg2;
	/* Up to 64 places per size: collisions and shared tables happen */
	u64 places = min_t(u64, 64, BIT_ULL(region_lg2) / size);
	unsigned int count = 1 + prandom_u32_state(&c->rnd) % 4;
	u64 iova = region + (prandom_u32_state(&c->rnd) % places) * size;
	u64 paddr = (u64)(prandom_u32_state(&c->rnd) % 4096) * size;
	int prot = kunit_cmp_prot(c);
	size_t gmapped = 0, omapped = 0;
	int gret, oret = 0;

	paddr &= GENMASK_ULL(cfg->oas - 1, 0);
	if (iova + count * size - 1 > region + BIT_ULL(region_lg2) - 1 ||
	    paddr + count * size - 1 > GENMASK_ULL(cfg->oas - 1, 0))
		count = 1;
	if (kunit_cmp_overlaps(c, iova, count * size))
		return;
	gret = cfg->fns->map_pages(&c->genpt.iommu.domain, iova, paddr, size,
				   count, prot, GFP_KERNEL, &gmapped);
	/* io-pgtable-arm maps within one table per call: loop as iommu.c */
	while (!oret && omapped != count * size)
		oret = c->iop->ops.map_pages(&c->iop->ops, iova + omapped,
					     paddr + omapped, size,
					     count - omapped / size, prot,
					     GFP_KERNEL, &omapped);
	KUNIT_ASSERT_EQ(test, gret, oret);
	KUNIT_ASSERT_EQ(test, gmapped, omapped);
	KUNIT_ASSERT_EQ(test,
			cfg->fns->iova_to_phys(&c->genpt.iommu.domain,
					       iova + count * size - 1),
			c->iop->ops.iova_to_phys(&c->iop->ops,
						 iova + count * size - 1));
	c->live_iova[slot] = iova;
	c->live_size[slot] = size;
	c->live_count[slot] = count;
}

static void kunit_cmp_unmap(struct kunit *test, struct kunit_cmp *c,
			    unsigned int slot)
{
	u64 iova = c->live_iova[slot], size = c->live_size[slot];
	unsigned int count = c->live_count[slot];
	struct iommu_iotlb_gather gather;
	size_t gret, oret = 0, ret;

	iommu_iotlb_gather_init(&gather);
	gret = c->cfg->fns->unmap_pages(&c->genpt.iommu.domain, iova, size,
					count, &gather);
	iommu_put_pages_list(&gather.freelist);
	do {
		ret = c->iop->ops.unmap_pages(&c->iop->ops, iova + oret, size,
					      count - oret / size, NULL);
		oret += ret;
	} while (ret && oret != count * size);
	KUNIT_ASSERT_EQ(test, gret, oret);
	KUNIT_ASSERT_EQ(test,
			c->cfg->fns->iova_to_phys(&c->genpt.iommu.domain, iova),
			c->iop->ops.iova_to_phys(&c->iop->ops, iova));
	c->live_size[slot] = 0;
}

/*
 * Unmap [iova, iova + len) from both as the iommu core does: the largest
 * page size the alignment and the length allow, one call each, every
 * result equal. Return: the bytes unmapped, at the first hole.
 */
static u64 kunit_cmp_unmap_range(struct kunit *test, struct kunit_cmp *c,
				 u64 iova, u64 len)
{
	u64 done = 0;

	while (done != len) {
		u64 va = iova + done, size = 0;
		struct iommu_iotlb_gather gather;
		unsigned int i;
		size_t gret, oret;

		for (i = 0; i != c->num_pgsizes; i++)
			if (!(va & (c->pgsizes[i] - 1)) &&
			    c->pgsizes[i] <= len - done)
				size = c->pgsizes[i];
		iommu_iotlb_gather_init(&gather);
		gret = c->cfg->fns->unmap_pages(&c->genpt.iommu.domain, va,
						size, 1, &gather);
		iommu_put_pages_list(&gather.freelist);
		oret = c->iop->ops.unmap_pages(&c->iop->ops, va, size, 1, NULL);
		KUNIT_ASSERT_EQ_MSG(test, gret, oret, "unmap %llx size %llx",
				    va, size);
		if (!gret)
			break;
		done += gret;
	}
	return done;
}

/*
 * A hole of granules inside the first page of a live run: both cut the
 * page, then the rest of the run goes, before and after the hole
 */
static void kunit_cmp_unmap_hole(struct kunit *test, struct kunit_cmp *c,
				 unsigned int slot)
{
	u64 iova = c->live_iova[slot], size = c->live_size[slot];
	u64 len = size * c->live_count[slot], gran = c->pgsizes[0];
	u64 first = prandom_u32_state(&c->rnd) % (size / gran);
	u64 num = 1 + prandom_u32_state(&c->rnd) %
			      min_t(u64, 16, size / gran - first);
	u64 hole = iova + first * gran;

	KUNIT_ASSERT_EQ(test, kunit_cmp_unmap_range(test, c, hole, num * gran),
			num * gran);
	KUNIT_ASSERT_EQ(test,
			c->cfg->fns->iova_to_phys(&c->genpt.iommu.domain, iova),
			c->iop->ops.iova_to_phys(&c->iop->ops, iova));
	kunit_cmp_trees(test, c);
	KUNIT_ASSERT_EQ(test, kunit_cmp_unmap_range(test, c, iova, hole - iova),
			hole - iova);
	KUNIT_ASSERT_EQ(test,
			kunit_cmp_unmap_range(test, c, hole + num * gran,
					      iova + len - hole - num * gran),
			iova + len - hole - num * gran);
	c->live_size[slot] = 0;
	c->cuts++;
}

static void test_cmp_random_ops(struct kunit *test)
{
	const struct kunit_cmp_armv8_cfg *cfg = test->param_value;
	struct kunit_cmp *c = test->priv;
	unsigned int op;

	for (op = 0; op != cfg->ops; op++) {
		unsigned int slot = prandom_u32_state(&c->rnd) % KUNIT_CMP_LIVE;

		if (c->live_size[slot] > c->pgsizes[0] &&
		    prandom_u32_state(&c->rnd) % 2)
			kunit_cmp_unmap_hole(test, c, slot);
		else if (c->live_size[slot])
			kunit_cmp_unmap(test, c, slot);
		else
			kunit_cmp_map(test, c, slot);
		if (op % 64 == 63)
			kunit_cmp_trees(test, c);
	}
	kunit_cmp_trees(test, c);
	kunit_info(test,
		   "genpt-cmp: armv8 %s: %u ops (%lu cuts), %lu tables and %lu entries compared, 0 differ, %lu differ on purpose (%lu DBM, %lu emptied tables freed)\n",
		   cfg->name, cfg->ops, c->cuts, c->tables, c->entries,
		   c->masked + c->freed, c->masked, c->freed);
}

#define KUNIT_CMP(n, g, stage2, hd, i, o)                                 \
	{ .name = n, .fns = &kunit_cmp_armv8_##g, .s2 = stage2, .dbm = hd, \
	  .ias = i, .oas = o, .ops = 2000 }

/*
 * Every granule and stage at input sizes giving each number of levels, a
 * partial and a concatenated top table; 52 bit addresses with 64K
 */
static const struct kunit_cmp_armv8_cfg kunit_cmp_armv8_cfgs[] = {
	KUNIT_CMP("4k_s1_ias32", 4k, false, false, 32, 40),
	KUNIT_CMP("4k_s1_ias39", 4k, false, false, 39, 48),
	KUNIT_CMP("4k_s1_ias40", 4k, false, false, 40, 44),
	KUNIT_CMP("4k_s1_ias48", 4k, false, false, 48, 48),
	KUNIT_CMP("4k_s1_ias48_dbm", 4k, false, true, 48, 48),
	KUNIT_CMP("4k_s2_ias39", 4k, true, false, 39, 40),
	KUNIT_CMP("4k_s2_ias40_concat2", 4k, true, false, 40, 48),
	KUNIT_CMP("4k_s2_ias43_concat16", 4k, true, false, 43, 48),
	KUNIT_CMP("4k_s2_ias44", 4k, true, false, 44, 48),
	KUNIT_CMP("4k_s2_ias48", 4k, true, false, 48, 48),
	KUNIT_CMP("16k_s1_ias36", 16k, false, false, 36, 48),
	KUNIT_CMP("16k_s1_ias47", 16k, false, false, 47, 48),
	KUNIT_CMP("16k_s1_ias48_dbm", 16k, false, true, 48, 48),
	KUNIT_CMP("16k_s2_ias40", 16k, true, false, 40, 40),
	KUNIT_CMP("16k_s2_ias48_concat2", 16k, true, false, 48, 48),
	KUNIT_CMP("64k_s1_ias42", 64k, false, false, 42, 48),
	KUNIT_CMP("64k_s1_ias48", 64k, false, false, 48, 48),
	KUNIT_CMP("64k_s1_ias52_oa52", 64k, false, false, 52, 52),
	KUNIT_CMP("64k_s1_ias48_oa52_dbm", 64k, false, true, 48, 52),
	KUNIT_CMP("64k_s2_ias48", 64k, true, false, 48, 48),
	KUNIT_CMP("64k_s2_ias52_oa52", 64k, true, false, 52, 52),
};

static void kunit_cmp_cfg_desc(const struct kunit_cmp_armv8_cfg *cfg,
			       char *desc)
{
	strscpy(desc, cfg->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kunit_cmp, kunit_cmp_armv8_cfgs, kunit_cmp_cfg_desc);

static struct kunit_case kunit_cmp_cases[] = {
	KUNIT_CASE_PARAM(test_cmp_random_ops, kunit_cmp_gen_params),
	{}
};

static struct kunit_suite kunit_cmp_suite = {
	.name = "generic_pt_cmp_armv8",
	.init = kunit_cmp_init,
	.exit = kunit_cmp_exit,
	.test_cases = kunit_cmp_cases,
};

kunit_test_suites(&kunit_cmp_suite);

MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic page table: comparison with io-pgtable-arm");
