/* SPDX-License-Identifier: GPL-2.0-only */
/* Stands for drivers/iommu/iommu-pages.h in the harness's source tree */
#ifndef __IOMMU_PAGES_H
#define __IOMMU_PAGES_H
#include "kernel_shim.h"

/* Fail the allocation this many allocations from now; -1 never */
extern __thread long shim_fail_in;

static inline void *iommu_alloc_pages_node(int nid, gfp_t gfp, int order)
{
	return shim_alloc_pages(order);
}

static inline void iommu_free_pages(void *virt, int order)
{
	if (virt)
		shim_free_pages(virt, order);
}

static inline void iommu_free_page(void *virt)
{
	iommu_free_pages(virt, 0);
}

static inline void iommu_put_pages_list(struct list_head *list)
{
	while (!list_empty(list)) {
		struct page *page = container_of(list->next, struct page, lru);

		list_del(&page->lru);
		put_page(page);
	}
}
#endif
