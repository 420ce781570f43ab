"""Facts: what articles state about people, on one timeline, with contradictions flagged.

Usage (one call for a corpus)::

    from storytrace.facts import analyze_facts
    result = analyze_facts(articles)          # claims, conflicts, inferred dates, variant groups

or stage by stage, as the pipeline does::

    claims = resolve_relatives([c for a in articles for c in extract_claims(a)])
    index = index_claims(claims, by_id)          # once per corpus
    inferred = {a.id: d for a in articles if a.published is None
                and (d := infer_publication_date_with(a, index))}
    # undated articles again, with their inferred range, so "last month" resolves
    claims = resolve_relatives(
        [c for a in articles for c in extract_claims(a, inferred=inferred.get(a.id))])
    conflicts = check_claims(claims, by_id, inferred=inferred)
    person_timeline("Zen", claims, conflicts); group_variants(claims)

``resolve_relatives`` turns descriptors ("Kasimir Oduya's father", a person an article names
only by relation) into the person other articles name that way.

Modules: ``dates`` (interval arithmetic), ``patterns`` (regexes), ``entities`` (who: names,
pronouns, child roles), ``roles`` (role mentions: "the model, 29"), ``relatives`` (people named
by a relation, across articles), ``extract`` (the pass over one article) with one module per
fact family: ``ages``, ``family``, ``births``, ``deaths``, ``health`` (sharing ``builder`` and
``datefind``); ``infer`` (dates of undated articles), ``check`` (conflicts), ``timeline``
(timelines, variant groups), ``types`` (records of this stage).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..people import People, find_people
from ..records import Article, Claim, Conflict
from .check import canonical_names, check_claims
from .extract import extract_claims
from .infer import ClaimIndex, index_claims, infer_publication_date, infer_publication_date_with
from .options import DEFAULT_OPTIONS, FactOptions
from .relatives import resolve_relatives
from .timeline import group_variants, person_timeline
from .types import FactsResult, InferredDate, Timeline, TimelineEntry, VariantGroup

__all__ = [
    "Claim", "ClaimIndex", "Conflict", "FactOptions", "FactsResult", "InferredDate", "Timeline",
    "TimelineEntry", "VariantGroup", "analyze_facts", "check_claims", "extract_claims",
    "group_variants", "index_claims", "infer_publication_date", "infer_publication_date_with",
    "person_timeline", "resolve_relatives",
]


def analyze_facts(articles: Iterable[Article], options: FactOptions = DEFAULT_OPTIONS,
                  people: Mapping[str, People] | None = None) -> FactsResult:
    """Claims, inferred dates of undated articles, conflicts and variant groups of a corpus.

    ``people`` optionally maps article ids to their :func:`storytrace.people.find_people`
    result (computed here otherwise).
    """
    arts = list(articles)
    by_id = {a.id: a for a in arts}
    found = {a.id: (people or {}).get(a.id) or find_people(a.text) for a in arts}
    claims = resolve_relatives([c for a in arts for c in extract_claims(a, options, found[a.id])])
    inferred: dict[str, InferredDate] = {}
    index = index_claims(claims, by_id, names=canonical_names(claims))
    for a in arts:
        if a.published_date is None:
            guess = infer_publication_date_with(a, index, options, people=found[a.id])
            if guess is not None:
                inferred[a.id] = guess
    if inferred:
        # undated articles again, with their range: "last month" and "in June" now resolve
        by_article: dict[str, list[Claim]] = {}
        for c in claims:
            by_article.setdefault(c.article_id, []).append(c)
        claims = resolve_relatives([
            c for a in arts
            for c in (extract_claims(a, options, found[a.id], inferred=inferred[a.id])
                      if a.id in inferred else by_article.get(a.id, []))])
    conflicts = check_claims(claims, by_id, options, inferred=inferred)
    return FactsResult(tuple(claims), tuple(conflicts), inferred, tuple(group_variants(claims)))
