"""Claim extraction on fictional news text: ages, births, deaths, family, health, bad input."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.facts import FactOptions, extract_claims
from storytrace.facts.types import InferredDate
from storytrace.records import Article


def article(text: str, published: date | None = date(2023, 3, 14), aid: str = "a1") -> Article:
    return Article(id=aid, outlet="Daily Lark", url=None, published=published, title=None,
                   text=text)


def triples(text: str, **kw) -> set[tuple[str, str, str]]:
    art = article(text, **kw)
    claims = extract_claims(art)
    for c in claims:
        assert art.text[c.start:c.end] == c.evidence
        assert c.article_id == art.id and c.id
    return {(c.subject, c.attribute, c.value) for c in claims}


FAMILY = (
    "Marisol Quint has opened up about losing her son Tobin.\n\n"
    "The singer's partner, actor Dorian Vale, shared a video of the baby on Sunday. Quint, 36, "
    "said their little boy died aged four months earlier this year from a brain tumour.\n\n"
    "Vale - who has children Ezra and Juno, 9, from his previous marriage to chef Priya Lund, "
    "as well as Felix, three, from a relationship with model Tova Reyes - returned to the stage "
    "days later.\n\n"
    "Quint is also mother to 6-year-old daughter Odile. She previously shared that Tobin was "
    "diagnosed with hydrocephalus."
)


def test_family_paragraph() -> None:
    got = triples(FAMILY)
    expected = {
        ("Marisol Quint", "age", "36 years"),
        ("Marisol Quint", "parent_of", "Tobin"),
        ("Tobin", "age_at_death", "4 months"),
        ("Tobin", "died", "2023-01-01/2023-03-14"),
        ("Tobin", "cause_of_death", "brain tumour"),
        ("Tobin", "diagnosis", "hydrocephalus"),
        ("Dorian Vale", "parent_of", "Ezra"), ("Dorian Vale", "parent_of", "Juno"),
        ("Dorian Vale", "parent_of", "Felix"),
        ("Priya Lund", "parent_of", "Ezra"), ("Priya Lund", "parent_of", "Juno"),
        ("Tova Reyes", "parent_of", "Felix"),
        ("Dorian Vale", "ex_partner_of", "Priya Lund"),
        ("Ezra", "age", "9 years"), ("Juno", "age", "9 years"), ("Felix", "age", "3 years"),
        ("Marisol Quint", "parent_of", "Odile"), ("Odile", "age", "6 years"),
    }
    assert expected <= got
    assert not {t for t in got if t[2] in ("Priya Lund", "Tova Reyes") and
                t[1] == "parent_of"}


LIST = (
    "Vale shares twins Ezra and Juno, 10, with ex-wife Priya Lund and shares two children with "
    "Tova Reyes: 4-year-old son Felix, 20-month-old Ivo and Wren, 3 months. He welcomed "
    "daughter Maple, 14 months, with Lena Ostrova and she gave birth to their son, Bram, last "
    "month. He is also father to daughter Sable, 5 months, and Cove, 2 months, whom he shares "
    "with Ines Marr and Ada Pell, respectively."
)


def test_children_lists_with_mothers_and_ages() -> None:
    text = "Dorian Vale is a busy father.\n\n" + LIST
    got = triples(text, published=date(2024, 1, 22))
    for child, mother, age in [("Ezra", "Priya Lund", "10 years"), ("Juno", "Priya Lund",
                                                                     "10 years"),
                               ("Felix", "Tova Reyes", "4 years"), ("Ivo", "Tova Reyes",
                                                                    "20 months"),
                               ("Wren", "Tova Reyes", "3 months"),
                               ("Maple", "Lena Ostrova", "14 months"),
                               ("Sable", "Ines Marr", "5 months"), ("Cove", "Ada Pell",
                                                                    "2 months")]:
        assert ("Dorian Vale", "parent_of", child) in got, child
        assert (mother, "parent_of", child) in got, child
        assert (child, "age", age) in got, child
    assert ("Ivo", "age", "3 months") not in got  # "20-month-old Ivo and Wren, 3 months"
    assert ("Lena Ostrova", "parent_of", "Bram") in got
    assert ("Dorian Vale", "parent_of", "Bram") in got
    assert ("Bram", "born", "2023-12") in got  # "last month" against 2024-01-22
    assert ("Ezra", "sibling_of", "Juno") in got
    assert ("Felix", "sibling_of", "Wren") not in got
    assert ("Dorian Vale", "ex_partner_of", "Priya Lund") in got


def test_age_forms_and_numbers_as_words() -> None:
    text = ("Dorian Vale, 45, spoke on Monday. His son Felix, four, joined him, as did "
            "Ezra (9). Odile Quint turned 7 in May. The twins Ada and Ines, five months, slept.")
    got = triples(text)
    assert ("Dorian Vale", "age", "45 years") in got
    assert ("Felix", "age", "4 years") in got
    assert ("Ezra", "age", "9 years") in got
    assert ("Odile Quint", "age", "7 years") in got
    assert ("Ines", "age", "5 months") in got and ("Ada", "age", "5 months") in got


def test_numbers_that_are_not_ages() -> None:
    text = ("The 42-year-old law was cited in court. Judge Ferrow sentenced him to 15 months in "
            "prison. On Monday, 5 people left. Old Tomas Brandt, 140, is a legend. Nothing "
            "happened on February 30, 2021. The 300-year-old oak fell.")
    got = triples(text)
    assert not {t for t in got if t[1] in ("age", "born", "died")}, got


def test_births_and_deaths_with_dates() -> None:
    text = ("Harbor Post readers will remember Lio Brandt. Lio Brandt was born on March 3, 1950. "
            "He died on June 9, 2022 of pneumonia. His daughter Nell Brandt (1975–2019) had "
            "died before him. The actor and the singer welcomed son Kai in June 2021. Five "
            "months later the newborn had died after a battle with brain cancer.")
    got = triples(text)
    assert ("Lio Brandt", "born", "1950-03-03") in got
    assert ("Lio Brandt", "died", "2022-06-09") in got
    assert ("Lio Brandt", "cause_of_death", "pneumonia") in got
    assert ("Nell Brandt", "born", "1975") in got and ("Nell Brandt", "died", "2019") in got
    assert ("Kai", "born", "2021-06") in got
    assert ("Kai", "died", "2021-11-01/2021-12-29") in got
    assert ("Kai", "cause_of_death", "brain cancer") in got


def test_lifespan_and_ordinal_in_undated_article() -> None:
    text = ("Marisol Quint is sharing her grief over the loss of her 4-month-old son, Tobin. "
            "\"I will love you forever. 9•14•22 - 1•20•23\" she wrote on Wednesday. Dorian Vale "
            "and Quint welcomed Tobin back in September, making him Vale's fifth child.")
    art = article(text, published=None)
    got = {(c.subject, c.attribute, c.value) for c in extract_claims(art)}
    assert ("Tobin", "born", "2022-09-14") in got
    assert ("Tobin", "died", "2023-01-20") in got
    assert ("Tobin", "ordinal_child", "5") in got
    assert ("Marisol Quint", "parent_of", "Tobin") in got
    assert not any(c[1] == "born" and c[2] == "2022-09" for c in got)  # needs a date
    inferred = InferredDate(art.id, date(2023, 1, 25), date(2023, 2, 1), ("test",))
    claims = extract_claims(art, inferred=inferred)
    assert ("Tobin", "born", "2022-09") in {(c.subject, c.attribute, c.value) for c in claims}
    assert all(c.holds_at_inferred and c.holds_at == date(2023, 1, 25) for c in claims)


def test_relations_expecting_and_health() -> None:
    text = ("Tova Reyes has opened up about her year.\n\nDorian Vale's girlfriend said she and "
            "the actor are expecting another baby together. (He was recently admitted to the "
            "hospital with pneumonia.) In addition to his son Felix and his upcoming child with "
            "Reyes, Vale shares a daughter with Lena Ostrova.")
    got = triples(text)
    assert ("Dorian Vale", "partner_of", "Tova Reyes") in got
    assert ("Tova Reyes", "expecting", "Dorian Vale") in got
    assert ("Dorian Vale", "expecting", "Tova Reyes") in got
    assert ("Dorian Vale", "diagnosis", "pneumonia") in got


def test_self_contradicting_article_does_not_crash() -> None:
    text = ("Ezra Vale, 9, rode a bike. Later, Ezra Vale, 12, rode it again. Ezra Vale was born "
            "in 2031.")
    got = triples(text)
    assert ("Ezra Vale", "age", "9 years") in got
    # both ages kept; the first evidence wins for identical values only
    assert ("Ezra Vale", "age", "12 years") in got


TEXT_PIECES = st.sampled_from([
    "Dorian Vale, 45,", " said", " on Monday, December 5", " 4-year-old daughter Odile",
    " died aged five months", " earlier this year", " from a brain tumour", ".", ",",
    " 6•23•21 - 12•5•21", " shares twins Ezra and Juno, 10, with ex-wife Priya Lund",
    " February 30", " 300-year-old", " he", " she", " their baby boy", "\n\n", " and",
    " 15 months in prison", " welcomed son Kai in June 2021", " (", ")", "—", " last month",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(TEXT_PIECES, max_size=30), dated=st.booleans())
def test_any_text_gives_consistent_offsets(pieces: list[str], dated: bool) -> None:
    text = "".join(pieces)
    art = article(text, published=date(2022, 12, 6) if dated else None)
    for c in extract_claims(art, FactOptions()):
        assert art.text[c.start:c.end] == c.evidence
        assert c.subject and c.value


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    art = article(text)
    for c in extract_claims(art):
        assert art.text[c.start:c.end] == c.evidence
