// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the generic page table's VT-d second stage operations against
 * the VT-d driver's own page table code as 6.12 has it (pfn_to_dma_pte(),
 * __domain_mapping(), domain_unmap() and the rest, which the series
 * deletes), side by side in the same boot (see bench.h). Not part of the
 * series: `make bench` extracts that code by function name from the base
 * tree's drivers/iommu/intel/iommu.c into drivers/iommu/intel_base/dma_pte.c
 * (ci/cextract.py), with the base's intel/iommu.h beside it, and builds it
 * here with the one driver hook it calls (the IOTLB flush of
 * switch_to_super_page(), which costs nothing here, as for genpt).
 *
 * Both sides make the same table: 4 levels (AGAW 48), 4K, 2M and 1G pages,
 * a walker that snoops (no cache flush on either side), driven through the
 * driver's map_pages and unmap_pages as the IOMMU core calls them.
 */
#include "../../intel_base/dma_pte.c"

#include <linux/generic_pt/iommu.h>
#include "bench.h"

void cache_tag_flush_range(struct dmar_domain *domain, unsigned long start,
			   unsigned long end, int ih)
{
}

/* @ctx is the dmar_domain's iommu_domain */
static int bench_vtd_map(void *ctx, u64 iova, u64 pgsize, unsigned int count,
			 size_t *mapped)
{
	return intel_iommu_map_pages(ctx, iova, iova, pgsize, count,
				     IOMMU_READ | IOMMU_WRITE, GFP_KERNEL,
				     mapped);
}

static size_t bench_vtd_unmap(void *ctx, u64 iova, u64 pgsize,
			      unsigned int count,
			      struct iommu_iotlb_gather *gather)
{
	return intel_iommu_unmap_pages(ctx, iova, pgsize, count, gather);
}

static const struct bench_ops bench_vtd_ops = {
	.map = bench_vtd_map,
	.unmap = bench_vtd_unmap,
};

static const struct pt_iommu_driver_ops bench_genpt_driver_ops = {
	.flush_walk = bench_flush_walk,
};

/* What 6.12's domain_exit() does with the table */
static void bench_vtd_free(struct dmar_domain *domain)
{
	LIST_HEAD(freelist);

	domain_unmap(domain, 0, DOMAIN_MAX_PFN(domain->gaw), &freelist);
	iommu_put_pages_list(&freelist);
}

struct bench_tables {
	struct pt_iommu_vtdss genpt;
	struct dmar_domain old;
	struct bench_genpt g;
};

static void bench_vtdss(struct kunit *test)
{
	struct pt_iommu_vtdss_cfg cfg = { .starting_level = 3 };
	struct dmar_domain *old;
	struct bench_tables *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->genpt.iommu.nid = NUMA_NO_NODE;
	t->genpt.iommu.driver_ops = &bench_genpt_driver_ops;
	KUNIT_ASSERT_EQ(test, pt_iommu_vtdss_init(&t->genpt, &cfg, GFP_KERNEL),
			0);
	/* The pages the driver offers with cap_super_page_val() = 2M and 1G */
	t->genpt.iommu.domain.pgsize_bitmap &= SZ_4K | SZ_2M | SZ_1G;

	/* What 6.12's md_domain_init() and domain_update_iommu_cap() set */
	old = &t->old;
	old->nid = NUMA_NO_NODE;
	old->iommu_coherency = 1;
	old->iommu_superpage = 2;
	old->gaw = 48;
	old->agaw = 2;
	old->pgd = iommu_alloc_page_node(old->nid, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, old->pgd);
	old->domain.pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G;
	KUNIT_ASSERT_EQ(test, agaw_to_level(old->agaw), 4);

	t->g = (struct bench_genpt){
		.domain = &t->genpt.iommu.domain,
		.map_pages = pt_iommu_vtdss_map_pages,
		.unmap_pages = pt_iommu_vtdss_unmap_pages,
	};

	bench_table(test,
		    "VT-d second stage, 4 levels: genpt vs intel/iommu.c's dma_pte code",
		    &bench_genpt_ops, &t->g, &bench_vtd_ops, &old->domain,
		    bench_rows_4k, ARRAY_SIZE(bench_rows_4k));

	/* Every range was unmapped: what is left is the empty top */
	KUNIT_EXPECT_EQ(test, intel_iommu_iova_to_phys(&old->domain, 0), 0);
	pt_iommu_vtdss_deinit(&t->genpt);
	bench_vtd_free(old);
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_vtdss),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "generic_pt_bench_vtdss",
	.test_cases = bench_cases,
};

kunit_test_suites(&bench_suite);
