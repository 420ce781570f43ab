"""The persisted candidate index: winnowed n-gram anchors -> articles, and candidate pairs.

The index is two parallel numpy arrays sorted by (anchor hash, article number) — no dicts of
lists — plus the article ids in number order. Candidate generation for a batch of new articles is
a handful of sorts, ``searchsorted`` calls and ``unique`` counts:

1. the new articles' anchors are looked up in the old index (``searchsorted``);
2. anchors whose document frequency (old + new) is outside ``[2, limit]`` are dropped
   (boilerplate, stock phrases, words nobody shares);
3. the remaining anchor groups are expanded into article pairs that involve a new article
   (vectorised per group size), and pairs sharing at least ``min_shared`` anchors are kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, StoreError
from .normalize import tokenize
from .shingles import batch_ngrams, winnow

_FORMAT = "storytrace-reuse-index/2"
DOC_BITS = 24
"""An index key is ``(anchor hash >> DOC_BITS) << DOC_BITS | article number``: one sorted uint64
array (``np.sort`` is a fast radix/SIMD sort; no lexsort, no hash tables). The anchor keeps 40
bits of its 64-bit hash (chance collisions only make a few extra candidates, which alignment
with full hashes rejects); an index holds at most 2**24 (16.7 million) articles."""
MAX_ARTICLES = 1 << DOC_BITS
_DOC_MASK = np.uint64(MAX_ARTICLES - 1)
_SHIFT = np.uint64(DOC_BITS)
CHUNK_CHARS = 2_000_000
"""Characters tokenised together (bounds the memory of one vectorised batch)."""


def anchor_part(hashes: np.ndarray) -> np.ndarray:
    """The 40-bit anchor part of 64-bit n-gram hashes (as stored in index keys)."""
    return hashes >> _SHIFT


def chunks(lengths: Sequence[int], limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(lo, hi) ranges of consecutive texts holding about ``limit`` characters each."""
    out: list[tuple[int, int]] = []
    lo = total = 0
    for k, n in enumerate(lengths):
        total += n
        if total >= limit:
            out.append((lo, k + 1))
            lo, total = k + 1, 0
    if lo < len(lengths):
        out.append((lo, len(lengths)))
    return out


def runs(sorted_values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, first index, count) of the runs of equal values of a sorted array."""
    if len(sorted_values) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return sorted_values[:0], empty, empty
    first = np.flatnonzero(np.concatenate(([True], sorted_values[1:] != sorted_values[:-1])))
    counts = np.diff(np.concatenate((first, [len(sorted_values)])))
    return sorted_values[first], first, counts


def anchors_of(texts: Sequence[str], ngram: int, window: int) -> np.ndarray:
    """Sorted unique index keys (anchor, text index) of a batch of texts."""
    parts: list[np.ndarray] = []
    for lo, hi in chunks([len(t) for t in texts]):
        tokens = tokenize(texts[lo:hi])
        grams, doc, _pos = batch_ngrams(tokens, ngram)
        sel = winnow(grams, doc, window)
        parts.append(((grams[sel] >> _SHIFT) << _SHIFT) | (doc[sel] + lo).astype(np.uint64))
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    return runs(np.sort(np.concatenate(parts)))[0]


def _expand_ranges(lo: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(lo[i], lo[i] + counts[i])`` for all i, vectorised."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    shift = np.repeat(lo - (ends - counts), counts)
    return np.arange(total, dtype=np.int64) + shift


@dataclass(frozen=True)
class ReuseIndex:
    """Winnowed anchors of every article compared so far (see the module docstring).

    ``keys`` is sorted; ``keys >> 24`` is the anchor, ``keys & (2**24 - 1)`` the article
    number; ``ids[k]`` is the id of article number k.
    """

    ids: tuple[str, ...] = ()
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    fingerprint: str = ""

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def anchors(self) -> np.ndarray:
        """The anchor part of every key (sorted)."""
        return self.keys >> _SHIFT

    @property
    def docs(self) -> np.ndarray:
        """The article number of every key."""
        return (self.keys & _DOC_MASK).astype(np.int64)

    # ---- persistence ---------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The index as bytes (numpy ``.npz``, no pickle) for the store to keep."""
        buf = io.BytesIO()
        np.savez(
            buf,
            format=np.array(_FORMAT),
            fingerprint=np.array(self.fingerprint),
            ids=np.array("\n".join(self.ids)),
            keys=self.keys.astype(np.uint64),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ReuseIndex:
        """Read an index written by :meth:`to_bytes`; raises ``StoreError`` when unreadable."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                fmt = str(npz["format"])
                if fmt != _FORMAT:
                    raise StoreError(
                        f"reuse index has format {fmt!r}, expected {_FORMAT!r}; "
                        "re-run analyze with a rebuilt reuse index")
                ids_text = str(npz["ids"])
                ids = tuple(ids_text.split("\n")) if ids_text else ()
                keys = npz["keys"].astype(np.uint64)
                fingerprint = str(npz["fingerprint"])
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - any decoding failure means the same to a user
            raise StoreError(
                f"reuse index is unreadable ({exc}); re-run analyze with a rebuilt reuse index"
            ) from exc
        if len(keys) and (int((keys & _DOC_MASK).max()) >= len(ids)
                          or bool((keys[1:] < keys[:-1]).any())):
            raise StoreError("reuse index is inconsistent; re-run analyze with a rebuilt index")
        return cls(ids=ids, keys=keys, fingerprint=fingerprint)

    # ---- updates -------------------------------------------------------------------------
    def without(self, numbers: np.ndarray) -> ReuseIndex:
        """The index with the anchors of the given article numbers removed (ids kept)."""
        if len(numbers) == 0:
            return self
        keep = ~np.isin(self.docs, numbers)
        return ReuseIndex(self.ids, self.keys[keep], self.fingerprint)

    def merged(self, ids: tuple[str, ...], keys: np.ndarray) -> ReuseIndex:
        """A new index with more keys (their article numbers are positions in ``ids``)."""
        if len(ids) > MAX_ARTICLES:
            raise InputError(f"the reuse index holds at most {MAX_ARTICLES} articles; "
                             "split the corpus into several stores")
        both = np.sort(np.concatenate((self.keys, keys)))
        return ReuseIndex(ids, runs(both)[0], self.fingerprint)

    def usable_anchors(self, limit: int) -> np.ndarray:
        """Sorted anchors held by 2 to ``limit`` articles (those that may anchor a passage)."""
        values, _first, counts = runs(self.anchors)
        return values[(counts >= 2) & (counts <= limit)]


def candidate_pairs(index: ReuseIndex, new_keys: np.ndarray, limit: int,
                    min_shared: int) -> np.ndarray:
    """Article-number pairs (k, 2) with ``a < b`` sharing >= ``min_shared`` usable anchors.

    ``new_keys`` are the sorted unique keys of the new articles (numbers not in ``index``);
    every returned pair involves at least one new article.
    """
    if len(new_keys) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    new_anchor = new_keys >> _SHIFT
    new_docs = (new_keys & _DOC_MASK).astype(np.int64)
    old_anchor = index.anchors
    old_docs = index.docs
    uniq, first, new_count = runs(new_anchor)
    lo = np.searchsorted(old_anchor, uniq, side="left")
    hi = np.searchsorted(old_anchor, uniq, side="right")
    old_count = hi - lo
    df = old_count + new_count
    ok = (df >= 2) & (df <= limit)
    if not ok.any():
        return np.zeros((0, 2), dtype=np.int64)
    k_lo, k_oc, k_first, k_nc = lo[ok], old_count[ok], first[ok], new_count[ok]
    groups = np.arange(len(k_lo), dtype=np.int64)
    old_idx = _expand_ranges(k_lo, k_oc)
    new_idx = _expand_ranges(k_first, k_nc)
    # members of each anchor group: old articles first, then new ones (each part sorted)
    sizes = (k_oc + k_nc).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    member_doc = np.empty(int(sizes.sum()), dtype=np.int64)
    member_new = np.empty(len(member_doc), dtype=bool)
    old_pos = _expand_ranges(starts, k_oc)
    new_pos = _expand_ranges(starts + k_oc, k_nc)
    member_doc[old_pos] = old_docs[old_idx]
    member_doc[new_pos] = new_docs[new_idx]
    member_new[old_pos] = False
    member_new[new_pos] = True
    del groups
    n_total = np.int64(max(int(member_doc.max()) + 1, len(index.ids)))
    keys_parts: list[np.ndarray] = []
    for s in np.sort(np.asarray(list(set(sizes.tolist())), dtype=np.int64)).tolist():
        if s < 2:
            continue
        g_starts = starts[sizes == s]
        iu, ju = np.triu_indices(s, k=1)
        a = (g_starts[:, None] + iu[None, :]).ravel()
        b = (g_starts[:, None] + ju[None, :]).ravel()
        involve_new = member_new[b]  # new members come last in a group, so b is new if any is
        a, b = a[involve_new], b[involve_new]
        da, db = member_doc[a], member_doc[b]
        keys_parts.append(np.minimum(da, db) * n_total + np.maximum(da, db))
    if not keys_parts:
        return np.zeros((0, 2), dtype=np.int64)
    pair_keys, _first, counts = runs(np.sort(np.concatenate(keys_parts)))
    pair_keys = pair_keys[counts >= min_shared]
    return np.stack((pair_keys // n_total, pair_keys % n_total), axis=1).astype(np.int64)


def renumber(keys: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """Keys with local text indices replaced by article numbers (``numbers[local]``), sorted.

    ``numbers`` must be increasing, so the key order is kept.
    """
    if len(keys) == 0:
        return keys
    local = (keys & _DOC_MASK).astype(np.int64)
    return (keys & ~_DOC_MASK) | numbers[local].astype(np.uint64)
