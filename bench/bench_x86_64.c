// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the generic page table's x86-64 operations against the in-tree
 * AMD v2 io-pgtable (drivers/iommu/amd/io_pgtable_v2.c), which walks the
 * same format, side by side in the same boot (see bench.h). Not part of
 * the series: `make bench` copies it into the series' tree, where the
 * in-tree file is built into it with the two driver hooks it calls
 * (flushes, which cost nothing here, as for genpt).
 */
/* amd_iommu.h relies on x86 getting these from elsewhere */
#include <linux/mem_encrypt.h>

#define io_pgtable_amd_iommu_v2_init_fns bench_x86_64_init_fns
#define amd_iommu_gpt_level bench_x86_64_gpt_level
#define amd_iommu_domain_flush_pages bench_x86_64_flush_pages

#include "../../amd/io_pgtable_v2.c"

#include <linux/generic_pt/iommu.h>
#include "bench_amd.h"

static const struct pt_iommu_driver_ops bench_genpt_driver_ops = {
	.flush_walk = bench_flush_walk,
};

int amd_iommu_gpt_level = PAGE_MODE_4_LEVEL;

void amd_iommu_domain_flush_pages(struct protection_domain *domain,
				  u64 address, size_t size)
{
}

struct bench_tables {
	struct pt_iommu_x86_64 genpt;
	struct protection_domain pdom;
	struct bench_genpt g;
};

static void bench_x86_64(struct kunit *test)
{
	struct pt_iommu_x86_64_cfg cfg = { .starting_level = 3 };
	struct bench_tables *t;
	struct io_pgtable *iop;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->genpt.iommu.nid = NUMA_NO_NODE;
	t->genpt.iommu.driver_ops = &bench_genpt_driver_ops;
	KUNIT_ASSERT_EQ(test, pt_iommu_x86_64_init(&t->genpt, &cfg, GFP_KERNEL),
			0);

	spin_lock_init(&t->pdom.lock);
	t->pdom.iop.pgtbl.cfg.amd.nid = NUMA_NO_NODE;
	iop = io_pgtable_amd_iommu_v2_init_fns.alloc(&t->pdom.iop.pgtbl.cfg,
						     &t->pdom);
	KUNIT_ASSERT_NOT_NULL(test, iop);
	iop->cfg = t->pdom.iop.pgtbl.cfg;
	t->g = (struct bench_genpt){
		.domain = &t->genpt.iommu.domain,
		.map_pages = pt_iommu_x86_64_map_pages,
		.unmap_pages = pt_iommu_x86_64_unmap_pages,
	};

	bench_table(test,
		    "x86-64, 4 levels: genpt vs io_pgtable_v2.c (AMD v2)",
		    &bench_genpt_ops, &t->g, &bench_amd_ops, &iop->ops,
		    bench_rows_4k,
		    ARRAY_SIZE(bench_rows_4k));
	bench_split_table(test,
			  "x86-64 (4K, 2M, 1G): a range whole vs split by iommu_pgsize()",
			  &t->g);

	pt_iommu_x86_64_deinit(&t->genpt);
	io_pgtable_amd_iommu_v2_init_fns.free(iop);
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_x86_64),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "generic_pt_bench_x86_64",
	.test_cases = bench_cases,
};

kunit_test_suites(&bench_suite);
