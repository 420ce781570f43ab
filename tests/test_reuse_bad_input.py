"""Bad input for the reuse stage: nothing may crash or produce spurious clusters."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reuse_engine import STATEMENT, art, filler

from storytrace.records import Article
from storytrace.reuse import ReuseOptions, find_reuse, update_reuse


def check_spans(articles: list[Article], options: ReuseOptions | None = None) -> list:
    by_id = {a.id: a for a in articles}
    clusters = find_reuse(articles, options or ReuseOptions())
    for c in clusters:
        assert len(c.members) >= 2
        for m in c.members:
            p = m.passage
            text = by_id[p.article_id].text
            assert 0 <= p.start < p.end <= len(text)
            assert text[p.start:p.end] == p.text
            assert 0.0 <= m.score <= 1.0
        for pair in c.pairs:
            for side in (pair.a, pair.b):
                assert by_id[side.article_id].text[side.start:side.end] == side.text
    return clusters


def test_empty_and_one_word_articles():
    arts = [art("e1", ""), art("e2", ""), art("w1", "Hello"), art("w2", "hello"),
            art("s1", "   \n\n  "), art("p1", "…!?“”")]
    assert check_spans(arts) == []
    assert find_reuse([]) == []
    by_id = {a.id: a for a in arts}
    idx, pairs = update_reuse(None, arts, by_id.__getitem__)
    assert pairs == [] and len(idx) == len(arts)


def test_one_50000_word_paragraph():
    rng = random.Random(11)
    huge = filler(rng, 50_000).replace("\n", " ")
    other = filler(rng, 200) + " " + huge[10_000:11_000].rsplit(" ", 1)[0] + " " + filler(rng, 50)
    clusters = check_spans([art("huge", huge), art("other", other), art("x", filler(rng, 300))])
    assert len(clusters) == 1
    assert {m.passage.article_id for m in clusters[0].members} == {"huge", "other"}


def test_repetitive_text_does_not_explode():
    text = "the same sentence again and again. " * 3000
    clusters = check_spans([art("r1", text), art("r2", "Intro words here. " + text)])
    assert len(clusters) <= 1


def test_same_article_under_two_outlets():
    rng = random.Random(12)
    text = filler(rng, 400)
    clusters = check_spans([art("one", text, outlet="The Quillon Gazette"),
                            art("two", text, outlet="Harrowgate Mercury"),
                            art("three", filler(rng, 400))])
    assert len(clusters) == 1
    (c,) = clusters
    assert [m.passage.text for m in c.members] == [text, text]
    assert all(m.score == 1.0 for m in c.members)


FOOTER = ("Sign up to the Quillon Gazette morning briefing for the stories that matter in "
          "Marrowby and the Estuary villages, delivered to your inbox at seven every day.")


def test_boilerplate_footer_in_many_articles_makes_no_cluster():
    rng = random.Random(13)
    # more than max_df (100) articles, several outlets
    arts = [art(f"f{k:03d}", filler(rng, 40) + "\n\n" + FOOTER, outlet=f"Outlet {k % 7}")
            for k in range(110)]
    assert check_spans(arts) == []
    # ... but a real passage among them is still found, without the footer
    arts[3] = art("f003", filler(rng, 60) + " " + STATEMENT + "\n\n" + FOOTER)
    arts[7] = art("f007", STATEMENT + " " + filler(rng, 60) + "\n\n" + FOOTER)
    clusters = check_spans(arts)
    assert len(clusters) == 1
    assert all(m.passage.text == STATEMENT for m in clusters[0].members)


def test_outlet_footer_in_a_small_corpus_with_the_per_outlet_rule():
    rng = random.Random(17)
    arts = [art(f"g{k}", filler(rng, 150) + "\n\n" + FOOTER) for k in range(30)]
    options = ReuseOptions(max_outlet_df=10)
    assert check_spans(arts, options) == []
    arts[3] = art("g3", filler(rng, 100) + " " + STATEMENT + "\n\n" + FOOTER)
    arts[7] = art("g7", STATEMENT + " " + filler(rng, 100) + "\n\n" + FOOTER)
    clusters = check_spans(arts, options)
    assert len(clusters) == 1
    assert all(m.passage.text == STATEMENT for m in clusters[0].members)


def test_non_latin_scripts():
    cyr = ("Мэр города Заречье заявил сегодня утром, что мост через реку будет закрыт на "
           "ремонт до конца лета, а паромная переправа возобновит работу в понедельник.")
    cjk = "港口城市的市长今天上午宣布，跨河大桥将关闭维修直到夏天结束，渡轮服务将于星期一恢复运行。"
    rng = random.Random(14)
    arts = [art("ru1", "Новости. " + cyr + " Конец."), art("ru2", cyr),
            art("zh1", "新闻。" + cjk), art("zh2", cjk + "完。"), art("en", filler(rng, 100))]
    clusters = check_spans(arts)
    groups = sorted(sorted(m.passage.article_id for m in c.members) for c in clusters)
    assert groups == [["ru1", "ru2"], ["zh1", "zh2"]]
    texts = {m.passage.article_id: m.passage.text for c in clusters for m in c.members}
    assert texts["ru1"] == cyr and texts["zh1"].startswith("港口")


def test_text_full_of_quote_marks():
    rng = random.Random(15)
    noisy = " ".join(f'"“{w}”\'' for w in filler(rng, 120).split())
    arts = [art("q1", noisy), art("q2", "«" + noisy + "»"), art("q3", '"' * 500)]
    clusters = check_spans(arts)
    assert len(clusters) == 1


def test_unrelated_articles_make_no_clusters():
    rng = random.Random(16)
    arts = [art(f"u{k}", filler(rng, 300)) for k in range(30)]
    assert check_spans(arts) == []


_alphabet = st.sampled_from(
    list("abc xyz ABC .,;“”\"'’—…\n\n()[]sic 東京 Привет é\u0301\U0001F600"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_alphabet, max_size=300), min_size=0, max_size=5),
       st.integers(min_value=0, max_value=3))
def test_spans_always_within_their_article(texts, copies):
    rng = random.Random(len(texts))
    shared = filler(rng, 40)
    arts = [art(f"h{k}", t + (" " + shared + " " if k < copies else "") + t[::-1])
            for k, t in enumerate(texts)]
    check_spans(arts, ReuseOptions(min_words=5, ngram=3))
