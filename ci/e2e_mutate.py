#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The e2e tier's test-only mutation: one smallest leaf in a thousand that
the AMD v1 format, the VT-d second stage format or the ARM LPAE format
installs points one page off. The tier must fail with it, behind every
IOMMU it boots with (amd-iommu, intel-iommu, smmuv3).

usage: e2e_mutate.py KERNEL_TREE   (a tree with the series applied)
"""
import sys

MUTATIONS = [
    ("drivers/iommu/generic_pt/fmt/amdv1.h",
     """	if (oasz_lg2 == isz_lg2) {
		entry |= FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL, AMDV1PT_NL_PAGE) |""",
     """	if (oasz_lg2 == isz_lg2) {
		static atomic_t e2e_mutant;

		if (!(atomic_inc_return(&e2e_mutant) % 1000))
			oa += 4096;
		entry |= FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL, AMDV1PT_NL_PAGE) |"""),
    ("drivers/iommu/generic_pt/fmt/vtdss.h",
     """	u64 entry = attrs->descriptor_bits | oa;

	if (pts->level)
		entry |= VTDSS_FMT_PS;""",
     """	static atomic_t e2e_mutant;
	u64 entry;

	if (!pts->level && !(atomic_inc_return(&e2e_mutant) % 1000))
		oa += 4096;
	entry = attrs->descriptor_bits | oa;
	if (pts->level)
		entry |= VTDSS_FMT_PS;"""),
    ("drivers/iommu/generic_pt/fmt/armv8.h",
     """	if (oasz_lg2 == isz_lg2) {
		entry |= armv8pt_oa_to_entry(oa);""",
     """	if (oasz_lg2 == isz_lg2) {
		static atomic_t e2e_mutant;

		if (!pts->level && !(atomic_inc_return(&e2e_mutant) % 1000))
			oa += log2_to_int(isz_lg2);
		entry |= armv8pt_oa_to_entry(oa);"""),
]

for path, old, new in MUTATIONS:
    f = sys.argv[1] + "/" + path
    s = open(f).read()
    if s.count(old) != 1:
        sys.exit("e2e_mutate: pattern found %d times in %s" % (s.count(old), f))
    open(f, "w").write(s.replace(old, new))
    print("e2e mutation applied to", f)
