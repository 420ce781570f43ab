"""Citations by claims: an outlet that states a summary sentence's facts in other words is cited.

Fictional story (invented outlets and people): the harbour pilot Oskar Lindqvist dies; each outlet
words it differently. Claims are written by hand (what the facts stage gives) so that these tests
pin the digest's matching rules, plus one run through the real facts stage.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.digest import DigestOptions, digest_story
from storytrace.digest.claims import compatible, index_claims
from storytrace.digest.index import build_index
from storytrace.facts import analyze_facts
from storytrace.records import Article, Claim

A = ("Harbour pilot Oskar Lindqvist died on Sunday at the age of 61 after a short illness, "
     "his family said. Lindqvist guided cargo ships into Vennmouth for almost forty years. "
     "The port authority lowered its flags to half mast on Monday morning. "
     "A memorial service will be held at the seamen's chapel next week.")
B = ("Tributes poured in across the waterfront for a familiar face on the quays. "
     "Oskar Lindqvist, 61, was known to every skipper on the estuary. "
     "Relatives confirmed that he passed away at the weekend following a brief battle with "
     "pancreatic cancer. "
     "Colleagues described a patient teacher who trained a generation of younger pilots.")
C = ("The Vennmouth pilot service is mourning one of its longest-serving members. "
     "Lindqvist's son, Pelle Lindqvist, thanked the hospital staff in a short statement. "
     "Dock workers gathered at the pier head to remember their friend on Monday evening.")

DAY = date(2024, 3, 11)


def _articles() -> list[Article]:
    return [
        Article(id="a", outlet="Vennmouth Courier", url=None, published=DAY, title=None, text=A),
        Article(id="b", outlet="Estuary Gazette", url=None, published=date(2024, 3, 12),
                title=None, text=B),
        Article(id="c", outlet="Quayside Post", url=None, published=date(2024, 3, 12),
                title=None, text=C),
    ]


def _claim(article: Article, evidence: str, subject: str, attribute: str, value: str) -> Claim:
    start = article.text.index(evidence)
    return Claim(article_id=article.id, subject=subject, attribute=attribute, value=value,
                 holds_at=article.published, start=start, end=start + len(evidence),
                 evidence=evidence)


def _claims(articles: list[Article]) -> list[Claim]:
    a, b, c = articles
    return [
        _claim(a, "Oskar Lindqvist died on Sunday", "Oskar Lindqvist", "died", "2024-03-10"),
        _claim(a, "at the age of 61", "Oskar Lindqvist", "age_at_death", "61 years"),
        _claim(b, "Oskar Lindqvist, 61", "Oskar Lindqvist", "age", "61 years"),
        _claim(b, "passed away at the weekend", "Lindqvist", "died", "2024-03-09/2024-03-10"),
        _claim(b, "battle with pancreatic cancer", "Lindqvist", "cause_of_death",
               "pancreatic cancer"),
        # C only states a relation: background, never a citation of the death
        _claim(c, "Lindqvist's son, Pelle Lindqvist", "Oskar Lindqvist", "parent_of",
               "Pelle Lindqvist"),
    ]


def _death(digest):  # noqa: ANN001, ANN202 - test helper
    found = [s for s in digest.summary if "died on Sunday" in s.text]
    assert found, [s.text for s in digest.summary]
    return found[0]


def test_an_outlet_stating_the_same_claims_in_other_words_is_cited() -> None:
    articles = _articles()
    plain = digest_story(articles, options=DigestOptions(sentences=3))
    assert {c.article_id for c in _death(plain).citations} == {"a"}
    digest = digest_story(articles, claims=_claims(articles),
                          options=DigestOptions(sentences=3))
    death = _death(digest)
    cited = {c.article_id: c for c in death.citations}
    assert set(cited) == {"a", "b"}  # C only names the son: not a source for the death
    span = B[cited["b"].start:cited["b"].end]
    # the sentence of B stating the most of the death sentence's claims (death over age)
    assert span.startswith("Oskar Lindqvist, 61") or span.startswith("Relatives confirmed")
    assert cited["b"].outlet == "Estuary Gazette"
    assert 0.0 < cited["b"].score <= 1.0
    for sentence in digest.summary:
        for c in sentence.citations:
            text = {a.id: a.text for a in articles}[c.article_id]
            assert 0 <= c.start < c.end <= len(text)
    # switched off, the claims change nothing
    off = digest_story(articles, claims=_claims(articles),
                       options=DigestOptions(sentences=3, cite_claims=False))
    assert {c.article_id for c in _death(off).citations} == {"a"}


def test_relations_cite_when_asked_for() -> None:
    articles = _articles()
    options = DigestOptions(sentences=3, claim_attributes=("parent_of",))
    digest = digest_story(articles, claims=_claims(articles), options=options)
    assert {c.article_id for c in _death(digest).citations} == {"a"}  # A states no relation


def test_compatibility_rules() -> None:
    articles = _articles()
    a, b, _ = articles
    later = Article(id="d", outlet="Estuary Gazette", url=None, published=date(2025, 6, 1),
                    title=None, text="Oskar Lindqvist, 61, opened the new pilot station.")
    claims = _claims(articles) + [
        _claim(later, "Oskar Lindqvist, 61", "Oskar Lindqvist", "age", "61 years"),
        _claim(b, "Oskar Lindqvist, 61", "Oskar Lindqvist", "died", "2023-01-05"),
        _claim(b, "Relatives confirmed", "Oskar Lindqvist", "diagnosis", "pancreatic tumour"),
        _claim(a, "short illness", "Oskar Lindqvist", "cause_of_death", "heart failure"),
    ]
    index = build_index(articles + [later], options=DigestOptions())
    found = index_claims(index, claims, DigestOptions().claim_attributes)
    at = {(found.claims[k].article_id, found.claims[k].attribute, found.claims[k].value): k
          for k in range(len(found.claims))}
    assert "Pelle Lindqvist" not in found.value  # relations are not indexed by default
    assert found.subject[at[("b", "died", "2024-03-09/2024-03-10")]] == "Oskar Lindqvist"
    died = at[("a", "died", "2024-03-10")]
    assert compatible(found, died, at[("b", "died", "2024-03-09/2024-03-10")])  # ranges overlap
    assert not compatible(found, died, at[("b", "died", "2023-01-05")])
    age_at_death = at[("a", "age_at_death", "61 years")]
    age = at[("b", "age", "61 years")]
    assert compatible(found, age_at_death, age)  # one family, same number
    # "61" stated 15 months later is a different fact (birth ranges do not overlap)
    assert not compatible(found, age, at[("d", "age", "61 years")])
    cancer = at[("b", "cause_of_death", "pancreatic cancer")]
    assert compatible(found, cancer, at[("b", "diagnosis", "pancreatic tumour")])  # one group
    assert not compatible(found, cancer, at[("a", "cause_of_death", "heart failure")])
    assert not compatible(found, died, age)  # different attributes


def test_expecting_is_symmetric_and_conditions_group_across_kin_words() -> None:
    a, b, c = _articles()
    claims = [
        _claim(a, "Oskar Lindqvist died", "Oskar Lindqvist", "expecting", "Mira Lindqvist"),
        _claim(b, "Oskar Lindqvist, 61", "Mira Lindqvist", "expecting", "Oskar Lindqvist"),
        _claim(c, "The Vennmouth pilot", "Oskar Lindqvist", "expecting", "child"),
        _claim(c, "Dock workers", "Mira Lindqvist", "expecting", "Ivo Brask"),
        _claim(a, "short illness", "Son Oskar Lindqvist", "diagnosis", "pancreatic cancer"),
        _claim(b, "pancreatic cancer", "Oskar Lindqvist", "cause_of_death", "pancreatic tumour"),
    ]
    found = index_claims(build_index([a, b, c], options=DigestOptions()), claims,
                         DigestOptions().claim_attributes)
    assert found.subject[4] == "Oskar Lindqvist"  # kin word dropped
    assert compatible(found, 0, 1)  # "A expecting B" is "B expecting A"
    assert compatible(found, 0, 2)  # "expecting a child", same parent
    assert not compatible(found, 0, 3)  # another couple
    assert compatible(found, 4, 5)  # one variant group


def test_real_facts_stage_claims_keep_citations_exact() -> None:
    articles = _articles()
    claims = analyze_facts(articles).claims
    digest = digest_story(articles, claims=claims, options=DigestOptions(sentences=4))
    texts = {a.id: a.text for a in articles}
    for sentence in digest.summary:
        assert texts[sentence.article_id][sentence.start:sentence.end] == sentence.text
        ids = [c.article_id for c in sentence.citations]
        assert len(ids) == len(set(ids))  # one citation per article
        for c in sentence.citations:
            assert 0 <= c.start < c.end <= len(texts[c.article_id])


_WORDS = ["Mara Quill", "died", "aged", "61", "on", "Sunday", "of", "lung", "cancer", "the",
          "pilot", "was", "born", "in", "1963", ".", "Quill", "her", "son", "Ivo", "tumour"]
_VALUES = {"age": ["61 years", "5 months", "x"], "age_at_death": ["61 years", "62 years"],
           "died": ["2024-03-10", "2024-03", "2023-01-01/2023-02-01", "garbage"],
           "born": ["1963", "1962-05-01/1963-04-30"],
           "cause_of_death": ["lung cancer", "cancer", "tumour", "heart failure"],
           "diagnosis": ["lung tumour", ""], "expecting": ["child", "Ivo Quill", "Mara Quill"],
           "parent_of": ["Ivo Quill"]}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=40), min_size=1,
                max_size=4),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 300), st.integers(0, 40),
                          st.sampled_from(["Mara Quill", "Quill", "Son Ivo", "Ivo", ""]),
                          st.sampled_from(sorted(_VALUES)), st.integers(0, 3),
                          st.sampled_from([None, date(2024, 3, 11), date(2025, 6, 1)])),
                max_size=25))
def test_random_claims_never_break_citations(texts, raw) -> None:  # noqa: ANN001
    articles = [Article(id=f"r{k}", outlet=f"Outlet {k % 3}", url=None,
                        published=date(2024, 3, 11 + k) if k % 2 == 0 else None, title=None,
                        text=" ".join(words)) for k, words in enumerate(texts)]
    claims = []
    for article_no, start, length, subject, attribute, value_no, holds_at in raw:
        article = articles[article_no % len(articles)]
        start = min(start, len(article.text))
        end = min(len(article.text), start + length)
        values = _VALUES[attribute]
        claims.append(Claim(article_id=article.id, subject=subject, attribute=attribute,
                            value=values[value_no % len(values)], holds_at=holds_at,
                            start=start, end=end, evidence=article.text[start:end]))
    digest = digest_story(articles, claims=claims, options=DigestOptions(sentences=3))
    texts_by_id = {a.id: a.text for a in articles}
    for sentence in digest.summary:
        assert texts_by_id[sentence.article_id][sentence.start:sentence.end] == sentence.text
        ids = [c.article_id for c in sentence.citations]
        assert len(ids) == len(set(ids))
        for c in sentence.citations:
            assert 0 <= c.start < c.end <= len(texts_by_id[c.article_id])
            assert 0.0 <= c.score <= 1.0


def test_a_sentence_with_the_words_but_another_death_date_is_not_cited() -> None:
    articles = _articles()
    wrong = Article(id="w", outlet="Pier Bulletin", url=None, published=date(2024, 3, 12),
                    title=None,
                    text=("Harbour pilot Oskar Lindqvist died on Friday at the age of 61 after a "
                          "short illness, his family said. Flags flew at half mast."))
    claims = _claims(articles) + [
        _claim(wrong, "Oskar Lindqvist died on Friday", "Oskar Lindqvist", "died", "2024-03-08"),
        _claim(wrong, "at the age of 61", "Oskar Lindqvist", "age_at_death", "61 years"),
    ]
    stories = articles + [wrong]

    def death(digest):  # noqa: ANN001, ANN202 - whichever of the two was picked
        found = [s for s in digest.summary if "Oskar Lindqvist died on" in s.text]
        assert len(found) == 1, [s.text for s in digest.summary]
        return found[0]

    plain = death(digest_story(stories, options=DigestOptions(sentences=3)))
    assert {"a", "w"} <= {c.article_id for c in plain.citations}  # shared words
    checked = death(digest_story(stories, claims=claims, options=DigestOptions(sentences=3)))
    other = "a" if checked.article_id == "w" else "w"
    assert other not in {c.article_id for c in checked.citations}
    assert checked.article_id in {c.article_id for c in checked.citations}
