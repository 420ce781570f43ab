"""Clusters of reused passages: union-find over aligned pairs and overlapping spans.

Two aligned passages belong to one cluster when they are the two sides of an aligned pair, or
when they overlap in one article by at least half of the shorter one (A~B and B~C make A, B and C
one cluster). Inside a cluster, the overlapping spans of one article are merged into one member.
The cluster id is a hash of the member spans, so the same corpus always gives the same ids.

The origin is the earliest-dated member article. When the earliest date is shared by several
articles (and their times do not settle it) the status is ``"tie"``; when any member has no date
the status is ``"unknown"``: the origin is then never guessed (``origin`` is ``None``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from ..records import AlignedPair, Article, Passage, ReuseCluster, ReuseMember, stable_hash


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            if rx < ry:
                self.parent[ry] = rx
            else:
                self.parent[rx] = ry


def _getter(articles: Mapping[str, Article] | Callable[[str], Article]
            ) -> Callable[[str], Article]:
    if isinstance(articles, Mapping):
        return articles.__getitem__
    return articles


def _origin(members: list[Article]) -> tuple[str | None, str]:
    if not members or any(a.published is None for a in members):
        return None, "unknown"
    first_day = min(a.published_date for a in members if a.published_date is not None)
    earliest = [a for a in members if a.published_date == first_day]
    if len(earliest) == 1:
        return earliest[0].id, "earliest"
    if all(isinstance(a.published, datetime) for a in earliest):
        stamps = sorted((a.published, a.id) for a in earliest)  # type: ignore[type-var]
        if stamps[0][0] != stamps[1][0]:
            return stamps[0][1], "earliest"
    return None, "tie"


def cluster_pairs(pairs: Iterable[AlignedPair],
                  articles: Mapping[str, Article] | Callable[[str], Article]
                  ) -> list[ReuseCluster]:
    """Group aligned pairs (old and new) into reuse clusters (see the module docstring).

    ``articles`` gives the article of an id (a mapping or a lookup function); it is used for the
    text of merged member spans and for the dates that decide the origin.
    """
    get = _getter(articles)
    pair_list = sorted(pairs, key=lambda p: (p.a.article_id, p.a.start, p.b.article_id,
                                             p.b.start, p.a.end, p.b.end))
    nodes: list[tuple[str, int, int]] = []
    node_of: dict[tuple[str, int, int], int] = {}

    def node(p: Passage) -> int:
        key = (p.article_id, p.start, p.end)
        if key not in node_of:
            node_of[key] = len(nodes)
            nodes.append(key)
        return node_of[key]

    edges = [(node(p.a), node(p.b)) for p in pair_list]
    uf = _UnionFind(len(nodes))
    for x, y in edges:
        uf.union(x, y)
    by_article: dict[str, list[int]] = defaultdict(list)
    for k, (aid, _s, _e) in enumerate(nodes):
        by_article[aid].append(k)
    for ks in by_article.values():
        ks.sort(key=lambda k: (nodes[k][1], nodes[k][2]))
        active: list[int] = []
        for k in ks:
            _aid, s, e = nodes[k]
            active = [o for o in active if nodes[o][2] > s]
            for o in active:
                overlap = min(e, nodes[o][2]) - s
                if overlap * 2 >= min(e - s, nodes[o][2] - nodes[o][1]):
                    uf.union(k, o)
            active.append(k)

    comp_nodes: dict[int, list[int]] = defaultdict(list)
    for k in range(len(nodes)):
        comp_nodes[uf.find(k)].append(k)
    comp_pairs: dict[int, list[tuple[int, AlignedPair]]] = defaultdict(list)
    for (x, _y), p in zip(edges, pair_list, strict=True):
        comp_pairs[uf.find(x)].append((x, p))

    clusters: list[ReuseCluster] = []
    for root, ks in comp_nodes.items():
        # merge overlapping spans of one article into one member
        spans_by_article: dict[str, list[tuple[int, int, list[int]]]] = defaultdict(list)
        for k in sorted(ks, key=lambda k: nodes[k]):
            aid, s, e = nodes[k]
            lst = spans_by_article[aid]
            if lst and s < lst[-1][1]:
                ps, pe, pk = lst[-1]
                lst[-1] = (ps, max(pe, e), pk + [k])
            else:
                lst.append((s, e, [k]))
        node_member: dict[int, int] = {}
        member_spans: list[tuple[str, int, int]] = []
        for aid in sorted(spans_by_article):
            for s, e, nks in spans_by_article[aid]:
                for k in nks:
                    node_member[k] = len(member_spans)
                member_spans.append((aid, s, e))
        scores: list[list[float]] = [[] for _ in member_spans]
        cpairs = [p for _x, p in comp_pairs[root]]
        for p in cpairs:
            for side in (p.a, p.b):
                scores[node_member[node_of[(side.article_id, side.start, side.end)]]].append(
                    p.score)
        members = []
        for (aid, s, e), sc in zip(member_spans, scores, strict=True):
            text = get(aid).text
            members.append(ReuseMember(
                passage=Passage(article_id=aid, start=s, end=e, text=text[s:e]),
                score=round(sum(sc) / len(sc), 4) if sc else 0.0,
            ))
        member_articles = [get(aid) for aid in sorted({m.passage.article_id for m in members})]
        origin, status = _origin(member_articles)
        cid = stable_hash("reuse", *(f"{a}:{s}:{e}" for a, s, e in member_spans))
        clusters.append(ReuseCluster(
            id=cid, members=tuple(members), origin=origin,
            origin_status=status,  # type: ignore[arg-type]
            pairs=tuple(cpairs),
        ))
    clusters.sort(key=lambda c: (-len(c.members), c.members[0].passage.article_id,
                                 c.members[0].passage.start, c.id))
    return clusters
