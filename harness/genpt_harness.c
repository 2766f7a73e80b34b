// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace harness for the generic page table: the real core, a format and
 * the iommu_domain operations (drivers/iommu/generic_pt/ as the series adds
 * them) compiled against the shims of shim/, driven by a seeded random
 * sequence, by threads, or by libFuzzer, every result compared with a
 * reference model. Built once per format (GENPT_FMT_<name>), with ASan and
 * UBSan, or with TSan.
 *
 *   genpt_harness_<fmt> [ops-per-config [seed]]       random ops, every config
 *   genpt_harness_<fmt> -t THREADS [ops [seed]]       concurrent, every config
 *   genpt_fuzz_<fmt> (libFuzzer)                      the same engine, fuzzed
 */
#if defined(GENPT_FMT_amdv1)
#include "drivers/iommu/generic_pt/fmt/amdv1.h"
#elif defined(GENPT_FMT_x86_64)
#include "drivers/iommu/generic_pt/fmt/x86_64.h"
#elif defined(GENPT_FMT_vtdss)
#include "drivers/iommu/generic_pt/fmt/vtdss.h"
#elif defined(GENPT_FMT_armv8_4k)
#include "drivers/iommu/generic_pt/fmt/armv8_4k.h"
#elif defined(GENPT_FMT_armv8_16k)
#include "drivers/iommu/generic_pt/fmt/armv8_16k.h"
#elif defined(GENPT_FMT_armv8_64k)
#include "drivers/iommu/generic_pt/fmt/armv8_64k.h"
#else
#error "define GENPT_FMT_<format>"
#endif
#include "drivers/iommu/generic_pt/pt_iter.h"
#include <linux/generic_pt/iommu.h>

/* The template's hooks: allocation failure injection, no DMA */
__thread long shim_fail_in = -1;
static __thread void (*h_commit_fn)(void *arg);
static __thread void *h_commit_arg;

static bool pt_iommu_hook_alloc(void)
{
	if (shim_fail_in == 0) {
		shim_fail_in = -1;
		return false;
	}
	if (shim_fail_in > 0)
		shim_fail_in--;
	return true;
}

static void pt_iommu_hook_table(struct pt_table_p *table, bool alive)
{
}

static void pt_iommu_hook_commit(struct pt_iommu *iommu)
{
	void (*fn)(void *arg) = h_commit_fn;

	h_commit_fn = NULL;
	if (fn)
		fn(h_commit_arg);
}

static dma_addr_t pt_iommu_dma_map(struct device *dev, void *table, size_t len)
{
	return virt_to_phys(table);
}

static void pt_iommu_dma_unmap(struct device *dev, dma_addr_t dma, size_t len)
{
}

static void pt_iommu_dma_sync(struct device *dev, void *table, size_t offset,
			      size_t len)
{
}

#define PT_IOMMU_KUNIT_HOOKS
#define PT_IOMMU_NO_EXPORT
#include "drivers/iommu/generic_pt/iommu_pt.h"

struct cfg {
	const char *name;
	unsigned int top_level;
	unsigned int vasz_lg2;
	unsigned int oasz_lg2;
	unsigned int features;
};

#define INCOH BIT(PT_FEAT_DMA_INCOHERENT)
static const struct cfg cfgs[] = {
#if defined(GENPT_FMT_amdv1)
	{ "1lvl", 0, 21, 0, 0 },
	{ "2lvl", 1, 30, 0, 0 },
	{ "3lvl", 2, 0, 0, 0 },
	{ "4lvl", 3, 0, 0, 0 },
	{ "5lvl", 4, 0, 0, 0 },
	{ "6lvl", 5, 0, 0, 0 },
	{ "3lvl_dyn48", 2, 48, 0, BIT(PT_FEAT_DYNAMIC_TOP) },
	/* The threads grow it from one level to five, racing each other */
	{ "1lvl_dyn48", 0, 48, 0, BIT(PT_FEAT_DYNAMIC_TOP) },
	{ "4lvl_fc", 3, 0, 0, BIT(PT_FEAT_AMDV1_FORCE_COHERENCE) },
	{ "6lvl_oa40", 5, 0, 40, 0 },
	{ "4lvl_incoherent", 3, 0, 0, INCOH },
#elif defined(GENPT_FMT_x86_64)
	{ "4lvl", 3, 0, 0, 0 },
	{ "5lvl", 4, 0, 0, 0 },
	{ "4lvl_oa40", 3, 0, 40, 0 },
	{ "5lvl_incoherent", 4, 0, 0, INCOH },
#elif defined(GENPT_FMT_vtdss)
	{ "3lvl", 2, 0, 0, 0 },
	{ "4lvl", 3, 0, 0, 0 },
	{ "5lvl", 4, 0, 0, 0 },
	{ "4lvl_snp", 3, 0, 0, BIT(PT_FEAT_VTDSS_FORCE_COHERENCE) },
	{ "4lvl_oa46", 3, 0, 46, 0 },
	{ "3lvl_incoherent", 2, 0, 0, INCOH },
#elif defined(GENPT_FMT_armv8_4k)
	{ "s1_ias32", 0, 32, 0, 0 },
	{ "s1_ias39", 0, 39, 0, 0 },
	{ "s1_ias48", 0, 48, 0, 0 },
	{ "s1_ias48_oa40", 0, 48, 40, 0 },
	{ "s1_ias48_dbm", 0, 48, 0, BIT(PT_FEAT_ARMV8_DBM) },
	{ "s2_ias40_concat2", 0, 40, 0, BIT(PT_FEAT_ARMV8_S2) },
	{ "s2_ias43_concat16", 0, 43, 0, BIT(PT_FEAT_ARMV8_S2) },
	{ "s2_ias48_incoherent", 0, 48, 0, BIT(PT_FEAT_ARMV8_S2) | INCOH },
#elif defined(GENPT_FMT_armv8_16k)
	{ "s1_ias36", 0, 36, 0, 0 },
	{ "s1_ias47", 0, 47, 0, 0 },
	{ "s1_ias48_dbm", 0, 48, 0, BIT(PT_FEAT_ARMV8_DBM) },
	{ "s2_ias48_concat2", 0, 48, 0, BIT(PT_FEAT_ARMV8_S2) },
#elif defined(GENPT_FMT_armv8_64k)
	{ "s1_ias42", 0, 42, 0, 0 },
	{ "s1_ias52", 0, 52, 0, 0 },
	{ "s1_ias48_oa48_dbm", 0, 48, 48, BIT(PT_FEAT_ARMV8_DBM) },
	{ "s2_ias52", 0, 52, 0, BIT(PT_FEAT_ARMV8_S2) },
#endif
};

/* One mapped interval of the reference model */
struct ref {
	u64 iova, last, paddr;
};

#define MAX_REFS 256

struct harness {
	PT_IOMMU_TABLE table;
	spinlock_t lock;
	unsigned long flushes;
};

/* One thread's view: its own mappings, inside the IOVA it owns */
struct model {
	struct harness *h;
	struct iommu_iotlb_gather gather;
	struct ref refs[MAX_REFS];
	unsigned int num;
	unsigned int win_lg2;
	u64 pg;
	u64 sizes;
	unsigned long ops;
	/* Concurrent mode: this thread owns block b when owns(b) */
	unsigned int thread, nthreads;
	u64 block;
};

static void h_change_top(struct pt_iommu *iommu, phys_addr_t top,
			 unsigned int level)
{
}

static spinlock_t *h_get_lock(struct pt_iommu *iommu)
{
	return &container_of(iommu, struct harness, table.iommu)->lock;
}

static void h_flush_walk(struct pt_iommu *iommu, unsigned long iova,
			 size_t len)
{
	__atomic_add_fetch(&container_of(iommu, struct harness,
					 table.iommu)->flushes, 1,
			   __ATOMIC_RELAXED);
}

static const struct pt_iommu_driver_ops h_ops = {
	.change_top = h_change_top,
	.get_top_lock = h_get_lock,
	.flush_walk = h_flush_walk,
};

#define CHECK(m, cond, ...)                                                 \
	do {                                                                \
		if (!(cond)) {                                              \
			h_log_dump();                                       \
			fprintf(stderr, "divergence at op %lu (thread %u): %s: ", \
				(m)->ops, (m)->thread, #cond);              \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
			abort();                                            \
		}                                                           \
	} while (0)

static void h_init(struct harness *h, const struct cfg *c)
{
	PT_IOMMU_CFG pcfg = {
		.features = c->features,
		.starting_level = c->top_level,
		.max_vasz_lg2 = c->vasz_lg2,
		.max_oasz_lg2 = c->oasz_lg2,
	};

	memset(h, 0, sizeof(*h));
	spin_lock_init(&h->lock);
	h->table.iommu.driver_ops = &h_ops;
	h->table.iommu.nid = NUMA_NO_NODE;
	if (pt_iommu_init(&h->table, &pcfg, GFP_KERNEL))
		abort();
}

static void m_init(struct model *m, struct harness *h, unsigned int thread,
		   unsigned int nthreads)
{
	struct iommu_domain *domain = &h->table.iommu.domain;

	memset(m, 0, sizeof(*m));
	m->h = h;
	m->thread = thread;
	m->nthreads = nthreads;
	iommu_iotlb_gather_init(&m->gather);
	m->pg = log2_to_int(PT_GRANULE_LG2SZ);
	m->win_lg2 = min_t(unsigned int, h->table.common.max_vasz_lg2,
			   PT_GRANULE_LG2SZ + 28);
	m->sizes = domain->pgsize_bitmap & log2_to_max_int(m->win_lg2 - 4);
	/* Blocks of a level 1 item: large pages fit, tables are shared */
	m->block = m->pg << (PT_TABLEMEM_LG2SZ - 3);
	if (m->block > log2_to_int(m->win_lg2 - 6))
		m->block = log2_to_int(m->win_lg2 - 6);
}

static void m_free_gathered(struct model *m)
{
	iommu_put_pages_list(&m->gather.freelist);
	iommu_iotlb_gather_init(&m->gather);
}

/*
 * In concurrent mode thread t owns every nthreads-th block; in every fourth
 * block the threads share level 0 tables instead: t owns every nthreads-th
 * run of 4 granules there. Return: the span [*first, *last] owned around va,
 * false if va is not t's.
 */
static bool m_owns(struct model *m, u64 va, u64 *first, u64 *last)
{
	u64 b = va / m->block, chunk = 4 * m->pg;

	if (m->nthreads <= 1) {
		*first = 0;
		*last = log2_to_max_int(m->win_lg2 - 1);
		return true;
	}
	if (b % 4 == 0) {
		if ((va / chunk) % m->nthreads != m->thread)
			return false;
		*first = log2_set_mod(va, 0, ilog2(chunk));
		*last = *first + chunk - 1;
		return true;
	}
	if ((b / 4) % m->nthreads != m->thread % m->nthreads)
		return false;
	*first = b * m->block;
	*last = *first + m->block - 1;
	return true;
}

/* Bytes mapped from va on, up to last, stopping at the first hole */
static u64 m_mapped_from(struct model *m, u64 va, u64 last)
{
	u64 done = 0;
	unsigned int i;

	for (;;) {
		for (i = 0; i != m->num; i++)
			if (va >= m->refs[i].iova && va <= m->refs[i].last)
				break;
		if (i == m->num)
			return done;
		if (m->refs[i].last >= last)
			return done + (last - va + 1);
		done += m->refs[i].last - va + 1;
		va = m->refs[i].last + 1;
	}
}

/* The model forgets [va, va + len) */
static void m_forget(struct model *m, u64 va, u64 len)
{
	u64 last = va + len - 1;
	unsigned int i;

	if (!len)
		return;
	for (i = 0; i < m->num;) {
		struct ref *r = &m->refs[i];

		if (r->last < va || r->iova > last) {
			i++;
			continue;
		}
		if (r->iova < va && r->last > last) {
			struct ref tail = { last + 1, r->last,
					    r->paddr + (last + 1 - r->iova) };

			if (m->num == MAX_REFS)
				abort();
			r->last = va - 1;
			m->refs[m->num++] = tail;
			i++;
		} else if (r->iova < va) {
			r->last = va - 1;
			i++;
		} else if (r->last > last) {
			r->paddr += last + 1 - r->iova;
			r->iova = last + 1;
			i++;
		} else {
			*r = m->refs[--m->num];
		}
	}
}

static bool m_overlaps(struct model *m, u64 iova, u64 last)
{
	unsigned int i;

	for (i = 0; i != m->num; i++)
		if (iova <= m->refs[i].last && last >= m->refs[i].iova)
			return true;
	return false;
}

static u64 m_translate(struct model *m, u64 va)
{
	unsigned int i;

	for (i = 0; i != m->num; i++)
		if (va >= m->refs[i].iova && va <= m->refs[i].last)
			return m->refs[i].paddr + (va - m->refs[i].iova);
	return 0;
}

static int h_verbose;

/*
 * The last operations of every thread, for a divergence: each thread writes
 * its own ring, a global sequence number orders them in the dump.
 */
#define H_LOG 1024
#define H_LOG_THREADS 16
struct h_log {
	unsigned long seq;
	unsigned int thread;
	char op;
	u64 iova, len, res;
};
static struct h_log h_log[H_LOG_THREADS][H_LOG];
static unsigned long h_log_len[H_LOG_THREADS];
static unsigned long h_log_next;

static void h_log_op(struct model *m, char op, u64 iova, u64 len, u64 res)
{
	unsigned int t = m->thread % H_LOG_THREADS;
	struct h_log e = {
		__atomic_fetch_add(&h_log_next, 1, __ATOMIC_RELAXED),
		m->thread, op, iova, len, res
	};

	h_log[t][h_log_len[t]++ % H_LOG] = e;
}

static void h_log_reset(void)
{
	memset(h_log_len, 0, sizeof(h_log_len));
	h_log_next = 0;
}

/* Racy when other threads still run: it is only a hint for the reader */
static void h_log_dump(void)
{
	unsigned long pos[H_LOG_THREADS], end[H_LOG_THREADS];
	unsigned int t;

	for (t = 0; t != H_LOG_THREADS; t++) {
		unsigned long len = __atomic_load_n(&h_log_len[t],
						    __ATOMIC_RELAXED);

		pos[t] = len > H_LOG ? len - H_LOG : 0;
		end[t] = len;
	}
	for (;;) {
		struct h_log *e, *best = NULL;

		for (t = 0; t != H_LOG_THREADS; t++) {
			if (pos[t] == end[t])
				continue;
			e = &h_log[t][pos[t] % H_LOG];
			if (!best || e->seq < best->seq)
				best = e;
		}
		if (!best)
			return;
		pos[best->thread % H_LOG_THREADS]++;
		fprintf(stderr, "  t%u %c %llx+%llx = %llx\n", best->thread,
			best->op, (unsigned long long)best->iova,
			(unsigned long long)best->len,
			(unsigned long long)best->res);
	}
}

static int h_map(struct model *m, u64 iova, u64 paddr, u64 pgsize, u64 count,
		 int prot, size_t *mapped)
{
	if (h_verbose > 1)
		fprintf(stderr, "%lu: map %llx -> %llx %llx x %llu\n", m->ops,
			(unsigned long long)iova, (unsigned long long)paddr,
			(unsigned long long)pgsize, (unsigned long long)count);
	int ret = pt_iommu_map_pages(&m->h->table.iommu.domain, iova, paddr,
				     pgsize, count, prot, GFP_KERNEL, mapped);

	h_log_op(m, 'm', iova, pgsize * count, ret);
	return ret;
}

static size_t h_unmap(struct model *m, u64 iova, u64 pgsize, u64 count)
{
	size_t got = pt_iommu_unmap_pages(&m->h->table.iommu.domain, iova,
					  pgsize, count, &m->gather);

	h_log_op(m, 'u', iova, pgsize * count, got);
	if (h_verbose > 1)
		fprintf(stderr, "%lu: unmap %llx %llx x %llu = %zx\n", m->ops,
			(unsigned long long)iova, (unsigned long long)pgsize,
			(unsigned long long)count, got);
	m_free_gathered(m);
	return got;
}

/* An unmap of a live mapping by "another thread", between two passes */
static void h_commit_unmap(void *arg)
{
	struct model *m = arg;
	struct ref r;
	size_t got;

	if (!m->num)
		return;
	r = m->refs[m->ops % m->num];
	got = h_unmap(m, r.iova, m->pg, (r.last - r.iova + 1) / m->pg);
	CHECK(m, got == r.last - r.iova + 1, "racing unmap %llx got %zu",
	      (unsigned long long)r.iova, got);
	m_forget(m, r.iova, got);
	/* And the tables it left empty go: the map must replace them */
	pt_iommu_reclaim(&m->h->table.iommu);
}

/* A random granule-aligned address this thread owns, and its owned span */
static u64 m_pick(struct model *m, u64 r, u64 *first, u64 *last)
{
	u64 va;

	for (;;) {
		va = log2_set_mod(r & log2_to_max_int(m->win_lg2 - 1), 0,
				  PT_GRANULE_LG2SZ);
		if (m_owns(m, va, first, last))
			return va;
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
	}
}

/*
 * When nothing runs: every table's count of used items is the number of its
 * items that are not empty. Return: the number of tables.
 */
static unsigned long h_check_counts_level(struct harness *h,
					  struct pt_range *range,
					  unsigned int level,
					  struct pt_table_p *table)
{
	struct pt_state pts = pt_init(range, level, table);
	unsigned long tables = 1;
	int used = 0;

	for (; pts.index < pts.end_index; pts.index++) {
		switch (pt_load_single_entry(&pts)) {
		case PT_ENTRY_TABLE:
			tables += h_check_counts_level(h, range, level - 1,
						       pts.table_lower);
			used++;
			break;
		case PT_ENTRY_OA:
			used++;
			break;
		default:
			break;
		}
	}
	if (atomic_read(pt_iommu_used(table)) != used) {
		fprintf(stderr, "table %p level %u counts %d, holds %d\n",
			table, level, atomic_read(pt_iommu_used(table)), used);
		abort();
	}
	return tables;
}

static unsigned long h_check_counts(struct harness *h)
{
	struct pt_range range = pt_top_range(&h->table.common);

	return h_check_counts_level(h, &range, range.top_level,
				    range.top_table);
}

/* For a divergence: the entries the walk of va meets */
static void h_dump_walk(struct harness *h, u64 va)
{
	struct pt_range range = pt_top_range(&h->table.common);
	struct pt_table_p *table = range.top_table;
	unsigned int level = range.top_level;

	range.va = va;
	range.last_va = va;
	for (;;) {
		struct pt_state pts = pt_init(&range, level, table);

		pt_load_single_entry(&pts);
		fprintf(stderr, "  level %u table %p index %u entry %llx count %d\n",
			level, table, pts.index, (unsigned long long)pts.entry,
			atomic_read(pt_iommu_used(table)));
		if (pts.type != PT_ENTRY_TABLE || !level)
			return;
		table = pts.table_lower;
		level--;
	}
}

/* One operation, decoded from 128 random or fuzzed bits */
static void m_step(struct model *m, u64 r, u64 r2)
{
	struct iommu_domain *domain = &m->h->table.iommu.domain;
	unsigned int oa_lg2 = pt_max_oa_lg2(&m->h->table.common);
	unsigned int kind = r % 25;
	u64 first, last, pg = m->pg;
	unsigned int i;

	m->ops++;
	if (kind < 8) {
		/* map: a random size (small ones likelier), count, place */
		unsigned int n = hweight64(m->sizes), pick = (r >> 5) % n;
		u64 s = m->sizes, pgsize, count, iova, paddr, len;
		size_t mapped = 0;
		int ret, want;
		bool race = false;

		pick = min(pick, (unsigned int)((r >> 13) % n));
		while (pick--)
			s &= s - 1;
		pgsize = 1ULL << __ffs64(s);
		count = 1 + (r >> 20) % 8;
		if (pgsize == pg && (r >> 24) % 4 == 0)
			count = 1 + (r >> 26) % 1100;
		iova = m_pick(m, r2, &first, &last);
		iova = log2_set_mod(iova, 0, __ffs64(s));
		if (iova < first)
			iova += pgsize;
		len = pgsize * count;
		if (m->nthreads > 1) {
			/* Stay inside what this thread owns */
			if (iova > last || len > last - iova + 1)
				return;
		}
		paddr = log2_set_mod((r2 >> 20) * pg + (r >> 40) * pg, 0,
				     __ffs64(s)) & log2_to_max_int(oa_lg2);
		if (paddr + len - 1 > log2_to_max_int(oa_lg2))
			paddr = 0;
		if (m->num >= MAX_REFS - 8)
			return;
		want = iova + len - 1 > domain->geometry.aperture_end ? -ERANGE :
		       m_overlaps(m, iova, iova + len - 1) ? -EADDRINUSE : 0;
		/* Now and then another "thread" unmaps between the passes */
		if (m->nthreads <= 1 && (r >> 58) == 1 && !want) {
			h_commit_fn = h_commit_unmap;
			h_commit_arg = m;
			race = true;
		}
		/*
		 * Sometimes an allocation fails: then nothing may change. A
		 * map that grows the top allocates before it walks, so it may
		 * report -ENOMEM where it would otherwise find the overlap.
		 */
		if ((r >> 60) == 0)
			shim_fail_in = (r >> 56) % 4;
		ret = h_map(m, iova, paddr, pgsize, count, IOMMU_READ | IOMMU_WRITE,
			    &mapped);
		h_commit_fn = NULL;
		if (ret == -ENOMEM && shim_fail_in == -1 && want != -ERANGE) {
			CHECK(m, !mapped, "mapped %zu on failure", mapped);
			if (!want)
				CHECK(m, !pt_iommu_iova_to_phys(domain, iova) &&
					 !pt_iommu_iova_to_phys(domain,
								iova + len - 1),
				      "ENOMEM left %llx mapped",
				      (unsigned long long)iova);
			return;
		}
		shim_fail_in = -1;
		/* The racing unmap may have made room */
		if (race && ret == 0 && want == -EADDRINUSE)
			want = 0;
		CHECK(m, ret == want, "map %llx+%llx*%llu = %d, want %d",
		      (unsigned long long)iova, (unsigned long long)pgsize,
		      (unsigned long long)count, ret, want);
		CHECK(m, mapped == (ret ? 0 : len), "mapped %zu", mapped);
		if (!ret) {
			struct ref ref = { iova, iova + len - 1, paddr };

			m->refs[m->num++] = ref;
		}
	} else if (kind < 11) {
		/* unmap a live mapping exactly */
		struct ref ref;
		size_t got;

		if (!m->num)
			return;
		ref = m->refs[(r >> 5) % m->num];
		got = h_unmap(m, ref.iova, pg, (ref.last - ref.iova + 1) / pg);
		CHECK(m, got == m_mapped_from(m, ref.iova, ref.last),
		      "unmap %llx got %zu", (unsigned long long)ref.iova, got);
		m_forget(m, ref.iova, got);
		CHECK(m, !pt_iommu_iova_to_phys(domain, ref.iova), "still mapped");
	} else if (kind < 15) {
		/*
		 * Part of a mapping, or a range over several and holes: cuts
		 * large pages. A cut that cannot allocate stops the unmap.
		 */
		u64 va, count, want;
		size_t got;

		/* Cutting one mapping in two takes a model entry */
		if (m->num >= MAX_REFS - 2)
			return;
		if (kind < 13 && m->num) {
			struct ref *ref = &m->refs[(r >> 5) % m->num];
			u64 pages = (ref->last - ref->iova + 1) / pg;

			va = ref->iova + ((r >> 16) % pages) * pg;
			count = 1 + (r >> 32) % (pages - (va - ref->iova) / pg);
		} else {
			va = m_pick(m, r2, &first, &last);
			count = 1 + (r >> 16) % 64;
			if (m->nthreads > 1 && count * pg > last - va + 1)
				count = (last - va + 1) / pg;
		}
		if ((r >> 60) == 1)
			shim_fail_in = 0;
		want = m_mapped_from(m, va, va + count * pg - 1);
		got = h_unmap(m, va, pg, count);
		CHECK(m, got == want || (shim_fail_in == -1 && got < want &&
					 !(got % pg)),
		      "unmap %llx+%llu pages got %zu want %llu",
		      (unsigned long long)va, (unsigned long long)count, got,
		      (unsigned long long)want);
		shim_fail_in = -1;
		m_forget(m, va, got);
		if (got)
			CHECK(m, !pt_iommu_iova_to_phys(domain, va + got - 1),
			      "still mapped");
		if (got < want)
			CHECK(m, pt_iommu_iova_to_phys(domain, va + got) ==
				      m_translate(m, va + got),
			      "a failed cut lost %llx",
			      (unsigned long long)(va + got));
	} else if (kind < 17) {
		/* bad input: the errno, and nothing changes */
		static const int want[] = { -EINVAL, -EINVAL, -EOVERFLOW,
					    -EINVAL, -EINVAL };
		u64 iova[] = { pg + pg / 2, 0, U64_MAX - pg + 1, 0, 0 };
		u64 pa[] = { 0, pg / 2, 0, 0, 0 };
		u64 pgsz[] = { pg, pg, pg, pg * 3, pg };
		u64 cnt[] = { 1, 1, 2, 1, 1 };
		int prot[] = { IOMMU_READ, IOMMU_READ, IOMMU_READ, IOMMU_READ,
			       IOMMU_CACHE };
		unsigned int b = (r >> 5) % 5;
		size_t mapped = 0;

		CHECK(m, h_map(m, iova[b], pa[b], pgsz[b], cnt[b], prot[b],
			       &mapped) == want[b] && !mapped,
		      "bad input %u", b);
		/* Unmaps the domain must refuse */
		CHECK(m, !h_unmap(m, pg + pg / 2, pg, 1), "misaligned unmap");
		CHECK(m, !h_unmap(m, 0, pg / 2, 2), "sub-granule unmap");
		CHECK(m, !h_unmap(m, 0, 3 * pg, 1), "odd size unmap");
	} else if (kind < 21) {
		/* translate: live mappings at random offsets, and holes */
		for (i = 0; i != m->num; i++) {
			struct ref *ref = &m->refs[i];
			u64 off = (r2 ^ (r >> 3) * i) % (ref->last - ref->iova + 1);

			if (pt_iommu_iova_to_phys(domain, ref->iova + off) !=
			    ref->paddr + off)
				h_dump_walk(m->h, ref->iova + off);
			CHECK(m, pt_iommu_iova_to_phys(domain, ref->iova + off) ==
				      ref->paddr + off,
			      "iova_to_phys %llx",
			      (unsigned long long)(ref->iova + off));
		}
		{
			u64 va = m_pick(m, r2, &first, &last);

			CHECK(m, pt_iommu_iova_to_phys(domain, va) ==
				      m_translate(m, va),
			      "iova_to_phys of %llx", (unsigned long long)va);
		}
		/* Another thread's addresses, racing with its frees */
		if (m->nthreads > 1)
			(void)pt_iommu_iova_to_phys(domain,
						    r2 & log2_to_max_int(m->win_lg2 - 1));
	} else if (kind == 24) {
		/*
		 * Free the tables unmaps left empty, racing with the others. It
		 * walks the whole table: not too often, or that walk is all
		 * the harness does.
		 */
		if ((r >> 8) % 8 == 0)
			pt_iommu_reclaim(&m->h->table.iommu);
	} else {
		/* dirty read-back over a random range: only tracked tables */
		struct iommu_dirty_bitmap bm = { .gather = NULL };
		u64 va = m_pick(m, r2, &first, &last);
		int ret;

		/* Others' mappings are not this thread's to read */
		if (m->nthreads > 1) {
			if (last - first + 1 < 64 * pg)
				return;
			if (va + 64 * pg - 1 > last)
				va = last + 1 - 64 * pg;
		}
		ret = pt_iommu_read_and_clear_dirty(domain, va, 64 * pg,
						    (r >> 5) & 1 ?
							    IOMMU_DIRTY_NO_CLEAR :
							    0,
						    &bm);
		CHECK(m, ret == (pt_can_track_dirty(&m->h->table.common) &&
				 !pt_feature(&m->h->table.common,
					     PT_FEAT_DMA_INCOHERENT) ?
					 (va + 64 * pg - 1 >
							  domain->geometry.aperture_end ?
						  -ERANGE :
						  0) :
					 -EOPNOTSUPP),
		      "dirty %d", ret);
	}
	rcu_poll();
}

static u64 splitmix(u64 *s)
{
	u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void m_drain(struct model *m)
{
	while (m->num) {
		struct ref *ref = &m->refs[m->num - 1];
		u64 len = ref->last - ref->iova + 1;

		CHECK(m, h_unmap(m, ref->iova, m->pg, len / m->pg) == len,
		      "drain %llx", (unsigned long long)ref->iova);
		m_forget(m, ref->iova, len);
	}
}

/* After everything is unmapped, only the top table is left */
static long h_top_pages(struct harness *h)
{
	struct pt_range top = pt_top_range(&h->table.common);

	return 1L << pt_iommu_table_order(pt_iommu_top_lg2sz(&h->table.common,
							     top.top_level));
}

static void h_fini(struct harness *h, const char *name)
{
	pt_iommu_reclaim(&h->table.iommu);
	rcu_barrier_all();
	if (shim_pages_live != h_top_pages(h)) {
		fprintf(stderr, "%s: %ld pages of tables left, want %ld\n",
			name, shim_pages_live, h_top_pages(h));
		abort();
	}
	pt_iommu_deinit(&h->table);
	if (shim_pages_live || shim_warnings) {
		fprintf(stderr, "%s: %ld pages leaked, %d warnings\n", name,
			shim_pages_live, shim_warnings);
		abort();
	}
}

#ifdef GENPT_FUZZ
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct harness h;
	static struct model m;
	size_t off;

	if (size < 1)
		return 0;
	h_init(&h, &cfgs[data[0] % ARRAY_SIZE(cfgs)]);
	m_init(&m, &h, 0, 1);
	for (off = 1; off + 16 <= size; off += 16) {
		u64 r, r2;

		memcpy(&r, data + off, 8);
		memcpy(&r2, data + off + 8, 8);
		m_step(&m, r, r2);
	}
	m_drain(&m);
	h_fini(&h, "fuzz");
	return 0;
}
#else
struct thread_arg {
	struct model m;
	pthread_t tid;
	unsigned long nops;
	u64 seed;
};

static void *h_thread(void *arg)
{
	struct thread_arg *t = arg;
	u64 s = t->seed;
	unsigned long n;

	rcu_register_thread();
	for (n = 0; n != t->nops; n++) {
		u64 r = splitmix(&s);

		m_step(&t->m, r, splitmix(&s));
	}
	m_drain(&t->m);
	rcu_unregister_thread();
	return NULL;
}

static int run_threads(unsigned int nthreads, unsigned long nops, u64 seed)
{
	static struct harness h;
	struct thread_arg *t = calloc(nthreads, sizeof(*t));
	unsigned int c, i;

	if (!t)
		return 1;
	for (c = 0; c != ARRAY_SIZE(cfgs); c++) {
		/* A top that grows does so early: start again, many times */
		unsigned int rounds = cfgs[c].features & BIT(PT_FEAT_DYNAMIC_TOP) ?
					      16 : 1;
		unsigned long total = 0, flushes = 0, r;

		for (r = 0; r != rounds; r++) {
			h_init(&h, &cfgs[c]);
			h_log_reset();
			for (i = 0; i != nthreads; i++) {
				m_init(&t[i].m, &h, i, nthreads);
				t[i].nops = nops / rounds;
				t[i].seed = seed * 1000 + c * 64 + i + r * 4096;
				if (pthread_create(&t[i].tid, NULL, h_thread,
						   &t[i]))
					return 1;
			}
			for (i = 0; i != nthreads; i++) {
				pthread_join(t[i].tid, NULL);
				total += t[i].m.ops;
			}
			h_check_counts(&h);
			flushes += h.flushes;
			h_fini(&h, cfgs[c].name);
		}
		printf("%-22s %u threads, %lu ops, 0 divergences, 0 leaks, %lu walk flushes\n",
		       cfgs[c].name, nthreads, total, flushes);
	}
	printf("%u passed, 0 failed\n", c);
	free(t);
	return 0;
}

#include <time.h>

static u64 h_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * -b pgsize count rounds: time map then unmap of count pages of pgsize, at
 * one of 256 places 1G apart in turn, on the first configuration (an
 * optimized build of this, or callgrind, tells where the time goes)
 */
static int run_bench(u64 pgsize, unsigned long count, unsigned long rounds)
{
	static struct harness h;
	struct iommu_iotlb_gather g;
	u64 map_ns = 0, unmap_ns = 0, t0, t1, t2;
	unsigned long r;

	h_init(&h, &cfgs[0]);
	iommu_iotlb_gather_init(&g);
	for (r = 0; r != rounds; r++) {
		u64 iova = (r % 256) << 30;
		size_t mapped = 0;

		t0 = h_now();
		if (pt_iommu_map_pages(&h.table.iommu.domain, iova, iova, pgsize,
				       count, IOMMU_READ, GFP_KERNEL, &mapped))
			abort();
		t1 = h_now();
		if (pt_iommu_unmap_pages(&h.table.iommu.domain, iova, pgsize,
					 count, &g) != pgsize * count)
			abort();
		t2 = h_now();
		iommu_put_pages_list(&g.freelist);
		iommu_iotlb_gather_init(&g);
		if (r >= 256) {
			map_ns += t1 - t0;
			unmap_ns += t2 - t1;
		}
	}
	printf("%s %llx x %lu: map %.1f ns, unmap %.1f ns\n", cfgs[0].name,
	       (unsigned long long)pgsize, count,
	       (double)map_ns / (rounds - 256), (double)unmap_ns / (rounds - 256));
	return 0;
}

int main(int argc, char **argv)
{
	static struct harness h;
	static struct model m;
	unsigned int nthreads = 0, c;
	unsigned long nops;
	u64 seed;

	if (argc > 4 && !strcmp(argv[1], "-b"))
		return run_bench(strtoull(argv[2], NULL, 0),
				 strtoul(argv[3], NULL, 0),
				 strtoul(argv[4], NULL, 0));
	if (argc > 2 && !strcmp(argv[1], "-t")) {
		nthreads = strtoul(argv[2], NULL, 0);
		if (nthreads > H_LOG_THREADS) {
			fprintf(stderr, "at most %u threads\n", H_LOG_THREADS);
			return 2;
		}
		argv += 2;
		argc -= 2;
	}
	nops = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
	seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	rcu_register_thread();
	h_verbose = getenv("GENPT_VERBOSE") ? atoi(getenv("GENPT_VERBOSE")) : 0;
	if (nthreads)
		return run_threads(nthreads, nops, seed);
	for (c = 0; c != ARRAY_SIZE(cfgs); c++) {
		u64 s = seed * 1000 + c;
		unsigned long n;

		h_init(&h, &cfgs[c]);
		m_init(&m, &h, 0, 1);
		for (n = 0; n != nops; n++) {
			u64 r = splitmix(&s);

			m_step(&m, r, splitmix(&s));
			if (h_verbose)
				h_check_counts(&h);
		}
		m_drain(&m);
		h_fini(&h, cfgs[c].name);
		printf("%-22s %lu ops, 0 divergences, 0 leaks, %lu walk flushes\n",
		       cfgs[c].name, m.ops, h.flushes);
	}
	printf("%u passed, 0 failed\n", c);
	return 0;
}
#endif
