#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print a per-suite table of a kunit.py --json result and the closing line
'N passed, N failed' (leaf results: every parameter of a case counts)."""

import json
import sys


def count(group, acc):
    for case in group.get("test_cases", []):
        acc[case["status"]] = acc.get(case["status"], 0) + 1
    for sub in group.get("sub_groups", []):
        count(sub, acc)
    return acc


def main():
    try:
        with open(sys.argv[1]) as f:
            top = json.load(f)
    except (OSError, ValueError) as e:
        print("kunit: no result (%s)" % e)
        return 1
    total = {}
    print("%-36s %7s %7s %7s" % ("KUnit suite", "passed", "failed",
                                 "skipped"))
    for suite in top.get("sub_groups", []):
        acc = count(suite, {})
        for k, v in acc.items():
            total[k] = total.get(k, 0) + v
        print("%-36s %7d %7d %7d" % (suite["name"], acc.get("PASS", 0),
                                     acc.get("FAIL", 0) + acc.get("ERROR", 0),
                                     acc.get("SKIP", 0)))
    passed = total.get("PASS", 0)
    failed = total.get("FAIL", 0) + total.get("ERROR", 0)
    skipped = total.get("SKIP", 0)
    if not passed and not failed:
        failed = 1
        print("kunit: no test ran")
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
