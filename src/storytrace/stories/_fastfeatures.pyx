# cython: language_level=3, boundscheck=False, initializedcheck=False, cdivision=True
"""Compiled :func:`storytrace.stories.features.extract`: the same ``Features``, bit for bit.

The pure-Python ``features.extract_pure`` is the reference; this module gives exactly its result
(the same dict contents *and* order, the same float objects, the same tuples) faster, by
replacing the two regular-expression scans and the loops around them with character loops:

- ``_WORD`` (``[A-Za-z][A-Za-z'’\\-]*[A-Za-z]|\\d+(?:[.,]\\d+)*`` over the lowercased text) by
  :func:`_count_tokens`;
- ``_CAP_SPAN`` (``\\b[A-Z][\\w'’\\-]*(?:[ \\t]+(?:(?:de|van|...)[ \\t]+)?[A-Z][\\w'’\\-]*)*``)
  by :func:`_scan_spans`;
- ``_mask_title_case`` by :func:`_mask`; ``Counter`` and ``_sublinear`` by dict loops.

Python's ``re`` semantics are kept exactly: ``\\w`` is ``Py_UNICODE_ISALNUM(c) or c == '_'``
and ``\\d`` is ``Py_UNICODE_ISDECIMAL(c)`` (the macros ``_sre`` itself uses), ``[A-Z]`` and
``[A-Za-z]`` are ASCII, ``\\b`` before ``[A-Z]`` means "no word character just before"; the
greedy repetitions and the ordered connector alternatives backtrack as in ``re``. What a token
counts as is computed by the reference functions (``features._token_key``, ``features.bucket``)
and memoised here; a span by :func:`span_keys` and the lead by :func:`lead`, compiled copies of
``features._span_keys`` and :func:`~.lead.lead` (the lead's regex walked by hand).
``str.lower`` (which may change a string's length, so every lowered string is the one Python
builds) is called as it is. ``features.py`` wires this module up through :func:`configure`
and dispatches to it; ``tests/test_stories_fastfeatures.py`` checks the
identity on random text made to hit every rule, generated articles, the examples and ECB+.
"""

cimport cython
from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport Py_INCREF, Py_XDECREF, PyObject


cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISALPHA(Py_UCS4 ch)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    bint Py_UNICODE_ISUPPER(Py_UCS4 ch)


cdef object _features_cls = None   # features.Features
cdef frozenset _entity_stop = frozenset()  # features._ENTITY_STOP
cdef object _token_key = None      # features._token_key (the reference token reader)
cdef object _bucket = None         # features.bucket
cdef object _pure = None           # features.extract_pure (for arguments that are not str)
cdef object _log = None            # math.log
cdef list _sublin = None           # features._SUBLINEAR: 1 + log(n) for n < 256
cdef list _weekdays = []           # (weekday, its w: key), weekdays sorted
cdef Py_ssize_t _cache_max = 30000

# The memos. A key (content word, number, entity key, span as written) is one _Key object that
# carries its bucket and its count in the current article (valid while ``stamp`` is the
# article's serial number), so an article's counting is C field updates after one dict lookup
# per token or span. Two tokens with the same key share one _Key (through ``_keys``); all memos
# are cleared together, between articles, when one is full.
cdef dict _tokens = {}             # lowercased token -> its _Key, or None (not counted)
cdef dict _keys = {}               # key -> its _Key
cdef dict _written = {}            # span as written -> its _Key
cdef dict _spans_inside = {}       # raw span -> _Span (not at a sentence start)
cdef dict _spans_start = {}        # raw span -> _Span (at a sentence start)
cdef long _serial = 0              # the current article's number


# Hot slots in front of ``_tokens``: a token's characters hash (FNV-1a) to one slot holding
# the last token string seen there and its memo entry, so a frequent token is found without
# building its string or probing the large dict. A slot is only a copy of ``_tokens``.
cdef enum:
    HOT_SLOTS = 8192


cdef struct _HotSlot:
    unsigned int h
    PyObject* tok         # a str (strong reference) or NULL
    PyObject* entry       # its _tokens value, a _Key or None (strong reference)


cdef _HotSlot _hot[HOT_SLOTS]


cdef inline bint _same_chars(PyObject* tok, int kind, void* data, Py_ssize_t a,
                             Py_ssize_t b) noexcept:
    """Whether str ``tok`` holds the characters ``a:b`` of the string at ``kind``/``data``."""
    cdef object t = <object>tok
    cdef Py_ssize_t i
    cdef int tkind
    cdef void* tdata
    if PyUnicode_GET_LENGTH(t) != b - a:
        return False
    tkind = PyUnicode_KIND(t)
    tdata = PyUnicode_DATA(t)
    for i in range(b - a):
        if PyUnicode_READ(tkind, tdata, i) != PyUnicode_READ(kind, data, a + i):
            return False
    return True


@cython.no_gc  # no reference cycles; keeps ~100k memo objects out of the collector's walks
cdef class _Key:
    cdef object key       # the key string
    cdef object bucket    # its hash bucket (a Python int)
    cdef long stamp       # the serial of the last article that counted it
    cdef long count       # its count in that article
    cdef long istamp      # the same for lone sentence-initial uses (entity keys only)
    cdef long icount

    def __cinit__(self, key, bucket):
        self.key = key
        self.bucket = bucket
        self.stamp = self.istamp = -1
        self.count = self.icount = 0


@cython.no_gc
cdef class _Span:
    cdef tuple keys       # _Key of every entity key of the span, in order
    cdef _Key written     # the span as written, or None
    cdef bint lone        # a lone sentence-initial word


# the connectors of _CAP_SPAN, in the regex's order: de|van|von|der|da|del|bin|al|of
cdef tuple _CONNECTORS = ("de", "van", "von", "der", "da", "del", "bin", "al", "of")


def configure(*, features_cls, entity_stop, token_key, bucket, pure, log, sublinear,
              weekdays, cache_max):
    """Hand over the reference module's pieces (called once by ``features.py``)."""
    global _features_cls, _entity_stop, _token_key, _bucket, _pure, _log, _sublin
    global _weekdays, _cache_max
    _features_cls = features_cls
    _entity_stop = frozenset(entity_stop)
    _token_key = token_key
    _bucket = bucket
    _pure = pure
    _log = log
    _sublin = list(sublinear)
    _weekdays = [(day, _Key("w:" + day, bucket("w:" + day))) for day in sorted(weekdays)]
    _cache_max = cache_max
    _clear()


cdef void _clear():
    cdef Py_ssize_t i
    for i in range(HOT_SLOTS):
        Py_XDECREF(_hot[i].tok)
        Py_XDECREF(_hot[i].entry)
        _hot[i].tok = NULL
        _hot[i].entry = NULL
    _tokens.clear()
    _keys.clear()
    _written.clear()
    _spans_inside.clear()
    _spans_start.clear()


cdef _Key _key(object key):
    """The one _Key of the feature key ``key``."""
    cdef PyObject* hit = PyDict_GetItem(_keys, key)
    if hit != NULL:
        return <_Key>hit
    entry = _Key(key, _bucket(key))
    _keys[key] = entry
    return entry


cdef _Key _written_key(object written):
    """The one _Key of a span as written (no bucket: it is only ranked)."""
    cdef PyObject* hit = PyDict_GetItem(_written, written)
    if hit != NULL:
        return <_Key>hit
    entry = _Key(written, None)
    _written[written] = entry
    return entry


cdef inline void _count(_Key entry, long n, list order):
    """Count ``entry`` ``n`` times in the current article (``order``: first-seen order)."""
    if entry.stamp != _serial:
        entry.stamp = _serial
        entry.count = n
        order.append(entry)
    else:
        entry.count += n


cdef inline void _count_initial(_Key entry, long n, list order):
    """As :func:`_count`, for a lone sentence-initial word (its own count and stamp)."""
    if entry.istamp != _serial:
        entry.istamp = _serial
        entry.icount = n
        order.append(entry)
    else:
        entry.icount += n


cdef inline bint _ascii_letter(Py_UCS4 c) noexcept nogil:
    return (65 <= c <= 90) or (97 <= c <= 122)


cdef inline bint _is_word(Py_UCS4 c) noexcept:
    # re's \w for str patterns (SRE_UNI_IS_WORD)
    return c == 95 or Py_UNICODE_ISALNUM(c)


cdef inline bint _is_span_char(Py_UCS4 c) noexcept:
    # [\w'’\-]
    return c == 39 or c == 0x2019 or c == 45 or c == 95 or Py_UNICODE_ISALNUM(c)


cdef inline bint _sentence_end(Py_UCS4 c) noexcept nogil:
    # features._SENTENCE_END: . ! ? : ; \n \r " “ ‘ ` ' ( - — –
    return (c == 46 or c == 33 or c == 63 or c == 58 or c == 59 or c == 10 or c == 13
            or c == 34 or c == 0x201C or c == 0x2018 or c == 96 or c == 39 or c == 40
            or c == 45 or c == 0x2014 or c == 0x2013)


cdef void _count_tokens(str s, long weight, list words, list numbers) except *:
    """Count the keys of the ``_WORD`` tokens of lowercased ``s``, each ``weight`` times, in
    order of first appearance: content words into ``words``, ``n:`` number keys into
    ``numbers`` (tokens whose key is '' are not counted)."""
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef Py_ssize_t p = 0, q, last
    cdef Py_UCS4 c
    cdef Py_ssize_t a, i
    cdef bint number
    cdef PyObject* hit
    cdef _Key entry
    cdef unsigned int h
    cdef _HotSlot* slot
    while p < n:
        c = PyUnicode_READ(kind, data, p)
        if _ascii_letter(c):
            # [A-Za-z][A-Za-z'’\-]*[A-Za-z]: the greedy run backtracks to its last letter
            q = p + 1
            last = -1
            while q < n:
                c = PyUnicode_READ(kind, data, q)
                if _ascii_letter(c):
                    last = q
                elif not (c == 39 or c == 0x2019 or c == 45):
                    break
                q += 1
            if last < 0:
                p += 1
                continue
            a = p
            p = last + 1
            number = False
        elif Py_UNICODE_ISDECIMAL(c):
            # \d+(?:[.,]\d+)*
            q = p + 1
            while q < n and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, q)):
                q += 1
            while q + 1 < n:
                c = PyUnicode_READ(kind, data, q)
                if (c == 46 or c == 44) and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, q + 1)):
                    q += 2
                    while q < n and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, q)):
                        q += 1
                else:
                    break
            a = p
            p = q
            number = True
        else:
            p += 1
            continue
        # the token is s[a:p]: first the hot slots (no string built), then the memo dict
        h = 2166136261u
        for i in range(a, p):
            h = (h ^ <unsigned int>PyUnicode_READ(kind, data, i)) * 16777619u
        slot = &_hot[h & (HOT_SLOTS - 1)]
        if slot.tok != NULL and slot.h == h and _same_chars(slot.tok, kind, data, a, p):
            hit = slot.entry
        else:
            tok = s[a:p]
            hit = PyDict_GetItem(_tokens, tok)
            if hit == NULL:
                key = _token_key(tok)
                _tokens[tok] = _key(key) if key else None
                hit = PyDict_GetItem(_tokens, tok)
            Py_INCREF(tok)
            Py_INCREF(<object>hit)
            Py_XDECREF(slot.tok)
            Py_XDECREF(slot.entry)
            slot.tok = <PyObject*>tok
            slot.entry = hit
            slot.h = h
        if <object>hit is None:  # a stop word, a short word or a one-digit number
            continue
        entry = <_Key>hit
        # a digit token's key is "n:..." (or ''), a letter token's never starts with "n:"
        _count(entry, weight, numbers if number else words)


cdef str _mask(str text):
    """``features._mask_title_case``: Title Case lines (at most 200 characters, four or more
    words starting with a letter, at least 70% of them upper case) lowercased."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t a = 0, b, i, prev
    cdef long words, caps
    cdef bint inside, newline = False
    cdef Py_UCS4 c
    cdef list cuts = None
    for i in range(n):
        if PyUnicode_READ(kind, data, i) == 10:
            newline = True
            break
    if not newline:
        return text
    while True:
        b = a
        while b < n and PyUnicode_READ(kind, data, b) != 10:
            b += 1
        if b - a <= 200:
            words = caps = 0
            inside = False
            for i in range(a, b):
                c = PyUnicode_READ(kind, data, i)
                if Py_UNICODE_ISSPACE(c):  # str.split()'s white space
                    inside = False
                elif not inside:
                    inside = True
                    if Py_UNICODE_ISALPHA(c):
                        words += 1
                        if Py_UNICODE_ISUPPER(c):
                            caps += 1
            if words >= 4 and <double>caps >= 0.7 * <double>words:
                if cuts is None:
                    cuts = []
                cuts.append((a, b))
        if b >= n:
            break
        a = b + 1
    if cuts is None:
        return text
    pieces = []
    prev = 0
    for a, b in cuts:
        pieces.append(text[prev:a])
        pieces.append(text[a:b].lower())
        prev = b
    pieces.append(text[prev:])
    return "".join(pieces)


cdef Py_ssize_t _connector(int kind, void* data, Py_ssize_t n, Py_ssize_t q):
    """Where ``(?:de|van|...)[ \\t]+`` followed by ``[A-Z]`` ends at ``q`` (the ``[A-Z]``'s
    position), or -1; alternatives are tried in the regex's order."""
    cdef Py_ssize_t r, k, m
    cdef str word
    cdef Py_UCS4 c = PyUnicode_READ(kind, data, q) if q < n else 0
    if not (c == 100 or c == 118 or c == 98 or c == 97 or c == 111):  # d v b a o
        return -1
    for word in _CONNECTORS:
        m = len(word)
        if q + m >= n:
            continue
        for k in range(m):
            if PyUnicode_READ(kind, data, q + k) != <Py_UCS4>word[k]:
                break
        else:
            r = q + m
            c = PyUnicode_READ(kind, data, r)
            if c != 32 and c != 9:
                continue
            while r < n and (PyUnicode_READ(kind, data, r) == 32
                             or PyUnicode_READ(kind, data, r) == 9):
                r += 1
            if r < n and 65 <= PyUnicode_READ(kind, data, r) <= 90:
                return r
    return -1


cdef tuple _read_span(str raw, bint at_start):
    """``features._span_keys``: (entity keys, span as written or None, lone initial word)."""
    cdef list words = raw.split()
    cdef list low = []             # the words after leading stop words, lowercased, dots stripped
    cdef list kept = []            # those of two characters or more that are not stop words
    cdef frozenset stop = _entity_stop
    cdef Py_ssize_t n = len(words), first = 0, i, m
    cdef int kind
    cdef void* data
    cdef Py_UCS4 c
    cdef str w
    for i in range(n):
        # w[:-2] if w ends with 's or ’s, else w.rstrip("'’")
        w = <str>words[i]
        kind = PyUnicode_KIND(w)
        data = PyUnicode_DATA(w)
        m = PyUnicode_GET_LENGTH(w)
        if m >= 2 and PyUnicode_READ(kind, data, m - 1) == 115:  # s
            c = PyUnicode_READ(kind, data, m - 2)
            if c == 39 or c == 0x2019:
                words[i] = w[:m - 2]
                continue
        while m > 0:
            c = PyUnicode_READ(kind, data, m - 1)
            if c != 39 and c != 0x2019:
                break
            m -= 1
        if m < PyUnicode_GET_LENGTH(w):
            words[i] = w[:m]
    for i in range(n):
        lowered = (<str>words[i]).lower()
        if at_start and i == first and lowered in stop:
            first += 1  # leading stop words of a sentence-initial span are dropped
            continue
        lowered = lowered.strip(".")
        low.append(lowered)
        if PyUnicode_GET_LENGTH(lowered) > 1 and lowered not in stop:
            kept.append(lowered)
    keys = tuple(["e:" + k for k in kept])
    written = None
    if len(kept) > 1:
        keys += ("s:" + " ".join(kept),)
        written = " ".join([words[first + i] for i in range(n - first)
                            if low[i] not in stop])
    return keys, written, at_start and len(kept) == 1 and n - first == 1


def span_keys(str raw, bint at_start):
    """Compiled ``features._span_keys``: the same (entity keys, span as written or None, lone
    initial word) for every span."""
    return _read_span(raw, at_start)


cdef inline bint _stop_mark(Py_UCS4 c) noexcept nogil:
    return c == 46 or c == 33 or c == 63  # . ! ?


cdef str _lead_of(str body, Py_ssize_t sentences, Py_ssize_t chars):
    """``lead.lead``, its regex ``[.!?]+(?:[ \\t]*\\n|(?=\\s))|\\n`` walked by hand: a run of
    ``.!?`` ends a sentence when blanks and a line break, or any white space, follow it (no
    match starts inside a run that fails: its shorter tails are followed by a mark); a line
    break ends one by itself."""
    if sentences <= 0 or chars <= 0:
        return ""
    cdef str head = body[:chars]
    cdef int kind = PyUnicode_KIND(head)
    cdef void* data = PyUnicode_DATA(head)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(head)
    cdef Py_ssize_t p = 0, q, r, end = 0, found = 0
    cdef Py_UCS4 c
    while p < n and found < sentences:
        c = PyUnicode_READ(kind, data, p)
        if c == 10:
            p += 1
        elif _stop_mark(c):
            q = p + 1
            while q < n and _stop_mark(PyUnicode_READ(kind, data, q)):
                q += 1
            r = q
            while r < n and (PyUnicode_READ(kind, data, r) == 32
                             or PyUnicode_READ(kind, data, r) == 9):
                r += 1
            if r < n and PyUnicode_READ(kind, data, r) == 10:
                p = r + 1
            elif q < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, q)):
                p = q
            else:
                p = q
                continue
        else:
            p += 1
            continue
        end = p
        found += 1
    return head[:end] if end else head


def lead(str body, Py_ssize_t sentences=3, Py_ssize_t chars=512):
    """Compiled ``lead.lead``: the same lead for every text."""
    return _lead_of(body, sentences, chars)


cdef void _scan_spans(str text, Py_ssize_t lead_end, list found, list written) except *:
    """``features.entity_keys`` (on the already masked ``text``): count the entity keys into
    ``found`` and the spans as written into ``written``, in order of first appearance."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t p = 0, e, q, r, j, start
    cdef Py_UCS4 c
    cdef bint at_start
    cdef long mult
    cdef PyObject* hit
    cdef dict cache
    cdef _Span span
    cdef _Key entry
    cdef list initial = []
    while p < n:
        c = PyUnicode_READ(kind, data, p)
        if not (65 <= c <= 90) or (p > 0 and _is_word(PyUnicode_READ(kind, data, p - 1))):
            p += 1
            continue
        # \b[A-Z][\w'’\-]* then greedy (?:[ \t]+(?:CONNECTOR[ \t]+)?[A-Z][\w'’\-]*)*
        e = p + 1
        while e < n and _is_span_char(PyUnicode_READ(kind, data, e)):
            e += 1
        while e < n:
            c = PyUnicode_READ(kind, data, e)
            if c != 32 and c != 9:
                break
            q = e + 1
            while q < n and (PyUnicode_READ(kind, data, q) == 32
                             or PyUnicode_READ(kind, data, q) == 9):
                q += 1
            r = _connector(kind, data, n, q)
            if r >= 0:
                q = r
            if q < n and 65 <= PyUnicode_READ(kind, data, q) <= 90:
                q += 1
                while q < n and _is_span_char(PyUnicode_READ(kind, data, q)):
                    q += 1
                e = q
            else:
                break
        # sentence-initial: only blanks between the span and a sentence end (or the start)
        j = p - 1
        while j >= 0 and (PyUnicode_READ(kind, data, j) == 32
                          or PyUnicode_READ(kind, data, j) == 9):
            j -= 1
        at_start = j < 0 or _sentence_end(PyUnicode_READ(kind, data, j))
        raw = text[p:e]
        start = p
        p = e
        cache = _spans_start if at_start else _spans_inside
        hit = PyDict_GetItem(cache, raw)
        if hit != NULL:
            span = <_Span>hit
        else:
            keys, written_as, lone = _read_span(raw, at_start)
            span = _Span()
            span.keys = tuple([_key(key) for key in keys])
            span.written = _written_key(written_as) if written_as else None
            span.lone = lone
            cache[raw] = span
        if not span.keys:
            continue
        mult = 2 if start < lead_end else 1
        if span.lone:
            _count_initial(<_Key>span.keys[0], mult, initial)
            continue
        for entry in span.keys:
            _count(entry, mult, found)
        if span.written is not None:
            _count(span.written, mult, written)
    # a lone initial word counts only when the key is also found inside a sentence (entity
    # keys come only from spans, so a key counted in this article is in ``found``)
    for entry in initial:
        if entry.stamp == _serial:
            entry.count += entry.icount


cdef dict _sublinear(list order):
    """``features._sublinear``: bucket -> 1 + log(count); keys sharing a bucket add up in key
    order."""
    cdef dict out = {}
    cdef list table = _sublin
    cdef PyObject* hit
    cdef _Key entry
    cdef long n
    for entry in order:
        n = entry.count
        w = table[n] if n < 256 else 1.0 + _log(n)
        hit = PyDict_GetItem(out, entry.bucket)
        if hit == NULL:
            out[entry.bucket] = w
        else:
            out[entry.bucket] = <object>hit + w
    return out


cdef tuple _top8(list order):
    """The 8 most counted keys, ties in first-seen order: ``sorted(counts.items(),
    key=itemgetter(1), reverse=True)[:8]`` (and ``Counter.most_common(8)``)."""
    cdef long best[8]
    cdef list keys = []
    cdef Py_ssize_t size = 0, i, k
    cdef long n
    cdef _Key entry
    for entry in order:
        n = entry.count
        if size == 8 and n <= best[7]:
            continue
        i = size if size < 8 else 7
        while i > 0 and best[i - 1] < n:
            i -= 1
        if size == 8:
            keys.pop()
        else:
            size += 1
        k = size - 1
        while k > i:
            best[k] = best[k - 1]
            k -= 1
        best[i] = n
        keys.insert(i, entry.key)
    return tuple(keys)


def extract(title, text, *, max_words=400, lead_sentences=0, lead_chars=512, weekdays=False):
    """Compiled ``features.extract``: the same ``Features`` as ``features.extract_pure``."""
    global _serial
    cdef str body, head, first
    cdef list words, numbers, found, written
    cdef Py_ssize_t lead_end
    cdef PyObject* hit
    cdef _Key entry, wkey
    if type(text) is not str or (title is not None and type(title) is not str):
        return _pure(title, text, max_words=max_words, lead_sentences=lead_sentences,
                     lead_chars=lead_chars, weekdays=weekdays)
    if (len(_tokens) >= _cache_max or len(_keys) >= _cache_max or len(_written) >= _cache_max
            or len(_spans_inside) >= _cache_max or len(_spans_start) >= _cache_max):
        _clear()  # only between articles: a key has one _Key within an article
    _serial += 1
    body = text[: 8 * max_words] if max_words else text
    head = title or ""
    first = _lead_of(body, lead_sentences, lead_chars)
    words = []
    numbers = []
    found = []
    written = []
    # the title counts twice, the lead twice more, then the body once: first-seen order
    if head:
        _count_tokens(head.lower(), 2, words, numbers)
    if first:
        _count_tokens(first.lower(), 2, words, numbers)
    if body:
        _count_tokens(body.lower(), 1, words, numbers)
    lead_end = len(head) + 1 + len(first) if head else len(first)
    _scan_spans(_mask(head + "\n" + body if head else body), lead_end, found, written)
    # entity keys, then numbers (first-seen order), then weekday keys (sorted)
    found.extend(numbers)
    if weekdays:
        for day, wkey in _weekdays:
            hit = PyDict_GetItem(_keys, day)
            if hit != NULL and (<_Key>hit).stamp == _serial:
                wkey.stamp = _serial
                wkey.count = (<_Key>hit).count
                found.append(wkey)
    return _features_cls(
        words=_sublinear(words),
        entities=_sublinear(found),
        spans=_top8(written),
        content_words=_top8(words),
    )
