"""Session 2 of the facts stage: role mentions ("the model, 29"), relations implied across
clauses ("their baby boy"), "her son, who turned one", deaths with no date, people named only
by a relation ("Oduya's father") and the claim index for dating undated articles."""

from __future__ import annotations

from datetime import date

from test_facts_extract import article, triples

from storytrace.facts import (
    analyze_facts,
    extract_claims,
    index_claims,
    infer_publication_date,
    infer_publication_date_with,
    resolve_relatives,
)
from storytrace.facts.dates import Interval, open_before, parse_interval
from storytrace.facts.roles import find_role_mentions
from storytrace.records import Claim

# --------------------------------------------------------------------------------------------
# role mentions


def test_find_role_mentions_shapes() -> None:
    text = ("The Masked Singer host and the model, 29, met. The 42-year-old law passed. "
            "The 42-year-old said no. The actress (31) smiled. The model Tova Reyes posed.")
    found = {text[m.start:m.end]: m for m in find_role_mentions(text)}
    assert found["The Masked Singer host"].role == "host"
    assert found["the model"].age == (29, "years")
    assert found["The 42-year-old"].age == (42, "years") and found["The 42-year-old"].role is None
    assert found["The actress"].gender == "f" and found["The actress"].age == (31, "years")
    assert len([m for m in find_role_mentions(text) if m.age == (42, "years")]) == 1  # not "law"
    assert "The model" not in found  # an apposition before a name, not a reference


def test_role_mention_with_age_goes_to_the_person_of_compatible_age() -> None:
    text = ("Dorian Vale, 42, and Marisol Quint have a son, Tobin.\n\n"
            "\"He is our world,\" Vale said.\n\n"
            "The TV host and the model, 29, welcomed Tobin in June 2022.")
    got = triples(text)
    assert ("Marisol Quint", "age", "29 years") in got
    assert ("Dorian Vale", "age", "29 years") not in got
    assert ("Tobin", "age", "29 years") not in got  # a child is never "the model"


def test_role_mention_is_not_someone_named_earlier_in_its_sentence() -> None:
    text = ("Singer Priya Lund and footballer Kasimir Oduya have split.\n\n"
            "Oduya has praised the singer, 33, for her strength.")
    assert ("Priya Lund", "age", "33 years") in triples(text)


def test_sentence_initial_role_is_the_previous_subject() -> None:
    text = ("Hedda Lindqvist has welcomed a baby girl with husband Kasimir Oduya.\n\n"
            "The TV presenter, 29, gave birth to daughter Liv on Saturday, November 9.")
    got = triples(text, published=date(2024, 11, 12))
    assert ("Hedda Lindqvist", "age", "29 years") in got
    assert ("Hedda Lindqvist", "parent_of", "Liv") in got
    # her one current partner, named in the article, is the father
    assert ("Kasimir Oduya", "parent_of", "Liv") in got
    assert ("Liv", "born", "2024-11-09") in got


def test_gendered_role_skips_the_other_gender() -> None:
    text = ("Tova Reyes and Silas Marr were seen in Paris.\n\n"
            "The actor, 51, said nothing.")
    got = triples(text)
    assert ("Silas Marr", "age", "51 years") in got
    assert ("Tova Reyes", "age", "51 years") not in got


def test_role_with_age_of_a_known_person() -> None:
    text = ("Kasimir Oduya, 42, and Hedda Lindqvist, 29, married in May.\n\n"
            "Friends said the 42-year-old had never been happier.")
    got = triples(text)
    assert ("Kasimir Oduya", "age", "42 years") in got
    assert ("Hedda Lindqvist", "age", "42 years") not in got


def test_possessive_role_owner() -> None:
    text = ("Broadcaster Edwina Pryce has been honoured.\n\n"
            "The broadcaster's sister, Maud Pryce, 85, accepted the award.")
    got = triples(text)
    assert ("Edwina Pryce", "sibling_of", "Maud Pryce") in got


# --------------------------------------------------------------------------------------------
# relations implied across clauses, "her son, who turned one"


def test_their_baby_boy_after_a_named_son() -> None:
    text = ("Alyssa Vance has opened up on her heartbreak after losing her son Tobin.\n\n"
            "Dorian Quint's partner has penned an emotional tribute to their baby boy after he "
            "died aged five months earlier this year.")
    got = triples(text, published=date(2021, 12, 9))
    assert ("Alyssa Vance", "parent_of", "Tobin") in got
    assert ("Dorian Quint", "parent_of", "Tobin") in got
    assert ("Dorian Quint", "partner_of", "Alyssa Vance") in got
    assert ("Tobin", "age_at_death", "5 months") in got


def test_unborn_baby_is_not_the_named_child() -> None:
    text = ("Hedda Lindqvist is mother to son Arlo, 4.\n\n"
            "Kasimir Oduya said he is excited about their unborn baby.")
    got = triples(text)
    assert ("Kasimir Oduya", "parent_of", "Arlo") not in got


def test_her_son_who_turned_one() -> None:
    text = ("Saskia Brandt, 39, spoke after the concert.\n\n"
            "\"Teodor slept through the whole thing,\" she added, of her son, who turned one "
            "last month.")
    got = triples(text)
    assert ("Teodor", "age", "1 year") in got
    assert ("Saskia Brandt", "parent_of", "Teodor") in got


def test_is_the_boys_father() -> None:
    text = ("Singer Noor Castellan has shared a rare photo of her son.\n\n"
            "The 27-year-old posted the picture of Idris, who turned one in October. Her "
            "partner, the drummer Felix Orme, 30, is the boy's father.")
    got = triples(text, published=date(2022, 11, 20))
    assert {("Noor Castellan", "parent_of", "Idris"), ("Felix Orme", "parent_of", "Idris"),
            ("Idris", "age", "1 year"), ("Noor Castellan", "age", "27 years"),
            ("Noor Castellan", "partner_of", "Felix Orme")} <= got


# --------------------------------------------------------------------------------------------
# deaths with no date


def test_death_without_date_is_on_or_before_the_article() -> None:
    got = triples("Broadcaster Edwina Pryce has died. She was 88.",
                  published=date(2024, 9, 30))
    assert ("Edwina Pryce", "died", "../2024-09-30") in got
    assert ("Edwina Pryce", "age_at_death", "88 years") in got


def test_death_reported_on_a_day_is_on_or_before_that_day() -> None:
    got = triples("Edwina Pryce has died, her family said on Sunday.",
                  published=date(2024, 9, 30))  # a Monday
    assert ("Edwina Pryce", "died", "../2024-09-29") in got


def test_no_open_death_when_the_article_dates_it_or_denies_it() -> None:
    got = triples("Hollis Brandt has died at home. His daughter said he died on Saturday, "
                  "March 2.", published=date(2024, 3, 3))
    assert [t for t in got if t[1] == "died"] == [("Hollis Brandt", "died", "2024-03-02")]
    assert not [t for t in triples("Kasimir Oduya nearly died in the crash.") if t[1] == "died"]
    assert not [t for t in triples("Kasimir Oduya has died.", published=None) if
                t[1] == "died"]  # no date to bound it


def test_open_interval_values() -> None:
    assert open_before(date(2024, 9, 30)) == "../2024-09-30"
    iv = parse_interval("../2024-09-30")
    assert iv is not None and iv.end == date(2024, 9, 30) and iv.start.year == 1874
    assert parse_interval("../2024-02-29").end == date(2024, 2, 29)
    assert parse_interval("../nonsense") is None
    # consistent with a dated death from another article: no conflict
    assert not iv.intersect(Interval.day(date(2024, 9, 23))).empty


# --------------------------------------------------------------------------------------------
# people named by a relation, across articles


def test_relative_named_in_another_article() -> None:
    a1 = article("Kasimir Oduya, 31, is expecting a child. Oduya's father, Bastian Oduya, "
                 "lives in Lagos.", date(2024, 5, 2), "a1")
    a2 = article("Kasimir Oduya, 32, has been named captain.\n\nOduya's father died two years "
                 "ago of cancer.", date(2025, 6, 20), "a2")
    alone = extract_claims(a2)
    assert ("Kasimir Oduya's father", "cause_of_death", "cancer") in {
        (c.subject, c.attribute, c.value) for c in alone}
    claims = {(c.subject, c.attribute, c.value) for c in analyze_facts([a1, a2]).claims}
    assert ("Bastian Oduya", "cause_of_death", "cancer") in claims
    assert ("Bastian Oduya", "died", "2022-06-21/2023-06-20") in claims
    assert not [c for c in claims if c[0].endswith("'s father")]


def test_relative_left_as_descriptor_when_ambiguous() -> None:
    def claim(subject: str, attribute: str, value: str, evidence: str, aid: str) -> Claim:
        return Claim(article_id=aid, subject=subject, attribute=attribute, value=value,
                     holds_at=None, start=0, end=len(evidence), evidence=evidence, id=subject)

    claims = [claim("Ada Marr", "parent_of", "Ivo Marr", "his father, Ada Marr", "a"),
              claim("Bo Marr", "parent_of", "Ivo Marr", "his dad Bo Marr", "b"),
              claim("Ivo Marr's father", "age", "70 years", "Marr's father, 70", "c")]
    out = resolve_relatives(claims)
    assert out[2].subject == "Ivo Marr's father"  # two fathers: left as it is
    out = resolve_relatives(claims[:1] + claims[2:])
    assert out[1].subject == "Ada Marr" and out[1].id != claims[2].id


# --------------------------------------------------------------------------------------------
# the claim index: one pass over the corpus, same answers


def test_infer_with_index_matches_the_old_call() -> None:
    dated = article("Tobin Vale was born on June 23, 2021. He died on December 5, 2021.",
                    date(2021, 12, 9), "d1")
    undated = [article(f"On the one-year anniversary of Tobin Vale's death, his mother spoke. "
                       f"(story {i})", None, f"u{i}") for i in range(5)]
    arts = [dated, *undated]
    by_id = {a.id: a for a in arts}
    claims = [c for a in arts for c in extract_claims(a)]
    index = index_claims(claims, by_id)
    for a in undated:
        old = infer_publication_date(a, claims, by_id)
        new = infer_publication_date_with(a, index)
        assert old == new
        assert new is not None and new.earliest == date(2022, 12, 5)
    assert infer_publication_date_with(dated, index) is None
