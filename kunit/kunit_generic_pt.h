/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generic page table: the format suite.
 *
 * Checks a format against the contract of pt_fmt_api.h through the generic
 * code only, so that every format passes the same cases: the arithmetic of
 * each level, the encoding of every page size it can express, table
 * pointers, address limits, page size selection and walks. Included by each
 * format's fmt/kunit_<format>.c after it defines kunit_pt_cfgs[] and
 * KUNIT_PT_FMT_NAME, and optionally KUNIT_PT_KNOWN_ENTRIES, the name of an
 * array of struct kunit_pt_known.
 */
#include "kunit_pt.h"

KUNIT_ARRAY_PARAM_DESC(kunit_pt, kunit_pt_cfgs, name);

/* The log2 helpers at the edges of their domain */
static void test_log2(struct kunit *test)
{
	unsigned int lg2;

	KUNIT_EXPECT_EQ(test, log2_to_int(0), 1ULL);
	KUNIT_EXPECT_EQ(test, log2_to_int(63), 1ULL << 63);
	KUNIT_EXPECT_EQ(test, log2_to_max_int(0), 0ULL);
	KUNIT_EXPECT_EQ(test, log2_to_max_int(12), 0xfffULL);
	KUNIT_EXPECT_EQ(test, log2_to_max_int(64), U64_MAX);
	KUNIT_EXPECT_EQ(test, log2_div(U64_MAX, 64), 0ULL);
	KUNIT_EXPECT_EQ(test, log2_div(0x12345000ULL, 12), 0x12345ULL);
	KUNIT_EXPECT_TRUE(test, log2_div_eq(0, U64_MAX, 64));
	KUNIT_EXPECT_FALSE(test, log2_div_eq(0, U64_MAX, 63));
	KUNIT_EXPECT_TRUE(test, log2_div_eq(0x1000, 0x1fff, 12));
	KUNIT_EXPECT_FALSE(test, log2_div_eq(0x1fff, 0x2000, 12));
	KUNIT_EXPECT_EQ(test, log2_mul(3, 12), 0x3000ULL);
	KUNIT_EXPECT_EQ(test, log2_mod(0x12345, 12), 0x345ULL);
	KUNIT_EXPECT_EQ(test, log2_mod(U64_MAX, 64), U64_MAX);
	KUNIT_EXPECT_TRUE(test, log2_mod_eq_max(0x1fff, 12));
	KUNIT_EXPECT_FALSE(test, log2_mod_eq_max(0x1ffe, 12));
	KUNIT_EXPECT_TRUE(test, log2_mod_eq_max(U64_MAX, 64));
	KUNIT_EXPECT_EQ(test, log2_set_mod(0x12345, 0xabc, 12), 0x12abcULL);
	KUNIT_EXPECT_EQ(test, log2_set_mod(0x12345, 7, 64), 7ULL);
	KUNIT_EXPECT_EQ(test, log2_set_mod_max(0x12000, 12), 0x12fffULL);
	KUNIT_EXPECT_EQ(test, log2_fls(0), 0U);
	KUNIT_EXPECT_EQ(test, log2_fls(1), 1U);
	KUNIT_EXPECT_EQ(test, log2_fls(U64_MAX), 64U);
	KUNIT_EXPECT_EQ(test, log2_ffs(0), 64U);
	KUNIT_EXPECT_EQ(test, log2_ffs(1ULL << 63), 63U);
	KUNIT_EXPECT_EQ(test, log2_ffz(U64_MAX), 64U);
	KUNIT_EXPECT_EQ(test, log2_ffz(0xfff), 12U);

	for (lg2 = 0; lg2 != 64; lg2++) {
		KUNIT_EXPECT_EQ(test, log2_to_max_int(lg2) + 1, log2_to_int(lg2));
		KUNIT_EXPECT_EQ(test, log2_ffs(log2_to_int(lg2)), lg2);
		KUNIT_EXPECT_EQ(test, log2_fls(log2_to_int(lg2)), lg2 + 1);
		KUNIT_EXPECT_EQ(test, log2_ffz(log2_to_max_int(lg2)), lg2);
	}
}

/* The size and index arithmetic of every level, against first principles */
static void test_radix(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range range = pt_top_range(&kpt->common);
	struct pt_state pts = { .range = &range };
	unsigned int i;

	KUNIT_EXPECT_EQ(test, range.top_level, kpt->cfg->top_level);
	KUNIT_EXPECT_LE(test, range.top_level, PT_MAX_TOP_LEVEL);
	KUNIT_EXPECT_EQ(test, range.va, 0ULL);
	KUNIT_EXPECT_EQ(test, range.last_va,
			log2_to_max_int(range.max_vasz_lg2));
	KUNIT_EXPECT_LE(test, range.max_vasz_lg2, kpt->common.max_vasz_lg2);

	for (pts.level = 0; pts.level <= range.top_level; pts.level++) {
		unsigned int isz_lg2 = pt_table_item_lg2sz(&pts);
		unsigned int nitems_lg2 = pt_num_items_lg2(&pts);

		/*
		 * The table fits in its memory, a table below the top fills
		 * it, the levels chain
		 */
		KUNIT_EXPECT_LE(test, nitems_lg2 + ilog2(PT_ITEM_WORD_SIZE),
				pt_table_mem_lg2sz(&pts));
		if (pts.level != range.top_level)
			KUNIT_EXPECT_EQ(test,
					nitems_lg2 + ilog2(PT_ITEM_WORD_SIZE),
					PT_TABLEMEM_LG2SZ);
		if (pts.level == 0)
			KUNIT_EXPECT_EQ(test, isz_lg2, PT_GRANULE_LG2SZ);
		if (pts.level != range.top_level) {
			struct pt_state upper = pts;

			upper.level++;
			KUNIT_EXPECT_EQ(test, pt_table_item_lg2sz(&upper),
					isz_lg2 + nitems_lg2);
		} else {
			/* The top table spans what the range says */
			KUNIT_EXPECT_GE(test, pt_table_lg2sz(&pts),
					range.max_vasz_lg2);
		}
		KUNIT_EXPECT_EQ(test, pt_table_lg2sz(&pts),
				min(64U, isz_lg2 + nitems_lg2));
		if (pts.level)
			KUNIT_EXPECT_TRUE(test, pt_can_have_table(&pts));
		else
			KUNIT_EXPECT_FALSE(test, pt_can_have_table(&pts));

		for (i = 0; i != 256; i++) {
			pt_vaddr_t va = kunit_pt_rand_lg2(kpt, range.max_vasz_lg2);
			pt_vaddr_t last_va = kunit_pt_rand_lg2(kpt,
							     range.max_vasz_lg2);
			unsigned int tlg2 = pt_table_lg2sz(&pts);
			struct pt_range sub = range;
			struct pt_state cur;
			unsigned int index;

			if (last_va < va)
				swap(va, last_va);
			index = (va >> isz_lg2) & ((1U << nitems_lg2) - 1);
			KUNIT_EXPECT_EQ(test, pt_va_to_index(&pts, va), index);

			/* A cursor for the table holding va */
			sub.va = va;
			sub.last_va = last_va;
			cur = pt_init(&sub, pts.level, NULL);
			KUNIT_EXPECT_EQ(test, cur.index, index);
			if (tlg2 < 64 && (va >> tlg2) != (last_va >> tlg2))
				KUNIT_EXPECT_EQ(test, cur.end_index,
						1U << nitems_lg2);
			else
				KUNIT_EXPECT_EQ(test, cur.end_index,
						((last_va >> isz_lg2) &
						 ((1U << nitems_lg2) - 1)) + 1);

			/* Back from an index to the first address of its item */
			cur.index = kunit_pt_rand_lg2(kpt, nitems_lg2);
			KUNIT_EXPECT_EQ(test, pt_index_to_va(&cur),
					(va & ~log2_to_max_int(tlg2)) +
						((u64)cur.index << isz_lg2));
		}
	}
}

/*
 * Every page size every level can express: encode with each protection,
 * decode every item of the contiguous run, dirty state, then clear, and
 * check that nothing outside the run was touched.
 */
static void test_entry_roundtrip(struct kunit *test)
{
	static const unsigned int prots[] = { IOMMU_READ, IOMMU_WRITE,
					      IOMMU_READ | IOMMU_WRITE };
	struct kunit_pt *kpt = test->priv;
	struct pt_range range = pt_top_range(&kpt->common);
	struct pt_state pts = { .range = &range };
	unsigned int oa_lg2 = pt_max_oa_lg2(&kpt->common);
	unsigned int tested = 0;

	pts.table = kunit_pt_table_alloc(kpt);
	KUNIT_ASSERT_NOT_NULL(test, pts.table);

	for (pts.level = 0; pts.level <= range.top_level; pts.level++) {
		unsigned int isz_lg2 = pt_table_item_lg2sz(&pts);
		u64 sizes = pt_possible_sizes(&pts) &
			    log2_to_max_int(min(oa_lg2, range.max_vasz_lg2));
		unsigned int nitems_lg2 = pt_num_items_lg2(&pts);
		unsigned int p, i;

		if (!pt_can_have_leaf(&pts)) {
			KUNIT_EXPECT_EQ(test, pt_possible_sizes(&pts), 0ULL);
			continue;
		}
		KUNIT_EXPECT_TRUE(test, pt_possible_sizes(&pts) &
						log2_to_int(isz_lg2));
		KUNIT_EXPECT_FALSE(test, pt_possible_sizes(&pts) &
						 log2_to_max_int(isz_lg2));

		while (sizes) {
			unsigned int pgsz_lg2 = __ffs64(sizes);
			unsigned int contig_lg2 = pgsz_lg2 - isz_lg2;
			unsigned int num = 1U << contig_lg2;
			unsigned int first;

			sizes &= sizes - 1;
			KUNIT_ASSERT_LE(test, contig_lg2, nitems_lg2);
			for (p = 0; p != ARRAY_SIZE(prots); p++) {
				struct pt_write_attrs attrs;
				pt_oaddr_t oa;

				oa = log2_set_mod(kunit_pt_rand_lg2(kpt, oa_lg2),
						  0, pgsz_lg2);
				first = log2_set_mod(kunit_pt_rand_lg2(kpt,
								       nitems_lg2),
						     0, contig_lg2);
				KUNIT_ASSERT_EQ(test,
						pt_make_write_attrs(&kpt->common,
								    &attrs,
								    prots[p]),
						0);
				pts.index = first;
				pt_install_leaf_entry(&pts, oa, pgsz_lg2,
						      &attrs);

				for (i = 0; i != 1U << nitems_lg2; i++) {
					bool in_run = i >= first &&
						      i < first + num;

					pts.index = i;
					KUNIT_ASSERT_EQ(test,
							pt_load_single_entry(&pts),
							in_run ? PT_ENTRY_OA :
								 PT_ENTRY_EMPTY);
					if (!in_run)
						continue;
					KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts),
							oa);
					KUNIT_EXPECT_EQ(test,
							pt_entry_num_contig_lg2(&pts),
							contig_lg2);
					/*
					 * Exactly the write permission asked
					 * for; write alone may also grant read
					 * where the format cannot encode it.
					 */
					KUNIT_EXPECT_EQ(test,
							pt_entry_prot(&pts) &
								IOMMU_WRITE,
							prots[p] & IOMMU_WRITE);
					KUNIT_EXPECT_EQ(test,
							pt_entry_prot(&pts) &
								prots[p],
							prots[p]);
					KUNIT_EXPECT_FALSE(test,
							   pt_entry_is_write_dirty(&pts));
				}

				/* Dirty one item: the whole run reads dirty */
				pts.index = first + (num - 1) / 2;
				pt_load_single_entry(&pts);
				if (pt_entry_make_write_dirty(&pts)) {
					pts.index = first + num - 1;
					pt_load_single_entry(&pts);
					KUNIT_EXPECT_TRUE(test,
							  pt_entry_is_write_dirty(&pts));
					pts.index = first;
					pt_load_single_entry(&pts);
					pt_entry_set_write_clean(&pts);
					for (i = first; i != first + num; i++) {
						pts.index = i;
						pt_load_single_entry(&pts);
						KUNIT_EXPECT_FALSE(test,
								   pt_entry_is_write_dirty(&pts));
						KUNIT_EXPECT_EQ(test,
								pt_entry_oa(&pts),
								oa);
					}
				}

				pts.index = first;
				pt_clear_entries(&pts, contig_lg2);
				KUNIT_ASSERT_NULL(test,
						  memchr_inv(pts.table, 0,
							     1U << kpt->table_lg2sz));
				tested++;
			}
		}
	}
	KUNIT_EXPECT_NE(test, tested, 0U);
	kunit_pt_table_free(kpt, pts.table);
}

/*
 * Write a leaf of 2^pgsz_lg2 at index 0 of @pts with @prot (made dirty if
 * @dirty), read its attributes back, and check that they write the same
 * leaf again and leaves of the level below with the same protection and
 * dirty state. Return false if the format cannot make the leaf dirty.
 */
static bool check_entry_attrs(struct kunit *test, struct kunit_pt *kpt,
			      struct pt_state *pts, struct pt_state *lower,
			      unsigned int pgsz_lg2, unsigned int prot,
			      bool dirty)
{
	unsigned int num_lg2 = pgsz_lg2 - pt_table_item_lg2sz(pts);
	struct pt_write_attrs attrs, back;
	pt_oaddr_t oa, lower_oa;
	bool was_dirty;
	u64 entry;

	oa = log2_set_mod(kunit_pt_rand_lg2(kpt, pt_max_oa_lg2(&kpt->common)),
			  0, pgsz_lg2);
	KUNIT_ASSERT_EQ(test, pt_make_write_attrs(&kpt->common, &attrs, prot),
			0);
	pts->index = 0;
	pt_install_leaf_entry(pts, oa, pgsz_lg2, &attrs);
	if (dirty && !pt_entry_make_write_dirty(pts)) {
		pt_clear_entries(pts, num_lg2);
		return false;
	}
	pt_load_single_entry(pts);
	was_dirty = pt_entry_is_write_dirty(pts);
	entry = pts->entry;
	pt_attr_from_entry(pts, &back);

	/* The same leaf, elsewhere in the table */
	pts->index = 1U << num_lg2;
	pt_install_leaf_entry(pts, oa, pgsz_lg2, &back);
	KUNIT_EXPECT_EQ_MSG(test, pts->entry, entry, "level %u size %u prot %x",
			    pts->level, pgsz_lg2, prot);

	/* The items of the level below */
	if (pts->level && pt_can_have_leaf(pts)) {
		lower->level = pts->level - 1;
		lower->index = 5;
		lower_oa = oa + 5 * log2_to_int(pt_table_item_lg2sz(lower));
		pt_install_leaf_entry(lower, lower_oa,
				      pt_table_item_lg2sz(lower), &back);
		pt_load_single_entry(lower);
		KUNIT_EXPECT_EQ(test, pt_load_entry_raw(lower), PT_ENTRY_OA);
		KUNIT_EXPECT_EQ(test, pt_entry_prot(lower), pt_entry_prot(pts));
		KUNIT_EXPECT_EQ(test, pt_entry_is_write_dirty(lower), was_dirty);
		KUNIT_EXPECT_EQ(test, pt_entry_oa(lower), lower_oa);
		pt_clear_entries(lower, 0);
	}
	pts->index = 0;
	pt_clear_entries(pts, num_lg2);
	pts->index = 1U << num_lg2;
	pt_clear_entries(pts, num_lg2);
	return true;
}

/*
 * The attributes of a leaf, as pt_attr_from_entry() gives them, write the
 * same leaf again, and leaves of the level below with the same protection
 * and dirty state: what cutting a large page relies on. A tombstone reads
 * as empty.
 */
static void test_entry_attrs(struct kunit *test)
{
	static const unsigned int prots[] = { IOMMU_READ, IOMMU_WRITE,
					      IOMMU_READ | IOMMU_WRITE,
					      IOMMU_READ | IOMMU_CACHE,
					      IOMMU_WRITE | IOMMU_NOEXEC,
					      IOMMU_READ | IOMMU_MMIO };
	struct kunit_pt *kpt = test->priv;
	struct pt_range range = pt_top_range(&kpt->common);
	struct pt_state pts = { .range = &range }, lower = { .range = &range };
	unsigned int oa_lg2 = pt_max_oa_lg2(&kpt->common);
	unsigned int tested = 0, p;

	pts.table = kunit_pt_table_alloc(kpt);
	lower.table = kunit_pt_table_alloc(kpt);
	KUNIT_ASSERT_NOT_NULL(test, pts.table);
	KUNIT_ASSERT_NOT_NULL(test, lower.table);

	pt_table_word_write(pts.table, 3, PT_TOMBSTONE_ENTRY);
	pts.index = 3;
	KUNIT_EXPECT_EQ(test, pt_load_entry_raw(&pts), PT_ENTRY_EMPTY);
	pt_table_word_write(pts.table, 3, 0);

	for (pts.level = 0; pts.level <= range.top_level; pts.level++) {
		u64 sizes = pt_possible_sizes(&pts) &
			    log2_to_max_int(min(oa_lg2, range.max_vasz_lg2));

		while (sizes) {
			unsigned int pgsz_lg2 = __ffs64(sizes);

			sizes &= sizes - 1;
			for (p = 0; p != ARRAY_SIZE(prots); p++) {
				tested += check_entry_attrs(test, kpt, &pts,
							    &lower, pgsz_lg2,
							    prots[p], false);
				tested += check_entry_attrs(test, kpt, &pts,
							    &lower, pgsz_lg2,
							    prots[p], true);
			}
		}
	}
	KUNIT_EXPECT_NE(test, tested, 0U);
	KUNIT_EXPECT_NULL(test, memchr_inv(pts.table, 0, 1U << kpt->table_lg2sz));
	kunit_pt_table_free(kpt, pts.table);
	kunit_pt_table_free(kpt, lower.table);
}

/*
 * Where the format says a run of single-item leaves is linear, the entries
 * pt_install_leaf_entry() makes one by one must be the first plus the OA
 * offset: a map of many pages writes them that way. Runs from random output
 * addresses, and runs that cross each power of two of the output address
 * space, where an encoding that moves address bits would break.
 */
static void test_entry_oa_linear(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range range = pt_top_range(&kpt->common);
	struct pt_state pts = { .range = &range };
	unsigned int oa_lg2 = pt_max_oa_lg2(&kpt->common);
	const unsigned int num = 4;
	struct pt_write_attrs attrs;
	unsigned int linear = 0, other = 0;

	KUNIT_ASSERT_EQ(test, pt_make_write_attrs(&kpt->common, &attrs,
						  IOMMU_READ | IOMMU_WRITE),
			0);
	pts.table = kunit_pt_table_alloc(kpt);
	KUNIT_ASSERT_NOT_NULL(test, pts.table);

	for (pts.level = 0; pts.level <= range.top_level; pts.level++) {
		unsigned int isz_lg2 = pt_table_item_lg2sz(&pts);
		unsigned int nitems_lg2 = pt_num_items_lg2(&pts);
		unsigned int b, i;

		if (!pt_can_have_leaf(&pts) || isz_lg2 + 3 > oa_lg2 ||
		    nitems_lg2 < 2)
			continue;
		/* b < isz_lg2 + 2: random addresses; then the crossings */
		for (b = isz_lg2; b != oa_lg2; b++) {
			u64 rand_index = kunit_pt_rand_lg2(kpt, nitems_lg2);
			unsigned int first = log2_set_mod(rand_index, 0, 2);
			pt_oaddr_t oa, last_oa;
			u64 entry0;

			if (b < isz_lg2 + 2)
				oa = log2_set_mod(kunit_pt_rand_lg2(kpt, oa_lg2),
						  0, isz_lg2);
			else
				oa = log2_to_int(b) - log2_mul(num / 2, isz_lg2);
			if (oa > log2_to_max_int(oa_lg2) -
					 log2_mul(num, isz_lg2) + 1)
				continue;
			last_oa = oa + log2_mul(num, isz_lg2) - 1;
			if (!pt_entry_oa_is_linear(&pts, oa, last_oa)) {
				other++;
				continue;
			}
			for (i = 0; i != num; i++) {
				pts.index = first + i;
				pt_install_leaf_entry(&pts, oa +
							    log2_mul(i, isz_lg2),
						      isz_lg2, &attrs);
			}
			entry0 = pt_table_word_read(pts.table, first);
			for (i = 1; i != num; i++)
				KUNIT_EXPECT_EQ_MSG(test,
						    pt_table_word_read(pts.table,
								       first + i),
						    entry0 + log2_mul(i, isz_lg2),
						    "level %u oa %llx item %u",
						    pts.level, (u64)oa, i);
			pts.index = first;
			pt_clear_entries(&pts, 2);
			linear++;
		}
	}
	kunit_info(test, "%u linear runs checked, %u not linear\n", linear,
		   other);
	kunit_pt_table_free(kpt, pts.table);
}

#ifdef KUNIT_PT_KNOWN_ENTRIES
/* Encode and decode the entries whose bits are known independently */
static void test_known_entries(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range range = pt_top_range(&kpt->common);
	struct pt_state pts = { .range = &range };
	unsigned int i, j, checked = 0;

	pts.table = kunit_pt_table_alloc(kpt);
	KUNIT_ASSERT_NOT_NULL(test, pts.table);
	for (i = 0; i != ARRAY_SIZE(KUNIT_PT_KNOWN_ENTRIES); i++) {
		const struct kunit_pt_known *k = &KUNIT_PT_KNOWN_ENTRIES[i];
		struct pt_write_attrs attrs;
		unsigned int num = 1;

		if (k->level > range.top_level ||
		    k->features != kpt->common.features)
			continue;
		pts.level = k->level;
		pts.index = 0;
		KUNIT_ASSERT_EQ(test, pt_make_write_attrs(&kpt->common, &attrs,
							  k->prot), 0);
		pt_load_single_entry(&pts);
		if (k->table_pa) {
			KUNIT_ASSERT_TRUE(test, pt_install_table(&pts,
								 k->table_pa,
								 &attrs));
		} else {
			num = 1U << (k->pgsz_lg2 - pt_table_item_lg2sz(&pts));
			pt_install_leaf_entry(&pts, k->oa, k->pgsz_lg2, &attrs);
		}
		for (j = 0; j != num; j++)
			KUNIT_EXPECT_EQ_MSG(test,
					    pt_table_word_read(pts.table, j),
					    k->raw + j * k->step,
					    "known entry %u item %u", i, j);

		/* And back, from the raw bits */
		memset(pts.table, 0, 1U << kpt->table_lg2sz);
		pt_table_write_words(pts.table, 0, num, k->raw, k->step);
		pts.index = num - 1;
		if (k->table_pa) {
			KUNIT_EXPECT_EQ(test, pt_load_single_entry(&pts),
					PT_ENTRY_TABLE);
			KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), k->table_pa);
		} else {
			KUNIT_EXPECT_EQ(test, pt_load_single_entry(&pts),
					PT_ENTRY_OA);
			KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), k->oa);
			KUNIT_EXPECT_EQ(test, pt_entry_num_contig_lg2(&pts),
					k->pgsz_lg2 - pt_table_item_lg2sz(&pts));
			KUNIT_EXPECT_EQ(test, pt_entry_prot(&pts), k->prot);
		}
		memset(pts.table, 0, 1U << kpt->table_lg2sz);
		checked++;
	}
	kunit_pt_table_free(kpt, pts.table);
	if (!checked)
		kunit_skip(test, "no known entry for this configuration");
}
#endif

/* Table pointers at every level that can have them */
static void test_table_install(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range range = pt_top_range(&kpt->common);
	struct pt_state pts = { .range = &range };
	struct pt_write_attrs attrs;
	struct pt_table_p *lower, *other;

	KUNIT_ASSERT_EQ(test, pt_make_write_attrs(&kpt->common, &attrs,
						  IOMMU_READ | IOMMU_WRITE), 0);
	pts.table = kunit_pt_table_alloc(kpt);
	lower = kunit_pt_table_alloc(kpt);
	other = kunit_pt_table_alloc(kpt);
	KUNIT_ASSERT_NOT_NULL(test, pts.table);
	KUNIT_ASSERT_NOT_NULL(test, lower);
	KUNIT_ASSERT_NOT_NULL(test, other);

	for (pts.level = 1; pts.level <= range.top_level; pts.level++) {
		if (!pt_can_have_table(&pts))
			continue;
		pts.index = kunit_pt_rand_lg2(kpt, pt_num_items_lg2(&pts));
		KUNIT_ASSERT_EQ(test, pt_load_single_entry(&pts),
				PT_ENTRY_EMPTY);
		KUNIT_ASSERT_TRUE(test, pt_install_table(&pts,
							 virt_to_phys(lower),
							 &attrs));
		KUNIT_ASSERT_EQ(test, pt_load_single_entry(&pts),
				PT_ENTRY_TABLE);
		KUNIT_EXPECT_EQ(test, pt_table_pa(&pts),
				(pt_oaddr_t)virt_to_phys(lower));
		KUNIT_EXPECT_PTR_EQ(test, pts.table_lower, lower);

		/* A racing installer that loaded the empty item loses */
		pts.entry = 0;
		KUNIT_EXPECT_FALSE(test, pt_install_table(&pts,
							  virt_to_phys(other),
							  &attrs));
		pt_load_single_entry(&pts);
		KUNIT_EXPECT_PTR_EQ(test, pts.table_lower, lower);

		pt_clear_entries(&pts, 0);
		KUNIT_EXPECT_EQ(test, pt_load_single_entry(&pts),
				PT_ENTRY_EMPTY);
	}
	kunit_pt_table_free(kpt, other);
	kunit_pt_table_free(kpt, lower);
	kunit_pt_table_free(kpt, pts.table);
}

/* Input and output address limits */
static void test_limits(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range top = pt_top_range(&kpt->common);
	unsigned int oa_lg2 = pt_max_oa_lg2(&kpt->common);
	struct pt_range range;

	KUNIT_EXPECT_LE(test, kpt->common.max_vasz_lg2, PT_MAX_VA_ADDRESS_LG2);
	KUNIT_EXPECT_LE(test, oa_lg2, PT_MAX_OUTPUT_ADDRESS_LG2);

	KUNIT_EXPECT_EQ(test, pt_make_range(&kpt->common, &range, 0,
					    top.last_va), 0);
	KUNIT_EXPECT_EQ(test, range.va, 0ULL);
	KUNIT_EXPECT_EQ(test, range.last_va, top.last_va);
	KUNIT_EXPECT_EQ(test, pt_make_range(&kpt->common, &range, top.last_va,
					    top.last_va), 0);
	KUNIT_EXPECT_EQ(test, pt_make_range(&kpt->common, &range, 0x2000,
					    0x1fff), -EOVERFLOW);
	if (top.last_va != U64_MAX) {
		KUNIT_EXPECT_EQ(test, pt_make_range(&kpt->common, &range, 0,
						    top.last_va + 1), -ERANGE);
		KUNIT_EXPECT_EQ(test, pt_make_range(&kpt->common, &range,
						    top.last_va + 1,
						    U64_MAX), -ERANGE);
	}

	KUNIT_EXPECT_TRUE(test, pt_oa_fits(&kpt->common, 0,
					   log2_to_max_int(oa_lg2)));
	KUNIT_EXPECT_TRUE(test, pt_oa_fits(&kpt->common,
					   log2_to_max_int(oa_lg2),
					   log2_to_max_int(oa_lg2)));
	KUNIT_EXPECT_FALSE(test, pt_oa_fits(&kpt->common, 0x2000, 0x1fff));
	if (oa_lg2 < 64)
		KUNIT_EXPECT_FALSE(test, pt_oa_fits(&kpt->common, 0,
						    log2_to_int(oa_lg2)));
}

/* The largest usable page, by brute force over every size */
static unsigned int ref_best_pgsize(u64 bitmap, pt_vaddr_t va,
				    pt_vaddr_t last_va, pt_oaddr_t oa)
{
	int lg2;

	for (lg2 = 63; lg2 >= 0; lg2--) {
		if (!(bitmap & BIT_ULL(lg2)) || log2_mod(va, lg2) ||
		    log2_mod(oa, lg2))
			continue;
		if (last_va - va >= log2_to_max_int(lg2))
			return lg2;
	}
	return 0;
}

static void test_best_pgsize(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range range = pt_top_range(&kpt->common);
	u64 sizes = kunit_pt_all_sizes(&range);
	unsigned int i;

	KUNIT_ASSERT_NE(test, sizes, 0ULL);
	KUNIT_EXPECT_EQ(test, pt_compute_best_pgsize(sizes, 0, U64_MAX, 0),
			log2_fls(sizes) - 1);
	for (i = 0; i != 20000; i++) {
		/* Mostly aligned addresses and lengths, as real users pass */
		unsigned int align_lg2 = kunit_pt_rand_lg2(kpt, 6);
		unsigned int va_lg2 = kunit_pt_rand_lg2(kpt, 6) + 1;
		pt_vaddr_t va = log2_set_mod(kunit_pt_rand_lg2(kpt, va_lg2), 0,
					     align_lg2);
		pt_oaddr_t oa = log2_set_mod(kunit_pt_rand_lg2(kpt, va_lg2), 0,
					     align_lg2);
		pt_vaddr_t len_m1 = kunit_pt_rand_lg2(kpt,
						      kunit_pt_rand_lg2(kpt, 6) + 1);
		u64 bitmap = sizes;

		if (i & 1)
			bitmap &= kunit_pt_rand(kpt);
		if (va + len_m1 < va)
			len_m1 = U64_MAX - va;
		KUNIT_ASSERT_EQ_MSG(test,
				    pt_compute_best_pgsize(bitmap, va,
							   va + len_m1, oa),
				    ref_best_pgsize(bitmap, va, va + len_m1, oa),
				    "bitmap %llx va %llx len-1 %llx oa %llx",
				    bitmap, va, len_m1, oa);
	}
}

/* A leaf placed into the random tree of test_walk */
struct kunit_pt_leaf {
	pt_vaddr_t va;
	pt_oaddr_t oa;
	unsigned int level;
	unsigned int pgsz_lg2;
};

#define KUNIT_PT_WALK_LEAVES 48

struct kunit_pt_walk {
	struct kunit *test;
	struct kunit_pt_leaf leaves[KUNIT_PT_WALK_LEAVES];
	unsigned int num_leaves;
	/* Checking a walk */
	pt_vaddr_t next_va;
	bool wrapped;
	unsigned long oa_items;
	unsigned long items;
};

static const struct kunit_pt_leaf *
kunit_pt_walk_find(struct kunit_pt_walk *w, pt_vaddr_t va, pt_vaddr_t last_va)
{
	unsigned int i;

	for (i = 0; i != w->num_leaves; i++) {
		const struct kunit_pt_leaf *leaf = &w->leaves[i];

		if (va <= log2_set_mod_max(leaf->va, leaf->pgsz_lg2) &&
		    last_va >= leaf->va)
			return leaf;
	}
	return NULL;
}

/*
 * The checking walker: every item it visits must start where the previous
 * one ended, an OA item must belong to the leaf placed there with the right
 * output address, an empty item must not overlap any leaf.
 */
static __always_inline int __kunit_pt_check_walk(struct pt_range *range,
						 void *arg, unsigned int level,
						 struct pt_table_p *table,
						 pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_init(range, level, table);
	struct kunit_pt_walk *w = arg;
	struct kunit *test = w->test;
	int ret;

	for_each_pt_level_entry(&pts) {
		unsigned int isz_lg2 = pt_table_item_lg2sz(&pts);
		pt_vaddr_t last = min(range->last_va,
				      log2_set_mod_max(range->va, isz_lg2));
		const struct kunit_pt_leaf *leaf;

		if (pts.type == PT_ENTRY_TABLE) {
			ret = pt_descend(&pts, arg, descend_fn);
			if (ret)
				return ret;
			continue;
		}

		KUNIT_ASSERT_FALSE(test, w->wrapped);
		KUNIT_ASSERT_EQ(test, range->va, w->next_va);
		w->next_va = last + 1;
		w->wrapped = last == U64_MAX;
		w->items++;

		leaf = kunit_pt_walk_find(w, range->va, last);
		if (pts.type == PT_ENTRY_EMPTY) {
			KUNIT_ASSERT_NULL(test, leaf);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL(test, leaf);
		KUNIT_ASSERT_EQ(test, leaf->level, level);
		KUNIT_EXPECT_EQ(test, pt_entry_oa(&pts), leaf->oa);
		KUNIT_EXPECT_EQ(test, pt_entry_num_contig_lg2(&pts),
				leaf->pgsz_lg2 - isz_lg2);
		w->oa_items++;
	}
	return 0;
}

PT_MAKE_LEVELS(kunit_pt_check_walk, __kunit_pt_check_walk);
PT_MAKE_RECURSIVE_LEVELS(kunit_pt_check_walk_rec, __kunit_pt_check_walk);

/* Place a leaf by hand: make the tables down to its level, then write it */
static int kunit_pt_place_leaf(struct kunit_pt *kpt,
			       const struct kunit_pt_leaf *leaf,
			       const struct pt_write_attrs *attrs)
{
	struct pt_range range;
	struct pt_state pts;
	unsigned int i;

	if (pt_make_range(&kpt->common, &range, leaf->va,
			  log2_set_mod_max(leaf->va, leaf->pgsz_lg2)))
		return -ERANGE;
	pts = pt_init_top(&range);
	while (true) {
		pt_load_single_entry(&pts);
		if (pts.level == leaf->level)
			break;
		if (pts.type == PT_ENTRY_OA)
			return -EADDRINUSE;
		if (pts.type == PT_ENTRY_EMPTY) {
			struct pt_table_p *table = kunit_pt_table_alloc(kpt);

			if (!table)
				return -ENOMEM;
			if (!pt_install_table(&pts, virt_to_phys(table),
					      attrs)) {
				kunit_pt_table_free(kpt, table);
				return -EBUSY;
			}
			pt_load_single_entry(&pts);
		}
		pts = pt_init(&range, pts.level - 1, pts.table_lower);
	}
	for (i = 0; i != 1U << (leaf->pgsz_lg2 - pt_table_item_lg2sz(&pts));
	     i++) {
		struct pt_state item = pts;

		item.index += i;
		if (pt_load_single_entry(&item) != PT_ENTRY_EMPTY)
			return -EADDRINUSE;
	}
	pt_install_leaf_entry(&pts, leaf->oa, leaf->pgsz_lg2, attrs);
	return 0;
}

/* Walks over random ranges of a random tree visit exactly what is there */
static void test_walk(struct kunit *test)
{
	struct kunit_pt *kpt = test->priv;
	struct pt_range top = pt_top_range(&kpt->common);
	unsigned int oa_lg2 = pt_max_oa_lg2(&kpt->common);
	struct pt_write_attrs attrs;
	struct kunit_pt_walk *w;
	unsigned int i, tries;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	w->test = test;
	KUNIT_ASSERT_EQ(test, pt_make_write_attrs(&kpt->common, &attrs,
						  IOMMU_READ), 0);

	/* A sparse tree of leaves at random levels and sizes */
	for (tries = 0; tries != 4 * KUNIT_PT_WALK_LEAVES; tries++) {
		struct kunit_pt_leaf *leaf = &w->leaves[w->num_leaves];
		struct pt_state pts = { .range = &top };
		u64 sizes;
		int ret;

		if (w->num_leaves == KUNIT_PT_WALK_LEAVES)
			break;
		pts.level = kunit_pt_rand(kpt) % (top.top_level + 1);
		sizes = pt_possible_sizes(&pts) &
			log2_to_max_int(min(oa_lg2, top.max_vasz_lg2));
		if (!sizes)
			continue;
		/* Favour the small sizes, they make deep trees */
		leaf->pgsz_lg2 = __ffs64(sizes) + kunit_pt_rand(kpt) %
			(log2_fls(sizes) - __ffs64(sizes));
		if (!(sizes & BIT_ULL(leaf->pgsz_lg2)))
			continue;
		leaf->level = pts.level;
		leaf->va = log2_set_mod(kunit_pt_rand_lg2(kpt, top.max_vasz_lg2),
					0, leaf->pgsz_lg2);
		leaf->oa = log2_set_mod(kunit_pt_rand_lg2(kpt, oa_lg2), 0,
					leaf->pgsz_lg2);
		ret = kunit_pt_place_leaf(kpt, leaf, &attrs);
		if (ret == -EADDRINUSE)
			continue;
		KUNIT_ASSERT_EQ(test, ret, 0);
		w->num_leaves++;
	}
	KUNIT_ASSERT_NE(test, w->num_leaves, 0U);

	for (i = 0; i != 64; i++) {
		const struct kunit_pt_leaf *leaf =
			&w->leaves[kunit_pt_rand(kpt) % w->num_leaves];
		unsigned long expect_oa_items = 0;
		struct pt_range range;
		pt_vaddr_t va, last_va;
		unsigned int j, pass;

		/* Ranges around a leaf, of random length, and a few whole ones */
		va = leaf->va - kunit_pt_rand_lg2(kpt, kunit_pt_rand(kpt) % 40);
		last_va = leaf->va + kunit_pt_rand_lg2(kpt,
						       kunit_pt_rand(kpt) % 40);
		if (va > leaf->va)
			va = 0;
		if (last_va < leaf->va || last_va > top.last_va)
			last_va = top.last_va;
		if (i < 2) {
			va = i ? top.last_va - kunit_pt_rand_lg2(kpt, 20) : 0;
			last_va = top.last_va;
		}

		for (j = 0; j != w->num_leaves; j++) {
			const struct kunit_pt_leaf *l = &w->leaves[j];
			struct pt_state pts = { .range = &top,
						.level = l->level };
			unsigned int isz_lg2 = pt_table_item_lg2sz(&pts);
			pt_vaddr_t first = max(va, l->va);
			pt_vaddr_t last = min(last_va,
					      log2_set_mod_max(l->va,
							       l->pgsz_lg2));

			if (first <= last)
				expect_oa_items += log2_div(last, isz_lg2) -
						   log2_div(first, isz_lg2) + 1;
		}

		for (pass = 0; pass != 2; pass++) {
			KUNIT_ASSERT_EQ(test, pt_make_range(&kpt->common, &range,
							    va, last_va), 0);
			w->next_va = va;
			w->wrapped = false;
			w->oa_items = 0;
			w->items = 0;
			if (pass)
				KUNIT_ASSERT_EQ(test,
						kunit_pt_check_walk_rec(&range, w),
						0);
			else
				KUNIT_ASSERT_EQ(test,
						kunit_pt_check_walk(&range, w), 0);
			/* The items tiled the range exactly */
			if (last_va == U64_MAX)
				KUNIT_EXPECT_TRUE(test, w->wrapped);
			else
				KUNIT_EXPECT_EQ(test, w->next_va, last_va + 1);
			KUNIT_EXPECT_EQ(test, w->oa_items, expect_oa_items);
		}
	}
}

static struct kunit_case kunit_pt_fmt_cases[] = {
	KUNIT_CASE_PARAM(test_log2, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_radix, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_entry_roundtrip, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_entry_attrs, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_entry_oa_linear, kunit_pt_gen_params),
#ifdef KUNIT_PT_KNOWN_ENTRIES
	KUNIT_CASE_PARAM(test_known_entries, kunit_pt_gen_params),
#endif
	KUNIT_CASE_PARAM(test_table_install, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_limits, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_best_pgsize, kunit_pt_gen_params),
	KUNIT_CASE_PARAM(test_walk, kunit_pt_gen_params),
	{}
};

static struct kunit_suite kunit_pt_fmt_suite = {
	.name = "generic_pt_fmt_" KUNIT_PT_FMT_NAME,
	.init = kunit_pt_init,
	.exit = kunit_pt_exit,
	.test_cases = kunit_pt_fmt_cases,
};

kunit_test_suites(&kunit_pt_fmt_suite);

MODULE_DESCRIPTION("Generic page table format suite for " KUNIT_PT_FMT_NAME);
MODULE_LICENSE("GPL");
