/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: what an IOMMU driver uses to embed a table in its
 * iommu_domain and to get the domain's page table operations for it.
 */
#ifndef __GENERIC_PT_IOMMU_H
#define __GENERIC_PT_IOMMU_H

#include <linux/generic_pt/common.h>
#include <linux/iommu.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct pt_iommu;

/**
 * struct pt_iommu_driver_ops - the driver's side of a table
 * @change_top: point the hardware at a new top table and level (for AMD, the
 *	device table entries' root pointer and Mode). Called with the lock of
 *	@get_top_lock held, after the new top is written and before any other
 *	thread can use it; the old top stays in use as the new top's first
 *	lower table. Needed with PT_FEAT_DYNAMIC_TOP.
 * @get_top_lock: the lock that serializes growth of the top level against
 *	the driver's use of it (attaching devices reads the top). Needed with
 *	PT_FEAT_DYNAMIC_TOP.
 * @flush_walk: invalidate every IOTLB and walk cache (paging structure
 *	cache) entry that translates an address in [@iova, @iova + @len - 1],
 *	table pointers included, or of the whole domain when @len is 0, and
 *	wait until that is done. May be called in atomic context, by map,
 *	and by the reclaim of empty tables. Optional: with it, every table an
 *	unmap leaves empty is freed and a map replaces an empty table by a
 *	large page; without it, a table that an unmap empties without
 *	covering its whole span stays until deinit, and a map goes down into
 *	it.
 */
struct pt_iommu_driver_ops {
	void (*change_top)(struct pt_iommu *iommu_table, phys_addr_t top_paddr,
			   unsigned int top_level);
	spinlock_t *(*get_top_lock)(struct pt_iommu *iommu_table);
	void (*flush_walk)(struct pt_iommu *iommu_table, unsigned long iova,
			   size_t len);
};

/**
 * struct pt_iommu - an IOMMU page table in a driver's domain
 * @domain: the domain; the driver gets its page table operations from
 *	IOMMU_PT_DOMAIN_OPS()
 * @driver_ops: the driver's callbacks, NULL if the top never grows
 * @iommu_device: the device that walks the table, for the DMA API cache
 *	maintenance of tables with PT_FEAT_DMA_INCOHERENT; unused on x86,
 *	where that maintenance is a clflush and needs no device
 * @nid: the NUMA node to allocate table memory on
 * @iotlb_sync_disjoint: an unmap of a range disjoint from the range the
 *	IOTLB gather holds first flushes that (iommu_iotlb_sync()) instead of
 *	merging the two: for an IOMMU whose flushes cost in proportion to the
 *	range, as a virtualised one does (its hypervisor revalidates every
 *	page of the range it is asked to flush)
 * @reclaim_pending: bit 0 set while @reclaim_work is queued, bit 1 while a
 *	reclaim recycles the slots of @subpage_pending
 * @reclaim_lock: serializes the freeing of tables others may walk with the
 *	reclaim's walk of the whole table
 * @reclaim_work: frees the tables unmaps left empty, some time later
 * @subpage_lock: protects the pages tables smaller than PAGE_SIZE are cut
 *	from, and their lists
 * @subpage_avail: those pages with a free slot
 * @subpage_pending: those pages with a slot whose table waits for an IOTLB
 *	flush before it may be reused
 * @subpage_seq: numbers the operations that free tables, to tell whose
 *	slots a page holds
 */
struct pt_iommu {
	struct iommu_domain domain;
	const struct pt_iommu_driver_ops *driver_ops;
	struct device *iommu_device;
	int nid;
	bool iotlb_sync_disjoint;
	unsigned long reclaim_pending;
	spinlock_t reclaim_lock; /* see above */
	struct delayed_work reclaim_work;
	spinlock_t subpage_lock; /* see above */
	struct list_head subpage_avail;
	struct list_head subpage_pending;
	atomic64_t subpage_seq;
};

/**
 * struct pt_iommu_amdv1_cfg - how to make an AMD v1 table
 * @features: PT_FEAT_* and PT_FEAT_AMDV1_* bits
 * @starting_level: the level of the first top table, 0 to 5 (Mode - 1)
 * @max_vasz_lg2: the IOVA size the table may span (and grow to, with
 *	PT_FEAT_DYNAMIC_TOP), 0 for 64 bits
 * @max_oasz_lg2: the output address size, 0 for the format's 52 bits
 */
struct pt_iommu_amdv1_cfg {
	unsigned int features;
	u8 starting_level;
	u8 max_vasz_lg2;
	u8 max_oasz_lg2;
};

/**
 * struct pt_iommu_amdv1 - an AMD v1 table in a driver's domain
 * @iommu: the generic part
 * @common: the table
 */
struct pt_iommu_amdv1 {
	struct pt_iommu iommu;
	struct pt_common common;
};

/*
 * PT_IOMMU_DECLARE_FMT() - declare the operations of a format
 * PT_IOMMU_DECLARE_FMT_TYPE() - likewise for a format whose table type,
 *	struct pt_iommu_<type>, it shares with others
 *
 * The operations of each format, pt_iommu_<format>_<op>(), are the instances
 * of pt_iommu_<op>() in drivers/iommu/generic_pt/iommu_pt.h, where they are
 * documented. They are exported in the GENERIC_PT_IOMMU namespace.
 */
#define PT_IOMMU_DECLARE_FMT(fmt) PT_IOMMU_DECLARE_FMT_TYPE(fmt, fmt)
#define PT_IOMMU_DECLARE_FMT_TYPE(fmt, type)                                  \
	int pt_iommu_##fmt##_init(struct pt_iommu_##type *table,              \
				  const struct pt_iommu_##type##_cfg *cfg,    \
				  gfp_t gfp);                                 \
	void pt_iommu_##fmt##_deinit(struct pt_iommu_##type *table);          \
	phys_addr_t pt_iommu_##fmt##_iova_to_phys(struct iommu_domain *domain,\
						  dma_addr_t iova);           \
	int pt_iommu_##fmt##_map_pages(struct iommu_domain *domain,           \
				       unsigned long iova, phys_addr_t paddr, \
				       size_t pgsize, size_t pgcount,         \
				       int prot, gfp_t gfp, size_t *mapped);  \
	size_t pt_iommu_##fmt##_unmap_pages(struct iommu_domain *domain,      \
					    unsigned long iova,               \
					    size_t pgsize, size_t pgcount,    \
					    struct iommu_iotlb_gather *gather);\
	unsigned long pt_iommu_##fmt##_reclaim(struct pt_iommu_##type *table);\
	int pt_iommu_##fmt##_read_and_clear_dirty(struct iommu_domain *domain,\
						  unsigned long iova,         \
						  size_t size,                \
						  unsigned long flags,        \
						  struct iommu_dirty_bitmap *dirty)

PT_IOMMU_DECLARE_FMT(amdv1);

/**
 * struct pt_iommu_x86_64_cfg - how to make an x86-64 table
 * @features: PT_FEAT_* and PT_FEAT_X86_64_* bits
 * @starting_level: the top level: 3 for 4 level paging, 4 for 5 level
 * @max_vasz_lg2: the IOVA size, 0 for what the top level spans
 * @max_oasz_lg2: the output address size, 0 for the format's 52 bits
 */
struct pt_iommu_x86_64_cfg {
	unsigned int features;
	u8 starting_level;
	u8 max_vasz_lg2;
	u8 max_oasz_lg2;
};

/**
 * struct pt_iommu_x86_64 - an x86-64 table in a driver's domain
 * @iommu: the generic part
 * @common: the table
 */
struct pt_iommu_x86_64 {
	struct pt_iommu iommu;
	struct pt_common common;
};

PT_IOMMU_DECLARE_FMT(x86_64);

/**
 * struct pt_iommu_vtdss_cfg - how to make a VT-d second stage table
 * @features: PT_FEAT_* and PT_FEAT_VTDSS_* bits
 * @starting_level: the top level: 2, 3 or 4 for an AGAW of 39, 48 or 57
 * @max_vasz_lg2: the IOVA size, 0 for what the top level spans
 * @max_oasz_lg2: the output address size, 0 for the format's 52 bits
 */
struct pt_iommu_vtdss_cfg {
	unsigned int features;
	u8 starting_level;
	u8 max_vasz_lg2;
	u8 max_oasz_lg2;
};

/**
 * struct pt_iommu_vtdss - a VT-d second stage table in a driver's domain
 * @iommu: the generic part
 * @common: the table
 */
struct pt_iommu_vtdss {
	struct pt_iommu iommu;
	struct pt_common common;
};

PT_IOMMU_DECLARE_FMT(vtdss);

/**
 * struct pt_iommu_armv8_cfg - how to make an ARM LPAE table
 * @features: PT_FEAT_* and PT_FEAT_ARMV8_* bits
 * @starting_level: 0, or the level the input address size gives
 * @max_vasz_lg2: the input address size (IAS), which gives the number of
 *	levels; 0 for the granule's largest (48, or 52 with 64K)
 * @max_oasz_lg2: the output address size, 0 for the granule's largest
 *
 * One type for the three granules; the granule is the choice of functions:
 * pt_iommu_armv8_4k_*(), pt_iommu_armv8_16k_*() or pt_iommu_armv8_64k_*().
 */
struct pt_iommu_armv8_cfg {
	unsigned int features;
	u8 starting_level;
	u8 max_vasz_lg2;
	u8 max_oasz_lg2;
};

/**
 * struct pt_iommu_armv8 - an ARM LPAE table in a driver's domain
 * @iommu: the generic part
 * @common: the table
 */
struct pt_iommu_armv8 {
	struct pt_iommu iommu;
	struct pt_common common;
};

PT_IOMMU_DECLARE_FMT_TYPE(armv8_4k, armv8);
PT_IOMMU_DECLARE_FMT_TYPE(armv8_16k, armv8);
PT_IOMMU_DECLARE_FMT_TYPE(armv8_64k, armv8);

/**
 * pt_iommu_top_table() - the top table the hardware walks, and its level
 * @common: the table's struct pt_common (&table->common)
 * @top_level: returns the level of the top table, the number of levels less
 *	one
 *
 * For the driver's device or context entries, when it attaches a device.
 * Where the top can grow (PT_FEAT_DYNAMIC_TOP) read it under the lock that
 * pt_iommu_driver_ops::get_top_lock returns: the top does not change while
 * it is held, and change_top gives the driver every later top itself.
 *
 * Context: any; under the get_top_lock lock if the top can grow.
 * Return: the CPU address of the top table.
 */
static inline void *pt_iommu_top_table(const struct pt_common *common,
				       unsigned int *top_level)
{
	uintptr_t top = READ_ONCE(common->top_of_table);

	*top_level = top & PT_TOP_LEVEL_MASK;
	return (void *)(top & ~(uintptr_t)PT_TOP_LEVEL_MASK);
}

/*
 * IOMMU_PT_DOMAIN_OPS() - the page table members of a struct
 * iommu_domain_ops for a format, e.g. IOMMU_PT_DOMAIN_OPS(amdv1).
 * IOMMU_PT_DIRTY_OPS() - likewise for a struct iommu_dirty_ops.
 */
#define IOMMU_PT_DOMAIN_OPS(fmt)                                \
	.iova_to_phys = &pt_iommu_##fmt##_iova_to_phys,         \
	.map_pages = &pt_iommu_##fmt##_map_pages,               \
	.unmap_pages = &pt_iommu_##fmt##_unmap_pages
#define IOMMU_PT_DIRTY_OPS(fmt) \
	.read_and_clear_dirty = &pt_iommu_##fmt##_read_and_clear_dirty

#endif
