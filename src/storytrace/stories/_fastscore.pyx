# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled copies of the scoring helpers of ``assign`` (``_cos_pure``, ``_weighted_unit_pure``,
``_idf_weights_pure``, ``_ranked_stories_pure``), ``refine._cos`` and ``split._unit``: the same
floats, bit for bit.

Both Python functions add their products with ``sum`` in a fixed order (the order of a set, or
of a dict). On CPython before 3.12, ``sum`` over floats is plain double addition from ``0``
(``0 + x`` is ``0.0 + x``), which a C loop repeats exactly; the products and quotients are the
same IEEE operations (``setup.py`` compiles with ``-ffp-contract=off``, so no fused
multiply-add changes a rounding). From 3.12 ``sum`` compensates its rounding errors, so
``assign.py`` uses these only on earlier versions. Sets, sorting and ``**`` are done by the same
Python operations as in the reference; inputs of other types (values that are not exact floats,
postings that are not ``array('i')``) take the reference.
"""

from cpython.array cimport array
from cpython.dict cimport PyDict_GetItem
from cpython.float cimport PyFloat_AS_DOUBLE, PyFloat_CheckExact
from cpython.ref cimport PyObject
from libc.math cimport log, sqrt
from libc.stdlib cimport free, malloc, qsort

from operator import itemgetter

cdef object _cos_pure = None
cdef object _weighted_unit_pure = None
cdef object _cos_normed_pure = None
cdef object _idf_weights_pure = None
cdef object _ranked_stories_pure = None
cdef object _unit_pure = None
cdef object _by_value = itemgetter(1)


def configure(*, cos_pure, weighted_unit_pure, cos_normed_pure, idf_weights_pure,
              ranked_stories_pure, unit_pure):
    """Hand over the reference functions (for inputs of other types than the usual ones)."""
    global _cos_pure, _weighted_unit_pure, _cos_normed_pure, _idf_weights_pure
    global _ranked_stories_pure, _unit_pure
    _unit_pure = unit_pure
    _cos_pure = cos_pure
    _weighted_unit_pure = weighted_unit_pure
    _cos_normed_pure = cos_normed_pure
    _idf_weights_pure = idf_weights_pure
    _ranked_stories_pure = ranked_stories_pure


def cos(dict unit, dict centroid, cnorm):
    """``assign._cos_pure``: the products over the shared keys, in the set's order, / cnorm."""
    cdef double s = 0.0
    cdef PyObject* a
    cdef PyObject* b
    if not unit or cnorm == 0.0:
        return 0.0
    common = unit.keys() & centroid.keys()
    if not common:
        return 0.0
    for k in common:
        a = PyDict_GetItem(unit, k)
        b = PyDict_GetItem(centroid, k)
        if not (PyFloat_CheckExact(<object>a) and PyFloat_CheckExact(<object>b)):
            return _cos_pure(unit, centroid, cnorm)
        s += PyFloat_AS_DOUBLE(<object>a) * PyFloat_AS_DOUBLE(<object>b)
    return s / cnorm


def weighted_unit(dict vec, dict idf, power=1.0, keep=0):
    """``assign._weighted_unit_pure``: TF-IDF weights, cut to the ``keep`` heaviest, L2-unit."""
    cdef dict out = {}
    cdef double s = 0.0, norm, x
    cdef PyObject* w
    cdef bint plain = power == 1.0
    for k, v in vec.items():
        w = PyDict_GetItem(idf, k)
        if w == NULL or not PyFloat_CheckExact(v) or not PyFloat_CheckExact(<object>w):
            return _weighted_unit_pure(vec, idf, power, keep)
        if plain:
            out[k] = PyFloat_AS_DOUBLE(v) * PyFloat_AS_DOUBLE(<object>w)
        else:
            f = (<object>w) ** power
            if not PyFloat_CheckExact(f):
                return _weighted_unit_pure(vec, idf, power, keep)
            out[k] = PyFloat_AS_DOUBLE(v) * PyFloat_AS_DOUBLE(f)
    if keep and len(out) > keep:
        # sorted(reverse=True) keeps ties in order, exactly like the reference
        out = dict(sorted(out.items(), key=_by_value, reverse=True)[:keep])
    for v in out.values():
        x = PyFloat_AS_DOUBLE(v)
        s += x * x
    norm = sqrt(s)
    if norm == 0.0:
        return {}
    return {k: PyFloat_AS_DOUBLE(v) / norm for k, v in out.items()}


def cos_normed(dict a, anorm, dict b, bnorm):
    """``refine._cos``: the products over the shared keys, in the set's order, / (anorm·bnorm)."""
    cdef double s = 0.0
    cdef PyObject* x
    cdef PyObject* y
    if not anorm or not bnorm:
        return 0.0
    common = a.keys() & b.keys()
    for k in common:
        x = PyDict_GetItem(a, k)
        y = PyDict_GetItem(b, k)
        if not (PyFloat_CheckExact(<object>x) and PyFloat_CheckExact(<object>y)):
            return _cos_normed_pure(a, anorm, b, bnorm)
        s += PyFloat_AS_DOUBLE(<object>x) * PyFloat_AS_DOUBLE(<object>y)
    return s / (anorm * bnorm)


def idf_weights(df, n_docs, dict words, dict entities):
    """``assign._idf_weights_pure``: count one article's keys in ``df`` (an ``array('i')``) and
    return their IDF, ``log((1 + n_docs) / (1 + df)) + 1``, words' keys first, in first-seen
    order. ``math.log`` of a positive finite float is the C library's ``log``."""
    cdef int[::1] counts = df
    cdef double n1 = 1.0 + <double>n_docs
    cdef dict idf = {}
    cdef Py_ssize_t i, size = counts.shape[0]
    cdef int d
    for vec in (words, entities):  # keys the reference would index otherwise: before any count
        for k in vec:
            if type(k) is not int or not 0 <= k < size:
                return _idf_weights_pure(df, n_docs, words, entities)
    for vec in (words, entities):
        for k in vec:
            if k in idf:
                continue
            i = k
            if counts[i] == 2147483647:
                raise OverflowError("signed integer is greater than maximum")
            d = counts[i] + 1
            counts[i] = d
            idf[k] = log(n1 / (1.0 + d)) + 1.0
    return idf


ctypedef struct _Story:
    int seq
    double weight


cdef int _heaviest_first(const void* a, const void* b) noexcept nogil:
    cdef const _Story* x = <const _Story*>a
    cdef const _Story* y = <const _Story*>b
    if x.weight > y.weight:
        return -1
    if x.weight < y.weight:
        return 1
    return (x.seq > y.seq) - (x.seq < y.seq)


cdef int _by_seq(const void* a, const void* b) noexcept nogil:
    cdef const _Story* x = <const _Story*>a
    cdef const _Story* y = <const _Story*>b
    return (x.seq > y.seq) - (x.seq < y.seq)


def ranked_stories(dict postings, dict keys, Py_ssize_t max_posting, Py_ssize_t limit):
    """``assign._ranked_stories_pure``: the creation numbers of the ``limit`` stories with the
    most key weight (heaviest first, ties by creation number; all of them by creation number
    when there are at most ``limit``).

    Each story's weight is added up in key order from ``0.0``, as the reference's ``bincount``
    does; stories are counted in an open-addressing table sized for the postings read."""
    cdef list kept = []
    cdef list weights = []
    cdef Py_ssize_t total = 0, n, i, j, size, mask, slot, used = 0, take
    cdef PyObject* found
    cdef int s
    cdef double w
    cdef const int* data
    for key, weight in keys.items():
        found = PyDict_GetItem(postings, key)
        if found == NULL:
            continue
        posting = <object>found
        if type(posting) is not array or (<array>posting).ob_descr.typecode != b'i' \
                or not PyFloat_CheckExact(weight):
            return _ranked_stories_pure(postings, keys, max_posting, limit)
        n = len(posting)
        if n > max_posting:
            continue
        kept.append(posting)
        weights.append(weight)
        total += n
    if total == 0:
        return []
    size = 16
    while size < 2 * total:
        size <<= 1
    mask = size - 1
    cdef int* table = <int*>malloc(size * sizeof(int))
    cdef _Story* stories = <_Story*>malloc(total * sizeof(_Story))
    if table == NULL or stories == NULL:
        free(table)
        free(stories)
        raise MemoryError()
    try:
        for i in range(size):
            table[i] = -1
        for j in range(len(kept)):
            posting = kept[j]
            w = PyFloat_AS_DOUBLE(weights[j])
            data = (<array>posting).data.as_ints
            for i in range(len(posting)):
                s = data[i]
                slot = (<unsigned int>s * 2654435761u) & mask
                while True:
                    if table[slot] == -1:
                        table[slot] = used
                        stories[used].seq = s
                        stories[used].weight = 0.0 + w
                        used += 1
                        break
                    if stories[table[slot]].seq == s:
                        stories[table[slot]].weight += w
                        break
                    slot = (slot + 1) & mask
        if used > limit:
            qsort(stories, used, sizeof(_Story), _heaviest_first)
            take = limit
        else:
            qsort(stories, used, sizeof(_Story), _by_seq)
            take = used
        return [stories[i].seq for i in range(take)]
    finally:
        free(table)
        free(stories)


def unit_reweighted(dict raw, df, n_docs, power, dict idf):
    """``split._unit``: ``raw`` weighted by the current IDF (missing IDFs memoised in ``idf``)
    and L2-normalised (the squares summed in the dict's order)."""
    cdef int[::1] counts = df
    cdef double n1 = 1.0 + <double>n_docs
    cdef Py_ssize_t size = counts.shape[0]
    cdef dict out = {}
    cdef double s = 0.0, x, norm
    cdef PyObject* w
    cdef bint plain = power == 1.0
    for k in raw.keys() - idf.keys():
        if type(k) is not int or not 0 <= k < size:
            return _unit_pure(raw, df, n_docs, power, idf)
        idf[k] = log(n1 / (1.0 + counts[<Py_ssize_t>k])) + 1.0
    for k, v in raw.items():
        w = PyDict_GetItem(idf, k)
        if not PyFloat_CheckExact(v) or not PyFloat_CheckExact(<object>w):
            return _unit_pure(raw, df, n_docs, power, idf)
        if plain:
            x = PyFloat_AS_DOUBLE(v) * PyFloat_AS_DOUBLE(<object>w)
        else:
            f = (<object>w) ** power
            if not PyFloat_CheckExact(f):
                return _unit_pure(raw, df, n_docs, power, idf)
            x = PyFloat_AS_DOUBLE(v) * PyFloat_AS_DOUBLE(f)
        out[k] = x
        s += x * x
    norm = sqrt(s)
    if norm == 0.0:
        return {}
    return {k: PyFloat_AS_DOUBLE(v) / norm for k, v in out.items()}
