"""Bad input: unbalanced marks, one long quote, huge inputs: no crash, no hang."""

from __future__ import annotations

import time

from storytrace.quotes import extract_quotes


def timed(text: str) -> tuple[float, list]:
    t0 = time.perf_counter()
    qs = extract_quotes(text)
    return time.perf_counter() - t0, qs


def test_100k_quote_marks_under_a_time_bound() -> None:
    secs, qs = timed('"' * 100_000)
    assert secs < 10
    secs, qs = timed("’'‘“”\"" * 20_000)
    assert secs < 10


def test_5mb_quote_without_closing_mark_under_a_time_bound() -> None:
    text = "“" + ("the words go on and on, she said " * 155_000)
    assert len(text) > 5_000_000
    secs, qs = timed(text)
    assert secs < 40
    assert len(qs) == 1 and qs[0].start == 1 and qs[0].end == len(text.rstrip())


def test_many_quotes_scale_linearly() -> None:
    small, _ = timed('Varga said "yes and no" today. ' * 2_000)
    big, qs = timed('Varga said "yes and no" today. ' * 8_000)
    assert len(qs) == 8_000
    assert big < 8 * small + 1.0


def test_article_that_is_one_long_quote() -> None:
    text = "“" + "\n\n“".join(f"Paragraph {i} of the statement." for i in range(2_000)) + "”"
    secs, qs = timed(text)
    assert secs < 10
    assert len(qs) == 1 and qs[0].kind == "multi-paragraph"


def test_odd_inputs_do_not_crash() -> None:
    for text in ["", " ", "\"", "“”", "' '", "\"\"\"\"", "‘’", "“\n\n“\n\n“", "a\"b\"c",
                 "“[” (sic) ”", "He said, “", "\n\n\n", "\u00a0\"x\"\u00a0"]:
        for q in extract_quotes(text):
            assert text[q.start:q.end] == q.text
