"""The same statement across outlets: fragments of one utterance joined into a ``Statement``.

1. **Words.** Every quote (not scare, not nested, at least ``min_statement_words`` words) is
   split into words with their offsets; a word's *key* is its lower-cased letters and digits, so
   re-punctuation and curly/straight marks do not matter. Editorial marks (``(sic)``,
   ``[sic]``, ``[…]``) have no key: they are the outlet's, not the speaker's.
2. **Links.** Quotes of different articles sharing word 3-grams are aligned
   (``difflib.SequenceMatcher`` on keys); they are fragments of one statement when the aligned
   words cover at least ``match_threshold`` of the shorter quote (or a run of 8+ words) and
   their speakers do not disagree. Inside one article, consecutive quotes of the same speaker
   that continue each other (a split quote sharing one cue, or a cue such as ``continued``,
   ``added``, ``concluded``) are linked too, so a post quoted in pieces stays one statement.
3. **Statements.** Every connected group spanning at least two articles becomes a
   ``Statement``. Its text is rebuilt in order: the article quoting most words is the base;
   the words other outlets quoted beyond it (before its start, after its end, or a fragment it
   left out) are inserted where their own article places them; each word takes the form most
   outlets printed (ties: the cleaner form). Each fragment records its span in the statement,
   and every place where its wording differs (``mommy..`` for ``mommy,``, an added ``(sic)``, a
   changed word) is a ``WordingDifference`` of that article. A lone ``,``/``.`` swap at a split is
   not a difference. ``first_article_id`` is the unique earliest-published article.
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from difflib import SequenceMatcher
from sys import intern

import numpy as np

from ..records import (
    Article,
    Quote,
    Speaker,
    Statement,
    StatementFragment,
    WordingDifference,
    stable_hash,
)
from .options import QuoteOptions

_CONTINUE = frozenset({"continued", "continues", "added", "adds", "concluded", "concludes",
                       "went", "goes", "finished", "ended"})
_EDITORIAL = frozenset({"(sic)", "[sic]", "(sic!)", "[sic!]", "[…]", "[...]", "(…)", "(...)"})
_QUOTE_CHARS = "\"“”„«»‘’'"
_IGNORABLE_PUNCT = frozenset({"", ",", "."})
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."})
"""Curly and straight marks are the same wording."""


@dataclasses.dataclass(slots=True)
class _Word:
    start: int  # offsets into the article (or title, for headline quotes)
    end: int
    raw: str
    key: str
    form: str = ""
    """The word as compared across outlets (``raw``, plus a detached ``.`` that follows it)."""

    def __post_init__(self) -> None:
        if not self.form:
            self.form = self.raw
        self.form = self.form.translate(_TYPOGRAPHY)


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus "_"


def _key(raw: str) -> str:
    return _NOT_ALNUM.sub("", raw.lower())


def _words(q: Quote) -> list[_Word]:
    out: list[_Word] = []
    text = q.text
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        j = i
        while j < n and not text[j].isspace():
            j += 1
        if j > i:
            a, b = i, j
            while a < b and text[a] in _QUOTE_CHARS:
                a += 1
            while b > a and text[b - 1] in _QUOTE_CHARS:
                b -= 1
            raw = text[a:b]
            if raw and raw.lower().rstrip(".,;:!?") not in _EDITORIAL:
                k = _key(raw)
                if k:
                    out.append(_Word(q.start + a, q.start + b, raw, k))
                elif out and out[-1].key:
                    # detached punctuation ("give up ."): part of the previous word's form
                    out[-1].form += raw.translate(_TYPOGRAPHY)
            elif raw:
                out.append(_Word(q.start + a, q.start + b, raw, ""))
        i = j
    return out


def _keys(text: str) -> list[str]:
    """The word keys of a quote's text (as ``_words`` would give them, without offsets)."""
    out = []
    for raw in text.split():
        raw = raw.strip(_QUOTE_CHARS)
        if raw and raw.lower().rstrip(".,;:!?") not in _EDITORIAL:
            k = _key(raw)
            if k:
                out.append(intern(k))  # one copy of each word for the whole corpus
    return out


def _trailing_punct(raw: str) -> tuple[str, str]:
    k = len(raw)
    while k > 0 and not raw[k - 1].isalnum():
        k -= 1
    return raw[:k], raw[k:]


def _doubled(raw: str) -> bool:
    """Doubled punctuation (``mommy..``, ``why??``): an outlet's typo more often than not."""
    p = _trailing_punct(raw)[1]
    return len(p) >= 2 and p[0] == p[1] and p[:3] != "..."


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _speakers_agree(a: Speaker, b: Speaker) -> bool:
    if a.kind == "unknown" or b.kind == "unknown" or not a.name or not b.name:
        return True
    if a.name == b.name:
        return True
    # "Halvorsen" in one outlet, "Juno Halvorsen" in another
    ta, tb = set(a.name.casefold().split()), set(b.name.casefold().split())
    return a.kind == b.kind == "person" and (ta <= tb or tb <= ta)


def _published(article: Article | None) -> datetime | None:
    if article is None or article.published is None:
        return None
    p = article.published
    if isinstance(p, datetime):
        return p.replace(tzinfo=None)
    if isinstance(p, date):
        return datetime(p.year, p.month, p.day)
    return None


def statement_keys(text: str, kind: str, options: QuoteOptions) -> list[str] | None:
    """The word keys a quote (its text and kind) is matched on, or ``None`` when it cannot be a
    fragment of a statement (a scare or nested quote, or fewer than ``min_statement_words``
    words)."""
    if kind in ("scare", "nested"):
        return None
    keys = _keys(text)
    return keys if len(keys) >= options.min_statement_words else None


def key_grams(keys: Sequence[str]) -> list[tuple[str, str, str]]:
    """A quote's distinct word 3-grams, in order of first occurrence."""
    return list(dict.fromkeys(zip(keys, keys[1:], keys[2:], strict=False)))


MAX_GRAM_QUOTES = 50
"""A 3-gram in more quotes than this is a stock phrase, not evidence of one statement."""


def fragments_linked(a: Speaker, b: Speaker, keys_a: Sequence[str], keys_b: Sequence[str],
                     options: QuoteOptions) -> bool:
    """Are two quotes of different articles (sharing at least two 3-grams; their speakers and
    word keys given) fragments of one statement: speakers that do not disagree, and aligned
    words covering ``match_threshold`` of the shorter (a short quote word for word), or a run
    of 8+ words."""
    if not _speakers_agree(a, b):
        return False
    sm = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    blocks = sm.get_matching_blocks()
    matched = sum(bl.size for bl in blocks)
    longest = max((bl.size for bl in blocks), default=0)
    shorter = min(len(keys_a), len(keys_b))
    if shorter < 8 and matched < shorter:
        return False  # a short quote must be quoted word for word (not a paraphrase)
    return matched >= options.match_threshold * shorter or longest >= 8


Cue = tuple[int, int, str | None, str | None, int | None]
"""What continuation links read of a quote: (number, start, speaker name, cue, cue start)."""


def cue_of(number: int, quote: Quote) -> Cue:
    """A quote's :data:`Cue`."""
    return (number, quote.start, quote.speaker.name, quote.cue, quote.cue_start)


def continuation_links(quotes: Sequence[Cue]) -> list[tuple[int, int]]:
    """Links between consecutive quotes of one article that continue each other (the same
    speaker, and a shared cue or a cue such as "added"); ``quotes`` are one article's candidate
    quotes (:func:`cue_of`), in any order."""
    members = sorted(quotes, key=lambda c: (c[1], c[0]))
    links = []
    for (a, _, speaker_a, _, cue_start_a), (b, _, speaker_b, cue_b, cue_start_b) in zip(
            members, members[1:], strict=False):
        if not speaker_a or speaker_a != speaker_b:
            continue
        verb = cue_b.split()[0].lower() if cue_b else ""
        if (cue_start_b is not None and cue_start_b == cue_start_a) or (
                cue_b is None) or verb in _CONTINUE:
            links.append((a, b))
    return links


def build_statement(fragments: Sequence[Quote], articles: Mapping[str, Article]) -> Statement:
    """The statement rebuilt from its fragments (in canonical quote order; from two or more
    articles). ``articles`` gives the publication dates that decide ``first_article_id``."""
    members = list(range(len(fragments)))
    words = {i: _words(fragments[i]) for i in members}
    return _build(members, fragments, words, articles)


def _gram_hash(gram: tuple[str, str, str]) -> int:
    """A stable 64-bit hash of a 3-gram (the same in every process, unlike ``hash``)."""
    data = "\x1f".join(gram).encode()
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def _gram_pairs(cand: Sequence[int], keys: Mapping[int, list[str]],
                article_of: Sequence[str]) -> Iterator[tuple[int, int]]:
    """The pairs (a < b, by ``a``) of quotes of different articles sharing two or more
    3-grams, each 3-gram counted only when at most ``MAX_GRAM_QUOTES`` quotes have it.

    In numpy over 64-bit 3-gram hashes, one quote at a time: memory is 16 bytes per 3-gram of
    the corpus (a dict of 3-grams and a counter of pairs cost ~75 KB per article)."""
    grams = array("Q")
    bounds = [0]
    for i in cand:
        grams.extend(_gram_hash(gram) for gram in key_grams(keys[i]))
        bounds.append(len(grams))
    if not grams:
        return
    hashes = np.frombuffer(grams, dtype=np.uint64)
    order = np.argsort(hashes, kind="stable")  # stable: a 3-gram's quotes stay in cand order
    owner = np.repeat(np.asarray(cand, dtype=np.int64), np.diff(bounds))
    member = owner[order]  # the quotes of each 3-gram, 3-gram after 3-gram
    sorted_hashes = hashes[order]
    first = np.flatnonzero(np.concatenate(([True], sorted_hashes[1:] != sorted_hashes[:-1])))
    counts = np.diff(np.concatenate((first, [len(hashes)])))
    run_of = np.empty(len(hashes), dtype=np.int64)
    run_of[order] = np.repeat(np.arange(len(first)), counts)  # each 3-gram's run, in cand order
    del order, owner, sorted_hashes, hashes
    usable = (counts >= 2) & (counts <= MAX_GRAM_QUOTES)
    codes = {a: k for k, a in enumerate(dict.fromkeys(article_of))}
    article = np.array([codes[a] for a in article_of], dtype=np.int64)
    for k, i in enumerate(cand):
        runs = run_of[bounds[k]:bounds[k + 1]]
        runs = runs[usable[runs]]
        if len(runs) < 2:
            continue
        sizes = counts[runs]
        # the positions of every member of these runs: each run's first, first + 1, ...
        at = np.repeat(first[runs] - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
        others = member[at]
        others = others[(others > i) & (article[others] != article[i])]
        if len(others) < 2:
            continue
        partners, hits = np.unique(others, return_counts=True)
        for j in partners[hits >= 2].tolist():
            yield i, j


def match_statements(
    quotes: Sequence[Quote], articles: Mapping[str, Article],
    options: QuoteOptions | None = None,
) -> tuple[list[Statement], list[Quote]]:
    """Join fragments of one utterance quoted across articles into ``Statement`` records.

    Returns the statements (sorted by id) and the input quotes, in input order, with
    ``statement_id`` set on the quotes that are fragments of a statement. ``articles`` (id ->
    Article) gives the publication dates that decide ``first_article_id``. The Spark engine
    runs the same pieces (:func:`statement_keys`, :func:`key_grams`, :func:`fragments_linked`,
    :func:`continuation_links`, :func:`build_statement`) on its executors.
    """
    options = options or QuoteOptions()
    keys: dict[int, list[str]] = {}
    for i, quote in enumerate(quotes):
        k = statement_keys(quote.text, quote.kind, options)
        if k is not None:
            keys[i] = k
    cand = sorted(keys)
    uf = _UnionFind(len(quotes))
    # cross-article links through shared 3-grams
    linked: set[int] = set()
    for a, b in _gram_pairs(cand, keys, [q.article_id for q in quotes]):
        if fragments_linked(quotes[a].speaker, quotes[b].speaker, keys[a], keys[b], options):
            uf.union(a, b)
            linked.update((a, b))
    # within-article continuation chains
    by_article: dict[str, list[Cue]] = defaultdict(list)
    for i in cand:
        by_article[quotes[i].article_id].append(cue_of(i, quotes[i]))
    for members in by_article.values():
        for a, b in continuation_links(members):
            uf.union(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in cand:
        groups[uf.find(i)].append(i)
    statements: list[Statement] = []
    statement_of: dict[int, str] = {}
    for members in groups.values():
        if len({quotes[i].article_id for i in members}) < 2 or not (set(members) & linked):
            continue
        st = build_statement([quotes[i] for i in members], articles)
        statements.append(st)
        for i in members:
            statement_of[i] = st.id
    out = [dataclasses.replace(q, statement_id=statement_of[i]) if i in statement_of else q
           for i, q in enumerate(quotes)]
    statements.sort(key=lambda s: s.id)
    return statements, out


def _build(members: list[int], quotes: Sequence[Quote], words: dict[int, list[_Word]],
           articles: Mapping[str, Article]) -> Statement:
    by_article: dict[str, list[int]] = defaultdict(list)
    for i in members:
        by_article[quotes[i].article_id].append(i)
    for lst in by_article.values():
        lst.sort(key=lambda i: quotes[i].start)
    # fragments contained in a longer fragment of the group (a partial quote re-quoting a piece,
    # a headline) add no words: they are aligned at the end but do not shape the master
    keyed = {i: [w.key for w in words[i] if w.key] for i in members}
    redundant: set[int] = set()
    if len(members) <= 400:
        longest_first = sorted(members, key=lambda i: -len(keyed[i]))
        for x, i in enumerate(longest_first):
            for j in longest_first[:x]:
                if j in redundant:
                    continue
                sm = SequenceMatcher(None, keyed[j], keyed[i], autojunk=False)
                if sum(bl.size for bl in sm.get_matching_blocks()) >= 0.8 * len(keyed[i]):
                    redundant.add(i)
                    break
    shaping = {a: [i for i in lst if i not in redundant] for a, lst in by_article.items()}
    coverage = {a: sum(len(keyed[i]) for i in lst) for a, lst in shaping.items()}
    order = sorted(by_article, key=lambda a: (-coverage[a], a))
    base = order[0]
    # master sequence of keys; each entry collects the raw forms printed for it
    master: list[str] = []
    for i in shaping[base]:
        master.extend(keyed[i])
    for art in order[1:]:
        anchor = -1  # master index after the previous fragment of this article
        pending: list[list[str]] = []  # fragments quoted nowhere else, waiting for a neighbour
        for i in by_article[art]:
            fk = keyed[i]
            sm = SequenceMatcher(None, master, fk, autojunk=False)
            blocks = [bl for bl in sm.get_matching_blocks() if bl.size]
            matched = sum(bl.size for bl in blocks)
            if not blocks or matched < 0.5 * len(fk) and max(bl.size for bl in blocks) < 4:
                if i in redundant:
                    continue
                if anchor >= 0:
                    master[anchor:anchor] = fk
                    anchor += len(fk)
                else:
                    pending.append(fk)
                continue
            if pending:
                # fragments before this one in the article go before its place in the master
                pos = blocks[0].a
                for fk0 in pending:
                    master[pos:pos] = fk0
                    pos += len(fk0)
                pending = []
                sm = SequenceMatcher(None, master, fk, autojunk=False)
            if i in redundant:  # contained elsewhere: only a position for its neighbours
                last = [bl for bl in sm.get_matching_blocks() if bl.size]
                anchor = (last[-1].a + last[-1].size) if last else anchor
                continue
            ops = sm.get_opcodes()
            new: list[str] = []
            first_eq = next((n for n, op in enumerate(ops) if op[0] == "equal"), None)
            last_eq = max((n for n, op in enumerate(ops) if op[0] == "equal"), default=None)
            for n, (tag, i1, i2, j1, j2) in enumerate(ops):
                if tag in ("equal", "delete"):
                    new.extend(master[i1:i2])
                elif tag == "insert":
                    # extend only at the edges of the aligned part (head/tail beyond the base)
                    if (first_eq is not None and n < first_eq and i1 == 0) or (
                            last_eq is not None and n > last_eq and i1 == len(master)):
                        new.extend(fk[j1:j2])
                else:  # replace: a different wording; the master keeps its words
                    new.extend(master[i1:i2])
                    if last_eq is not None and n > last_eq and i2 == len(master):
                        new.extend(fk[j1 + (i2 - i1):j2])
            master = new
            sm2 = SequenceMatcher(None, master, fk, autojunk=False)
            last = [bl for bl in sm2.get_matching_blocks() if bl.size]
            anchor = (last[-1].a + last[-1].size) if last else anchor
        for fk0 in pending:
            master.extend(fk0)
    # align every fragment to the master: votes on forms, spans, differences
    alignments: dict[int, list[tuple[str, int, int, int, int]]] = {}
    votes: list[Counter[str]] = [Counter() for _ in master]
    # a fragment's last word carries the split's punctuation ("here," Scott wrote): weak vote
    for i in members:
        fk_words = [w for w in words[i] if w.key]
        sm = SequenceMatcher(None, master, [w.key for w in fk_words], autojunk=False)
        ops = sm.get_opcodes()
        alignments[i] = ops
        for tag, i1, i2, j1, _j2 in ops:
            if tag == "equal":
                for d in range(i2 - i1):
                    last = j1 + d == len(fk_words) - 1
                    votes[i1 + d][fk_words[j1 + d].form] += 0.45 if last else 1.0
    forms: list[str] = []
    for n, k in enumerate(master):
        if votes[n]:
            best = max(votes[n].items(),
                       key=lambda kv: (not _doubled(kv[0]), kv[1],
                                       -len(_trailing_punct(kv[0])[1]), kv[0] == kv[0].lower()))
            forms.append(best[0])
        else:
            forms.append(k)
    starts: list[int] = []
    pos = 0
    for f in forms:
        starts.append(pos)
        pos += len(f) + 1
    text = " ".join(forms)
    fragments: list[StatementFragment] = []
    diffs: list[WordingDifference] = []
    for i in members:
        q = quotes[i]
        fk_words = [w for w in words[i] if w.key]
        ops = alignments[i]
        eq = [(i1, i2) for tag, i1, i2, _a, _b in ops if tag == "equal"]
        if eq:
            s0 = starts[eq[0][0]]
            e_idx = eq[-1][1] - 1
            s1 = starts[e_idx] + len(forms[e_idx])
        else:
            s0, s1 = 0, 0
        fragments.append(StatementFragment(q.article_id, q.start, q.end, s0, s1))
        # editorial tokens of this quote (no key): always a difference
        for w in words[i]:
            if not w.key:
                diffs.append(WordingDifference(q.article_id, w.start, w.end, w.raw, ""))
        first_eq = next((n for n, op in enumerate(ops) if op[0] == "equal"), None)
        last_eq = max((n for n, op in enumerate(ops) if op[0] == "equal"), default=None)
        for n, (tag, i1, i2, j1, j2) in enumerate(ops):
            if tag == "equal":
                for d in range(i2 - i1):
                    w = fk_words[j1 + d]
                    f = forms[i1 + d]
                    if w.form == f:
                        continue
                    wb, wp = _trailing_punct(w.form)
                    fb, fp = _trailing_punct(f)
                    if wb.lower() == fb.lower() and wp in _IGNORABLE_PUNCT and \
                            fp in _IGNORABLE_PUNCT:
                        continue
                    if wb == fb and wp.strip(_QUOTE_CHARS) == fp.strip(_QUOTE_CHARS):
                        continue
                    diffs.append(WordingDifference(q.article_id, w.start, w.end, w.raw, f))
                continue
            if first_eq is None or n < first_eq or n > last_eq:
                continue  # outside this fragment's aligned range
            if tag == "delete":
                a_pos = fk_words[j1].start if j1 < len(fk_words) else q.end
                diffs.append(WordingDifference(q.article_id, a_pos, a_pos, "",
                                               " ".join(forms[i1:i2])))
            else:
                seg = fk_words[j1:j2]
                diffs.append(WordingDifference(q.article_id, seg[0].start, seg[-1].end,
                                               " ".join(w.raw for w in seg),
                                               " ".join(forms[i1:i2])))
    # speaker: the most common known speaker of the fragments
    spk_votes = Counter(quotes[i].speaker.name for i in members if quotes[i].speaker.name)
    if spk_votes:
        name = spk_votes.most_common(1)[0][0]
        sample = next(quotes[i].speaker for i in members if quotes[i].speaker.name == name)
        mentions = tuple(dict.fromkeys(m for i in members for m in quotes[i].speaker.mentions
                                       if quotes[i].speaker.name == name))
        speaker = Speaker(name, sample.kind, mentions,
                          max(quotes[i].speaker.confidence for i in members
                              if quotes[i].speaker.name == name))
    else:
        speaker = Speaker.unknown()
    dated = {a: _published(articles.get(a)) for a in by_article}
    known = [(d, a) for a, d in dated.items() if d is not None]
    first = None
    if known:
        known.sort()
        if len(known) == 1 or known[0][0] < known[1][0]:
            first = known[0][1]
    # the words alone can repeat (one speaker saying the same thing in two unrelated stories):
    # the earliest fragment, which belongs to this statement only, makes the id unique
    anchor_article, anchor_start = min((quotes[i].article_id, quotes[i].start) for i in members)
    sid = stable_hash("statement", speaker.name, " ".join(master[:24]), anchor_article,
                      str(anchor_start))
    fragments.sort(key=lambda f: (f.statement_start, f.article_id, f.start))
    diffs.sort(key=lambda d: (d.article_id, d.start))
    return Statement(sid, text, speaker, tuple(fragments), tuple(diffs), first)
