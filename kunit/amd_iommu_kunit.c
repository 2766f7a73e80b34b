// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the AMD IOMMU driver's page table domains: the domain
 * operations of v1 (host) and v2 (guest) domains, their geometry, dirty
 * tracking, growth of the top with a device attached, and the input they
 * must refuse. Included at the end of iommu.c to reach its static functions.
 *
 * The tables are checked with a walker written here from the IOMMU
 * specification (the device table, the v1 host table with its Next Level
 * encoding, the x86-64 guest table), not with the library that wrote them.
 * It covers what QEMU's amd-iommu cannot walk: v2 tables (no GIOSUP), five
 * levels, and dirty bits (no HD), for which the test sets the bit the
 * hardware would set.
 */
#include <kunit/test.h>

/* The v1 (host) table entry, from the AMD IOMMU specification */
#define KT_V1_PR		BIT_ULL(0)
#define KT_V1_D			BIT_ULL(6)
#define KT_V1_NEXT_LEVEL	GENMASK_ULL(11, 9)
#define KT_V1_IR		BIT_ULL(61)
#define KT_V1_IW		BIT_ULL(62)
/* The x86-64 (guest) table entry */
#define KT_V2_P			BIT_ULL(0)
#define KT_V2_RW		BIT_ULL(1)
#define KT_V2_PS		BIT_ULL(7)

struct amd_pt_kunit_param {
	const char *name;
	enum protection_domain_mode mode;
	int gpt_level;		/* for v2: PAGE_MODE_4_LEVEL or _5_LEVEL */
};

static const struct amd_pt_kunit_param amd_pt_kunit_params[] = {
	{ .name = "v1", .mode = PD_MODE_V1, .gpt_level = PAGE_MODE_4_LEVEL },
	{ .name = "v2_4level", .mode = PD_MODE_V2,
	  .gpt_level = PAGE_MODE_4_LEVEL },
	{ .name = "v2_5level", .mode = PD_MODE_V2,
	  .gpt_level = PAGE_MODE_5_LEVEL },
};

static void amd_pt_kunit_param_desc(const struct amd_pt_kunit_param *p,
				    char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(amd_pt_kunit, amd_pt_kunit_params, amd_pt_kunit_param_desc);

/* What the walker found for one IOVA */
struct amd_pt_kunit_leaf {
	u64 *ptep;
	u64 pte;
	u64 size;
	phys_addr_t pa;
	unsigned int level;	/* 1: a 4K table */
};

static void *amd_pt_kunit_top(struct protection_domain *pdom,
			      unsigned int *top_level)
{
	if (pdom->pd_mode == PD_MODE_V1)
		return pt_iommu_top_table(&pdom->amdv1.common, top_level);
	return pt_iommu_top_table(&pdom->amdv2.common, top_level);
}

/* The leaf at @ptep, a page of @size at @level, and where it maps @iova */
static bool amd_pt_kunit_leaf_at(struct amd_pt_kunit_leaf *leaf, u64 *ptep,
				 u64 pte, unsigned int level, u64 size,
				 u64 iova)
{
	leaf->size = size;
	leaf->ptep = ptep;
	leaf->pte = pte;
	leaf->level = level;
	leaf->pa = (pte & PM_ADDR_MASK & ~(size - 1)) | (iova & (size - 1));
	return true;
}

/*
 * The v1 walk: levels 6..1; Next Level 0 is a page of the level's size,
 * Next Level 7 a page whose size the address bits encode (ones from bit 12
 * up to one below the zero that gives the size), else the level of the
 * next table, which the library never skips.
 */
static bool amd_pt_kunit_walk_v1(struct kunit *test, void *top,
				 unsigned int top_level, u64 iova,
				 struct amd_pt_kunit_leaf *leaf)
{
	unsigned int level = top_level + 1;
	u64 *table = top;

	if (PM_LEVEL_SHIFT(level) < 64 && iova >> PM_LEVEL_SHIFT(level))
		return false;
	for (;;) {
		unsigned int shift = PM_LEVEL_SHIFT(level - 1);
		u64 *ptep = &table[(iova >> shift) & 511];
		u64 pte = READ_ONCE(*ptep);
		unsigned int nl;

		if (!(pte & KT_V1_PR))
			return false;
		nl = FIELD_GET(KT_V1_NEXT_LEVEL, pte);
		if (nl == 0)
			return amd_pt_kunit_leaf_at(leaf, ptep, pte, level,
						    1ULL << shift, iova);
		if (nl == 7)
			return amd_pt_kunit_leaf_at(leaf, ptep, pte, level,
				1ULL << (__ffs64(~(pte >> 12)) + 13), iova);
		KUNIT_EXPECT_EQ_MSG(test, nl, level - 1, "level skipped");
		if (nl != level - 1)
			return false;
		table = iommu_phys_to_virt(pte & PM_ADDR_MASK);
		level--;
	}
}

/* The x86-64 walk: a page at level 1, or where PS is set at levels 2, 3 */
static bool amd_pt_kunit_walk_v2(struct kunit *test, void *top,
				 unsigned int top_level, u64 iova,
				 struct amd_pt_kunit_leaf *leaf)
{
	unsigned int level = top_level + 1;
	u64 *table = top;

	if (iova >> PM_LEVEL_SHIFT(level))
		return false;
	for (;;) {
		unsigned int shift = PM_LEVEL_SHIFT(level - 1);
		u64 *ptep = &table[(iova >> shift) & 511];
		u64 pte = READ_ONCE(*ptep);

		if (!(pte & KT_V2_P))
			return false;
		if (level == 1 || (pte & KT_V2_PS)) {
			KUNIT_EXPECT_LE_MSG(test, level, 3, "PS above 1G");
			return amd_pt_kunit_leaf_at(leaf, ptep, pte, level,
						    1ULL << shift, iova);
		}
		table = iommu_phys_to_virt(pte & PM_ADDR_MASK);
		level--;
	}
}

static bool amd_pt_kunit_walk(struct kunit *test,
			      struct protection_domain *pdom, u64 iova,
			      struct amd_pt_kunit_leaf *leaf)
{
	unsigned int top_level;
	void *top = amd_pt_kunit_top(pdom, &top_level);

	if (pdom->pd_mode == PD_MODE_V1)
		return amd_pt_kunit_walk_v1(test, top, top_level, iova, leaf);
	return amd_pt_kunit_walk_v2(test, top, top_level, iova, leaf);
}

static bool amd_pt_kunit_writable(struct protection_domain *pdom, u64 pte)
{
	return pte & (pdom->pd_mode == PD_MODE_V1 ? KT_V1_IW : KT_V2_RW);
}

KUNIT_DEFINE_ACTION_WRAPPER(amd_pt_kunit_free, amd_iommu_domain_free,
			    struct iommu_domain *);

/*
 * A domain as the driver makes one for the DMA API, of the parameter's
 * format: protection_domain_alloc() follows the boot-time choices of
 * amd_iommu_pgtable and amd_iommu_gpt_level, set here for one allocation.
 */
static struct protection_domain *amd_pt_kunit_alloc(struct kunit *test)
{
	const struct amd_pt_kunit_param *p = test->param_value;
	enum protection_domain_mode mode = amd_iommu_pgtable;
	int gpt_level = amd_iommu_gpt_level;
	struct iommu_domain *dom;

	amd_iommu_pgtable = p->mode;
	amd_iommu_gpt_level = p->gpt_level;
	dom = do_iommu_domain_alloc(IOMMU_DOMAIN_DMA, NULL, 0);
	amd_iommu_pgtable = mode;
	amd_iommu_gpt_level = gpt_level;
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(dom));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, amd_pt_kunit_free, dom));
	KUNIT_ASSERT_EQ(test, to_pdomain(dom)->pd_mode, p->mode);
	return to_pdomain(dom);
}

static int amd_pt_kunit_map(struct protection_domain *pdom, u64 iova,
			    phys_addr_t pa, size_t pgsize, size_t pgcount,
			    int prot)
{
	struct iommu_domain *dom = &pdom->domain;
	size_t mapped = 0;
	int ret;

	ret = dom->ops->map_pages(dom, iova, pa, pgsize, pgcount, prot,
				  GFP_KERNEL, &mapped);
	if (!ret && mapped != pgsize * pgcount)
		return -EIO;
	return ret;
}

static size_t amd_pt_kunit_unmap(struct protection_domain *pdom, u64 iova,
				 size_t pgsize, size_t pgcount)
{
	struct iommu_domain *dom = &pdom->domain;
	struct iommu_iotlb_gather gather;
	size_t unmapped;

	iommu_iotlb_gather_init(&gather);
	unmapped = dom->ops->unmap_pages(dom, iova, pgsize, pgcount, &gather);
	/* The driver's flush, which frees the tables the unmap took out */
	dom->ops->iotlb_sync(dom, &gather);
	return unmapped;
}

/* Geometry and page sizes come from the hardware's limits */
static void amd_pt_test_geometry(struct kunit *test)
{
	const struct amd_pt_kunit_param *p = test->param_value;
	struct protection_domain *pdom = amd_pt_kunit_alloc(test);
	struct iommu_domain *dom = &pdom->domain;
	unsigned int top_level;

	amd_pt_kunit_top(pdom, &top_level);
	KUNIT_EXPECT_TRUE(test, dom->geometry.force_aperture);
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_start, 0);
	if (p->mode == PD_MODE_V1) {
		/* Three levels at first, growing up to six: all of 64 bits */
		KUNIT_EXPECT_EQ(test, top_level + 1, PAGE_MODE_3_LEVEL);
		KUNIT_EXPECT_EQ(test, dom->geometry.aperture_end, U64_MAX);
		KUNIT_EXPECT_EQ(test, dom->pgsize_bitmap,
				amd_iommu_pgsize_bitmap & AMD_IOMMU_PGSIZES);
		/* No 512G page: an erratum */
		KUNIT_EXPECT_EQ(test, dom->pgsize_bitmap & SZ_512G, 0);
		KUNIT_EXPECT_PTR_EQ(test, dom->ops, &amd_iommu_v1_ops);
	} else {
		/* The lower, non sign-extended half of 48 or 57 bits */
		KUNIT_EXPECT_EQ(test, top_level + 1, p->gpt_level);
		KUNIT_EXPECT_EQ(test, dom->geometry.aperture_end,
				BIT_ULL(PM_LEVEL_SHIFT(p->gpt_level) - 1) - 1);
		KUNIT_EXPECT_EQ(test, dom->pgsize_bitmap, AMD_IOMMU_PGSIZES_V2);
		KUNIT_EXPECT_PTR_EQ(test, dom->ops, &amd_iommu_v2_ops);
	}
}

/*
 * Every page size the domain offers: mapped where the walker expects it,
 * read back by iova_to_phys, read-only or writable as asked, and gone after
 * the unmap and the driver's flush.
 */
static void amd_pt_test_map_sizes(struct kunit *test)
{
	struct protection_domain *pdom = amd_pt_kunit_alloc(test);
	struct iommu_domain *dom = &pdom->domain;
	unsigned long bitmap = dom->pgsize_bitmap;
	unsigned int bit;

	for_each_set_bit(bit, &bitmap, BITS_PER_LONG) {
		u64 size = 1ULL << bit;
		u64 iova = 3 * size;
		phys_addr_t pa = 5 * size;
		struct amd_pt_kunit_leaf leaf = {};
		int prot = bit & 1 ? IOMMU_READ : IOMMU_READ | IOMMU_WRITE;

		if (iova + size - 1 > dom->geometry.aperture_end || pa >> 52)
			continue;
		KUNIT_ASSERT_EQ_MSG(test, amd_pt_kunit_map(pdom, iova, pa, size,
							   1, prot), 0,
				    "size %llx", size);
		KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom,
							  iova + size / 2,
							  &leaf));
		KUNIT_EXPECT_EQ(test, leaf.size, size);
		KUNIT_EXPECT_EQ(test, leaf.pa, pa + size / 2);
		KUNIT_EXPECT_EQ(test, amd_pt_kunit_writable(pdom, leaf.pte),
				!!(prot & IOMMU_WRITE));
		if (pdom->pd_mode == PD_MODE_V1)
			KUNIT_EXPECT_TRUE(test, leaf.pte & KT_V1_IR);
		KUNIT_EXPECT_EQ(test,
				dom->ops->iova_to_phys(dom, iova + size - 1),
				pa + size - 1);
		/* Nothing on either side */
		KUNIT_EXPECT_FALSE(test, amd_pt_kunit_walk(test, pdom,
							   iova - 1, &leaf));
		KUNIT_EXPECT_FALSE(test, amd_pt_kunit_walk(test, pdom,
							   iova + size, &leaf));

		KUNIT_EXPECT_EQ(test, amd_pt_kunit_unmap(pdom, iova, size, 1),
				size);
		KUNIT_EXPECT_FALSE(test, amd_pt_kunit_walk(test, pdom,
							   iova + size / 2,
							   &leaf));
		KUNIT_EXPECT_EQ(test, dom->ops->iova_to_phys(dom, iova), 0);
	}
}

/* A run of 4K pages over a 2M boundary, each where it belongs */
static void amd_pt_test_map_run(struct kunit *test)
{
	struct protection_domain *pdom = amd_pt_kunit_alloc(test);
	u64 iova = SZ_2M - 8 * SZ_4K, i;
	phys_addr_t pa = SZ_1G + SZ_4K * 3;
	struct amd_pt_kunit_leaf leaf;

	KUNIT_ASSERT_EQ(test, amd_pt_kunit_map(pdom, iova, pa, SZ_4K, 32,
					       IOMMU_READ | IOMMU_WRITE), 0);
	for (i = 0; i < 32; i++) {
		KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom,
							  iova + i * SZ_4K,
							  &leaf));
		KUNIT_EXPECT_EQ(test, leaf.pa, pa + i * SZ_4K);
		KUNIT_EXPECT_EQ(test, leaf.size, SZ_4K);
	}
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_unmap(pdom, iova, SZ_4K, 32),
			32 * SZ_4K);
	for (i = 0; i < 32; i++)
		KUNIT_EXPECT_FALSE(test, amd_pt_kunit_walk(test, pdom,
							   iova + i * SZ_4K,
							   &leaf));
}

/*
 * Bad input gets its errno and leaves the table as it was: one page mapped
 * before stays, at the same entry, and the top does not move.
 */
static void amd_pt_test_bad_input(struct kunit *test)
{
	struct protection_domain *pdom = amd_pt_kunit_alloc(test);
	struct iommu_domain *dom = &pdom->domain;
	u64 end = dom->geometry.aperture_end;
	struct amd_pt_kunit_leaf before, after;
	unsigned int level_before, level;
	u64 iova = SZ_1M;
	void *top;

	KUNIT_ASSERT_EQ(test, amd_pt_kunit_map(pdom, iova, SZ_2M, SZ_4K, 1,
					       IOMMU_READ), 0);
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova, &before));
	top = amd_pt_kunit_top(pdom, &level_before);

	/* Unaligned IOVA or address, a size not offered, no pages */
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, iova + SZ_8K + 512, 0,
					       SZ_4K, 1, IOMMU_READ), -EINVAL);
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, iova + SZ_8K, 512, SZ_4K,
					       1, IOMMU_READ), -EINVAL);
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, 0, 0, SZ_4K + SZ_8K, 1,
					       IOMMU_READ), -EINVAL);
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, iova + SZ_8K, 0, SZ_4K, 0,
					       IOMMU_READ), -EINVAL);
	if (pdom->pd_mode == PD_MODE_V1)
		KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, 0, 0, SZ_512G, 1,
						       IOMMU_READ), -EINVAL);
	else
		KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, 0, 0, SZ_8K, 1,
						       IOMMU_READ), -EINVAL);
	/* Over what is mapped, whole or in part */
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, iova, SZ_4M, SZ_4K, 1,
					       IOMMU_READ), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, iova - SZ_8K, SZ_4M,
					       SZ_4K, 4, IOMMU_READ),
			-EADDRINUSE);
	KUNIT_EXPECT_FALSE(test, amd_pt_kunit_walk(test, pdom, iova - SZ_8K,
						   &after));
	/* Wrapping around the IOVA space */
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, U64_MAX - SZ_4K + 1, 0,
					       SZ_4K, 2, IOMMU_READ), -EOVERFLOW);
	/* Past the aperture, and across its end */
	if (end != U64_MAX) {
		KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, end + 1, 0, SZ_4K,
						       1, IOMMU_READ), -ERANGE);
		KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, end + 1 - SZ_4K,
						       0, SZ_4K, 2, IOMMU_READ),
				-ERANGE);
		KUNIT_EXPECT_FALSE(test, amd_pt_kunit_walk(test, pdom,
							   end + 1 - SZ_4K,
							   &after));
		KUNIT_EXPECT_EQ(test, amd_pt_kunit_unmap(pdom, end + 1, SZ_4K,
							 1), 0);
	}
	/* An address the table cannot hold */
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_map(pdom, iova + SZ_8K, BIT_ULL(52),
					       SZ_4K, 1, IOMMU_READ), -ERANGE);
	/* Unmapping part of a page or an unaligned range removes nothing */
	KUNIT_EXPECT_EQ(test, amd_pt_kunit_unmap(pdom, iova + 512, SZ_4K, 1),
			0);

	KUNIT_EXPECT_PTR_EQ(test, amd_pt_kunit_top(pdom, &level), top);
	KUNIT_EXPECT_EQ(test, level, level_before);
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova, &after));
	KUNIT_EXPECT_PTR_EQ(test, after.ptep, before.ptep);
	KUNIT_EXPECT_EQ(test, after.pte, before.pte);
	KUNIT_EXPECT_FALSE(test, amd_pt_kunit_walk(test, pdom, iova + SZ_8K,
						   &after));
}

/*
 * Dirty read-back of a v1 domain, with the D bit the IOMMU would set; a v2
 * domain has none. The gather of a bitmap-less read collects what was
 * dirty.
 */
static void amd_pt_test_dirty(struct kunit *test)
{
	struct protection_domain *pdom = amd_pt_kunit_alloc(test);
	struct iommu_domain *dom = &pdom->domain;
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty = { .gather = &gather };
	struct amd_pt_kunit_leaf leaf;
	u64 iova = SZ_1G;
	int (*read)(struct iommu_domain *domain, unsigned long iova,
		    size_t size, unsigned long flags,
		    struct iommu_dirty_bitmap *dirty);

	if (pdom->pd_mode != PD_MODE_V1) {
		KUNIT_EXPECT_EQ(test, amd_iommu_read_and_clear_dirty(dom, iova,
								     SZ_4K, 0,
								     &dirty),
				-EOPNOTSUPP);
		return;
	}
	/* What domain_alloc_user() gives where the IOMMU has HD */
	dom->dirty_ops = &amd_dirty_ops;
	read = dom->dirty_ops->read_and_clear_dirty;
	KUNIT_ASSERT_EQ(test, dom->dirty_ops->set_dirty_tracking(dom, true),
			0);
	KUNIT_EXPECT_TRUE(test, pdom->dirty_tracking);

	/* Eight 4K pages (an address aligned to 8K would make one 32K page) */
	KUNIT_ASSERT_EQ(test, amd_pt_kunit_map(pdom, iova, SZ_2G + SZ_4K, SZ_4K,
					       8, IOMMU_READ | IOMMU_WRITE), 0);
	KUNIT_ASSERT_EQ(test, amd_pt_kunit_map(pdom, iova + SZ_2M, SZ_2G,
					       SZ_2M, 1,
					       IOMMU_READ | IOMMU_WRITE), 0);

	/* Nothing dirty yet */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, read(dom, iova, SZ_4M, 0, &dirty), 0);
	KUNIT_EXPECT_EQ(test, gather.start, ULONG_MAX);

	/* The device writes the third 4K page and the 2M page */
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova + 2 * SZ_4K,
						  &leaf));
	KUNIT_ASSERT_EQ(test, leaf.size, SZ_4K);
	WRITE_ONCE(*leaf.ptep, leaf.pte | KT_V1_D);
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova + SZ_2M,
						  &leaf));
	KUNIT_ASSERT_EQ(test, leaf.size, SZ_2M);
	WRITE_ONCE(*leaf.ptep, leaf.pte | KT_V1_D);

	/* Read without clearing: both, and they stay dirty */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, read(dom, iova, SZ_4M, IOMMU_DIRTY_NO_CLEAR,
				   &dirty), 0);
	KUNIT_EXPECT_EQ(test, gather.start, iova + 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, gather.end, iova + SZ_4M - 1);
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova + 2 * SZ_4K,
						  &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.pte & KT_V1_D);

	/* Only the 4K page read, and cleared */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, read(dom, iova, SZ_2M, 0, &dirty), 0);
	KUNIT_EXPECT_EQ(test, gather.start, iova + 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, gather.end, iova + 3 * SZ_4K - 1);
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova + 2 * SZ_4K,
						  &leaf));
	KUNIT_EXPECT_FALSE(test, leaf.pte & KT_V1_D);
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova + SZ_2M,
						  &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.pte & KT_V1_D);

	/* Bad input changes nothing */
	KUNIT_EXPECT_EQ(test, read(dom, iova, 0, 0, &dirty), -EINVAL);
	KUNIT_EXPECT_EQ(test, read(dom, U64_MAX - SZ_4K + 1, SZ_8K, 0, &dirty),
			-EOVERFLOW);
	KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova + SZ_2M,
						  &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.pte & KT_V1_D);

	KUNIT_ASSERT_EQ(test, dom->dirty_ops->set_dirty_tracking(dom, false),
			0);
	KUNIT_EXPECT_FALSE(test, pdom->dirty_tracking);
}

struct amd_pt_kunit_dev {
	struct device *dev;
	struct iommu_dev_data *dev_data;
	struct amd_iommu *iommu;
};

static int amd_pt_kunit_count(struct device *dev, void *data)
{
	(*(unsigned int *)data)++;
	return 0;
}

/*
 * A PCI device behind an AMD IOMMU with no driver, alone in its group: one
 * the test may attach its own domain to (q35's host bridge under QEMU).
 */
static bool amd_pt_kunit_find_dev(struct amd_pt_kunit_dev *kd)
{
	struct pci_dev *pdev = NULL;

	for_each_pci_dev(pdev) {
		struct device *dev = &pdev->dev;
		struct iommu_group *group;
		unsigned int n = 0;

		if (dev->driver || !dev->iommu || !dev->iommu->iommu_dev ||
		    dev->iommu->iommu_dev->ops != &amd_iommu_ops)
			continue;
		group = iommu_group_get(dev);
		if (!group)
			continue;
		iommu_group_for_each_dev(group, &n, amd_pt_kunit_count);
		iommu_group_put(group);
		if (n != 1)
			continue;
		kd->dev = dev;
		kd->dev_data = dev_iommu_priv_get(dev);
		kd->iommu = get_amd_iommu_from_dev(dev);
		pci_dev_put(pdev);
		return true;
	}
	return false;
}

static void amd_pt_kunit_read_dte(struct amd_pt_kunit_dev *kd,
				  struct dev_table_entry *dte)
{
	*dte = get_dev_table(kd->iommu)[kd->dev_data->devid];
}

/*
 * Attaching what the IOMMU cannot walk fails before anything changes: the
 * device keeps its domain and its device table entry.
 */
static void amd_pt_test_attach_refused(struct kunit *test)
{
	const struct amd_pt_kunit_param *p = test->param_value;
	struct protection_domain *pdom = amd_pt_kunit_alloc(test);
	struct dev_table_entry before, after;
	struct iommu_domain *dom = &pdom->domain;
	struct iommu_domain *other;
	struct protection_domain *old;
	struct amd_pt_kunit_dev kd;
	int expect = 0;
	bool cap;

	if (!amd_pt_kunit_find_dev(&kd))
		kunit_skip(test, "no driverless device behind an AMD IOMMU");

	if (pdom->pd_mode == PD_MODE_V2) {
		/* No guest translation, or four levels where five are asked */
		if (!(kd.iommu->features & FEATURE_GIOSUP) ||
		    (p->gpt_level == PAGE_MODE_5_LEVEL &&
		     FIELD_GET(FEATURE_GATS, kd.iommu->features) !=
		     GUEST_PGTABLE_5_LEVEL))
			expect = -EINVAL;
	} else if (!amd_iommu_hd_support(kd.iommu)) {
		/* A domain that tracks dirty pages on an IOMMU without HD */
		dom->dirty_ops = &amd_dirty_ops;
		expect = -EINVAL;
		cap = amd_iommu_capable(kd.dev, IOMMU_CAP_DIRTY_TRACKING);
		KUNIT_EXPECT_FALSE(test, cap);
		other = do_iommu_domain_alloc(IOMMU_DOMAIN_UNMANAGED, kd.dev,
					      IOMMU_HWPT_ALLOC_DIRTY_TRACKING);
		KUNIT_EXPECT_EQ(test, PTR_ERR(other), -EOPNOTSUPP);
	}
	if (!expect)
		kunit_skip(test, "this IOMMU walks every %s table", p->name);

	old = kd.dev_data->domain;
	amd_pt_kunit_read_dte(&kd, &before);
	KUNIT_EXPECT_EQ(test, amd_iommu_attach_device(dom, kd.dev), expect);
	KUNIT_EXPECT_PTR_EQ(test, kd.dev_data->domain, old);
	amd_pt_kunit_read_dte(&kd, &after);
	KUNIT_EXPECT_EQ(test, memcmp(&before, &after, sizeof(before)), 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&pdom->dev_list));
	dom->dirty_ops = NULL;
}

static void amd_pt_kunit_expect_dte(struct kunit *test,
				    struct amd_pt_kunit_dev *kd,
				    struct protection_domain *pdom)
{
	struct dev_table_entry dte;
	unsigned int top_level;
	void *top = amd_pt_kunit_top(pdom, &top_level);

	amd_pt_kunit_read_dte(kd, &dte);
	KUNIT_EXPECT_TRUE(test, dte.data[0] & DTE_FLAG_V);
	KUNIT_EXPECT_TRUE(test, dte.data[0] & DTE_FLAG_TV);
	KUNIT_EXPECT_EQ(test, dte.data[0] & PM_ADDR_MASK,
			iommu_virt_to_phys(top) & PM_ADDR_MASK);
	KUNIT_EXPECT_EQ(test, (dte.data[0] >> DEV_ENTRY_MODE_SHIFT) &
			DEV_ENTRY_MODE_MASK, top_level + 1);
	KUNIT_EXPECT_EQ(test, (dte.data[1] & DEV_DOMID_MASK), pdom->id);
}

/*
 * A v1 domain attached through the core: the device table entry holds its
 * top and level, and after maps that grow the top, the new ones; the old
 * mappings are still reached from the new top. Detaching gives the device
 * back its own domain.
 */
KUNIT_DEFINE_ACTION_WRAPPER(amd_pt_kunit_domain_free, iommu_domain_free,
			    struct iommu_domain *);

struct amd_pt_kunit_attached {
	struct iommu_domain *dom;
	struct device *dev;
};

static void amd_pt_kunit_detach(void *data)
{
	struct amd_pt_kunit_attached *a = data;

	iommu_detach_device(a->dom, a->dev);
}

static void amd_pt_test_attach_grow(struct kunit *test)
{
	const struct amd_pt_kunit_param *p = test->param_value;
	struct amd_pt_kunit_attached *attached;
	struct amd_pt_kunit_leaf leaf;
	struct protection_domain *pdom;
	struct amd_pt_kunit_dev kd;
	struct iommu_domain *dom;
	unsigned int level;
	int i, ret;

	if (p->mode != PD_MODE_V1)
		kunit_skip(test, "a v2 table does not grow");
	if (!amd_pt_kunit_find_dev(&kd))
		kunit_skip(test, "no driverless device behind an AMD IOMMU");

	attached = kunit_kzalloc(test, sizeof(*attached), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, attached);
	dom = iommu_paging_domain_alloc(kd.dev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dom));
	ret = kunit_add_action_or_reset(test, amd_pt_kunit_domain_free, dom);
	KUNIT_ASSERT_EQ(test, ret, 0);
	pdom = to_pdomain(dom);
	KUNIT_ASSERT_EQ(test, pdom->pd_mode, PD_MODE_V1);
	KUNIT_ASSERT_EQ(test, amd_pt_kunit_map(pdom, SZ_4K, SZ_4K, SZ_4K, 1,
					       IOMMU_READ), 0);
	KUNIT_ASSERT_EQ(test, iommu_attach_device(dom, kd.dev), 0);
	attached->dom = dom;
	attached->dev = kd.dev;
	ret = kunit_add_action_or_reset(test, amd_pt_kunit_detach, attached);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, kd.dev_data->domain, pdom);
	amd_pt_kunit_expect_dte(test, &kd, pdom);

	/* 4, 5 and 6 levels, while attached */
	for (i = 0; i < 3; i++) {
		u64 iova = BIT_ULL(PM_LEVEL_SHIFT(PAGE_MODE_3_LEVEL + i)) +
			   SZ_2M;

		KUNIT_ASSERT_EQ(test, amd_pt_kunit_map(pdom, iova, SZ_8K, SZ_4K,
						       1, IOMMU_READ), 0);
		amd_pt_kunit_top(pdom, &level);
		KUNIT_EXPECT_EQ(test, level + 1, PAGE_MODE_4_LEVEL + i);
		amd_pt_kunit_expect_dte(test, &kd, pdom);
		KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, SZ_4K,
							  &leaf));
		KUNIT_EXPECT_EQ(test, leaf.pa, SZ_4K);
		KUNIT_EXPECT_EQ(test, leaf.level, 1);
		KUNIT_ASSERT_TRUE(test, amd_pt_kunit_walk(test, pdom, iova,
							  &leaf));
		KUNIT_EXPECT_EQ(test, leaf.pa, SZ_8K);
		KUNIT_EXPECT_EQ(test, amd_pt_kunit_unmap(pdom, iova, SZ_4K, 1),
				SZ_4K);
	}

	kunit_release_action(test, amd_pt_kunit_detach, attached);
	KUNIT_EXPECT_PTR_NE(test, kd.dev_data->domain, pdom);
	KUNIT_EXPECT_TRUE(test, list_empty(&pdom->dev_list));
}

static struct kunit_case amd_pt_test_cases[] = {
	KUNIT_CASE_PARAM(amd_pt_test_geometry, amd_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(amd_pt_test_map_sizes, amd_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(amd_pt_test_map_run, amd_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(amd_pt_test_bad_input, amd_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(amd_pt_test_dirty, amd_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(amd_pt_test_attach_refused, amd_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(amd_pt_test_attach_grow, amd_pt_kunit_gen_params),
	{}
};

/*
 * The driver's domains take their IDs and page sizes from its IOMMUs: in a
 * kernel booted without one (on Intel hardware) there is nothing to test.
 */
static int amd_pt_test_init(struct kunit *test)
{
	if (!amd_iommu_pd_alloc_bitmap)
		kunit_skip(test, "no AMD IOMMU");
	return 0;
}

static struct kunit_suite amd_pt_test_suite = {
	.name = "amd_iommu_pt",
	.init = amd_pt_test_init,
	.test_cases = amd_pt_test_cases,
};

kunit_test_suite(amd_pt_test_suite);
