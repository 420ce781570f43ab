"""The streaming state of story clustering: document frequencies and the known stories.

``StoryState`` is what a later run needs to assign only new articles: hashed document
frequencies (a fixed-size array, so its size does not depend on the corpus), the *active*
stories with full centroids and an inverted index over their keys, and the *dormant* stories
(no article for ``active_days``) with compact centroids, kept to catch follow-ups. It is
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
from dataclasses import dataclass, field
from typing import Any

from .features import N_BUCKETS

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
    return math.sqrt(sum(v * v for v in vec.values()))


def _top(vec: dict[int, float], k: int) -> dict[int, float]:
    if len(vec) <= k:
        return vec
    return dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _accumulate(into: dict[int, float], norm: float, vec: dict[int, float], k: int) -> float:
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


Posting = tuple[str, ...] | set[str]
"""Story ids holding one index key: a tuple while short (48 bytes for one id, where a set
costs over 200), a set once longer than ``_SHORT_POSTING``."""
_SHORT_POSTING = 8


def _discard(index: dict[int, Posting], key: int, cid: str) -> None:
    posting = index.get(key)
    if posting is None:
        return
    if isinstance(posting, tuple):
        if cid in posting:
            left = tuple(x for x in posting if x != cid)
            if left:
                index[key] = left
            else:
                del index[key]
    else:
        posting.discard(cid)
        if not posting:
            del index[key]


def _insert(index: dict[int, Posting], key: int, cid: str) -> None:
    posting = index.get(key)
    if posting is None:
        index[key] = (cid,)
    elif isinstance(posting, tuple):
        if cid not in posting:
            index[key] = posting + (cid,) if len(posting) < _SHORT_POSTING else {*posting, cid}
    else:
        posting.add(cid)


class StoryState:
    """Everything a later run needs to continue assigning articles to the same stories."""

    def __init__(self) -> None:
        self.n_docs = 0
        self.df = array("i", bytes(4 * N_BUCKETS))
        self.clusters: dict[str, Cluster] = {}
        self.dormant_order: OrderedDict[str, None] = OrderedDict()
        """Dormant story ids, least recently active first."""
        self.clock: int | None = None
        """Ordinal of the latest dated article seen."""
        self.next_seq = 0
        self.active_index: dict[int, Posting] = {}
        self.dormant_index: dict[int, Posting] = {}

    # -- index maintenance -------------------------------------------------------------
    def reindex(self, cluster: Cluster, n_word_keys: int = 30) -> None:
        """(Re)build the index entries of one story from its current centroids."""
        if cluster.dormant:
            keys = tuple(cluster.entities) if cluster.packed is None else cluster.index_keys
            index, other = self.dormant_index, self.active_index
        else:
            words = cluster.words
            top_words = sorted(words, key=words.__getitem__, reverse=True)[:n_word_keys]
            keys = tuple(cluster.entities) + tuple(top_words)
            index, other = self.active_index, self.dormant_index
        cid = cluster.id
        old = cluster.index_keys
        if old and cluster.indexed_dormant != cluster.dormant:  # moved between the indexes
            for key in old:
                _discard(other, key, cid)
            old = ()
        new = set(keys)
        for key in set(old) - new if old else ():
            _discard(index, key, cid)
        for key in new.difference(old) if old else new:
            _insert(index, key, cid)
        cluster.index_keys = keys
        cluster.indexed_dormant = cluster.dormant

    def unindex(self, cluster: Cluster) -> None:
        """Remove one story from whichever index holds it."""
        for index in (self.active_index, self.dormant_index):
            for key in cluster.index_keys:
                _discard(index, key, cluster.id)
        cluster.index_keys = ()

    def forget(self, cluster_id: str) -> None:
        """Drop a story entirely (the oldest dormant stories beyond the cap)."""
        cluster = self.clusters.pop(cluster_id)
        self.unindex(cluster)
        self.dormant_order.pop(cluster_id, None)

    # -- size ------------------------------------------------------------------------------
    @property
    def n_active(self) -> int:
        return sum(1 for c in self.clusters.values() if not c.dormant)

    @property
    def n_dormant(self) -> int:
        return len(self.dormant_order)

    # -- serialisation ------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The state as bytes (zlib-compressed JSON and frequency array, no pickle)."""
        meta = {
            "n_docs": self.n_docs,
            "clock": self.clock,
            "next_seq": self.next_seq,
            "clusters": [c.to_json() for c in self.clusters.values()],
            "dormant_order": list(self.dormant_order),
        }
        body = json.dumps(meta, separators=(",", ":")).encode("utf-8")
        df = self.df.tobytes()
        payload = len(body).to_bytes(8, "little") + body + df
        return _MAGIC + zlib.compress(payload, 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryState:
        """Rebuild a state written by :meth:`to_bytes`."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a storytrace story state (bad header)")
        payload = zlib.decompress(data[len(_MAGIC):])
        n = int.from_bytes(payload[:8], "little")
        meta = json.loads(payload[8:8 + n].decode("utf-8"))
        state = cls()
        state.df = array("i")
        state.df.frombytes(payload[8 + n:])
        if len(state.df) != N_BUCKETS:
            raise ValueError("story state has a frequency array of the wrong size")
        state.n_docs = meta["n_docs"]
        state.clock = meta["clock"]
        state.next_seq = meta["next_seq"]
        for cdata in meta["clusters"]:
            cluster = Cluster.from_json(cdata)
            state.clusters[cluster.id] = cluster
        state.dormant_order = OrderedDict((cid, None) for cid in meta["dormant_order"])
        for cluster in sorted(state.clusters.values(), key=lambda c: c.seq):
            state.reindex(cluster)
            if cluster.dormant:
                cluster.freeze()
        return state
