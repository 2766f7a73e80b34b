/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What an IOMMU needs to walk a genpt ARM LPAE table: the translation
 * control fields of a stage 1 context (TCR, as the Arm Architecture
 * Reference Manual defines TCR_EL1 for TTBR0, and the SMMUv3 context
 * descriptor holds it), the memory attributes its leaves select (MAIR), and
 * the stage 2 control fields (VTCR, as VTCR_EL2 and the SMMUv3 STE hold
 * them), all derived from the table itself.
 */
#ifndef __GENERIC_PT_ARMV8_HW_H
#define __GENERIC_PT_ARMV8_HW_H

#include <linux/array_size.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/generic_pt/common.h>
#include <linux/generic_pt/iommu.h>
#include <linux/io.h>
#include <linux/math.h>
#include <linux/types.h>

/* TCR.TG0 and VTCR.TG0: the granule */
enum {
	PT_ARMV8_TG_4K = 0,
	PT_ARMV8_TG_64K = 1,
	PT_ARMV8_TG_16K = 2,
};

/* TCR.SH0 and the IRGN0/ORGN0 cacheability of table walks */
enum {
	PT_ARMV8_SH_OS = 2,
	PT_ARMV8_SH_IS = 3,
	PT_ARMV8_RGN_NC = 0,
	PT_ARMV8_RGN_WBWA = 1,
};

/*
 * MAIR: the attribute of each AttrIndx a stage 1 leaf of the format
 * selects: 0 Normal non-cacheable, 1 Normal write-back read/write-allocate,
 * 2 Device-nGnRE, 3 Normal inner non-cacheable, outer write-back.
 */
#define PT_ARMV8_MAIR                                                   \
	((0x44ULL << 0) | (0xffULL << 8) | (0x04ULL << 16) | (0xf4ULL << 24))

/**
 * struct pt_iommu_armv8_hw_info - the register fields of an ARM LPAE table
 * @ttb: the physical address of the top table (TTB0, or the STE's S2TTB)
 * @mair: stage 1: MAIR (PT_ARMV8_MAIR); 0 for stage 2
 * @tsz: T0SZ: 64 less the input address size
 * @tg: TG0, the granule: PT_ARMV8_TG_*
 * @sl0: stage 2: SL0, the level the walk starts at, encoded for the
 *	granule; 0 for stage 1
 * @ps: IPS (stage 1) or PS (stage 2): the output address size, encoded
 * @sh: SH0, the shareability of walks: inner shareable when the walker
 *	snoops the CPU cache, else outer shareable
 * @irgn: IRGN0: write-back when the walker snoops, else non-cacheable
 * @orgn: ORGN0: likewise
 * @hd: stage 1 with hardware dirty state (PT_FEAT_ARMV8_DBM): the IOMMU
 *	must update the access flag and the dirty state (HA and HD), as the
 *	format maps writable pages writable-clean
 */
struct pt_iommu_armv8_hw_info {
	u64 ttb;
	u64 mair;
	u8 tsz;
	u8 tg;
	u8 sl0;
	u8 ps;
	u8 sh;
	u8 irgn;
	u8 orgn;
	bool hd;
};

/**
 * __pt_iommu_armv8_hw_info() - the register fields of an ARM LPAE table
 * @table: the table, made by pt_iommu_armv8_<granule>_init()
 * @granule_lg2: log2 of the table's granule (12, 14 or 16): the one whose
 *	functions made it
 * @info: returns the fields
 *
 * For the driver's context descriptor (stage 1) or stream table entry
 * (stage 2), when it attaches a device. The top of an ARM table does not
 * change, so the fields hold as long as the table. Drivers call the
 * granule's instance, pt_iommu_armv8_4k_hw_info(),
 * pt_iommu_armv8_16k_hw_info() or pt_iommu_armv8_64k_hw_info(), as they
 * call its other functions.
 *
 * Context: any.
 * Return: 0; -EINVAL if @granule_lg2 is not one of the three, or not the
 * table's where its levels tell (they do not match its input size at that
 * granule), or if the table's output address size has no encoding (32, 36,
 * 40, 42, 44, 48 or 52 bits).
 */
static inline int __pt_iommu_armv8_hw_info(struct pt_iommu_armv8 *table,
					   unsigned int granule_lg2,
					   struct pt_iommu_armv8_hw_info *info)
{
	static const u8 ps_lg2[] = { 32, 36, 40, 42, 44, 48, 52 };
	const struct pt_common *common = &table->common;
	bool s2 = common->features & BIT(PT_FEAT_ARMV8_S2);
	unsigned int bits, levels, top_level, ps;
	void *top;

	if (granule_lg2 != 12 && granule_lg2 != 14 && granule_lg2 != 16)
		return -EINVAL;
	top = pt_iommu_top_table(common, &top_level);

	/*
	 * The levels the input size needs at this granule, one fewer for a
	 * stage 2 top of concatenated tables (at most 16 of them)
	 */
	bits = common->max_vasz_lg2 - granule_lg2;
	levels = DIV_ROUND_UP(bits, granule_lg2 - 3);
	if (s2 && levels == 4 && bits - 3 * (granule_lg2 - 3) <= 4)
		levels = 3;
	if (top_level + 1 != levels)
		return -EINVAL;

	for (ps = 0; ps != ARRAY_SIZE(ps_lg2); ps++)
		if (ps_lg2[ps] == common->max_oasz_lg2)
			break;
	if (ps == ARRAY_SIZE(ps_lg2))
		return -EINVAL;

	*info = (struct pt_iommu_armv8_hw_info){
		.ttb = virt_to_phys(top),
		.tsz = 64 - common->max_vasz_lg2,
		.ps = ps,
	};
	switch (granule_lg2) {
	case 12:
		info->tg = PT_ARMV8_TG_4K;
		break;
	case 14:
		info->tg = PT_ARMV8_TG_16K;
		break;
	default:
		info->tg = PT_ARMV8_TG_64K;
		break;
	}
	if (common->features & BIT(PT_FEAT_DMA_INCOHERENT)) {
		info->sh = PT_ARMV8_SH_OS;
		info->irgn = PT_ARMV8_RGN_NC;
		info->orgn = PT_ARMV8_RGN_NC;
	} else {
		info->sh = PT_ARMV8_SH_IS;
		info->irgn = PT_ARMV8_RGN_WBWA;
		info->orgn = PT_ARMV8_RGN_WBWA;
	}
	if (s2) {
		/*
		 * The architecture's level of the top is 3 - top_level; SL0
		 * counts from level 2 down at 4K, from level 3 down else
		 */
		info->sl0 = granule_lg2 == 12 ? top_level - 1 : top_level;
	} else {
		info->mair = PT_ARMV8_MAIR;
		info->hd = common->features & BIT(PT_FEAT_ARMV8_DBM);
	}
	return 0;
}

#define PT_IOMMU_ARMV8_HW_INFO(g, lg2)                                     \
	static inline int pt_iommu_armv8_##g##_hw_info(                    \
		struct pt_iommu_armv8 *table,                              \
		struct pt_iommu_armv8_hw_info *info)                       \
	{                                                                  \
		return __pt_iommu_armv8_hw_info(table, lg2, info);         \
	}

PT_IOMMU_ARMV8_HW_INFO(4k, 12)
PT_IOMMU_ARMV8_HW_INFO(16k, 14)
PT_IOMMU_ARMV8_HW_INFO(64k, 16)

#endif
