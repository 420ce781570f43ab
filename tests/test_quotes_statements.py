"""Cross-article statements on fictional outlets."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.quotes import match_statements, quotes_for_article
from storytrace.records import Article

POST = ("I have spent a year pretending to be fine. I was not fine. Some days I could not get "
        "out of bed. But I am learning that healing is not a straight line. To everyone who "
        "sent letters: I read every single one.")


def art(id_: str, day: int, text: str) -> Article:
    return Article(id=id_, outlet=f"outlet-{id_}", url=None, published=date(2024, 3, day),
                   title=None, text=text)


def test_trimmed_split_and_marked_fragments_join() -> None:
    a = art("a", 4, "Juno Halvorsen posted on Sunday.\n\n"
            "“I have spent a year pretending to be fine. I was not fine,” Halvorsen wrote. "
            "“Some days I could not get out of bed.”")
    b = art("b", 3, "The singer Juno Halvorsen wrote on Instagram: \"Some days I could not get "
            "out of bed. But I am learning that healing is not a straight line.\"\n\n"
            "She continued: \"To everyone who sent letters: I read every single one (sic).\"")
    c = art("c", 5, "Halvorsen said \"healing is not a straight line\" in her post. An unrelated "
            "quote: \"The council meets on Monday to discuss the roads,\" Mayor Ottilie Varga "
            "said.")
    articles = {x.id: x for x in (a, b, c)}
    quotes = [q for x in articles.values() for q in quotes_for_article(x)]
    statements, linked = match_statements(quotes, articles)
    assert len(statements) == 1
    st = statements[0]
    assert st.speaker.name == "Juno Halvorsen"
    assert st.first_article_id == "b"
    assert st.text.startswith("I have spent a year pretending to be fine.")
    assert st.text.index("Some days") < st.text.index("healing") < st.text.index("letters")
    assert {f.article_id for f in st.fragments} == {"a", "b", "c"}
    assert any(d.article_id == "b" and d.article_text.startswith("(sic)") for d in st.differences)
    varga = next(q for q in linked if q.speaker.name == "Ottilie Varga")
    assert varga.statement_id is None
    assert len(linked) == len(quotes)


def test_different_speakers_do_not_join() -> None:
    a = art("a", 1, "\"We will rebuild every bridge in this county,\" said Mayor Ottilie Varga.")
    b = art("b", 2, "\"We will rebuild every bridge in this county,\" said Senator Gideon Brask.")
    statements, _ = match_statements(
        [q for x in (a, b) for q in quotes_for_article(x)], {"a": a, "b": b})
    assert statements == []


def test_ties_leave_first_article_unknown() -> None:
    text = "\"We will rebuild every bridge in this county,\" said Mayor Ottilie Varga."
    a, b = art("a", 1, text), art("b", 1, text)
    statements, _ = match_statements(
        [q for x in (a, b) for q in quotes_for_article(x)], {"a": a, "b": b})
    assert len(statements) == 1 and statements[0].first_article_id is None


def _naive_gram_pairs(cand, keys, article_of):
    """The dict-and-counter definition the numpy version must equal."""
    from collections import Counter, defaultdict

    from storytrace.quotes.statements import MAX_GRAM_QUOTES, key_grams

    grams = defaultdict(list)
    for i in cand:
        for g in key_grams(keys[i]):
            grams[g].append(i)
    hits = Counter()
    for members in grams.values():
        if len(members) <= MAX_GRAM_QUOTES:
            for x, a in enumerate(members):
                for b in members[x + 1:]:
                    if article_of[a] != article_of[b]:
                        hits[(a, b)] += 1
    return sorted(p for p, n in hits.items() if n >= 2)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["abc", "abcdefg"]).flatmap(lambda vocab: st.lists(
    st.tuples(st.integers(0, 5), st.lists(st.sampled_from(vocab), max_size=9)), max_size=160)))
def test_gram_pairs_equal_the_counting_definition(quotes):
    """Quotes of few words from a tiny vocabulary share many 3-grams (with 3 words, some are in
    more than ``MAX_GRAM_QUOTES`` quotes), so every branch is exercised."""
    from storytrace.quotes.statements import _gram_pairs

    article_of = [f"a{article}" for article, _ in quotes]
    keys = {i: words for i, (_, words) in enumerate(quotes) if len(words) >= 3}
    cand = sorted(keys)
    assert sorted(_gram_pairs(cand, keys, article_of)) == _naive_gram_pairs(cand, keys,
                                                                             article_of)


def test_a_3gram_in_more_than_the_limit_of_quotes_is_not_evidence():
    from storytrace.quotes.statements import MAX_GRAM_QUOTES, _gram_pairs

    for n, expected in ((MAX_GRAM_QUOTES, MAX_GRAM_QUOTES * (MAX_GRAM_QUOTES - 1) // 2),
                        (MAX_GRAM_QUOTES + 1, 0)):
        keys = {i: ["we", "will", "rebuild", "it"] for i in range(n)}  # two 3-grams each
        article_of = [f"a{i}" for i in range(n)]
        assert len(list(_gram_pairs(sorted(keys), keys, article_of))) == expected
