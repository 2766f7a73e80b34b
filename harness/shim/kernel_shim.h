/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few kernel facilities the generic page table headers use, for a
 * userspace build (like tools/testing/radix-tree). Every header of linux/ in
 * this directory includes this file; none copies kernel code.
 *
 * Everything is thread safe, and every access the kernel makes with
 * READ_ONCE()/WRITE_ONCE(), atomics or cmpxchg is a compiler atomic here,
 * so that ThreadSanitizer sees the same synchronization the kernel code
 * relies on. READ_ONCE() is an acquire load: it stands for the address
 * dependency ordering the kernel gets from it.
 */
#ifndef __GENPT_KERNEL_SHIM_H
#define __GENPT_KERNEL_SHIM_H

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef unsigned int gfp_t;

#define U64_MAX UINT64_MAX

#undef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define noinline __attribute__((__noinline__))
#define __maybe_unused __attribute__((__unused__))
#define __cold __attribute__((__cold__))
/* Stack variables start uninitialised here anyway */
#define __uninitialized
#define fallthrough __attribute__((__fallthrough__))
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define WRITE_ONCE(x, val) __atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)

#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define GENMASK(h, l) (((~0UL) << (l)) & (~0UL >> (63 - (h))))
#define GENMASK_ULL(h, l) (((~0ULL) << (l)) & (~0ULL >> (63 - (h))))
#define __bf_shf(x) (__builtin_ffsll(x) - 1)
#define FIELD_GET(mask, reg) (((reg) & (mask)) >> __bf_shf(mask))
#define FIELD_PREP(mask, val) (((u64)(val) << __bf_shf(mask)) & (mask))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define __CONCAT_SHIM(a, b) a##b
#define CONCATENATE(a, b) __CONCAT_SHIM(a, b)
#define struct_size(p, member, n) \
	(sizeof(*(p)) + (size_t)(n) * sizeof((p)->member[0]))

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define swap(a, b) do { typeof(a) __t = (a); (a) = (b); (b) = __t; } while (0)

#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)

static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

static inline unsigned int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline unsigned int __ffs64(u64 x)
{
	return __builtin_ctzll(x);
}

static inline unsigned int hweight64(u64 x)
{
	return __builtin_popcountll(x);
}


#define try_cmpxchg64(p, oldp, new) \
	__atomic_compare_exchange_n(p, oldp, new, false, __ATOMIC_SEQ_CST, \
				    __ATOMIC_SEQ_CST)
#define try_cmpxchg64_release(p, oldp, new) \
	__atomic_compare_exchange_n(p, oldp, new, false, __ATOMIC_RELEASE, \
				    __ATOMIC_RELAXED)
#define cmpxchg(p, old, new) ({ typeof(*(p)) __o = (old); \
	__atomic_compare_exchange_n(p, &__o, new, false, __ATOMIC_SEQ_CST, \
				    __ATOMIC_SEQ_CST); __o; })

/* atomic_t: value-returning operations are fully ordered, as the kernel's */
typedef struct {
	int counter;
} atomic_t;

#define atomic_read(v) __atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_set(v, i) __atomic_store_n(&(v)->counter, i, __ATOMIC_RELAXED)

static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline int atomic_sub_return(int i, atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_dec(atomic_t *v)
{
	__atomic_sub_fetch(&v->counter, 1, __ATOMIC_RELAXED);
}

static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	__atomic_compare_exchange_n(&v->counter, &old, new, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

typedef struct {
	s64 counter;
} atomic64_t;

#define atomic64_set(v, i) __atomic_store_n(&(v)->counter, i, __ATOMIC_RELAXED)

static inline s64 atomic64_inc_return(atomic64_t *v)
{
	return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}

#define BITS_PER_LONG (8 * (int)sizeof(long))

static inline unsigned long __ffs(unsigned long x)
{
	return __builtin_ctzl(x);
}

extern int shim_warnings;
#define WARN_ON(c) ({ bool __c = (c); if (__c) { fprintf(stderr, "WARN_ON %s:%d\n", __FILE__, __LINE__); __atomic_add_fetch(&shim_warnings, 1, __ATOMIC_RELAXED); } __c; })

/* Memory: addresses are their own physical addresses */
#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define NUMA_NO_NODE (-1)
#define GFP_KERNEL 0u
#define GFP_ATOMIC 0u
#define __GFP_ZERO 1u
#define __GFP_NOWARN 2u

static inline void *phys_to_virt(u64 pa)
{
	return (void *)(uintptr_t)pa;
}

static inline u64 virt_to_phys(const void *va)
{
	return (uintptr_t)va;
}

#define __sme_set(x) (x)
#define __sme_clr(x) (x)

/*
 * list_head, as include/linux/list.h: the ->next stores are WRITE_ONCE()
 * and list_empty() a READ_ONCE(), so a lockless list_empty() peek at a
 * list others change under a lock is a marked race, as in the kernel
 */
struct list_head {
	struct list_head *next, *prev;
};

#define LIST_WRITE_NEXT(e, v) __atomic_store_n(&(e)->next, v, __ATOMIC_RELAXED)

static inline void INIT_LIST_HEAD(struct list_head *l)
{
	LIST_WRITE_NEXT(l, l);
	l->prev = l;
}

static inline void __list_add(struct list_head *n, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	LIST_WRITE_NEXT(prev, n);
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	__list_add(n, h->prev, h);
}

static inline void list_add(struct list_head *n, struct list_head *h)
{
	__list_add(n, h, h->next);
}

static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev;
	LIST_WRITE_NEXT(e->prev, e->next);
}

static inline void list_del_init(struct list_head *e)
{
	list_del(e);
	INIT_LIST_HEAD(e);
}

static inline bool list_empty(const struct list_head *h)
{
	return __atomic_load_n(&h->next, __ATOMIC_RELAXED) == h;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry_or_null(head, type, member)                       \
	(!list_empty(head) ? list_entry((head)->next, type, member) : NULL)
#define list_for_each_entry(pos, head, member)                             \
	for (pos = list_entry((head)->next, __typeof__(*pos), member);     \
	     &pos->member != (head);                                       \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member)                     \
	for (pos = list_entry((head)->next, __typeof__(*pos), member),     \
	     n = list_entry(pos->member.next, __typeof__(*pos), member);   \
	     &pos->member != (head);                                       \
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

/*
 * Pages: an allocation of 2^order pages has an array of struct page, as the
 * kernel's memory map does, so page[i] is the i-th page. Each page has a
 * reference count; the allocation's memory goes when all its pages have.
 * split_page() makes an allocation's pages separate.
 */
struct shim_block;
struct page {
	struct list_head lru;
	void *addr;
	unsigned int order;
	int refcount;
	/* What struct ptdesc gives page tables: a fragment count */
	atomic_t pt_frag_refcount;
	unsigned long private;
	struct shim_block *block;
};

struct page *shim_virt_to_page(const void *addr);
#define virt_to_page(addr) shim_virt_to_page(addr)
#define virt_to_ptdesc(addr) shim_virt_to_page(addr)

#define page_private(page) ((page)->private)
#define set_page_private(page, v) ((page)->private = (v))

static inline void *page_address(struct page *page)
{
	return page->addr;
}

void *shim_alloc_pages(unsigned int order);
void shim_free_pages(void *addr, unsigned int order);
void split_page(struct page *page, unsigned int order);
void get_page(struct page *page);
void put_page(struct page *page);
extern long shim_pages_live;

/* As lib/string.c: a word at a time, then the bytes of the odd word */
static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	uint64_t v = 0x0101010101010101ull * (unsigned char)c, w;

	for (; bytes >= 8; p += 8, bytes -= 8) {
		memcpy(&w, p, 8);
		if (w != v)
			break;
	}
	for (; bytes; p++, bytes--)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}

/* spinlocks: mutexes, which ThreadSanitizer knows */
typedef pthread_mutex_t spinlock_t;
#define spin_lock_init(l) pthread_mutex_init(l, NULL)
#define spin_lock(l) pthread_mutex_lock(l)
#define spin_unlock(l) pthread_mutex_unlock(l)
#define spin_lock_irqsave(l, flags) do { (void)(flags); pthread_mutex_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); pthread_mutex_unlock(l); } while (0)

/*
 * RCU: readers mark their critical sections in a per-thread word; a
 * callback runs once every thread has been outside a critical section since
 * it was queued. Callbacks are run by rcu_poll() (each thread calls it now
 * and then) and synchronize_rcu() (when no thread is in a critical section).
 */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
	unsigned long *snap;
};

void rcu_read_lock(void);
void rcu_read_unlock(void);
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
void rcu_poll(void);
/* Waits for the readers of other threads; call it outside a critical section */
void synchronize_rcu(void);
/* Runs every callback: only when no thread is in a critical section */
void rcu_barrier_all(void);
void rcu_register_thread(void);
void rcu_unregister_thread(void);

/* Delayed work: the harness runs the reclaim itself, never the work */
struct work_struct {
	int unused;
};

struct delayed_work {
	struct work_struct work;
};

#define HZ 100
#define system_unbound_wq NULL
#define INIT_DELAYED_WORK(w, fn) ((void)(fn), (w)->work.unused = 0)
static inline bool queue_delayed_work(void *wq, struct delayed_work *w,
				      unsigned long delay)
{
	return true;
}

static inline bool cancel_delayed_work_sync(struct delayed_work *w)
{
	return false;
}

#define to_delayed_work(w) container_of(w, struct delayed_work, work)

static inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
	return (__atomic_load_n(&addr[nr / BITS_PER_LONG], __ATOMIC_RELAXED) >>
		(nr % BITS_PER_LONG)) & 1;
}

static inline bool test_and_set_bit(unsigned int nr, unsigned long *addr)
{
	return __atomic_fetch_or(addr, 1UL << nr, __ATOMIC_SEQ_CST) &
	       (1UL << nr);
}

static inline void clear_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_and(addr, ~(1UL << nr), __ATOMIC_RELAXED);
}

#define smp_mb__after_atomic() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define LIST_HEAD(name) struct list_head name = { &(name), &(name) }

/* DMA: unused by the harness, which compiles the template's hooks */
#define DMA_MAPPING_ERROR (~(dma_addr_t)0)
struct device;

static inline void *kzalloc_node(size_t size, gfp_t gfp, int nid)
{
	return calloc(1, size);
}

static inline void *kmalloc(size_t size, gfp_t gfp)
{
	return malloc(size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define alloc_pages_node(nid, gfp, order) shim_virt_to_page(shim_alloc_pages(order))
#define free_pages(addr, order) shim_free_pages((void *)(addr), order)

#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)

#endif
