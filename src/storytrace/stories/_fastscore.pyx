# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled copies of the scoring helpers of ``assign`` (``_cos_pure``, ``_entity_match_pure``,
``_weighted_unit_pure``, ``_idf_weights_pure``, ``_ranked_stories_pure``), ``refine._cos``,
``split.member_matrices`` and the centroid and index upkeep of ``state``
(``_accumulate_pure``, ``_heaviest_keys_pure``, ``_update_postings_pure``): the same floats,
bit for bit, and the same dicts and postings.

Both Python functions add their products with ``sum`` in a fixed order (the order of a set, or
of a dict). On CPython before 3.12, ``sum`` over floats is plain double addition from ``0``
(``0 + x`` is ``0.0 + x``), which a C loop repeats exactly; the products and quotients are the
same IEEE operations (``setup.py`` compiles with ``-ffp-contract=off``, so no fused
multiply-add changes a rounding). From 3.12 ``sum`` compensates its rounding errors, so
``assign.py`` uses these only on earlier versions. Sets and ``**`` are done by the same Python
operations as in the reference; cuts to the heaviest keys sort in C on a total order (weight,
then key or position), which is the order the reference's stable sorts give. Inputs of other
types (values that are not exact floats, postings that are not ``array('i')``) take the
reference.
"""

from cpython.array cimport array, clone, resize, resize_smart
from cpython.dict cimport PyDict_GetItem, PyDict_Next
from cpython.float cimport PyFloat_AS_DOUBLE, PyFloat_CheckExact
from cpython.ref cimport PyObject
from libc.math cimport log, sqrt
from libc.stdlib cimport free, malloc, qsort
from libc.string cimport memcpy, memmove

import numpy as np

cdef object _cos_pure = None
cdef object _entity_match_pure = None
cdef object _weighted_unit_pure = None
cdef object _cos_normed_pure = None
cdef object _idf_weights_pure = None
cdef object _ranked_stories_pure = None
cdef object _member_matrices_pure = None
cdef object _accumulate_pure = None
cdef object _top_pure = None
cdef object _heaviest_keys_pure = None
cdef object _update_postings_pure = None


def configure(*, cos_pure, entity_match_pure, weighted_unit_pure, cos_normed_pure,
              idf_weights_pure, ranked_stories_pure, member_matrices_pure, accumulate_pure,
              top_pure, heaviest_keys_pure, update_postings_pure):
    """Hand over the reference functions (for inputs of other types than the usual ones)."""
    global _cos_pure, _entity_match_pure, _weighted_unit_pure, _cos_normed_pure
    global _idf_weights_pure, _ranked_stories_pure, _member_matrices_pure, _accumulate_pure
    global _top_pure, _heaviest_keys_pure, _update_postings_pure
    _accumulate_pure = accumulate_pure
    _top_pure = top_pure
    _heaviest_keys_pure = heaviest_keys_pure
    _update_postings_pure = update_postings_pure
    _member_matrices_pure = member_matrices_pure
    _cos_pure = cos_pure
    _entity_match_pure = entity_match_pure
    _weighted_unit_pure = weighted_unit_pure
    _cos_normed_pure = cos_normed_pure
    _idf_weights_pure = idf_weights_pure
    _ranked_stories_pure = ranked_stories_pure


ctypedef struct _Dim:
    PyObject* key
    PyObject* value
    long long order  # the key itself (``top``) or its position in the dict (``heaviest_keys``)
    double weight


cdef inline bint _before(const _Dim* x, const _Dim* y) noexcept nogil:
    """Heavier first, ties by ``order``: a total order, so every correct sort agrees."""
    return x.weight > y.weight or (x.weight == y.weight and x.order < y.order)


cdef void _sort_dims(_Dim* a, _Dim* tmp, Py_ssize_t n) noexcept nogil:
    """Sort ``a`` by :func:`_before`: insertion-sorted runs of 8, then bottom-up merges (the
    comparison inlined, unlike ``qsort``'s callback)."""
    cdef Py_ssize_t lo, hi, i, j, width, mid, left, right, out
    cdef _Dim x
    cdef _Dim* src = a
    cdef _Dim* dst = tmp
    cdef _Dim* swap
    lo = 0
    while lo < n:
        hi = min(lo + 8, n)
        for i in range(lo + 1, hi):
            x = a[i]
            j = i
            while j > lo and _before(&x, &a[j - 1]):
                a[j] = a[j - 1]
                j -= 1
            a[j] = x
        lo += 8
    width = 8
    while width < n:
        lo = 0
        while lo < n:
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            left, right, out = lo, mid, lo
            while left < mid and right < hi:
                if _before(&src[right], &src[left]):
                    dst[out] = src[right]
                    right += 1
                else:
                    dst[out] = src[left]
                    left += 1
                out += 1
            while left < mid:
                dst[out] = src[left]
                left += 1
                out += 1
            while right < hi:
                dst[out] = src[right]
                right += 1
                out += 1
            lo += 2 * width
        swap = src
        src = dst
        dst = swap
        width *= 2
    if src != a:
        memcpy(a, src, n * sizeof(_Dim))


cdef _Dim* _dims(dict vec, bint by_key) except? NULL:
    """The items of ``vec`` sorted heaviest first, ties by key (``by_key``) or dict order;
    NULL when a value is not an exact float or a key not an int (the caller takes the
    reference). The pointers borrow ``vec``'s references: do not change it while in use."""
    cdef Py_ssize_t n = len(vec), pos = 0, i = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef _Dim* dims = <_Dim*>malloc(2 * max(n, 1) * sizeof(_Dim))  # and the sort's buffer
    if dims == NULL:
        raise MemoryError()
    while PyDict_Next(vec, &pos, &key, &value):
        if not PyFloat_CheckExact(<object>value) or (by_key and type(<object>key) is not int):
            free(dims)
            return NULL
        if by_key:
            try:
                dims[i].order = <long long>(<object>key)
            except OverflowError:
                free(dims)
                return NULL
        else:
            dims[i].order = i
        dims[i].key = key
        dims[i].value = value
        dims[i].weight = PyFloat_AS_DOUBLE(<object>value)
        i += 1
    _sort_dims(dims, dims + n, n)
    return dims


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


def entity_match(dict unit, dict centroid, cnorm):
    """``assign._entity_match_pure``: ``cos`` and the squares of the unit vector's shared
    weights, summed in one walk over the shared keys (in the set's order)."""
    cdef double s = 0.0, q = 0.0, x
    cdef PyObject* a
    cdef PyObject* b
    common = unit.keys() & centroid.keys()
    if not common:
        return 0.0, 0.0
    for k in common:
        a = PyDict_GetItem(unit, k)
        b = PyDict_GetItem(centroid, k)
        if not (PyFloat_CheckExact(<object>a) and PyFloat_CheckExact(<object>b)):
            return _entity_match_pure(unit, centroid, cnorm)
        x = PyFloat_AS_DOUBLE(<object>a)
        s += x * PyFloat_AS_DOUBLE(<object>b)
        q += x * x
    return (0.0 if cnorm == 0.0 else s / cnorm), q


def weighted_unit(dict vec, dict idf, power=1.0, keep=0):
    """``assign._weighted_unit_pure``: TF-IDF weights, cut to the ``keep`` heaviest, L2-unit."""
    cdef dict out = {}
    cdef double s = 0.0, norm, x
    cdef PyObject* w
    cdef bint plain = power == 1.0
    cdef _Dim* dims
    cdef Py_ssize_t i
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
        # heaviest first, ties in the dict's order, as the reference's sorted(reverse=True)
        dims = _dims(out, False)
        try:
            out = {<object>dims[i].key: <object>dims[i].value for i in range(keep)}
        finally:
            free(dims)
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


# -- centroid and index upkeep (``state``) ----------------------------------------------------

cdef double _sum_squares(dict vec):
    cdef Py_ssize_t pos = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef double s = 0.0, x
    while PyDict_Next(vec, &pos, &key, &value):
        x = PyFloat_AS_DOUBLE(<object>value)
        s += x * x
    return s


def accumulate(dict into, norm, dict vec, Py_ssize_t k):
    """``state._accumulate_pure``: add ``vec`` to ``into`` keeping the running sum of squares;
    above ``k + k // 2`` dimensions keep the ``k`` heaviest (ties by key) and sum again."""
    cdef Py_ssize_t pos = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef PyObject* hit
    cdef double ss, old, new
    cdef _Dim* dims
    if not PyFloat_CheckExact(norm):
        return _accumulate_pure(into, norm, vec, k)
    for d in (into, vec):  # every value an exact float, before anything changes
        pos = 0
        while PyDict_Next(d, &pos, &key, &value):
            if not PyFloat_CheckExact(<object>value):
                return _accumulate_pure(into, norm, vec, k)
    ss = PyFloat_AS_DOUBLE(norm)
    ss = ss * ss
    pos = 0
    while PyDict_Next(vec, &pos, &key, &value):
        hit = PyDict_GetItem(into, <object>key)
        old = 0.0 if hit == NULL else PyFloat_AS_DOUBLE(<object>hit)
        new = old + PyFloat_AS_DOUBLE(<object>value)
        ss += new * new - old * old
        into[<object>key] = new
    if len(into) > k + k // 2:
        dims = _dims(into, True)
        if dims == NULL:  # a key that is not a machine int: the reference's sort
            top = _top_pure(into, k)
        else:
            try:
                top = {<object>dims[i].key: <object>dims[i].value for i in range(k)}
            finally:
                free(dims)
        into.clear()
        into.update(top)
        return sqrt(_sum_squares(into))
    return sqrt(ss) if ss > 0.0 else 0.0


def heaviest_keys(dict vec, Py_ssize_t n):
    """``state._heaviest_keys_pure``: the ``n`` heaviest keys, ties in the dict's order."""
    cdef _Dim* dims = _dims(vec, False)
    if dims == NULL:
        return _heaviest_keys_pure(vec, n)
    try:
        return tuple([<object>dims[i].key for i in range(min(n, len(vec)))])
    finally:
        free(dims)


cdef void _discard(dict index, key, int seq) except *:
    cdef PyObject* hit = PyDict_GetItem(index, key)
    cdef array posting
    cdef Py_ssize_t i, n
    cdef int* data
    if hit == NULL:
        return
    posting = <array>hit
    n = len(posting)
    data = posting.data.as_ints
    for i in range(n):
        if data[i] == seq:
            break
    else:
        return  # not in this index
    if n == 1:
        del index[key]
        return
    memmove(data + i, data + i + 1, (n - i - 1) * sizeof(int))
    resize(posting, n - 1)


cdef void _insert(dict index, key, int seq) except *:
    cdef PyObject* hit = PyDict_GetItem(index, key)
    cdef array posting
    cdef Py_ssize_t n
    if hit == NULL:
        posting = clone(_one_int, 1, False)
        posting.data.as_ints[0] = seq
        index[key] = posting
        return
    posting = <array>hit
    n = len(posting)
    resize_smart(posting, n + 1)
    posting.data.as_ints[n] = seq


cdef array _one_int = array("i", [0])


def update_postings(dict index, dict other, tuple old, tuple keys, int seq, bint moved):
    """``state._update_postings_pure``: move story ``seq`` from its ``old`` keys to ``keys``."""
    for d in (index, other):
        for posting in d.values():
            if type(posting) is not array or (<array>posting).ob_descr.typecode != b'i':
                return _update_postings_pure(index, other, old, keys, seq, moved)
            break  # one look per index: every posting is built the same way
    if old and moved:
        for key in old:
            _discard(other, key, seq)
        old = ()
    cdef set new = set(keys)
    if old:  # the same set operations as the reference: new keys enter in the same order
        for key in set(old) - new:
            _discard(index, key, seq)
        new = new.difference(old)
    for key in new:
        _insert(index, key, seq)


cdef class _Rows:
    """Unit rows being gathered into a dense matrix: their values and columns, flat."""
    cdef double* values
    cdef Py_ssize_t* cols
    cdef Py_ssize_t* ends         # where each row's entries end
    cdef dict columns             # key -> column, in first-seen order

    def __cinit__(self, Py_ssize_t entries, Py_ssize_t rows):
        self.values = <double*>malloc(max(1, entries) * sizeof(double))
        self.cols = <Py_ssize_t*>malloc(max(1, entries) * sizeof(Py_ssize_t))
        self.ends = <Py_ssize_t*>malloc(max(1, rows) * sizeof(Py_ssize_t))
        self.columns = {}
        if self.values == NULL or self.cols == NULL or self.ends == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.values)
        free(self.cols)
        free(self.ends)

    cdef object dense(self, Py_ssize_t rows):
        """``split._dense``'s matrix: zeros with each row's values at its columns."""
        out = np.zeros((rows, max(1, len(self.columns))))
        cdef double[:, ::1] m = out
        cdef Py_ssize_t i, j, start = 0
        for i in range(rows):
            for j in range(start, self.ends[i]):
                m[i, self.cols[j]] = self.values[j]
            start = self.ends[i]
        return out


cdef bint _unit_row(dict raw, const int[::1] counts, double n1, object power, bint plain,
                    dict idf, _Rows rows, Py_ssize_t row, Py_ssize_t start) except -1:
    """``split._unit`` of ``raw`` as row ``row`` of ``rows`` (its entries from ``start``);
    False (nothing written) for values the reference must compute."""
    cdef Py_ssize_t size = counts.shape[0], j = start, c
    cdef double s = 0.0, x, norm
    cdef PyObject* w
    cdef PyObject* col
    for k, v in raw.items():
        if not PyFloat_CheckExact(v):
            return False
        w = PyDict_GetItem(idf, k)
        if w == NULL:
            if type(k) is not int or not 0 <= k < size:
                return False
            idf[k] = log(n1 / (1.0 + counts[<Py_ssize_t>k])) + 1.0
            w = PyDict_GetItem(idf, k)
        if plain:
            x = PyFloat_AS_DOUBLE(v) * PyFloat_AS_DOUBLE(<object>w)
        else:
            f = (<object>w) ** power
            if not PyFloat_CheckExact(f):
                return False
            x = PyFloat_AS_DOUBLE(v) * PyFloat_AS_DOUBLE(f)
        rows.values[j] = x
        s += x * x
        j += 1
    norm = sqrt(s)
    if norm == 0.0:  # the reference's {}: no entries, no columns
        rows.ends[row] = start
        return True
    j = start
    for k in raw:
        col = PyDict_GetItem(rows.columns, k)
        if col == NULL:
            c = len(rows.columns)
            rows.columns[k] = c
        else:
            c = <Py_ssize_t><object>col
        rows.cols[j] = c
        rows.values[j] = rows.values[j] / norm
        j += 1
    rows.ends[row] = j
    return True


def member_matrices(list members, df, n_docs, power):
    """``split.member_matrices``: the members' word and entity vectors weighted with the current
    IDF and L2-normalised (as ``split._unit``), placed in dense matrices (as ``split._dense``),
    without building the unit dicts."""
    cdef const int[::1] counts = df
    cdef double n1 = 1.0 + <double>n_docs
    cdef Py_ssize_t n = len(members), i, nw = 0, ne = 0
    cdef dict idf = {}
    cdef list raw_words = [m.raw_words for m in members]
    cdef list raw_ents = [m.raw_entities for m in members]
    for i in range(n):
        if type(raw_words[i]) is not dict or type(raw_ents[i]) is not dict:
            return _member_matrices_pure(members, df, n_docs, power)
        nw += len(<dict>raw_words[i])
        ne += len(<dict>raw_ents[i])
    cdef _Rows words = _Rows(nw, n)
    cdef _Rows ents = _Rows(ne, n)
    nw = ne = 0
    for i in range(n):
        if not _unit_row(raw_words[i], counts, n1, 1.0, True, idf, words, i, nw):
            return _member_matrices_pure(members, df, n_docs, power)
        nw = words.ends[i]
    for i in range(n):
        if not _unit_row(raw_ents[i], counts, n1, power, power == 1.0, idf, ents, i, ne):
            return _member_matrices_pure(members, df, n_docs, power)
        ne = ents.ends[i]
    return words.dense(n), ents.dense(n)
