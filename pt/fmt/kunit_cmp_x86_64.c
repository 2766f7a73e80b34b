// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compare the generic x86-64 format with the in-tree AMD v2 io-pgtable
 * (drivers/iommu/amd/io_pgtable_v2.c), built into this test under names of
 * its own with the driver hooks it calls stubbed: there is no device to
 * flush.
 */
#define io_pgtable_amd_iommu_v2_init_fns kunit_cmp_x86_64_init_fns
#define amd_iommu_gpt_level kunit_cmp_x86_64_gpt_level
#define amd_iommu_domain_flush_pages kunit_cmp_x86_64_flush_pages

/* amd_iommu.h relies on x86 getting these from elsewhere */
#include <linux/mem_encrypt.h>
#include "../../amd/io_pgtable_v2.c"

int amd_iommu_gpt_level = PAGE_MODE_4_LEVEL;

void amd_iommu_domain_flush_pages(struct protection_domain *domain,
				  u64 address, size_t size)
{
}

#define KUNIT_CMP_NAME "x86_64"
#define KUNIT_CMP_FMT x86_64
/* io_pgtable_v2.c maps PAGE_SIZE pages as its smallest */
#define KUNIT_CMP_PAGE_SIZE_GRANULE

#include "../kunit_cmp_amd.h"

/* The in-tree rules: PSE marks 2M and 1G pages, level 0 is all pages */
static bool kunit_cmp_is_table(u64 entry, unsigned int level)
{
	return IOMMU_PTE_PRESENT(entry) && level &&
	       (level > 2 || !is_large_pte(entry));
}

static u64 kunit_cmp_table_pa(u64 entry)
{
	return entry & PM_ADDR_MASK;
}

/*
 * On purpose: the in-tree code presets D on read-only pages too, a page
 * the device cannot write marked written; genpt sets D with RW only.
 */
static u64 kunit_cmp_mask(u64 entry, unsigned int level)
{
	if (!IOMMU_PTE_PRESENT(entry) || (entry & IOMMU_PAGE_RW))
		return 0;
	return IOMMU_PAGE_DIRTY;
}

static struct io_pgtable *kunit_cmp_iop_alloc(struct kunit_cmp *c)
{
	struct io_pgtable *iop;

	iop = io_pgtable_amd_iommu_v2_init_fns.alloc(&c->pdom.iop.pgtbl.cfg,
						     &c->pdom);
	if (iop)
		iop->cfg = c->pdom.iop.pgtbl.cfg;
	return iop;
}

static void kunit_cmp_iop_free(struct kunit_cmp *c)
{
	io_pgtable_amd_iommu_v2_init_fns.free(c->iop);
}

static u64 *kunit_cmp_iop_top(struct kunit_cmp *c, unsigned int *level)
{
	*level = get_pgtable_level() - 1;
	return c->pdom.iop.pgd;
}

/* The sizes of AMD_IOMMU_PGSIZES_V2 */
static const u64 kunit_cmp_x86_64_pgsizes[] = { SZ_4K, SZ_2M, SZ_1G };

/* The in-tree table has 4 levels (amd_iommu_gpt_level) */
static const struct kunit_cmp_cfg kunit_cmp_x86_64_cfgs[] = {
	{ .name = "4lvl", .top_level = 3, .region_lg2 = 36,
	  .pgsizes = kunit_cmp_x86_64_pgsizes,
	  .num_pgsizes = ARRAY_SIZE(kunit_cmp_x86_64_pgsizes), .ops = 4000 },
	{ .name = "4lvl_wide", .top_level = 3, .region_lg2 = 45,
	  .pgsizes = kunit_cmp_x86_64_pgsizes,
	  .num_pgsizes = ARRAY_SIZE(kunit_cmp_x86_64_pgsizes), .ops = 4000 },
};

KUNIT_CMP_SUITE(kunit_cmp_x86_64_cfgs);
