"""The story pass by time windows, then merged: one streaming pass per window, a story-level
pass to join the windows.

    stories = windowed_stories(articles, StoryOptions(), evidence, WindowOptions(days=30))

The single streaming pass (:func:`~storytrace.stories.assign_stories`) needs every article on
one machine, in publication order. For a corpus too big for that, the pass is cut by time:

1. **split** (:func:`split_windows`): each article goes to the window of its day, ``day //
   days`` (calendar windows of ``days`` days counted from the ordinal epoch, so an article's
   window does not depend on the rest of the corpus). An undated article goes to the window of
   its inferred date (``StoryEvidence.dates``) when it has one; the articles with neither go
   to one window of their own, :data:`UNDATED`, merged last — as the single pass handles them
   last, compared with every story as if no time had passed.
2. **per window** (:func:`window_stories`): ``assign_stories`` over the window's articles
   alone, from an empty state, with the evidence restricted to them (:func:`partition_evidence`),
   after its *context*: the previous window's last ``overlap_days`` days
   (:func:`window_context`), which the pass reads first but does not own.
   Each story comes back as a compact summary: a :class:`~storytrace.stories.state.Cluster`
   without member vectors (centroids of at most ``max_terms``/``max_entities`` dimensions,
   people, dates, and each member's id, day, outlet and title — no text). The windows are
   independent: the Spark engine runs one per task.
3. **merge** (:class:`WindowMerger`): the windows' stories, in window order (and creation order
   within a window). A window story holding context articles runs on from the merged story most of
   them belong to and joins it (its context articles are dropped: they are placed already). A
   window story without context articles started after the boundary, where the single pass would
   have seen every story still within reach, so it joins an earlier story only as a follow-up or
   through evidence. It is compared with the stories merged from *earlier* windows (stories of one
   window are never merged with each other: that window's own pass compared their articles), as if
   it were one article — the refinement's story-to-story score (:mod:`storytrace.stories.refine`):
   text and entity cosines of the two centroids with the ``entity_min`` and ``entity_share_min``
   guards, plus ``people_weight`` times the share of the window story's people the merged story
   has, plus ``evidence_bonus`` when a shared passage or statement (an evidence group) links the
   two, all times the time decay of the gap between their date ranges. A *follow-up* ignores the
   decay, as in the single pass: the gap is longer than ``follow_up_gap_days`` (or the merged story
   is dormant), the window story's heaviest ``article_entities`` names (as many as an article
   keeps) cover ``follow_up_entity_min`` of the merged story's main entities, and the text cosine
   reaches ``follow_up_text_min`` (the score is then the undecayed one). The decayed score counts
   only when evidence links the two, in the undated window, or with ``overlap_days`` 0 (no context
   at all). A window story joins the best merged story scoring at least ``merge_threshold`` (the
   single pass's ``threshold`` when evidence links them, as for an article linked to a story)
   through ``refine.merge_into``; else it is a new story. Merged stories whose last article is more
   than ``active_days`` before the window go dormant: compacted to ``dormant_terms``/
   ``dormant_entities`` and frozen, as in the single pass, so the merge holds recent stories in
   full and old ones in a few hundred bytes (plus their member ids).

With one window (``days`` longer than the corpus) the result is the single pass's, record for
record. Story ids stay content-based: a window story's id is made by ``assign_stories`` from
its first article's id (as in the single pass), and a merged story keeps the id of its earliest
window story. The result depends only on the articles, the evidence and the options (not on how the
windows were computed or in which order they arrived), so both engines give the same stories.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

from ..records import Article, Story, stable_hash
from .assign import assign_stories
from .build import build_story
from .options import StoryEvidence, StoryOptions
from .refine import _cos, _decay, _gap, entity_guards_pass, merge_into
from .state import Cluster, Posting, StoryState

UNDATED = 2**31 - 1
"""Window key of the articles with neither a publication date nor an inferred one (it sorts
after every dated window: those articles are merged last)."""


@dataclass(frozen=True, kw_only=True)
class WindowOptions:
    """How the windowed story pass cuts and merges (see the module docstring)."""

    days: int = 30
    """Length of a window in days. Longer windows keep more of a story inside one streaming
    pass (closer to the single pass) but make each task bigger."""
    merge_threshold: float = 0.5
    """Score a window story needs to join a story merged from earlier windows (higher than an
    article's ``threshold``: two stories' centroids are smoother, so unrelated stories on one
    topic score higher against each other than an article does). Chosen on 10,000 generated
    articles (seed 1; 0.4-0.55 tried), checked on another seed."""
    candidates: int = 10
    """Merged stories scored in full per window story (those sharing the most keys with it),
    plus every story an evidence group links it to."""
    overlap_days: int = 10
    """Days at the end of each window that the next window's pass reads first, as context.
    A story running across the boundary then holds context articles in the next window, and
    the merge joins it to the story those articles belong to. The single pass's time decay
    makes a story out of reach after about this many quiet days, so a window story with no
    context article can only join an earlier one as a follow-up (or through evidence).
    0: no context; window stories join earlier ones by centroid score (``merge_threshold``)."""

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError(f"WindowOptions.days must be at least 1, got {self.days}")
        if not 0 <= self.overlap_days <= self.days:
            raise ValueError(f"WindowOptions.overlap_days must be between 0 and days "
                             f"({self.days}), got {self.overlap_days}")


# ---------------------------------------------------------------------------- split
def article_day(article: Article, evidence: StoryEvidence) -> int | None:
    """The day ordinal the story pass places an article at: its publication date, else its
    inferred date from ``evidence.dates``, else None."""
    for value in (article.published, evidence.dates.get(article.id) if evidence.dates else None):
        if isinstance(value, datetime):
            return value.date().toordinal()
        if isinstance(value, date):
            return value.toordinal()
    return None


def window_of(day: int | None, days: int) -> int:
    """The window key of a day ordinal (:data:`UNDATED` for None)."""
    return UNDATED if day is None else day // days


def split_windows(articles: Iterable[Article], evidence: StoryEvidence,
                  days: int) -> list[tuple[int, list[Article]]]:
    """The articles by window, windows in time order (the undated window last); within a
    window the articles keep the order given."""
    out: dict[int, list[Article]] = {}
    for article in articles:
        out.setdefault(window_of(article_day(article, evidence), days), []).append(article)
    return sorted(out.items(), key=itemgetter(0))


def window_context(windows: Sequence[tuple[int, Sequence[Article]]], evidence: StoryEvidence,
                   options: WindowOptions) -> dict[int, list[Article]]:
    """The context of each window: the articles of the window just before it whose day is in
    its last ``overlap_days`` days, in the order given (none for the undated window)."""
    out: dict[int, list[Article]] = {}
    if not options.overlap_days:
        return out
    for key, members in windows:
        if key == UNDATED or key + 1 == UNDATED:
            continue
        start = (key + 1) * options.days - options.overlap_days
        tail = [a for a in members if (article_day(a, evidence) or 0) >= start]
        if tail:
            out[key + 1] = tail
    return out


def evidence_groups(evidence: StoryEvidence) -> list[tuple[str, ...]]:
    """Every evidence link as a group of distinct article ids (a pair is a group of two),
    sorted, each group sorted: a canonical form whatever order the links came in."""
    groups: set[tuple[str, ...]] = set()
    for pairs in (evidence.shared_passages, evidence.shared_statements):
        for a, b in pairs:
            if a != b:
                groups.add(tuple(sorted((a, b))))
    for group in evidence.shared_groups:
        members = tuple(sorted(set(group)))
        if len(members) > 1:
            groups.add(members)
    return sorted(groups)


def partition_evidence(evidence: StoryEvidence, window: Mapping[str, int],
                       context: Mapping[str, int] | None = None,
                       ) -> tuple[dict[int, StoryEvidence], list[tuple[str, ...]]]:
    """The evidence of each window (its articles' people and inferred dates, and the part of
    each group inside it), and the groups that link articles of different windows (what the
    merge needs). ``window`` maps article ids to window keys; other ids are ignored.
    ``context`` maps the context articles (:func:`window_context`) to the window that reads
    them: their evidence goes to that window too."""
    context = context or {}
    people: dict[int, dict[str, list[str]]] = {}
    dates: dict[int, dict[str, date]] = {}
    groups: dict[int, list[tuple[str, ...]]] = {}
    across: list[tuple[str, ...]] = []

    def windows_of(aid: str) -> tuple[int, ...]:
        own = window.get(aid)
        if own is None:
            return ()
        extra = context.get(aid)
        return (own,) if extra is None else (own, extra)

    for aid, names in (evidence.people or {}).items():
        for key in windows_of(aid):
            people.setdefault(key, {})[aid] = sorted(names)
    for aid, day in (evidence.dates or {}).items():
        for key in windows_of(aid):
            dates.setdefault(key, {})[aid] = day
    for group in evidence_groups(evidence):
        parts: dict[int, list[str]] = {}
        for aid in group:
            for key in windows_of(aid):
                parts.setdefault(key, []).append(aid)
        for key, members in parts.items():
            if len(members) > 1:
                groups.setdefault(key, []).append(tuple(members))
        if len({window[a] for a in group if a in window}) > 1:
            across.append(tuple(a for a in group if a in window))
    keys = set(window.values())
    return {key: StoryEvidence(shared_groups=groups.get(key, []), people=people.get(key, {}),
                               dates=dates.get(key, {})) for key in sorted(keys)}, across


@dataclass(frozen=True)
class WindowPlan:
    """How a corpus is cut for the windowed pass (:func:`plan_windows`)."""

    windows: list[tuple[int, list[Article]]]
    """The articles by window (:func:`split_windows`)."""
    context: dict[int, list[Article]]
    """Each window's context articles (:func:`window_context`)."""
    evidence: dict[int, StoryEvidence]
    """Each window's evidence, its context's included (:func:`partition_evidence`)."""
    across: list[tuple[str, ...]]
    """The evidence groups linking articles of different windows (what the merge needs)."""


def plan_windows(articles: Iterable[Article], evidence: StoryEvidence,
                 options: WindowOptions) -> WindowPlan:
    """The windows, their context and their evidence: what every engine computes before the
    windows' passes."""
    windows = split_windows(articles, evidence, options.days)
    context = window_context(windows, evidence, options)
    per_window, across = partition_evidence(
        evidence, {a.id: key for key, members in windows for a in members},
        {a.id: key for key, tail in context.items() for a in tail})
    return WindowPlan(windows, context, per_window, across)


# ---------------------------------------------------------------------------- one window
def window_stories(articles: Sequence[Article], options: StoryOptions,
                   evidence: StoryEvidence, context: Sequence[Article] = ()) -> list[Cluster]:
    """The stories of one window as compact summaries, in creation order.

    ``articles`` are the window's articles in stream order (``assign_stories`` orders them by
    date, each day densest first), ``evidence`` their evidence (:func:`partition_evidence`),
    ``context`` the previous window's last days (:func:`window_context`), read first: a story
    may hold context articles, which the merge uses to place it and then drops. Each summary is
    a thawed, active :class:`Cluster` without member vectors: what the merge reads,
    serialisable with ``Cluster.to_json``.
    """
    _stories, state = assign_stories([*context, *articles], options, evidence)
    out = sorted(state.clusters.values(), key=lambda c: c.seq)
    for cluster in out:
        summarise(cluster)
    return out


def summarise(cluster: Cluster) -> Cluster:
    """Make ``cluster`` a compact summary in place (thawed, active, unindexed, no member
    vectors) and return it."""
    cluster.thaw()
    cluster.vectors = {}
    cluster.dormant = False
    cluster.index_keys = ()
    cluster.indexed_dormant = False
    return cluster


# ---------------------------------------------------------------------------- merge
def _coverage(entities: dict[int, float], centroid: dict[int, float], top: int) -> float:
    """Share of the weight of a story's ``top`` entities that ``entities`` also has."""
    if not entities or not centroid:
        return 0.0
    heaviest = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    total = sum(v for _, v in heaviest)
    return sum(v for k, v in heaviest if k in entities) / total if total else 0.0


def _top_keys(vec: dict[int, float], top: int) -> dict[int, float]:
    """The ``top`` heaviest dimensions of a vector (ties by key)."""
    if len(vec) <= top:
        return vec
    return dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def _trim(counter: Counter[str]) -> None:
    if len(counter) > 120:  # the bound the single pass keeps on a story's name counters
        kept = counter.most_common(60)
        counter.clear()
        counter.update(dict(kept))


class WindowMerger:
    """The merge of window stories into corpus stories, one window at a time, in window order.

    ``groups`` are the evidence groups that link articles of different windows
    (:func:`partition_evidence`). Holds the merged stories (recent ones in full, dormant ones
    frozen), an index of their keys, and per group which merged stories hold its articles.
    """

    def __init__(self, options: StoryOptions, window_options: WindowOptions,
                 groups: Iterable[Sequence[str]] = ()) -> None:
        self.options = options
        self.window_options = window_options
        self.state = StoryState()
        self.groups = [tuple(g) for g in groups]
        self.groups_of: dict[str, list[int]] = {}
        for g, members in enumerate(self.groups):
            for aid in members:
                self.groups_of.setdefault(aid, []).append(g)
        self.group_stories: list[dict[str, int]] = [{} for _ in self.groups]
        """Per group: merged story id -> how many of the group's articles it holds."""
        self.last_window: int | None = None
        self.window_start = 0
        """Creation number of the first story of the current window: stories of one window
        are not merged with each other (the window's own pass compared their articles)."""
        self.opened: list[Cluster] = []
        self.identity: dict[str, dict[int, float]] = {}
        self.home: dict[str, str] = {}
        """The previous window's articles -> the merged story holding them (what the context
        articles of the current window's stories are looked up in)."""
        self.placed: dict[str, str] = {}
        """The current window's articles -> their merged story (the next window's ``home``)."""
        self.near = True
        """Whether window stories of the current window may join earlier stories by a decayed
        centroid score (no context: ``overlap_days`` 0, or the undated window)."""

    # -- input -----------------------------------------------------------------------------
    def add_window(self, key: int, stories: Iterable[Cluster]) -> None:
        """Merge one window's stories (its :func:`window_stories`, in that order)."""
        if self.last_window is not None and key <= self.last_window:
            raise ValueError(f"windows must come in increasing order ({key} after "
                             f"{self.last_window})")
        contiguous = self.last_window is not None and key == self.last_window + 1
        self.last_window = key
        if key != UNDATED:
            self._advance(key * self.window_options.days)
        self.window_start = self.state.next_seq
        self.home = self.placed if contiguous else {}
        self.placed = {}
        self.near = not self.window_options.overlap_days or key == UNDATED
        for story in stories:
            self._merge(summarise(story))
        self.home = {}

    def stories(self) -> list[Story]:
        """The merged stories' records, in creation order (``build_story``)."""
        out = []
        for cluster in sorted(self.state.clusters.values(), key=lambda c: c.seq):
            frozen = cluster.packed is not None
            cluster.thaw()
            out.append(build_story(cluster, self.options))
            if frozen:
                cluster.freeze()
        return out

    # -- time ------------------------------------------------------------------------------
    def _advance(self, day: int) -> None:
        """Stories with no article for ``active_days`` before ``day`` go dormant (compact,
        frozen, indexed by entities only)."""
        state, opts = self.state, self.options
        state.clock = day
        horizon = day - opts.active_days
        for cluster in [c for c in state.clusters.values() if not c.dormant]:
            if cluster.last is not None and cluster.last < horizon:
                cluster.dormant = True
                cluster.compact(opts.dormant_terms, opts.dormant_entities)
                state.dormant_order[cluster.id] = None
                state.reindex(cluster)
                cluster.freeze()

    # -- one window story ---------------------------------------------------------------------
    def _merge(self, story: Cluster) -> None:
        state, opts = self.state, self.options
        story.seq = state.next_seq
        state.next_seq += 1
        if story.id in state.clusters:  # cannot happen with distinct article ids; stay unique
            story.id = stable_hash("story", story.id, str(story.seq))
        members = story.member_list()
        homes = Counter(self.home[m.article_id] for m in members if m.article_id in self.home)
        if homes:  # context articles: the story runs on from the one they belong to
            members = [m for m in members if m.article_id not in self.home]
            if not members:
                return  # only context: those articles are placed already
            story.members = members
            best_id = min(homes, key=lambda sid: (-homes[sid], self.state.clusters[sid].seq))
        else:
            best_id = self._best(story, members)
        state.clusters[story.id] = story
        if best_id is None:
            state.reindex(story)
            target = story
        else:
            target = state.clusters[best_id]
            if target.dormant:
                target.thaw()
                target.dormant = False
                state.dormant_order.pop(target.id, None)
            merge_into(state, story, target, opts)
            self.identity.pop(target.id, None)
            for counter in (target.spans, target.vocab, target.people):
                _trim(counter)
        for m in members:
            self.placed[m.article_id] = target.id
            for g in self.groups_of.get(m.article_id, ()):
                counts = self.group_stories[g]
                counts[target.id] = counts.get(target.id, 0) + 1

    def _best(self, story: Cluster, members: Sequence) -> str | None:
        """The earlier merged story a window story without context articles joins, if any."""
        opts = self.options
        linked = self._linked(members)
        # the window story read as one article: its heaviest names, as many as an article keeps
        ents = _top_keys(story.entities, opts.article_entities)
        best_id, best_score = None, -1.0
        for sid in self._candidates(story, ents, linked):
            if self.state.clusters[sid].seq >= self.window_start:
                continue  # a story of this same window
            score = self._score(story, ents, self._open(sid), sid in linked)
            # linked by evidence: the single pass's bar, as for an article linked to a story
            bar = opts.threshold if sid in linked else self.window_options.merge_threshold
            if score >= bar - 1e-12 and score > best_score:
                best_id, best_score = sid, score
        for cluster in self.opened:
            cluster.close_centroids()
        self.opened.clear()
        return best_id

    def _linked(self, members: Iterable) -> set[str]:
        out: set[str] = set()
        for m in members:
            for g in self.groups_of.get(m.article_id, ()):
                out.update(self.group_stories[g])
        return out

    def _identity(self, story: Cluster) -> dict[int, float]:
        """A merged story's ``follow_up_entities`` heaviest entities (memoised until it
        changes)."""
        found = self.identity.get(story.id)
        if found is None:
            found = _top_keys(story.entities, self.options.follow_up_entities)
            self.identity[story.id] = found
        return found

    def _open(self, story_id: str) -> Cluster:
        cluster = self.state.clusters[story_id]
        if cluster.packed is not None:
            cluster.open_centroids()
            self.opened.append(cluster)
        return cluster

    def _candidates(self, story: Cluster, ents: dict[int, float],
                    linked: set[str]) -> list[str]:
        """Merged stories sharing the most key weight with ``story`` (its heaviest entities
        ``ents`` and top words against the recent stories, ``ents`` against the dormant ones),
        then the linked ones."""
        keys = {k: v / story.enorm for k, v in ents.items()} if story.enorm else {}
        if story.wnorm:
            for k, v in sorted(story.words.items(), key=itemgetter(1), reverse=True)[:15]:
                keys[k] = keys.get(k, 0.0) + v / story.wnorm
        limit = self.window_options.candidates
        out = self._top(self.state.active_index, keys, limit)
        if ents and story.enorm:
            out += self._top(self.state.dormant_index,
                             {k: v / story.enorm for k, v in ents.items()}, limit)
        return list(dict.fromkeys(out + sorted(linked)))

    def _top(self, index: dict[int, Posting], keys: dict[int, float], limit: int) -> list[str]:
        max_posting = self.options.max_posting
        shared: dict[str, float] = {}
        for key, weight in keys.items():
            posting = index.get(key)
            if not posting or len(posting) > max_posting:
                continue
            for sid in posting:
                shared[sid] = shared.get(sid, 0.0) + weight
        clusters = self.state.clusters
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], clusters[kv[0]].seq))
        return [sid for sid, _ in ranked[:limit]]

    def _score(self, story: Cluster, ents: dict[int, float], other: Cluster,
               linked: bool) -> float:
        """The score of a window story (``ents``: its heaviest entities) against a merged
        story (see the module docstring)."""
        opts = self.options
        ct = _cos(story.words, story.wnorm, other.words, other.wnorm)
        ce = _cos(story.entities, story.enorm, other.entities, other.enorm)
        has_entities = bool(story.entities)
        bonus = opts.evidence_bonus if linked else 0.0
        if story.people and other.people:
            shared = sum(1 for p in story.people if p in other.people)
            bonus += opts.people_weight * shared / len(story.people)
        gap = _gap(story, other)
        score = -1.0
        near = self.near or linked
        if near and (linked or not has_entities
                     or entity_guards_pass(story, other, ce, opts)):
            base = opts.text_weight * ct + opts.entity_weight * ce if has_entities else ct
            score = (base + bonus) * _decay(gap, opts.window_days)
        if has_entities and (other.dormant or gap > opts.follow_up_gap_days):
            cover = _coverage(ents, self._identity(other), opts.follow_up_entities)
            if cover >= opts.follow_up_entity_min and ct >= opts.follow_up_text_min:
                follow = opts.text_weight * ct + opts.entity_weight * ce + bonus
                score = max(score, follow)
        return score


def windowed_stories(
    articles: Sequence[Article],
    options: StoryOptions = StoryOptions(),  # noqa: B008 - frozen, immutable default
    evidence: StoryEvidence = StoryEvidence(),  # noqa: B008 - frozen, immutable default
    window_options: WindowOptions = WindowOptions(),  # noqa: B008 - frozen, immutable default
) -> list[Story]:
    """The story partition of ``articles`` by windows, then merged, in one process: the same
    pure steps a distributed engine runs (windows on executors, the merge on the driver).

    ``articles`` in stream order (ties in publication date keep it). Returns every story, in
    creation order, as ``assign_stories`` does from an empty state.
    """
    plan = plan_windows(articles, evidence, window_options)
    merger = WindowMerger(options, window_options, plan.across)
    for key, members in plan.windows:
        merger.add_window(key, window_stories(members, options, plan.evidence[key],
                                              plan.context.get(key, ())))
    return merger.stories()


__all__ = [
    "UNDATED",
    "WindowMerger",
    "WindowOptions",
    "article_day",
    "evidence_groups",
    "WindowPlan",
    "partition_evidence",
    "plan_windows",
    "split_windows",
    "summarise",
    "window_context",
    "window_of",
    "window_stories",
    "windowed_stories",
]

