"""The streaming state of story clustering: document frequencies and the known stories.

``StoryState`` is what a later run needs to assign only new articles: hashed document
frequencies (a fixed-size array, so its size does not depend on the corpus), the *active*
stories with full centroids and an inverted index over their keys, and the *dormant* stories
(no article for ``active_days``) with compact centroids, kept to catch follow-ups: frozen into
bytes and, by default, spilled out of memory to SQLite (:mod:`storytrace.stories.dormant`).
Index postings hold stories' creation numbers (``Cluster.seq``) in ``array('i')``. It is
serialisable with :meth:`StoryState.to_bytes` / :meth:`StoryState.from_bytes` (zlib-compressed
JSON plus the raw frequency array: no pickle).
"""

from __future__ import annotations

import base64
import json
import math
import struct
import zlib
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter, mul
from typing import TYPE_CHECKING, Any

from .features import N_BUCKETS

if TYPE_CHECKING:
    from .dormant import DormantStore

_MAGIC = b"STORYSTATE1\n"
_HEADER = struct.Struct("<III")
"""Header of a frozen story: word and entity dimensions, bytes of compressed JSON."""


@dataclass(slots=True)
class Member:
    """What a story remembers of one of its articles."""

    article_id: str
    day: int | None
    """Ordinal of the publication (or inferred) date; None when unknown."""
    outlet: str | None
    title: str | None


@dataclass(slots=True)
class MemberVectors:
    """One active member's unit vectors and name/word lists (to split a story exactly)."""

    words: dict[int, float]
    """Unit content-word vector as added to the centroid (IDF at arrival)."""
    entities: dict[int, float]
    """Unit entity vector as added to the centroid (IDF at arrival)."""
    raw_words: dict[int, float]
    """Sublinear term frequencies (re-weighted with the current IDF for a split test)."""
    raw_entities: dict[int, float]
    spans: tuple[str, ...] = ()
    vocab: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    emb: Any = None
    """Unit sentence vector (float32 numpy array) when embeddings are on, else None."""

    def to_json(self) -> list:
        out = [[[k, v] for k, v in vec.items()]
               for vec in (self.words, self.entities, self.raw_words, self.raw_entities)] + [
               list(self.spans), list(self.vocab), list(self.people)]
        if self.emb is not None:
            out.append(encode_vector(self.emb))
        return out

    @classmethod
    def from_json(cls, data: list) -> MemberVectors:
        vecs = [{int(k): float(v) for k, v in vec} for vec in data[:4]]
        emb = decode_vector(data[7]) if len(data) > 7 else None
        return cls(*vecs, tuple(data[4]), tuple(data[5]), tuple(data[6]), emb)


def encode_vector(vec: Any) -> str:
    """A float32 vector as base64 text (exact round trip, no pickle)."""
    return base64.b64encode(vec.astype("<f4").tobytes()).decode("ascii")


def decode_vector(text: str) -> Any:
    """Inverse of :func:`encode_vector`: a writable float32 numpy array."""
    import numpy as np

    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)


@dataclass(slots=True)
class Cluster:
    """One story being built: centroids (sums of unit vectors) and its members."""

    id: str
    seq: int
    words: dict[int, float] = field(default_factory=dict)
    entities: dict[int, float] = field(default_factory=dict)
    wnorm: float = 0.0
    enorm: float = 0.0
    first: int | None = None
    last: int | None = None
    members: list[Member] = field(default_factory=list)
    spans: Counter[str] = field(default_factory=Counter)
    people: Counter[str] = field(default_factory=Counter)
    vocab: Counter[str] = field(default_factory=Counter)
    dormant: bool = False
    index_keys: tuple[int, ...] = ()
    vectors: dict[str, MemberVectors] = field(default_factory=dict)
    """Article id -> its vectors, for the members added while the story was active (used to
    test a split); dropped when the story goes dormant."""
    emb: Any = None
    """Sum of the members' unit sentence vectors (float32 numpy array; None without
    embeddings). Its direction is the story's mean embedding."""
    emb_norm: float = 0.0
    indexed_dormant: bool = False
    """Which index holds ``index_keys``: the dormant one (True) or the active one."""
    packed: bytes | None = None
    """A frozen dormant story: its centroids, members and name counters as zlib-compressed
    JSON (the fields themselves are then empty); see :meth:`freeze` and :meth:`thaw`."""

    def add(self, words: dict[int, float], entities: dict[int, float], max_terms: int,
            max_entities: int) -> None:
        """Add one article's unit vectors to the centroids (truncated to the top dimensions)."""
        self.wnorm = _accumulate(self.words, self.wnorm, words, max_terms)
        self.enorm = _accumulate(self.entities, self.enorm, entities, max_entities)

    def compact(self, max_terms: int, max_entities: int) -> None:
        """Shrink the centroids to the few dimensions a dormant story keeps."""
        self.vectors = {}
        self.words = _top(self.words, max_terms)
        self.entities = _top(self.entities, max_entities)
        self.wnorm = _norm(self.words)
        self.enorm = _norm(self.entities)
        self.spans = Counter(dict(self.spans.most_common(10)))
        self.vocab = Counter(dict(self.vocab.most_common(10)))
        self.people = Counter(dict(self.people.most_common(10)))

    # -- frozen dormant stories -------------------------------------------------------------
    def freeze(self) -> None:
        """Pack a dormant story into bytes: its centroids as raw int32 keys and float64
        values, its members and span/word counters as zlib-compressed JSON (a kilobyte or
        two instead of several of Python objects); :meth:`thaw` undoes it exactly. The few
        people names stay as they are."""
        if self.packed is not None:
            return
        meta = zlib.compress(json.dumps(
            [[[m.article_id, m.day, m.outlet, m.title] for m in self.members],
             dict(self.spans), dict(self.vocab)],
            separators=(",", ":")).encode("utf-8"), 1)
        keys = array("i", list(self.words) + list(self.entities))
        values = array("d", list(self.words.values()) + list(self.entities.values()))
        self.packed = (_HEADER.pack(len(self.words), len(self.entities), len(meta)) + meta
                       + keys.tobytes() + values.tobytes())
        self.words, self.entities, self.members = {}, {}, []
        self.spans, self.vocab = Counter(), Counter()

    def _centroids(self) -> tuple[dict[int, float], dict[int, float]]:
        assert self.packed is not None
        packed = self.packed
        n_words, n_entities, n_meta = _HEADER.unpack_from(packed)
        at = _HEADER.size + n_meta
        n = n_words + n_entities
        keys = array("i")
        keys.frombytes(packed[at:at + 4 * n])
        values = array("d")
        values.frombytes(packed[at + 4 * n:at + 12 * n])
        return (dict(zip(keys[:n_words], values[:n_words], strict=True)),
                dict(zip(keys[n_words:], values[n_words:], strict=True)))

    def _meta(self) -> list:
        assert self.packed is not None
        _, _, n_meta = _HEADER.unpack_from(self.packed)
        at = _HEADER.size
        return json.loads(zlib.decompress(self.packed[at:at + n_meta]).decode("utf-8"))

    def open_centroids(self) -> None:
        """Unpack a frozen story's centroids to score an article against it (cheap: no
        JSON); :meth:`close_centroids` drops them again, the packed bytes are unchanged."""
        if self.packed is not None:
            self.words, self.entities = self._centroids()

    def close_centroids(self) -> None:
        """Drop the centroids unpacked by :meth:`open_centroids` (still frozen stories)."""
        if self.packed is not None:
            self.words, self.entities = {}, {}

    def thaw(self) -> None:
        """Unpack a frozen story back into its fields (nothing to do when not frozen)."""
        if self.packed is None:
            return
        self.words, self.entities = self._centroids()
        members, spans, vocab = self._meta()
        self.members = [Member(*m) for m in members]
        self.spans, self.vocab = Counter(spans), Counter(vocab)
        self.packed = None

    def member_list(self) -> list[Member]:
        """The story's members, frozen or not (without thawing it)."""
        if self.packed is None:
            return self.members
        return [Member(*m) for m in self._meta()[0]]

    def to_json(self) -> dict:
        frozen = self.packed is not None
        self.thaw()
        try:
            return self._json()
        finally:
            if frozen:
                self.freeze()

    def _json(self) -> dict:
        return {
            "id": self.id, "seq": self.seq,
            "words": [[k, v] for k, v in self.words.items()],
            "entities": [[k, v] for k, v in self.entities.items()],
            "first": self.first, "last": self.last,
            "members": [[m.article_id, m.day, m.outlet, m.title] for m in self.members],
            "spans": dict(self.spans), "people": dict(self.people), "vocab": dict(self.vocab),
            "dormant": self.dormant, "wnorm": self.wnorm, "enorm": self.enorm,
            "vectors": {aid: v.to_json() for aid, v in self.vectors.items()},
            **({"emb": encode_vector(self.emb), "emb_norm": self.emb_norm}
               if self.emb is not None else {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> Cluster:
        c = cls(id=data["id"], seq=data["seq"])
        c.words = {int(k): float(v) for k, v in data["words"]}
        c.entities = {int(k): float(v) for k, v in data["entities"]}
        c.wnorm, c.enorm = data["wnorm"], data["enorm"]
        c.first, c.last = data["first"], data["last"]
        c.members = [Member(*m) for m in data["members"]]
        c.spans = Counter(data["spans"])
        c.people = Counter(data["people"])
        c.vocab = Counter(data["vocab"])
        c.dormant = data["dormant"]
        c.vectors = {aid: MemberVectors.from_json(v) for aid, v in data["vectors"].items()}
        if data.get("emb") is not None:
            c.emb = decode_vector(data["emb"])
            c.emb_norm = data["emb_norm"]
        return c

    def add_embedding(self, vec: Any) -> None:
        """Add one article's unit sentence vector to the story's sum."""
        import numpy as np

        self.emb = vec.astype(np.float32, copy=True) if self.emb is None else self.emb + vec
        self.emb_norm = float(np.sqrt(np.dot(self.emb, self.emb)))

    def embedding_cos(self, vec: Any) -> float:
        """Cosine of a unit sentence vector with the story's mean embedding (0 without)."""
        if self.emb is None or vec is None or self.emb_norm == 0.0:
            return 0.0
        return float(self.emb @ vec) / self.emb_norm


def _norm(vec: dict[int, float]) -> float:
    values = vec.values()
    return math.sqrt(sum(map(mul, values, values)))  # the squares in order, summed in C


def _top(vec: dict[int, float], k: int) -> dict[int, float]:
    """The ``k`` heaviest dimensions, heaviest first, ties by key (two stable sorts in C:
    the same order as sorting on ``(-value, key)``)."""
    if len(vec) <= k:
        return vec
    by_key = sorted(vec.items(), key=itemgetter(0))
    return dict(sorted(by_key, key=itemgetter(1), reverse=True)[:k])


def _accumulate_pure(into: dict[int, float], norm: float, vec: dict[int, float],
                     k: int) -> float:
    """Add ``vec`` to ``into`` (kept to about ``k`` dimensions); return the new norm."""
    ss = norm * norm
    get = into.get
    for key, v in vec.items():
        old = get(key, 0.0)
        new = old + v
        ss += new * new - old * old
        into[key] = new
    if len(into) > k + k // 2:
        top = _top(into, k)
        into.clear()
        into.update(top)
        return _norm(into)
    return math.sqrt(ss) if ss > 0.0 else 0.0


Postings = dict[int, array]
"""Index key -> ``array('i')`` of the creation numbers (``Cluster.seq``) of the stories holding
it: contiguous machine integers, so candidate lookup reads them without Python objects (see
``assign._ranked_stories_pure`` and its compiled copy)."""

Posting = tuple[str, ...]
"""Story ids holding one index key, as :attr:`StoryState.active_index` and
:attr:`StoryState.dormant_index` show them (read-only views over the ``Postings``)."""


def _discard(index: Postings, key: int, seq: int) -> None:
    posting = index.get(key)
    if posting is None:
        return
    try:
        posting.remove(seq)
    except ValueError:  # not in this index (``unindex`` tries both)
        return
    if not posting:
        del index[key]


def _insert(index: Postings, key: int, seq: int) -> None:
    posting = index.get(key)
    if posting is None:
        index[key] = array("i", (seq,))
    else:
        posting.append(seq)  # ``reindex`` inserts only keys the story did not have


def _heaviest_keys_pure(vec: dict[int, float], n: int) -> tuple[int, ...]:
    """The ``n`` heaviest keys of ``vec``, heaviest first, ties in the dict's order."""
    return tuple(sorted(vec, key=vec.__getitem__, reverse=True)[:n])


def _update_postings_pure(index: Postings, other: Postings, old: tuple[int, ...],
                          keys: tuple[int, ...], seq: int, moved: bool) -> None:
    """Move story ``seq`` from its ``old`` keys to ``keys`` in ``index``; ``moved``: the old
    keys are in ``other`` (the story went from one index to the other)."""
    if old and moved:
        for key in old:
            _discard(other, key, seq)
        old = ()
    new = set(keys)
    for key in set(old) - new if old else ():
        _discard(index, key, seq)
    for key in new.difference(old) if old else new:
        _insert(index, key, seq)


_accumulate = _accumulate_pure
_heaviest_keys = _heaviest_keys_pure
_update_postings = _update_postings_pure


def use_kernels(compiled: Any) -> None:
    """Run the compiled copies of the centroid and index upkeep from ``compiled`` (the
    ``_fastscore`` module; ``assign.use_compiled_scoring`` decides), or the pure ones (None)."""
    global _accumulate, _heaviest_keys, _update_postings
    _accumulate = compiled.accumulate if compiled is not None else _accumulate_pure
    _heaviest_keys = compiled.heaviest_keys if compiled is not None else _heaviest_keys_pure
    _update_postings = (compiled.update_postings if compiled is not None
                        else _update_postings_pure)


class IndexView(Mapping[int, Posting]):
    """Read-only view of one inverted index as key -> tuple of story ids (for readers that
    want ids; the assigner reads the ``Postings`` of creation numbers directly)."""

    def __init__(self, postings: Postings, ids: dict[int, str]) -> None:
        self._postings = postings
        self._ids = ids

    def __getitem__(self, key: int) -> Posting:
        ids = self._ids
        return tuple(ids[s] for s in self._postings[key])

    def __iter__(self) -> Iterator[int]:
        return iter(self._postings)

    def __len__(self) -> int:
        return len(self._postings)


class StoryTable(MutableMapping[str, Cluster]):
    """Story id -> ``Cluster``: the stories in memory (``resident``) and, when the state has a
    :class:`~storytrace.stories.dormant.DormantStore`, the dormant stories spilled to it.

    Reading a spilled story gives a new frozen ``Cluster`` read from the store each time;
    iterating yields the resident stories first, then the spilled ones, least recently active
    first. Without a store it behaves as the plain dict it wraps.
    """

    def __init__(self, resident: dict[str, Cluster]) -> None:
        self.resident = resident
        self.store: DormantStore | None = None

    def __getitem__(self, story_id: str) -> Cluster:
        cluster = self.resident.get(story_id)
        if cluster is None:
            if self.store is not None:
                cluster = self.store.get(story_id)
            if cluster is None:
                raise KeyError(story_id)
        return cluster

    def __setitem__(self, story_id: str, cluster: Cluster) -> None:
        if self.store is not None and story_id not in self.resident:
            self.store.remove(story_id)
        self.resident[story_id] = cluster

    def __delitem__(self, story_id: str) -> None:
        if story_id in self.resident:
            del self.resident[story_id]
        elif self.store is None or self.store.remove(story_id) is None:
            raise KeyError(story_id)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self.resident or (self.store is not None and story_id in self.store)

    def __iter__(self) -> Iterator[str]:
        yield from self.resident
        if self.store is not None:
            yield from self.store.ids()

    def __len__(self) -> int:
        return len(self.resident) + (len(self.store) if self.store is not None else 0)

    def values(self) -> list[Cluster]:  # type: ignore[override]
        """Every story: resident ones, then spilled ones (read from the store)."""
        out = list(self.resident.values())
        if self.store is not None:
            out.extend(self.store.stories())
        return out


class StoryState:
    """Everything a later run needs to continue assigning articles to the same stories.

    ``spill``: where frozen dormant stories go. True (the default): out of memory, to a
    private temporary SQLite file (:class:`~storytrace.stories.dormant.DormantStore`), so the
    memory is bounded by the active window; a string: that SQLite file (its tables are
    replaced); False: they stay in memory, packed. Results are the same either way.
    """

    def __init__(self, spill: bool | str = True) -> None:
        self.n_docs = 0
        self.df = array("i", bytes(4 * N_BUCKETS))
        self.resident: dict[str, Cluster] = {}
        """The stories held in memory: all of them unless dormant ones are spilled."""
        self.clusters = StoryTable(self.resident)
        """Every story by id (see :class:`StoryTable`)."""
        self.spill = spill
        self.dormant_order: OrderedDict[str, None] = OrderedDict()
        """Dormant story ids held in memory, least recently active first (spilled ones are
        ordered by the store)."""
        self.clock: int | None = None
        """Ordinal of the latest dated article seen."""
        self.next_seq = 0
        self.active_postings: Postings = {}
        """Inverted index of the active stories (entity keys and top words)."""
        self.dormant_postings: Postings = {}
        """Inverted index of the dormant stories (entity keys)."""
        self.story_ids: dict[int, str] = {}
        """Creation number -> id of every indexed story (what postings hold -> story ids)."""

    @property
    def active_index(self) -> IndexView:
        """The active stories' index as key -> story ids (a read-only view)."""
        return IndexView(self.active_postings, self.story_ids)

    @property
    def dormant_index(self) -> IndexView:
        """The dormant stories' index as key -> story ids (a read-only view)."""
        return IndexView(self.dormant_postings, self.story_ids)

    # -- index maintenance -------------------------------------------------------------
    def reindex(self, cluster: Cluster, n_word_keys: int = 30) -> None:
        """(Re)build the index entries of one story from its current centroids."""
        if cluster.dormant:
            keys = tuple(cluster.entities) if cluster.packed is None else cluster.index_keys
            index, other = self.dormant_postings, self.active_postings
        else:
            keys = tuple(cluster.entities) + _heaviest_keys(cluster.words, n_word_keys)
            index, other = self.active_postings, self.dormant_postings
        cid = cluster.seq
        self.story_ids[cid] = cluster.id
        _update_postings(index, other, cluster.index_keys, keys, cid,
                         cluster.indexed_dormant != cluster.dormant)
        cluster.index_keys = keys
        cluster.indexed_dormant = cluster.dormant

    def unindex(self, cluster: Cluster) -> None:
        """Remove one story from whichever index holds it."""
        for index in (self.active_postings, self.dormant_postings):
            _update_postings(index, {}, cluster.index_keys, (), cluster.seq, False)
        cluster.index_keys = ()
        self.story_ids.pop(cluster.seq, None)

    def forget(self, cluster_id: str) -> None:
        """Drop a story entirely (the oldest dormant stories beyond the cap)."""
        cluster = self.resident.pop(cluster_id, None)
        if cluster is None:
            if self.store is not None:
                self.store.remove(cluster_id)
            return
        self.unindex(cluster)
        self.dormant_order.pop(cluster_id, None)

    def oldest_dormant(self) -> str:
        """The least recently active dormant story (in memory first, then spilled)."""
        if self.dormant_order:
            return next(iter(self.dormant_order))
        oldest = self.store.oldest() if self.store is not None else None
        if oldest is None:
            raise KeyError("no dormant story")
        return oldest

    # -- dormant tier ----------------------------------------------------------------------
    @property
    def store(self) -> DormantStore | None:
        """The store of spilled dormant stories (None until the first one is spilled)."""
        return self.clusters.store

    def sleep(self, cluster: Cluster) -> None:
        """Index a story that just went dormant (``dormant`` set and compacted), freeze it,
        and spill it out of memory when the state spills."""
        if self.spill is False:
            self.dormant_order[cluster.id] = None
            self.reindex(cluster)
            cluster.freeze()
            return
        self.unindex(cluster)
        self.resident.pop(cluster.id, None)
        self.dormant_order.pop(cluster.id, None)
        cluster.index_keys = tuple(cluster.entities)
        cluster.indexed_dormant = True
        cluster.freeze()
        if self.clusters.store is None:
            from .dormant import DormantStore

            self.clusters.store = DormantStore("" if self.spill is True else str(self.spill))
        self.clusters.store.put(cluster)

    def wake(self, cluster: Cluster) -> None:
        """Bring a spilled story (read from the store) back into memory, unindexed; the
        caller thaws it, makes it active and reindexes it."""
        if cluster.id in self.resident:
            return
        store = self.clusters.store
        if store is not None:
            store.remove(cluster.id)
        cluster.index_keys = ()
        cluster.indexed_dormant = False
        self.resident[cluster.id] = cluster

    def close(self) -> None:
        """Close the dormant store, if any (a temporary one is deleted)."""
        if self.clusters.store is not None:
            self.clusters.store.close()

    # -- size ------------------------------------------------------------------------------
    @property
    def n_active(self) -> int:
        return sum(1 for c in self.resident.values() if not c.dormant)

    @property
    def n_dormant(self) -> int:
        store = self.clusters.store
        return len(self.dormant_order) + (len(store) if store is not None else 0)

    # -- serialisation ------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The state as bytes (zlib-compressed JSON and frequency array, no pickle)."""
        meta = {
            "n_docs": self.n_docs,
            "clock": self.clock,
            "next_seq": self.next_seq,
            "clusters": [c.to_json() for c in sorted(self.clusters.values(),
                                                      key=attrgetter("seq"))],
            "dormant_order": list(self.dormant_order) + (
                self.store.ids() if self.store is not None else []),
        }
        body = json.dumps(meta, separators=(",", ":")).encode("utf-8")
        df = self.df.tobytes()
        payload = len(body).to_bytes(8, "little") + body + df
        return _MAGIC + zlib.compress(payload, 6)

    @classmethod
    def from_bytes(cls, data: bytes, spill: bool | str = True) -> StoryState:
        """Rebuild a state written by :meth:`to_bytes` (``spill`` as for the constructor)."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a storytrace story state (bad header)")
        payload = zlib.decompress(data[len(_MAGIC):])
        n = int.from_bytes(payload[:8], "little")
        meta = json.loads(payload[8:8 + n].decode("utf-8"))
        state = cls(spill)
        state.df = array("i")
        state.df.frombytes(payload[8 + n:])
        if len(state.df) != N_BUCKETS:
            raise ValueError("story state has a frequency array of the wrong size")
        state.n_docs = meta["n_docs"]
        state.clock = meta["clock"]
        state.next_seq = meta["next_seq"]
        for cdata in meta["clusters"]:
            cluster = Cluster.from_json(cdata)
            state.resident[cluster.id] = cluster
        order = meta["dormant_order"]
        if spill is False:
            state.dormant_order = OrderedDict((cid, None) for cid in order)
        for cluster in sorted(state.resident.values(), key=lambda c: c.seq):
            if cluster.dormant and spill is not False:
                continue
            state.reindex(cluster)
            if cluster.dormant:
                cluster.freeze()
        if spill is not False:
            dormant = [c for c in state.resident.values() if c.dormant]
            rank = {cid: i for i, cid in enumerate(order)}
            dormant.sort(key=lambda c: (rank.get(c.id, len(rank)), c.seq))
            for cluster in dormant:
                state.sleep(cluster)
        return state
