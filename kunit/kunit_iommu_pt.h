/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: the iommu_domain operations suite.
 *
 * Drives the operations of iommu_pt.h through their iommu_domain entry
 * points for every configuration of kunit_pt_cfgs[]: every page size,
 * bad input, large pages, growth of the top, dirty tracking, allocation
 * failures, and a long random sequence checked against a reference model.
 * The template is included here with hooks that count table memory,
 * inject allocation failures and keep the view of a walker that does not
 * snoop the CPU cache; the instance drivers use has none.
 */

#include <kunit/test-bug.h>
#include <linux/dma-mapping.h>

static unsigned long kunit_iommu_allocs;
static unsigned long kunit_iommu_frees;
/* Fail the allocation this many allocations from now; -1 never */
static long kunit_iommu_fail_in = -1;

/*
 * What a walker that does not snoop the CPU cache sees of each table: a
 * copy updated only by the DMA API calls of the template. After every
 * operation each live table must equal its copy, else a write was not
 * followed by its cache maintenance.
 */
struct kunit_iommu_shadow {
	struct pt_table_p *table;
	u8 *device_view;
	size_t len;
};

#define KUNIT_IOMMU_SHADOWS 1024
static struct kunit_iommu_shadow kunit_iommu_shadows[KUNIT_IOMMU_SHADOWS];
static unsigned int kunit_iommu_dma_maps;
static unsigned int kunit_iommu_dma_syncs;

static struct kunit_iommu_shadow *kunit_iommu_shadow(const void *table)
{
	unsigned int i;

	for (i = 0; i != KUNIT_IOMMU_SHADOWS; i++)
		if (kunit_iommu_shadows[i].table == table)
			return &kunit_iommu_shadows[i];
	return NULL;
}

static bool pt_iommu_hook_alloc(void)
{
	if (kunit_iommu_fail_in == 0) {
		kunit_iommu_fail_in = -1;
		return false;
	}
	if (kunit_iommu_fail_in > 0)
		kunit_iommu_fail_in--;
	return true;
}

static void pt_iommu_hook_table(struct pt_table_p *table, bool alive)
{
	if (alive)
		kunit_iommu_allocs++;
	else
		kunit_iommu_frees++;
}

static dma_addr_t pt_iommu_dma_map(struct device *dev, void *table,
				   size_t len)
{
	struct kunit_iommu_shadow *sh = kunit_iommu_shadow(NULL);

	if (!sh)
		return DMA_MAPPING_ERROR;
	sh->device_view = kmemdup(table, len, GFP_ATOMIC);
	if (!sh->device_view)
		return DMA_MAPPING_ERROR;
	sh->table = table;
	sh->len = len;
	kunit_iommu_dma_maps++;
	return virt_to_phys(table);
}

static void pt_iommu_dma_unmap(struct device *dev, dma_addr_t dma,
			       size_t len)
{
	struct kunit_iommu_shadow *sh = kunit_iommu_shadow(phys_to_virt(dma));

	/* Unmapped with the length it was mapped with */
	if (WARN_ON(!sh || sh->len != len))
		return;
	kfree(sh->device_view);
	sh->device_view = NULL;
	sh->table = NULL;
	kunit_iommu_dma_maps--;
}

static void pt_iommu_dma_sync(struct device *dev, void *table, size_t offset,
			      size_t len)
{
	struct kunit_iommu_shadow *sh = kunit_iommu_shadow(table);

	if (WARN_ON(!sh))
		return;
	memcpy(sh->device_view + offset, (u8 *)table + offset, len);
	kunit_iommu_dma_syncs++;
}

/* Every live table as the walker sees it is what the CPU wrote */
static void kunit_iommu_check_device_view(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i != KUNIT_IOMMU_SHADOWS; i++) {
		struct kunit_iommu_shadow *sh = &kunit_iommu_shadows[i];

		if (sh->table)
			KUNIT_ASSERT_EQ_MSG(test,
					    memcmp(sh->table, sh->device_view,
						   sh->len), 0,
					    "table %p written without sync",
					    sh->table);
	}
}

#define PT_IOMMU_KUNIT_HOOKS
#define PT_IOMMU_NO_EXPORT
#include "iommu_pt.h"

/**
 * struct kunit_iommu - the state of one ops case
 * @table: the table under test, as a driver embeds it
 * @cfg: its configuration
 * @rnd: a seeded generator
 * @gather: the gather unmap fills
 * @top_lock: the driver's lock for growing the top
 * @top_changes: calls of the change_top callback
 * @top_level: the level change_top was last given
 */
struct kunit_iommu {
	PT_IOMMU_TABLE table;
	const struct kunit_pt_cfg *cfg;
	struct rnd_state rnd;
	struct iommu_iotlb_gather gather;
	spinlock_t top_lock; /* serializes growth of the top */
	unsigned int top_changes;
	unsigned int top_level;
};

static void kunit_iommu_change_top(struct pt_iommu *iommu,
				   phys_addr_t top_paddr,
				   unsigned int top_level)
{
	struct kunit_iommu *ki = container_of(iommu, struct kunit_iommu,
					      table.iommu);

	ki->top_changes++;
	ki->top_level = top_level;
}

static spinlock_t *kunit_iommu_get_top_lock(struct pt_iommu *iommu)
{
	return &container_of(iommu, struct kunit_iommu, table.iommu)->top_lock;
}

static const struct pt_iommu_driver_ops kunit_iommu_driver_ops = {
	.change_top = kunit_iommu_change_top,
	.get_top_lock = kunit_iommu_get_top_lock,
};

static u64 kunit_iommu_rand(struct kunit_iommu *ki)
{
	return ((u64)prandom_u32_state(&ki->rnd) << 32) |
	       prandom_u32_state(&ki->rnd);
}

static int kunit_iommu_init(struct kunit *test)
{
	const struct kunit_pt_cfg *cfg = test->param_value;
	PT_IOMMU_CFG pcfg = {
		.features = cfg->features,
		.starting_level = cfg->top_level,
		.max_vasz_lg2 = cfg->vasz_lg2,
		.max_oasz_lg2 = cfg->oasz_lg2,
	};
	struct kunit_iommu *ki;
	int ret;

	ki = kunit_kzalloc(test, sizeof(*ki), GFP_KERNEL);
	if (!ki)
		return -ENOMEM;
	ki->cfg = cfg;
	spin_lock_init(&ki->top_lock);
	iommu_iotlb_gather_init(&ki->gather);
	prandom_seed_state(&ki->rnd, 0x696f6d6d75ULL + cfg->top_level);
	ki->table.iommu.driver_ops = &kunit_iommu_driver_ops;
	ki->table.iommu.nid = NUMA_NO_NODE;
	kunit_iommu_allocs = 0;
	kunit_iommu_frees = 0;
	kunit_iommu_fail_in = -1;
	kunit_iommu_dma_maps = 0;
	kunit_iommu_dma_syncs = 0;
	ret = pt_iommu_init(&ki->table, &pcfg, GFP_KERNEL);
	if (ret)
		return ret;
	test->priv = ki;
	return 0;
}

/* Free what unmap gathered, as a driver does after the IOTLB flush */
static void kunit_iommu_free_gathered(struct kunit_iommu *ki)
{
	iommu_put_pages_list(&ki->gather.freelist);
	iommu_iotlb_gather_init(&ki->gather);
}

static void kunit_iommu_exit(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;

	if (!ki)
		return;
	kunit_iommu_free_gathered(ki);
	pt_iommu_deinit(&ki->table);
	/* Every table page allocated was freed exactly once */
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs, kunit_iommu_frees);
	/* And every DMA mapping of a table undone */
	KUNIT_EXPECT_EQ(test, kunit_iommu_dma_maps, 0U);
}

static struct iommu_domain *kunit_iommu_domain(struct kunit_iommu *ki)
{
	return &ki->table.iommu.domain;
}

static int kunit_iommu_map(struct kunit_iommu *ki, u64 iova, u64 paddr,
			   u64 pgsize, u64 pgcount, int prot)
{
	size_t mapped = 0;
	int ret;

	ret = pt_iommu_map_pages(kunit_iommu_domain(ki), iova, paddr, pgsize,
				 pgcount, prot, GFP_KERNEL, &mapped);
	kunit_iommu_check_device_view(kunit_get_current_test());
	if (!ret && mapped != pgsize * pgcount)
		return -EIO;
	if (ret && mapped)
		return -EIO;
	return ret;
}

static size_t kunit_iommu_unmap(struct kunit_iommu *ki, u64 iova, u64 pgsize,
				u64 pgcount)
{
	size_t ret = pt_iommu_unmap_pages(kunit_iommu_domain(ki), iova, pgsize,
					  pgcount, &ki->gather);

	kunit_iommu_check_device_view(kunit_get_current_test());
	kunit_iommu_free_gathered(ki);
	return ret;
}

/* A digest of every entry of every table, and the number of tables */
struct kunit_iommu_digest {
	u64 hash;
	unsigned long tables;
	unsigned long leaves;
};

static __always_inline int __kunit_iommu_digest(struct pt_range *range,
						void *arg, unsigned int level,
						struct pt_table_p *table,
						pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct kunit_iommu_digest *d = arg;
	int ret;

	d->tables++;
	for_each_pt_level_entry(&pts) {
		d->hash = (d->hash ^ pts.entry) * 0x100000001b3ULL +
			  pts.index + level;
		if (pts.type == PT_ENTRY_OA)
			d->leaves++;
		if (pts.type != PT_ENTRY_TABLE)
			continue;
		ret = pt_descend(&pts, arg, descend_fn);
		if (ret)
			return ret;
	}
	return 0;
}

PT_MAKE_RECURSIVE_LEVELS(kunit_iommu_digest_walk, __kunit_iommu_digest);

static struct kunit_iommu_digest kunit_iommu_digest(struct kunit_iommu *ki)
{
	struct pt_range range = pt_top_range(&ki->table.common);
	struct kunit_iommu_digest d = {};

	kunit_iommu_digest_walk(&range, &d);
	return d;
}

static u64 kunit_iommu_max_va_lg2(struct kunit_iommu *ki)
{
	return ki->table.common.max_vasz_lg2;
}

/* How many items a page of 2^lg2 takes at the lowest level that has it */
static unsigned long kunit_iommu_leaf_items(struct kunit_iommu *ki,
					    unsigned int lg2)
{
	struct pt_range range = pt_top_range(&ki->table.common);
	struct pt_state pts = { .range = &range };

	for (pts.level = 0; pts.level <= PT_MAX_TOP_LEVEL; pts.level++)
		if (pt_possible_sizes(&pts) & BIT_ULL(lg2))
			return 1UL << (lg2 - pt_table_item_lg2sz(&pts));
	return 0;
}

/*
 * Every page size: map one page into an empty table, translate it, check
 * it is one leaf (or one contiguous run), unmap it.
 */
static void test_map_every_size(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 sizes = domain->pgsize_bitmap;
	unsigned int oa_lg2 = pt_max_oa_lg2(&ki->table.common);
	const struct kunit_pt_cfg *cfg = ki->cfg;
	PT_IOMMU_CFG pcfg = {
		.features = cfg->features,
		.starting_level = cfg->top_level,
		.max_vasz_lg2 = cfg->vasz_lg2,
		.max_oasz_lg2 = cfg->oasz_lg2,
	};

	KUNIT_ASSERT_NE(test, sizes, 0ULL);
	KUNIT_EXPECT_TRUE(test, sizes & log2_to_int(PT_GRANULE_LG2SZ));
	while (sizes) {
		unsigned int lg2 = __ffs64(sizes);
		u64 pgsize = log2_to_int(lg2);
		u64 iova = log2_set_mod(kunit_iommu_rand(ki),
					0, lg2) & domain->geometry.aperture_end;
		u64 paddr = log2_set_mod(kunit_iommu_rand(ki), 0, lg2) &
			    log2_to_max_int(oa_lg2);
		struct kunit_iommu_digest d;

		sizes &= sizes - 1;
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, paddr, pgsize, 1,
						      IOMMU_READ | IOMMU_WRITE),
				0);
		KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, iova),
				(phys_addr_t)paddr);
		KUNIT_EXPECT_EQ(test,
				pt_iommu_iova_to_phys(domain, iova + pgsize - 1),
				(phys_addr_t)(paddr + pgsize - 1));
		KUNIT_EXPECT_EQ(test,
				pt_iommu_iova_to_phys(domain, iova + pgsize / 2),
				(phys_addr_t)(paddr + pgsize / 2));
		/* One page is one leaf, or one run of contiguous items */
		d = kunit_iommu_digest(ki);
		KUNIT_EXPECT_EQ(test, d.leaves, kunit_iommu_leaf_items(ki, lg2));
		KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova, pgsize, 1),
				(size_t)pgsize);
		KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, iova), 0);
		d = kunit_iommu_digest(ki);
		KUNIT_EXPECT_EQ(test, d.leaves, 0UL);
		KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
				d.tables);

		/* A new empty table for the next size */
		pt_iommu_deinit(&ki->table);
		KUNIT_ASSERT_EQ(test, kunit_iommu_allocs, kunit_iommu_frees);
		KUNIT_ASSERT_EQ(test, pt_iommu_init(&ki->table, &pcfg,
						    GFP_KERNEL), 0);
	}
}

/* log2 of the number of items of a table below the top */
static unsigned int kunit_iommu_items_lg2(void)
{
	return PT_TABLEMEM_LG2SZ - ilog2(PT_ITEM_WORD_SIZE);
}

/* Small pages given for an aligned range become the largest pages */
static void test_map_merges(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	unsigned int items_lg2 = kunit_iommu_items_lg2();
	u64 big = log2_to_int(PT_GRANULE_LG2SZ + items_lg2);
	u64 iova = 3 * big, paddr = 5 * big;
	struct kunit_iommu_digest d;

	if (!(domain->pgsize_bitmap & big) ||
	    iova + 2 * big - 1 > domain->geometry.aperture_end)
		kunit_skip(test, "no level 1 pages in this configuration");
	/*
	 * A level 1 page and one granule more, from granule pages, aligned:
	 * one level 1 leaf and one level 0 leaf (2M + 4K with 4K granules)
	 */
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, paddr,
					      log2_to_int(PT_GRANULE_LG2SZ),
					      log2_to_int(items_lg2) + 1,
					      IOMMU_READ), 0);
	d = kunit_iommu_digest(ki);
	KUNIT_EXPECT_EQ(test, d.leaves, 2UL);
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, iova + big),
			(phys_addr_t)(paddr + big));
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova,
						log2_to_int(PT_GRANULE_LG2SZ),
						log2_to_int(items_lg2) + 1),
			(size_t)(big + log2_to_int(PT_GRANULE_LG2SZ)));
}

/* Unmapping all of a table's span frees the table, after the flush */
static void test_unmap_frees_tables(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	unsigned int items_lg2 = kunit_iommu_items_lg2();
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 span = pg << items_lg2;
	struct kunit_iommu_digest before, mapped;
	struct page *page;
	size_t unmapped;
	unsigned int n = 0;

	if (ki->table.common.max_vasz_lg2 < PT_GRANULE_LG2SZ + items_lg2 + 1)
		kunit_skip(test, "a single table");
	before = kunit_iommu_digest(ki);
	/*
	 * Granule pages over a whole level 0 table: paddr keeps them that
	 * small (no contiguous runs either)
	 */
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, span, pg, pg,
					      log2_to_int(items_lg2),
					      IOMMU_READ), 0);
	mapped = kunit_iommu_digest(ki);
	KUNIT_ASSERT_EQ(test, mapped.leaves, (unsigned long)log2_to_int(items_lg2));
	KUNIT_ASSERT_GT(test, mapped.tables, before.tables);

	unmapped = pt_iommu_unmap_pages(domain, span, pg,
					log2_to_int(items_lg2), &ki->gather);
	KUNIT_EXPECT_EQ(test, unmapped, (size_t)span);
	/*
	 * Unlinked, but not freed before the flush: it is on the freelist, as
	 * the order 0 pages iommu_put_pages_list() frees
	 */
	list_for_each_entry(page, &ki->gather.freelist, lru)
		n++;
	KUNIT_EXPECT_EQ(test, n,
			1U << pt_iommu_table_order(PT_TABLEMEM_LG2SZ));
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).tables, mapped.tables - 1);
	KUNIT_EXPECT_EQ(test, ki->gather.start, (unsigned long)span);
	KUNIT_EXPECT_EQ(test, ki->gather.end, (unsigned long)(2 * span - 1));
	kunit_iommu_free_gathered(ki);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			mapped.tables - 1);
}

/* Bad input: the precise errno, and the table exactly as it was */
static void test_bad_input(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 end = domain->geometry.aperture_end;
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	unsigned int oa_lg2 = pt_max_oa_lg2(&ki->table.common);
	struct kunit_iommu_digest before, after;

	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, 0x10 * pg, 0x20 * pg, pg, 4,
					      IOMMU_READ), 0);
	before = kunit_iommu_digest(ki);

	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, pg / 2, 0, pg, 1, IOMMU_READ),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0, pg / 2, pg, 1, IOMMU_READ),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0, 0, pg * 3, 1, IOMMU_READ),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0, 0, pg, 0, IOMMU_READ),
			-EINVAL);
	if (!(domain->pgsize_bitmap & (pg << 1)))
		KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0, 0, pg << 1, 1,
						      IOMMU_READ), -EINVAL);
	/* The length wraps the IOVA or the physical address */
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, U64_MAX - pg + 1, 0, pg, 2,
					      IOMMU_READ), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0, U64_MAX - pg + 1, pg, 2,
					      IOMMU_READ), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0, 0, pg, U64_MAX / pg + 2,
					      IOMMU_READ), -EOVERFLOW);
	/* Past the IOVA and the output address sizes */
	if (end != U64_MAX)
		KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, end + 1, 0, pg, 1,
						      IOMMU_READ), -ERANGE);
	if (oa_lg2 < 64)
		KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0,
						      log2_to_int(oa_lg2), pg,
						      1, IOMMU_READ), -ERANGE);
	/* Over an existing mapping, wholly or in part */
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0x10 * pg, 0, pg, 1,
					      IOMMU_READ), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0x8 * pg, 0, pg, 9,
					      IOMMU_READ), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, 0x13 * pg, 0, pg, 0x100,
					      IOMMU_READ), -EADDRINUSE);
	/* Unmap of bad ranges and of nothing */
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, pg / 2, pg, 1), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, 0, pg, 0), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, U64_MAX - pg + 1, pg, 2),
			0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, 0x100 * pg, pg, 1), 0);

	after = kunit_iommu_digest(ki);
	KUNIT_EXPECT_EQ(test, after.hash, before.hash);
	KUNIT_EXPECT_EQ(test, after.tables, before.tables);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			before.tables);
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, 0x12 * pg),
			(phys_addr_t)(0x22 * pg));
}

/*
 * The smallest page size of the domain of at least 16 granules that fits
 * twice in the IOVA space, or 0
 */
static u64 kunit_iommu_big_pgsize(struct kunit_iommu *ki)
{
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 sizes = domain->pgsize_bitmap &
		    ~log2_to_max_int(PT_GRANULE_LG2SZ + 4);
	u64 big = sizes & -sizes;

	if (big > domain->geometry.aperture_end / 2)
		return 0;
	return big;
}

/* Unmapping part of a large page removes and reports all of it */
static void test_partial_unmap(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = kunit_iommu_big_pgsize(ki);

	if (!big)
		kunit_skip(test, "no large page in this configuration");
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, big, 2 * big, big, 1,
					      IOMMU_READ), 0);
	KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, big + 3 * pg, pg, 1,
						   &ki->gather),
			(size_t)big);
	/* The flush covers the whole page, not only what was asked */
	KUNIT_EXPECT_EQ(test, ki->gather.start, (unsigned long)big);
	KUNIT_EXPECT_EQ(test, ki->gather.end, (unsigned long)(2 * big - 1));
	kunit_iommu_free_gathered(ki);
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, big), 0);
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, 2 * big - 1), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).leaves, 0UL);
}

/* Allocation failure at every allocation of a map: nothing changes */
static void test_alloc_failure(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 end = domain->geometry.aperture_end;
	struct kunit_iommu_digest before = kunit_iommu_digest(ki);
	unsigned int top_changes = ki->top_changes;
	unsigned int fail_at;
	/* Two pages in different corners: tables on every level twice */
	u64 iova = log2_set_mod(end / 3, 0, PT_GRANULE_LG2SZ);
	int ret;

	for (fail_at = 0;; fail_at++) {
		unsigned long allocs = kunit_iommu_allocs;

		KUNIT_ASSERT_LT(test, fail_at, 64U);
		kunit_iommu_fail_in = fail_at;
		ret = kunit_iommu_map(ki, iova, pg, pg, 2, IOMMU_READ);
		if (!ret)
			break;
		KUNIT_ASSERT_EQ(test, ret, -ENOMEM);
		KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, iova), 0);
		/* Nothing leaked: what is allocated is what is in the tree */
		KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
				kunit_iommu_digest(ki).tables);
		/* And unless the top grew, the tree is exactly as it was */
		if (ki->top_changes == top_changes) {
			KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).hash,
					before.hash);
			KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - allocs,
					(unsigned long)fail_at);
		}
	}
	kunit_iommu_fail_in = -1;
	/* Without growth, it failed once for every table the map needed */
	if (ki->top_changes == top_changes)
		KUNIT_EXPECT_EQ(test, (unsigned long)fail_at,
				kunit_iommu_digest(ki).tables - before.tables);
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, iova + pg),
			(phys_addr_t)(2 * pg));
}

/* The top grows when a map needs it, and the driver is told */
static void test_grow_top(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	struct pt_range top = pt_top_range(&ki->table.common);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 high;

	if (!pt_feature(&ki->table.common, PT_FEAT_DYNAMIC_TOP))
		kunit_skip(test, "the top does not grow");
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, pg, 7 * pg, pg, 1,
					      IOMMU_READ), 0);
	high = log2_set_mod(domain->geometry.aperture_end, 0,
			    PT_GRANULE_LG2SZ);
	KUNIT_ASSERT_GT(test, high, top.last_va);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, high, 9 * pg, pg, 1,
					      IOMMU_WRITE), 0);
	top = pt_top_range(&ki->table.common);
	KUNIT_EXPECT_GE(test, top.last_va, high);
	KUNIT_EXPECT_NE(test, ki->top_changes, 0U);
	KUNIT_EXPECT_EQ(test, ki->top_level, (unsigned int)top.top_level);
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, pg),
			(phys_addr_t)(7 * pg));
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, high),
			(phys_addr_t)(9 * pg));
	/* Past what it may grow to */
	if (domain->geometry.aperture_end != U64_MAX)
		KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki,
						      domain->geometry.aperture_end + 1,
						      0, pg, 1, IOMMU_READ),
				-ERANGE);
}

struct kunit_iommu_dirty_rec {
	unsigned int num;
	pt_vaddr_t iova[8];
	pt_vaddr_t len[8];
};

static void kunit_iommu_record(void *priv, pt_vaddr_t iova, pt_vaddr_t len)
{
	struct kunit_iommu_dirty_rec *rec = priv;

	if (rec->num < ARRAY_SIZE(rec->iova)) {
		rec->iova[rec->num] = iova;
		rec->len[rec->num] = len;
	}
	rec->num++;
}

static __always_inline int __kunit_iommu_dirty_one(struct pt_range *range,
						   void *arg,
						   unsigned int level,
						   struct pt_table_p *table,
						   pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);

	switch (pt_load_single_entry(&pts)) {
	case PT_ENTRY_TABLE:
		return pt_descend(&pts, arg, descend_fn);
	case PT_ENTRY_OA:
		return pt_entry_make_write_dirty(&pts) ? 0 : -EOPNOTSUPP;
	default:
		return -ENOENT;
	}
}

PT_MAKE_LEVELS(kunit_iommu_dirty_one, __kunit_iommu_dirty_one);

/* What the IOMMU does on a DMA write through @iova */
static int kunit_iommu_write(struct kunit_iommu *ki, pt_vaddr_t iova)
{
	struct pt_range range;

	if (pt_make_range(&ki->table.common, &range, iova, iova))
		return -ERANGE;
	return kunit_iommu_dirty_one(&range, NULL);
}

static unsigned int kunit_iommu_read_dirty(struct kunit_iommu *ki,
					   pt_vaddr_t iova, pt_vaddr_t len,
					   unsigned long flags,
					   struct kunit_iommu_dirty_rec *rec)
{
	struct pt_iommu_dirty_args args = {
		.iommu = &ki->table.iommu,
		.flags = flags,
		.record = kunit_iommu_record,
		.priv = rec,
	};
	struct pt_range range;

	memset(rec, 0, sizeof(*rec));
	if (pt_make_range(&ki->table.common, &range, iova, iova + len - 1) ||
	    __read_and_clear_dirty(&range, &args))
		return UINT_MAX;
	kunit_iommu_check_device_view(kunit_get_current_test());
	return rec->num;
}

/* Dirty read-back, with and without clearing, of small and large pages */
static void test_dirty(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = kunit_iommu_big_pgsize(ki);
	struct kunit_iommu_dirty_rec rec;
	int ret;

	if (pt_feature(&ki->table.common, PT_FEAT_DMA_INCOHERENT)) {
		struct iommu_dirty_bitmap bm = {};

		KUNIT_EXPECT_EQ(test,
				pt_iommu_read_and_clear_dirty(kunit_iommu_domain(ki),
							      0, pg, 0, &bm),
				-EOPNOTSUPP);
		kunit_skip(test, "no dirty tracking without a snooping walker");
	}

	/* A large page above four small pages */
	if (!big)
		kunit_skip(test, "no large page in this configuration");

	/* paddr only 4K aligned: four 4K pages, not one 16K page */
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, 0, pg, pg, 4,
					      IOMMU_READ | IOMMU_WRITE), 0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, big, big, big, 1,
					      IOMMU_READ | IOMMU_WRITE), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_read_dirty(ki, 0, 2 * big, 0, &rec),
			0U);

	ret = kunit_iommu_write(ki, 2 * pg);
	if (ret == -EOPNOTSUPP)
		kunit_skip(test, "the format has no dirty bit");
	KUNIT_ASSERT_EQ(test, ret, 0);
	/* The last granule of the large page: the whole page reads dirty */
	KUNIT_ASSERT_EQ(test, kunit_iommu_write(ki, 2 * big - pg), 0);

	/* Through the domain op: iommu_dirty_bitmap_record() fills the gather */
	{
		struct iommu_iotlb_gather g;
		struct iommu_dirty_bitmap bm = { .gather = &g };

		iommu_iotlb_gather_init(&g);
		KUNIT_EXPECT_EQ(test,
				pt_iommu_read_and_clear_dirty(kunit_iommu_domain(ki),
							      0, 2 * big,
							      IOMMU_DIRTY_NO_CLEAR,
							      &bm), 0);
		KUNIT_EXPECT_EQ(test, g.start, (unsigned long)(2 * pg));
		KUNIT_EXPECT_EQ(test, g.end, (unsigned long)(2 * big - 1));
		KUNIT_EXPECT_EQ(test,
				pt_iommu_read_and_clear_dirty(kunit_iommu_domain(ki),
							      0, 0, 0, &bm),
				-EINVAL);
	}
	KUNIT_EXPECT_EQ(test, kunit_iommu_read_dirty(ki, 0, 2 * big,
						     IOMMU_DIRTY_NO_CLEAR,
						     &rec), 2U);
	KUNIT_EXPECT_EQ(test, rec.iova[0], 2 * pg);
	KUNIT_EXPECT_EQ(test, rec.len[0], pg);
	KUNIT_EXPECT_EQ(test, rec.iova[1], big);
	KUNIT_EXPECT_EQ(test, rec.len[1], big);
	/* Not cleared: again; a range starting inside the large page is clipped */
	KUNIT_EXPECT_EQ(test, kunit_iommu_read_dirty(ki, big + pg, big - pg, 0,
						     &rec), 1U);
	KUNIT_EXPECT_EQ(test, rec.iova[0], big + pg);
	KUNIT_EXPECT_EQ(test, rec.len[0], big - pg);
	/* Cleared now, the whole run */
	KUNIT_EXPECT_EQ(test, kunit_iommu_read_dirty(ki, 0, 2 * big, 0, &rec),
			1U);
	KUNIT_EXPECT_EQ(test, rec.iova[0], 2 * pg);
	KUNIT_EXPECT_EQ(test, kunit_iommu_read_dirty(ki, 0, 2 * big, 0, &rec),
			0U);
}

/* One map call of the reference model */
struct kunit_iommu_ref {
	u64 iova;
	u64 last;
	u64 paddr;
	u64 pgsize;
	u64 pgcount;
};

#define KUNIT_IOMMU_REFS 48

/*
 * A long random sequence of maps and unmaps, each result checked against
 * a reference model (the list of live map calls), and the translation of
 * every live mapping and of random holes checked after every step.
 */
static void test_random_ops(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	unsigned int oa_lg2 = pt_max_oa_lg2(&ki->table.common);
	unsigned int win_lg2 = min_t(unsigned int, kunit_iommu_max_va_lg2(ki),
				     PT_GRANULE_LG2SZ + 24);
	/* Sizes up to 1/16 of the window, most of them small */
	u64 sizes = domain->pgsize_bitmap & log2_to_max_int(win_lg2 - 4);
	struct kunit_iommu_ref *refs;
	unsigned int num = 0, step, steps, i;

	refs = kunit_kcalloc(test, KUNIT_IOMMU_REFS, sizeof(*refs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, refs);
	KUNIT_ASSERT_NE(test, sizes, 0ULL);

	/* The device view check costs a compare of every table per step */
	steps = pt_feature(&ki->table.common, PT_FEAT_DMA_INCOHERENT) ? 600 :
									 3000;
	for (step = 0; step != steps; step++) {
		u64 r = kunit_iommu_rand(ki);

		if (num && (r % 3 == 0 || num == KUNIT_IOMMU_REFS)) {
			/* Unmap one live map call exactly */
			struct kunit_iommu_ref *ref = &refs[(r >> 8) % num];

			KUNIT_ASSERT_EQ(test,
					kunit_iommu_unmap(ki, ref->iova,
							  ref->pgsize,
							  ref->pgcount),
					(size_t)(ref->last - ref->iova + 1));
			KUNIT_EXPECT_EQ(test,
					pt_iommu_iova_to_phys(domain, ref->iova),
					0);
			*ref = refs[--num];
		} else {
			unsigned int nsizes = hweight64(sizes);
			unsigned int pick = min(r % nsizes, (r >> 16) % nsizes);
			struct kunit_iommu_ref ref = {};
			u64 s = sizes;
			bool overlap = false;
			int ret;

			while (pick--)
				s &= s - 1;
			ref.pgsize = log2_to_int(__ffs64(s));
			ref.pgcount = 1 + (r >> 24) % 8;
			if (ref.pgsize == log2_to_int(PT_GRANULE_LG2SZ) &&
			    !((r >> 32) % 4))
				ref.pgcount = 1 + (r >> 40) % 1100;
			ref.iova = log2_set_mod(kunit_iommu_rand(ki) &
						log2_to_max_int(win_lg2 - 1),
						0, __ffs64(s));
			ref.paddr = log2_set_mod(kunit_iommu_rand(ki) &
						 log2_to_max_int(oa_lg2),
						 0, __ffs64(s));
			ref.last = ref.iova + ref.pgsize * ref.pgcount - 1;
			if (ref.paddr + ref.pgsize * ref.pgcount - 1 >
			    log2_to_max_int(oa_lg2))
				ref.paddr = 0;
			for (i = 0; i != num; i++)
				if (ref.iova <= refs[i].last &&
				    ref.last >= refs[i].iova)
					overlap = true;
			ret = kunit_iommu_map(ki, ref.iova, ref.paddr,
					      ref.pgsize, ref.pgcount,
					      IOMMU_READ);
			/* The range is checked before the tree is walked */
			KUNIT_ASSERT_EQ_MSG(test, ret,
					    ref.last > domain->geometry.aperture_end ?
					    -ERANGE : overlap ? -EADDRINUSE : 0,
					    "step %u map %llx+%llx*%llu", step,
					    ref.iova, ref.pgsize, ref.pgcount);
			if (!ret)
				refs[num++] = ref;
		}

		/* Every live mapping translates, at its ends and inside */
		for (i = 0; i != num; i++) {
			struct kunit_iommu_ref *ref = &refs[i];
			u64 off = kunit_iommu_rand(ki) % (ref->last - ref->iova + 1);

			KUNIT_ASSERT_EQ(test,
					pt_iommu_iova_to_phys(domain, ref->iova),
					(phys_addr_t)ref->paddr);
			KUNIT_ASSERT_EQ(test,
					pt_iommu_iova_to_phys(domain, ref->last),
					(phys_addr_t)(ref->paddr +
						      (ref->last - ref->iova)));
			KUNIT_ASSERT_EQ(test,
					pt_iommu_iova_to_phys(domain,
							      ref->iova + off),
					(phys_addr_t)(ref->paddr + off));
		}
		/* And a random address outside them does not */
		{
			u64 va = kunit_iommu_rand(ki) &
				 log2_to_max_int(win_lg2 - 1);
			bool mapped = false;

			for (i = 0; i != num; i++)
				if (va >= refs[i].iova && va <= refs[i].last)
					mapped = true;
			if (!mapped)
				KUNIT_ASSERT_EQ(test,
						pt_iommu_iova_to_phys(domain, va),
						0);
		}
	}

	/* Unmapping everything leaves no leaf, and no table unaccounted */
	while (num) {
		struct kunit_iommu_ref *ref = &refs[--num];

		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, ref->iova,
							ref->pgsize,
							ref->pgcount),
				(size_t)(ref->last - ref->iova + 1));
	}
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).leaves, 0UL);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			kunit_iommu_digest(ki).tables);
}

/* A non-coherent table maps its tables for DMA and syncs what it writes */
static void test_incoherent(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	unsigned int syncs;

	if (!pt_feature(&ki->table.common, PT_FEAT_DMA_INCOHERENT))
		kunit_skip(test, "a coherent walker");
	KUNIT_EXPECT_EQ(test, kunit_iommu_dma_maps, 1U);
	syncs = kunit_iommu_dma_syncs;
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, 0x40 * pg, pg, pg, 3,
					      IOMMU_READ), 0);
	KUNIT_EXPECT_GT(test, kunit_iommu_dma_syncs, syncs);
	KUNIT_EXPECT_EQ(test, kunit_iommu_dma_maps,
			(unsigned int)kunit_iommu_digest(ki).tables);
	syncs = kunit_iommu_dma_syncs;
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, 0x40 * pg, pg, 3),
			(size_t)(3 * pg));
	KUNIT_EXPECT_GT(test, kunit_iommu_dma_syncs, syncs);
}

static struct kunit_case kunit_iommu_cases[] = {
	KUNIT_CASE_PARAM(test_incoherent, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_map_every_size, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_map_merges, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_frees_tables, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bad_input, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_partial_unmap, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_alloc_failure, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_grow_top, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_dirty, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_random_ops, kunit_pt_gen_params),
	{}
};

static struct kunit_suite kunit_iommu_suite = {
	.name = "generic_pt_iommu_" KUNIT_PT_FMT_NAME,
	.init = kunit_iommu_init,
	.exit = kunit_iommu_exit,
	.test_cases = kunit_iommu_cases,
};

kunit_test_suites(&kunit_iommu_suite);
