#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the userspace harness from this repo's sources, laid out as in the
# kernel tree, into $GENPT_CACHE/harness: one program per format, and for
# the ARM 4K and 16K granules one more with a 64K CPU page.
# Usage: build.sh [harness|tsan|fuzz|callgrind]
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
# name, format, extra flags
VARIANTS=(
	"amdv1 amdv1"
	"x86_64 x86_64"
	"vtdss vtdss"
	"armv8_4k armv8_4k"
	"armv8_16k armv8_16k"
	"armv8_64k armv8_64k"
	"armv8_4k_cpu64k armv8_4k -DPAGE_SHIFT=16"
	"armv8_16k_cpu64k armv8_16k -DPAGE_SHIFT=16"
)
INC=(-I "$GENPT_TOP/harness/shim" -I "$SRC" -I "$SRC/include")
FILES=("$GENPT_TOP/harness/genpt_harness.c" "$GENPT_TOP/harness/shim.c")
case $what in
harness)
	CC=gcc
	FLAGS=(-std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall
	       -Wno-unused-function -pthread
	       -fsanitize=address,undefined -fno-sanitize-recover=undefined) ;;
tsan)
	need_pkgs clang
	CC=clang
	FLAGS=(-std=gnu11 -g -O1 -Wall -Wno-unused-function
	       -Wno-c2x-extensions -pthread -fsanitize=thread) ;;
fuzz)
	need_pkgs clang
	CC=clang
	FLAGS=(-std=gnu11 -g -O1 -Wall -Wno-unused-function
	       -Wno-c2x-extensions -pthread
	       -fsanitize=address,undefined,fuzzer -DGENPT_FUZZ) ;;
callgrind)
	CC=gcc
	FLAGS=(-std=gnu11 -g -O2 -Wall -Wno-unused-function -pthread) ;;
*)
	die "unknown harness build $what" ;;
esac
pids=()
for v in "${VARIANTS[@]}"; do
	set -- $v
	name=$1 fmt=$2
	shift 2
	out=$H/genpt_${what}_$name
	$CC "${FLAGS[@]}" "$@" -DGENPT_FMT_$fmt "${INC[@]}" "${FILES[@]}" \
		-o "$out" &
	pids+=($!)
	echo "$out"
	# Two compilers at a time, as the machine has two cores
	if [ ${#pids[@]} -ge "$JOBS" ]; then
		wait "${pids[0]}"
		pids=("${pids[@]:1}")
	fi
done
for p in "${pids[@]}"; do
	wait "$p"
done
