"""Unit tests of the reuse engine: tokens, index, alignment, clusters, incremental runs."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import numpy as np
import pytest

from storytrace.errors import InputError, StoreError
from storytrace.records import AlignedPair, Article, Passage
from storytrace.reuse import ReuseIndex, ReuseOptions, cluster_pairs, find_reuse, update_reuse
from storytrace.reuse.normalize import tokenize

WORDS = ("harbour lantern council ferry orchard mill quarry beacon ledger almanac copper willow "
         "tannery granary chapel viaduct meadow foundry brook shingle cobble garrison weir "
         "sluice causeway spire thatch kiln mortar rampart bastion furrow hedgerow").split()
FUNCTION = "the of and to a in that was for on with as by at from it".split()


def filler(rng: random.Random, n: int) -> str:
    words = [rng.choice(FUNCTION) if rng.random() < 0.3 else
             rng.choice(WORDS) + str(rng.randrange(400)) for _ in range(n)]
    out, k = [], 0
    while k < len(words):
        step = rng.randint(8, 20)
        out.append(" ".join(words[k:k + step]).capitalize() + ".")
        k += step
    return " ".join(out)


def art(aid: str, text: str, published=None, outlet: str = "The Quillon Gazette") -> Article:
    return Article(id=aid, outlet=outlet, url=None, published=published, title=None, text=text)


STATEMENT = ("We are heartbroken to share that our beloved father Tobias Wrenfield passed away "
             "peacefully at home on Sunday morning, surrounded by the family and friends he "
             "cherished. He taught three generations of Marrowby children to read the tides.")


def test_tokens_ignore_case_quotes_marks_and_keep_offsets():
    text = "“It’s  MOMMY..  [...] I’m here (sic)” — 東京都 Привет"
    batch = tokenize([text])
    h, s, e = batch.slice(0)
    words = [text[a:b] for a, b in zip(s.tolist(), e.tolist(), strict=True)]
    assert words == ["It", "s", "MOMMY", "I", "m", "here", "東", "京", "都", "Привет"]
    plain = tokenize(["it's mommy I'm here"]).slice(0)[0]
    assert h[:6].tolist() == plain.tolist()
    # hashes are stable across runs (the persisted index relies on it)
    assert tokenize(["zen"]).hashes.tolist() == tokenize(["Zen"]).hashes.tolist()


def test_curly_and_straight_copies_align_with_exact_spans():
    rng = random.Random(1)
    a_text = filler(rng, 120) + "\n\n“" + STATEMENT.replace("'", "’") + "”\n\n" + filler(rng, 80)
    edited = STATEMENT.replace("passed away", "passed away (sic)").replace("Sunday", "SUNDAY")
    b_text = filler(rng, 60) + ' She said: "' + edited + '" ' + filler(rng, 90)
    clusters = find_reuse([art("a", a_text), art("b", b_text)])
    assert len(clusters) == 1
    pa, pb = sorted((m.passage for m in clusters[0].members), key=lambda p: p.article_id)
    assert pa.text == STATEMENT
    assert pb.text == edited
    assert clusters[0].members[0].score > 0.9


def test_reordered_sentences_are_one_passage():
    rng = random.Random(2)
    sents = [filler(rng, 18) for _ in range(5)]
    a_text = filler(rng, 100) + " " + " ".join(sents) + " " + filler(rng, 100)
    swapped = [sents[0], sents[2], sents[1], sents[3], sents[4]]
    b_text = filler(rng, 70) + "\n\n" + "\n\n".join(swapped) + "\n\n" + filler(rng, 70)
    by_id = {"a": art("a", a_text), "b": art("b", b_text)}
    _index, pairs = update_reuse(None, list(by_id.values()), by_id.__getitem__)
    assert len(pairs) == 1
    p = pairs[0]
    assert p.a.text == " ".join(sents)
    assert p.b.text == "\n\n".join(swapped)


def test_long_insertion_splits_passages():
    rng = random.Random(3)
    one, two = filler(rng, 40), filler(rng, 40)
    a_text = filler(rng, 50) + " " + one + " " + two + " " + filler(rng, 50)
    b_text = filler(rng, 50) + " " + one + " " + filler(rng, 30) + " " + two + " " + filler(
        rng, 50)
    by_id = {"a": art("a", a_text), "b": art("b", b_text)}
    _index, pairs = update_reuse(None, list(by_id.values()), by_id.__getitem__)
    assert sorted(p.a.text for p in pairs) == sorted([one, two])


def corpus(n: int, seed: int) -> list[Article]:
    """Articles of filler, some carrying one of a few shared passages."""
    rng = random.Random(seed)
    passages = [filler(rng, rng.randint(25, 120)) for _ in range(6)]
    out = []
    for k in range(n):
        parts = [filler(rng, rng.randint(80, 200))]
        if rng.random() < 0.6:
            parts.append(rng.choice(passages))
        parts.append(filler(rng, rng.randint(40, 120)))
        out.append(art(f"doc{k:03d}", "\n\n".join(parts),
                       published=date(2024, 1, 1 + k % 28), outlet=f"Outlet {k % 5}"))
    return out


def test_incremental_in_two_halves_equals_batch():
    articles = corpus(40, seed=4)
    by_id = {a.id: a for a in articles}
    _idx, batch_pairs = update_reuse(None, articles, by_id.__getitem__)
    assert batch_pairs
    idx1, pairs1 = update_reuse(None, articles[:20], by_id.__getitem__)
    idx1 = ReuseIndex.from_bytes(idx1.to_bytes())  # through the store
    idx2, pairs2 = update_reuse(idx1, articles[20:], by_id.__getitem__)
    assert sorted(pairs1 + pairs2, key=repr) == sorted(batch_pairs, key=repr)
    assert cluster_pairs(pairs1 + pairs2, by_id) == find_reuse(articles)
    assert len(idx2) == 40
    # new pairs always involve a new article
    new_ids = {a.id for a in articles[20:]}
    assert all(p.a.article_id in new_ids or p.b.article_id in new_ids for p in pairs2)


def test_incremental_only_fetches_candidates():
    articles = corpus(30, seed=5)
    by_id = {a.id: a for a in articles}
    idx, _ = update_reuse(None, articles[:29], by_id.__getitem__)
    fetched: list[str] = []

    def lookup(aid: str) -> Article:
        fetched.append(aid)
        return by_id[aid]

    _idx, pairs = update_reuse(idx, articles[29:], lookup)
    assert set(fetched) <= {p.a.article_id for p in pairs} | {p.b.article_id for p in pairs}


def test_revised_article_is_reindexed():
    articles = corpus(20, seed=6)
    by_id = {a.id: a for a in articles}
    idx, _ = update_reuse(None, articles, by_id.__getitem__)
    revised = art(articles[0].id, "Nothing shared any more. " * 3)
    idx2, pairs = update_reuse(idx, [revised], by_id.__getitem__)
    assert len(idx2) == 20
    assert pairs == []


def test_index_bytes_roundtrip_and_errors():
    articles = corpus(10, seed=7)
    by_id = {a.id: a for a in articles}
    idx, _ = update_reuse(None, articles, by_id.__getitem__)
    again = ReuseIndex.from_bytes(idx.to_bytes())
    assert again.ids == idx.ids and np.array_equal(again.keys, idx.keys)
    assert again.fingerprint == idx.fingerprint
    with pytest.raises(StoreError):
        ReuseIndex.from_bytes(b"not an index")


def test_other_ngram_rebuilds_the_index():
    articles = corpus(20, seed=8)
    by_id = {a.id: a for a in articles}
    idx, _ = update_reuse(None, articles[:10], by_id.__getitem__)
    opts = ReuseOptions(ngram=4)
    idx2, pairs = update_reuse(idx, articles[10:], by_id.__getitem__, opts)
    _i, batch = update_reuse(None, articles, by_id.__getitem__, opts)
    assert sorted(pairs, key=repr) == sorted(batch, key=repr)
    assert idx2.fingerprint == opts.fingerprint()


def _pair(a: str, b: str) -> AlignedPair:
    return AlignedPair(Passage(a, 0, 5, "hello"), Passage(b, 0, 5, "hello"), 1.0)


def test_origin_earliest_tie_and_unknown():
    t = "hello world"
    d1, d2 = date(2024, 1, 1), date(2024, 1, 2)
    arts = {"a": art("a", t, d1), "b": art("b", t, d2), "c": art("c", t, d1),
            "u": art("u", t, None),
            "x": art("x", t, datetime(2024, 1, 1, 9, tzinfo=UTC)),
            "y": art("y", t, datetime(2024, 1, 1, 8, tzinfo=UTC))}
    (c,) = cluster_pairs([_pair("a", "b")], arts)
    assert (c.origin, c.origin_status) == ("a", "earliest")
    (c,) = cluster_pairs([_pair("a", "b"), _pair("b", "c")], arts)
    assert (c.origin, c.origin_status) == (None, "tie")
    (c,) = cluster_pairs([_pair("a", "u")], arts)
    assert (c.origin, c.origin_status) == (None, "unknown")
    (c,) = cluster_pairs([_pair("x", "y")], arts)
    assert (c.origin, c.origin_status) == ("y", "earliest")


def test_clusters_join_through_overlap_and_ids_are_deterministic():
    rng = random.Random(9)
    shared = filler(rng, 60)
    arts = [art(f"d{k}", filler(rng, 50 + 10 * k) + " " + shared + " " + filler(rng, 40),
                published=date(2024, 2, 1 + k)) for k in range(4)]
    clusters = find_reuse(arts)
    assert len(clusters) == 1
    c = clusters[0]
    assert len(c.members) == 4 and len(c.pairs) == 6
    assert (c.origin, c.origin_status) == ("d0", "earliest")
    assert all(m.passage.text == shared for m in c.members)
    assert find_reuse(list(reversed(arts)))[0].id == c.id


def test_options_are_validated():
    with pytest.raises(InputError):
        ReuseOptions(ngram=0)
    with pytest.raises(InputError):
        ReuseOptions(max_df=1)
    with pytest.raises(InputError):
        ReuseOptions(max_outlet_df=0)


def test_statement_quoted_by_many_outlets_in_a_small_corpus():
    rng = random.Random(10)
    arts = []
    for k in range(40):
        body = filler(rng, 120)
        if k % 3 == 0:  # 14 of 40 articles, each from its own outlet
            body += " " + STATEMENT + " " + filler(rng, 40)
        arts.append(art(f"s{k:02d}", body, outlet=f"Outlet {k}"))
    clusters = find_reuse(arts)
    assert len(clusters) == 1
    assert len(clusters[0].members) == 14
    # (a following filler word shared by chance may be taken in)
    assert all(m.passage.text.startswith(STATEMENT) and len(m.passage.text) < len(STATEMENT) + 12
               for m in clusters[0].members)
    # with the per-outlet rule: the same 14 articles from ONE outlet are its boilerplate...
    per_outlet = ReuseOptions(max_outlet_df=10)
    assert len(find_reuse(arts, per_outlet)) == 1
    same = [art(a.id, a.text, outlet="The Quillon Gazette") for a in arts]
    assert find_reuse(same, per_outlet) == []
    # ... unless the outlets are unknown (each article counts as its own outlet)
    unknown = [art(a.id, a.text, outlet=None) for a in arts]
    assert len(find_reuse(unknown, per_outlet)) == 1


def test_slices_and_batches_do_not_change_the_result(monkeypatch):
    """Bounded memory: the index built batch by batch into buckets, and every pass over it
    slice by slice, give the same keys, candidates and pairs as one big slice."""
    import storytrace.reuse.engine as engine_module
    import storytrace.reuse.index as index_module

    articles = corpus(40, seed=11)
    by_id = {a.id: a for a in articles}
    per_outlet = ReuseOptions(max_outlet_df=6)
    big = [update_reuse(None, articles, by_id.__getitem__, o) for o in (ReuseOptions(),
                                                                          per_outlet)]
    monkeypatch.setattr(index_module, "SLICE_KEYS", 50)
    monkeypatch.setattr(engine_module, "CHUNK_CHARS", 3000)
    monkeypatch.setattr(engine_module, "PAIR_CHUNK", 7)
    for (index, pairs), options in zip(big, (ReuseOptions(), per_outlet), strict=True):
        small_index, small_pairs = update_reuse(None, articles, by_id.__getitem__, options)
        assert small_pairs == pairs and len(pairs) > 10
        assert np.array_equal(small_index.keys, index.keys)
        assert np.array_equal(small_index.anchor_sets(100, 6)[0], index.anchor_sets(100, 6)[0])
        # incremental, in three batches, through the bytes
        idx, got = None, []
        for lo, hi in ((0, 15), (15, 31), (31, 40)):
            idx, new = update_reuse(idx, articles[lo:hi], by_id.__getitem__, options)
            idx = ReuseIndex.from_bytes(idx.to_bytes())
            got += new
        assert sorted(got, key=repr) == sorted(pairs, key=repr)
        assert np.array_equal(idx.keys, index.keys)


def test_key_builder_sorts_like_numpy():
    from storytrace.reuse.index import KeyBuilder

    rng = np.random.default_rng(3)
    builder = KeyBuilder()
    parts = [np.sort(rng.integers(0, 2**63, size=n, dtype=np.uint64) * np.uint64(2))
             for n in (0, 5, 1000, 37)]
    for part in parts:
        builder.add(part)
    builder.drop(int(parts[2][0] & np.uint64(2**24 - 1)))
    expected = np.sort(np.concatenate(parts))
    expected = expected[(expected & np.uint64(2**24 - 1)) != (parts[2][0] & np.uint64(2**24 - 1))]
    assert len(builder) == len(expected)
    assert np.array_equal(builder.build(), expected)


class _LazyArticles:
    """A sequence that makes each article when it is read (as a store-backed sequence)."""

    def __init__(self, articles: list[Article]) -> None:
        self._articles = articles
        self.reads = 0

    def __len__(self) -> int:
        return len(self._articles)

    def __getitem__(self, k: int) -> Article:
        self.reads += 1
        a = self._articles[k]
        return art(a.id, a.text, a.published, a.outlet or "")


def test_lazy_sequence_and_an_id_given_twice():
    articles = corpus(30, seed=12)
    by_id = {a.id: a for a in articles}
    _i, expected = update_reuse(None, articles, by_id.__getitem__)

    def no_lookup(aid: str) -> Article:
        raise AssertionError(f"new article {aid} fetched through lookup")

    lazy = _LazyArticles(articles)
    _i, pairs = update_reuse(None, lazy, no_lookup)
    assert pairs == expected
    # read once in order, then once more (one chunk of pairs) for the candidates only
    assert len(articles) < lazy.reads <= 2 * len(articles)
    # an id given twice counts once, with its last text
    stale = art(articles[3].id, "Nothing shared here at all. " * 5)
    _i, twice = update_reuse(None, [stale, *articles], by_id.__getitem__)
    assert twice == expected
    _i, last = update_reuse(None, [*articles, stale], by_id.__getitem__)
    assert last == [p for p in expected if articles[3].id not in (p.a.article_id,
                                                                  p.b.article_id)]
