// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compare the generic AMD v1 format with the in-tree AMD v1 io-pgtable
 * (drivers/iommu/amd/io_pgtable.c), built into this test under names of its
 * own with the driver hooks it calls stubbed: there is no device to flush.
 */
#define io_pgtable_amd_iommu_v1_init_fns kunit_cmp_amdv1_init_fns
#define amd_iommu_pgsize_bitmap kunit_cmp_amdv1_pgsize_bitmap
#define amd_iommu_domain_flush_pages kunit_cmp_amdv1_flush_pages
#define amd_iommu_update_and_flush_device_table kunit_cmp_amdv1_update_dte

/* amd_iommu.h relies on x86 getting these from elsewhere */
#include <linux/mem_encrypt.h>
#include "../../amd/io_pgtable.c"

unsigned long amd_iommu_pgsize_bitmap = AMD_IOMMU_PGSIZES;

void amd_iommu_update_and_flush_device_table(struct protection_domain *domain)
{
}

void amd_iommu_domain_flush_pages(struct protection_domain *domain,
				  u64 address, size_t size)
{
}

#define KUNIT_CMP_NAME "amdv1"
#define KUNIT_CMP_FMT amdv1

#include "../kunit_cmp_amd.h"

/* The in-tree rule: Next Level 1 to 6 points to a table */
static bool kunit_cmp_is_table(u64 entry, unsigned int level)
{
	return IOMMU_PTE_PRESENT(entry) && level &&
	       PM_PTE_LEVEL(entry) != PAGE_MODE_NONE &&
	       PM_PTE_LEVEL(entry) != PAGE_MODE_7_LEVEL;
}

static u64 kunit_cmp_table_pa(u64 entry)
{
	return entry & PM_ADDR_MASK;
}

static u64 kunit_cmp_mask(u64 entry, unsigned int level)
{
	return 0;
}

static struct io_pgtable *kunit_cmp_iop_alloc(struct kunit_cmp *c)
{
	struct io_pgtable *iop;

	iop = io_pgtable_amd_iommu_v1_init_fns.alloc(&c->pdom.iop.pgtbl.cfg,
						     &c->pdom);
	if (iop)
		iop->cfg = c->pdom.iop.pgtbl.cfg;
	return iop;
}

static void kunit_cmp_iop_free(struct kunit_cmp *c)
{
	io_pgtable_amd_iommu_v1_init_fns.free(c->iop);
}

static u64 *kunit_cmp_iop_top(struct kunit_cmp *c, unsigned int *level)
{
	*level = c->pdom.iop.mode - 1;
	return c->pdom.iop.root;
}

/* Natural sizes of levels 0 to 2 and Next Level 7 sizes between them */
static const u64 kunit_cmp_amdv1_pgsizes[] = {
	SZ_4K, SZ_16K, SZ_2M, SZ_64M, SZ_1G,
};

/*
 * As the AMD driver makes it: 3 levels (PAGE_MODE_3_LEVEL) growing on demand,
 * FC in every page (IOMMU_PTE_FC)
 */
static const struct kunit_cmp_cfg kunit_cmp_amdv1_cfgs[] = {
	{ .name = "3lvl", .top_level = 2, .vasz_lg2 = 48, .region_lg2 = 36,
	  .features = BIT(PT_FEAT_DYNAMIC_TOP) |
		      BIT(PT_FEAT_AMDV1_FORCE_COHERENCE),
	  .pgsizes = kunit_cmp_amdv1_pgsizes,
	  .num_pgsizes = ARRAY_SIZE(kunit_cmp_amdv1_pgsizes), .ops = 4000 },
	/* Pages up to 5 << 40: both grow the top to 4 levels */
	{ .name = "3lvl_grow", .top_level = 2, .vasz_lg2 = 48,
	  .region_lg2 = 40,
	  .features = BIT(PT_FEAT_DYNAMIC_TOP) |
		      BIT(PT_FEAT_AMDV1_FORCE_COHERENCE),
	  .pgsizes = kunit_cmp_amdv1_pgsizes,
	  .num_pgsizes = ARRAY_SIZE(kunit_cmp_amdv1_pgsizes), .ops = 4000 },
};

KUNIT_CMP_SUITE(kunit_cmp_amdv1_cfgs);
