// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the Intel VT-d driver's page table domains: second stage
 * and first stage domains made for IOMMUs of chosen capabilities, their
 * geometry, page sizes, maps and unmaps, the input they must refuse, snoop
 * control, dirty tracking, and the checks of an attach. Included at the end
 * of iommu.c to reach its static functions.
 *
 * The IOMMUs are descriptions (struct intel_iommu with CAP, ECAP and AGAW
 * set, no registers): the driver only reads those to make a domain. The
 * tables are checked with a walker written here from the VT-d
 * specification, not with the library that wrote them. This covers what
 * QEMU 7.2's intel-iommu cannot walk: first stage tables, five levels, and
 * dirty bits, which the test sets as the hardware would.
 */
#include <kunit/test.h>

/* Second stage entries */
#define KT_SS_R		BIT_ULL(0)
#define KT_SS_W		BIT_ULL(1)
#define KT_SS_PS	BIT_ULL(7)
#define KT_SS_D		BIT_ULL(9)
#define KT_SS_SNP	BIT_ULL(11)
/* First stage entries */
#define KT_FS_P		BIT_ULL(0)
#define KT_FS_RW	BIT_ULL(1)
#define KT_FS_US	BIT_ULL(2)
#define KT_FS_A		BIT_ULL(5)
#define KT_FS_D		BIT_ULL(6)
#define KT_FS_PS	BIT_ULL(7)
#define KT_ADDR		GENMASK_ULL(51, 12)

/* CAP and ECAP fields, as the cap_*() and ecap_*() macros read them */
#define KT_CAP_SAGAW(agaw)	((u64)BIT(agaw) << 8)
#define KT_CAP_MGAW(bits)	((u64)((bits) - 1) << 16)
#define KT_CAP_SP(val)		((u64)(val) << 34)
#define KT_CAP_FL1GP		BIT_ULL(56)
#define KT_CAP_FL5LP		BIT_ULL(60)
#define KT_ECAP_C		BIT_ULL(0)
#define KT_ECAP_SC		BIT_ULL(7)
#define KT_ECAP_SLADS		BIT_ULL(45)
#define KT_ECAP_SLTS		BIT_ULL(46)
#define KT_ECAP_FLTS		BIT_ULL(47)
#define KT_ECAP_SMTS		BIT_ULL(43)
#define KT_ECAP_SMPWC		BIT_ULL(48)

struct intel_pt_kunit_param {
	const char *name;
	bool first_stage;
	bool sm;		/* scalable mode */
	bool sp_off;		/* intel_iommu=sp_off */
	int agaw;
	int mgaw;
	u64 cap;		/* besides SAGAW and MGAW */
	u64 ecap;
	/* what the domain must get */
	unsigned long pgsizes;
	bool incoherent;
};

#define KT_SS_ECAP_SM	(KT_ECAP_SMTS | KT_ECAP_SLTS | KT_ECAP_SMPWC | \
			 KT_ECAP_SLADS | KT_ECAP_SC)
#define KT_FS_ECAP	(KT_ECAP_SMTS | KT_ECAP_FLTS | KT_ECAP_SMPWC)

static const struct intel_pt_kunit_param intel_pt_kunit_params[] = {
	{ .name = "ss3_legacy", .agaw = 1, .mgaw = 39, .cap = KT_CAP_SP(3),
	  .ecap = KT_ECAP_C | KT_ECAP_SC, .pgsizes = SZ_4K | SZ_2M | SZ_1G },
	{ .name = "ss4_legacy_incoherent", .agaw = 2, .mgaw = 48,
	  .cap = KT_CAP_SP(3), .pgsizes = SZ_4K | SZ_2M | SZ_1G,
	  .incoherent = true },
	{ .name = "ss4_mgaw46_2m", .agaw = 2, .mgaw = 46, .cap = KT_CAP_SP(1),
	  .ecap = KT_ECAP_C, .pgsizes = SZ_4K | SZ_2M },
	{ .name = "ss4_sm_sp_off", .sm = true, .sp_off = true, .agaw = 2,
	  .mgaw = 48, .cap = KT_CAP_SP(3), .ecap = KT_SS_ECAP_SM,
	  .pgsizes = SZ_4K },
	{ .name = "ss5_sm", .sm = true, .agaw = 3, .mgaw = 57,
	  .cap = KT_CAP_SP(3), .ecap = KT_SS_ECAP_SM,
	  .pgsizes = SZ_4K | SZ_2M | SZ_1G },
	{ .name = "fs4", .first_stage = true, .sm = true, .agaw = 2,
	  .mgaw = 48, .cap = KT_CAP_FL1GP, .ecap = KT_FS_ECAP,
	  .pgsizes = SZ_4K | SZ_2M | SZ_1G },
	{ .name = "fs4_no1g_incoherent", .first_stage = true, .sm = true,
	  .agaw = 2, .mgaw = 48, .ecap = KT_FS_ECAP & ~KT_ECAP_SMPWC,
	  .pgsizes = SZ_4K | SZ_2M, .incoherent = true },
	{ .name = "fs5", .first_stage = true, .sm = true, .agaw = 3,
	  .mgaw = 57, .cap = KT_CAP_FL1GP | KT_CAP_FL5LP, .ecap = KT_FS_ECAP,
	  .pgsizes = SZ_4K | SZ_2M | SZ_1G },
};

static void intel_pt_kunit_param_desc(const struct intel_pt_kunit_param *p,
				      char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(intel_pt_kunit, intel_pt_kunit_params,
		  intel_pt_kunit_param_desc);

/* The test's IOMMU, and the boot-time choices it needs, per case */
struct intel_pt_kunit_ctx {
	struct intel_iommu iommu;
	int saved_sm;
	int saved_superpage;
};

static void intel_pt_kunit_iommu(const struct intel_pt_kunit_param *p,
				 struct intel_iommu *iommu)
{
	memset(iommu, 0, sizeof(*iommu));
	iommu->cap = p->cap | KT_CAP_MGAW(p->mgaw);
	/* SAGAW: second stage AGAWs; with first stage only, none */
	if (!p->first_stage)
		iommu->cap |= KT_CAP_SAGAW(p->agaw);
	iommu->ecap = p->ecap;
	iommu->agaw = p->agaw;
	iommu->node = NUMA_NO_NODE;
}

static int intel_pt_test_init(struct kunit *test)
{
	const struct intel_pt_kunit_param *p = test->param_value;
	struct intel_pt_kunit_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->saved_sm = intel_iommu_sm;
	ctx->saved_superpage = intel_iommu_superpage;
	intel_iommu_sm = p->sm;
	intel_iommu_superpage = !p->sp_off;
	intel_pt_kunit_iommu(p, &ctx->iommu);
	test->priv = ctx;
	return 0;
}

static void intel_pt_test_exit(struct kunit *test)
{
	struct intel_pt_kunit_ctx *ctx = test->priv;

	intel_iommu_sm = ctx->saved_sm;
	intel_iommu_superpage = ctx->saved_superpage;
}

static void intel_pt_kunit_free(void *data)
{
	domain_exit(data);
}

static struct dmar_domain *intel_pt_kunit_alloc_for(struct kunit *test,
						    struct intel_iommu *iommu,
						    bool first_stage)
{
	struct dmar_domain *d;

	d = __paging_domain_alloc(iommu, NUMA_NO_NODE, first_stage);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(d));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, intel_pt_kunit_free, d));
	return d;
}

static struct dmar_domain *intel_pt_kunit_alloc(struct kunit *test)
{
	const struct intel_pt_kunit_param *p = test->param_value;
	struct intel_pt_kunit_ctx *ctx = test->priv;

	return intel_pt_kunit_alloc_for(test, &ctx->iommu, p->first_stage);
}

/* What the walker found for one IOVA */
struct intel_pt_kunit_leaf {
	u64 *ptep;
	u64 pte;
	u64 size;
	phys_addr_t pa;
};

/*
 * The walk of the VT-d specification: 9 bits per level from bit 12; a
 * second stage entry is present when R or W is set, a first stage one when
 * P is; PS makes a 2M page at level 2 and a 1G page at level 3.
 */
static bool intel_pt_kunit_walk(struct kunit *test, struct dmar_domain *d,
				u64 iova, struct intel_pt_kunit_leaf *leaf)
{
	bool fs = d->use_first_level;
	unsigned int level, top_level;
	u64 *table;

	table = pt_iommu_top_table(fs ? &d->fspt.common : &d->sspt.common,
				   &top_level);
	level = top_level + 1;
	if (iova >> (12 + 9 * level))
		return false;
	for (;;) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 *ptep = &table[(iova >> shift) & 511];
		u64 pte = READ_ONCE(*ptep);

		if (!(pte & (fs ? KT_FS_P : KT_SS_R | KT_SS_W)))
			return false;
		if (level == 1 || (pte & (fs ? KT_FS_PS : KT_SS_PS))) {
			KUNIT_EXPECT_LE_MSG(test, level, 3, "PS above 1G");
			leaf->ptep = ptep;
			leaf->pte = pte;
			leaf->size = 1ULL << shift;
			leaf->pa = (pte & KT_ADDR & ~(leaf->size - 1)) |
				   (iova & (leaf->size - 1));
			return true;
		}
		table = phys_to_virt(pte & KT_ADDR);
		level--;
	}
}

static int intel_pt_kunit_map(struct dmar_domain *d, u64 iova,
			      phys_addr_t pa, size_t pgsize, size_t pgcount,
			      int prot)
{
	struct iommu_domain *dom = &d->domain;
	size_t mapped = 0;
	int ret;

	ret = dom->ops->map_pages(dom, iova, pa, pgsize, pgcount, prot,
				  GFP_KERNEL, &mapped);
	if (!ret && mapped != pgsize * pgcount)
		return -EIO;
	return ret;
}

static size_t intel_pt_kunit_unmap(struct dmar_domain *d, u64 iova,
				   size_t pgsize, size_t pgcount)
{
	struct iommu_domain *dom = &d->domain;
	struct iommu_iotlb_gather gather;
	size_t unmapped;

	iommu_iotlb_gather_init(&gather);
	unmapped = dom->ops->unmap_pages(dom, iova, pgsize, pgcount, &gather);
	/* The driver's flush (no device: no cache tag), which frees tables */
	dom->ops->iotlb_sync(dom, &gather);
	return unmapped;
}

/* Levels, aperture, page sizes and coherency follow the IOMMU */
static void intel_pt_test_geometry(struct kunit *test)
{
	const struct intel_pt_kunit_param *p = test->param_value;
	struct dmar_domain *d = intel_pt_kunit_alloc(test);
	struct iommu_domain *dom = &d->domain;
	struct pt_common *common;
	unsigned int top_level;
	int width = min(p->mgaw, 30 + 9 * p->agaw);

	common = p->first_stage ? &d->fspt.common : &d->sspt.common;
	pt_iommu_top_table(common, &top_level);
	KUNIT_EXPECT_EQ(test, (bool)d->use_first_level, p->first_stage);
	KUNIT_EXPECT_EQ(test, top_level, p->agaw + 1);
	KUNIT_EXPECT_TRUE(test, dom->geometry.force_aperture);
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_start, 0);
	/* A first stage IOVA is canonical: the lower half, bit N-1 clear */
	KUNIT_EXPECT_EQ(test, dom->geometry.aperture_end,
			BIT_ULL(width - p->first_stage) - 1);
	KUNIT_EXPECT_EQ(test, dom->pgsize_bitmap, p->pgsizes);
	KUNIT_EXPECT_EQ(test, !!(common->features & BIT(PT_FEAT_DMA_INCOHERENT)),
			p->incoherent);
	KUNIT_EXPECT_PTR_EQ(test, dom->ops, p->first_stage ?
			    &intel_fs_paging_domain_ops :
			    &intel_ss_paging_domain_ops);
}

/*
 * Every page size the domain offers, at the bottom and at the top of the
 * aperture: where the walker expects it, with the bits the stage needs,
 * read back by iova_to_phys, and gone after the unmap and the flush.
 */
static void intel_pt_test_map_sizes(struct kunit *test)
{
	struct dmar_domain *d = intel_pt_kunit_alloc(test);
	struct iommu_domain *dom = &d->domain;
	unsigned long bitmap = dom->pgsize_bitmap;
	bool fs = d->use_first_level;
	unsigned int bit, i;

	for_each_set_bit(bit, &bitmap, BITS_PER_LONG) {
		u64 size = 1ULL << bit;
		phys_addr_t pa = 5 * size;
		int prot = bit & 1 ? IOMMU_READ : IOMMU_READ | IOMMU_WRITE;

		for (i = 0; i != 2; i++) {
			u64 iova = i ? dom->geometry.aperture_end + 1 - size :
				       3 * size;
			struct intel_pt_kunit_leaf leaf = {};

			KUNIT_ASSERT_EQ_MSG(test,
					    intel_pt_kunit_map(d, iova, pa, size,
							       1, prot),
					    0, "size %llx iova %llx", size,
					    iova);
			KUNIT_ASSERT_TRUE(test,
					  intel_pt_kunit_walk(test, d,
							      iova + size / 2,
							      &leaf));
			KUNIT_EXPECT_EQ(test, leaf.size, size);
			KUNIT_EXPECT_EQ(test, leaf.pa, pa + size / 2);
			if (fs) {
				KUNIT_EXPECT_EQ(test, leaf.pte &
						(KT_FS_US | KT_FS_A),
						KT_FS_US | KT_FS_A);
				KUNIT_EXPECT_EQ(test, !!(leaf.pte & KT_FS_RW),
						!!(prot & IOMMU_WRITE));
				KUNIT_EXPECT_EQ(test, !!(leaf.pte & KT_FS_D),
						!!(prot & IOMMU_WRITE));
			} else {
				KUNIT_EXPECT_TRUE(test, leaf.pte & KT_SS_R);
				KUNIT_EXPECT_EQ(test, !!(leaf.pte & KT_SS_W),
						!!(prot & IOMMU_WRITE));
				KUNIT_EXPECT_FALSE(test, leaf.pte & KT_SS_SNP);
			}
			KUNIT_EXPECT_EQ(test,
					dom->ops->iova_to_phys(dom,
							       iova + size - 1),
					pa + size - 1);
			KUNIT_EXPECT_EQ(test,
					intel_pt_kunit_unmap(d, iova, size, 1),
					size);
			KUNIT_EXPECT_FALSE(test,
					   intel_pt_kunit_walk(test, d,
							       iova + size / 2,
							       &leaf));
			KUNIT_EXPECT_EQ(test, dom->ops->iova_to_phys(dom, iova),
					0);
		}
	}
}

/*
 * A run of 4K pages over aligned 2M and 1G boundaries: every page where it
 * belongs, and only in pages of sizes the domain offers; with
 * intel_iommu=sp_off or without 1G, no larger page is made of the run.
 */
static void intel_pt_test_map_run(struct kunit *test)
{
	const struct intel_pt_kunit_param *p = test->param_value;
	struct dmar_domain *d = intel_pt_kunit_alloc(test);
	u64 pgsizes = p->pgsizes;
	u64 iova = SZ_1G - SZ_2M, npages = (SZ_1G + SZ_2M) / SZ_4K, i;
	phys_addr_t pa = 3ULL * SZ_1G - SZ_2M;
	struct intel_pt_kunit_leaf leaf;

	KUNIT_ASSERT_EQ(test, intel_pt_kunit_map(d, iova, pa, SZ_4K, npages,
						 IOMMU_READ | IOMMU_WRITE), 0);
	for (i = 0; i < npages; i += leaf.size / SZ_4K) {
		KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d,
							    iova + i * SZ_4K,
							    &leaf));
		KUNIT_EXPECT_EQ(test, leaf.pa, pa + i * SZ_4K);
		KUNIT_ASSERT_TRUE_MSG(test, leaf.size & pgsizes,
				      "a %llx page, sizes %llx", leaf.size,
				      pgsizes);
	}
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_unmap(d, iova, SZ_4K, npages),
			npages * SZ_4K);
	KUNIT_EXPECT_FALSE(test, intel_pt_kunit_walk(test, d, SZ_1G, &leaf));
}

/*
 * Bad input gets its errno and leaves the table as it was: one page mapped
 * before stays at the same entry, nothing appears elsewhere.
 */
static void intel_pt_test_bad_input(struct kunit *test)
{
	struct dmar_domain *d = intel_pt_kunit_alloc(test);
	struct iommu_domain *dom = &d->domain;
	u64 end = dom->geometry.aperture_end;
	struct intel_pt_kunit_leaf before, after;
	u64 iova = SZ_1M;

	KUNIT_ASSERT_EQ(test, intel_pt_kunit_map(d, iova, SZ_2M, SZ_4K, 1,
						 IOMMU_READ | IOMMU_WRITE), 0);
	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, iova, &before));

	/* Unaligned IOVA or address, a size not offered, no pages */
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, iova + SZ_8K + 512, 0,
						 SZ_4K, 1, IOMMU_READ),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, iova + SZ_8K, 512, SZ_4K,
						 1, IOMMU_READ), -EINVAL);
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, 0, 0, SZ_8K, 1,
						 IOMMU_READ), -EINVAL);
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, iova + SZ_8K, 0, SZ_4K, 0,
						 IOMMU_READ), -EINVAL);
	if (!(dom->pgsize_bitmap & SZ_1G))
		KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, 0, 0, SZ_1G, 1,
							 IOMMU_READ), -EINVAL);
	/* No access at all */
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, iova + SZ_8K, 0, SZ_4K, 1,
						 0), -EINVAL);
	/* Over what is mapped, whole or in part */
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, iova, SZ_4M, SZ_4K, 1,
						 IOMMU_READ), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, iova - SZ_8K, SZ_4M, SZ_4K,
						 4, IOMMU_READ), -EADDRINUSE);
	KUNIT_EXPECT_FALSE(test, intel_pt_kunit_walk(test, d, iova - SZ_8K,
						     &after));
	/* Past the aperture (MGAW), and across its end */
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, end + 1, 0, SZ_4K, 1,
						 IOMMU_READ), -ERANGE);
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, end + 1 - SZ_4K, 0, SZ_4K,
						 2, IOMMU_READ), -ERANGE);
	KUNIT_EXPECT_FALSE(test, intel_pt_kunit_walk(test, d, end + 1 - SZ_4K,
						     &after));
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_unmap(d, end + 1, SZ_4K, 1), 0);
	/* Wrapping */
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, U64_MAX - SZ_4K + 1, 0,
						 SZ_4K, 2, IOMMU_READ),
			-EOVERFLOW);
	/* An address the table cannot hold */
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(d, iova + SZ_8K, BIT_ULL(52),
						 SZ_4K, 1, IOMMU_READ), -ERANGE);
	/* Part of a page unmaps nothing */
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_unmap(d, iova + 512, SZ_4K, 1),
			0);

	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, iova, &after));
	KUNIT_EXPECT_PTR_EQ(test, after.ptep, before.ptep);
	KUNIT_EXPECT_EQ(test, after.pte, before.pte);
	KUNIT_EXPECT_FALSE(test, intel_pt_kunit_walk(test, d, iova + SZ_8K,
						     &after));
}

/*
 * What the driver's second stage map keeps on top of the table: a
 * write-only page is readable, a nesting parent takes no read-only page,
 * and snoop control set on an empty domain puts SNP in what is mapped
 * later, while a domain with mappings refuses it.
 */
static void intel_pt_test_ss_rules(struct kunit *test)
{
	const struct intel_pt_kunit_param *p = test->param_value;
	struct dmar_domain *d, *other;
	struct intel_pt_kunit_leaf leaf;

	if (p->first_stage)
		kunit_skip(test, "second stage only");
	d = intel_pt_kunit_alloc(test);

	/*
	 * Snoop control before any map (no device attached, so no IOMMU to
	 * lack ECAP.SC): later leaves carry SNP
	 */
	KUNIT_EXPECT_TRUE(test, intel_iommu_enforce_cache_coherency(&d->domain));
	KUNIT_EXPECT_TRUE(test, (bool)d->force_snooping);
	KUNIT_ASSERT_EQ(test, intel_pt_kunit_map(d, SZ_2M, SZ_4M, SZ_4K, 1,
						 IOMMU_WRITE), 0);
	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, SZ_2M, &leaf));
	KUNIT_EXPECT_EQ(test, leaf.pte & (KT_SS_R | KT_SS_W),
			KT_SS_R | KT_SS_W);
	KUNIT_EXPECT_TRUE(test, leaf.pte & KT_SS_SNP);
	KUNIT_EXPECT_TRUE(test, (bool)d->has_mappings);

	/* A domain with mappings cannot start snooping */
	other = intel_pt_kunit_alloc(test);
	KUNIT_ASSERT_EQ(test, intel_pt_kunit_map(other, 0, 0, SZ_4K, 1,
						 IOMMU_READ), 0);
	KUNIT_EXPECT_FALSE(test,
			   intel_iommu_enforce_cache_coherency(&other->domain));

	/* A nesting parent: no read-only page (ERRATA_772415_SPR17) */
	other->nested_parent = true;
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(other, SZ_1M, 0, SZ_4K, 1,
						 IOMMU_READ), -EINVAL);
	KUNIT_EXPECT_FALSE(test, intel_pt_kunit_walk(test, other, SZ_1M,
						     &leaf));
	KUNIT_EXPECT_EQ(test, intel_pt_kunit_map(other, SZ_1M, 0, SZ_4K, 1,
						 IOMMU_READ | IOMMU_WRITE), 0);
	other->nested_parent = false;
}

/*
 * Dirty read-back of a second stage domain, with the D bit the IOMMU sets
 * when SSADE is on; the gather of a bitmap-less read collects what was
 * dirty. Off, a read with a bitmap is refused.
 */
static void intel_pt_test_dirty(struct kunit *test)
{
	const struct intel_pt_kunit_param *p = test->param_value;
	struct iommu_iotlb_gather gather;
	struct iommu_dirty_bitmap dirty = { .gather = &gather };
	struct intel_pt_kunit_leaf leaf;
	struct dmar_domain *d;
	u64 iova = SZ_1G;

	/* Where domain_alloc_user() makes one: SSADS needs scalable mode */
	if (p->first_stage || p->incoherent || !p->sm)
		kunit_skip(test, "dirty tracking: second stage, scalable mode");
	if (p->sp_off)
		kunit_skip(test, "no 2M page");
	d = intel_pt_kunit_alloc(test);
	d->domain.dirty_ops = &intel_dirty_ops;
	/* No device: nothing to program, only the domain's state */
	KUNIT_ASSERT_EQ(test, intel_iommu_set_dirty_tracking(&d->domain, true),
			0);

	KUNIT_ASSERT_EQ(test, intel_pt_kunit_map(d, iova, SZ_2G + SZ_4K, SZ_4K,
						 8, IOMMU_READ | IOMMU_WRITE),
			0);
	KUNIT_ASSERT_EQ(test, intel_pt_kunit_map(d, iova + SZ_2M, SZ_2G,
						 SZ_2M, 1,
						 IOMMU_READ | IOMMU_WRITE), 0);

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, intel_iommu_read_and_clear_dirty(&d->domain, iova,
							       SZ_4M, 0,
							       &dirty), 0);
	KUNIT_EXPECT_EQ(test, gather.start, ULONG_MAX);

	/* The device writes the third 4K page and the 2M page */
	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, iova + 2 * SZ_4K,
						    &leaf));
	WRITE_ONCE(*leaf.ptep, leaf.pte | KT_SS_D);
	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, iova + SZ_2M,
						    &leaf));
	KUNIT_ASSERT_EQ(test, leaf.size, SZ_2M);
	WRITE_ONCE(*leaf.ptep, leaf.pte | KT_SS_D);

	/* Without clearing: both, and they stay dirty */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test,
			intel_iommu_read_and_clear_dirty(&d->domain, iova,
							 SZ_4M,
							 IOMMU_DIRTY_NO_CLEAR,
							 &dirty), 0);
	KUNIT_EXPECT_EQ(test, gather.start, iova + 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, gather.end, iova + SZ_4M - 1);

	/* Only the 4K page, cleared */
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, intel_iommu_read_and_clear_dirty(&d->domain, iova,
							       SZ_2M, 0,
							       &dirty), 0);
	KUNIT_EXPECT_EQ(test, gather.start, iova + 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, gather.end, iova + 3 * SZ_4K - 1);
	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, iova + 2 * SZ_4K,
						    &leaf));
	KUNIT_EXPECT_FALSE(test, leaf.pte & KT_SS_D);
	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, iova + SZ_2M,
						    &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.pte & KT_SS_D);

	/* Tracking off: a read into a bitmap is refused, D stays */
	KUNIT_ASSERT_EQ(test, intel_iommu_set_dirty_tracking(&d->domain, false),
			0);
	dirty.bitmap = (void *)1;
	KUNIT_EXPECT_EQ(test, intel_iommu_read_and_clear_dirty(&d->domain, iova,
							       SZ_4M, 0,
							       &dirty),
			-EINVAL);
	KUNIT_ASSERT_TRUE(test, intel_pt_kunit_walk(test, d, iova + SZ_2M,
						    &leaf));
	KUNIT_EXPECT_TRUE(test, leaf.pte & KT_SS_D);
}

/*
 * A domain made for one IOMMU attached behind another must suit it as it
 * is: each of these is refused (the attach checks this before anything
 * changes), and the domain's own IOMMU accepts it.
 */
static void intel_pt_test_compatible(struct kunit *test)
{
	const struct intel_pt_kunit_param *p = test->param_value;
	struct intel_pt_kunit_ctx *ctx = test->priv;
	struct intel_iommu *other;
	struct dmar_domain *d = intel_pt_kunit_alloc(test);

	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_EQ(test, __paging_domain_compatible(d, &ctx->iommu), 0);

	/* Fewer levels */
	if (p->agaw > (p->first_stage ? 2 : 1)) {
		*other = ctx->iommu;
		other->agaw = p->agaw - 1;
		other->cap = (other->cap & ~KT_CAP_SAGAW(p->agaw)) |
			     (p->first_stage ? 0 : KT_CAP_SAGAW(p->agaw - 1));
		other->cap &= ~KT_CAP_FL5LP;
		KUNIT_EXPECT_EQ(test, __paging_domain_compatible(d, other),
				-EINVAL);
	}
	/* A narrower MGAW */
	*other = ctx->iommu;
	other->cap = (other->cap & ~KT_CAP_MGAW(64)) | KT_CAP_MGAW(p->mgaw - 1);
	KUNIT_EXPECT_EQ(test, __paging_domain_compatible(d, other), -EINVAL);
	/* Super pages it lacks */
	if (d->domain.pgsize_bitmap & SZ_1G) {
		*other = ctx->iommu;
		other->cap &= ~(KT_CAP_SP(15) | KT_CAP_FL1GP);
		other->cap |= KT_CAP_SP(1);
		KUNIT_EXPECT_EQ(test, __paging_domain_compatible(d, other),
				-EINVAL);
	}
	/* A walker that does not snoop, for a table that is not flushed */
	if (!p->incoherent) {
		*other = ctx->iommu;
		other->ecap &= ~(KT_ECAP_C | KT_ECAP_SMPWC);
		KUNIT_EXPECT_EQ(test, __paging_domain_compatible(d, other),
				-EINVAL);
	}
	/* The other stage only */
	*other = ctx->iommu;
	if (p->first_stage)
		other->ecap &= ~KT_ECAP_FLTS;
	else if (p->sm)
		other->ecap &= ~KT_ECAP_SLTS;
	else
		other = NULL;
	if (other)
		KUNIT_EXPECT_EQ(test, __paging_domain_compatible(d, other),
				-EINVAL);
	/* Dirty tracking without SSADS */
	if (!p->first_stage && !p->incoherent) {
		other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, other);
		*other = ctx->iommu;
		other->ecap &= ~KT_ECAP_SLADS;
		d->domain.dirty_ops = &intel_dirty_ops;
		KUNIT_EXPECT_EQ(test, __paging_domain_compatible(d, other),
				-EINVAL);
		d->domain.dirty_ops = NULL;
	}
}

static struct kunit_case intel_pt_test_cases[] = {
	KUNIT_CASE_PARAM(intel_pt_test_geometry, intel_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(intel_pt_test_map_sizes, intel_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(intel_pt_test_map_run, intel_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(intel_pt_test_bad_input, intel_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(intel_pt_test_ss_rules, intel_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(intel_pt_test_dirty, intel_pt_kunit_gen_params),
	KUNIT_CASE_PARAM(intel_pt_test_compatible, intel_pt_kunit_gen_params),
	{}
};

static struct kunit_suite intel_pt_test_suite = {
	.name = "intel_iommu_pt",
	.init = intel_pt_test_init,
	.exit = intel_pt_test_exit,
	.test_cases = intel_pt_test_cases,
};

kunit_test_suite(intel_pt_test_suite);
