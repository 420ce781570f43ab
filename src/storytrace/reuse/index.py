"""The persisted candidate index: winnowed n-gram anchors -> articles, and candidate pairs.

The index is ONE sorted ``uint64`` array of keys ``anchor << 24 | article number`` — no dicts of
lists, no parallel arrays — plus the article ids in number order. Candidate generation for a batch
of new articles is a handful of sorts, ``searchsorted`` calls and run counts:

1. the new articles' anchors are looked up in the old index (``searchsorted``);
2. anchors whose document frequency (old + new) is outside ``[2, limit]`` are dropped
   (boilerplate, stock phrases, words nobody shares);
3. the remaining anchor groups are expanded into article pairs that involve a new article
   (vectorised per group size), and pairs sharing at least ``min_shared`` anchors are kept.

Memory is bounded by slices, not by the corpus: keys are built batch by batch into buckets of
the key space and sorted bucket by bucket into one preallocated array (:class:`KeyBuilder`), and
every pass over the index (candidates, anchor sets, merging, removal) walks it in slices of about
``SLICE_KEYS`` keys cut at anchor boundaries, so the transient arrays are those of one slice.
"""

from __future__ import annotations

import io
import mmap
import struct
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, StoreError
from .normalize import tokenize
from .shingles import batch_ngrams, winnow

_FORMAT = "storytrace-reuse-index/4"
DOC_BITS = 24
"""An index key is ``(anchor hash >> DOC_BITS) << DOC_BITS | article number``: one sorted uint64
array (``np.sort`` is a fast radix/SIMD sort; no lexsort, no hash tables). The anchor keeps 40
bits of its 64-bit hash (chance collisions only make a few extra candidates, which alignment
with full hashes rejects); an index holds at most 2**24 (16.7 million) articles."""
MAX_ARTICLES = 1 << DOC_BITS
_DOC_MASK = np.uint64(MAX_ARTICLES - 1)
_SHIFT = np.uint64(DOC_BITS)
CHUNK_CHARS = 1_000_000
"""Characters tokenised together (bounds the memory of one vectorised batch)."""
SLICE_KEYS = 1 << 20
"""Keys handled together by the passes over the index (1M keys: 8 MiB, plus its transients)."""
_BUCKET_BITS = 6
_BUCKET_EDGES = np.array([b << (64 - _BUCKET_BITS) for b in range(1, 1 << _BUCKET_BITS)],
                         dtype=np.uint64)


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


def _last_key(anchors: np.ndarray) -> np.ndarray:
    """The largest key an anchor can have (searching with it finds the end of its group)."""
    return (anchors << _SHIFT) | _DOC_MASK


def key_slices(keys: np.ndarray, size: int | None = None) -> Iterator[tuple[int, int]]:
    """(lo, hi) ranges of a sorted key array, about ``size`` (``SLICE_KEYS``) keys each, never
    splitting the keys of one anchor (an anchor group is always whole in one slice)."""
    size = size or SLICE_KEYS
    n, lo = len(keys), 0
    while lo < n:
        hi = lo + size
        if hi >= n:
            hi = n
        else:
            hi = int(np.searchsorted(keys, _last_key(keys[hi - 1] >> _SHIFT), side="right"))
        yield lo, hi
        lo = hi


def _unique_sorted(keys: np.ndarray) -> np.ndarray:
    """A sorted array without its repeated values."""
    if len(keys) < 2:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def _batch_keys(texts: Sequence[str], ngram: int, window: int) -> np.ndarray:
    """Sorted unique keys (anchor, text index) of texts tokenised as one batch."""
    tokens = tokenize(texts)
    grams, doc, _pos = batch_ngrams(tokens, ngram)
    sel = winnow(grams, doc, window)
    keys = ((grams[sel] >> _SHIFT) << _SHIFT) | doc[sel].astype(np.uint64)
    del grams, doc, sel, tokens
    keys.sort()
    return _unique_sorted(keys)


def _anonymous(n: int) -> np.ndarray:
    """A uint64 array of ``n`` zeros in its own anonymous memory map: released to the system
    as soon as it is dropped (small numpy arrays freed on the malloc heap stay resident)."""
    return np.frombuffer(mmap.mmap(-1, max(1, n) * 8), dtype=np.uint64, count=n)


class KeyBuilder:
    """Collects the keys of batches of articles and sorts them into one array at the end.

    Each batch's sorted keys are split into 64 buckets of the key space (by the top bits of the
    anchor) and appended to that bucket's arenas (anonymous memory maps of up to
    ``ARENA_KEYS`` keys); :meth:`build` allocates the result once and fills and sorts it
    bucket by bucket, unmapping each bucket's arenas as it goes. The peak is the keys
    themselves plus one bucket (not two or three copies of the whole array, as a concatenate +
    sort would be, nor heap fragments of freed per-batch pieces the system never gets back).
    """

    ARENA_KEYS = 1 << 20

    def __init__(self) -> None:
        self._arenas: list[list[np.ndarray]] = [[] for _ in range(1 << _BUCKET_BITS)]
        self._fill = [0] * (1 << _BUCKET_BITS)  # keys used in each bucket's last arena
        self._total = 0

    def __len__(self) -> int:
        return self._total

    def _append(self, b: int, keys: np.ndarray) -> None:
        arenas = self._arenas[b]
        while len(keys):
            if not arenas or self._fill[b] == len(arenas[-1]):
                # 64K keys first, doubling up to ARENA_KEYS: small builders stay small
                arenas.append(_anonymous(min(self.ARENA_KEYS, 1 << (16 + len(arenas)))))
                self._fill[b] = 0
            room = len(arenas[-1]) - self._fill[b]
            take = min(room, len(keys))
            arenas[-1][self._fill[b]:self._fill[b] + take] = keys[:take]
            self._fill[b] += take
            keys = keys[take:]

    def _parts(self, b: int) -> list[np.ndarray]:
        arenas = self._arenas[b]
        return [*arenas[:-1], arenas[-1][:self._fill[b]]] if arenas else []

    def add(self, keys: np.ndarray) -> None:
        """Add sorted keys (of article numbers not added before, or dropped with :meth:`drop`)."""
        cuts = [0, *np.searchsorted(keys, _BUCKET_EDGES).tolist(), len(keys)]
        for b in range(len(cuts) - 1):
            if cuts[b + 1] > cuts[b]:
                self._append(b, keys[cuts[b]:cuts[b + 1]])
        self._total += len(keys)

    def add_texts(self, texts: Sequence[str], numbers: Sequence[int], ngram: int,
                  window: int) -> None:
        """Tokenise texts (as one batch) and add their keys under the given article numbers."""
        if not texts:
            return
        numbers = np.asarray(numbers, dtype=np.int64)
        keys = renumber(_batch_keys(texts, ngram, window), numbers)
        if len(numbers) > 1 and bool((numbers[1:] <= numbers[:-1]).any()):
            keys.sort()  # numbers out of order (revised articles): the key order changed
        self.add(keys)

    def drop(self, number: int) -> None:
        """Forget the keys added for one article number (rare: an id given twice)."""
        for b in range(len(self._arenas)):
            parts = self._parts(b)
            kept = [p[(p & _DOC_MASK) != np.uint64(number)] for p in parts]
            if sum(len(p) for p in kept) == sum(len(p) for p in parts):
                continue
            self._total -= sum(len(p) for p in parts) - sum(len(p) for p in kept)
            self._arenas[b], self._fill[b] = [], 0
            for p in kept:
                self._append(b, p)

    def build(self) -> np.ndarray:
        """All keys, sorted (the builder is empty afterwards)."""
        out = np.empty(self._total, dtype=np.uint64)
        at = 0
        for b in range(len(self._arenas)):
            parts = self._parts(b)
            self._arenas[b], self._fill[b] = [], 0
            size = sum(len(p) for p in parts)
            if size:
                seg = out[at:at + size]
                np.concatenate(parts, out=seg)
                seg.sort()
                at += size
            del parts  # the arenas are unmapped here
        self._total = 0
        return out


def anchors_of(texts: Sequence[str], ngram: int, window: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """(anchors, text indices): the unique winnowed anchors of each text (40-bit anchor parts,
    as in ``good`` sets), sorted by anchor then text. Used by the Spark engine."""
    keys = anchor_keys(texts, ngram, window)
    return keys >> _SHIFT, (keys & _DOC_MASK).astype(np.int64)


def anchor_keys(texts: Sequence[str], ngram: int, window: int) -> np.ndarray:
    """Sorted unique index keys (anchor, text index) of a list of texts."""
    builder = KeyBuilder()
    for lo, hi in chunks([len(t) for t in texts]):
        builder.add_texts(texts[lo:hi], range(lo, hi), ngram, window)
    return builder.build()


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


def _merge_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Merge two sorted key arrays (no key in both), slice by slice into one new array."""
    if len(b) == 0:
        return a
    if len(a) == 0:
        return b
    out = np.empty(len(a) + len(b), dtype=np.uint64)
    b_lo = 0
    for lo in range(0, len(a), SLICE_KEYS):
        hi = min(len(a), lo + SLICE_KEYS)
        b_hi = len(b) if hi == len(a) else int(np.searchsorted(b, a[hi]))
        seg = out[lo + b_lo:hi + b_hi]
        np.concatenate((a[lo:hi], b[b_lo:b_hi]), out=seg)
        seg.sort()
        b_lo = b_hi
    return out


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
        """The anchor part of every key (sorted; a new array as large as the index)."""
        return self.keys >> _SHIFT

    @property
    def docs(self) -> np.ndarray:
        """The article number of every key (a new array as large as the index)."""
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
            keys=np.asarray(self.keys, dtype=np.uint64),
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
                keys = _stored_view(data, "keys")
                if keys is None:
                    keys = np.asarray(npz["keys"], dtype=np.uint64)
                fingerprint = str(npz["fingerprint"])
                outlets = tuple(str(npz["outlets"]).split("\n")) if ids else ()
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - any decoding failure means the same to a user
            raise StoreError(
                f"reuse index is unreadable ({exc}); re-run analyze with a rebuilt reuse index"
            ) from exc
        if len(outlets) != len(ids) or not _consistent(keys, len(ids)):
            raise StoreError("reuse index is inconsistent; re-run analyze with a rebuilt index")
        return cls(ids=ids, keys=keys, fingerprint=fingerprint, outlets=outlets)

    # ---- updates -------------------------------------------------------------------------
    def without(self, numbers: np.ndarray) -> ReuseIndex:
        """The index with the anchors of the given article numbers removed (ids kept)."""
        if len(numbers) == 0:
            return self
        parts = []
        for lo in range(0, len(self.keys), SLICE_KEYS):
            part = self.keys[lo:lo + SLICE_KEYS]
            parts.append(part[~np.isin((part & _DOC_MASK).astype(np.int64), numbers)])
        keys = np.concatenate(parts) if parts else self.keys
        return ReuseIndex(self.ids, keys, self.fingerprint, self.outlets)

    def merged(self, ids: tuple[str, ...], keys: np.ndarray,
               outlets: tuple[str, ...] | None = None) -> ReuseIndex:
        """A new index with the keys of new articles (numbers are positions in ``ids``;
        ``outlets`` parallel to ``ids``, unknown outlets when not given)."""
        if len(ids) > MAX_ARTICLES:
            raise InputError(f"the reuse index holds at most {MAX_ARTICLES} articles; "
                             "split the corpus into several stores")
        if outlets is None:
            outlets = self.outlets + ("",) * (len(ids) - len(self.outlets))
        return ReuseIndex(ids, _merge_sorted(self.keys, keys), self.fingerprint,
                          tuple(outlets))

    def usable_anchors(self, max_df: int, max_outlet_df: int) -> np.ndarray:
        """Sorted anchors that may anchor a passage: held by 2 to ``max_df`` articles and by at
        most ``max_outlet_df`` articles of any one outlet."""
        return self.anchor_sets(max_df, max_outlet_df)[0]

    def anchor_sets(self, max_df: int, max_outlet_df: int) -> tuple[np.ndarray, np.ndarray]:
        """(usable, boilerplate) sorted anchors: usable as in :meth:`usable_anchors`;
        boilerplate = held by more than ``max_df`` articles or more than ``max_outlet_df``
        articles of one outlet. Computed slice by slice (see the module docstring)."""
        codes = self.outlet_codes() if max_outlet_df < max_df else None
        good_parts: list[np.ndarray] = [np.zeros(0, dtype=np.uint64)]
        bad_parts: list[np.ndarray] = [np.zeros(0, dtype=np.uint64)]
        for lo, hi in key_slices(self.keys):
            keys = self.keys[lo:hi]
            values, first, counts = runs(keys >> _SHIFT)
            ok = (counts >= 2) & (counts <= max_df)
            bad = values[counts > max_df]
            values, first, counts = values[ok], first[ok], counts[ok]
            if len(values) and codes is not None:
                # only the shared anchors (few) are checked per outlet
                rows = _expand_ranges(first, counts)
                docs = (keys[rows] & _DOC_MASK).astype(np.int64)
                group_first = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
                per_outlet = _max_per_outlet(np.repeat(np.arange(len(values)), counts),
                                             codes[docs], group_first)
                outlet_bad = per_outlet > max_outlet_df
                bad = np.sort(np.concatenate((bad, values[outlet_bad])))
                values = values[~outlet_bad]
            good_parts.append(values)
            bad_parts.append(bad)
        return np.concatenate(good_parts), np.concatenate(bad_parts)


def _stored_view(data: bytes, name: str) -> np.ndarray | None:
    """A zero-copy view of a stored (uncompressed) little-endian uint64 array of ``.npz`` bytes,
    or ``None`` when it is stored otherwise (then it is read the usual way). The view keeps
    ``data`` alive, which the caller holds anyway: loading an index costs no second copy."""
    if not isinstance(data, bytes):
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(f"{name}.npy")
    if info.compress_type != zipfile.ZIP_STORED:
        return None
    at = info.header_offset
    if data[at:at + 4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", data[at + 26:at + 30])
    start = at + 30 + name_len + extra_len
    head = io.BytesIO(data[start:start + 4096])
    version = np.lib.format.read_magic(head)
    reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
              else np.lib.format.read_array_header_2_0)
    shape, fortran, dtype = reader(head)
    if dtype != np.dtype("<u8") or len(shape) != 1 or fortran:
        return None
    return np.frombuffer(data, dtype=np.uint64, count=shape[0], offset=start + head.tell())


def _consistent(keys: np.ndarray, n_ids: int) -> bool:
    """Are the keys strictly increasing with article numbers below ``n_ids`` (slice by slice)?"""
    for lo in range(0, len(keys), SLICE_KEYS):
        part = keys[lo:lo + SLICE_KEYS + 1]
        if int((part & _DOC_MASK).max()) >= n_ids or bool((part[1:] <= part[:-1]).any()):
            return False
    return True


def candidate_pairs(index: ReuseIndex, new_keys: np.ndarray, limit: int, min_shared: int,
                    outlet_codes: np.ndarray | None = None, max_outlet_df: int = 0
                    ) -> np.ndarray:
    """Article-number pairs (k, 2) with ``a < b`` sharing usable anchors.

    A pair is a candidate when it shares at least ``min_shared`` anchors (document frequency in
    ``[2, limit]``). With ``outlet_codes`` (one per article number), anchors held by more than
    ``max_outlet_df`` articles of one outlet are dropped too (outlet boilerplate). ``new_keys``
    are the sorted unique keys of the new articles (numbers not in ``index``); every returned
    pair involves at least one new article. The new keys are taken slice by slice (anchor groups
    whole), each slice giving its pairs with their shared-anchor counts; the counts are summed
    over the slices at the end (the pair lists are small: only anchors held by 2 to ``limit``
    articles make pairs).
    """
    empty = np.zeros((0, 2), dtype=np.int64)
    found: list[np.ndarray] = []
    counted: list[np.ndarray] = []
    for lo, hi in key_slices(new_keys):
        pairs, counts = _slice_pairs(index.keys, new_keys[lo:hi], limit, outlet_codes,
                                     max_outlet_df)
        found.append(pairs)
        counted.append(counts)
    if not found:
        return empty
    pair_keys, counts = found[0], counted[0]
    if len(found) > 1:
        pair_keys, counts = np.concatenate(found), np.concatenate(counted)
        order = np.argsort(pair_keys, kind="stable")
        pair_keys, first, _n = runs(pair_keys[order])
        counts = np.add.reduceat(counts[order], first) if len(first) else counts[:0]
    pair_keys = pair_keys[counts >= min_shared].astype(np.int64)
    return np.stack((pair_keys >> DOC_BITS, pair_keys & (MAX_ARTICLES - 1)), axis=1)


def _slice_pairs(old_keys: np.ndarray, new_keys: np.ndarray, limit: int,
                 outlet_codes: np.ndarray | None, max_outlet_df: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(pair keys ``a << 24 | b``, shared anchors) of one slice of new keys (whole groups)."""
    empty = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    new_docs = (new_keys & _DOC_MASK).astype(np.int64)
    uniq, first, new_count = runs(new_keys >> _SHIFT)
    lo = np.searchsorted(old_keys, uniq << _SHIFT, side="left")
    hi = np.searchsorted(old_keys, _last_key(uniq), side="right")
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
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    total = int(sizes.sum())
    member_doc = np.empty(total, dtype=np.int64)
    member_new = np.empty(total, dtype=bool)
    old_pos = _expand_ranges(starts, k_oc)
    new_pos = _expand_ranges(starts + k_oc, k_nc)
    member_doc[old_pos] = (old_keys[old_idx] & _DOC_MASK).astype(np.int64)
    member_doc[new_pos] = new_docs[new_idx]
    member_new[old_pos] = False
    member_new[new_pos] = True
    if outlet_codes is not None and max_outlet_df > 0 and total:
        per_outlet = _max_per_outlet(np.repeat(np.arange(len(sizes)), sizes),
                                     outlet_codes[member_doc], starts)
        bad = per_outlet > max_outlet_df
        if bad.any():
            keep_members = ~np.repeat(bad, sizes)
            member_doc, member_new = member_doc[keep_members], member_new[keep_members]
            sizes = sizes[~bad]
            starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
            if len(member_doc) == 0:
                return empty
    pair_parts: list[np.ndarray] = []
    for s in sorted(set(sizes.tolist())):
        if s < 2:
            continue
        g_starts = starts[sizes == s]
        iu, ju = np.triu_indices(s, k=1)
        a = (g_starts[:, None] + iu[None, :]).ravel()
        b = (g_starts[:, None] + ju[None, :]).ravel()
        involve_new = member_new[b]  # new members come last in a group, so b is new if any is
        a, b = a[involve_new], b[involve_new]
        da, db = member_doc[a], member_doc[b]
        pair_parts.append(((np.minimum(da, db) << DOC_BITS) | np.maximum(da, db))
                          .astype(np.uint64))
    if not pair_parts:
        return empty
    pair_keys, _first, counts = runs(np.sort(np.concatenate(pair_parts)))
    return pair_keys, counts


def renumber(keys: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """Keys with local text indices replaced by article numbers (``numbers[local]``): still
    sorted when ``numbers`` is increasing."""
    if len(keys) == 0:
        return keys
    local = (keys & _DOC_MASK).astype(np.int64)
    return (keys & ~_DOC_MASK) | numbers[local].astype(np.uint64)
