/* SPDX-License-Identifier: GPL-2.0-only */
/* The parts of linux/iommu.h the page table operations use */
#ifndef __GENPT_SHIM_IOMMU_H
#define __GENPT_SHIM_IOMMU_H
#include "../kernel_shim.h"

#define IOMMU_READ	(1 << 0)
#define IOMMU_WRITE	(1 << 1)
#define IOMMU_CACHE	(1 << 2)
#define IOMMU_NOEXEC	(1 << 3)
#define IOMMU_MMIO	(1 << 4)
#define IOMMU_PRIV	(1 << 5)
#define IOMMU_DIRTY_NO_CLEAR (1 << 0)

struct iommu_domain_geometry {
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;
	bool force_aperture;
};

struct iommu_iotlb_gather;
struct iommu_domain;

struct iommu_domain_ops {
	void (*iotlb_sync)(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *gather);
};

struct iommu_domain {
	const struct iommu_domain_ops *ops;
	unsigned long pgsize_bitmap;
	struct iommu_domain_geometry geometry;
};

struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	struct list_head freelist;
	bool queued;
};

static inline void iommu_iotlb_gather_init(struct iommu_iotlb_gather *g)
{
	g->start = ULONG_MAX;
	g->end = 0;
	g->pgsize = 0;
	g->queued = false;
	INIT_LIST_HEAD(&g->freelist);
}

static inline void iommu_iotlb_gather_add_range(struct iommu_iotlb_gather *g,
						unsigned long iova,
						size_t size)
{
	unsigned long end = iova + size - 1;

	if (g->start > iova)
		g->start = iova;
	if (g->end < end)
		g->end = end;
}

static inline bool
iommu_iotlb_gather_is_disjoint(struct iommu_iotlb_gather *g,
			       unsigned long iova, size_t size)
{
	unsigned long end = iova + size - 1;

	return g->end != 0 && (end + 1 < g->start || iova > g->end + 1);
}

static inline void iommu_iotlb_sync(struct iommu_domain *domain,
				    struct iommu_iotlb_gather *g)
{
	if (domain->ops && domain->ops->iotlb_sync)
		domain->ops->iotlb_sync(domain, g);
	iommu_iotlb_gather_init(g);
}

struct iommu_dirty_bitmap {
	void *bitmap;
	struct iommu_iotlb_gather *gather;
};

static inline void iommu_dirty_bitmap_record(struct iommu_dirty_bitmap *d,
					     unsigned long iova,
					     unsigned long length)
{
	if (d->gather)
		iommu_iotlb_gather_add_range(d->gather, iova, length);
}
#endif
