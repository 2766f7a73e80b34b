#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the userspace harness from this repo's sources, laid out as in the
# kernel tree, into $GENPT_CACHE/harness. Usage: build.sh [harness|fuzz]
set -euo pipefail
. "$(dirname "$0")/../ci/env.sh"
what=${1:-harness}
H=$GENPT_CACHE/harness
SRC=$H/src
rm -rf "$SRC"
mkdir -p "$SRC"
# Every File: of the series, where the kernel has it
python3 - "$GENPT_TOP" "$SRC" <<'PY'
import os, shutil, sys
sys.path.insert(0, os.path.join(sys.argv[1], "ci"))
import series
top, out = sys.argv[1], sys.argv[2]
for p in series.Series(os.path.join(top, "series")).patches:
    for src, dst in p.files:
        os.makedirs(os.path.dirname(os.path.join(out, dst)), exist_ok=True)
        shutil.copy(os.path.join(top, src), os.path.join(out, dst))
PY
cp "$GENPT_TOP/harness/iommu-pages.h" "$SRC/drivers/iommu/iommu-pages.h"
CFLAGS=(-std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall -Wno-unused-function
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
	-I "$GENPT_TOP/harness/shim" -I "$SRC" -I "$SRC/include")
if [ "$what" = callgrind ]; then
	gcc -std=gnu11 -g -O2 -Wall -Wno-unused-function -DGENPT_CALLGRIND \
		-I "$GENPT_TOP/harness/shim" -I "$SRC" -I "$SRC/include" \
		"$GENPT_TOP/harness/genpt_harness.c" -o "$H/genpt_callgrind"
	echo "$H/genpt_callgrind"
elif [ "$what" = fuzz ]; then
	need_pkgs clang
	clang "${CFLAGS[@]}" -DGENPT_FUZZ -fsanitize=fuzzer \
		"$GENPT_TOP/harness/genpt_harness.c" -o "$H/genpt_fuzz"
	echo "$H/genpt_fuzz"
else
	gcc "${CFLAGS[@]}" "$GENPT_TOP/harness/genpt_harness.c" \
		-o "$H/genpt_harness"
	echo "$H/genpt_harness"
fi
