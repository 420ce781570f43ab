"""Attribution: who said each quote, and the cue that introduces it.

For every top-level quote the attribution looks, in this order, at:

A. the text right **after** the closing mark up to the end of that sentence
   (``“…,” Cannon, 42, wrote via Instagram``, ``“…,” said the source``): the first speech verb,
   and the first speaker mention between the quote and the verb (else right after the verb);
B. the text **before** the opening mark back to the start of its sentence (or the previous
   quote): the last speech verb and the nearest speaker mention before it
   (``He continued, “…``, ``Scott wrote that she can “…``, ``Mayo Clinic describes as “…``);
C. the previous quote of the same sentence or attribution chain (``"…," Scott continued. "…"``,
   ``"a surge of energy" and "pure joy"``): the same speaker and cue;
D. (``inherit_paragraph_speaker``) a paragraph made only of a quote continues the speaker of the
   quote that ended the previous paragraph.

Partial quotes (embedded in a sentence) try B before A; direct quotes try A first. A speaker
mention is a person's name (resolved to the article's canonical full name through
:mod:`storytrace.people`), a pronoun (``he``/``she``: resolved by gender and salience: recency,
how often the person is mentioned and has already spoken, sentence-subject position), an
anonymous role (``a source``, ``the source`` → kind ``"anonymous"``, named ``"source"`` or
``"source (ET)"`` when it was introduced as ``a source told ET``), a title (``the senator`` → the
person introduced with that title), or an organisation (``Mayo Clinic``, ``the White House``,
``CNN``). When none of these is found the speaker is ``Speaker.unknown()``: no guessing.

All work per quote is bounded by ``QuoteOptions.window_chars``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..people import INVERSION_VERBS, SPEECH_VERBS, People, pronoun_gender
from ..records import Quote, Speaker
from .detect import Span
from .options import QuoteOptions

CUE_VERBS = SPEECH_VERBS | frozenset("""
praised praises slammed slams blasted blasts called calls dubbed dubs labelled labeled urged
asking telling saying adding writing noting explaining according describing calling insisting
sharing revealing captioning recalling posting tweeting begging pleading begged pleaded
reiterated reiterates boasted boasts lamented laments complained complains conceded concedes
stressed stresses emphasized emphasised emphasizes added told wrote texted texts thanked
thanks credited credits accused accuses criticised criticized criticises criticizes muttered
mumbled murmured screamed cried sighed laughed snapped scoffed shrugged joked hinted teased
wondered questioned demanded demands pledged pledges vowed promised assured assures
""".split())

_NOMINATIVE = frozenset({"he", "she", "they"})
_ORG_TAIL = frozenset("""
clinic hospital university college school institute foundation center centre company inc
ltd corp corporation group party committee department ministry agency council office team
club church association bank court news times post journal magazine network studios records
league union bureau commission board service services house pentagon police
chamber commerce assembly parliament congress senate cabinet embassy consulate authority trust
fund society federation alliance coalition movement army navy coastguard constabulary brigade
airline airlines railway railways television radio press campaign ministry
""".split())
_TITLE_ROLES = frozenset("""
senator president governor minister mayor secretary congressman congresswoman lawmaker judge
chancellor premier speaker leader chairman chairwoman chair ceo director commissioner
ambassador sheriff coach pastor actor actress singer rapper star host model candidate
""".split())
_TITLE_ABBR = {"senator": ("sen",), "governor": ("gov",), "congressman": ("rep",),
               "congresswoman": ("rep",), "lawmaker": ("rep", "sen")}
_ABBREV = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "st", "jr", "sr", "lt", "gen",
                     "col", "sgt", "capt", "prof", "rev", "no", "vs", "mt", "ft", "u.s", "d.c"})
_POSSESSIVE = ("'s", "’s", "’", "'")
_NOT_NAME_START = frozenset("""
but and or so yet the a an in on at of for from by with as after before during while when if
later earlier separately instead still also then now again finally overall indeed however
meanwhile nonetheless nevertheless moreover furthermore additionally similarly likewise
ultimately initially previously recently currently eventually today tonight yesterday asked
speaking writing responding told according
this that these those it its he she they we i you his her their our my your him them us
mr mrs ms dr sen rep gov president senator minister mayor governor
""".split())
_NOT_OBJECT = frozenset("""
that him her them me us it how why what when where whether this those these his their its
about on in at during after before while
""".split())
_WHEN = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december today tonight
""".split())
_PREPOSITIONS = frozenset({"to", "of", "for", "with", "at", "from", "by", "about", "near",
                           "against", "on", "in", "into", "toward", "towards", "than", "like"})
_ORG_HEADS = frozenset("""
assembly parliament congress senate cabinet embassy consulate authority trust fund society
federation alliance coalition movement army navy coastguard constabulary brigade airline
railway chamber
institute ministry department company council agency committee board commission office
government administration party campaign police university hospital clinic court union
foundation firm group bank team club league network station
""".split())

_WORD = re.compile(r"[^\W_](?:[\w\-'’.]*[^\W_])?")
_ALNUM = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker with the mention and cue that name it (offsets into the text)."""

    speaker: Speaker
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None

    @staticmethod
    def unknown() -> Attribution:
        return Attribution(Speaker.unknown())


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    text: str
    kind: str  # person | pronoun | role | org | title
    person: str | None = None


def _words(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, a, b)]


def _is_sentence_end(text: str, i: int) -> bool:
    """Is ``text[i]`` (one of ``.!?``) the end of a sentence?"""
    c = text[i]
    if c not in ".!?":
        return False
    j = i + 1
    while j < len(text) and text[j] in "\"'”’)]":
        j += 1
    if j < len(text) and not text[j].isspace():
        return False
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    if j < len(text) and not (text[j].isupper() or text[j].isdigit() or text[j] in "\n\"“‘'(["):
        return False  # "2:15 a.m. and that …"
    if c == ".":
        k = i
        while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
            k -= 1
        word = text[k:i].lower()
        if word in _ABBREV or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _passive(words: list[tuple[int, int, str]], k: int) -> bool:
    """``has since been shared``: a passive participle is no cue."""
    for back in (1, 2):
        if k - back >= 0 and words[k - back][2].lower() in (
                "been", "being", "be", "was", "were", "is", "are", "get", "got"):
            return True
    return False


class Attributor:
    """Attribution over one text (holds the per-article state: people, speakers so far)."""

    def __init__(self, text: str, people: People, spans: list[Span], options: QuoteOptions,
                 paragraphs: list[tuple[int, int]]) -> None:
        self.text = text
        self.people = people
        self.options = options
        self.spans = spans
        # top-level spans only (nested ones lie inside them): sorted, never overlapping
        self.quoted = tuple((s.open_mark if s.open_mark >= 0 else s.start,
                             s.close_mark + 1 if s.close_mark >= 0 else s.end)
                            for s in spans if not s.nested)
        self._quoted_starts = [a for a, _ in self.quoted]
        self.paragraphs = paragraphs
        self._para_starts = [a for a, _ in paragraphs]
        self.spoken: dict[str, int] = {}
        self._mention_starts = [m.start for m in people.mentions]

    # ---------------------------------------------------------------- helpers
    def in_quote(self, pos: int) -> bool:
        i = bisect_left(self._quoted_starts, pos + 1) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        i = bisect_left(self._para_starts, pos + 1) - 1
        if i < 0:
            return (0, len(self.text))
        return self.paragraphs[i]

    def _candidates(self, a: int, b: int, keep_objects: bool = False) -> list[_Cand]:
        """Speaker candidates starting in ``[a, b)`` outside quotes, by position (objects of
        prepositions are left out unless ``keep_objects``)."""
        text = self.text
        out: list[_Cand] = []
        covered_until = a
        lo = bisect_left(self._mention_starts, a)
        hi = bisect_left(self._mention_starts, b, lo)
        mentions = self.people.mentions
        for mi in range(lo, hi):
            m = mentions[mi]
            if self.in_quote(m.start):
                continue
            if m.kind == "pronoun":
                if m.text.lower() in _NOMINATIVE:
                    out.append(_Cand(m.start, m.end, m.text, "pronoun"))
            elif m.kind == "role":
                out.append(_Cand(m.start, m.end, m.text, "role"))
            elif m.person:
                if text.startswith(_POSSESSIVE, m.end) and not text.startswith(
                        ("' ", "’ "), m.end):
                    continue  # Cannon's family
                out.append(_Cand(m.start, m.end, m.text, "person", m.person))
        # organisations and titles from the words
        words = [w for w in _words(text, a, b) if not self.in_quote(w[0])]
        i = 0
        while i < len(words):
            s, e, w = words[i]
            low = w.lower()
            if (low in ("the", "a", "an") and i + 1 < len(words)
                    and words[i + 1][2].lower() in _TITLE_ROLES
                    and not words[i + 1][2][:1].isupper()):
                s2, e2, w2 = words[i + 1]
                out.append(_Cand(s, e2, text[s:e2], "title"))
                i += 2
                continue
            poss = (w[:1].isupper() and i + 1 < len(words) and words[i + 1][2] in _ORG_HEADS
                    and w[-2:] in ("'s", "’s"))
            if poss:
                # "Strand's campaign said": an organisation named by its owner
                s2, e2, _w2 = words[i + 1]
                out.append(_Cand(s, e2, text[s:e2], "org"))
                i += 2
                continue
            if low == "the" and i + 1 < len(words):
                j = i + 1
                while j < len(words) and j <= i + 3 and words[j][2].lower() not in _ORG_HEADS \
                        and words[j][2].lower() not in CUE_VERBS and words[j][2].lower() not in \
                        _NOT_NAME_START and "," not in text[words[j - 1][1]:words[j][0]]:
                    j += 1
                if j < len(words) and j <= i + 3 and words[j][2] in _ORG_HEADS and \
                        text[s:words[j][1]].count(",") == 0:
                    phrase = text[words[i + 1][0]:words[j][1]]
                    name = self._org_named(words[j][2], s) or phrase
                    out.append(_Cand(s, words[j][1], name, "org"))
                    i = j + 1
                    continue
            if w[:1].isupper() and not any(c.start <= s < c.end for c in out):
                j = i
                while j + 1 < len(words):
                    if words[j + 1][2][:1].isupper() and \
                            text[words[j][1]:words[j + 1][0]].strip() == "":
                        j += 1
                    elif (words[j + 1][2] in ("of", "for") and j + 2 < len(words)
                          and words[j + 2][2][:1].isupper()
                          and words[j][2].lower() in _ORG_TAIL | _ORG_HEADS):
                        j += 2
                    else:
                        break
                last = words[j][2].lower()
                if any(words[x][2].lower() in _ORG_TAIL | _ORG_HEADS for x in range(i, j + 1)):
                    last = "office"
                prev = words[i - 1][2].lower() if i > 0 else ""
                acronym = len(w) >= 2 and w.isupper() and w.isalpha() and j == i
                if (last in _ORG_TAIL or acronym
                        or (prev == "the" and j > i and low not in SPEECH_VERBS)):
                    start = words[i - 1][0] if prev == "the" else s
                    if not any(c.start < words[j][1] and start < c.end for c in out) and \
                            low not in CUE_VERBS:
                        out.append(_Cand(start, words[j][1], text[start:words[j][1]], "org"))
                else:
                    # a name the people finder had no evidence for, right in attribution
                    # position ("But Hollis Brandt of the Centre … warned"): a person
                    k0 = i
                    while k0 <= j and (words[k0][2].lower() in _NOT_NAME_START
                                       or words[k0][2].lower() in CUE_VERBS):
                        k0 += 1
                    toks_run = [words[x][2] for x in range(k0, j + 1)]
                    lone_subject = (len(toks_run) == 1 and k0 == i and text[e:e + 1] == ","
                                    and _ALNUM.search(text, max(0, s - 3), s) is None
                                    and (s == 0 or text[:s].rstrip()[-1:] in ".!?\n\"”“"
                                         or text[:s].rstrip() == ""))
                    if (2 <= len(toks_run) <= 4 or lone_subject) and prev not in (
                            "the", "a", "an") and all(
                            t[:1].isupper() and t.lower() not in _NOT_NAME_START
                            and t.lower() not in _WHEN and not t.isupper() for t in toks_run):
                        name = " ".join(toks_run)
                        canon = self.people.canonical(name) or name
                        r0, r1 = words[k0][0], words[j][1]
                        if not any(c.start < r1 and r0 < c.end for c in out):
                            out.append(_Cand(r0, r1, name, "person", canon))
                i = j + 1
                continue
            i += 1
        out.sort(key=lambda c: c.start)
        covered_until = -1
        dedup: list[_Cand] = []
        for c in out:
            if c.start >= covered_until:
                covered_until = c.end
                k = c.start - 1
                while k >= a and text[k] in " \t\u00a0":
                    k -= 1
                j = k
                while j >= a and text[j].isalpha():
                    j -= 1
                if not keep_objects and text[j + 1:k + 1].lower() in _PREPOSITIONS and not (
                        text[j + 1:k + 1].lower() == "to"
                        and text[max(a, j - 10):j + 1].rstrip().lower().endswith("according")):
                    continue  # "a source close to Marr", "a spokesperson for the board"
                dedup.append(c)
        return dedup

    def _cue_at(self, words: list[tuple[int, int, str]], k: int) -> tuple[int, int]:
        """The cue span starting at verb ``words[k]``: the verb plus ``via/on/to Instagram``,
        ``told ET``, ``as`` (describes as), ``to`` (according to)."""
        text = self.text
        s, e, w = words[k]
        low = w.lower()
        end = e
        nxt = words[k + 1] if k + 1 < len(words) else None
        if nxt is None:
            return s, end
        gap_ok = text[e:nxt[0]].strip() == ""
        if not gap_ok:
            return s, end
        nlow = nxt[2].lower()
        if low == "according" and nlow == "to":
            return s, nxt[1]
        if nlow in ("via", "on", "to", "in") and low not in ("told", "tells"):
            j = k + 2
            if j < len(words) and words[j][2].lower() in ("her", "his", "their", "its"):
                j += 1
            if j < len(words) and words[j][2][:1].isupper() and text[
                    words[j - 1][1]:words[j][0]].strip() == "" and \
                    words[j][2].lower() not in _WHEN:
                return s, words[j][1]
            return s, end
        if low in ("told", "tells", "telling"):
            j = k + 1
            if nlow == "the" and k + 2 < len(words) and words[k + 2][2][:1].isupper():
                j = k + 2
            if words[j][2][:1].isupper() and words[j][2].lower() not in _WHEN:
                # the outlet or person told: a run of capitalised words
                while j + 1 < len(words) and words[j + 1][2][:1].isupper() and \
                        text[words[j][1]:words[j + 1][0]] == " " and j < k + 5:
                    j += 1
                return s, words[j][1]
            if nlow in ("the", "an", "a"):
                if k + 2 < len(words) and words[k + 2][2].lower() not in _NOT_OBJECT and \
                        text[nxt[1]:words[k + 2][0]] == " ":
                    return s, words[k + 2][1]
                return s, end
            if nlow not in _NOT_OBJECT:
                return s, nxt[1]
        if nlow == "as":
            return s, nxt[1]
        return s, end

    # ---------------------------------------------------------------- speakers
    def _speaker(self, c: _Cand, at: int) -> Speaker | None:
        if c.kind == "person" and c.person:
            return Speaker(c.person, "person", (c.text,), 0.9)
        if c.kind == "pronoun":
            p = self.resolve_pronoun(c.start, c.text)
            if p is None:
                return None
            return Speaker(p, "person", (c.text,), 0.75)
        if c.kind == "role":
            name = self._source_name(c)
            kind = "organisation" if name in ("police", "authorities") else "anonymous"
            return Speaker(name, kind, (c.text,), 0.8)
        if c.kind == "org":
            name = c.text[4:] if c.text[:4] in ("The ", "the ") else c.text
            return Speaker(name, "organisation", (self.text[c.start:c.end],), 0.8)
        if c.kind == "title":
            p = self._titled_person(c.text.split()[-1].lower(), c.start)
            if p is None:
                return None
            return Speaker(p, "person", (c.text,), 0.7)
        return None

    def _org_named(self, head: str, before: int) -> str | None:
        """The latest capitalised organisation name ending in ``head`` before ``before``
        ("the institute" -> "Halden Institute")."""
        text = self.text
        lo = max(0, before - 6000)
        pos = text.rfind(head.capitalize(), lo, before)
        if pos <= 0:
            return None
        words = _words(text, max(0, pos - 60), pos + len(head))
        if not words or words[-1][2] != head.capitalize():
            return None
        k = len(words) - 1
        while k > 0 and words[k - 1][2][:1].isupper() and words[k - 1][2].lower() not in (
                "the", "a", "an") and text[words[k - 1][1]:words[k][0]].strip() in ("", "of"):
            k -= 1
        if k == len(words) - 1:
            return None
        return text[words[k][0]:words[-1][1]]

    def _source_name(self, c: _Cand) -> str:
        """``source (ET)`` when an anonymous source was introduced as ``a source told ET``."""
        noun = c.text.split()[-1].lower()
        text = self.text
        lo = max(0, c.start - 4000)
        for m in reversed(self.people.mentions_between(lo, c.end)):
            if m.kind != "role" or m.text.split()[-1].lower() != noun:
                continue
            after = " " + " ".join(text[m.end:m.end + 60].split()) + " "
            for verb in (" told ", " tells ", " said to ", " speaking to "):
                k = after.find(verb)
                if k < 0 or any(ch in after[:k] for ch in ".!?\"“”"):
                    continue
                rest = after[k + len(verb):].split()
                if rest and rest[0] in ("the", "The"):
                    rest = rest[1:]
                name = []
                for w in rest[:4]:
                    if not w[:1].isupper() or w in ("That",):
                        break
                    name.append(w.rstrip(".,;:"))
                    if w[-1:] in ".,;:":
                        break
                if name:
                    return f"{noun} ({' '.join(name)})"
        # "a FEMA spokesperson", "a White House official": the organisation in brackets
        mods = [w for w in c.text.split()[1:-1] if w[:1].isupper()]
        if mods:
            return f"{noun} ({' '.join(mods)})"
        return noun

    def _titled_person(self, title: str, before: int) -> str | None:
        keys = {title, *_TITLE_ABBR.get(title, ())}
        best = None
        for m in self.people.mentions_between(max(0, before - 8000), before):
            if m.person and m.kind == "name":
                k = self.text.rfind(" ", 0, max(0, m.start - 1))
                prev = self.text[k + 1:m.start].strip(" ,.").lower()
                if prev in keys:
                    best = m.person
        return best

    def resolve_pronoun(self, pos: int, pronoun: str) -> str | None:
        """Gender + salience: recency, mention count, earlier speaking, subject position."""
        gender = pronoun_gender(pronoun)
        if gender is None:
            return None
        text = self.text
        # the first name of the pronoun's own sentence (before it), then of the sentence before
        s0 = self.sentence_start(pos, 600)
        for a, b in ((s0, pos), (self.sentence_start(max(0, s0 - 1), 600), s0)):
            if b <= a:
                continue
            for c in self._candidates(a, b):
                if c.kind == "person" and c.person:
                    p = self.people.get(c.person)
                    if p is None or p.gender in (gender, None):
                        return c.person  # (a name only the attribution rules know: no gender)
                    break
        scores: dict[str, float] = {}
        counts: dict[str, int] = {}
        last_end: dict[str, int] = {}
        subject: dict[str, bool] = {}
        hi = bisect_left(self._mention_starts, pos)
        lo = bisect_left(self._mention_starts, pos - 5000)  # bounded: linear on huge texts
        for m in self.people.mentions[lo:hi]:
            if not m.person or self.in_quote(m.start):
                continue
            counts[m.person] = counts.get(m.person, 0) + 1
            last_end[m.person] = m.end
            # a sentence subject: first thing in its sentence (or right after a comma opener)
            k = m.start - 1
            while k >= 0 and text[k] in " \t\u00a0":
                k -= 1
            subject[m.person] = k < 0 or text[k] in ".!?\n,:;“\"—–"
        for name, n in counts.items():
            person = self.people.get(name)
            if person is None or person.gender not in (gender, None):
                continue
            dist = max(0, pos - last_end[name])
            score = (1 + n + 3 * self.spoken.get(name, 0) + (2 if subject[name] else 0)) / (
                1 + dist / 400)
            if person.gender is None:
                score *= 0.3  # a person of unknown gender only when nobody fits better
            scores[name] = score
        if not scores:
            return None
        return max(scores, key=lambda k: scores[k])

    # ---------------------------------------------------------------- windows
    def _after(self, sp: Span, next_open: int) -> Attribution | None:
        text = self.text
        a = (sp.close_mark + 1) if sp.close_mark >= 0 else sp.end
        para = self.paragraph_of(a)
        b = min(next_open, para[1], a + self.options.window_chars)
        if b <= a:
            return None
        content = text[sp.start:sp.end].rstrip("\"'”’ ")
        if content.endswith(".") and not content.endswith("..") and sp.close_mark >= 0:
            k = a
            while k < b and text[k] in " \t\u00a0":
                k += 1
            if k < b and text[k].isupper():
                return None  # the sentence ended inside the quote: what follows is new
        # up to the end of the sentence
        for i in range(a, b):
            if text[i] in ".!?" and (i > a + 1 or text[i] == ".") and _is_sentence_end(text, i):
                b = i
                break
        words = _words(text, a, b)
        for k, (s, _e, w) in enumerate(words[:25]):
            if w.lower() in CUE_VERBS and not _passive(words, k):
                cands = self._candidates(a, b)
                before = [c for c in cands if c.end <= s]
                after = [c for c in cands if c.start >= s and c.start - s < 60
                         and w.lower() in INVERSION_VERBS]
                if not before and not after and w.lower() in INVERSION_VERBS and k + 1 < len(
                        words) and words[k + 1][2].lower() in ("one", "another") and \
                        k + 2 == len(words):
                    # "“About time,” said one.": an unnamed member of a group just mentioned
                    s1, e1, w1 = words[k + 1]
                    after = [_Cand(s1, e1, w1, "role")]
                for c in (before[:1] or after[:1]):
                    spk = self._speaker(c, s)
                    if spk is not None:
                        cs, ce = self._cue_at(words, k)
                        return Attribution(spk, c.start, c.end, text[cs:ce], cs, ce)
                return None
        return None

    def _before(self, sp: Span, prev_close: int) -> Attribution | None:
        text = self.text
        b = sp.open_mark if sp.open_mark >= 0 else sp.start
        para = self.paragraph_of(b)
        a = max(prev_close, para[0], b - self.options.window_chars)
        if b <= a:
            return None
        for i in range(b - 1, a - 1, -1):
            if text[i] in ".!?" and _is_sentence_end(text, i):
                a = i + 1
                break
        words = _words(text, a, b)
        cands = self._candidates(a, b)
        for k in range(len(words) - 1, -1, -1):
            s, _e, w = words[k]
            if w.lower() in CUE_VERBS and not _passive(words, k) or (
                    w.lower() == "read" and text[_e:_e + 1] == ":"):
                before = [c for c in cands if c.end <= s]
                after = [c for c in cands if c.start > s and c.start - s < 40
                         and w.lower() in INVERSION_VERBS
                         and len(_words(text, _e, c.start)) <= 2
                         and "that" not in text[_e:c.start].split()]
                rel = [x for x in range(max(0, k - 2), k)
                       if words[x][2].lower() in ("which", "who")]
                if rel:
                    # "…the Chamber of Commerce, which warned that …": the noun before "which"
                    r0 = words[rel[-1]][0]
                    lo = self.sentence_start(r0, self.options.window_chars)
                    objs = [c for c in self._candidates(lo, r0, keep_objects=True)
                            if c.end <= r0]
                    if objs:
                        before = objs[-1:]
                if not before:
                    # a coordinated verb ("She added that … and revealed how … “"): the subject
                    # of the sentence's main clause
                    a2 = self.sentence_start(a, self.options.window_chars)
                    if a2 < a:
                        before = self._candidates(a2, a)[:1]
                    elif not after and a > para[0]:
                        # no subject in the sentence ("Part of it read: “…"): the subject of the
                        # sentence before
                        a3 = self.sentence_start(a - 1, self.options.window_chars)
                        before = [c for c in self._candidates(a3, a)
                                  if c.kind in ("person", "pronoun", "role", "org")][:1]
                if len(before) >= 2 and before[-2].kind == "role" and \
                        text[before[-2].end:before[-1].start].lstrip().startswith("of "):
                    before = before[:-1]  # "The family of the late writer, Ambrose Fell, said"
                for c in ([before[-1]] if before else []) + after[:1]:
                    spk = self._speaker(c, s)
                    if spk is not None:
                        cs, ce = self._cue_at(words, k)
                        return Attribution(spk, c.start, c.end, text[cs:ce], cs, ce)
                return None
        # "Cannon on Instagram: “…" (no verb, a colon right before the quote)
        if text[a:b].rstrip().endswith(":") and cands:
            c = cands[0]
            spk = self._speaker(c, c.start)
            if spk is not None:
                return Attribution(spk, c.start, c.end)
        return None

    def _para_before_ends_with_colon(self, para: tuple[int, int]) -> bool:
        pi = bisect_left(self._para_starts, para[0] + 1) - 1
        return pi > 0 and self.text[self.paragraphs[pi - 1][1] - 1] == ":"

    def _previous_paragraph(self, sp: Span) -> Attribution | None:
        """F: a quote opening its paragraph, introduced by the paragraph before ("… she posted a
        short statement on Sunday:" / "Penhallow … described the rescue to the Post.")."""
        open_pos = sp.open_mark if sp.open_mark >= 0 else sp.start
        pi = bisect_left(self._para_starts, open_pos + 1) - 1
        if pi <= 0:
            return None
        pa, pb = self.paragraphs[pi - 1]
        qi = bisect_left(self._quoted_starts, pb) - 1
        if qi >= 0 and self.quoted[qi][1] > pa:
            # the paragraph before has quotes: only an introduction after its last one counts
            # ("… called the vote “deeply disappointing.” He added:")
            if self.text[pb - 1] != ":" or self.quoted[qi][1] >= pb:
                return None
        end = pb - 1 if self.text[pb - 1] in ".:" else pb
        a = self.sentence_start(end, self.options.window_chars)
        fake = Span(end + 1, end + 1, end, -1)
        return self._before(fake, a - 1)

    def sentence_start(self, pos: int, limit: int) -> int:
        """Start of the sentence holding ``pos``, skipping sentence ends inside quotes."""
        text = self.text
        para = self.paragraph_of(pos)
        lo = max(para[0], pos - limit)
        i = pos - 1
        quoted = self.quoted
        qi = bisect_left(self._quoted_starts, i + 1) - 1  # the last quote starting at or before i
        while i >= lo:
            if qi >= 0 and i < quoted[qi][1]:
                i = quoted[qi][0] - 1  # inside a quote: jump over it
                qi -= 1
                continue
            if text[i] in ".!?" and _is_sentence_end(text, i):
                return i + 1
            i -= 1
            while qi >= 0 and quoted[qi][0] > i:
                qi -= 1
        return max(lo, 0)

    def has_cue_in_sentence(self, sp: Span, next_open: int) -> bool:
        """Is there a speech verb in the quote's sentence outside quotes?"""
        text = self.text
        para = self.paragraph_of(sp.start)
        b0 = sp.open_mark if sp.open_mark >= 0 else sp.start
        a = self.sentence_start(b0, self.options.window_chars)
        e0 = (sp.close_mark + 1) if sp.close_mark >= 0 else sp.end
        b = min(para[1], e0 + self.options.window_chars)
        for i in range(e0, b):
            if text[i] in ".!?" and _is_sentence_end(text, i) and not self.in_quote(i):
                b = i
                break
        before = _words(text, a, b0)
        for k, (s0, _e, w) in enumerate(before):
            if w.lower() in CUE_VERBS and not self.in_quote(s0) and not _passive(before, k):
                return True
        # after the quote only an attribution right behind it counts ("…," she said), not a
        # verb of a later clause ("the “security” fence that neighbours say was cut")
        after = _words(text, e0, b)[:4]
        return any(w.lower() in CUE_VERBS and not _passive(after, k)
                   for k, (_s, _e, w) in enumerate(after)) and text[e0:e0 + 1] in ",!?—–" \
            or any(w.lower() in CUE_VERBS for _s, _e, w in after[:2])

    # ---------------------------------------------------------------- main
    def run(self, article_id: str) -> list[Quote]:
        text = self.text
        opts = self.options
        top = [s for s in self.spans if not s.nested]
        prev_attr: Attribution | None = None
        prev_span: Span | None = None
        quotes: list[Quote] = []
        for idx, sp in enumerate(top):
            prev_close = -1
            if prev_span is not None:
                prev_close = (prev_span.close_mark + 1) if prev_span.close_mark >= 0 \
                    else prev_span.end
            nxt = top[idx + 1] if idx + 1 < len(top) else None
            next_open = (nxt.open_mark if nxt.open_mark >= 0 else nxt.start) if nxt else len(text)
            para = self.paragraph_of(sp.open_mark if sp.open_mark >= 0 else sp.start)
            same_para_prev = prev_span is not None and prev_close > para[0]
            content = text[sp.start:sp.end]
            nwords = len(content.split())
            first_alpha = next((ch for ch in content if ch.isalnum() or ch == "["), "")
            open_pos = sp.open_mark if sp.open_mark >= 0 else sp.start
            at_para_start = text[para[0]:open_pos].strip() == ""
            embedded = not at_para_start and first_alpha.islower()
            if sp.headline:
                kind = "headline"
            elif sp.multi_paragraph:
                kind = "multi-paragraph"
            elif sp.single and not opts.include_headline:
                kind = "direct"
            elif embedded:
                kind = "partial"
            else:
                kind = "direct"
            scare = False
            sent_start = self.sentence_start(open_pos, opts.window_chars)
            standalone = _ALNUM.search(text, sent_start, open_pos) is None
            title_case = nwords >= 2 and all(
                w[:1].isupper() or not w[:1].isalpha() or w in ("of", "the", "a", "an", "and",
                                                                "in", "on", "for", "to")
                for w in content.split()) and content.split()[0][:1].isupper()
            if (nwords <= opts.scare_max_words or title_case and nwords <= 8) and \
                    not sp.headline and not standalone and \
                    not self.has_cue_in_sentence(sp, next_open):
                scare = True
                kind = "scare"
            attr: Attribution | None = None
            if not scare:
                pc = prev_close if same_para_prev else -1
                if kind == "partial":
                    attr = self._before(sp, pc) or self._after(sp, next_open)
                else:
                    attr = self._after(sp, next_open) or self._before(sp, pc)
                if attr is None and same_para_prev and prev_attr is not None and \
                        prev_attr.speaker.kind != "unknown":
                    attr = prev_attr  # C: split quote / same chain
                if attr is None and at_para_start and kind != "partial" and \
                        self._para_before_ends_with_colon(para):
                    attr = self._previous_paragraph(sp)  # F first: "He added:" ¶ “…”
                if attr is None and opts.inherit_paragraph_speaker and at_para_start and \
                        prev_attr is not None and prev_attr.speaker.kind != "unknown" \
                        and prev_span is not None and self._only_quote(sp, para, next_open) \
                        and self._prev_para_ends_with_quote(prev_span, para):
                    attr = Attribution(
                        Speaker(prev_attr.speaker.name, prev_attr.speaker.kind,
                                prev_attr.speaker.mentions,
                                round(prev_attr.speaker.confidence * 0.8, 3)))
                if attr is None and kind != "partial" and not same_para_prev and standalone:
                    attr = self._previous_sentence_subject(sent_start, para)
                if attr is None and at_para_start and kind != "partial":
                    attr = self._previous_paragraph(sp)
            if attr is None:
                attr = Attribution.unknown()
            if attr.speaker.kind == "person" and attr.speaker.name:
                self.spoken[attr.speaker.name] = self.spoken.get(attr.speaker.name, 0) + 1
            q = Quote(article_id=article_id, start=sp.start, end=sp.end, text=content,
                      speaker=attr.speaker, kind=kind, speaker_start=attr.speaker_start,
                      speaker_end=attr.speaker_end, cue=attr.cue, cue_start=attr.cue_start,
                      cue_end=attr.cue_end)
            if not scare or opts.include_scare:
                quotes.append(q)
            if not scare:
                prev_attr = attr
            prev_span = sp
        if opts.include_nested:
            for sp in self.spans:
                if sp.nested:
                    quotes.append(Quote(article_id=article_id, start=sp.start, end=sp.end,
                                        text=text[sp.start:sp.end], speaker=Speaker.unknown(),
                                        kind="nested", parent=sp.parent))
        quotes.sort(key=lambda q: (q.start, q.kind == "nested"))
        return quotes

    def _previous_sentence_subject(self, sent_start: int,
                                   para: tuple[int, int]) -> Attribution | None:
        """E: a quote standing alone after a sentence about someone ("Asked whether he would
        run, he smiled. “Ask me next week.”"): the first speaker mention of that sentence."""
        if sent_start <= para[0]:
            return None
        a = self.sentence_start(sent_start - 1, self.options.window_chars)
        if a < para[0]:
            return None
        for c in self._candidates(a, sent_start):
            if c.kind in ("person", "pronoun"):
                spk = self._speaker(c, c.start)
                if spk is not None:
                    spk = Speaker(spk.name, spk.kind, spk.mentions, 0.5)
                    return Attribution(spk, c.start, c.end)
            return None
        return None

    def _only_quote(self, sp: Span, para: tuple[int, int], next_open: int) -> bool:
        """Is the paragraph nothing but quotes (no words outside the quote marks)?"""
        text = self.text
        end = (sp.close_mark + 1) if sp.close_mark >= 0 else sp.end
        if end >= para[1]:
            return True
        rest = text[end:min(para[1], next_open)]
        return not any(ch.isalnum() for ch in rest) and next_open >= para[1]

    def _prev_para_ends_with_quote(self, prev: Span, para: tuple[int, int]) -> bool:
        """Did the paragraph before ``para`` end with ``prev`` (or ``prev``'s attribution)?"""
        text = self.text
        end = (prev.close_mark + 1) if prev.close_mark >= 0 else prev.end
        if end > para[0]:
            return False
        gap = text[end:para[0]]
        # the previous paragraph closes with the quote, or with a short attribution after it
        tail = gap.split("\n", 1)[0]
        return len(_words(text, end, end + len(tail))) <= 8
