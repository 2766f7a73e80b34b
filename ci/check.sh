#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The genpt pipeline. Modes:
#   kunit      (make)        base tree, git am, build, KUnit in UML, summary
#   all        (make check)  + patches/ freshness, every patch builds with
#                            W=1, checkpatch --strict, sparse, kernel-doc
#   kunit-x86  (make kunit-x86) the KUnit suites on x86_64 under QEMU TCG
#   kunit-arm64 (make kunit-arm64) the same on arm64 with 64K pages, under
#                            QEMU TCG: a CPU page larger than the granule
#
# Idempotent and incremental: the base tree, the check tree, the build
# directories and ccache stay in $GENPT_CACHE between runs.
set -euo pipefail
. "$(dirname "$0")/env.sh"
mode=${1:-all}
t0=$(date +%s)
LOGS=$GENPT_CACHE/logs
CHECK=$GENPT_CACHE/check/linux
mkdir -p "$LOGS"
declare -a SUMMARY=()
failed=0

step_start() { STEP=$1; STEP_T0=$(date +%s); log "$STEP"; }
step_end() {
	local status=$1 detail=${2:-}
	SUMMARY+=("$(printf '%-40s %-5s %4ss  %s' "$STEP" "$status" \
		$(($(date +%s) - STEP_T0)) "$detail")")
	[ "$status" = ok ] || failed=1
}
finish() {
	echo
	echo "== genpt $mode summary ($(($(date +%s) - t0))s, logs in $LOGS)"
	printf '%s\n' "${SUMMARY[@]}"
	[ -f "$LOGS/kunit-summary.txt" ] && cat "$LOGS/kunit-summary.txt"
	exit $failed
}

pkgs=(git python3 make gcc clang flex bison bc libelf-dev libssl-dev ccache
      perl xz-utils rsync)
[ "$mode" = all ] && pkgs+=(sparse python3-ply python3-git codespell qemu-system-x86 cpio libc6-dev
			    qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
[ "$mode" = kunit-x86 ] && pkgs+=(qemu-system-x86)
[ "$mode" = kunit-arm64 ] && pkgs+=(qemu-system-arm gcc-aarch64-linux-gnu)
need_pkgs "${pkgs[@]}"
export PATH=/usr/lib/ccache:$PATH
rm -f "$LOGS/kunit-summary.txt"

step_start "base tree"
bash "$GENPT_TOP/ci/base.sh"
installed=$(dpkg-query -W -f='${Version}' "$GENPT_BASE_PKG")
exact=1
[ "$installed" = "$GENPT_BASE_DEBVER" ] || exact=0
step_end ok "$(git -C "$GENPT_BASE" log -1 --format=%s base)"

if [ "$mode" = all ]; then
	step_start "patches/ is fresh"
	if GENPT_BASE_EXACT=$exact python3 "$GENPT_TOP/ci/series.py" fresh \
		> "$LOGS/fresh.log" 2>&1; then
		step_end ok "$(tail -1 "$LOGS/fresh.log")"
	else
		cat "$LOGS/fresh.log"
		step_end FAIL "run 'make series' and commit patches/"
	fi
fi

step_start "git am onto the clean base"
if [ ! -e "$CHECK/.git" ]; then
	git -C "$GENPT_BASE" worktree prune
	mkdir -p "$(dirname "$CHECK")"
	git -C "$GENPT_BASE" worktree add -f --detach "$CHECK" base >/dev/null 2>&1
fi
cd "$CHECK"
git am --abort >/dev/null 2>&1 || true
git checkout -q -f --detach base
git clean -fdxq
mapfile -t PATCHES < <(ls "$GENPT_TOP"/patches/*.patch | grep -v '/0000-')
am_opts=()
[ $exact = 1 ] || am_opts=(--3way)
if git am -q "${am_opts[@]}" "${PATCHES[@]}" > "$LOGS/am.log" 2>&1; then
	step_end ok "${#PATCHES[@]} patches applied"
else
	cat "$LOGS/am.log"
	step_end FAIL "see $LOGS/am.log"
	finish
fi
mapfile -t COMMITS < <(git rev-list --reverse base..HEAD)
FINAL=${COMMITS[-1]}

# UML KUnit configuration of the final tree, reused for every patch
B=$GENPT_BUILD/uml
KUNIT_ARGS=(--build_dir="$B" --kunitconfig=drivers/iommu/generic_pt
	    --kconfig_add CONFIG_WERROR=n
	    --kconfig_add CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=100)
step_start "configure UML KUnit kernel"
mkdir -p "$B"
python3 tools/testing/kunit/kunit.py config "${KUNIT_ARGS[@]}" \
	> "$LOGS/config.log" 2>&1 || { cat "$LOGS/config.log"; step_end FAIL; finish; }
cp "$B/.config" "$GENPT_CACHE/check/final.config"
step_end ok

# The files the series adds or changes, as an extended regular expression
# matching a compiler diagnostic located in one of them
SERIES_DIAG="(^|/)($(git diff --name-only --diff-filter=d base "$FINAL" |
	grep -E '\.[ch]$' | sed 's/[.]/\\./g' | paste -sd'|')):[0-9]+(:[0-9]+)?: (warning|error):"

# Every make in $B passes W=1: a make without it would see every command
# line change and rebuild the whole kernel
KUNIT_W1=(--make_options W=1)

# Once per build directory: make W=1 prepare before its first build. In a
# cold build directory the Makefiles test compiler options before the
# generated include directories exist, W=1's -Wmissing-include-dirs fails
# cc-option for -Wunused-const-variable, and the next commit's command
# lines gain it: every file rebuilt. $1: the build directory, then make's
# other arguments.
prepare_once() {
	local dir=$1
	shift
	[ -e "$dir/.genpt-prepared" ] && return 0
	make "$@" O="$dir" W=1 prepare && touch "$dir/.genpt-prepared"
}

# Build (at one commit) the whole kernel with W=1 in one pass: only the
# diagnostics located in files the series changes count
build_commit() {
	local c=$1 n=$2 log=$LOGS/build-$2.log
	git checkout -q -f --detach "$c"
	cp "$GENPT_CACHE/check/final.config" "$B/.config"
	make ARCH=um O="$B" olddefconfig > "$log" 2>&1 &&
	prepare_once "$B" ARCH=um >> "$log" 2>&1 &&
	make ARCH=um O="$B" -j"$JOBS" W=1 all >> "$log" 2>&1 || {
		tail -40 "$log"; return 1; }
	if grep -E "$SERIES_DIAG" "$log"; then
		return 1
	fi
	# The same with clang, objects only, in its own build directory. On
	# UML every user of linux/iommu.h gets clang warnings located in
	# asm-generic/io.h (PCI_IOBASE is NULL); only diagnostics located in
	# our files count.
	local BC=$GENPT_BUILD/uml-clang clog=$LOGS/clang-$2.log
	mkdir -p "$BC"
	cp "$GENPT_CACHE/check/final.config" "$BC/.config"
	make ARCH=um CC=clang O="$BC" olddefconfig > "$clog" 2>&1 &&
	prepare_once "$BC" ARCH=um CC=clang >> "$clog" 2>&1 &&
	make ARCH=um CC=clang O="$BC" -j"$JOBS" W=1 drivers/iommu/generic_pt/ \
		>> "$clog" 2>&1 || { tail -40 "$clog"; return 1; }
	if grep -E '(generic_pt/|linux/generic_pt/)[^ :]*:[0-9]+:[0-9]+: (warning|error):' "$clog"; then
		return 1
	fi
}

# Whether commit $1 changes a file the last UML build read (the sources and
# headers its .cmd files list under drivers/iommu/) or a Kconfig (but the
# x86 IOMMU drivers', which depend on X86), Makefile or .kunitconfig: a
# patch that changes none (driver code UML does not build) cannot change
# what that build makes, and x86_64 builds it below
uml_reads() {
	local f deps
	# The .cmd files name what a file includes as the compiler found it:
	# generic_pt/fmt/*.c include "../iommu_pt.h", listed as
	# .../generic_pt/fmt/../iommu_pt.h; drop every dir/.. first
	deps=$(find "$B/drivers/iommu" -name '*.cmd' -exec cat {} + 2>/dev/null |
	       sed -e ':a' -e 's|/[^/ .][^/ ]*/\.\./|/|g' -e 'ta')
	while read -r f; do
		case $f in
		# the x86 IOMMU drivers (depends on X86): not in a UML config
		drivers/iommu/amd/Kconfig|drivers/iommu/intel/Kconfig) ;;
		*/Kconfig*|*/Makefile|*/Kbuild|*.kunitconfig) return 0 ;;
		esac
		grep -qF "/$f" <<< "$deps" && return 0
	done < <(git diff --name-only "$1^" "$1")
	return 1
}

if [ "$mode" = all ]; then
	n=0
	for c in "${COMMITS[@]}"; do
		n=$((n + 1))
		step_start "patch $n builds, W=1 gcc+clang clean"
		if [ $n != 1 ] && ! uml_reads "$c"; then
			step_end ok "no file the UML build reads: $(git log -1 --format=%s "$c" | cut -c1-40)"
			continue
		fi
		if build_commit "$c" "$n"; then
			step_end ok "$(git log -1 --format=%s "$c" | cut -c1-50)"
		else
			step_end FAIL "see $LOGS/build-$n.log $LOGS/w1-$n.log"
		fi
	done
else
	step_start "build with the series (W=1 gcc, clang)"
	if build_commit "$FINAL" final; then
		step_end ok
	else
		step_end FAIL "see $LOGS/build-final.log"
		finish
	fi
fi
git checkout -q -f --detach "$FINAL"

# The driver patches (those touching drivers/iommu/ outside generic_pt/) on
# x86_64, where the drivers build: the e2e guest's configuration, the whole
# kernel with W=1 in one pass, sparse (C=2) on amd/, intel/ and generic_pt/,
# then drivers/iommu/ with W=1 under clang, per patch; only diagnostics in
# the files the series changes count (6.12's intel/dmar.c has a W=1
# warning of its own)
build_x86() {
	local c=$1 n=$2 XB=$GENPT_BUILD/x86-check XC=$GENPT_BUILD/x86-check-clang
	local log=$LOGS/x86-$n.log
	git checkout -q -f --detach "$c"
	mkdir -p "$XB" "$XC"
	{ make O="$XB" allnoconfig KCONFIG_ALLCONFIG="$GENPT_TOP/e2e/kconfig" &&
	  make O="$XB" -j"$JOBS" W=1 bzImage &&
	  make O="$XB" -j"$JOBS" W=1 C=2 drivers/iommu/amd/ \
		drivers/iommu/intel/ drivers/iommu/generic_pt/ &&
	  make O="$XC" CC=clang allnoconfig \
		KCONFIG_ALLCONFIG="$GENPT_TOP/e2e/kconfig" &&
	  make O="$XC" CC=clang -j"$JOBS" W=1 drivers/iommu/; } \
		> "$log" 2>&1 || { tail -40 "$log"; return 1; }
	# sparse (C=2) checked the driver: its reports have the same shape
	grep -q 'CHECK.*drivers/iommu/amd/iommu.c' "$log" ||
		{ echo "sparse checked nothing"; return 1; }
	grep -q 'CHECK.*drivers/iommu/intel/iommu.c' "$log" ||
		{ echo "sparse checked nothing in intel/"; return 1; }
	if grep -E "$SERIES_DIAG" "$log"; then
		return 1
	fi
}

# build_each ARCH PATHSPEC...: build_ARCH for each patch that changes a file
# of PATHSPEC, one step each; its log is $LOGS/ARCH-N.log
build_each() {
	local arch=$1 n=0 c
	shift
	for c in "${COMMITS[@]}"; do
		n=$((n + 1))
		git diff --quiet "$c^" "$c" -- "$@" && continue
		step_start "patch $n builds on $arch, W=1 gcc+clang, sparse"
		if "build_$arch" "$c" "$n"; then
			step_end ok "$(git log -1 --format=%s "$c" | cut -c1-50)"
		else
			step_end FAIL "see $LOGS/$arch-$n.log"
		fi
	done
	git checkout -q -f --detach "$FINAL"
}

# (not the SMMUv3 driver's, arm64 only: built below)
[ "$mode" = all ] && build_each x86 drivers/iommu/ include/linux/io-pgtable.h \
	':!drivers/iommu/generic_pt' ':!drivers/iommu/arm'

# The patches that change the ARM SMMUv3 driver, cross-built for arm64, where
# it builds: the arm64 e2e guest's configuration (4K pages), the whole
# kernel with W=1 in one pass, sparse (C=2) on arm-smmu-v3/ and generic_pt/,
# then drivers/iommu/ with W=1 under clang; only diagnostics in the files
# the series changes count
build_arm64() {
	local c=$1 n=$2 AB=$GENPT_BUILD/arm64-check AC=$GENPT_BUILD/arm64-check-clang
	local log=$LOGS/arm64-$n.log cfg=$GENPT_TOP/e2e/kconfig-arm64
	local -a mk=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	git checkout -q -f --detach "$c"
	mkdir -p "$AB" "$AC"
	{ make O="$AB" "${mk[@]}" allnoconfig KCONFIG_ALLCONFIG="$cfg" &&
	  prepare_once "$AB" "${mk[@]}" &&
	  make O="$AB" "${mk[@]}" -j"$JOBS" W=1 Image &&
	  make O="$AB" "${mk[@]}" -j"$JOBS" W=1 C=2 \
		drivers/iommu/arm/arm-smmu-v3/ drivers/iommu/generic_pt/ &&
	  make O="$AC" "${mk[@]}" CC=clang allnoconfig KCONFIG_ALLCONFIG="$cfg" &&
	  prepare_once "$AC" "${mk[@]}" CC=clang &&
	  make O="$AC" "${mk[@]}" CC=clang -j"$JOBS" W=1 drivers/iommu/; } \
		> "$log" 2>&1 || { tail -40 "$log"; return 1; }
	grep -q 'CHECK.*drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c' "$log" ||
		{ echo "sparse checked nothing in arm-smmu-v3/"; return 1; }
	if grep -E "$SERIES_DIAG" "$log"; then
		return 1
	fi
}

[ "$mode" = all ] && build_each arm64 drivers/iommu/arm/

if [ "$mode" = all ]; then
	step_start "checkpatch --strict"
	bad=0
	for p in "${PATCHES[@]}"; do
		# Debian's python3 first: checkpatch's SPDX check needs its ply
		out=$(PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict \
			--show-types --codespell -q "$p" || true)
		[ -z "$out" ] && continue
		# A type the commit message justifies by name is accepted
		types=$(sed -n 's/^\(ERROR\|WARNING\|CHECK\):\([A-Z_]*\):.*/\2/p' <<< "$out" | sort -u)
		for t in $types; do
			if ! grep -q "checkpatch.*$t" "$p"; then
				echo "$(basename "$p"): $t"
				grep -A4 ":$t:" <<< "$out"
				bad=$((bad + 1))
			fi
		done
	done > "$LOGS/checkpatch.log"
	if [ $bad = 0 ]; then
		step_end ok "${#PATCHES[@]} patches, 0 unjustified reports"
	else
		cat "$LOGS/checkpatch.log"
		step_end FAIL "$bad unjustified reports"
	fi

	step_start "sparse (C=2) on generic_pt"
	make ARCH=um O="$B" -j"$JOBS" W=1 C=2 drivers/iommu/generic_pt/ \
		> "$LOGS/sparse.log" 2>&1 || true
	if grep -E '(generic_pt|include/linux/generic_pt).*(warning|error):' \
		"$LOGS/sparse.log"; then
		step_end FAIL "see $LOGS/sparse.log"
	elif ! grep -q 'CHECK.*generic_pt' "$LOGS/sparse.log"; then
		step_end FAIL "sparse checked nothing"
	else
		step_end ok "$(grep -c 'CHECK.*generic_pt' "$LOGS/sparse.log") files"
	fi

	step_start "kernel-doc -Wall, Context:"
	# The library's files; the drivers keep their own kernel-doc conventions
	mapfile -t DOCS < <(git diff --name-only --diff-filter=d base HEAD -- \
		'drivers/iommu/generic_pt/*.h' 'drivers/iommu/generic_pt/*.c' \
		'include/linux/generic_pt/*.h')
	if ./scripts/kernel-doc -none -Wall "${DOCS[@]}" > "$LOGS/kernel-doc.log" 2>&1 &&
	   [ ! -s "$LOGS/kernel-doc.log" ] &&
	   python3 "$GENPT_TOP/ci/doc_context.py" "${DOCS[@]}" > "$LOGS/kernel-doc.log"; then
		step_end ok "${#DOCS[@]} files"
	else
		cat "$LOGS/kernel-doc.log"
		step_end FAIL "see $LOGS/kernel-doc.log"
	fi
fi

if [ "$mode" = all ]; then
	# Every format and configuration, and the ARM 4K and 16K granules with
	# a 64K CPU page: random ops against the model, then threads mapping,
	# unmapping, cutting and reclaiming in shared tables
	step_start "userspace harness, ASan+UBSan, every format"
	# Sized to about two minutes on two cores; `make harness` runs longer
	hops=${HARNESS_OPS:-100000} tops=${HARNESS_THREAD_OPS:-10000}
	hfail=0
	if bash "$GENPT_TOP/harness/build.sh" harness > "$LOGS/harness.log" 2>&1; then
		for h in "$GENPT_CACHE"/harness/genpt_harness_*; do
			echo "== $(basename "$h") $hops" >> "$LOGS/harness.log"
			"$h" "$hops" 1 >> "$LOGS/harness.log" 2>&1 || hfail=1
			echo "== $(basename "$h") -t 4 $tops" >> "$LOGS/harness.log"
			"$h" -t 4 "$tops" 1 >> "$LOGS/harness.log" 2>&1 || hfail=1
		done
	else
		hfail=1
	fi
	if [ $hfail = 0 ]; then
		step_end ok "$(grep -c ' 0 divergences' "$LOGS/harness.log") configs, $hops ops each and 4 threads x $tops, 0 divergences"
	else
		tail -20 "$LOGS/harness.log"
		step_end FAIL "see $LOGS/harness.log"
	fi

	step_start "userspace harness, TSan, 4 threads"
	# TSan is ten times slower: fewer ops, about a minute
	tops=${HARNESS_TSAN_OPS:-4000}
	hfail=0
	if bash "$GENPT_TOP/harness/build.sh" tsan > "$LOGS/tsan.log" 2>&1; then
		for h in "$GENPT_CACHE"/harness/genpt_tsan_*; do
			echo "== $(basename "$h") -t 4 $tops" >> "$LOGS/tsan.log"
			TSAN_OPTIONS=halt_on_error=1 "$h" -t 4 "$tops" 2 \
				>> "$LOGS/tsan.log" 2>&1 || hfail=1
		done
	else
		hfail=1
	fi
	if [ $hfail = 0 ] && ! grep -q "ThreadSanitizer" "$LOGS/tsan.log"; then
		step_end ok "$(grep -c ' 0 divergences' "$LOGS/tsan.log") configs x 4 threads x $tops ops, no report"
	else
		grep -A20 -m1 "ThreadSanitizer\|divergence" "$LOGS/tsan.log" | head -40
		step_end FAIL "see $LOGS/tsan.log"
	fi

	# The documentation page on its own, with the kernel's Sphinx setup
	step_start "Documentation/driver-api/generic_pt.rst"
	need_pkgs python3-sphinx python3-sphinx-rtd-theme
	rm -rf Documentation/genpt-doc-check "$GENPT_BUILD/doc"
	mkdir -p Documentation/genpt-doc-check
	cp Documentation/driver-api/generic_pt.rst Documentation/genpt-doc-check/
	printf '.. toctree::\n\n   generic_pt\n' > Documentation/genpt-doc-check/index.rst
	# Sphinx's notice that graphviz is missing is not about this page
	if make O="$GENPT_BUILD/doc" SPHINXDIRS=genpt-doc-check htmldocs \
		> "$LOGS/doc.log" 2>&1 &&
	   ! grep -E "(WARNING|ERROR|warning:|error:)" "$LOGS/doc.log" |
		grep -v 'dot(1) not found'; then
		step_end ok "$(grep -c 'kernel-doc' Documentation/genpt-doc-check/generic_pt.rst) kernel-doc directives, no warning"
	else
		tail -20 "$LOGS/doc.log"
		step_end FAIL "see $LOGS/doc.log"
	fi
	rm -rf Documentation/genpt-doc-check
fi

if [ "$mode" = all ]; then
	# The series' kernel under QEMU with an emulated AMD IOMMU, DMA checked
	# byte for byte: one strict boot (make e2e runs the rest)
	# (the kernel the x86_64 step built at the last driver patch, the final one)
	step_start "e2e: DMA through QEMU's amd-iommu"
	if E2E_KERNEL=$GENPT_BUILD/x86-check/arch/x86/boot/bzImage \
	   E2E_NAME=series-strict bash "$GENPT_TOP/ci/e2e.sh" boot \
		> "$LOGS/e2e.log" 2>&1; then
		step_end ok "$(grep -o 'bytes_verified=[0-9]*.*' "$LOGS/e2e.log" | tail -1)"
	else
		tail -20 "$LOGS/e2e.log"
		step_end FAIL "see $LOGS/e2e.log and $LOGS/e2e/"
	fi

	# The same behind QEMU's smmuv3: the arm64 kernel (4K pages) the
	# arm64 step built at the last SMMUv3 patch (make e2e-arm64 runs the
	# rest: lazy, 64K pages, the base and the mutant)
	step_start "e2e: DMA through QEMU's smmuv3 (arm64)"
	if E2E_IOMMU=smmu E2E_KERNEL=$GENPT_BUILD/arm64-check/arch/arm64/boot/Image \
	   E2E_NAME=arm64-4k-series-strict bash "$GENPT_TOP/ci/e2e.sh" boot \
		> "$LOGS/e2e-arm64.log" 2>&1; then
		step_end ok "$(grep -o 'bytes_verified=[0-9]*.*' "$LOGS/e2e-arm64.log" | tail -1)"
	else
		tail -20 "$LOGS/e2e-arm64.log"
		step_end FAIL "see $LOGS/e2e-arm64.log and $LOGS/e2e/"
	fi
fi

# The AMD io-pgtables the series deletes (patch 16), from the base tree, for
# the comparison suites of patch 7 and the benchmark, which keep comparing
# the library with them after the deletion: drivers/iommu/amd_base/ gets the
# base's io_pgtable*.c with the driver headers they were written for, and
# linux/io-pgtable.h as it was, forced ahead of today's into the objects that
# build them. $1: the objects, in drivers/iommu/generic_pt/fmt/.
add_old_amd() {
	local d=drivers/iommu/amd_base f o
	mkdir -p "$d/linux"
	for f in io_pgtable.c io_pgtable_v2.c amd_iommu.h amd_iommu_types.h; do
		git -C "$GENPT_BASE" show "base:drivers/iommu/amd/$f" > "$d/$f"
	done
	git -C "$GENPT_BASE" show base:include/linux/io-pgtable.h \
		> "$d/linux/io-pgtable.h"
	for o in "$@"; do
		echo "CFLAGS_$o += -include \$(srctree)/$d/linux/io-pgtable.h" \
			>> drivers/iommu/generic_pt/fmt/Makefile
	done
}

# The AMD comparison suites of patch 7 on the final tree, whose patch 16
# removes them with the code they compare against
add_old_amd_cmp() {
	[ -e drivers/iommu/amd/io_pgtable.c ] && return 0
	local f
	for f in kunit_cmp_amdv1.c kunit_cmp_x86_64.c; do
		sed 's|^#include "\.\./\.\./amd/|#undef pr_fmt\n#undef dev_fmt\n#include "../../amd_base/|' "$GENPT_TOP/pt/fmt/$f" \
			> "drivers/iommu/generic_pt/fmt/$f"
	done
	cp "$GENPT_TOP/kunit/kunit_cmp_amd.h" drivers/iommu/generic_pt/
	echo 'obj-$(CONFIG_GENERIC_PT_KUNIT_TEST) += kunit_cmp_amdv1.o kunit_cmp_x86_64.o' \
		>> drivers/iommu/generic_pt/fmt/Makefile
	add_old_amd kunit_cmp_amdv1.o kunit_cmp_x86_64.o
}

# The VT-d driver's own page table code the series deletes (patch 23), for
# the benchmark: drivers/iommu/intel_base/dma_pte.c gets its functions, taken
# by name from the base's intel/iommu.c, with the base's intel/iommu.h beside
# it and a stub of clflush, which UML lacks.
# $1: the object that includes it, in drivers/iommu/generic_pt/fmt/.
add_old_intel() {
	local d=drivers/iommu/intel_base
	mkdir -p "$d"
	git -C "$GENPT_BASE" show base:drivers/iommu/intel/iommu.h > "$d/iommu.h"
	git -C "$GENPT_BASE" show base:drivers/iommu/intel/iommu.c > "$d/iommu.c.orig"
	# UML has no clflush (the benchmark's walker snoops: nothing calls it)
	echo 'static inline void clflush_cache_range(void *addr, unsigned int size) { }' \
		> "$d/uml.h"
	{
		echo '/* SPDX-License-Identifier: GPL-2.0-only */'
		echo '/* Taken by ci/check.sh from the base tree'"'"'s drivers/iommu/intel/iommu.c */'
		echo '#define pr_fmt(fmt) "DMAR: " fmt'
		echo '#include <linux/dma-map-ops.h>'
		echo '#include "iommu.h"'
		echo '#include "../iommu-pages.h"'
		python3 "$GENPT_TOP/ci/cextract.py" "$d/iommu.c.orig" \
			__DOMAIN_MAX_PFN __DOMAIN_MAX_ADDR DOMAIN_MAX_PFN \
			domain_pfn_supported domain_flush_cache pfn_to_dma_pte \
			dma_pfn_level_pte dma_pte_clear_range dma_pte_free_level \
			dma_pte_free_pagetable dma_pte_list_pagetables \
			dma_pte_clear_level domain_unmap hardware_largepage_caps \
			switch_to_super_page __domain_mapping intel_iommu_map \
			intel_iommu_map_pages intel_iommu_unmap \
			intel_iommu_unmap_pages intel_iommu_iova_to_phys
	} > "$d/dma_pte.c"
	# x86's asm/iommu.h, which UML finds, is for the x86 firmware code
	echo "CFLAGS_$1 += -D_ASM_X86_IOMMU_H -include \$(srctree)/$d/uml.h" \
		>> drivers/iommu/generic_pt/fmt/Makefile
}

if [ "$mode" = bench ]; then
	# Not part of the series: add the benchmark to the check tree only
	for f in "$GENPT_TOP"/bench/*.h; do
		sed 's|^#include "\.\./\.\./amd/|#undef pr_fmt\n#undef dev_fmt\n#include "../../amd_base/|' "$f" \
			> "drivers/iommu/generic_pt/fmt/$(basename "$f")"
	done
	for f in "$GENPT_TOP"/bench/bench_*.c; do
		sed 's|^#include "\.\./\.\./amd/|#undef pr_fmt\n#undef dev_fmt\n#include "../../amd_base/|' "$f" \
			> "drivers/iommu/generic_pt/fmt/$(basename "$f")"
		echo "obj-\$(CONFIG_GENERIC_PT_IOMMU) += $(basename "$f" .c).o" \
			>> drivers/iommu/generic_pt/fmt/Makefile
	done
	add_old_amd bench_amdv1.o bench_x86_64.o
	add_old_intel bench_vtdss.o
	step_start "benchmark in UML (native code)"
	if python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" "${KUNIT_W1[@]}" \
		--jobs="$JOBS" --raw_output=all 'generic_pt_bench_*' \
		> "$LOGS/bench.log" 2>&1; then
		step_end ok
	else
		tail -40 "$LOGS/bench.log"
		step_end FAIL "see $LOGS/bench.log"
	fi
	echo
	echo "genpt vs the in-tree implementation of each format, same boot;"
	echo "ratio = in-tree / genpt, the median over pairs of samples taken in"
	echo "turn (above 1: genpt is faster)"
	sed -n 's/.*genpt-bench: //p' "$LOGS/bench.log"
	echo
	echo "text size of each format's operations (gcc, UML, -O2):"
	size "$B"/drivers/iommu/generic_pt/fmt/iommu_*.o |
		awk 'NR > 1 { n = $6; sub(".*/", "", n); printf "%-20s %7d\n", n, $1 }'
	git checkout -q -f --detach "$FINAL"
	git clean -fdxq
	exit $failed
fi

if [ "$mode" = kunit-arm64 ]; then
	add_old_amd_cmp
	step_start "KUnit on arm64, 64K pages (QEMU TCG)"
	if python3 tools/testing/kunit/kunit.py run --arch=arm64 \
		--cross_compile=aarch64-linux-gnu- \
		--build_dir="$GENPT_BUILD/arm64-64k" \
		--kunitconfig=drivers/iommu/generic_pt \
		--kconfig_add CONFIG_ARM64_64K_PAGES=y --jobs="$JOBS" \
		--json="$LOGS/kunit.json" > "$LOGS/kunit.log" 2>&1; then
		step_end ok
	else
		tail -60 "$LOGS/kunit.log"
		step_end FAIL "see $LOGS/kunit.log"
	fi
elif [ "$mode" = kunit-x86 ]; then
	need_pkgs qemu-system-x86
	add_old_amd_cmp
	# With the library's suites, both x86 IOMMU drivers and their suites:
	# intel_iommu_pt makes its IOMMUs from descriptions and runs on any
	# x86_64 machine (first stage, 5 levels and dirty tracking, which
	# QEMU's intel-iommu cannot walk); amd_iommu_pt skips without an AMD
	# IOMMU (the e2e tier runs it behind amd-iommu)
	X86_DRIVERS=()
	for o in PCI PCI_MSI ACPI X86_X2APIC IOMMU_SUPPORT AMD_IOMMU \
		INTEL_IOMMU IRQ_REMAP AMD_IOMMU_KUNIT_TEST INTEL_IOMMU_KUNIT_TEST; do
		X86_DRIVERS+=(--kconfig_add "CONFIG_$o=y")
	done
	step_start "KUnit on x86_64 (QEMU TCG)"
	if python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
		--build_dir="$GENPT_BUILD/x86_64" "${X86_DRIVERS[@]}" \
		--kunitconfig=drivers/iommu/generic_pt --jobs="$JOBS" \
		--json="$LOGS/kunit.json" > "$LOGS/kunit.log" 2>&1; then
		step_end ok
	else
		tail -60 "$LOGS/kunit.log"
		step_end FAIL "see $LOGS/kunit.log"
	fi
else
	add_old_amd_cmp
	step_start "KUnit in UML"
	if python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" "${KUNIT_W1[@]}" \
		--jobs="$JOBS" --json="$LOGS/kunit.json" > "$LOGS/kunit.log" 2>&1; then
		step_end ok
	else
		tail -60 "$LOGS/kunit.log"
		step_end FAIL "see $LOGS/kunit.log"
	fi
fi
python3 "$GENPT_TOP/ci/kunit_summary.py" "$LOGS/kunit.json" \
	> "$LOGS/kunit-summary.txt" || { failed=1; echo "0 passed, 1 failed" >> "$LOGS/kunit-summary.txt"; }
finish
