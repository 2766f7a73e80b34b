# SPDX-License-Identifier: GPL-2.0
#
# genpt: the generic page table series for Linux 6.12.
#
#   make          get the base tree, apply the series, build, run the KUnit
#                 format suites in UML, print a summary
#   make check    everything CI checks (what .ci/run runs)
#   make series   regenerate patches/ from the sources
#   make work     a kernel work tree with the series applied as commits
#   make pull     bring commits edited in the work tree back to the sources
#   make kunit-x86  the KUnit suites on x86_64 under QEMU (TCG)
#   make kunit-arm64  the KUnit suites on arm64 with 64K pages under QEMU (TCG)
#   make harness  the userspace harness, every format: random ops vs a
#                 model, then 4 threads, ASan+UBSan
#   make harness-tsan  the threads under ThreadSanitizer
#   make fuzz     libFuzzer on the same engine for FUZZ_SECONDS (600)
#   make bench    genpt vs io-pgtable (AMD v1, AMD v2, ARM LPAE) in UML, tables
#   make e2e      x86_64 kernels under QEMU with an emulated AMD IOMMU and
#                 virtio disks that DMA through it: the base, the series
#                 (strict and lazy, domain switches) and a mutant that must fail
#   make e2e-bench  dma_map_benchmark in the same guest, the base and the
#                 series booted in turn: map/unmap latencies (TCG, indicative)
#   make e2e-intel  the same kernels behind QEMU's intel-iommu, five
#                 configurations, and the mutant
#   make e2e-arm64  arm64 kernels (4K and 64K pages) behind QEMU's smmuv3:
#                 the base, the series (strict and lazy) and the mutant
#   make e2e-bench-arm64  the e2e-bench boots behind smmuv3 (arm64, 4K
#                 pages; E2E_ARM64_BENCH_PAGES=64k for 64K)
#
# Big things live in $(GENPT_CACHE) (default ~/.cache/genpt), never here.

SHELL := /bin/bash
export GENPT_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/genpt
export GENPT_BASE := $(GENPT_CACHE)/base/linux
export GENPT_WORK := $(GENPT_CACHE)/work/linux

.PHONY: all kunit check series fresh work pull kunit-x86 kunit-arm64 base clean-cache \
	harness harness-tsan fuzz bench e2e e2e-bench e2e-intel e2e-bench-intel \
	e2e-arm64 e2e-bench-arm64

FUZZ_SECONDS ?= 600
HARNESS_OPS ?= 1000000
HARNESS_THREAD_OPS ?= 100000
HARNESS_TSAN_OPS ?= 20000

all: kunit

kunit:
	@bash ci/check.sh kunit

check:
	@bash ci/check.sh all

base:
	@bash ci/base.sh

series: base
	@python3 ci/series.py generate patches >/dev/null
	@ls patches

fresh: base
	@python3 ci/series.py fresh

work: base
	@python3 ci/series.py work

pull:
	@python3 ci/series.py pull

kunit-x86:
	@bash ci/check.sh kunit-x86

e2e: base
	@bash ci/e2e.sh full

e2e-bench: base
	@bash ci/e2e.sh bench

e2e-intel: base
	@bash ci/e2e.sh intel

e2e-bench-intel: base
	@bash ci/e2e.sh intel-bench

e2e-bench-arm64: base
	@bash ci/e2e.sh arm64-bench

e2e-arm64: base
	@bash ci/e2e.sh arm64

kunit-arm64:
	@bash ci/check.sh kunit-arm64

bench:
	@bash ci/check.sh bench

harness:
	@bash harness/build.sh harness >/dev/null
	@set -e; for h in $(GENPT_CACHE)/harness/genpt_harness_*; do \
		echo "== $$(basename $$h)"; $$h $(HARNESS_OPS) 1; \
		echo "== $$(basename $$h) -t 4"; $$h -t 4 $(HARNESS_THREAD_OPS) 1; done

harness-tsan:
	@bash harness/build.sh tsan >/dev/null
	@set -e; for h in $(GENPT_CACHE)/harness/genpt_tsan_*; do \
		echo "== $$(basename $$h) -t 4"; \
		TSAN_OPTIONS=halt_on_error=1 $$h -t 4 $(HARNESS_TSAN_OPS) 2; done

# FUZZ_SECONDS shared by the formats, each with its own corpus
fuzz:
	@bash harness/build.sh fuzz >/dev/null
	@set -e; n=$$(ls $(GENPT_CACHE)/harness/genpt_fuzz_* | wc -l); \
	for f in $(GENPT_CACHE)/harness/genpt_fuzz_*; do \
		c=$(GENPT_CACHE)/harness/corpus/$$(basename $$f); mkdir -p $$c; \
		echo "== $$(basename $$f)"; \
		$$f -max_total_time=$$(( $(FUZZ_SECONDS) / n )) -max_len=4096 \
			-print_final_stats=1 $$c 2>&1 | grep -E 'stat::|Done|ERROR|SUMMARY'; \
	done

clean-cache:
	rm -rf $(GENPT_CACHE)/build $(GENPT_CACHE)/check
