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

_FORMAT = "storytrace-reuse-index/3"
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


def _sort_with(keys: np.ndarray, payload: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys sorted (stable) with their payload, duplicates dropped (the first one kept)."""
    order = np.argsort(keys, kind="stable")
    keys, payload = keys[order], payload[order]
    _values, first, _counts = runs(keys)
    return keys[first], payload[first]


def anchors_of(texts: Sequence[str], ngram: int, window: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """(anchors, text indices): the unique winnowed anchors of each text (40-bit anchor parts,
    as in ``good`` sets), sorted by anchor then text. Used by the Spark engine."""
    keys, _positions = anchor_keys(texts, ngram, window)
    return keys >> _SHIFT, (keys & _DOC_MASK).astype(np.int64)


def anchor_keys(texts: Sequence[str], ngram: int, window: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique index keys (anchor, text index) of a batch of texts, with the word position
    of each anchor's first occurrence in its text."""
    parts: list[np.ndarray] = []
    poss: list[np.ndarray] = []
    for lo, hi in chunks([len(t) for t in texts]):
        tokens = tokenize(texts[lo:hi])
        grams, doc, pos = batch_ngrams(tokens, ngram)
        sel = winnow(grams, doc, window)
        keys, first_pos = _sort_with(
            ((grams[sel] >> _SHIFT) << _SHIFT) | (doc[sel] + lo).astype(np.uint64),
            pos[sel].astype(np.uint32))
        parts.append(keys)
        poss.append(first_pos)
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32)
    if len(parts) == 1:
        return parts[0], poss[0]
    # sorted runs with distinct texts: a stable merge keeps every key once
    keys = np.concatenate(parts)
    order = np.argsort(keys, kind="stable")
    return keys[order], np.concatenate(poss)[order]


def _max_per_outlet(groups: np.ndarray, codes: np.ndarray, first: np.ndarray) -> np.ndarray:
    """For sorted group labels (runs starting at ``first``) and an outlet code per member: the
    largest number of members of one group that share an outlet."""
    combo = np.sort((groups.astype(np.uint64) << np.uint64(DOC_BITS))
                    | codes.astype(np.uint64))
    _v, run_first, run_counts = runs(combo)
    group_of_run = np.searchsorted(first, run_first, side="right") - 1
    # every group has at least one run, and runs are in group order
    group_first_run = np.searchsorted(group_of_run, np.arange(len(first)), side="left")
    return np.maximum.reduceat(run_counts, group_first_run)


def _merge_sorted(a: np.ndarray, pa: np.ndarray, b: np.ndarray, pb: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Merge two sorted key arrays (no key in both) with their payloads, in O(n)."""
    if len(b) == 0:
        return a, pa
    if len(a) == 0:
        return b, pb
    at = np.searchsorted(a, b) + np.arange(len(b))
    keys = np.empty(len(a) + len(b), dtype=np.uint64)
    pay = np.empty(len(a) + len(b), dtype=pa.dtype)
    rest = np.ones(len(keys), dtype=bool)
    rest[at] = False
    keys[at], pay[at] = b, pb
    keys[rest], pay[rest] = a, pa
    return keys, pay


def _expand_ranges(lo: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(lo[i], lo[i] + counts[i])`` for all i, vectorised."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    shift = np.repeat(lo - (ends - counts), counts)
    return np.arange(total, dtype=np.int64) + shift


@dataclass(frozen=True, eq=False)
class ReuseIndex:
    """Winnowed anchors of every article compared so far (see the module docstring).

    ``keys`` is sorted; ``keys >> 24`` is the anchor, ``keys & (2**24 - 1)`` the article
    number; ``ids[k]`` is the id of article number k.
    """

    ids: tuple[str, ...] = ()
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    fingerprint: str = ""
    positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    """Word position of each key's anchor in its article (first occurrence)."""
    outlets: tuple[str, ...] = ()
    """Outlet of each article (``""`` when unknown), parallel to ``ids``."""

    def outlet_codes(self) -> np.ndarray:
        """One integer per article: equal for articles of one known outlet; an article without
        an outlet gets a code of its own (its number)."""
        codes = np.arange(len(self.ids), dtype=np.int64)
        seen: dict[str, int] = {}
        for k, name in enumerate(self.outlets):
            if name:
                codes[k] = seen.setdefault(name, MAX_ARTICLES - 1 - len(seen))
        return codes

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
            positions=self.positions.astype(np.uint32),
            outlets=np.array("\n".join(o.replace("\n", " ") for o in self.outlets)),
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
                positions = npz["positions"].astype(np.uint32)
                fingerprint = str(npz["fingerprint"])
                outlets = tuple(str(npz["outlets"]).split("\n")) if ids else ()
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - any decoding failure means the same to a user
            raise StoreError(
                f"reuse index is unreadable ({exc}); re-run analyze with a rebuilt reuse index"
            ) from exc
        if len(outlets) != len(ids) or len(keys) != len(positions) or (len(keys) and (
                int((keys & _DOC_MASK).max()) >= len(ids) or bool((keys[1:] <= keys[:-1]).any()))):
            raise StoreError("reuse index is inconsistent; re-run analyze with a rebuilt index")
        return cls(ids=ids, keys=keys, fingerprint=fingerprint, positions=positions,
                   outlets=outlets)

    # ---- updates -------------------------------------------------------------------------
    def without(self, numbers: np.ndarray) -> ReuseIndex:
        """The index with the anchors of the given article numbers removed (ids kept)."""
        if len(numbers) == 0:
            return self
        keep = ~np.isin(self.docs, numbers)
        return ReuseIndex(self.ids, self.keys[keep], self.fingerprint, self.positions[keep],
                          self.outlets)

    def merged(self, ids: tuple[str, ...], keys: np.ndarray, positions: np.ndarray,
               outlets: tuple[str, ...] | None = None) -> ReuseIndex:
        """A new index with the keys of new articles (numbers are positions in ``ids``;
        ``outlets`` parallel to ``ids``, unknown outlets when not given)."""
        if len(ids) > MAX_ARTICLES:
            raise InputError(f"the reuse index holds at most {MAX_ARTICLES} articles; "
                             "split the corpus into several stores")
        both, pos = _merge_sorted(self.keys, self.positions, keys, positions)
        if outlets is None:
            outlets = self.outlets + ("",) * (len(ids) - len(self.outlets))
        return ReuseIndex(ids, both, self.fingerprint, pos, tuple(outlets))

    def usable_anchors(self, max_df: int, max_outlet_df: int) -> np.ndarray:
        """Sorted anchors that may anchor a passage: held by 2 to ``max_df`` articles and by at
        most ``max_outlet_df`` articles of any one outlet."""
        return self.anchor_sets(max_df, max_outlet_df)[0]

    def anchor_sets(self, max_df: int, max_outlet_df: int) -> tuple[np.ndarray, np.ndarray]:
        """(usable, boilerplate) sorted anchors: usable as in :meth:`usable_anchors`;
        boilerplate = held by more than ``max_df`` articles or more than ``max_outlet_df``
        articles of one outlet."""
        anchors = self.anchors
        values, first, counts = runs(anchors)
        del anchors
        ok = (counts >= 2) & (counts <= max_df)
        bad = values[counts > max_df]
        values, first, counts = values[ok], first[ok], counts[ok]
        if len(values) and max_outlet_df < max_df:
            # only the shared anchors (few) are checked per outlet
            rows = _expand_ranges(first, counts)
            docs = (self.keys[rows] & _DOC_MASK).astype(np.int64)
            group_first = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
            per_outlet = _max_per_outlet(np.repeat(np.arange(len(values)), counts),
                                         self.outlet_codes()[docs], group_first)
            outlet_bad = per_outlet > max_outlet_df
            bad = np.sort(np.concatenate((bad, values[outlet_bad])))
            values = values[~outlet_bad]
        return values, bad


def candidate_pairs(index: ReuseIndex, new_keys: np.ndarray, new_positions: np.ndarray,
                    limit: int, min_shared: int, gap: int | None = None,
                    outlet_codes: np.ndarray | None = None, max_outlet_df: int = 0
                    ) -> np.ndarray:
    """Article-number pairs (k, 2) with ``a < b`` sharing usable anchors.

    A pair is a candidate when it shares at least ``min_shared`` anchors (document frequency in
    ``[2, limit]``); with ``gap``, two of them must also lie on nearly the same diagonal (word
    offsets differing by at most ``gap``: a copied run rather than scattered stock phrases —
    faster on template-heavy corpora, but it drops some short passages, so it is off in the
    engine). With
    ``outlet_codes`` (one per article number), anchors held by more than ``max_outlet_df``
    articles of one outlet are dropped too (outlet boilerplate). ``new_keys`` are the sorted
    unique keys of the new articles (numbers not in ``index``); every returned pair involves at
    least one new article.
    """
    empty = np.zeros((0, 2), dtype=np.int64)
    if len(new_keys) == 0:
        return empty
    new_anchor = new_keys >> _SHIFT
    new_docs = (new_keys & _DOC_MASK).astype(np.int64)
    old_anchor = index.anchors
    uniq, first, new_count = runs(new_anchor)
    lo = np.searchsorted(old_anchor, uniq, side="left")
    hi = np.searchsorted(old_anchor, uniq, side="right")
    old_count = hi - lo
    df = old_count + new_count
    ok = (df >= 2) & (df <= limit)
    if not ok.any():
        return empty
    k_lo, k_oc, k_first, k_nc = lo[ok], old_count[ok], first[ok], new_count[ok]
    old_idx = _expand_ranges(k_lo, k_oc)
    new_idx = _expand_ranges(k_first, k_nc)
    # members of each anchor group: old articles first, then new ones
    sizes = (k_oc + k_nc).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    total = int(sizes.sum())
    member_doc = np.empty(total, dtype=np.int64)
    member_pos = np.empty(total, dtype=np.int64)
    member_new = np.empty(total, dtype=bool)
    old_pos = _expand_ranges(starts, k_oc)
    new_pos = _expand_ranges(starts + k_oc, k_nc)
    member_doc[old_pos] = (index.keys[old_idx] & _DOC_MASK).astype(np.int64)
    member_pos[old_pos] = index.positions[old_idx]
    member_doc[new_pos] = new_docs[new_idx]
    member_pos[new_pos] = new_positions[new_idx]
    member_new[old_pos] = False
    member_new[new_pos] = True
    if outlet_codes is not None and max_outlet_df > 0 and total:
        per_outlet = _max_per_outlet(np.repeat(np.arange(len(sizes)), sizes),
                                     outlet_codes[member_doc], starts)
        bad = per_outlet > max_outlet_df
        if bad.any():
            keep_members = ~np.repeat(bad, sizes)
            member_doc, member_pos = member_doc[keep_members], member_pos[keep_members]
            member_new = member_new[keep_members]
            sizes = sizes[~bad]
            starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
            if len(member_doc) == 0:
                return empty
    n_total = np.int64(max(int(member_doc.max()) + 1, len(index.ids)))
    pair_parts: list[np.ndarray] = []
    diag_parts: list[np.ndarray] = []
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
        swap = da > db
        pair_parts.append(np.where(swap, db, da) * n_total + np.where(swap, da, db))
        diag = member_pos[b] - member_pos[a]
        diag_parts.append(np.where(swap, -diag, diag))
    if not pair_parts:
        return empty
    pair_keys = np.concatenate(pair_parts)
    diags = np.concatenate(diag_parts)
    # 1. enough shared anchors
    sorted_keys = np.sort(pair_keys)
    uniq_pairs, _first, counts = runs(sorted_keys)
    uniq_pairs = uniq_pairs[counts >= min_shared]
    if min_shared >= 2 and gap is not None and len(uniq_pairs):
        # 2. two of them on nearly the same diagonal
        slot = np.searchsorted(uniq_pairs, pair_keys)
        slot[slot >= len(uniq_pairs)] = 0
        keep = uniq_pairs[slot] == pair_keys
        slot, d = slot[keep].astype(np.uint64), diags[keep]
        combo = np.sort((slot << np.uint64(32)) | (d + (1 << 31)).astype(np.uint64))
        same_pair = (combo[1:] >> np.uint64(32)) == (combo[:-1] >> np.uint64(32))
        close = (combo[1:] - combo[:-1]) <= np.uint64(gap)
        hit = np.unique((combo[1:][same_pair & close] >> np.uint64(32)).astype(np.int64))
        uniq_pairs = uniq_pairs[hit]
    return np.stack((uniq_pairs // n_total, uniq_pairs % n_total), axis=1).astype(np.int64)


def renumber(keys: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """Keys with local text indices replaced by article numbers (``numbers[local]``), sorted.

    ``numbers`` must be increasing, so the key order is kept.
    """
    if len(keys) == 0:
        return keys
    local = (keys & _DOC_MASK).astype(np.int64)
    return (keys & ~_DOC_MASK) | numbers[local].astype(np.uint64)
