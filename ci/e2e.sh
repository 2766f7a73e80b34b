#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end tier: an x86_64 kernel booted under QEMU (TCG) with an
# emulated AMD IOMMU whose own walker reads the page tables, and virtio
# disks that must DMA through it. e2e/init.c checks every byte; this script
# builds the kernels, runs the boots and fails a boot on any IOMMU event
# report, WARN, BUG, lockdep or KASAN report, leak, or failed check.
#
# usage: e2e.sh [quick|full|base|series|mutant]...
#   quick   the series, one strict boot (part of make check)
#   full    (make e2e) the base and the series, strict and lazy boots each,
#           then the series with the test-only mutation, which must fail
#   base, series, mutant: one of them, strict and lazy
#   boot    one boot of $E2E_KERNEL with $E2E_CMDLINE (a developer's tree)
set -euo pipefail
. "$(dirname "$0")/env.sh"

need_pkgs qemu-system-x86 gcc libc6-dev cpio git make flex bison bc \
	libelf-dev libssl-dev ccache
export PATH=/usr/lib/ccache:$PATH

E2E=$GENPT_CACHE/e2e
LOGS=$GENPT_CACHE/logs/e2e
SERIES_TREE=$E2E/linux
DISK_MIB=64
QEMU_TIMEOUT=${QEMU_TIMEOUT:-1200}
mkdir -p "$E2E" "$LOGS"
declare -a SUMMARY=()
failed=0

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

# build_kernel SRC BUILD LOG: the e2e configuration, a bzImage
build_kernel() {
	local src=$1 b=$2 log=$3 sym
	mkdir -p "$b"
	make -C "$src" O="$b" allnoconfig \
		KCONFIG_ALLCONFIG="$GENPT_TOP/e2e/kconfig" > "$log" 2>&1
	for sym in AMD_IOMMU VIRTIO_BLK PROVE_LOCKING DEBUG_KMEMLEAK \
		   BLK_DEV_INITRD SERIAL_8250_CONSOLE DEVTMPFS; do
		grep -q "^CONFIG_$sym=y" "$b/.config" ||
			{ echo "CONFIG_$sym did not stick" >> "$log"; return 1; }
	done
	make -C "$src" O="$b" -j"$JOBS" bzImage >> "$log" 2>&1
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
}

# boot KERNEL NAME CMDLINE: one boot; 0 if it passed
boot() {
	local kernel=$1 name=$2 cmdline=$3 log=$LOGS/$2.log d
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
	local t0=$(date +%s)
	timeout "$QEMU_TIMEOUT" qemu-system-x86_64 -M q35 -cpu max -smp 2 -m 1G \
		-nographic -no-reboot -device amd-iommu \
		-kernel "$kernel" -initrd "$E2E/initramfs.cpio" \
		-append "console=ttyS0 panic=-1 $cmdline" "${drives[@]}" \
		< /dev/null > "$log" 2>&1 || true
	local secs=$(($(date +%s) - t0))
	check_log "$log" "$name" "$secs"
}

# check_log LOG NAME SECS: the verdict of one boot
check_log() {
	local log=$1 name=$2 secs=$3 res events reports fails
	res=$(grep -a 'E2E-RESULT' "$log" | tail -1 || true)
	events=$(grep -ac 'AMD-Vi: Event logged' "$log" || true)
	reports=$(grep -aEc 'WARNING:|BUG:|Oops|Call Trace:|possible circular|possible recursive|inconsistent lock|lock held when returning|KASAN:|kmemleak: [1-9]|suspicious RCU' "$log" || true)
	fails=$(grep -ac 'E2E: FAIL' "$log" || true)
	# The device models' own complaints: a ring read through a bad mapping
	reports=$((reports + $(grep -ac '^qemu-system-x86_64: .*virtio' "$log" || true)))
	if ! grep -aq 'AMD-Vi: .*IOMMU' "$log" && ! grep -aq 'AMD-Vi:' "$log"; then
		note "$name" FAIL "${secs}s, no AMD IOMMU came up"
		return 1
	fi
	if [ -z "$res" ] || [ "$events" != 0 ] || [ "$reports" != 0 ] ||
	   [ "$fails" != 0 ] || ! grep -q 'errors=0' <<< "$res"; then
		note "$name" FAIL "${secs}s, $events IOMMU events, $reports kernel reports, $fails failed checks, ${res:-no result}; see $log"
		return 1
	fi
	note "$name" ok "${secs}s, ${res#E2E-RESULT }, 0 IOMMU events, 0 kernel reports"
}

# run_tree NAME SRC: build, then a strict and a lazy boot
run_tree() {
	local name=$1 src=$2 b=$GENPT_BUILD/e2e-$1 t0=$(date +%s)
	if ! build_kernel "$src" "$b" "$LOGS/build-$name.log"; then
		tail -30 "$LOGS/build-$name.log"
		note "$name: build" FAIL "see $LOGS/build-$name.log"
		return 1
	fi
	note "$name: build" ok "$(($(date +%s) - t0))s"
	local rc=0
	boot "$b/arch/x86/boot/bzImage" "$name-strict" "iommu.strict=1" || rc=1
	[ "${QUICK:-0}" = 1 ] && return $rc
	boot "$b/arch/x86/boot/bzImage" "$name-lazy" "iommu.strict=0" || rc=1
	return $rc
}

# The series with the mutation, one bounded boot: it must fail
run_mutant() {
	mutate
	if QUICK=1 QEMU_TIMEOUT=400 run_tree mutant "$SERIES_TREE"; then
		note "mutant must fail" FAIL "the mutation went unnoticed"
		failed=1
	else
		note "mutant must fail" ok "it failed, as it must"
	fi
	unmutate
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
	boot)	# a kernel built elsewhere: E2E_KERNEL, E2E_CMDLINE
		boot "$E2E_KERNEL" "${E2E_NAME:-dev}" \
			"${E2E_CMDLINE:-iommu.strict=1}" || failed=1
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
