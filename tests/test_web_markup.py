"""Marked-up HTML built from offsets: escaping, overlapping spans, diffs and charts."""

from __future__ import annotations

import html
import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.records import Episode
from storytrace.store.web_queries import ArticleRow
from storytrace.web.charts import sparkline, timeline
from storytrace.web.colors import PALETTE, OutletColors
from storytrace.web.markup import Span, coverage_of, mark_text, statement_html, word_diff


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_mark_text_escapes_and_wraps_spans() -> None:
    text = 'He said “<script>alert(1)</script>” & left <img src=x onerror=alert(2)>.'
    start = text.index("<script>")
    out = str(mark_text(text, [Span(start, start + 25, "quote", title='a "speaker"',
                                    anchor="q-9")]))
    assert "<script>" not in out and "<img" not in out
    assert '<span class="anchor" id="q-9"></span>' in out
    assert 'title="a &#34;speaker&#34;"' in out
    assert _plain(out) == text


def test_mark_text_overlapping_spans_split_flat() -> None:
    text = "abcdefghij"
    out = str(mark_text(text, [Span(1, 6, "quote", title="Q"),
                               Span(4, 9, "reuse", title="R", href="/article/x#r-0")]))
    assert out == ('a<span class="quote" title="Q">bcd</span>'
                   '<a class="quote reuse" href="/article/x#r-0" title="Q · R">ef</a>'
                   '<a class="reuse" href="/article/x#r-0" title="R">ghi</a>j')


def test_mark_text_ignores_spans_out_of_range() -> None:
    assert str(mark_text("short", [Span(3, 99, "quote"), Span(4, 2, "claim")])) == "short"


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60),
                           st.sampled_from(["quote", "reuse", "claim"])), max_size=8)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                    max_size=60), spans=SPANS)
def test_mark_text_keeps_the_text_exactly(text: str, spans: list[tuple[int, int, str]]) -> None:
    marked = [Span(a, b, cls, title=text[:5], href="/article/a" if cls == "reuse" else None)
              for a, b, cls in spans]
    out = str(mark_text(text, marked))
    assert _plain(out) == text
    # no tag comes from the text: every tag is one of ours
    for tag in re.findall(r"<(/?[a-z]+)", out):
        assert tag in {"span", "/span", "a", "/a"}


def test_statement_html_colours_fragments_by_outlet() -> None:
    text = "We are over the moon. Truly."
    fragments = [(0, 21, "Harbor Ledger", "a1", 10), (0, 10, "Daily Lantern", "b1", 3)]
    colors = OutletColors(["Harbor Ledger", "Daily Lantern"])
    out = str(statement_html(text, coverage_of(len(text), fragments), colors,
                             lambda a, off: f"/article/{a}#q-{off}"))
    assert _plain(out) == text
    assert out.count('class="frag"') == 2
    assert f"inset 0 -3px 0 {PALETTE[0]}, inset 0 -6px 0 {PALETTE[1]}" in out
    assert 'title="Quoted by Harbor Ledger, Daily Lantern"' in out
    assert '<span class="unquoted"> Truly.</span>' in out


def test_word_diff_marks_changed_words() -> None:
    left, right, same = word_diff("The couple welcomed their daughter in 2021.",
                                  "The couple welcomed daughter <b>in</b> 2021.")
    assert "<del>their </del>" in str(left)
    assert "<ins>&lt;b&gt;in&lt;/b&gt;</ins>" in str(right)
    assert 0.6 < same < 1.0
    assert _plain(str(right)) == "The couple welcomed daughter <b>in</b> 2021."


def test_colors_distinct_within_a_story_even_when_store_colours_collide() -> None:
    colors = OutletColors(["A", "B", "C"], preferred={"A": PALETTE[0], "B": PALETTE[0]})
    assert len({colors("A"), colors("B"), colors("C")}) == 3
    assert colors("A") == PALETTE[0]
    assert colors(None) != colors("A")


def test_timeline_compresses_long_gaps_and_marks_follow_ups() -> None:
    rows = [ArticleRow("a", "Ledger", "2025-03-04", "One <b>", 10, None, None),
            ArticleRow("b", "Lantern", "2025-03-05", "Two", 10, None, None),
            ArticleRow("c", "Ledger", "2025-08-28", "Three", 10, None, None),
            ArticleRow("d", None, None, "Undated", 10, None, None)]
    episodes = [Episode(0, ("a", "b"), date(2025, 3, 4), date(2025, 3, 5)),
                Episode(1, ("c",), date(2025, 8, 28), date(2025, 8, 28))]
    svg = str(timeline(rows, episodes, OutletColors(["Ledger", "Lantern"]),
                       lambda i: f"/article/{i}"))
    assert svg.count('class="dot"') == 3
    assert "Follow-up 1" in svg and "Original coverage" in svg
    assert "6 months later" in svg
    assert "One &lt;b&gt;" in svg and "<b>" not in svg
    assert "+ 1 undated article" in svg
    xs = {a: float(x) for a, x in re.findall(r'href="/article/(\w)"><circle class="dot" '
                                            r'cx="([\d.]+)"', svg)}
    assert xs["a"] < xs["b"] < xs["c"] <= 960
    assert xs["c"] - xs["b"] < 200  # five quiet months take a break mark, not the whole width


def test_sparkline_handles_one_day_and_none() -> None:
    assert "<rect" in str(sparkline([date(2025, 1, 1)]))
    assert "no dated articles" in str(sparkline([]))
    many = str(sparkline([date(2025, 1, d) for d in range(1, 29)]))
    assert many.count("<rect") >= 10


def test_fast_record_constructors_match_the_generic_converter() -> None:
    from storytrace.serialize import from_dict, to_dict
    from storytrace.store import web_queries as wq
    from storytrace.web.sample import sample_records

    records = sample_records()
    for quote in records["quotes"]:
        assert wq.quote_from(to_dict(quote)) == quote == from_dict(type(quote), to_dict(quote))
    for claim in records["claims"]:
        assert wq.claim_from(to_dict(claim)) == claim
    for statement in records["statements"]:
        assert wq.statement_from(to_dict(statement)) == statement
    for cluster in records["clusters"]:
        assert wq.cluster_from(to_dict(cluster)) == cluster
    for story in records["stories"]:
        assert wq.story_from(to_dict(story)) == story


def test_word_diff_ignores_typographic_variants() -> None:
    left, right, same = word_diff("the nurses of St Brigid’s Hospice said “yes”",
                                  "the nurses of St Brigid's Hospice said \"yes\"")
    assert "<del>" not in str(left) and "<ins>" not in str(right)
    assert same == 1.0
    assert "Brigid’s" in str(left) and "Brigid&#39;s" in str(right)  # each keeps its own text


def test_serve_binds_loopback_by_default() -> None:
    import inspect

    from storytrace.web import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_page_cache_bounds_count_and_bytes_and_renders_once() -> None:
    import threading

    from storytrace.web.app import PageCache

    cache = PageCache(3, max_bytes=10)
    calls: list[str] = []

    def make(key: str, size: int = 2):
        def render() -> tuple[bytes, str]:
            calls.append(key)
            return b"x" * size, "text/html"
        return render

    for key in "abcd":
        cache.get(key, make(key))
    cache.get("d", make("d"))
    assert calls == ["a", "b", "c", "d"]  # d came from the cache
    cache.get("a", make("a"))  # a was evicted (3 pages at most)
    assert calls[-1] == "a"
    cache.get("big", make("big", 8))  # 8 bytes: evicts until the total fits in 10
    cache.get("big", make("big", 8))
    assert calls.count("big") == 1
    # many threads asking for one page render it once
    slow = threading.Event()

    def render_slow() -> tuple[bytes, str]:
        calls.append("slow")
        slow.wait(0.2)
        return b"s", "text/html"

    threads = [threading.Thread(target=cache.get, args=("slow", render_slow)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls.count("slow") == 1
