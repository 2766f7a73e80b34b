// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace harness for the generic page table: the real core, AMD v1
 * format and iommu_domain operations (drivers/iommu/generic_pt/ as the
 * series adds them) compiled against the shims of shim/, driven by a
 * seeded random sequence or by libFuzzer, every result compared with a
 * reference model. Built with ASan and UBSan.
 *
 *   genpt_harness [ops-per-config [seed]]    random ops, every config
 *   genpt_fuzz (libFuzzer)                   the same engine, fuzz input
 */
#include "drivers/iommu/generic_pt/fmt/amdv1.h"
#include "drivers/iommu/generic_pt/pt_iter.h"

/* Table memory, with a struct page per allocation for virt_to_page() */
#define PAGE_BUCKETS 65536
static struct page_slot {
	struct page page;
	struct page_slot *next;
} *page_buckets[PAGE_BUCKETS];
static unsigned long pages_live;

static unsigned int page_hash(const void *addr)
{
	return ((uintptr_t)addr >> PAGE_SHIFT) % PAGE_BUCKETS;
}

struct page *shim_virt_to_page(const void *addr)
{
	struct page_slot *s;

	if (!addr)
		return NULL;
	for (s = page_buckets[page_hash(addr)]; s; s = s->next)
		if (s->page.addr == addr)
			return &s->page;
	fprintf(stderr, "virt_to_page of unknown %p\n", addr);
	abort();
}

void *shim_alloc_pages(int order)
{
	size_t len = PAGE_SIZE << order;
	struct page_slot *s = calloc(1, sizeof(*s));
	void *p = aligned_alloc(len, len);

	if (!s || !p)
		abort();
	memset(p, 0, len);
	s->page.addr = p;
	s->page.order = order;
	s->next = page_buckets[page_hash(p)];
	page_buckets[page_hash(p)] = s;
	pages_live++;
	return p;
}

void shim_free_pages(void *addr, int order)
{
	struct page_slot **sp;

	for (sp = &page_buckets[page_hash(addr)]; *sp; sp = &(*sp)->next) {
		if ((*sp)->page.addr == addr) {
			struct page_slot *s = *sp;

			if (s->page.order != (unsigned int)order)
				abort();
			*sp = s->next;
			free(s);
			free(addr);
			pages_live--;
			return;
		}
	}
	fprintf(stderr, "free of unknown page %p\n", addr);
	abort();
}

/* The template's hooks: allocation failure injection, no DMA */
static long fail_in = -1;

static bool pt_iommu_hook_alloc(void)
{
	if (fail_in == 0) {
		fail_in = -1;
		return false;
	}
	if (fail_in > 0)
		fail_in--;
	return true;
}

static void pt_iommu_hook_table(struct pt_table_p *table, bool alive)
{
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

static const struct cfg cfgs[] = {
	{ "1lvl", 0, 21, 0, 0 },
	{ "2lvl", 1, 30, 0, 0 },
	{ "3lvl", 2, 0, 0, 0 },
	{ "4lvl", 3, 0, 0, 0 },
	{ "5lvl", 4, 0, 0, 0 },
	{ "6lvl", 5, 0, 0, 0 },
	{ "3lvl_dyn48", 2, 48, 0, BIT(PT_FEAT_DYNAMIC_TOP) },
	{ "4lvl_fc", 3, 0, 0, BIT(PT_FEAT_AMDV1_FORCE_COHERENCE) },
	{ "6lvl_oa40", 5, 0, 40, 0 },
};

struct ref {
	u64 iova, last, paddr, pgsize, pgcount;
};

#define MAX_REFS 64

struct harness {
	struct pt_iommu_amdv1 table;
	struct iommu_iotlb_gather gather;
	spinlock_t lock;
	struct ref refs[MAX_REFS];
	unsigned int num;
	unsigned int win_lg2;
	u64 sizes;
	unsigned long ops;
	u64 rnd;
};

static void h_change_top(struct pt_iommu *iommu, phys_addr_t top,
			 unsigned int level)
{
}

static spinlock_t *h_get_lock(struct pt_iommu *iommu)
{
	return &container_of(iommu, struct harness, table.iommu)->lock;
}

static const struct pt_iommu_driver_ops h_ops = {
	.change_top = h_change_top,
	.get_top_lock = h_get_lock,
};

#define CHECK(cond, ...)                                                    \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "divergence at op %lu: %s: ",       \
				h->ops, #cond);                             \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
			abort();                                            \
		}                                                           \
	} while (0)

static void h_init(struct harness *h, const struct cfg *c)
{
	struct pt_iommu_amdv1_cfg pcfg = {
		.features = c->features,
		.starting_level = c->top_level,
		.max_vasz_lg2 = c->vasz_lg2,
		.max_oasz_lg2 = c->oasz_lg2,
	};

	memset(h, 0, sizeof(*h));
	h->table.iommu.driver_ops = &h_ops;
	h->table.iommu.nid = NUMA_NO_NODE;
	iommu_iotlb_gather_init(&h->gather);
	if (pt_iommu_init(&h->table, &pcfg, GFP_KERNEL))
		abort();
	h->win_lg2 = min_t(unsigned int, h->table.common.max_vasz_lg2, 40);
	h->sizes = h->table.iommu.domain.pgsize_bitmap &
		   log2_to_max_int(h->win_lg2 - 4);
}

static void h_fini(struct harness *h)
{
	iommu_put_pages_list(&h->gather.freelist);
	pt_iommu_deinit(&h->table);
}

/* One operation, decoded from 64 random or fuzzed bits */
static void h_step(struct harness *h, u64 r, u64 r2)
{
	struct iommu_domain *domain = &h->table.iommu.domain;
	unsigned int oa_lg2 = pt_max_oa_lg2(&h->table.common);
	unsigned int kind = r % 16;
	unsigned int i;

	h->ops++;
	if (kind < 7) {
		/* map: a random size (small ones likelier), count, place */
		unsigned int n = hweight64(h->sizes), pick = (r >> 4) % n;
		struct ref ref = {};
		u64 s = h->sizes, len;
		size_t mapped = 0;
		bool overlap = false;
		int ret, want;

		pick = min(pick, (unsigned int)((r >> 12) % n));
		while (pick--)
			s &= s - 1;
		ref.pgsize = 1ULL << __ffs64(s);
		ref.pgcount = 1 + (r >> 20) % 8;
		if (ref.pgsize == 4096 && (r >> 24) % 4 == 0)
			ref.pgcount = 1 + (r >> 26) % 1100;
		ref.iova = log2_set_mod(r2 & log2_to_max_int(h->win_lg2 - 1), 0,
					__ffs64(s));
		ref.paddr = log2_set_mod((r2 >> 20) * 4096 + (r >> 40) * 4096,
					 0, __ffs64(s)) & log2_to_max_int(oa_lg2);
		len = ref.pgsize * ref.pgcount;
		ref.last = ref.iova + len - 1;
		if (ref.paddr + len - 1 > log2_to_max_int(oa_lg2))
			ref.paddr = 0;
		for (i = 0; i != h->num; i++)
			if (ref.iova <= h->refs[i].last &&
			    ref.last >= h->refs[i].iova)
				overlap = true;
		if (h->num == MAX_REFS)
			return;
		want = ref.last > domain->geometry.aperture_end ? -ERANGE :
		       overlap ? -EADDRINUSE : 0;
		/*
		 * Sometimes an allocation fails: then nothing may change. A
		 * map that grows the top allocates before it walks, so it may
		 * report -ENOMEM where it would otherwise find the overlap.
		 */
		if ((r >> 60) == 0)
			fail_in = (r >> 56) % 4;
		ret = pt_iommu_map_pages(domain, ref.iova, ref.paddr,
					 ref.pgsize, ref.pgcount, IOMMU_READ,
					 GFP_KERNEL, &mapped);
		if (ret == -ENOMEM && fail_in == -1 && want != -ERANGE) {
			CHECK(!mapped, "mapped %zu on failure", mapped);
			if (!want)
				CHECK(pt_iommu_iova_to_phys(domain, ref.iova) == 0,
				      "ENOMEM left %llx mapped",
				      (unsigned long long)ref.iova);
			return;
		}
		fail_in = -1;
		CHECK(ret == want, "map %llx+%llx*%llu = %d, want %d",
		      (unsigned long long)ref.iova,
		      (unsigned long long)ref.pgsize,
		      (unsigned long long)ref.pgcount, ret, want);
		CHECK(mapped == (ret ? 0 : len), "mapped %zu", mapped);
		if (!ret)
			h->refs[h->num++] = ref;
	} else if (kind < 11) {
		/* unmap a live map call exactly, or a random hole */
		if (h->num && kind < 10) {
			unsigned int k = (r >> 4) % h->num;
			struct ref *ref = &h->refs[k];
			size_t got;

			got = pt_iommu_unmap_pages(domain, ref->iova,
						   ref->pgsize, ref->pgcount,
						   &h->gather);
			CHECK(got == ref->last - ref->iova + 1,
			      "unmap %llx got %zu", (unsigned long long)ref->iova,
			      got);
			CHECK(pt_iommu_iova_to_phys(domain, ref->last) == 0,
			      "still mapped");
			*ref = h->refs[--h->num];
			iommu_put_pages_list(&h->gather.freelist);
			iommu_iotlb_gather_init(&h->gather);
		} else {
			u64 va = r2 & log2_to_max_int(h->win_lg2 - 1) &
				 ~4095ULL;
			bool hole = true;

			for (i = 0; i != h->num; i++)
				if (va >= h->refs[i].iova && va <= h->refs[i].last)
					hole = false;
			if (hole)
				CHECK(pt_iommu_unmap_pages(domain, va, 4096, 1,
							   &h->gather) == 0,
				      "unmapped a hole");
		}
	} else if (kind < 14) {
		/* bad input: the errno, and nothing changes */
		static const int want[] = { -EINVAL, -EINVAL, -EOVERFLOW,
					    -EINVAL };
		u64 iova[] = { 4096 + 512, 0, U64_MAX - 4095, 0 };
		u64 pa[] = { 0, 2048, 0, 0 };
		u64 pgsz[] = { 4096, 4096, 4096, 4096 * 3 };
		u64 cnt[] = { 1, 1, 2, 1 };
		unsigned int b = (r >> 4) % 4;
		size_t mapped = 0;

		CHECK(pt_iommu_map_pages(domain, iova[b], pa[b], pgsz[b],
					 cnt[b], IOMMU_READ, GFP_KERNEL,
					 &mapped) == want[b] && !mapped,
		      "bad input %u", b);
	} else {
		/* translate: live mappings at random offsets, and holes */
		for (i = 0; i != h->num; i++) {
			struct ref *ref = &h->refs[i];
			u64 off = (r2 ^ (r >> 3) * i) % (ref->last - ref->iova + 1);

			CHECK(pt_iommu_iova_to_phys(domain, ref->iova + off) ==
			      ref->paddr + off, "iova_to_phys %llx",
			      (unsigned long long)(ref->iova + off));
		}
	}
}

static u64 splitmix(u64 *s)
{
	u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void h_drain(struct harness *h)
{
	while (h->num) {
		struct ref *ref = &h->refs[--h->num];

		if (pt_iommu_unmap_pages(&h->table.iommu.domain, ref->iova,
					 ref->pgsize, ref->pgcount, &h->gather) !=
		    ref->last - ref->iova + 1)
			abort();
	}
	iommu_put_pages_list(&h->gather.freelist);
	iommu_iotlb_gather_init(&h->gather);
}

#ifdef GENPT_CALLGRIND
/*
 * Instruction counts under callgrind: time-independent. Each mode does
 * ROUNDS rounds of map then unmap of @count pages of @pgsize on a 3 level
 * table (whose tables exist after the first round); callgrind's total
 * divided by the operations gives instructions per operation.
 */
int main(int argc, char **argv)
{
	u64 pgsize = argc > 1 ? strtoull(argv[1], NULL, 0) : 4096;
	unsigned long count = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
	unsigned long rounds = argc > 3 ? strtoul(argv[3], NULL, 0) : 10000;
	static struct harness h;
	unsigned long r;

	h_init(&h, &cfgs[2]);
	for (r = 0; r != rounds; r++) {
		size_t mapped = 0;

		if (pt_iommu_map_pages(&h.table.iommu.domain, 0, 0, pgsize,
				       count, IOMMU_READ, GFP_KERNEL, &mapped))
			abort();
		if (pt_iommu_unmap_pages(&h.table.iommu.domain, 0, pgsize,
					 count, &h.gather) != pgsize * count)
			abort();
		iommu_put_pages_list(&h.gather.freelist);
		iommu_iotlb_gather_init(&h.gather);
	}
	h_fini(&h);
	return 0;
}
#elif defined(GENPT_FUZZ)
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct harness h;
	size_t off;

	if (size < 1)
		return 0;
	h_init(&h, &cfgs[data[0] % ARRAY_SIZE(cfgs)]);
	for (off = 1; off + 16 <= size; off += 16) {
		u64 r, r2;

		memcpy(&r, data + off, 8);
		memcpy(&r2, data + off + 8, 8);
		h_step(&h, r, r2);
	}
	h_drain(&h);
	h_fini(&h);
	if (pages_live)
		abort();
	return 0;
}
#else
int main(int argc, char **argv)
{
	unsigned long nops = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
	u64 seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	static struct harness h;
	unsigned long total = 0;
	unsigned int c;

	for (c = 0; c != ARRAY_SIZE(cfgs); c++) {
		u64 s = seed * 1000 + c;
		unsigned long n;

		h_init(&h, &cfgs[c]);
		for (n = 0; n != nops; n++) {
			u64 r = splitmix(&s);

			h_step(&h, r, splitmix(&s));
		}
		h_drain(&h);
		h_fini(&h);
		if (pages_live) {
			fprintf(stderr, "%s: %lu pages leaked\n", cfgs[c].name,
				pages_live);
			return 1;
		}
		printf("%-12s %lu ops, 0 divergences, 0 leaks\n", cfgs[c].name,
		       h.ops);
		total += h.ops;
	}
	printf("%u passed, 0 failed\n", c);
	return 0;
}
#endif
