#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Break one fix of the library on purpose, to show its test fails.

usage: mutations.py KERNEL_TREE MUTATION...   (no MUTATION: list them)

Edits drivers/iommu/generic_pt/ of a tree with the series applied (the
work tree of `make work`); then run the UML suites there and `git checkout`
the files. README.md lists what each one makes fail.
"""
import sys, os
if len(sys.argv) < 2:
    sys.exit(__doc__)
D = os.path.join(sys.argv[1], "drivers/iommu/generic_pt/")
I = D + "iommu_pt.h"
M = {
 "M1_sync_pointer": (I, """	if (pts_feature(pts, PT_FEAT_DMA_INCOHERENT))
		pt_iommu_sync(iommu, pts->range->common, pts->table,
			      pts->index, pts->index + 1);""", "	(void)iommu; (void)pts;"),
 "M2_change_top_order": (I, """		ops->change_top(iommu, virt_to_phys(new_top), top.top_level);
		pt_top_set(common, new_top, top.top_level);""", """		pt_top_set(common, new_top, top.top_level);
		ops->change_top(iommu, virt_to_phys(new_top), top.top_level);"""),
 "M3_amd_prot": (D + "fmt/amdv1.h", """	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
""", ""),
 "M4_unmap_pgsize": (I, """	if (!pgsize || !is_power_of_2(pgsize) ||
	    !(pgsize & domain->pgsize_bitmap) || !pgcount ||
	    iova & (pgsize - 1) ||""", """	if (!pgsize || !pgcount ||
	    iova & (pgsize - 1) ||"""),
 "M5_past_top": (I, """	if (ret != -ERANGE)
		return ret;
	if (va > log2_to_max_int(range->max_vasz_lg2))""", """	if (ret != -ERANGE || 1)
		return ret;
	if (va > log2_to_max_int(range->max_vasz_lg2))"""),
 "M6_no_larger_page": (I, """	u64 larger = pgsize_bitmap & ~(pgsize | (pgsize - 1));
	u64 sz = larger & -larger;
	pt_vaddr_t start;
""", """	u64 larger = pgsize_bitmap & ~(pgsize | (pgsize - 1));
	u64 sz = larger & -larger;
	pt_vaddr_t start;

	return true;
"""),
 "M7_x86_top_level": (D + "fmt/x86_64.h", """	if (level != 3 && level != 4)
		return -EINVAL;""", """	if (level > 4)
		return -EINVAL;"""),
 "M8_dirty_untracked": (I, "	if (!pt_can_track_dirty(common) ||", "	if ("),
 "M9_no_cut": (I, """				ret = pt_iommu_cut(&pts, unmap, &w);
				break;""", """				;"""),
 "M10_no_reclaim": (I, """	if (!pt_iommu_can_flush(iommu))
		return 0;
	INIT_LIST_HEAD(&rc.freelist);""", """	if (1)
		return 0;
	INIT_LIST_HEAD(&rc.freelist);"""),
 "M11_no_replace": (I, """		    (atomic_read(pt_iommu_used(pts->table_lower)) <= 0 ||
		     pt_iommu_holds_nothing(pts)))""", """		    0)"""),
 "M12_init_small_oa": (I, """	if (!domain->pgsize_bitmap) {""", """	if (0) {"""),
 "M13_map_one_checks": (I, """	if (!(pgsize & iommu->domain.pgsize_bitmap) || pgsize & (pgsize - 1) ||
	    (iova | paddr) & (pgsize - 1) ||
	    !pt_oa_fits(""", """	if (!pt_oa_fits("""),
 "M15_sync_disjoint": (I, """	if (unlikely(pt_iommu_from_domain(domain)->iotlb_sync_disjoint) &&""", """	if (0 &&"""),
 "M14_unmap_one_checks": (I, """	if (!(pgsize & domain->pgsize_bitmap) || pgsize & (pgsize - 1) ||
	    iova & (pgsize - 1) ||
	    iova + (pgsize - 1) > domain->geometry.aperture_end ||
	    pt_make_range(""", """	if (pt_make_range("""),
}
if len(sys.argv) == 2:
    print("\n".join(M))
for name in sys.argv[2:]:
    f, old, new = M[name]
    s = open(f).read()
    if s.count(old) != 1:
        sys.exit("%s: pattern found %d times" % (name, s.count(old)))
    open(f, "w").write(s.replace(old, new))
    print("applied", name)
