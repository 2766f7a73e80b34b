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
#include <linux/generic_pt/iommu.h>
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

/* Run between the check and the commit pass of the next general map */
static void (*kunit_iommu_commit_fn)(void *arg);
static void *kunit_iommu_commit_arg;

static void pt_iommu_hook_commit(struct pt_iommu *iommu)
{
	void (*fn)(void *arg) = kunit_iommu_commit_fn;

	kunit_iommu_commit_fn = NULL;
	if (fn)
		fn(kunit_iommu_commit_arg);
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
 * @top_paddr: the top table change_top was last given
 * @top_published_early: change_top found the new top already published
 * @flushes: calls of the flush_walk callback
 * @flush_iova: the range flush_walk was last given
 * @flush_len: its length
 * @flush_leaf_lg2: log2 of the page mapped at @flush_iova when it was
 *	flushed, 0 for none
 */
struct kunit_iommu {
	PT_IOMMU_TABLE table;
	const struct kunit_pt_cfg *cfg;
	struct rnd_state rnd;
	struct iommu_iotlb_gather gather;
	spinlock_t top_lock; /* serializes growth of the top */
	unsigned int top_changes;
	unsigned int top_level;
	phys_addr_t top_paddr;
	bool top_published_early;
	unsigned int flushes;
	unsigned long flush_iova;
	size_t flush_len;
	unsigned int flush_leaf_lg2;
};

static unsigned int kunit_iommu_leaf_lg2(struct kunit_iommu *ki, pt_vaddr_t va);

static void kunit_iommu_change_top(struct pt_iommu *iommu,
				   phys_addr_t top_paddr,
				   unsigned int top_level)
{
	struct kunit_iommu *ki = container_of(iommu, struct kunit_iommu,
					      table.iommu);

	/*
	 * The hardware is told first: until it walks the new top, no other
	 * thread may map through it
	 */
	if (pt_top_range(&ki->table.common).top_level == top_level)
		ki->top_published_early = true;
	ki->top_changes++;
	ki->top_level = top_level;
	ki->top_paddr = top_paddr;
}

/* Run in the next flush_walk */
static void (*kunit_iommu_flush_fn)(struct kunit_iommu *ki);

static void kunit_iommu_flush_walk(struct pt_iommu *iommu, unsigned long iova,
				   size_t len)
{
	struct kunit_iommu *ki = container_of(iommu, struct kunit_iommu,
					      table.iommu);
	void (*fn)(struct kunit_iommu *ki) = kunit_iommu_flush_fn;

	kunit_iommu_flush_fn = NULL;
	if (fn)
		fn(ki);
	ki->flushes++;
	ki->flush_iova = iova;
	ki->flush_len = len;
	ki->flush_leaf_lg2 = len ? kunit_iommu_leaf_lg2(ki, iova) : 0;
}

static spinlock_t *kunit_iommu_get_top_lock(struct pt_iommu *iommu)
{
	return &container_of(iommu, struct kunit_iommu, table.iommu)->top_lock;
}

static const struct pt_iommu_driver_ops kunit_iommu_driver_ops = {
	.change_top = kunit_iommu_change_top,
	.get_top_lock = kunit_iommu_get_top_lock,
	.flush_walk = kunit_iommu_flush_walk,
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
	kunit_iommu_commit_fn = NULL;
	kunit_iommu_flush_fn = NULL;
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
	KUNIT_EXPECT_FALSE(test, ki->top_published_early);
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

/* log2 of the page mapping @va, 0 if none */
static unsigned int kunit_iommu_leaf_lg2(struct kunit_iommu *ki, pt_vaddr_t va)
{
	struct pt_range range = pt_top_range(&ki->table.common);
	struct pt_table_p *table = range.top_table;
	unsigned int level = range.top_level;

	range.va = va;
	range.last_va = va;
	for (;;) {
		struct pt_state pts = pt_init(&range, level, table);

		switch (pt_load_single_entry(&pts)) {
		case PT_ENTRY_TABLE:
			table = pts.table_lower;
			level--;
			break;
		case PT_ENTRY_OA:
			return pt_table_item_lg2sz(&pts) +
			       pt_entry_num_contig_lg2(&pts);
		default:
			return 0;
		}
	}
}

/* The raw entry of the item at @level that translates @va, or 0 */
static u64 kunit_iommu_raw(struct kunit_iommu *ki, pt_vaddr_t va,
			   unsigned int want_level)
{
	struct pt_range range = pt_top_range(&ki->table.common);
	struct pt_table_p *table = range.top_table;
	unsigned int level = range.top_level;

	range.va = va;
	range.last_va = va;
	for (;;) {
		struct pt_state pts = pt_init(&range, level, table);

		pt_load_single_entry(&pts);
		if (level == want_level)
			return pts.entry;
		if (pts.type != PT_ENTRY_TABLE)
			return 0;
		table = pts.table_lower;
		level--;
	}
}

/*
 * What a walker that does not snoop the CPU cache translates @va to: the
 * walk of kunit_iommu_leaf_lg2() over the device's copies of the tables.
 * Return: the physical address, or 0 if the walk does not reach a page.
 */
static pt_oaddr_t kunit_iommu_device_translate(struct kunit_iommu *ki,
					       pt_vaddr_t va)
{
	struct pt_range range = pt_top_range(&ki->table.common);
	struct pt_table_p *table = range.top_table;
	unsigned int level = range.top_level;

	range.va = va;
	range.last_va = va;
	for (;;) {
		struct kunit_iommu_shadow *sh = kunit_iommu_shadow(table);
		struct pt_state pts;

		if (!sh)
			return 0;
		pts = pt_init(&range, level,
			      (struct pt_table_p *)sh->device_view);
		switch (pt_load_single_entry(&pts)) {
		case PT_ENTRY_TABLE:
			table = pts.table_lower;
			level--;
			break;
		case PT_ENTRY_OA:
			return pt_entry_oa(&pts) +
			       log2_mod(va, pt_table_item_lg2sz(&pts) +
						    pt_entry_num_contig_lg2(&pts));
		default:
			return 0;
		}
	}
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
	 * The table whose span it covers is unlinked, but not freed before
	 * the flush: it is on the freelist, as the order 0 pages
	 * iommu_put_pages_list() frees. A slot table shares its page with
	 * the tables above, still there: its slot waits for the reclaim.
	 */
	list_for_each_entry(page, &ki->gather.freelist, lru)
		n++;
	KUNIT_EXPECT_EQ(test, n,
			PT_IOMMU_SLOTS_LG2 ?
				0U :
				1U << pt_iommu_table_order(PT_TABLEMEM_LG2SZ));
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).tables, mapped.tables - 1);
	KUNIT_EXPECT_EQ(test, ki->gather.start, (unsigned long)span);
	KUNIT_EXPECT_EQ(test, ki->gather.end, (unsigned long)(2 * span - 1));
	kunit_iommu_free_gathered(ki);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			mapped.tables - 1);
	/* The tables above, which it left empty, go with the reclaim */
	KUNIT_EXPECT_EQ(test, pt_iommu_reclaim(&ki->table.iommu),
			mapped.tables - 1 - before.tables);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			before.tables);
}

/*
 * The pages of IOMMU table memory, as /proc/meminfo counts them, exactly:
 * with the CPUs' deltas not yet folded into the node counts. Read until two
 * readings agree, in case a CPU folds its delta in between.
 */
static unsigned long kunit_iommu_pages_once(void)
{
	long pages = 0;
	int nid, __maybe_unused cpu;

	for_each_online_node(nid) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		pages += atomic_long_read(&pgdat->vm_stat[NR_IOMMU_PAGES]);
#ifdef CONFIG_SMP
		for_each_possible_cpu(cpu)
			pages += per_cpu_ptr(pgdat->per_cpu_nodestats, cpu)
					 ->vm_node_stat_diff[NR_IOMMU_PAGES];
#endif
	}
	return pages;
}

static unsigned long kunit_iommu_pages(void)
{
	unsigned long pages, again = kunit_iommu_pages_once();

	do {
		pages = again;
		again = kunit_iommu_pages_once();
	} while (again != pages);
	return pages;
}

/* The level 0 table that translates @va, or NULL */
static struct pt_table_p *kunit_iommu_leaf_table(struct kunit_iommu *ki,
						 pt_vaddr_t va)
{
	struct pt_range range = pt_top_range(&ki->table.common);
	struct pt_table_p *table = range.top_table;
	unsigned int level = range.top_level;

	range.va = va;
	range.last_va = va;
	while (level) {
		struct pt_state pts = pt_init(&range, level, table);

		if (pt_load_single_entry(&pts) != PT_ENTRY_TABLE)
			return NULL;
		table = pts.table_lower;
		level--;
	}
	return table;
}

/* How many level 0 table spans of 2^span_lg2 the top spans, up to @max */
static unsigned long kunit_iommu_spans(struct kunit_iommu *ki,
				       unsigned int span_lg2, unsigned long max)
{
	struct pt_range top = pt_top_range(&ki->table.common);

	if (!top.top_level)
		return 0;
	return min_t(u64, max, (top.last_va >> span_lg2) + 1);
}

/*
 * Table memory for a fixed workload, one granule page in each of 64 level
 * 0 tables: tables smaller than the CPU page share pages, and every page
 * is counted as IOMMU memory and comes back when the tables go.
 */
static void test_table_memory(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	unsigned int span_lg2 = PT_GRANULE_LG2SZ + kunit_iommu_items_lg2();
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	unsigned long base = kunit_iommu_pages();
	unsigned long live = kunit_iommu_allocs - kunit_iommu_frees;
	unsigned long n = kunit_iommu_spans(ki, span_lg2, 64);
	struct pt_range top = pt_top_range(&ki->table.common);
	unsigned int top_lg2sz = pt_iommu_top_lg2sz(&ki->table.common,
						    top.top_level);
	unsigned long tables, pages, i;

	if (n < 2)
		kunit_skip(test, "fewer than two level 0 tables");
	for (i = 0; i != n; i++)
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, log2_mul(i, span_lg2),
						      pg * (i + 1), pg, 1,
						      IOMMU_READ), 0);
	tables = kunit_iommu_allocs - kunit_iommu_frees - live;
	pages = kunit_iommu_pages() - base;
	kunit_info(test,
		   "%lu tables of %lu bytes: %lu KiB of table memory in pages of %lu KiB (a page per table: %lu KiB)\n",
		   tables, (unsigned long)log2_to_int(PT_TABLEMEM_LG2SZ),
		   pages * (PAGE_SIZE / 1024), PAGE_SIZE / 1024,
		   (tables << pt_iommu_table_order(PT_TABLEMEM_LG2SZ)) *
			   (PAGE_SIZE / 1024));
	if (PT_IOMMU_SLOTS_LG2)
		KUNIT_EXPECT_LE(test, pages,
				DIV_ROUND_UP(tables, PT_IOMMU_SLOTS));
	else
		KUNIT_EXPECT_EQ(test, pages,
				tables << pt_iommu_table_order(PT_TABLEMEM_LG2SZ));

	for (i = 0; i != n; i++)
		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, log2_mul(i, span_lg2),
							pg, 1),
				(size_t)pg);
	KUNIT_EXPECT_EQ(test, pt_iommu_reclaim(&ki->table.iommu), tables);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees, live);
	KUNIT_EXPECT_EQ(test, kunit_iommu_pages(), base);

	/* And the top's page goes with the table; a new table for the exit */
	pt_iommu_deinit(&ki->table);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs, kunit_iommu_frees);
	KUNIT_EXPECT_EQ(test, kunit_iommu_pages(),
			base - (pt_iommu_is_slot(top_lg2sz) ?
					1 :
					1UL << pt_iommu_table_order(top_lg2sz)));
	test->priv = NULL;
	KUNIT_ASSERT_EQ(test, kunit_iommu_init(test), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_pages(), base);
}

/*
 * Map a granule page in level 0 table spans 0 and 2, and all of span 1:
 * three level 0 tables, the middle one full
 */
static void kunit_iommu_three_spans(struct kunit *test, struct kunit_iommu *ki)
{
	unsigned int items_lg2 = kunit_iommu_items_lg2();
	unsigned int span_lg2 = PT_GRANULE_LG2SZ + items_lg2;
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);

	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, 0, pg, pg, 1, IOMMU_READ), 0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, log2_to_int(span_lg2), pg,
					      pg, log2_to_int(items_lg2),
					      IOMMU_READ), 0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, log2_mul(2, span_lg2), pg,
					      pg, 1, IOMMU_READ), 0);
}

/*
 * The slot of a table an unmap freed is not reused before the IOTLB flush:
 * the walker may still hold it in its walk caches
 */
static void test_slot_after_flush(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	unsigned int items_lg2 = kunit_iommu_items_lg2();
	unsigned int span_lg2 = PT_GRANULE_LG2SZ + items_lg2;
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	struct pt_table_p *gone, *table;
	unsigned int flushes;

	if (!PT_IOMMU_SLOTS_LG2)
		kunit_skip(test, "tables have pages of their own");
	if (kunit_iommu_spans(ki, span_lg2, 4) < 4)
		kunit_skip(test, "fewer than four level 0 tables");
	/* A full level 0 table between two others */
	kunit_iommu_three_spans(test, ki);
	gone = kunit_iommu_leaf_table(ki, log2_to_int(span_lg2));
	KUNIT_ASSERT_NOT_NULL(test, gone);

	/* Unmapping all of it unlinks it; the IOTLB is not flushed yet */
	KUNIT_ASSERT_EQ(test,
			pt_iommu_unmap_pages(kunit_iommu_domain(ki),
					     log2_to_int(span_lg2), pg,
					     log2_to_int(items_lg2),
					     &ki->gather),
			(size_t)log2_to_int(span_lg2));
	KUNIT_EXPECT_NULL(test, kunit_iommu_leaf_table(ki,
						       log2_to_int(span_lg2)));
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, log2_mul(3, span_lg2), pg,
					      pg, 1, IOMMU_READ), 0);
	table = kunit_iommu_leaf_table(ki, log2_mul(3, span_lg2));
	KUNIT_EXPECT_PTR_NE(test, table, gone);
	kunit_iommu_free_gathered(ki);

	/* After the reclaim's flush of the whole domain it may be */
	flushes = ki->flushes;
	pt_iommu_reclaim(&ki->table.iommu);
	KUNIT_EXPECT_EQ(test, ki->flushes, flushes + 1);
	KUNIT_EXPECT_EQ(test, ki->flush_len, (size_t)0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, log2_to_int(span_lg2), pg,
					      pg, 1, IOMMU_READ), 0);
	KUNIT_EXPECT_PTR_EQ(test, kunit_iommu_leaf_table(ki,
							 log2_to_int(span_lg2)),
			    gone);
}

/* Unmap the granule page at level 0 table span 2, leaving its table empty */
static void kunit_iommu_unmap_span2(struct kunit_iommu *ki)
{
	unsigned int span_lg2 = PT_GRANULE_LG2SZ + kunit_iommu_items_lg2();
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);

	KUNIT_EXPECT_EQ(kunit_get_current_test(),
			kunit_iommu_unmap(ki, log2_mul(2, span_lg2), pg, 1),
			(size_t)pg);
}

/*
 * A table left empty while a reclaim recycles slots, after its walk, is
 * freed by the next reclaim: it gets scheduled
 */
static void test_empty_during_recycle(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	unsigned int items_lg2 = kunit_iommu_items_lg2();
	unsigned int span_lg2 = PT_GRANULE_LG2SZ + items_lg2;
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);

	if (!PT_IOMMU_SLOTS_LG2)
		kunit_skip(test, "tables have pages of their own");
	if (kunit_iommu_spans(ki, span_lg2, 3) < 3)
		kunit_skip(test, "fewer than three level 0 tables");
	/* A pending slot, in a page that keeps tables */
	kunit_iommu_three_spans(test, ki);
	KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, log2_to_int(span_lg2), pg,
						log2_to_int(items_lg2)),
			(size_t)log2_to_int(span_lg2));
	cancel_delayed_work_sync(&ki->table.iommu.reclaim_work);

	/* The reclaim recycles it; meanwhile a table is left empty */
	kunit_iommu_flush_fn = kunit_iommu_unmap_span2;
	KUNIT_EXPECT_EQ(test, pt_iommu_reclaim(&ki->table.iommu), 0UL);
	KUNIT_EXPECT_NULL(test, kunit_iommu_flush_fn);
	KUNIT_EXPECT_TRUE(test,
			  delayed_work_pending(&ki->table.iommu.reclaim_work));
	cancel_delayed_work_sync(&ki->table.iommu.reclaim_work);
	KUNIT_EXPECT_EQ(test, pt_iommu_reclaim(&ki->table.iommu), 1UL);
}

/* Map all of level 0 table span number @i; return the table */
static struct pt_table_p *kunit_iommu_fill(struct kunit *test,
					   struct kunit_iommu *ki,
					   unsigned long i)
{
	unsigned int items_lg2 = kunit_iommu_items_lg2();
	pt_vaddr_t va = log2_mul(i, PT_GRANULE_LG2SZ + items_lg2);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);

	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, va, pg, pg,
					      log2_to_int(items_lg2),
					      IOMMU_READ), 0);
	return kunit_iommu_leaf_table(ki, va);
}

/*
 * Fill spans from *@i on until one's level 0 table is the first of a new
 * page. Return: that table, *@i the span after it; NULL past @max.
 */
static struct pt_table_p *kunit_iommu_fill_to_page(struct kunit *test,
						   struct kunit_iommu *ki,
						   unsigned long *i,
						   unsigned long max)
{
	while (*i < max) {
		struct pt_table_p *table = kunit_iommu_fill(test, ki, (*i)++);

		if (!((uintptr_t)table & (PAGE_SIZE - 1)))
			return table;
	}
	return NULL;
}

/*
 * A page of slot tables goes on the gather's freelist whole when an unmap
 * leaves nothing else in it, and never while it holds a slot another unmap
 * left pending: that unmap's IOTLB flush may not have happened yet.
 */
static void test_slot_page_gather(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	unsigned int items_lg2 = kunit_iommu_items_lg2();
	unsigned int span_lg2 = PT_GRANULE_LG2SZ + items_lg2;
	unsigned long max = kunit_iommu_spans(ki, span_lg2,
					      4 * PT_IOMMU_SLOTS);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	struct iommu_iotlb_gather other;
	struct pt_table_p *a, *b;
	unsigned long i = 0;
	struct page *page;
	unsigned int n = 0;

	if (!PT_IOMMU_SLOTS_LG2)
		kunit_skip(test, "tables have pages of their own");
	if (max < 4 * PT_IOMMU_SLOTS)
		kunit_skip(test, "too few level 0 tables");

	/*
	 * Two tables alone in a page, unlinked by two unmaps. The first map
	 * also makes the tables above, which a new page may hold too.
	 */
	kunit_iommu_fill(test, ki, i++);
	a = kunit_iommu_fill_to_page(test, ki, &i, max);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = kunit_iommu_fill(test, ki, i);
	KUNIT_ASSERT_PTR_EQ(test, (void *)b,
			    (void *)a + log2_to_int(PT_TABLEMEM_LG2SZ));
	iommu_iotlb_gather_init(&other);
	KUNIT_ASSERT_EQ(test,
			pt_iommu_unmap_pages(kunit_iommu_domain(ki),
					     log2_mul(i - 1, span_lg2), pg,
					     log2_to_int(items_lg2), &other),
			(size_t)log2_to_int(span_lg2));
	KUNIT_ASSERT_EQ(test,
			pt_iommu_unmap_pages(kunit_iommu_domain(ki),
					     log2_mul(i, span_lg2), pg,
					     log2_to_int(items_lg2),
					     &ki->gather),
			(size_t)log2_to_int(span_lg2));
	i++;
	KUNIT_EXPECT_TRUE(test, list_empty(&other.freelist));
	KUNIT_EXPECT_TRUE(test, list_empty(&ki->gather.freelist));
	kunit_iommu_free_gathered(ki);

	/* Two tables alone in a page, unlinked by one unmap */
	a = kunit_iommu_fill_to_page(test, ki, &i, max);
	KUNIT_ASSERT_NOT_NULL(test, a);
	kunit_iommu_fill(test, ki, i);
	KUNIT_ASSERT_EQ(test,
			pt_iommu_unmap_pages(kunit_iommu_domain(ki),
					     log2_mul(i - 1, span_lg2), pg,
					     log2_to_int(items_lg2 + 1),
					     &ki->gather),
			(size_t)log2_to_int(span_lg2 + 1));
	list_for_each_entry(page, &ki->gather.freelist, lru) {
		KUNIT_EXPECT_PTR_EQ(test, page_address(page), (void *)a);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1U);
	kunit_iommu_free_gathered(ki);
	/* The first page's slots wait for the reclaim */
	pt_iommu_reclaim(&ki->table.iommu);
}

/* Bad input: the precise errno, and the table exactly as it was */
static void test_bad_input(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 end = domain->geometry.aperture_end;
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	unsigned int oa_lg2 = pt_max_oa_lg2(&ki->table.common);
	static const int no_access[] = { 0, IOMMU_CACHE, IOMMU_NOEXEC,
					 IOMMU_MMIO, IOMMU_PRIV };
	struct kunit_iommu_digest before, after;
	unsigned int i;

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
	/* A protection that grants neither read nor write */
	for (i = 0; i != ARRAY_SIZE(no_access); i++)
		KUNIT_EXPECT_EQ_MSG(test, kunit_iommu_map(ki, 0x40 * pg, 0, pg, 1,
							  no_access[i]),
				    -EINVAL, "prot %#x", no_access[i]);
	/* Unmap of bad ranges and of nothing */
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, pg / 2, pg, 1), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, 0, pg, 0), 0);
	/* A page size the domain lacks, or below the granule */
	if (!(domain->pgsize_bitmap & (pg << 1)))
		KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, 0x10 * pg, pg << 1,
							2), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, 0x10 * pg, pg / 2, 2), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, 0x10 * pg, 3 * pg, 1), 0);
	/* Past the aperture */
	if (end != U64_MAX)
		KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, end + 1 - pg, pg, 2),
				0);
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

/*
 * Unmapping part of a large page cuts it: only the part inside the range is
 * unmapped and reported, the rest stays mapped, for every page size above
 * the granule. A cut that needs a table it cannot allocate unmaps nothing.
 */
static void test_partial_unmap(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 sizes = domain->pgsize_bitmap & ~(pg | (pg - 1));
	unsigned int done = 0;

	while (sizes) {
		u64 big = log2_to_int(__ffs64(sizes));
		u64 hole = big + big / 2, pa = 2 * big;
		struct kunit_iommu_digest before, after;
		size_t got;

		sizes &= sizes - 1;
		if (big > domain->geometry.aperture_end / 2 ||
		    3 * big - 1 > log2_to_max_int(pt_max_oa_lg2(&ki->table.common)))
			continue;
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, big, pa, big, 1,
						      IOMMU_READ | IOMMU_WRITE),
				0);
		before = kunit_iommu_digest(ki);

		/* Without memory for the cut, nothing changes */
		kunit_iommu_fail_in = 0;
		got = kunit_iommu_unmap(ki, hole, pg, 1);
		kunit_iommu_fail_in = -1;
		if (!got) {
			/* A run may be split in place: the same translation */
			after = kunit_iommu_digest(ki);
			KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, hole),
					(phys_addr_t)(pa + hole - big));
			KUNIT_EXPECT_EQ(test, after.tables, before.tables);
			KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
					before.tables);
			got = pt_iommu_unmap_pages(domain, hole, pg, 1,
						   &ki->gather);
			/* The flush covers exactly the hole */
			KUNIT_EXPECT_EQ(test, ki->gather.start,
					(unsigned long)hole);
			KUNIT_EXPECT_EQ(test, ki->gather.end,
					(unsigned long)(hole + pg - 1));
			kunit_iommu_free_gathered(ki);
		}
		KUNIT_ASSERT_EQ_MSG(test, got, (size_t)pg, "page %llx", big);
		KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, hole), 0);
		KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, big),
				(phys_addr_t)pa);
		KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, hole - 1),
				(phys_addr_t)(pa + hole - 1 - big));
		if (hole + pg < 2 * big) {
			KUNIT_EXPECT_EQ(test,
					pt_iommu_iova_to_phys(domain, hole + pg),
					(phys_addr_t)(pa + hole + pg - big));
			KUNIT_EXPECT_EQ(test,
					pt_iommu_iova_to_phys(domain,
							      2 * big - 1),
					(phys_addr_t)(pa + big - 1));
		}

		/* An unmap starting inside the rest stops at the hole */
		KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, big + pg, pg,
							big / pg),
				(size_t)(hole - big - pg));
		KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, big),
				(phys_addr_t)pa);
		/* An unmap of an empty start unmaps nothing */
		KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, big - pg, pg, 2), 0);
		KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, big, pg, 1),
				(size_t)pg);
		KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, hole + pg, pg,
							(2 * big - hole) / pg - 1),
				(size_t)(2 * big - hole - pg));
		KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).leaves, 0UL);
		KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
				kunit_iommu_digest(ki).tables);
		done++;
	}
	if (!done)
		kunit_skip(test, "no large page in this configuration");
}

/* Unmaps of disjoint parts of one large page cut it once, and agree */
static void test_partial_unmap_pieces(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = kunit_iommu_big_pgsize(ki);
	u64 i, n;

	if (!big)
		kunit_skip(test, "no large page in this configuration");
	n = big / pg;
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, big, 0, big, 1, IOMMU_READ),
			0);
	/* Every other granule, then the ones between */
	for (i = 0; i < n; i += 2)
		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, big + i * pg, pg, 1),
				(size_t)pg);
	for (i = 1; i < n; i += 2) {
		KUNIT_ASSERT_EQ(test, pt_iommu_iova_to_phys(domain,
							    big + i * pg),
				(phys_addr_t)(i * pg));
		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, big + i * pg, pg, 1),
				(size_t)pg);
	}
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).leaves, 0UL);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			kunit_iommu_digest(ki).tables);
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

static unsigned int kunit_iommu_syncs;
static unsigned long kunit_iommu_sync_start, kunit_iommu_sync_end;

static void kunit_iommu_iotlb_sync(struct iommu_domain *domain,
				   struct iommu_iotlb_gather *gather)
{
	kunit_iommu_syncs++;
	kunit_iommu_sync_start = gather->start;
	kunit_iommu_sync_end = gather->end;
	iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops kunit_iommu_sync_ops = {
	.iotlb_sync = kunit_iommu_iotlb_sync,
};

/*
 * The gather carries the size of the pages it holds while they are single
 * pages of one size, and 0 once it holds anything else
 */
static void test_gather_pgsize(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 larger = domain->pgsize_bitmap & ~(2 * pg - 1);
	u64 big = larger ? BIT_ULL(__ffs64(larger)) : 0;

	/* The physical address keeps them granule pages */
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, 0, pg, pg, 4, IOMMU_READ), 0);
	KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, 0, pg, 1,
						   &ki->gather), (size_t)pg);
	KUNIT_EXPECT_EQ(test, ki->gather.pgsize, (size_t)pg);
	KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, pg, pg, 1,
						   &ki->gather), (size_t)pg);
	KUNIT_EXPECT_EQ(test, ki->gather.pgsize, (size_t)pg);
	KUNIT_EXPECT_EQ(test, ki->gather.start, 0UL);
	KUNIT_EXPECT_EQ(test, ki->gather.end, (unsigned long)(2 * pg - 1));
	/* An unmap of a range: whatever sizes it held */
	KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, 2 * pg, pg, 2,
						   &ki->gather), (size_t)(2 * pg));
	KUNIT_EXPECT_EQ(test, ki->gather.pgsize, (size_t)0);
	kunit_iommu_free_gathered(ki);

	if (!big || big > domain->geometry.aperture_end / 2)
		kunit_skip(test, "one page size");
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, 0, pg, pg, 1, IOMMU_READ), 0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, big, big, big, 1, IOMMU_READ),
			0);
	KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, big, big, 1,
						   &ki->gather), (size_t)big);
	KUNIT_EXPECT_EQ(test, ki->gather.pgsize, (size_t)big);
	/* Two sizes */
	KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, 0, pg, 1,
						   &ki->gather), (size_t)pg);
	KUNIT_EXPECT_EQ(test, ki->gather.pgsize, (size_t)0);
	kunit_iommu_free_gathered(ki);
}

/*
 * A virtualised IOMMU pays for a flush by its range: an unmap disjoint from
 * what the gather holds flushes that first, one next to it is merged
 */
static void test_sync_disjoint(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 far = log2_set_mod(domain->geometry.aperture_end / 2, 0,
			       PT_GRANULE_LG2SZ);
	struct iommu_iotlb_gather *g = &ki->gather;
	bool sync;

	for (sync = false;; sync = true) {
		ki->table.iommu.iotlb_sync_disjoint = sync;
		domain->ops = &kunit_iommu_sync_ops;
		kunit_iommu_syncs = 0;
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, 0, 0, pg, 3,
						      IOMMU_READ), 0);
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, far, 0, pg, 1,
						      IOMMU_READ), 0);
		iommu_iotlb_gather_init(g);
		KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, 0, pg, 1, g),
				(size_t)pg);
		/* Next to the gathered range: merged */
		KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, pg, pg, 2, g),
				(size_t)(2 * pg));
		KUNIT_EXPECT_EQ(test, kunit_iommu_syncs, 0U);
		KUNIT_EXPECT_EQ(test, pt_iommu_unmap_pages(domain, far, pg, 1, g),
				(size_t)pg);
		if (sync) {
			KUNIT_EXPECT_EQ(test, kunit_iommu_syncs, 1U);
			KUNIT_EXPECT_EQ(test, kunit_iommu_sync_start, 0UL);
			KUNIT_EXPECT_EQ(test, kunit_iommu_sync_end,
					(unsigned long)(3 * pg - 1));
			KUNIT_EXPECT_EQ(test, g->start, (unsigned long)far);
		} else {
			KUNIT_EXPECT_EQ(test, kunit_iommu_syncs, 0U);
			KUNIT_EXPECT_EQ(test, g->start, 0UL);
		}
		KUNIT_EXPECT_EQ(test, g->end, (unsigned long)(far + pg - 1));
		domain->ops = NULL;
		ki->table.iommu.iotlb_sync_disjoint = false;
		kunit_iommu_free_gathered(ki);
		if (sync)
			break;
	}
}

/* What a driver writes in its device or context entries */
static void test_top_table(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct pt_range top = pt_top_range(&ki->table.common);
	unsigned int level = U32_MAX;

	KUNIT_EXPECT_PTR_EQ(test, pt_iommu_top_table(&ki->table.common, &level),
			    (void *)top.top_table);
	KUNIT_EXPECT_EQ(test, level, (unsigned int)top.top_level);
}

/* The top grows when a map needs it, and the driver is told */
static void test_grow_top(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	struct pt_range top = pt_top_range(&ki->table.common);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	unsigned int level;
	u64 high;

	if (!pt_feature(&ki->table.common, PT_FEAT_DYNAMIC_TOP))
		kunit_skip(test, "the top does not grow");
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, pg, 7 * pg, pg, 1,
					      IOMMU_READ), 0);
	high = log2_set_mod(domain->geometry.aperture_end, 0,
			    PT_GRANULE_LG2SZ);
	KUNIT_ASSERT_GT(test, high, top.last_va);
	/* A protection the format refuses fails before the top grows */
	KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, high, 9 * pg, pg, 1, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ki->top_changes, 0U);
	KUNIT_EXPECT_EQ(test, pt_top_range(&ki->table.common).top_level,
			top.top_level);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, high, 9 * pg, pg, 1,
					      IOMMU_WRITE), 0);
	top = pt_top_range(&ki->table.common);
	KUNIT_EXPECT_GE(test, top.last_va, high);
	KUNIT_EXPECT_NE(test, ki->top_changes, 0U);
	KUNIT_EXPECT_EQ(test, ki->top_level, (unsigned int)top.top_level);
	KUNIT_EXPECT_EQ(test, ki->top_paddr, virt_to_phys(top.top_table));
	KUNIT_EXPECT_PTR_EQ(test, pt_iommu_top_table(&ki->table.common, &level),
			    (void *)top.top_table);
	KUNIT_EXPECT_EQ(test, level, ki->top_level);
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

/*
 * A table that grows has nothing mapped past its current top: an unmap or
 * a dirty read-back reaching there works on what is below it
 */
static void test_unmap_past_top(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	struct pt_range top = pt_top_range(&ki->table.common);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 iova = top.last_va + 1 - 4 * pg;
	struct iommu_iotlb_gather g;
	struct iommu_dirty_bitmap bm = { .gather = &g };

	if (!pt_feature(&ki->table.common, PT_FEAT_DYNAMIC_TOP) ||
	    top.last_va == domain->geometry.aperture_end)
		kunit_skip(test, "the top does not grow");
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, 0x100 * pg, pg, 4,
					      IOMMU_READ | IOMMU_WRITE), 0);
	KUNIT_ASSERT_EQ(test, ki->top_changes, 0U);
	iommu_iotlb_gather_init(&g);
	KUNIT_EXPECT_EQ(test,
			pt_iommu_read_and_clear_dirty(domain, iova, 8 * pg, 0,
						      &bm), 0);
	KUNIT_EXPECT_EQ(test,
			pt_iommu_read_and_clear_dirty(domain, top.last_va + 1,
						      pg, 0, &bm), 0);
	/* Stops at the first hole, which is past the top */
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova, pg, 8),
			(size_t)(4 * pg));
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, iova), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).leaves, 0UL);
	KUNIT_EXPECT_EQ(test, ki->top_changes, 0U);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, top.last_va + 1, pg, 1),
			0);
}

/* The pages of [va, va + len) as (lg2 << 56 | offset) words, 0 ended */
static unsigned int kunit_iommu_layout(struct kunit_iommu *ki, u64 va,
				       u64 len, u64 *out, unsigned int max)
{
	unsigned int n = 0;
	u64 off = 0;

	while (off < len && n + 1 < max) {
		unsigned int lg2 = kunit_iommu_leaf_lg2(ki, va + off);

		out[n++] = (u64)lg2 << 56 | off;
		if (!lg2)
			break;
		off = log2_set_mod(va + off, 0, lg2) + log2_to_int(lg2) - va;
	}
	out[n] = 0;
	return n;
}

/*
 * The pages a map chooses depend only on its range: the same whether the
 * tables it goes through exist or not (the one-walk path for existing
 * tables keeps the largest-page rule)
 */
static void test_map_layout_history(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 span = pg << kunit_iommu_items_lg2();
	/* iova, paddr, count of granule pages */
	const u64 cases[][3] = {
		{ 1, 3, 3 },		/* 4K then 8K where the format has it */
		{ 15, 31, 17 },		/* 4K then a 64K contiguous run */
		{ 16, 16, 16 },
		{ 2, 2, 300 },
		{ 1, 0x101, 0x1ff },
	};
	u64 *fresh, *later;
	unsigned int i;

	fresh = kunit_kcalloc(test, 64, sizeof(*fresh), GFP_KERNEL);
	later = kunit_kcalloc(test, 64, sizeof(*later), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fresh);
	KUNIT_ASSERT_NOT_NULL(test, later);
	for (i = 0; i != ARRAY_SIZE(cases); i++) {
		/* Each case in a span of its own: no table there at first */
		u64 base = (4 + 2 * i) * span;
		u64 iova = base + cases[i][0] * pg;
		u64 pa = 8 * span + cases[i][1] * pg, len = cases[i][2] * pg;
		u64 other = base + span - pg;

		if (iova + len > domain->geometry.aperture_end ||
		    iova + len > other)
			continue;
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, pa, pg,
						      cases[i][2], IOMMU_READ),
				0);
		kunit_iommu_layout(ki, iova, len, fresh, 64);
		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, iova, pg,
							cases[i][2]),
				(size_t)len);
		/* Now the table exists: a page in its last item keeps it */
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, other, 0, pg, 1,
						      IOMMU_READ), 0);
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, pa, pg,
						      cases[i][2], IOMMU_READ),
				0);
		kunit_iommu_layout(ki, iova, len, later, 64);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(fresh, later, 64 * sizeof(u64)),
				    0, "case %u: %llx then %llx", i, fresh[0],
				    later[0]);
		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, iova, pg,
							cases[i][2]),
				(size_t)len);
		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, other, pg, 1),
				(size_t)pg);
	}
}

/* init refuses what cannot work, and allocates nothing then */
static void test_init_bad_config(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	const struct kunit_pt_cfg *cfg = ki->cfg;
	PT_IOMMU_CFG pcfg = {
		.features = cfg->features,
		.starting_level = cfg->top_level,
		.max_vasz_lg2 = cfg->vasz_lg2,
		.max_oasz_lg2 = cfg->oasz_lg2,
	};
	PT_IOMMU_TABLE *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	unsigned long allocs = kunit_iommu_allocs, frees = kunit_iommu_frees;
	unsigned int level;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->iommu.driver_ops = &kunit_iommu_driver_ops;
	t->iommu.nid = NUMA_NO_NODE;
	/* Output and input sizes below the granule */
	pcfg.max_oasz_lg2 = PT_GRANULE_LG2SZ - 1;
	KUNIT_EXPECT_EQ(test, pt_iommu_init(t, &pcfg, GFP_KERNEL), -EINVAL);
	pcfg.max_oasz_lg2 = cfg->oasz_lg2;
	pcfg.max_vasz_lg2 = PT_GRANULE_LG2SZ - 1;
	KUNIT_EXPECT_EQ(test, pt_iommu_init(t, &pcfg, GFP_KERNEL), -EINVAL);
	pcfg.max_vasz_lg2 = cfg->vasz_lg2;
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs, allocs);
	/* Exactly a granule: not even one page fits, nothing is kept */
	pcfg.max_oasz_lg2 = PT_GRANULE_LG2SZ;
	KUNIT_EXPECT_EQ(test, pt_iommu_init(t, &pcfg, GFP_KERNEL), -EINVAL);
	pcfg.max_oasz_lg2 = cfg->oasz_lg2;
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - allocs,
			kunit_iommu_frees - frees);
#ifdef KUNIT_PT_TOP_LEVELS
	/* Only the levels the format has */
	pcfg.max_vasz_lg2 = 0;
	for (level = 0; level <= PT_MAX_TOP_LEVEL + 1; level++) {
		int ret;

		pcfg.starting_level = level;
		ret = pt_iommu_init(t, &pcfg, GFP_KERNEL);
		if (KUNIT_PT_TOP_LEVELS & BIT(level)) {
			KUNIT_EXPECT_EQ_MSG(test, ret, 0, "level %u", level);
			if (!ret)
				pt_iommu_deinit(t);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "level %u",
					    level);
		}
	}
#else
	/* The format computes the level: a different one is refused */
	pcfg.starting_level = pt_top_range(&ki->table.common).top_level + 1;
	KUNIT_EXPECT_EQ(test, pt_iommu_init(t, &pcfg, GFP_KERNEL), -EINVAL);
	(void)level;
#endif
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - allocs,
			kunit_iommu_frees - frees);
}

/*
 * A non-coherent walker: the table pointer a map goes through may have been
 * installed by a racing map that has not synced it yet; the map must not
 * return before the walker can reach its page
 */
static void test_incoherent_reach(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct pt_common *common = &ki->table.common;
	struct pt_range range = pt_top_range(common);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 iova = log2_to_int(range.max_vasz_lg2 - 1) + 4 * pg;
	struct kunit_iommu_shadow *sh;
	struct pt_write_attrs attrs;
	struct pt_table_p *racing;
	struct pt_state pts;

	if (!pt_feature(common, PT_FEAT_DMA_INCOHERENT) || !range.top_level)
		kunit_skip(test, "a coherent walker, or a single level");
	/* What the racing map did before its sync: install, count */
	racing = pt_iommu_table_alloc(&ki->table.iommu, common,
				      PT_TABLEMEM_LG2SZ, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, racing);
	range.va = iova;
	range.last_va = iova;
	pts = pt_init(&range, range.top_level, range.top_table);
	pt_load_single_entry(&pts);
	KUNIT_ASSERT_EQ(test, pt_make_write_attrs(common, &attrs, IOMMU_READ),
			0);
	KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, virt_to_phys(racing),
						 &attrs));
	KUNIT_ASSERT_TRUE(test, pt_iommu_table_get(&pts, 1));

	/* The general path: tables to make under the racing one */
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, 3 * pg, pg, 1,
					      IOMMU_READ), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_device_translate(ki, iova),
			(pt_oaddr_t)(3 * pg));
	/* The one-walk path, through tables that exist */
	sh = kunit_iommu_shadow(range.top_table);
	KUNIT_ASSERT_NOT_NULL(test, sh);
	memset(sh->device_view + pts.index * PT_ITEM_WORD_SIZE, 0,
	       PT_ITEM_WORD_SIZE);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova + pg, 4 * pg, pg, 1,
					      IOMMU_READ), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_device_translate(ki, iova + pg),
			(pt_oaddr_t)(4 * pg));
}

/*
 * Granule pages over a whole table, mapped and unmapped one at a time: the
 * emptied tables go, table memory is back where it was, and a map of the
 * table's span then gets one large page again
 */
static void test_reuse_large_page(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 n = log2_to_int(kunit_iommu_items_lg2()), big = n * pg, i;
	u64 iova = 2 * big, pa = 4 * big;
	unsigned long start = kunit_iommu_allocs - kunit_iommu_frees;
	struct kunit_iommu_digest d;

	if (!(domain->pgsize_bitmap & big) ||
	    iova + big - 1 > domain->geometry.aperture_end)
		kunit_skip(test, "no page of a level 0 table's span");
	for (i = 0; i != n; i++)
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova + i * pg,
						      pa + i * pg, pg, 1,
						      IOMMU_READ), 0);
	KUNIT_ASSERT_GT(test, kunit_iommu_allocs - kunit_iommu_frees, start);
	for (i = 0; i != n; i++)
		KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, iova + i * pg, pg,
							1), (size_t)pg);
	/* The table's last unmap scheduled the reclaim, which frees it all */
	KUNIT_EXPECT_TRUE(test, test_bit(0, &ki->table.iommu.reclaim_pending));
	flush_delayed_work(&ki->table.iommu.reclaim_work);
	KUNIT_EXPECT_EQ(test, ki->flush_len, (size_t)0);
	d = kunit_iommu_digest(ki);
	KUNIT_EXPECT_EQ(test, d.leaves, 0UL);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees, start);
	KUNIT_EXPECT_EQ(test, d.tables, start);

	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, pa, pg, n, IOMMU_READ),
			0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).leaves,
			kunit_iommu_leaf_items(ki, ilog2(big)));
	KUNIT_EXPECT_EQ(test, kunit_iommu_leaf_lg2(ki, iova), ilog2(big));
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova, pg, n), (size_t)big);
	pt_iommu_reclaim(&ki->table.iommu);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees, start);
}

static const struct pt_iommu_driver_ops kunit_iommu_noflush_ops = {
	.change_top = kunit_iommu_change_top,
	.get_top_lock = kunit_iommu_get_top_lock,
};

/*
 * A map of a whole item's span over a table that holds nothing puts the
 * large page there once the walk caches are flushed, and frees the table.
 * A driver that cannot flush them keeps such tables, and maps inside them.
 */
static void test_replace_empty_table(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 big = pg << kunit_iommu_items_lg2();
	u64 iova = 2 * big, other = 3 * big;
	unsigned long start = kunit_iommu_allocs - kunit_iommu_frees;
	unsigned int flushes = ki->flushes;

	if (!(domain->pgsize_bitmap & big) ||
	    other + big - 1 > domain->geometry.aperture_end)
		kunit_skip(test, "no page of a level 0 table's span");
	/* Without flush_walk emptied tables stay, and maps go inside them */
	ki->table.iommu.driver_ops = &kunit_iommu_noflush_ops;
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova + pg, 0, pg, 1,
					      IOMMU_READ), 0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, other + pg, 0, pg, 1,
					      IOMMU_READ), 0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, iova + pg, pg, 1),
			(size_t)pg);
	KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, other + pg, pg, 1),
			(size_t)pg);
	KUNIT_EXPECT_GT(test, kunit_iommu_allocs - kunit_iommu_frees, start);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, other, 0, big, 1,
					      IOMMU_READ), 0);
	KUNIT_EXPECT_LT(test, kunit_iommu_leaf_lg2(ki, other), ilog2(big));
	KUNIT_EXPECT_EQ(test, ki->flushes, flushes);

	/* With it, the map replaces the empty table */
	ki->table.iommu.driver_ops = &kunit_iommu_driver_ops;
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, 0, big, 1, IOMMU_READ),
			0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_leaf_lg2(ki, iova), ilog2(big));
	KUNIT_EXPECT_EQ(test, ki->flushes, flushes + 1);
	KUNIT_EXPECT_EQ(test, ki->flush_iova, (unsigned long)iova);
	KUNIT_EXPECT_EQ(test, ki->flush_len, (size_t)big);
	/* Break before make: flushed while the item held neither */
	KUNIT_EXPECT_EQ(test, ki->flush_leaf_lg2, 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			kunit_iommu_digest(ki).tables);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, other, pg, big / pg),
			(size_t)big);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova, big, 1), (size_t)big);
	pt_iommu_reclaim(&ki->table.iommu);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees, start);
}

/*
 * An unmap that frees a table it does not cover leaves a tombstone; the
 * next map there flushes the walk caches before it installs anything
 */
static void test_tombstone_flush(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 span = pg << kunit_iommu_items_lg2();
	u64 iova = 2 * span;
	unsigned int flushes;

	if (!pt_top_range(&ki->table.common).top_level ||
	    iova + 2 * span - 1 > domain->geometry.aperture_end)
		kunit_skip(test, "a single level");
	/* A page in the next level 0 table keeps the level 1 table */
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova + span, 0, pg, 1,
					      IOMMU_READ), 0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova, 0, pg, 1, IOMMU_READ),
			0);
	KUNIT_ASSERT_EQ(test, kunit_iommu_unmap(ki, iova, pg, 1), (size_t)pg);
	/* The unmap does not free a table it does not cover: the reclaim does */
	KUNIT_EXPECT_NE(test, kunit_iommu_raw(ki, iova, 1), 0ULL);
	KUNIT_EXPECT_EQ(test, pt_iommu_reclaim(&ki->table.iommu), 1UL);
	KUNIT_EXPECT_EQ(test, kunit_iommu_raw(ki, iova, 1),
			(u64)PT_TOMBSTONE_ENTRY);
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
			kunit_iommu_digest(ki).tables);

	flushes = ki->flushes;
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova + pg, 0, pg, 1,
					      IOMMU_READ), 0);
	KUNIT_EXPECT_EQ(test, ki->flushes, flushes + 1);
	KUNIT_EXPECT_EQ(test, ki->flush_iova, (unsigned long)iova);
	KUNIT_EXPECT_EQ(test, ki->flush_len, (size_t)span);
	/* The item holds the new table now: no more flushes */
	KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, iova + 2 * pg, 0, pg, 1,
					      IOMMU_READ), 0);
	KUNIT_EXPECT_EQ(test, ki->flushes, flushes + 1);
	KUNIT_EXPECT_EQ(test, pt_iommu_iova_to_phys(domain, iova + pg), 0);
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova + pg, pg, 2),
			(size_t)(2 * pg));
	KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova + span, pg, 1),
			(size_t)pg);
	pt_iommu_reclaim(&ki->table.iommu);
	KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).tables, 1UL);
}

struct kunit_iommu_race {
	struct kunit_iommu *ki;
	u64 iova;
	u64 pg;
	long fail_in;
};

static void kunit_iommu_race_unmap(void *arg)
{
	struct kunit_iommu_race *race = arg;

	KUNIT_EXPECT_EQ(kunit_get_current_test(),
			kunit_iommu_unmap(race->ki, race->iova, race->pg, 1),
			(size_t)race->pg);
	KUNIT_EXPECT_NE(kunit_get_current_test(),
			pt_iommu_reclaim(&race->ki->table.iommu), 0UL);
	kunit_iommu_fail_in = race->fail_in;
}

/*
 * Between the two passes of a map, an unmap of another range frees the
 * table the check pass planned to write into: the commit puts a new table
 * in its place, or, with no memory for one, undoes what it wrote
 */
static void test_commit_race(struct kunit *test)
{
	struct kunit_iommu *ki = test->priv;
	struct iommu_domain *domain = kunit_iommu_domain(ki);
	u64 pg = log2_to_int(PT_GRANULE_LG2SZ);
	u64 span = pg << kunit_iommu_items_lg2();
	/* The map ends one granule into the next table: the general path */
	u64 iova = 3 * span - 4 * pg;
	struct kunit_iommu_race race = { .ki = ki, .iova = 2 * span,
					 .pg = pg, .fail_in = -1 };
	unsigned long start = kunit_iommu_allocs - kunit_iommu_frees;
	int i;

	if (!pt_top_range(&ki->table.common).top_level ||
	    4 * span > domain->geometry.aperture_end)
		kunit_skip(test, "a single level");
	for (i = 0; i != 2; i++) {
		KUNIT_ASSERT_EQ(test, kunit_iommu_map(ki, race.iova, 0, pg, 1,
						      IOMMU_READ), 0);
		kunit_iommu_commit_fn = kunit_iommu_race_unmap;
		kunit_iommu_commit_arg = &race;
		/* The second time there is no memory for the new table */
		race.fail_in = i ? 0 : -1;
		if (!i) {
			KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, iova, 0x40 * pg,
							      pg, 5, IOMMU_READ),
					0);
			KUNIT_EXPECT_EQ(test,
					pt_iommu_iova_to_phys(domain, iova),
					(phys_addr_t)(0x40 * pg));
			KUNIT_EXPECT_EQ(test,
					pt_iommu_iova_to_phys(domain,
							      iova + 4 * pg),
					(phys_addr_t)(0x44 * pg));
			KUNIT_EXPECT_EQ(test, kunit_iommu_unmap(ki, iova, pg, 5),
					(size_t)(5 * pg));
		} else {
			KUNIT_EXPECT_EQ(test, kunit_iommu_map(ki, iova, 0x40 * pg,
							      pg, 5, IOMMU_READ),
					-ENOMEM);
			KUNIT_EXPECT_EQ(test,
					pt_iommu_iova_to_phys(domain,
							      iova + 4 * pg),
					0);
		}
		kunit_iommu_fail_in = -1;
		pt_iommu_reclaim(&ki->table.iommu);
		KUNIT_EXPECT_EQ(test, kunit_iommu_digest(ki).leaves, 0UL);
		KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees,
				kunit_iommu_digest(ki).tables);
	}
	KUNIT_EXPECT_EQ(test, kunit_iommu_allocs - kunit_iommu_frees, start);
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
		/* The refusal is the test: a skip would hide its failure */
		return;
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
	if (ret == -EOPNOTSUPP) {
		struct iommu_dirty_bitmap bm = {};

		/* Untracked is not clean: the caller must be told */
		KUNIT_EXPECT_EQ(test,
				pt_iommu_read_and_clear_dirty(kunit_iommu_domain(ki),
							      0, 2 * big, 0,
							      &bm),
				-EOPNOTSUPP);
		/* The format has no dirty bit: the refusal is the test */
		return;
	}
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
	KUNIT_CASE_PARAM(test_table_memory, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_slot_after_flush, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_slot_page_gather, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_empty_during_recycle, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_bad_input, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_partial_unmap, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_partial_unmap_pieces, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_alloc_failure, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_sync_disjoint, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_gather_pgsize, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_top_table, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_grow_top, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_unmap_past_top, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_map_layout_history, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_init_bad_config, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_incoherent_reach, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_reuse_large_page, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_replace_empty_table, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_tombstone_flush, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_commit_race, kunit_pt_gen_params),
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
