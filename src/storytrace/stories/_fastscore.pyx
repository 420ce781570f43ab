# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled ``assign._cos_pure`` and ``assign._weighted_unit_pure``: the same floats, bit for bit.

Both Python functions add their products with ``sum`` in a fixed order (the order of a set, or
of a dict). On CPython before 3.12, ``sum`` over floats is plain double addition from ``0``
(``0 + x`` is ``0.0 + x``), which a C loop repeats exactly; the products and quotients are the
same IEEE operations (``setup.py`` compiles with ``-ffp-contract=off``, so no fused
multiply-add changes a rounding). From 3.12 ``sum`` compensates its rounding errors, so
``assign.py`` uses these only on earlier versions. Sets, sorting and ``**`` are done by the same
Python operations as in the reference; values that are not exact floats take the reference.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.float cimport PyFloat_AS_DOUBLE, PyFloat_CheckExact
from cpython.ref cimport PyObject
from libc.math cimport sqrt

from operator import itemgetter

cdef object _cos_pure = None
cdef object _weighted_unit_pure = None
cdef object _by_value = itemgetter(1)


def configure(*, cos_pure, weighted_unit_pure):
    """Hand over the reference functions (for values that are not exact floats)."""
    global _cos_pure, _weighted_unit_pure
    _cos_pure = cos_pure
    _weighted_unit_pure = weighted_unit_pure


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
