"""Digest on odd input (never a crash) and offset properties, on fictional articles."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.digest import DigestOptions, digest_story, render_digest
from storytrace.digest.index import build_index
from storytrace.digest.support import carriers, support_counts
from storytrace.digest.text import split_sentences, terms
from storytrace.errors import InputError
from storytrace.records import (
    Article,
    Claim,
    Passage,
    ReuseCluster,
    ReuseMember,
    Speaker,
    Statement,
    StatementFragment,
)

FIRE_1 = (
    "A fire destroyed the old mill in Brackenford on Tuesday night, the county fire service said. "
    "Forty firefighters fought the blaze for six hours before it was brought under control. "
    "No one was injured, but two neighbouring houses were evacuated as a precaution. "
    '"The building was empty and the roof collapsed within minutes," said chief officer '
    "Mara Quill. "
    "The mill, built in 1884, had been due to reopen as a museum next spring."
)
FIRE_2 = (
    "Firefighters spent six hours battling a blaze that gutted Brackenford's old mill on Tuesday. "
    "Two houses next to the mill were evacuated and nobody was hurt, officials said. "
    '"The building was empty and the roof collapsed within minutes," said chief officer '
    "Mara Quill. "
    "Investigators from the county will examine the site on Thursday to find the cause."
)
FIRE_3 = (
    "A year after the fire that destroyed Brackenford's old mill, the town has voted to "
    "rebuild it. "
    "The council approved a plan worth 4 million pounds on Monday, mayor Ines Darrow announced. "
    "Investigators found last spring that faulty wiring had started the blaze. "
    "Forty firefighters fought the blaze for six hours before it was brought under control."
)


def art(aid: str, text: str, outlet: str | None = "Fictional Herald",
        day: date | None = date(2025, 3, 4)) -> Article:
    return Article(id=aid, outlet=outlet, url=None, published=day, title=None, text=text)


def story() -> list[Article]:
    return [
        art("a3", FIRE_3, "Valley Courier", date(2026, 3, 9)),
        art("a1", FIRE_1, "Fictional Herald", date(2025, 3, 5)),
        art("a2", FIRE_2, "Northern Ledger", date(2025, 3, 5)),
    ]


def check_offsets(articles: list[Article], digest) -> None:
    texts = {a.id: a.text for a in articles}
    for s in list(digest.summary) + [x for n in digest.whats_new for x in n.sentences]:
        assert texts[s.article_id][s.start:s.end] == s.text
        for c in s.citations:
            assert c.article_id in texts and 0 <= c.start < c.end <= len(texts[c.article_id])


def test_fictional_story_summary_cites_independent_outlets() -> None:
    articles = story()
    digest = digest_story(articles, story_id="mill", options=DigestOptions(sentences=3))
    check_offsets(articles, digest)
    assert len(digest.summary) == 3
    # a fact other outlets carry in other words is cited by them, not only exact copies
    texts = {a.id: a.text for a in articles}
    paraphrased = [
        (s, c) for s in digest.summary for c in s.citations
        if c.article_id != s.article_id and texts[c.article_id][c.start:c.end] != s.text
    ]
    assert paraphrased
    evacuated = [s for s in digest.summary if "evacuated" in s.text]
    if evacuated:
        assert {c.outlet for c in evacuated[0].citations} == {"Fictional Herald",
                                                              "Northern Ledger"}
    # what's new of the follow-up leads with the rebuilding, not the old facts
    assert digest.whats_new[-1].article_id == "a3"
    first_new = digest.whats_new[-1].sentences[0].text
    assert "rebuild" in first_new or "4 million" in first_new
    assert all("Forty firefighters" not in s.text for s in digest.whats_new[-1].sentences)
    assert "Summary" in render_digest(digest)


def test_reused_copies_count_once_in_support() -> None:
    articles = story()
    quote = '"The building was empty and the roof collapsed within minutes,"'
    members = []
    for a in articles[1:]:
        start = a.text.index(quote)
        members.append(ReuseMember(Passage(a.id, start, start + len(quote), quote), 1.0))
    cluster = ReuseCluster(id="c1", members=tuple(members), origin="a1", origin_status="earliest")
    digest = digest_story(articles, clusters=[cluster])
    check_offsets(articles, digest)
    assert digest.summary

    def support(clusters: list[ReuseCluster]) -> int:
        index = build_index(articles, clusters=clusters, options=DigestOptions())
        row = next(i for i, s in enumerate(index.sentences)
                   if s.text.startswith('"The building was empty'))
        found = carriers(index, np.array([row]), DigestOptions())
        return int(support_counts(index, found)[0])

    # two outlets print the quotation: two sources, unless one copied the other's passage
    assert support([]) == 2
    assert support([cluster]) == 1


def test_events_from_claims_and_statements() -> None:
    articles = story()
    ev = FIRE_3.index("faulty wiring")
    claims = [Claim(article_id="a3", subject="Brackenford mill", attribute="died", value="",
                    holds_at=date(2025, 3, 4), start=ev, end=ev + 13, evidence="faulty wiring")]
    q1 = FIRE_1.index("The building was empty")
    q2 = FIRE_2.index("The building was empty")
    n = len("The building was empty and the roof collapsed within minutes")
    quill = Speaker(name="Mara Quill", kind="person")
    statement = Statement(id="s1", text=FIRE_1[q1:q1 + n], speaker=quill, fragments=(
        StatementFragment("a1", q1, q1 + n, 0, n), StatementFragment("a2", q2, q2 + n, 0, n)))
    digest = digest_story(articles, claims=claims, statements=[statement])
    kinds = [e.kind for e in digest.events]
    assert kinds == ["died", "statement"]
    assert digest.events[0].date == date(2025, 3, 4)
    assert {s.article_id for s in digest.events[1].sources} == {"a1", "a2"}


def test_bad_input_gives_a_sensible_digest() -> None:
    assert digest_story([]).summary == ()
    one = digest_story([art("x", FIRE_1)])
    assert len(one.summary) == 5 and one.whats_new == ()
    # no sentence boundaries at all
    run_on = " ".join(["the mill burned and the firefighters came"] * 200)
    flat = digest_story([art("r", run_on), art("s", run_on.upper(), "Other")])
    assert flat.summary and all(len(s.text) <= 600 for s in flat.summary)
    # only identical copies, no dates, no outlets
    copies = [art(f"c{i}", FIRE_2, outlet=None, day=None) for i in range(4)]
    d = digest_story(copies)
    check_offsets(copies, d)
    assert d.summary and all(n.sentences == () for n in d.whats_new)
    assert all(n.covered == 4 for n in d.whats_new)
    # empty and symbol-only texts
    odd = digest_story([art("e", ""), art("f", "*** ---"), art("g", "12 34.")])
    assert odd.story_id == "" and isinstance(odd.summary, tuple)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "Cc")),
               max_size=400))
def test_sentence_spans_are_exact(text: str) -> None:
    previous = 0
    for start, end in split_sentences(text, max_chars=80):
        assert 0 <= previous <= start < end <= len(text)
        span = text[start:end]
        assert span == span.strip() and any(ch.isalnum() for ch in span)
        previous = end


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([FIRE_1, FIRE_2, FIRE_3, "Short.", "", "A b c d e f g."]),
                min_size=1, max_size=4))
def test_digest_offsets_hold_for_any_mix(texts: list[str]) -> None:
    articles = [art(f"t{i}", t, outlet=f"O{i % 2}") for i, t in enumerate(texts)]
    digest = digest_story(articles, options=DigestOptions(sentences=2))
    check_offsets(articles, digest)


def test_terms_meet_across_wordings() -> None:
    assert "5:month" in terms("a 5-month-old son") and "5:month" in terms("aged five months")
    assert "tumor" in terms("a brain tumour") and "tumor" in terms("brain cancer")


def test_event_claims_group_across_articles_and_wordings() -> None:
    articles = story()
    span = (0, 10)

    def claim(aid: str, subject: str, attribute: str, value: str, day: date) -> Claim:
        return Claim(article_id=aid, subject=subject, attribute=attribute, value=value,
                     holds_at=day, start=span[0], end=span[1], evidence="x")

    claims = [
        claim("a1", "Mara Quill", "died", "2025-03-04", date(2025, 3, 5)),
        claim("a2", "Chief Mara Quill", "died", "2025-01-01/2025-03-05", date(2025, 3, 5)),
        claim("a2", "Quill", "cause_of_death", "smoke inhalation", date(2025, 3, 5)),
        claim("a3", "Ines Darrow", "expecting", "Tom Darrow", date(2026, 3, 9)),
        claim("a3", "Tom Darrow", "expecting", "Ines Darrow", date(2026, 3, 9)),
        claim("a3", "Ines Darrow", "age", "41", date(2026, 3, 9)),  # a state, not an event
    ]
    events = digest_story(articles, claims=claims).events
    assert [e.kind for e in events] == ["died", "expecting"]
    died = events[0]
    assert died.date == date(2025, 3, 4)  # the narrowest range the outlets give
    assert "smoke inhalation" in died.description
    assert {s.article_id for s in died.sources} == {"a1", "a2"}
    assert events[1].description == "Ines Darrow and Tom Darrow expecting a child"


def test_spacy_segmenter_gives_the_same_kind_of_digest() -> None:
    articles = story()
    digest = digest_story(articles, options=DigestOptions(segmenter="spacy", sentences=2))
    check_offsets(articles, digest)
    assert len(digest.summary) == 2


def test_invalid_options_are_a_user_error() -> None:
    with pytest.raises(InputError, match="cite_threshold"):
        DigestOptions(cite_threshold=1.5)
    with pytest.raises(InputError, match="segmenter"):
        DigestOptions(segmenter="nltk")  # type: ignore[arg-type]
    assert digest_story(story(), options=DigestOptions(sentences=0)).summary == ()
