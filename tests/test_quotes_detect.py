"""Detection of quotation spans (storytrace.quotes.detect) on fictional text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.quotes import extract_quotes
from storytrace.quotes.detect import find_quotes


def spans(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quotes(text) if not s.nested]


def test_straight_and_curly_double_quotes() -> None:
    text = ('"We will win," Reyes said. “They will not,” Lindqvist replied.')
    assert spans(text) == ["We will win,", "They will not,"]


def test_split_quote_gives_two_spans() -> None:
    text = "“I tried,” Varga continued. “I really did.”"
    assert spans(text) == ["I tried,", "I really did."]


def test_multi_paragraph_quote_is_one_span_with_inner_marks() -> None:
    text = ("She wrote: “First paragraph here.\n\n“Second paragraph here.\n\n"
            "“Third and last.”\n\nAfter the quote.")
    sp = [s for s in find_quotes(text) if not s.nested]
    assert len(sp) == 1
    assert sp[0].multi_paragraph
    assert text[sp[0].start:sp[0].end] == (
        "First paragraph here.\n\n“Second paragraph here.\n\n“Third and last.")


def test_unclosed_quote_ends_at_its_paragraph() -> None:
    text = 'He said: "this never closes\n\nA new paragraph without marks.'
    assert spans(text) == ["this never closes"]


def test_stray_closing_mark_is_ignored() -> None:
    text = 'Nothing opens here” and then "a real quote" follows.'
    assert spans(text) == ["a real quote"]


def test_nested_single_quotes_are_kept_inside_and_reported() -> None:
    text = "“People ask me, ‘Why are you at work?’ every day,” Danso said."
    found = find_quotes(text)
    outer = [s for s in found if not s.nested]
    inner = [s for s in found if s.nested]
    assert text[outer[0].start:outer[0].end] == "People ask me, ‘Why are you at work?’ every day,"
    assert [text[s.start:s.end] for s in inner] == ["Why are you at work?"]
    assert inner[0].parent == (outer[0].start, outer[0].end)


def test_apostrophes_are_not_quotes() -> None:
    text = ("“I grew up on rock 'n' roll in the '90s and Cannon's records,” Pell said. "
            "“Don’t ask me about the ’80s.”")
    found = find_quotes(text)
    assert not [s for s in found if s.nested]
    assert len(found) == 2


def test_editorial_marks_stay_inside() -> None:
    text = "“ [She’s the] best (sic) mom I know,” he said."
    assert spans(text) == ["[She’s the] best (sic) mom I know,"]


def test_titles_in_single_quotes_are_not_quotes() -> None:
    text = "On 'The Late Hour Show', he said: \"I am fine.\""
    assert spans(text) == ["I am fine."]


def test_headline_like_first_line_single_quotes() -> None:
    text = ("Juno Halvorsen Pens Tribute to Late Father: 'You Were My Hero'\n\n"
            "The singer posted on Sunday.")
    qs = extract_quotes(text)
    assert [(q.text, q.kind) for q in qs] == [("You Were My Hero", "headline")]
    assert qs[0].speaker.name == "Juno Halvorsen"


def test_kinds_partial_scare_direct() -> None:
    text = ("Members of the so-called \"Harbour Five\" met on Monday. Abara said the talks went "
            "\"better than expected.\" \"Nobody walked out,\" Abara said.")
    kinds = {q.text: q.kind for q in extract_quotes(text)}
    assert kinds == {"Harbour Five": "scare", "better than expected.": "partial",
                     "Nobody walked out,": "direct"}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z\n'’‘\"“”.,(sic)[]")), max_size=300))
def test_offsets_hold_on_any_text(text: str) -> None:
    for q in extract_quotes(text):
        assert text[q.start:q.end] == q.text
        assert q.start < q.end
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
        if q.cue_start is not None:
            assert text[q.cue_start:q.cue_end] == q.cue


def test_headline_quotes_of_an_article_use_title_offsets() -> None:
    from storytrace.quotes import QuoteOptions, quotes_for_article, quotes_for_articles
    from storytrace.records import Article

    art = Article(id="a1", outlet="The Harbour Ledger", url=None, published=None,
                  title="'Every story needs a lamp': Emil Varden on the father viewers knew",
                  text="Emil Varden, 35, remembered his father on Monday.\n\n"
                       "\"He was tired, but he was never bored,\" Varden said.")
    assert [q.kind for q in quotes_for_article(art)] == ["direct"]  # title off by default
    options = QuoteOptions(title_quotes=True)
    qs = quotes_for_article(art, options)
    head = [q for q in qs if q.kind == "headline"]
    assert [(q.text, q.speaker.name) for q in head] == [("Every story needs a lamp",
                                                          "Emil Varden")]
    assert art.title[head[0].start:head[0].end] == head[0].text
    body = [q for q in qs if q.kind != "headline"]
    assert [(q.text, q.speaker.name) for q in body] == [
        ("He was tired, but he was never bored,", "Emil Varden")]
    assert list(quotes_for_articles([art, art], options)) == [qs, qs]
