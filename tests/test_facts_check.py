"""Across articles: inferred dates, contradictions, stale facts, variants and timelines.

The corpus is fictional: three outlets covering one family over a year.
"""

from __future__ import annotations

from datetime import date

import pytest

from storytrace.facts import (
    FactOptions,
    analyze_facts,
    check_claims,
    extract_claims,
    group_variants,
    infer_publication_date,
    person_timeline,
)
from storytrace.records import Article, Claim

A = (
    "Marisol Quint has opened up about losing her son Tobin.\n\n"
    "The singer's partner, actor Dorian Vale, shared a video of the baby on Sunday. Quint, 36, "
    "said their little boy died aged four months earlier this year from a brain tumour.\n\n"
    "Vale - who has children Ezra and Juno, 9, from his previous marriage to chef Priya Lund, "
    "as well as Felix, three, and Ivo, one, from a relationship with model Tova Reyes - "
    "returned to the stage days later.\n\n"
    "Quint is also mother to 6-year-old daughter Odile. She previously shared that Tobin was "
    "diagnosed with hydrocephalus."
)
B = (
    "A hard day. Dorian Vale remembered his and Marisol Quint's son, Tobin, on the one-year "
    "anniversary of his death.\n\n"
    "\"I miss him every day,\" Vale, 45, wrote on Saturday, January 20. The actor and the "
    "singer welcomed son Tobin in September 2022. Four months later, Quint shared that the baby "
    "had died after a battle with brain cancer.\n\n"
    "Vale shares twins Ezra and Juno, 10, with ex-wife Priya Lund and shares two children with "
    "Tova Reyes: 4-year-old son Felix and 20-month-old Ivo. He welcomed daughter Maple, "
    "14 months, with Lena Ostrova and she gave birth to their son, Bram, last month."
)
C = (
    "Marisol Quint is sharing her grief over the loss of her 4-month-old son, Tobin.\n\n"
    "\"You were my whole world. 9•14•22 - 1•20•23\" she wrote on Wednesday. Dorian Vale and "
    "Quint welcomed Tobin back in September, making him Vale's fifth child."
)


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return [
        Article("lark-1", "Daily Lark", None, date(2023, 3, 14), None, A),
        Article("quill-1", "Evening Quill", None, None, None, B),
        Article("harbor-1", "Harbor Post", None, None, None, C),
    ]


@pytest.fixture(scope="module")
def result(corpus):
    return analyze_facts(corpus)


def test_undated_articles_get_inferred_ranges(result) -> None:
    quill = result.inferred["quill-1"]
    assert (quill.earliest, quill.latest) == (date(2024, 1, 20), date(2024, 1, 27))
    assert quill.inferred
    assert any("anniversary" in e for e in quill.evidence)
    assert any("Saturday" in e for e in quill.evidence)
    harbor = result.inferred["harbor-1"]
    assert (harbor.earliest, harbor.latest) == (date(2023, 1, 25), date(2023, 2, 1))
    assert "lark-1" not in result.inferred


def test_relative_dates_resolve_after_inference(result) -> None:
    got = {(c.article_id, c.subject, c.attribute, c.value) for c in result.claims}
    assert ("quill-1", "Bram", "born", "2023-12") in got
    assert ("harbor-1", "Tobin", "born", "2022-09") in got
    quill_claims = [c for c in result.claims if c.article_id == "quill-1"]
    assert all(c.holds_at_inferred and c.holds_at == date(2024, 1, 20) for c in quill_claims)


def test_contradiction_and_stale_are_flagged(result) -> None:
    contradictions = [c for c in result.conflicts if c.kind == "contradiction"]
    subjects = {c.claim_a.subject for c in contradictions}
    assert subjects == {"Ivo"}, [c.explanation for c in contradictions]
    ivo = contradictions[0]
    assert {ivo.claim_a.article_id, ivo.claim_b.article_id} == {"lark-1", "quill-1"}
    assert "1 year on 2023-03-14 means born 2021-03-15 to 2022-03-14" in ivo.explanation
    assert "20 months on 2024-01-20 to 2024-01-27 (inferred date) means born" in \
        ivo.explanation
    stale = [c for c in result.conflicts if c.kind == "stale"]
    assert len(stale) == 1 and stale[0].claim_a.article_id == "quill-1"
    assert "Ivo 20 months fits" in stale[0].explanation


def test_no_false_conflict_for_consistent_ageing(result) -> None:
    flagged = {c.claim_a.subject for c in result.conflicts} | {
        c.claim_b.subject for c in result.conflicts if c.claim_b}
    for name in ("Ezra", "Juno", "Felix", "Tobin", "Dorian Vale", "Odile"):
        assert name not in flagged


def test_variants_grouped_not_flagged(result) -> None:
    groups = [g for g in result.groups if g.subject == "Tobin"]
    cause = [g for g in groups if g.attribute == "cause_of_death"]
    assert len(cause) == 1
    assert set(cause[0].values) == {"brain tumour", "brain cancer"}
    assert any(g.concept == "hydrocephalus" for g in groups)


def test_timeline_of_a_person_under_any_name(result) -> None:
    t = person_timeline("Tobin", result.claims, result.conflicts)
    assert t.born == "2022-09-14" and t.died == "2023-01-20"
    parents = {o for r, o, _ in t.relations if r == "parent"}
    assert parents == {"Dorian Vale", "Marisol Quint"}
    assert any("ordinal child: 5" in e.what for e in t.entries)
    vale = person_timeline("Vale", result.claims, result.conflicts)
    assert vale.person == "Dorian Vale"
    kids = {o for r, o, _ in vale.relations if r == "child"}
    assert {"Ezra", "Juno", "Felix", "Ivo", "Maple", "Bram", "Tobin"} <= kids
    ivo = person_timeline("Ivo", result.claims, result.conflicts)
    assert ivo.conflicts


def test_check_claims_infers_dates_itself(corpus) -> None:
    by_id = {a.id: a for a in corpus}
    claims = [c for a in corpus for c in extract_claims(a)]
    conflicts = check_claims(claims, by_id)
    assert any(c.kind == "contradiction" and c.claim_a.subject == "Ivo" for c in conflicts)
    assert infer_publication_date(corpus[0], claims, by_id) is None  # dated


def test_self_contradicting_article_is_flagged_without_crash() -> None:
    art = Article("x", "Daily Lark", None, date(2023, 5, 1), None,
                  "Ezra Vale, 9, rode a bike. Later, Ezra Vale, 12, rode it again.")
    claims = extract_claims(art)
    conflicts = check_claims(claims, {"x": art})
    assert len(conflicts) == 1 and conflicts[0].kind == "contradiction"


def test_died_dates_that_cannot_both_hold() -> None:
    def claim(aid: str, value: str) -> Claim:
        return Claim(aid, "Lio Brandt", "died", value, None, 0, 1, "x", id=aid)
    arts = {k: Article(k, None, None, date(2023, 1, 1), None, "x") for k in ("a", "b")}
    conflicts = check_claims([claim("a", "2022-06-09"), claim("b", "2021")], arts,
                             FactOptions())
    assert len(conflicts) == 1 and "died" in conflicts[0].explanation


def test_group_variants_keeps_different_organs_apart() -> None:
    def claim(v: str, attr: str = "diagnosis") -> Claim:
        return Claim("a", "Lio Brandt", attr, v, None, 0, 1, v, id=v)
    groups = group_variants([claim("lung cancer"), claim("brain tumor"), claim("tumour"),
                             claim("pneumonia", "cause_of_death")])
    concepts = sorted(g.concept for g in groups)
    assert concepts == ["brain cancer", "lung cancer", "pneumonia"]


def test_one_outlier_among_many_gives_one_conflict() -> None:
    """n consistent claims and one wrong one: one conflict (the outlier against the consensus
    claim closest in time), not one per pair."""
    arts, claims = {}, []
    for i, (day, age) in enumerate([(date(2020, 5, 1), 40), (date(2021, 5, 1), 41),
                                    (date(2022, 5, 1), 42), (date(2023, 5, 1), 43),
                                    (date(2023, 6, 1), 38)]):
        aid = f"a{i}"
        text = f"Lio Brandt, {age}, spoke."
        arts[aid] = Article(aid, "Daily Lark", None, day, None, text)
        claims += extract_claims(arts[aid])
    conflicts = check_claims(claims, arts)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert c.kind == "contradiction"
    assert (c.claim_a.article_id, c.claim_b.article_id) == ("a3", "a4")
    assert "43 years on 2023-05-01" in c.explanation and "38 years on 2023-06-01" in c.explanation


def test_dates_from_ages_alone_are_wide_and_say_so() -> None:
    dated = Article("d", "Daily Lark", None, date(2023, 5, 1), None, "Lio Brandt, 40, spoke.")
    undated = Article("u", "Harbor Post", None, None, None, "Lio Brandt, 41, spoke again.")
    arts = {"d": dated, "u": undated}
    claims = extract_claims(dated) + extract_claims(undated)
    guess = infer_publication_date(undated, claims, arts)
    assert guess is not None and guess.inferred
    assert guess.earliest <= date(2024, 5, 1) <= guess.latest
    assert (guess.latest - guess.earliest).days > 300
    assert any("Lio Brandt is 41 years here" in e for e in guess.evidence)
