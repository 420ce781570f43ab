"""What the Spark engine's driver reads of the claims is enough (issue 8): the claim index of
date inference and the resolution of relatives built from the subsets the engine collects give
the answers of the whole claim list. Pure: no Spark needed."""

from __future__ import annotations

from datetime import date

from storytrace.facts import extract_claims, infer_publication_date_with
from storytrace.facts.relatives import DESCRIPTOR
from storytrace.pipeline import (
    INDEX_ATTRIBUTES,
    RELATION_ATTRIBUTES,
    claim_index,
    claim_key,
    relatives_resolved,
    settled_claims,
)
from storytrace.records import Article


def article(text: str, published: date | None, aid: str) -> Article:
    return Article(id=aid, outlet="o", url=None, published=published, title=None, text=text)


CORPUS = [
    article("Kasimir Oduya, 31, is expecting a child. Oduya's father, Bastian Oduya, lives in "
            "Lagos. Oduya's partner Mira Oduya is 29.", date(2024, 5, 2), "a1"),
    article("Kasimir Oduya, 32, has been named captain.\n\nOduya's father died two years ago "
            "of cancer.", date(2025, 6, 20), "a2"),
    article("Tobin Vale was born on June 23, 2021. He died on December 5, 2021. His mother, "
            "Ines Vale, 34, thanked the nurses.", date(2021, 12, 9), "d1"),
    *[article(f"On the one-year anniversary of Tobin Vale's death, his mother spoke. Kasimir "
              f"Oduya, 33, was there. (story {i})", None, f"u{i}") for i in range(3)],
]


def _names(claims):
    return [c.subject for c in claims] + [c.value for c in claims
                                          if c.attribute.endswith("_of")]


def test_relatives_resolved_from_the_relation_claims_only() -> None:
    claims = [c for a in CORPUS for c in extract_claims(a)]
    whole = settled_claims(claims, {}, [])
    read = [c for c in claims if c.attribute in RELATION_ATTRIBUTES
            or DESCRIPTOR.match(c.subject) or DESCRIPTOR.match(c.value)]
    assert len(read) < len(claims)
    changed = relatives_resolved(read, _names(claims))
    assert changed, "the corpus names Bastian Oduya as 'Oduya's father' in a2"
    swapped = {id(old): new for old, new in changed}
    assert sorted((swapped.get(id(c), c) for c in claims), key=claim_key) == whole
    assert relatives_resolved([c for c in read if not DESCRIPTOR.match(c.subject)
                               and not DESCRIPTOR.match(c.value)], _names(claims)) == []


def test_claim_index_from_what_dating_reads() -> None:
    by_id = {a.id: a for a in CORPUS}
    claims = [c for a in CORPUS for c in extract_claims(a)]
    undated = {a.id for a in CORPUS if a.published is None}
    read = [c for c in claims if c.attribute in INDEX_ATTRIBUTES or c.article_id in undated]
    assert len(read) < len(claims)
    whole = claim_index(claims, by_id)
    part = claim_index(read[::-1], by_id, names=reversed(_names(claims) * 2))
    assert part.names == whole.names and part.events == whole.events
    assert part.births == whole.births and part.dated == whole.dated
    for aid in sorted(undated):
        assert part.by_article.get(aid) == whole.by_article.get(aid)
        guess = infer_publication_date_with(by_id[aid], part)
        assert guess == infer_publication_date_with(by_id[aid], whole)
        assert guess is not None
