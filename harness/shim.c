// SPDX-License-Identifier: GPL-2.0-only
/*
 * The harness's stand-ins for the page allocator and RCU (see
 * shim/kernel_shim.h). Table memory comes from one reserved region with a
 * struct page per page beside it, as the kernel's memory map: virt_to_page()
 * is an index, without a lock. Free memory is poisoned for AddressSanitizer
 * and reused oldest first, so a use after free is caught.
 */
#include <sched.h>
#include <sys/mman.h>
#include "shim/kernel_shim.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHIM_ASAN 1
#endif
#endif
#ifdef __SANITIZE_ADDRESS__
#define SHIM_ASAN 1
#endif
#ifdef SHIM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) do { } while (0)
#define UNPOISON(p, n) do { } while (0)
#endif

/*
 * Under ThreadSanitizer the allocator's lock must not order the threads: in
 * the kernel nothing orders a table's initialisation before another CPU's
 * walk into it but the library's own barriers, and a mutex every thread
 * takes now and then would hide a missing one. Its critical sections are
 * invisible to TSan: no synchronisation, no accesses.
 */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SHIM_TSAN 1
#endif
#endif
#ifdef __SANITIZE_THREAD__
#define SHIM_TSAN 1
#endif
#ifdef SHIM_TSAN
#include <sanitizer/tsan_interface.h>
void AnnotateIgnoreSyncBegin(const char *file, int line);
void AnnotateIgnoreSyncEnd(const char *file, int line);
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
/* What the kernel does order: a free before the reuse, call_rcu() before
 * its callback */
#define SHIM_RELEASE(p) __tsan_release(p)
#define SHIM_ACQUIRE(p) __tsan_acquire(p)
#else
#define SHIM_RELEASE(p) do { } while (0)
#define SHIM_ACQUIRE(p) do { } while (0)
#endif

/* Take a shim's own lock, unseen by TSan (see above) */
static void shim_lock_quiet(pthread_mutex_t *lock)
{
#ifdef SHIM_TSAN
	AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
	AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
	AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
#endif
	pthread_mutex_lock(lock);
}

static void shim_unlock_quiet(pthread_mutex_t *lock)
{
	pthread_mutex_unlock(lock);
#ifdef SHIM_TSAN
	AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
	AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
	AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
#endif
}

int shim_warnings;
long shim_pages_live;

#define SHIM_REGION (1ULL << 34)
#define SHIM_ORDERS 8
static pthread_mutex_t shim_lock = PTHREAD_MUTEX_INITIALIZER;
static char *shim_base;
static struct page *shim_map;
static u64 shim_next;
/* Free blocks of each order, oldest first, linked through lru.next */
static struct page *shim_free_head[SHIM_ORDERS], *shim_free_tail[SHIM_ORDERS];
static unsigned long shim_free_count[SHIM_ORDERS];
/* Freed memory stays poisoned while this many younger blocks are freed */
#define SHIM_QUARANTINE 4096

static void shim_init(void)
{
	/* Opened in chunks as it is used: a stray access past them faults */
	shim_base = mmap(NULL, SHIM_REGION, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	shim_map = mmap(NULL, (SHIM_REGION >> PAGE_SHIFT) * sizeof(struct page),
			PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (shim_base == MAP_FAILED || shim_map == MAP_FAILED)
		abort();
	/* Natural alignment of the largest block */
	shim_next = (-(uintptr_t)shim_base) &
		    ((PAGE_SIZE << (SHIM_ORDERS - 1)) - 1);
}

/* Make [0, end) of the region usable; what is not handed out is poisoned */
#define SHIM_CHUNK (64ULL << 20)
static u64 shim_open;

static void shim_open_to(u64 end)
{
	while (shim_open < end) {
		if (mprotect(shim_base + shim_open, SHIM_CHUNK,
			     PROT_READ | PROT_WRITE))
			abort();
		POISON(shim_base + shim_open, SHIM_CHUNK);
		shim_open += SHIM_CHUNK;
	}
}

struct page *shim_virt_to_page(const void *addr)
{
	u64 off = (const char *)addr - shim_base;

	if (!shim_base || off >= SHIM_REGION) {
		fprintf(stderr, "virt_to_page of %p, not table memory\n", addr);
		abort();
	}
	return &shim_map[off >> PAGE_SHIFT];
}

void *shim_alloc_pages(unsigned int order)
{
	struct page *page;
	void *p;

	if (order >= SHIM_ORDERS)
		abort();
	shim_lock_quiet(&shim_lock);
	if (!shim_base)
		shim_init();
	page = shim_free_count[order] > SHIM_QUARANTINE ? shim_free_head[order] :
							 NULL;
	if (page) {
		shim_free_count[order]--;
		shim_free_head[order] = (struct page *)page->lru.next;
		p = page->addr;
	} else {
		shim_next = (shim_next + (PAGE_SIZE << order) - 1) &
			    ~((PAGE_SIZE << order) - 1);
		if (shim_next + (PAGE_SIZE << order) > SHIM_REGION)
			abort();
		p = shim_base + shim_next;
		shim_next += PAGE_SIZE << order;
		shim_open_to(shim_next);
		page = shim_virt_to_page(p);
	}
	shim_pages_live += 1L << order;
	shim_unlock_quiet(&shim_lock);
	SHIM_ACQUIRE(page);
	UNPOISON(p, PAGE_SIZE << order);
	memset(p, 0, PAGE_SIZE << order);
	memset(page, 0, sizeof(*page) << order);
	page->addr = p;
	page->order = order;
	__atomic_store_n(&page->refcount, 1, __ATOMIC_RELEASE);
	return p;
}

static void shim_release(struct page *page)
{
	unsigned int order = page->order;

	POISON(page->addr, PAGE_SIZE << order);
	SHIM_RELEASE(page);
	shim_lock_quiet(&shim_lock);
	page->lru.next = NULL;
	if (shim_free_tail[order] && shim_free_head[order])
		shim_free_tail[order]->lru.next = (struct list_head *)page;
	else
		shim_free_head[order] = page;
	shim_free_tail[order] = page;
	shim_free_count[order]++;
	shim_pages_live -= 1L << order;
	shim_unlock_quiet(&shim_lock);
}

void shim_free_pages(void *addr, unsigned int order)
{
	struct page *page = shim_virt_to_page(addr);

	if (page->order != order || page->addr != addr ||
	    __atomic_sub_fetch(&page->refcount, 1, __ATOMIC_ACQ_REL)) {
		fprintf(stderr, "bad free of %p order %u\n", addr, order);
		abort();
	}
	shim_release(page);
}

void split_page(struct page *page, unsigned int order)
{
	unsigned int i;

	if (page->order != order)
		abort();
	for (i = 0; i != 1U << order; i++) {
		page[i].addr = (char *)page->addr + i * PAGE_SIZE;
		page[i].order = 0;
		page[i].refcount = 1;
	}
}

void get_page(struct page *page)
{
	if (__atomic_fetch_add(&page->refcount, 1, __ATOMIC_RELAXED) <= 0)
		abort();
}

void put_page(struct page *page)
{
	int ref = __atomic_sub_fetch(&page->refcount, 1, __ATOMIC_ACQ_REL);

	if (ref < 0)
		abort();
	if (!ref)
		shim_release(page);
}

/* RCU */

#define RCU_THREADS 64
static struct {
	unsigned long nest;
	unsigned long gen;
	bool used;
} rcu_threads[RCU_THREADS];
static int rcu_nthreads;
static __thread int rcu_me = -1;
static pthread_mutex_t rcu_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rcu_head *rcu_pending;

void rcu_register_thread(void)
{
	int i;

	shim_lock_quiet(&rcu_lock);
	/* A free slot: its generation goes on, so old snapshots see it move */
	for (i = 0; i != rcu_nthreads && rcu_threads[i].used; i++)
		;
	if (i == RCU_THREADS)
		abort();
	rcu_threads[i].used = true;
	if (i == rcu_nthreads)
		rcu_nthreads++;
	rcu_me = i;
	shim_unlock_quiet(&rcu_lock);
}

void rcu_unregister_thread(void)
{
	if (rcu_me < 0 ||
	    __atomic_load_n(&rcu_threads[rcu_me].nest, __ATOMIC_RELAXED))
		abort();
	shim_lock_quiet(&rcu_lock);
	rcu_threads[rcu_me].used = false;
	shim_unlock_quiet(&rcu_lock);
	rcu_me = -1;
}

void rcu_read_lock(void)
{
	if (rcu_me < 0)
		rcu_register_thread();
	__atomic_add_fetch(&rcu_threads[rcu_me].nest, 1, __ATOMIC_SEQ_CST);
}

void rcu_read_unlock(void)
{
	if (!__atomic_sub_fetch(&rcu_threads[rcu_me].nest, 1,
				__ATOMIC_SEQ_CST))
		__atomic_add_fetch(&rcu_threads[rcu_me].gen, 1,
				   __ATOMIC_SEQ_CST);
}

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	int i;

	head->func = func;
	head->snap = calloc(RCU_THREADS, sizeof(*head->snap));
	if (!head->snap)
		abort();
	SHIM_RELEASE(head);
	shim_lock_quiet(&rcu_lock);
	/* Wait for the threads inside a critical section now */
	for (i = 0; i != rcu_nthreads; i++)
		head->snap[i] = __atomic_load_n(&rcu_threads[i].nest,
						__ATOMIC_SEQ_CST) ?
					__atomic_load_n(&rcu_threads[i].gen,
							__ATOMIC_SEQ_CST) :
					ULONG_MAX;
	for (; i != RCU_THREADS; i++)
		head->snap[i] = ULONG_MAX;
	head->next = rcu_pending;
	rcu_pending = head;
	shim_unlock_quiet(&rcu_lock);
}

static bool rcu_done(struct rcu_head *head)
{
	int i;

	for (i = 0; i != RCU_THREADS; i++)
		if (head->snap[i] != ULONG_MAX &&
		    __atomic_load_n(&rcu_threads[i].gen, __ATOMIC_SEQ_CST) ==
			    head->snap[i])
			return false;
	return true;
}

static void rcu_run(bool all)
{
	struct rcu_head *ready = NULL, **pp, *head;

	shim_lock_quiet(&rcu_lock);
	for (pp = &rcu_pending; (head = *pp);) {
		if (all || rcu_done(head)) {
			*pp = head->next;
			head->next = ready;
			ready = head;
		} else {
			pp = &head->next;
		}
	}
	shim_unlock_quiet(&rcu_lock);
	while ((head = ready)) {
		SHIM_ACQUIRE(head);
		ready = head->next;
		free(head->snap);
		head->func(head);
	}
}

void rcu_poll(void)
{
	rcu_run(false);
}

void synchronize_rcu(void)
{
	unsigned long snap[RCU_THREADS];
	int i, n;

	shim_lock_quiet(&rcu_lock);
	n = rcu_nthreads;
	shim_unlock_quiet(&rcu_lock);
	for (i = 0; i != n; i++)
		snap[i] = __atomic_load_n(&rcu_threads[i].nest,
					  __ATOMIC_SEQ_CST) ?
				  __atomic_load_n(&rcu_threads[i].gen,
						  __ATOMIC_SEQ_CST) :
				  ULONG_MAX;
	for (i = 0; i != n; i++)
		while (snap[i] != ULONG_MAX &&
		       __atomic_load_n(&rcu_threads[i].gen,
				       __ATOMIC_SEQ_CST) == snap[i])
			sched_yield();
	rcu_run(false);
}

/* Only when no thread is in a critical section */
void rcu_barrier_all(void)
{
	rcu_run(true);
}
