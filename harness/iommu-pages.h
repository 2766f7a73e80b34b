/* SPDX-License-Identifier: GPL-2.0-only */
/* Stands for drivers/iommu/iommu-pages.h in the harness's source tree */
#ifndef __IOMMU_PAGES_H
#define __IOMMU_PAGES_H
#include "kernel_shim.h"

static inline void *iommu_alloc_pages_node(int nid, gfp_t gfp, int order)
{
	return shim_alloc_pages(order);
}

static inline void iommu_free_pages(void *virt, int order)
{
	if (virt)
		shim_free_pages(virt, order);
}

static inline void iommu_put_pages_list(struct list_head *list)
{
	while (!list_empty(list)) {
		struct page *page = (struct page *)list->next;

		list_del(&page->lru);
		shim_free_pages(page->addr, page->order);
	}
}
#endif
