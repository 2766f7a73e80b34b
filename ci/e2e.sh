#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end tier: an x86_64 kernel booted under QEMU (TCG) with an
# emulated AMD IOMMU whose own walker reads the page tables, and virtio
# disks that must DMA through it. e2e/init.c checks every byte; this script
# builds the kernels, runs the boots and fails a boot on any IOMMU event
# report, WARN, BUG, lockdep or KASAN report, leak, or failed check.
#
# The same kernels boot behind QEMU's intel-iommu in the intel modes, over
# a matrix of its configurations (INTEL_CONFIGS below).
#
# In the arm64 modes, arm64 kernels (4K and 64K pages, e2e/kconfig-arm64)
# boot on QEMU's virt machine behind its SMMUv3, whose walker reads the
# stage 1 tables of the same granule.
#
# usage: e2e.sh [quick|full|base|series|mutant|boot|bench|intel...]...
#   quick   the series, one strict boot (part of make check)
#   full    (make e2e) the base and the series, strict and lazy boots each,
#           then the series with the test-only mutation, which must fail
#   base, series, mutant: one of them, strict and lazy
#   boot    one boot of $E2E_KERNEL with $E2E_CMDLINE (a developer's tree)
#   bench   (make e2e-bench) dma_map_benchmark in the guest, the base and
#           the series booted in turn $E2E_BENCH_ROUNDS times each (2), a
#           table of median map/unmap latencies; TCG timings are indicative
#           only and nothing asserts on them
#   intel   (make e2e-intel) the base and the series behind intel-iommu in
#           every configuration of INTEL_CONFIGS, then the mutant, which
#           must fail
#   intel-base, intel-series, intel-mutant: one of them
#   intel-quick  the series, the first configuration, strict only
#   intel-bench  (make e2e-bench-intel) bench behind intel-iommu
#   arm64-bench  (make e2e-bench-arm64) bench behind smmuv3, arm64 kernels
#           with $E2E_ARM64_BENCH_PAGES pages (4k)
#   arm64   (make e2e-arm64) the base and the series, strict and lazy, as
#           arm64 kernels with 4K pages, then with 64K pages, behind
#           QEMU's smmuv3; then the mutant of each, which must fail.
#           $E2E_ARM64_PAGES: the page sizes ("4k 64k"); $E2E_ARM64_KERNELS:
#           which kernels ("base series mutant"); QUICK=1: strict boots only
#   arm64-quick  the series, 4K pages, strict only
#   $E2E_IOMMU=intel makes boot use intel-iommu ($E2E_INTEL: its properties),
#   $E2E_IOMMU=smmu an arm64 $E2E_KERNEL behind smmuv3
set -euo pipefail
. "$(dirname "$0")/env.sh"

need_pkgs qemu-system-x86 gcc libc6-dev cpio git make flex bison bc \
	libelf-dev libssl-dev ccache
if [[ " $* " == *" arm64"* ]] || [ "${E2E_IOMMU:-amd}" = smmu ]; then
	need_pkgs qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
fi
export PATH=/usr/lib/ccache:$PATH

E2E=$GENPT_CACHE/e2e
LOGS=$GENPT_CACHE/logs/e2e
SERIES_TREE=$E2E/linux
DISK_MIB=64
QEMU_TIMEOUT=${QEMU_TIMEOUT:-1200}
E2E_BENCH_ROUNDS=${E2E_BENCH_ROUNDS:-2}
E2E_BENCH_SECS=${E2E_BENCH_SECS:-3}
# Bench kernels are built without the debugging options of the e2e
# configuration, in their own build directories; E2E_BENCH_DEBUG=1 benches
# the e2e kernels themselves
PERF_SUFFIX=
mkdir -p "$E2E" "$LOGS"
declare -a SUMMARY=()
failed=0

# Which IOMMU the guest has: the QEMU device and the kind check_log expects.
# use_amd: the next boots are behind amd-iommu (the default)
use_amd() {
	IOMMU_KIND=amd
	IOMMU_DEV=(-device amd-iommu)
	ARCH_KIND=x86
	TAG=
}
use_amd

# use_intel PROPS: the next boots are behind intel-iommu with PROPS
use_intel() {
	IOMMU_KIND=intel
	IOMMU_DEV=(-device "intel-iommu,intremap=off,$1")
	ARCH_KIND=x86
	TAG=
}

# use_smmu PAGES: the next kernels are arm64 ones with PAGES (4k or 64k)
# pages, and boot on QEMU's virt machine behind its SMMUv3; their names
# start with $TAG
use_smmu() {
	IOMMU_KIND=smmu
	IOMMU_DEV=()
	ARCH_KIND=arm64
	ARM64_PAGES=$1
	TAG=arm64-$1-
}

# kimage BUILD: the bootable image a build directory holds
kimage() {
	if [ $ARCH_KIND = arm64 ]; then
		echo "$1/arch/arm64/boot/Image"
	else
		echo "$1/arch/x86/boot/bzImage"
	fi
}

# intel_config I: configuration I of INTEL_CONFIGS into cname, opts and
# lazy (the caller's locals), and the next boots behind it
intel_config() {
	local props
	IFS=: read -r cname props opts lazy <<< "${INTEL_CONFIGS[$1]}"
	use_intel "$props"
}

# QEMU 7.2's intel-iommu: legacy or scalable mode, 39 or 48 bit (3 or 4
# level) second stage, caching mode (a virtualised IOMMU) or not, super
# pages or intel_iommu=sp_off. Five configurations cover every pair of
# those four choices. NAME:QEMU PROPERTIES:intel_iommu=:lazy too. Caching
# mode forces strict invalidation, so only the others boot lazy as well.
# In scalable mode the guest switches no device to an identity domain under
# load (e2e.identity=0): QEMU 7.2 then loses a device that goes back to a
# translated domain, the base kernel as well (see e2e/init.c).
INTEL_CONFIGS=(
	"legacy-aw48:x-scalable-mode=off,aw-bits=48,caching-mode=off:on:lazy"
	"legacy-aw39-cm-spoff:x-scalable-mode=off,aw-bits=39,caching-mode=on:on,sp_off:"
	"sm-aw48-cm:x-scalable-mode=on,aw-bits=48,caching-mode=on:on,sm_on e2e.identity=0:"
	"sm-aw39:x-scalable-mode=on,aw-bits=39,caching-mode=off:on,sm_on e2e.identity=0:lazy"
	"sm-aw48-spoff:x-scalable-mode=on,aw-bits=48,caching-mode=off:on,sm_on,sp_off e2e.identity=0:lazy"
)

note() { SUMMARY+=("$(printf '%-44s %-5s %s' "$1" "$2" "$3")"); }

# The series applied on the base, in a work tree of its own
series_tree() {
	if [ ! -e "$SERIES_TREE/.git" ]; then
		git -C "$GENPT_BASE" worktree prune
		git -C "$GENPT_BASE" worktree add -f --detach "$SERIES_TREE" base \
			>/dev/null 2>&1
	fi
	git -C "$SERIES_TREE" am --abort >/dev/null 2>&1 || true
	git -C "$SERIES_TREE" checkout -q -f --detach base
	git -C "$SERIES_TREE" clean -fdxq
	git -C "$SERIES_TREE" am -q --3way \
		$(ls "$GENPT_TOP"/patches/*.patch | grep -v '/0000-') \
		> "$LOGS/am.log" 2>&1 || { cat "$LOGS/am.log"; exit 1; }
}

# The test-only mutation: one leaf in a thousand a page off
mutate() {
	python3 "$GENPT_TOP/ci/e2e_mutate.py" "$SERIES_TREE"
}

unmutate() {
	git -C "$SERIES_TREE" checkout -q -- drivers/iommu
}

# build_kernel SRC BUILD LOG: the e2e configuration, a bzImage (x86_64)
# or an Image (arm64, with $ARM64_PAGES pages)
build_kernel() {
	local src=$1 b=$2 log=$3 sym
	local -a syms=(AMD_IOMMU SERIAL_8250_CONSOLE) mk=()
	local cfg=$E2E/kconfig-x86$PERF_SUFFIX
	mkdir -p "$b"
	cp "$GENPT_TOP/e2e/kconfig" "$cfg"
	if [ $ARCH_KIND = arm64 ]; then
		mk=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
		syms=(ARM_SMMU_V3 ARM_SMMU_V3_KUNIT_TEST SERIAL_AMBA_PL011_CONSOLE
		      PCI_HOST_GENERIC)
		cfg=$E2E/kconfig-arm64-$ARM64_PAGES$PERF_SUFFIX
		cp "$GENPT_TOP/e2e/kconfig-arm64" "$cfg"
		if [ "$ARM64_PAGES" = 64k ]; then
			echo CONFIG_ARM64_64K_PAGES=y >> "$cfg"
			syms+=(ARM64_64K_PAGES)
		fi
	fi
	if [ -n "$PERF_SUFFIX" ]; then
		# The bench kernels: no lockdep (its RCU read-side tracking
		# alone costs the series a lock_acquire() per operation),
		# no kmemleak, no atomic-sleep checks
		printf 'CONFIG_%s=n\n' PROVE_LOCKING DEBUG_ATOMIC_SLEEP \
			DEBUG_KMEMLEAK >> "$cfg"
	else
		syms+=(PROVE_LOCKING DEBUG_KMEMLEAK)
	fi
	make -C "$src" O="$b" "${mk[@]}" allnoconfig \
		KCONFIG_ALLCONFIG="$cfg" > "$log" 2>&1
	for sym in "${syms[@]}" VIRTIO_BLK BLK_DEV_INITRD DEVTMPFS; do
		grep -q "^CONFIG_$sym=y" "$b/.config" ||
			{ echo "CONFIG_$sym did not stick" >> "$log"; return 1; }
	done
	if [ $ARCH_KIND = arm64 ]; then
		make -C "$src" O="$b" "${mk[@]}" -j"$JOBS" Image >> "$log" 2>&1
	else
		make -C "$src" O="$b" -j"$JOBS" bzImage >> "$log" 2>&1
	fi
}

initramfs() {
	local root=$E2E/root
	gcc -static -O2 -Wall -Wextra -o "$E2E/init" "$GENPT_TOP/e2e/init.c"
	rm -rf "$root"
	mkdir -p "$root"
	cp "$E2E/init" "$root/init"
	(cd "$root" && echo init | cpio -o -H newc --quiet) > "$E2E/initramfs.cpio"
	[ -f "$E2E/pattern.img" ] ||
		"$E2E/init" mkpattern "$E2E/pattern.img" "$DISK_MIB"
	command -v aarch64-linux-gnu-gcc > /dev/null || return 0
	aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -o "$root/init" \
		"$GENPT_TOP/e2e/init.c"
	(cd "$root" && echo init | cpio -o -H newc --quiet) \
		> "$E2E/initramfs-arm64.cpio"
}

# qemu_run KERNEL LOG CMDLINE: one run of the guest, fresh scratch disks;
# its length in seconds in BOOT_SECS
qemu_run() {
	local kernel=$1 log=$2 cmdline=$3 d t0
	local -a drives=()
	for d in scratch1 scratch2; do
		rm -f "$E2E/$d.img"
		truncate -s ${DISK_MIB}M "$E2E/$d.img"
	done
	drives+=(-drive "file=$E2E/pattern.img,if=none,id=d0,format=raw,readonly=on"
		 -device "virtio-blk-pci,drive=d0,serial=pattern,iommu_platform=on,disable-legacy=on")
	drives+=(-drive "file=$E2E/scratch1.img,if=none,id=d1,format=raw"
		 -device "virtio-blk-pci,drive=d1,serial=scratch1,iommu_platform=on,disable-legacy=on")
	drives+=(-drive "file=$E2E/scratch2.img,if=none,id=d2,format=raw"
		 -device "virtio-blk-pci,drive=d2,serial=scratch2,iommu_platform=on,disable-legacy=on")
	local -a machine=(qemu-system-x86_64 -M q35 -cpu max "${IOMMU_DEV[@]}")
	local console=ttyS0 initrd=$E2E/initramfs.cpio
	if [ $ARCH_KIND = arm64 ]; then
		machine=(qemu-system-aarch64 -M virt,iommu=smmuv3,gic-version=3
			 -cpu max,pauth-impdef=on)
		console=ttyAMA0
		initrd=$E2E/initramfs-arm64.cpio
	fi
	t0=$(date +%s)
	timeout "$QEMU_TIMEOUT" "${machine[@]}" -smp 2 -m 1G \
		-nographic -no-reboot \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=$console panic=-1 $cmdline" "${drives[@]}" \
		< /dev/null > "$log" 2>&1 || true
	BOOT_SECS=$(($(date +%s) - t0))
}

# boot KERNEL NAME CMDLINE: one boot; 0 if it passed
boot() {
	qemu_run "$1" "$LOGS/$2.log" "$3"
	check_log "$LOGS/$2.log" "$2" "$BOOT_SECS"
}

# check_log LOG NAME SECS: the verdict of one boot
check_log() {
	local log=$1 name=$2 secs=$3 res events reports fails kunit suite
	res=$(grep -a 'E2E-RESULT' "$log" | tail -1 || true)
	if [ $IOMMU_KIND = intel ]; then
		# The driver's fault reports, and the model's own complaints
		# about what it walked
		events=$(grep -aEc 'DMAR: DRHD: handling fault|DMAR: \[(DMA|INTR)|^qemu-system-x86_64: vtd_' "$log" || true)
	elif [ $IOMMU_KIND = smmu ]; then
		# Every event the SMMU queued (F_TRANSLATION and the rest),
		# a lost one, and global errors
		events=$(grep -aEc 'arm-smmu-v3 .*(event 0x[0-9a-f]+ received|EVTQ overflow|unexpected global error|CMDQ error)' "$log" || true)
	else
		events=$(grep -ac 'AMD-Vi: Event logged' "$log" || true)
	fi
	reports=$(grep -aEc 'WARNING:|BUG:|Oops|Call Trace:|possible circular|possible recursive|inconsistent lock|lock held when returning|KASAN:|kmemleak: [1-9]|suspicious RCU' "$log" || true)
	fails=$(grep -ac 'E2E: FAIL' "$log" || true)
	# The device models' own complaints: a ring read through a bad mapping
	reports=$((reports + $(grep -aEc '^qemu-system-(x86_64|aarch64): .*virtio' "$log" || true)))
	# The drivers' KUnit suites, which the series' kernels run at boot
	# (the base has none): a failed case, or a suite not run, fails the
	# boot. The AMD suite skips behind intel-iommu, the Intel suite runs
	# behind either (its IOMMUs are descriptions).
	kunit=$(grep -aoE '# ((amd|intel)_iommu_pt|arm-smmu-v3-kunit-test): pass:.*' "$log" | paste -sd' ' || true)
	fails=$((fails + $(grep -aEc '^[[:space:]]*not ok [0-9]' "$log" || true)))
	# The arm64 kernels run the driver's own suite, the base's as well
	if [ $IOMMU_KIND = smmu ]; then
		grep -aq "# arm-smmu-v3-kunit-test: pass:" "$log" ||
			{ fails=$((fails + 1)); kunit="${kunit:+$kunit, }arm-smmu-v3-kunit-test did not run"; }
	elif [[ $name != *base* ]]; then
		for suite in amd_iommu_pt intel_iommu_pt; do
			grep -aq "# $suite: pass:" "$log" && continue
			fails=$((fails + 1))
			kunit="${kunit:+$kunit, }$suite did not run"
		done
	fi
	if [ $IOMMU_KIND = intel ]; then
		if ! grep -aq 'DMAR: Intel(R) Virtualization Technology for Directed I/O' "$log"; then
			note "$name" FAIL "${secs}s, no Intel IOMMU came up; see $log"
			return 1
		fi
	elif [ $IOMMU_KIND = smmu ]; then
		if ! grep -aq 'arm-smmu-v3 .*: ias [0-9]*-bit' "$log"; then
			note "$name" FAIL "${secs}s, no SMMUv3 came up; see $log"
			return 1
		fi
	elif ! grep -aq 'AMD-Vi: .*IOMMU' "$log" && ! grep -aq 'AMD-Vi:' "$log"; then
		note "$name" FAIL "${secs}s, no AMD IOMMU came up"
		return 1
	fi
	if [ -z "$res" ] || [ "$events" != 0 ] || [ "$reports" != 0 ] ||
	   [ "$fails" != 0 ] || ! grep -q 'errors=0' <<< "$res"; then
		note "$name" FAIL "${secs}s, $events IOMMU events, $reports kernel reports, $fails failed checks, ${res:-no result}${kunit:+, $kunit}; see $log"
		return 1
	fi
	note "$name" ok "${secs}s, ${res#E2E-RESULT }, 0 IOMMU events, 0 kernel reports${kunit:+, KUnit ${kunit#\# }}"
}

# build_tree NAME SRC: the kernel of SRC in $GENPT_BUILD/e2e-NAME
build_tree() {
	local name=$1 src=$2 b=$GENPT_BUILD/e2e-$1 t0=$(date +%s)
	if ! build_kernel "$src" "$b" "$LOGS/build-$name.log"; then
		tail -30 "$LOGS/build-$name.log"
		note "$name: build" FAIL "see $LOGS/build-$name.log"
		return 1
	fi
	note "$name: build" ok "$(($(date +%s) - t0))s"
}

# run_tree NAME SRC: build, then a strict and a lazy boot
run_tree() {
	local name=$1 src=$2 b=$GENPT_BUILD/e2e-$1
	build_tree "$name" "$src" || return 1
	local rc=0
	boot "$(kimage "$b")" "$name-strict" "iommu.strict=1" || rc=1
	[ "${QUICK:-0}" = 1 ] && return $rc
	boot "$(kimage "$b")" "$name-lazy" "iommu.strict=0" || rc=1
	return $rc
}

# The series with the mutation, one bounded boot: it must fail
run_mutant() {
	mutate
	if QUICK=1 QEMU_TIMEOUT=${MUTANT_TIMEOUT:-400} run_tree "${TAG}mutant" "$SERIES_TREE"; then
		note "${TAG}mutant must fail" FAIL "the mutation went unnoticed"
		failed=1
	else
		note "${TAG}mutant must fail" ok "it failed, as it must"
	fi
	unmutate
}

# run_arm64 PAGES: the base, the series and the mutant as arm64 kernels
# with PAGES pages behind smmuv3
run_arm64() {
	local k
	use_smmu "$1"
	for k in ${E2E_ARM64_KERNELS:-base series mutant}; do
		case $k in
		base)	run_tree "${TAG}base" "$GENPT_BASE" || failed=1 ;;
		series)	series_tree
			run_tree "${TAG}series" "$SERIES_TREE" || failed=1 ;;
		# A TCG arm64 boot takes about twice an x86_64 one
		mutant)	series_tree
			MUTANT_TIMEOUT=800 run_mutant ;;
		esac
	done
	use_amd
}

# run_intel NAME [N]: the built e2e-NAME kernel behind intel-iommu, in
# the first N (all) configurations, strict, and lazy where the
# configuration says so
run_intel() {
	local name=$1 n=${2:-${#INTEL_CONFIGS[@]}} i cname opts lazy
	local k=$GENPT_BUILD/e2e-$1/arch/x86/boot/bzImage rc=0
	for ((i = 0; i < n; i++)); do
		intel_config "$i"
		boot "$k" "intel-$name-$cname-strict" \
			"intel_iommu=$opts iommu.strict=1" || rc=1
		[ "$lazy" = lazy ] && [ "${QUICK:-0}" != 1 ] &&
			{ boot "$k" "intel-$name-$cname-lazy" \
				"intel_iommu=$opts iommu.strict=0" || rc=1; }
	done
	use_amd
	return $rc
}

# The series with the mutation behind intel-iommu, one bounded strict boot
# in legacy mode (configuration 0) and one in scalable mode (3): each must
# fail
run_intel_mutant() {
	local i cname opts lazy
	mutate
	if build_tree mutant "$SERIES_TREE"; then
		for i in 0 3; do
			intel_config "$i"
			if QEMU_TIMEOUT=400 boot "$GENPT_BUILD/e2e-mutant/arch/x86/boot/bzImage" \
				"intel-mutant-$cname" "intel_iommu=$opts iommu.strict=1"; then
				note "intel mutant must fail ($cname)" FAIL "the mutation went unnoticed"
				failed=1
			else
				note "intel mutant must fail ($cname)" ok "it failed, as it must"
			fi
		done
		use_amd
	else
		failed=1
	fi
	unmutate
}

# bench_boot NAME ROUND: one boot of e2e-NAME in the guest's bench mode;
# its E2E-BENCH lines, tagged with the kernel, go to $BENCH_RESULTS
bench_boot() {
	local name=$1 r=$2 log=$LOGS/bench-$1-$2.log lines rc=0
	qemu_run "$(kimage "$GENPT_BUILD/e2e-$name")" "$log" \
		"iommu.strict=1 ${BENCH_CMDLINE:-}e2e.mode=bench e2e.bench_secs=$E2E_BENCH_SECS"
	check_log "$log" "bench: $name #$r" "$BOOT_SECS" || rc=1
	lines=$(grep -ao 'E2E-BENCH granule=[0-9]* map_100ns=[0-9]* unmap_100ns=[0-9]* map_sd=[0-9]* unmap_sd=[0-9]*' "$log" || true)
	if [ -z "$lines" ]; then
		note "bench: $name #$r" FAIL "no E2E-BENCH line; see $log"
		return 1
	fi
	name=${name#"$TAG"}
	sed "s/^E2E-BENCH /kernel=${name%"$PERF_SUFFIX"} round=$r /" <<< "$lines" \
		>> "$BENCH_RESULTS"
	return $rc
}

# bench_table: per granule, the base's and the series' medians over the
# boots, in microseconds, and base/series (above 1: the series is faster)
bench_table() {
	echo "== dma_map_benchmark, iommu.strict=1, 1 thread, ${E2E_BENCH_SECS} s per granule,"
	echo "   median of $E2E_BENCH_ROUNDS boots per kernel; map = dma_map_single(), unmap = dma_unmap_single()"
	echo "   QEMU TCG timings: indicative only, nothing asserts on them"
	if [ -n "$PERF_SUFFIX" ]; then
		echo "   kernels: the e2e configuration without lockdep, kmemleak and atomic-sleep checks"
	else
		echo "   kernels: the e2e kernels themselves (lockdep, kmemleak)"
	fi
	awk '
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		if (!n)
			return -1
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function us(v) { return v < 0 ? "-" : sprintf("%.2f", v / 10) }
	function ratio(b, s) { return b < 0 || s <= 0 ? "-" : sprintf("%.2f", b / s) }
	{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		k = f["kernel"] " " f["granule"]
		map[k] = map[k] " " f["map_100ns"]
		unmap[k] = unmap[k] " " f["unmap_100ns"]
		if (!(f["granule"] in seen)) {
			seen[f["granule"]] = 1
			order[++ng] = f["granule"]
		}
	}
	END {
		fmt = "%-9s %11s %11s %7s   %11s %12s %7s\n"
		printf fmt, "granule", "map base", "map series", "ratio",
		       "unmap base", "unmap series", "ratio"
		printf fmt, "(pages)", "(us)", "(us)", "b/s", "(us)", "(us)", "b/s"
		for (i = 1; i <= ng; i++) {
			g = order[i]
			mb = median(map["base " g])
			ms = median(map["series " g])
			ub = median(unmap["base " g])
			us_ = median(unmap["series " g])
			printf fmt, g, us(mb), us(ms), ratio(mb, ms),
			       us(ub), us(us_), ratio(ub, us_)
		}
		print "ratio = base/series: above 1, the series is faster"
	}' "$BENCH_RESULTS"
}

# The base and the series, booted in turn, dma_map_benchmark in each boot
run_bench() {
	local r rc=0 PERF_SUFFIX=-perf
	[ "${E2E_BENCH_DEBUG:-0}" = 1 ] && PERF_SUFFIX=
	BENCH_RESULTS=$LOGS/bench-results.txt
	: > "$BENCH_RESULTS"
	build_tree "${TAG}base$PERF_SUFFIX" "$GENPT_BASE" || return 1
	series_tree
	build_tree "${TAG}series$PERF_SUFFIX" "$SERIES_TREE" || return 1
	for ((r = 1; r <= E2E_BENCH_ROUNDS; r++)); do
		bench_boot "${TAG}base$PERF_SUFFIX" "$r" || rc=1
		bench_boot "${TAG}series$PERF_SUFFIX" "$r" || rc=1
	done
	echo
	bench_table | tee "$LOGS/bench-table${BENCH_TAG:-}.txt"
	return $rc
}

modes=("$@")
[ ${#modes[@]} = 0 ] && modes=(full)
initramfs
for m in "${modes[@]}"; do
	case $m in
	quick)
		series_tree
		QUICK=1 run_tree series "$SERIES_TREE" || failed=1
		;;
	base)
		run_tree base "$GENPT_BASE" || failed=1
		;;
	series)
		series_tree
		run_tree series "$SERIES_TREE" || failed=1
		;;
	mutant)
		series_tree
		run_mutant
		;;
	full)
		run_tree base "$GENPT_BASE" || failed=1
		series_tree
		run_tree series "$SERIES_TREE" || failed=1
		run_mutant
		;;
	intel)
		build_tree base "$GENPT_BASE" && run_intel base || failed=1
		series_tree
		build_tree series "$SERIES_TREE" && run_intel series || failed=1
		run_intel_mutant
		;;
	intel-base)
		build_tree base "$GENPT_BASE" && run_intel base || failed=1
		;;
	intel-series)
		series_tree
		build_tree series "$SERIES_TREE" && run_intel series || failed=1
		;;
	intel-quick)
		series_tree
		build_tree series "$SERIES_TREE" &&
			QUICK=1 run_intel series 1 || failed=1
		;;
	intel-mutant)
		series_tree
		run_intel_mutant
		;;
	arm64)
		for p in ${E2E_ARM64_PAGES:-4k 64k}; do
			run_arm64 "$p"
		done
		;;
	arm64-quick)
		use_smmu 4k
		series_tree
		QUICK=1 run_tree "${TAG}series" "$SERIES_TREE" || failed=1
		use_amd
		;;
	boot)	# a kernel built elsewhere: E2E_KERNEL, E2E_CMDLINE
		[ "${E2E_IOMMU:-amd}" = intel ] &&
			use_intel "${E2E_INTEL:-x-scalable-mode=off,aw-bits=48}"
		[ "${E2E_IOMMU:-amd}" = smmu ] && use_smmu 4k
		boot "$E2E_KERNEL" "${E2E_NAME:-dev}" \
			"${E2E_CMDLINE:-iommu.strict=1}" || failed=1
		;;
	bench)
		run_bench || failed=1
		;;
	intel-bench)	# the same behind intel-iommu, legacy mode, 48 bit,
			# caching mode off (it would force a flush per map)
		use_intel "x-scalable-mode=off,aw-bits=48,caching-mode=off"
		BENCH_CMDLINE="intel_iommu=on " BENCH_TAG=-intel run_bench ||
			failed=1
		use_amd
		;;
	arm64-bench)	# the same behind smmuv3, arm64 kernels with
			# $E2E_ARM64_BENCH_PAGES (4k) pages
		use_smmu "${E2E_ARM64_BENCH_PAGES:-4k}"
		BENCH_TAG=-arm64-$ARM64_PAGES run_bench || failed=1
		use_amd
		;;
	*)
		die "unknown mode $m"
		;;
	esac
done
echo
echo "== genpt e2e summary (logs in $LOGS)"
printf '%s\n' "${SUMMARY[@]}"
exit $failed
