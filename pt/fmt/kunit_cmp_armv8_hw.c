// SPDX-License-Identifier: GPL-2.0-only
/*
 * The register fields of a genpt ARM LPAE table (linux/generic_pt/
 * armv8_hw.h) against those io-pgtable-arm (drivers/iommu/io-pgtable-arm.c,
 * built into this test under names of its own) gives for the same table, as
 * the SMMUv3 driver asks for it: every granule, both stages, every input
 * size from the smallest each granule walks to the largest, every encodable
 * output size, stage 1 with and without hardware dirty state. Field by
 * field: TCR/VTCR T0SZ, TG0, SL0, IPS/PS, SH0, IRGN0, ORGN0 and MAIR (the
 * attributes the leaves select), the levels of the walk and the alignment
 * of the top table.
 *
 * io-pgtable-arm needs the DMA API for a walker that does not snoop, so
 * that case is compared with the values io-pgtable-arm.c writes for it.
 */
#define io_pgtable_arm_64_lpae_s1_init_fns kunit_armv8_hw_s1_init_fns
#define io_pgtable_arm_64_lpae_s2_init_fns kunit_armv8_hw_s2_init_fns
#define io_pgtable_arm_32_lpae_s1_init_fns kunit_armv8_hw_32_s1_init_fns
#define io_pgtable_arm_32_lpae_s2_init_fns kunit_armv8_hw_32_s2_init_fns
#define io_pgtable_arm_mali_lpae_init_fns kunit_armv8_hw_mali_init_fns

#include "../../io-pgtable-arm.c"

#include <kunit/test.h>
#include <linux/generic_pt/armv8_hw.h>
#include <linux/generic_pt/common.h>
#include <linux/generic_pt/iommu.h>
#include <linux/sizes.h>

/**
 * struct kunit_armv8_hw_cfg - a granule and a stage
 * @name: its name
 * @granule_lg2: log2 of the granule
 * @pgsizes: the page sizes io-pgtable-arm offers with the granule; given
 *	alone, they make it pick this granule whatever the CPU's PAGE_SIZE
 * @s2: stage 2 rather than stage 1
 * @init: pt_iommu_armv8_<granule>_init()
 * @deinit: pt_iommu_armv8_<granule>_deinit()
 * @hw_info: pt_iommu_armv8_<granule>_hw_info()
 */
struct kunit_armv8_hw_cfg {
	const char *name;
	unsigned int granule_lg2;
	u64 pgsizes;
	bool s2;
	int (*init)(struct pt_iommu_armv8 *table,
		    const struct pt_iommu_armv8_cfg *cfg, gfp_t gfp);
	void (*deinit)(struct pt_iommu_armv8 *table);
	int (*hw_info)(struct pt_iommu_armv8 *table,
		       struct pt_iommu_armv8_hw_info *info);
};

#define KUNIT_ARMV8_HW(n, g, lg2, sizes, stage2)                       \
	{ .name = n, .granule_lg2 = lg2, .pgsizes = sizes, .s2 = stage2, \
	  .init = pt_iommu_armv8_##g##_init,                            \
	  .deinit = pt_iommu_armv8_##g##_deinit,                        \
	  .hw_info = pt_iommu_armv8_##g##_hw_info }

static const struct kunit_armv8_hw_cfg kunit_armv8_hw_cfgs[] = {
	KUNIT_ARMV8_HW("4k_s1", 4k, 12, SZ_4K | SZ_2M | SZ_1G, false),
	KUNIT_ARMV8_HW("4k_s2", 4k, 12, SZ_4K | SZ_2M | SZ_1G, true),
	KUNIT_ARMV8_HW("16k_s1", 16k, 14, SZ_16K | SZ_32M, false),
	KUNIT_ARMV8_HW("16k_s2", 16k, 14, SZ_16K | SZ_32M, true),
	KUNIT_ARMV8_HW("64k_s1", 64k, 16, SZ_64K | SZ_512M | BIT_ULL(42), false),
	KUNIT_ARMV8_HW("64k_s2", 64k, 16, SZ_64K | SZ_512M | BIT_ULL(42), true),
};

static void kunit_armv8_hw_tlb_flush_all(void *cookie)
{
}

static void kunit_armv8_hw_tlb_flush_walk(unsigned long iova, size_t size,
					  size_t granule, void *cookie)
{
}

static void kunit_armv8_hw_tlb_add_page(struct iommu_iotlb_gather *gather,
					unsigned long iova, size_t granule,
					void *cookie)
{
}

static const struct iommu_flush_ops kunit_armv8_hw_tlb_ops = {
	.tlb_flush_all = kunit_armv8_hw_tlb_flush_all,
	.tlb_flush_walk = kunit_armv8_hw_tlb_flush_walk,
	.tlb_add_page = kunit_armv8_hw_tlb_add_page,
};

static void kunit_armv8_hw_flush_walk(struct pt_iommu *iommu,
				      unsigned long iova, size_t len)
{
}

static const struct pt_iommu_driver_ops kunit_armv8_hw_driver_ops = {
	.flush_walk = kunit_armv8_hw_flush_walk,
};

/* The output sizes the registers encode */
static const unsigned int kunit_armv8_hw_oas[] = { 32, 36, 40, 42, 44, 48, 52 };

/*
 * One table of @cfg's granule and stage at @ias, @oas and @dbm, made by
 * both: compare what each gives the hardware
 */
static void kunit_armv8_hw_one(struct kunit *test,
			       const struct kunit_armv8_hw_cfg *cfg,
			       unsigned int ias, unsigned int oas, bool dbm)
{
	struct pt_iommu_armv8_cfg gcfg = {
		.features = (cfg->s2 ? BIT(PT_FEAT_ARMV8_S2) : 0) |
			    (dbm ? BIT(PT_FEAT_ARMV8_DBM) : 0),
		.max_vasz_lg2 = ias,
		.max_oasz_lg2 = oas,
	};
	struct io_pgtable_cfg icfg = {
		.quirks = dbm ? IO_PGTABLE_QUIRK_ARM_HD : 0,
		.pgsize_bitmap = cfg->pgsizes,
		.ias = ias,
		.oas = oas,
		.coherent_walk = true,
		.tlb = &kunit_armv8_hw_tlb_ops,
	};
	const struct io_pgtable_init_fns *fns = cfg->s2 ?
		&kunit_armv8_hw_s2_init_fns : &kunit_armv8_hw_s1_init_fns;
	struct pt_iommu_armv8_hw_info info, old = {};
	struct arm_lpae_io_pgtable *data;
	char what[48];
	struct pt_iommu_armv8 *table;
	unsigned int top_level;
	struct io_pgtable *iop;
	struct device *dev;

	snprintf(what, sizeof(what), "%s ias %u oas %u%s", cfg->name, ias, oas,
		 dbm ? " dbm" : "");
	dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);
	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_NOT_NULL(test, table);
	set_dev_node(dev, NUMA_NO_NODE);
	icfg.iommu_dev = dev;
	iop = fns->alloc(&icfg, NULL);
	KUNIT_ASSERT_NOT_NULL_MSG(test, iop, "io-pgtable-arm %s", what);
	iop->cfg = icfg;
	data = io_pgtable_to_data(iop);

	table->iommu.nid = NUMA_NO_NODE;
	table->iommu.driver_ops = &kunit_armv8_hw_driver_ops;
	KUNIT_ASSERT_EQ(test, cfg->init(table, &gcfg, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, cfg->hw_info(table, &info), 0);

	/* The same walk: its levels, a top table aligned to its size */
	pt_iommu_top_table(&table->common, &top_level);
	KUNIT_EXPECT_EQ_MSG(test, 3 - (int)top_level, data->start_level, "%s",
			    what);
	KUNIT_EXPECT_TRUE_MSG(test,
			      IS_ALIGNED(info.ttb,
					 max_t(u64, ARM_LPAE_PGD_SIZE(data), 64)),
			      "%s", what);
	KUNIT_EXPECT_EQ(test, info.ttb,
			(u64)virt_to_phys(pt_iommu_top_table(&table->common,
							      &top_level)));
	/* io-pgtable-arm's fields, as the SMMUv3 driver of 6.12 reads them */
	if (cfg->s2) {
		old.tsz = icfg.arm_lpae_s2_cfg.vtcr.tsz;
		old.tg = icfg.arm_lpae_s2_cfg.vtcr.tg;
		old.sl0 = icfg.arm_lpae_s2_cfg.vtcr.sl;
		old.ps = icfg.arm_lpae_s2_cfg.vtcr.ps;
		old.sh = icfg.arm_lpae_s2_cfg.vtcr.sh;
		old.irgn = icfg.arm_lpae_s2_cfg.vtcr.irgn;
		old.orgn = icfg.arm_lpae_s2_cfg.vtcr.orgn;
	} else {
		old.tsz = icfg.arm_lpae_s1_cfg.tcr.tsz;
		old.tg = icfg.arm_lpae_s1_cfg.tcr.tg;
		old.ps = icfg.arm_lpae_s1_cfg.tcr.ips;
		old.sh = icfg.arm_lpae_s1_cfg.tcr.sh;
		old.irgn = icfg.arm_lpae_s1_cfg.tcr.irgn;
		old.orgn = icfg.arm_lpae_s1_cfg.tcr.orgn;
		/*
		 * Attributes 0-3, those the leaves select: io-pgtable-arm
		 * shifts 0xf4 into the sign bit of an int, so its MAIR's
		 * attributes 4-7, which nothing selects, come out 0xff
		 */
		old.mair = icfg.arm_lpae_s1_cfg.mair & GENMASK_ULL(31, 0);
		old.hd = icfg.quirks & IO_PGTABLE_QUIRK_ARM_HD;
	}
	KUNIT_EXPECT_EQ_MSG(test, info.tsz, old.tsz, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.tg, old.tg, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.sl0, old.sl0, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.ps, old.ps, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.sh, old.sh, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.irgn, old.irgn, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.orgn, old.orgn, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.mair, old.mair, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, info.hd, old.hd, "%s", what);

	/*
	 * A walker that does not snoop: outer shareable, non-cacheable, as
	 * io-pgtable-arm.c sets them for !coherent_walk. Only the feature
	 * bit is read; the table is not made for it (no DMA API here).
	 */
	table->common.features |= BIT(PT_FEAT_DMA_INCOHERENT);
	KUNIT_ASSERT_EQ(test, cfg->hw_info(table, &info), 0);
	table->common.features &= ~BIT(PT_FEAT_DMA_INCOHERENT);
	KUNIT_EXPECT_EQ(test, info.sh, ARM_LPAE_TCR_SH_OS);
	KUNIT_EXPECT_EQ(test, info.irgn, ARM_LPAE_TCR_RGN_NC);
	KUNIT_EXPECT_EQ(test, info.orgn, ARM_LPAE_TCR_RGN_NC);

	cfg->deinit(table);
	fns->free(iop);
}

static void kunit_armv8_hw_test_regs(struct kunit *test)
{
	const struct kunit_armv8_hw_cfg *cfg = test->param_value;
	unsigned int max = cfg->granule_lg2 == 16 ? 52 : 48;
	unsigned int ias, i, n = 0;

	/* From the smallest input a table of two levels needs */
	for (ias = cfg->granule_lg2 * 2 - 2; ias <= max; ias++) {
		for (i = 0; i != ARRAY_SIZE(kunit_armv8_hw_oas); i++) {
			unsigned int oas = kunit_armv8_hw_oas[i];

			if (oas > max)
				continue;
			kunit_armv8_hw_one(test, cfg, ias, oas, false);
			if (!cfg->s2)
				kunit_armv8_hw_one(test, cfg, ias, oas, true);
			n++;
		}
	}
	kunit_info(test, "%s: %u input and output sizes compared\n",
		   cfg->name, n);
}

/* Bad input: -EINVAL and nothing written */
static void kunit_armv8_hw_test_bad(struct kunit *test)
{
	const struct kunit_armv8_hw_cfg *cfg = test->param_value;
	struct pt_iommu_armv8_cfg gcfg = {
		.features = cfg->s2 ? BIT(PT_FEAT_ARMV8_S2) : 0,
		.max_vasz_lg2 = 40,
		.max_oasz_lg2 = 39,
	};
	struct pt_iommu_armv8_hw_info info, poison;
	unsigned int other, top_level;
	struct pt_iommu_armv8 *table;

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	table->iommu.nid = NUMA_NO_NODE;
	table->iommu.driver_ops = &kunit_armv8_hw_driver_ops;
	memset(&poison, 0x5a, sizeof(poison));

	/* An output size with no encoding */
	KUNIT_ASSERT_EQ(test, cfg->init(table, &gcfg, GFP_KERNEL), 0);
	info = poison;
	KUNIT_EXPECT_EQ(test, cfg->hw_info(table, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(&info, &poison, sizeof(info)), 0);
	cfg->deinit(table);

	/* No such granule; another granule whose levels tell it is wrong */
	gcfg.max_vasz_lg2 = 48;
	gcfg.max_oasz_lg2 = 48;
	KUNIT_ASSERT_EQ(test, cfg->init(table, &gcfg, GFP_KERNEL), 0);
	info = poison;
	KUNIT_EXPECT_EQ(test, __pt_iommu_armv8_hw_info(table, 13, &info),
			-EINVAL);
	/* At 48 bits 4K and 16K walk 4 levels (3 for a concatenated top), 64K 3 */
	pt_iommu_top_table(&table->common, &top_level);
	other = top_level == 3 ? 16 : 12;
	KUNIT_EXPECT_EQ(test, __pt_iommu_armv8_hw_info(table, other, &info),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(&info, &poison, sizeof(info)), 0);
	KUNIT_EXPECT_EQ(test, cfg->hw_info(table, &info), 0);
	cfg->deinit(table);
}

static void kunit_armv8_hw_desc(const struct kunit_armv8_hw_cfg *cfg,
				char *desc)
{
	strscpy(desc, cfg->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kunit_armv8_hw, kunit_armv8_hw_cfgs, kunit_armv8_hw_desc);

static struct kunit_case kunit_armv8_hw_cases[] = {
	KUNIT_CASE_PARAM(kunit_armv8_hw_test_regs, kunit_armv8_hw_gen_params),
	KUNIT_CASE_PARAM(kunit_armv8_hw_test_bad, kunit_armv8_hw_gen_params),
	{}
};

static struct kunit_suite kunit_armv8_hw_suite = {
	.name = "generic_pt_cmp_armv8_hw",
	.test_cases = kunit_armv8_hw_cases,
};

kunit_test_suites(&kunit_armv8_hw_suite);

MODULE_IMPORT_NS(GENERIC_PT_IOMMU);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic page table: ARM LPAE register fields against io-pgtable-arm");
