"""What each page shows, built from the store.

A page function gives the template context (records plus pre-rendered, escaped HTML pieces)
and the page's JSON twin (plain JSON-able data in the records' one external shape, as
``serialize.to_dict`` gives it): ``index_page``, ``article_page`` and ``person_page`` return
``(context, twin)``; the story page, the heavy one, has ``story_page`` (context) and
``story_twin`` so that each request builds only what it answers.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote as urlquote

from ..records import Article, Claim, Conflict, ReuseCluster, Statement, Story
from ..serialize import to_dict
from ..store import Store
from ..store import web_queries as wq
from ..store.stage_records import conflict_id
from .charts import sparkline, timeline
from .colors import OutletColors, global_colors
from .markup import Span, coverage_of, mark_text, statement_html, word_diff

PAGE_SIZE = 25
SORTS = {
    "size": "most articles",
    "recent": "most recent",
    "outlets": "most outlets",
    "conflicts": "most conflicts",
}
# display limits on very large stories (the JSON twin always carries everything)
MAX_STATEMENTS = 30
MAX_QUOTES_PER_SPEAKER = 8
MAX_SPEAKERS = 20
MAX_CLUSTERS = 15
MAX_COPIES = 4
MAX_ARTICLES_LISTED = 200
# facts that are relations rather than dated events stay out of the fact timeline
_RELATIONS = {"parent_of", "child_of", "partner_of", "ex_partner_of", "sibling_of"}


def article_url(article_id: str, anchor: str | None = None) -> str:
    path = article_id if article_id.isalnum() and article_id.isascii() else \
        urlquote(article_id, safe="")
    return f"/article/{path}" + (f"#{anchor}" if anchor else "")


def story_url(story_id: str) -> str:
    return f"/story/{urlquote(story_id, safe='')}"


def person_url(name: str) -> str:
    return f"/person/{urlquote(name, safe='')}"


def _day_text(day: date | None) -> str:
    return day.strftime("%-d %b %Y") if day else "date unknown"


def name_unknown_outlets(rows: Sequence[wq.ArticleRow]) -> None:
    """Give articles with neither outlet nor URL a short name: "Unknown outlet A", "B", ..."""
    k = 0
    for row in rows:
        if not row.outlet and not (row.url and "//" in row.url):
            letter = chr(ord("A") + k) if k < 26 else str(k + 1)
            row.alias = f"Unknown outlet {letter}"
            k += 1


def _when(row: wq.ArticleRow | None) -> date:
    """A sort key: the row's (possibly inferred) day, unknown last."""
    return (row.day if row else None) or date.max


def row_day(row: wq.ArticleRow | None) -> str:
    """An article row's date for display: exact, inferred (a range), or unknown."""
    if row is None:
        return "date unknown"
    if row.published is None and row.inferred:
        first, last = row.inferred
        if first == last:
            return f"≈ {_day_text(first)} (inferred)"
        return f"≈ {first.strftime('%-d %b')} – {_day_text(last)} (inferred)"
    return _day_text(row.day)


# ------------------------------------------------------------------------------------ index


_SORT_KEYS: dict[str, Any] = {
    "size": lambda s: (-s.size, -(s.last or date.min).toordinal(), s.id),
    "recent": lambda s: (-(s.last or date.min).toordinal(), -s.size, s.id),
    "outlets": lambda s: (-len(s.outlets), -s.size, s.id),
    "conflicts": lambda s: (-s.conflicts, -s.size, s.id),
}


def index_page(ov: wq.Overview, *, q: str = "", person: str = "", outlet: str = "",
               sort: str = "size", page: int = 1) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stories index: filtered by words, person and outlet, sorted, one page of it."""
    sort = sort if sort in SORTS else "size"
    stories = ov.orders.get(sort)
    if stories is None:  # sorted once per store version, then filtered in that order
        stories = sorted(ov.stories, key=_SORT_KEYS[sort])
        ov.orders[sort] = stories
    if q.strip():
        words = q.lower().split()
        stories = [s for s in stories if all(w in s.haystack for w in words)]
    if person.strip():
        needle = person.strip().lower()
        stories = [s for s in stories if any(needle in p.lower() for p in s.people)]
    if outlet.strip():
        needle = outlet.strip().lower()
        stories = [s for s in stories if any(needle in o.lower() for o in s.outlets)]
    total = len(stories)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    shown = stories[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    colors = OutletColors(preferred=global_colors(ov.outlets))
    rows = [{
        "summary": s,
        "url": story_url(s.id),
        "spark": sparkline(s.days),
        "outlet_colors": [(o, colors(o)) for o in s.outlets[:8]],
        "more_outlets": max(0, len(s.outlets) - 8),
    } for s in shown]
    context = {
        "rows": rows, "total": total, "page": page, "pages": pages, "sort": sort,
        "sorts": SORTS, "q": q, "person": person, "outlet": outlet,
        "article_count": ov.article_count, "story_count": len(ov.stories),
        "top_people": ov.top_people[:12],
    }
    twin = {
        "query": {"q": q, "person": person, "outlet": outlet, "sort": sort, "page": page},
        "total": total, "page": page, "pages": pages, "page_size": PAGE_SIZE,
        "stories": [{
            "id": s.id, "title": s.title, "size": s.size,
            "first": s.first.isoformat() if s.first else None,
            "last": s.last.isoformat() if s.last else None,
            "people": list(s.people), "outlets": list(s.outlets), "conflicts": s.conflicts,
            "url": story_url(s.id),
        } for s in shown],
    }
    return context, twin


# ------------------------------------------------------------------------------------ story


@dataclass(slots=True)
class FactRow:
    """Claims that agree (same subject, attribute, value), as one row of the people table."""

    subject: str
    attribute: str
    value: str
    claims: list[Claim] = field(default_factory=list)
    conflict: bool = False
    stale: bool = False

    @property
    def holds_at(self) -> date | None:
        days = [c.holds_at for c in self.claims if c.holds_at]
        return min(days) if days else None


def _fact_rows(claims: Sequence[Claim], conflicts: Sequence[Conflict]) -> list[FactRow]:
    """Claims grouped by (subject, attribute, value, date), flagged from the conflicts.

    A contradiction flags both its claims; a stale conflict flags only the stale claim (a).
    """
    rows: dict[tuple[str, str, str, date | None], FactRow] = {}
    row_of: dict[tuple[str, str], FactRow] = {}
    for claim in claims:
        key = (claim.subject, claim.attribute, claim.value, claim.holds_at)
        row = rows.setdefault(key, FactRow(*key[:3]))
        row.claims.append(claim)
        row_of[(claim.article_id, claim.id)] = row
    for conflict in conflicts:
        pairs = [conflict.claim_a] if conflict.kind == "stale" else \
            [conflict.claim_a, conflict.claim_b]
        for claim in pairs:
            row = row_of.get((claim.article_id, claim.id)) if claim else None
            if row is None:
                continue
            if conflict.kind == "stale":
                row.stale = True
            else:
                row.conflict = True
    return sorted(rows.values(), key=lambda r: (r.subject, r.holds_at or date.max,
                                                r.attribute, r.value))


def _claim_ref(claim: Claim | None, rows: dict[str, wq.ArticleRow]) -> dict[str, Any] | None:
    if claim is None:
        return None
    row = rows.get(claim.article_id)
    return {
        "claim": claim, "outlet": row.source if row else None,
        "day": row_day(row),
        "url": article_url(claim.article_id, f"c-{claim.start}"),
    }


def _statement_view(statement: Statement, rows: dict[str, wq.ArticleRow],
                    colors: OutletColors) -> dict[str, Any]:
    fragments = [
        (f.statement_start, f.statement_end, rows[f.article_id].source if f.article_id in rows
         else None, f.article_id, f.start)
        for f in statement.fragments
    ]
    html = statement_html(statement.text, coverage_of(len(statement.text), fragments), colors,
                          lambda a, off: article_url(a, f"q-{off}"))
    outlets = list(dict.fromkeys(o or "unknown outlet" for _, _, o, _, _ in fragments))
    differences = []
    for diff in statement.differences:
        row = rows.get(diff.article_id)
        a_html, b_html, _ = word_diff(diff.statement_text, diff.article_text)
        differences.append({
            "outlet": row.source if row else None, "url": article_url(diff.article_id),
            "statement": a_html, "article": b_html, "statement_text": diff.statement_text,
        })
    first = rows.get(statement.first_article_id or "")
    return {
        "statement": statement, "html": html, "outlets": outlets,
        "outlet_colors": [(o, colors(None if o == "unknown outlet" else o)) for o in outlets],
        "fragments": len(statement.fragments), "differences": differences,
        "first": first, "first_url": article_url(first.id) if first else None,
        "speaker_url": person_url(statement.speaker.name) if statement.speaker.name else None,
    }


def _cluster_view(cluster: ReuseCluster, rows: dict[str, wq.ArticleRow]) -> dict[str, Any]:
    members = list(cluster.members)
    origin = next((m for m in members if m.passage.article_id == cluster.origin), None)
    if origin is None:  # unknown or tied origin: the earliest-dated copy leads the comparison
        origin = min(members, key=lambda m: (_when(rows.get(m.passage.article_id)),
                                             m.passage.article_id))
    others = [m for m in members if m is not origin]
    copies = []
    for member in others[:MAX_COPIES]:
        a_html, b_html, same = word_diff(origin.passage.text, member.passage.text)
        row = rows.get(member.passage.article_id)
        copies.append({
            "row": row, "left": a_html, "right": b_html, "same": round(same * 100),
            "url": article_url(member.passage.article_id, f"r-{member.passage.start}"),
        })
    origin_row = rows.get(origin.passage.article_id)
    return {
        "cluster": cluster, "origin": origin_row, "origin_status": cluster.origin_status,
        "origin_url": article_url(origin.passage.article_id, f"r-{origin.passage.start}"),
        "copies": copies, "more": max(0, len(others) - MAX_COPIES),
        "outlets": len({rows[m.passage.article_id].source for m in members
                        if m.passage.article_id in rows}),
    }


def _story_records(store: Store, ov: wq.Overview, story: Story
                   ) -> tuple[list[wq.ArticleRow], list[str], list[str], list[str]]:
    article_rows = wq.article_rows(store, story.article_ids)
    name_unknown_outlets(article_rows)
    ids = [r.id for r in article_rows]
    statement_ids = list(story.statement_ids) or wq.statement_ids_of_articles(store, ids)
    cluster_ids = list(story.cluster_ids) or wq.cluster_ids_of_articles(store, ids)
    return article_rows, ids, statement_ids, cluster_ids


def story_twin(store: Store, ov: wq.Overview, story: Story) -> dict[str, Any]:
    """The story page's JSON twin: the story and every record of it, in their stored shape."""
    article_rows, ids, statement_ids, cluster_ids = _story_records(store, ov, story)
    conflict_ids = ov.conflicts_by_story.get(story.id, [])
    conflicts = []
    for chunk_start in range(0, len(conflict_ids), 500):
        chunk = conflict_ids[chunk_start:chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        conflicts += [{"id": cid, **json.loads(data)} for cid, data in store.connection.execute(
            f"SELECT id, data FROM conflicts WHERE id IN ({marks})", chunk)]
    return {
        "story": to_dict(story),
        "articles": [_row_dict(r) for r in article_rows],
        "statements": wq.raw_in(store, "SELECT data FROM statements WHERE id IN ({marks})",
                                statement_ids),
        "quotes": wq.raw_in(store, "SELECT data FROM quotes WHERE article_id IN ({marks}) "
                                   "ORDER BY article_id, idx", ids),
        "reuse_clusters": wq.raw_in(store, "SELECT data FROM reuse_clusters WHERE id IN "
                                           "({marks})", cluster_ids),
        "claims": wq.raw_in(store, "SELECT data FROM claims WHERE article_id IN ({marks})", ids),
        "conflicts": conflicts,
        "digest": store.digest_json(story.id),
    }


def story_page(store: Store, ov: wq.Overview, story: Story) -> dict[str, Any]:
    """The story page's context: timeline, articles, statements, quotes, reuse, facts.

    On very large stories only the biggest statements, clusters and speakers are shown (the
    JSON twin carries everything); records are parsed only when shown.
    """
    article_rows, ids, statement_ids, cluster_ids = _story_records(store, ov, story)
    rows = {r.id: r for r in article_rows}
    outlets = list(dict.fromkeys([*story.outlets, *(r.source for r in article_rows)]))
    colors = OutletColors(sorted(outlets, key=lambda o: -ov.outlets.get(o, 0)),
                          global_colors(ov.outlets))

    raw_statements = wq.raw_in(store, "SELECT data FROM statements WHERE id IN ({marks})",
                               statement_ids)
    raw_statements.sort(key=lambda s: (-len({f["article_id"] for f in s["fragments"]}),
                                       -len(s["text"]), s["id"]))
    statements = [wq.statement_from(s) for s in raw_statements[:MAX_STATEMENTS]]
    raw_clusters = wq.raw_in(store, "SELECT data FROM reuse_clusters WHERE id IN ({marks})",
                             cluster_ids)
    raw_clusters.sort(key=lambda c: (-len(c["members"]), c["id"]))
    clusters = [wq.cluster_from(c) for c in raw_clusters[:MAX_CLUSTERS]]
    claims = wq.claims_of_articles(store, ids)
    conflicts = wq.conflicts_by_id(store, ov.conflicts_by_story.get(story.id, []))
    digest = store.digest_json(story.id)

    by_speaker: dict[str, list[tuple[str, int, str | None, str]]] = defaultdict(list)
    quote_rows = wq.quote_rows(store, ids)
    for row in quote_rows:
        by_speaker[row[2] or "Unattributed"].append(row)
    speakers = []
    for name, items in sorted(by_speaker.items(),
                              key=lambda kv: (kv[0] == "Unattributed", -len(kv[1]), kv[0])):
        if len(speakers) == MAX_SPEAKERS:
            break
        items.sort(key=lambda q: (_when(rows.get(q[0])), q[0], q[1]))
        shown = [wq.quote_from(json.loads(q[3])) for q in items[:MAX_QUOTES_PER_SPEAKER]]
        speakers.append({
            "name": name, "count": len(items),
            "url": person_url(name) if name != "Unattributed" else None,
            "quotes": [{
                "quote": q, "row": rows.get(q.article_id),
                "url": article_url(q.article_id, f"q-{q.start}"),
            } for q in shown],
            "more": max(0, len(items) - MAX_QUOTES_PER_SPEAKER),
        })

    contradictions = [c for c in conflicts if c.kind == "contradiction"]
    stale = [c for c in conflicts if c.kind == "stale"]
    people = list(dict.fromkeys([*story.people, *sorted({c.subject for c in claims})]))
    fact_rows = _fact_rows(claims, conflicts)
    facts_by_person = [(p, [r for r in fact_rows if r.subject == p]) for p in people]
    facts_by_person = [(p, rs) for p, rs in facts_by_person if rs]
    facts_by_person.sort(key=lambda item: (not any(r.conflict or r.stale for r in item[1]),
                                           -len(item[1])))
    dated_facts = sorted((r for r in fact_rows if r.holds_at and r.attribute not in _RELATIONS),
                         key=lambda r: (r.holds_at, r.subject))

    episode_of = {a: e.index for e in story.episodes for a in e.article_ids}
    return {
        "story": story,
        "rows": article_rows[:MAX_ARTICLES_LISTED],
        "more_rows": max(0, len(article_rows) - MAX_ARTICLES_LISTED),
        "article_count": len(article_rows),
        "episode_of": episode_of,
        "outlet_of": {r.id: r.source for r in article_rows},
        "outlet_colors": [(o, colors(o)) for o in outlets],
        "color": colors,
        "timeline": timeline(article_rows, story.episodes, colors, article_url),
        "statements": [_statement_view(s, rows, colors) for s in statements],
        "more_statements": max(0, len(raw_statements) - MAX_STATEMENTS),
        "speakers": speakers,
        "more_speakers": max(0, len(by_speaker) - MAX_SPEAKERS),
        "quote_count": len(quote_rows),
        "clusters": [_cluster_view(c, rows) for c in clusters],
        "more_clusters": max(0, len(raw_clusters) - MAX_CLUSTERS),
        "contradictions": [{"conflict": c, "a": _claim_ref(c.claim_a, rows),
                            "b": _claim_ref(c.claim_b, rows)} for c in contradictions],
        "stale": [{"conflict": c, "a": _claim_ref(c.claim_a, rows),
                   "b": _claim_ref(c.claim_b, rows)} for c in stale],
        "facts_by_person": facts_by_person,
        "dated_facts": dated_facts,
        "digest": _digest_view(digest, rows) if digest else None,
        "people": people,
        "article_url": article_url, "person_url": person_url,
        "day": _day_text,
    }


def _row_dict(row: wq.ArticleRow) -> dict[str, Any]:
    return {"id": row.id, "outlet": row.outlet, "published": row.published, "title": row.title,
            "words": row.words, "external_id": row.external_id, "url": row.url,
            "inferred": [d.isoformat() for d in row.inferred] if row.inferred else None,
            "page": article_url(row.id)}


def _digest_view(digest: dict[str, Any], rows: dict[str, wq.ArticleRow]) -> dict[str, Any]:
    """The stored digest (JSON) with the citations resolved to outlets and links."""
    def cites(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for c in items or []:
            aid = c.get("article_id", "")
            out.append({"outlet": c.get("outlet") or (rows[aid].source if aid in rows else None)
                        or "source", "url": article_url(aid)})
        return out

    summary = [{"text": s.get("text", ""), "cites": cites(s.get("citations", [])),
                "speaker": s.get("speaker")} for s in digest.get("summary") or []]
    events = [{"date": _day_text(wq.date_or_none(e.get("date"))) if e.get("date") else None,
               "text": e.get("description", ""),
               "kind": e.get("kind", ""), "cites": cites(e.get("sources", []))}
              for e in digest.get("events") or []]
    news = []
    for item in digest.get("whats_new") or []:
        row = rows.get(item.get("article_id", ""))
        sentences = [s.get("text", "") for s in item.get("sentences") or []]
        if sentences:
            news.append({"row": row, "url": article_url(item.get("article_id", "")),
                         "sentences": sentences[:3]})
    return {"summary": summary, "events": events, "news": news[:6]}


# ------------------------------------------------------------------------------------ article


def article_page(store: Store, ov: wq.Overview, article: Article
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """One article's text with its quotes, reused spans and claims marked."""
    story_id = store.story_of(article.id)
    summary = ov.by_id.get(story_id) if story_id else None
    colors = OutletColors([*(summary.outlets if summary else ()), article.outlet],
                          global_colors(ov.outlets))
    quotes = store.quotes(article_id=article.id)
    claims = store.claims(article_id=article.id)
    clusters = store.clusters(article_id=article.id)
    other_ids = {m.passage.article_id for c in clusters for m in c.members} - {article.id}
    own = wq.article_rows(store, [article.id])
    other_rows = wq.article_rows(store, sorted(other_ids))
    name_unknown_outlets(other_rows)
    others = {r.id: r for r in other_rows}

    spans: list[Span] = []
    reuse = []
    for cluster in clusters:
        mine = [m for m in cluster.members if m.passage.article_id == article.id]
        copies = [m for m in cluster.members if m.passage.article_id != article.id]
        copies.sort(key=lambda m: (m.passage.article_id != cluster.origin,
                                   _when(others.get(m.passage.article_id))))
        links = [{"row": others.get(m.passage.article_id),
                  "url": article_url(m.passage.article_id, f"r-{m.passage.start}"),
                  "origin": m.passage.article_id == cluster.origin} for m in copies]
        where = ", ".join(dict.fromkeys(lk["row"].source if lk["row"]
                                        else "another article" for lk in links))
        is_origin = cluster.origin == article.id
        for member in mine:
            spans.append(Span(
                member.passage.start, member.passage.end, "reuse",
                title=("First published here; " if is_origin else "") + f"also in {where}",
                href=links[0]["url"] if links else None, anchor=f"r-{member.passage.start}",
            ))
        reuse.append({"cluster": cluster, "links": links[:12], "more": max(0, len(links) - 12),
                      "is_origin": is_origin,
                      "passages": [m.passage for m in mine]})
    for quote in quotes:
        who = quote.speaker.name or "unknown speaker"
        title = f"{who}" + (f" — {quote.cue}" if quote.cue else "")
        spans.append(Span(quote.start, quote.end, "quote", title=title, anchor=f"q-{quote.start}"))
    for claim in claims:
        spans.append(Span(claim.start, claim.end, "claim",
                          title=f"{claim.subject}: {claim.attribute} = {claim.value}",
                          anchor=f"c-{claim.start}"))
    context = {
        "article": article, "story": summary,
        "story_url": story_url(summary.id) if summary else None,
        "color": colors(article.outlet),
        "when": row_day(own[0]) if own else _day_text(article.published_date),
        "headline": own[0].headline if own else (article.title or "(no title)"),
        "link": article.url if article.url and article.url.strip().lower().startswith(
            ("http://", "https://")) else None,
        "text": mark_text(article.text, spans),
        "quotes": quotes, "claims": claims, "reuse": reuse,
        "article_url": article_url, "person_url": person_url, "day": _day_text,
    }
    twin = {
        "article": to_dict(article), "story_id": story_id, "quotes": to_dict(quotes),
        "claims": to_dict(claims), "reuse_clusters": to_dict(clusters),
    }
    return context, twin


# ------------------------------------------------------------------------------------ person


def person_page(store: Store, ov: wq.Overview, name: str
                ) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """What each outlet says about a person over time, and what they are quoted saying."""
    claims = wq.claims_of_subject(store, name)
    quotes = wq.quotes_by_speaker(store, name)
    stories = [s for s in ov.stories if name in s.people]
    if not claims and not quotes and not stories:
        return None
    conflicts = wq.conflicts_of_subject(store, name)
    ids = sorted({c.article_id for c in claims} | {q.article_id for q in quotes})
    person_rows = wq.article_rows(store, ids)
    name_unknown_outlets(person_rows)
    rows = {r.id: r for r in person_rows}
    colors = OutletColors(sorted({r.source for r in rows.values()}),
                          global_colors(ov.outlets))
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    fact_rows = _fact_rows(claims, conflicts)
    flagged = {(c.article_id, c.id): r for r in fact_rows for c in r.claims}
    for claim in claims:
        row = rows.get(claim.article_id)
        by_outlet[row.source if row else "unknown outlet"].append({
            "claim": claim, "row": row, "flags": flagged.get((claim.article_id, claim.id)),
            "url": article_url(claim.article_id, f"c-{claim.start}"),
        })
    for items in by_outlet.values():
        items.sort(key=lambda it: (_when(it["row"]), it["claim"].attribute))
    quote_items = sorted(
        ({"quote": q, "row": rows.get(q.article_id),
          "url": article_url(q.article_id, f"q-{q.start}")} for q in quotes),
        key=lambda it: (_when(it["row"]), it["quote"].start))
    context = {
        "name": name, "stories": [(s, story_url(s.id)) for s in stories[:20]],
        "by_outlet": sorted(by_outlet.items()), "color": colors,
        "quotes": quote_items[:200], "more_quotes": max(0, len(quote_items) - 200),
        "conflicts": [{"conflict": c, "a": _claim_ref(c.claim_a, rows),
                       "b": _claim_ref(c.claim_b, rows)} for c in conflicts],
        "fact_rows": fact_rows, "day": _day_text, "article_url": article_url,
    }
    twin = {
        "name": name, "stories": [{"id": s.id, "title": s.title, "url": story_url(s.id)}
                                  for s in stories],
        "claims": to_dict(claims), "quotes": to_dict(quotes),
        "conflicts": [{"id": conflict_id(c), **to_dict(c)} for c in conflicts],
    }
    return context, twin
