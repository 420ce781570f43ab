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

from ..errors import StoreError
from .normalize import tokenize
from .shingles import batch_ngrams, winnow

_FORMAT = "storytrace-reuse-index/1"
CHUNK = 1000
"""Articles tokenised together (bounds the memory of one vectorised batch)."""


def anchors_of(texts: Sequence[str], ngram: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Unique (anchor hash, text index) pairs of a batch of texts, sorted by hash then text."""
    hashes_parts: list[np.ndarray] = []
    docs_parts: list[np.ndarray] = []
    for lo in range(0, len(texts), CHUNK):
        chunk = texts[lo : lo + CHUNK]
        tokens = tokenize(chunk)
        grams, doc, _pos = batch_ngrams(tokens, ngram)
        sel = winnow(grams, doc, window)
        hashes_parts.append(grams[sel])
        docs_parts.append(doc[sel] + lo)
    if not hashes_parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return _sorted_unique(np.concatenate(hashes_parts), np.concatenate(docs_parts))


def _sorted_unique(hashes: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((docs, hashes))
    h, d = hashes[order], docs[order]
    if len(h) == 0:
        return h.astype(np.uint64), d.astype(np.int64)
    keep = np.ones(len(h), dtype=bool)
    keep[1:] = (h[1:] != h[:-1]) | (d[1:] != d[:-1])
    return h[keep], d[keep].astype(np.int64)


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

    ``hashes``/``docs`` are sorted by hash then article number; ``ids[k]`` is article number k.
    """

    ids: tuple[str, ...] = ()
    hashes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    docs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    fingerprint: str = ""

    def __len__(self) -> int:
        return len(self.ids)

    # ---- persistence ---------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The index as bytes (numpy ``.npz``, no pickle) for the store to keep."""
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            format=np.array(_FORMAT),
            fingerprint=np.array(self.fingerprint),
            ids=np.array("\n".join(self.ids)),
            hashes=self.hashes.astype(np.uint64),
            docs=self.docs.astype(np.uint32),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ReuseIndex:
        """Read an index written by :meth:`to_bytes`; raises ``StoreError`` when unreadable."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                if str(npz["format"]) != _FORMAT:
                    raise StoreError(
                        f"reuse index has format {str(npz['format'])!r}, expected {_FORMAT!r}; "
                        "re-run analyze with a rebuilt reuse index")
                ids_text = str(npz["ids"])
                ids = tuple(ids_text.split("\n")) if ids_text else ()
                hashes = npz["hashes"].astype(np.uint64)
                docs = npz["docs"].astype(np.int64)
                fingerprint = str(npz["fingerprint"])
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - any decoding failure means the same to a user
            raise StoreError(
                f"reuse index is unreadable ({exc}); re-run analyze with a rebuilt reuse index"
            ) from exc
        if len(hashes) != len(docs) or (len(docs) and int(docs.max()) >= len(ids)):
            raise StoreError("reuse index is inconsistent; re-run analyze with a rebuilt index")
        return cls(ids=ids, hashes=hashes, docs=docs, fingerprint=fingerprint)

    # ---- queries -------------------------------------------------------------------------
    def df(self, hashes: np.ndarray) -> np.ndarray:
        """Number of indexed articles holding each of ``hashes`` as an anchor."""
        lo = np.searchsorted(self.hashes, hashes, side="left")
        hi = np.searchsorted(self.hashes, hashes, side="right")
        return (hi - lo).astype(np.int64)

    def without(self, numbers: np.ndarray) -> ReuseIndex:
        """The index with the anchors of the given article numbers removed (ids kept)."""
        if len(numbers) == 0:
            return self
        keep = ~np.isin(self.docs, numbers)
        return ReuseIndex(self.ids, self.hashes[keep], self.docs[keep], self.fingerprint)

    def merged(self, ids: tuple[str, ...], hashes: np.ndarray, docs: np.ndarray) -> ReuseIndex:
        """A new index with more anchors (``docs`` are article numbers in ``ids``)."""
        h, d = _sorted_unique(np.concatenate((self.hashes, hashes)),
                              np.concatenate((self.docs, docs)))
        return ReuseIndex(ids, h, d, self.fingerprint)


def candidate_pairs(index: ReuseIndex, new_hashes: np.ndarray, new_docs: np.ndarray,
                    limit: int, min_shared: int) -> np.ndarray:
    """Article-number pairs (k, 2) with ``a < b`` sharing >= ``min_shared`` usable anchors.

    ``new_hashes``/``new_docs`` are the unique anchors of the new articles (numbers not in
    ``index``); every returned pair involves at least one new article.
    """
    if len(new_hashes) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    uniq, first, new_count = np.unique(new_hashes, return_index=True, return_counts=True)
    lo = np.searchsorted(index.hashes, uniq, side="left")
    hi = np.searchsorted(index.hashes, uniq, side="right")
    old_count = hi - lo
    df = old_count + new_count
    ok = (df >= 2) & (df <= limit)
    if not ok.any():
        return np.zeros((0, 2), dtype=np.int64)
    k_lo, k_oc, k_first, k_nc = lo[ok], old_count[ok], first[ok], new_count[ok]
    groups = np.arange(len(k_lo), dtype=np.int64)
    old_idx = _expand_ranges(k_lo, k_oc)
    new_idx = _expand_ranges(k_first, k_nc)  # new_hashes are sorted by hash (anchors_of)
    member_doc = np.concatenate((index.docs[old_idx], new_docs[new_idx]))
    member_group = np.concatenate((np.repeat(groups, k_oc), np.repeat(groups, k_nc)))
    member_new = np.concatenate((np.zeros(len(old_idx), bool), np.ones(len(new_idx), bool)))
    order = np.lexsort((member_doc, member_group))
    member_doc, member_group, member_new = member_doc[order], member_group[order], member_new[order]
    sizes = (k_oc + k_nc).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    n_total = int(max(int(member_doc.max()) + 1, len(index.ids)))
    keys_parts: list[np.ndarray] = []
    for s in np.unique(sizes).tolist():
        if s < 2:
            continue
        g_starts = starts[sizes == s]
        iu, ju = np.triu_indices(s, k=1)
        a = (g_starts[:, None] + iu[None, :]).ravel()
        b = (g_starts[:, None] + ju[None, :]).ravel()
        involve_new = member_new[a] | member_new[b]
        a, b = a[involve_new], b[involve_new]
        da, db = member_doc[a], member_doc[b]
        keys_parts.append(np.minimum(da, db) * n_total + np.maximum(da, db))
    if not keys_parts:
        return np.zeros((0, 2), dtype=np.int64)
    keys, counts = np.unique(np.concatenate(keys_parts), return_counts=True)
    keys = keys[counts >= min_shared]
    return np.stack((keys // n_total, keys % n_total), axis=1).astype(np.int64)
