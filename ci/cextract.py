#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print named top-level definitions of a kernel C file, in file order.

Usage: cextract.py FILE NAME...

A NAME is a function (its definition, with the comment right above it and
its return type on the lines before) or a macro (#define NAME, with its
continuation lines). For `make bench`, which builds code the series deletes
from the base tree's copy, so that nothing of it is kept in this
repository. Fails if a NAME is not found or found twice.
"""
import re
import sys


def strip(line, state):
    """The line with comments and string/char literals blanked; state says
    whether a /* */ comment is open at its start."""
    out, i, n = [], 0, len(line)
    while i < n:
        if state["comment"]:
            j = line.find("*/", i)
            if j < 0:
                return "".join(out)
            state["comment"] = False
            i = j + 2
            continue
        c = line[i]
        if line.startswith("/*", i):
            state["comment"] = True
            i += 2
        elif line.startswith("//", i):
            break
        elif c in "\"'":
            j = i + 1
            while j < n and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def chunks(lines):
    """Top-level items: (first line, last line, text without comments)."""
    state = {"comment": False}
    depth, start, code, skip = 0, None, [], -1
    for i, line in enumerate(lines):
        if i <= skip:
            continue
        s = strip(line, state)
        if start is None:
            if not s.strip() or s.startswith("#"):
                if s.startswith("#"):
                    # a macro and its continuations
                    j = i
                    while lines[j].rstrip().endswith("\\"):
                        j += 1
                    skip = j
                    yield ("macro", i, j, s)
                continue
            start, code = i, []
        code.append(s)
        depth += s.count("{") - s.count("}")
        if depth == 0 and s.rstrip().endswith(("}", ";")):
            yield ("item", start, i, "\n".join(code))
            start = None


def main():
    path, names = sys.argv[1], sys.argv[2:]
    with open(path) as f:
        lines = f.read().split("\n")
    found = {}
    for kind, a, b, code in chunks(lines):
        if kind == "macro":
            m = re.match(r"#\s*define\s+(\w+)", code)
            name = m.group(1) if m else None
        else:
            head = code.split("{", 1)[0]
            if "(" not in head or "=" in head.split("(", 1)[0]:
                continue
            m = re.search(r"(\w+)\s*\($", head.split("(", 1)[0] + "(")
            name = m.group(1) if m else None
            if "{" not in code:
                continue
            # the comment right above
            while a > 0 and (lines[a - 1].startswith(("/*", " *", "   ")) or
                             lines[a - 1].rstrip().endswith("*/")) and \
                    lines[a - 1].strip():
                a -= 1
        if name in names:
            if name in found:
                sys.exit(f"cextract: {name} defined twice in {path}")
            found[name] = (a, b)
    missing = [n for n in names if n not in found]
    if missing:
        sys.exit(f"cextract: not in {path}: {' '.join(missing)}")
    for a, b in sorted(found.values()):
        print("\n".join(lines[a:b + 1]))
        print()


if __name__ == "__main__":
    main()
