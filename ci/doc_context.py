#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every kernel-doc comment of a function must say its Context: (kernel-doc
-Wall already insists on Return: for non-void functions). Prints the
offenders; exits 1 if there are any."""

import re
import sys

bad = 0
for path in sys.argv[1:]:
    text = open(path).read()
    for m in re.finditer(r"/\*\*\n(.*?)\*/", text, re.S):
        block = m.group(1)
        head = re.match(r"\s*\*\s*(\w+)\(\)\s+-", block)
        if head and "Context:" not in block:
            line = text.count("\n", 0, m.start()) + 1
            print("%s:%d: %s(): kernel-doc without Context:" %
                  (path, line, head.group(1)))
            bad += 1
sys.exit(1 if bad else 0)
