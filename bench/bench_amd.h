/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-tree AMD io-pgtables (v1 and v2) as the AMD driver drives them,
 * for bench_amdv1.c and bench_x86_64.c. Included after bench.h.
 */
#ifndef __GENPT_BENCH_AMD_H
#define __GENPT_BENCH_AMD_H

#include <linux/io-pgtable.h>
#include "bench.h"

/* @ctx is the struct io_pgtable_ops, as amd_iommu_map_pages() calls it */
static int bench_amd_map(void *ctx, u64 iova, u64 pgsize, unsigned int count,
			 size_t *mapped)
{
	struct io_pgtable_ops *ops = ctx;

	return ops->map_pages(ops, iova, iova, pgsize, count,
			      IOMMU_READ | IOMMU_WRITE, GFP_KERNEL, mapped);
}

/*
 * As amd_iommu_unmap_pages() calls it (the same for v1 and v2): io-pgtable
 * leaves the IOTLB gather to the driver, genpt's op fills it.
 */
static size_t bench_amd_unmap(void *ctx, u64 iova, u64 pgsize,
			      unsigned int count,
			      struct iommu_iotlb_gather *gather)
{
	struct io_pgtable_ops *ops = ctx;
	size_t r = ops->unmap_pages(ops, iova, pgsize, count, NULL);

	if (r)
		iommu_iotlb_gather_add_range(gather, iova, r);
	return r;
}

static const struct bench_ops bench_amd_ops = {
	.map = bench_amd_map,
	.unmap = bench_amd_unmap,
};

#endif
