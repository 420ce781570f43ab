"""Sentences and terms: the digest's view of an article's text.

``split_sentences`` returns character spans (``text[start:end]`` is the sentence, without the
surrounding whitespace and without a quote mark that opens or closes a quotation spanning several
sentences). ``terms`` turns a sentence into the normalised terms the TF-IDF vectors are built from:
lower case, number words as digits ("five months", "5-month-old" -> ``5``, ``5:month``), a light
suffix stemmer and a few spelling variants, so that outlets' paraphrases meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_BOUNDARY = re.compile(r"""[.!?…]+["”’')\]]*(?=\s+["“‘'(\[]*[A-Z0-9])""")
_PARAGRAPH = re.compile(r"[^\n]+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr prof gen sen rep gov lt col sgt capt mt no nos vs etc inc ltd co corp "
    "dept est fig jan feb mar apr jun jul aug sep sept oct nov dec approx ft rev hon".split()
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """Whether the single period at ``dot`` ends an abbreviation or an initial, not a sentence."""
    word_start = dot
    while word_start > 0 and not paragraph[word_start - 1].isspace():
        word_start -= 1
    word = paragraph[word_start:dot].lstrip("(\"“‘'")
    if not word:
        return False
    if word.lower() in _ABBREVIATIONS:
        return True
    return bool(_INITIALS.fullmatch(word)) and len(word.replace(".", "")) <= 3 and word[0].isupper()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip whitespace, and a quote mark left unbalanced by splitting a quotation."""
    start, end = _strip(text, start, end)
    span = text[start:end]
    if span[:1] == "“" and span.count("“") > span.count("”"):
        start, end = _strip(text, start + 1, end)
    elif span[:1] == '"' and span.count('"') % 2:
        start, end = _strip(text, start + 1, end)
    span = text[start:end]
    if span[-1:] == "”" and span.count("”") > span.count("“"):
        start, end = _strip(text, start, end - 1)
    elif span[-1:] == '"' and span.count('"') % 2:
        start, end = _strip(text, start, end - 1)
    return start, end


def _chunks(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long span at whitespace into pieces of at most ``limit`` characters."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        yield start, cut
        start = cut
    yield start, end


def split_sentences(text: str, *, max_chars: int = 600) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (rule-based): every span is non-empty and
    ``text[start:end]`` is the sentence. Paragraph breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        para = paragraph.group()
        base = paragraph.start()
        cursor = 0
        for match in _BOUNDARY.finditer(para):
            if match.group().startswith(".") and len(match.group().rstrip("\"”’')]")) == 1:
                if _is_abbreviation(para, match.start()):
                    continue
            spans.append((base + cursor, base + match.end()))
            cursor = match.end()
        spans.append((base + cursor, base + len(para)))
    result: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = _trim(text, start, end)
        if end <= start or not any(ch.isalnum() for ch in text[start:end]):
            continue
        for piece in _chunks(text, start, end, max_chars):
            piece = _trim(text, *piece)
            if piece[1] > piece[0]:
                result.append(piece)
    return result


def spacy_sentences(texts: list[str], *, max_chars: int = 600) -> list[list[tuple[int, int]]]:
    """Sentence spans from spaCy's dependency parser (slower; same span conventions)."""
    from .. import nlp

    pipeline = nlp.load(("parser",))
    out: list[list[tuple[int, int]]] = []
    for doc in pipeline.pipe(texts, batch_size=32):
        spans: list[tuple[int, int]] = []
        for sent in doc.sents:
            for para in _PARAGRAPH.finditer(doc.text, sent.start_char, sent.end_char):
                start, end = _trim(doc.text, para.start(), para.end())
                if end > start and any(ch.isalnum() for ch in doc.text[start:end]):
                    for piece in _chunks(doc.text, start, end, max_chars):
                        piece = _trim(doc.text, *piece)
                        if piece[1] > piece[0]:
                            spans.append(piece)
        out.append(spans)
    return out


# --- terms ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+|\d+")
_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
    "twins": "twin", "dozen": "12", "hundred": "100",
}
_IRREGULAR = {
    "died": "die", "dies": "die", "dying": "die", "dead": "die", "death": "die", "deaths": "die",
    "born": "birth", "births": "birth", "bore": "birth", "tumour": "tumor", "tumours": "tumor",
    "mum": "mom", "mummy": "mom", "mommy": "mom", "mother": "mom", "mothers": "mom",
    "colour": "color", "honour": "honor", "favourite": "favorite", "centre": "center",
    "children": "child", "kids": "child", "kid": "child", "men": "man", "women": "woman",
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "months": "month", "years": "year", "weeks": "week", "days": "day",
    "pregnant": "pregnan", "pregnancy": "pregnan", "expecting": "expect",
    "instagram": "instagram", "was": "was", "has": "has", "his": "his", "is": "is",
    # a few news-domain synonyms, so that outlets' wordings of one fact meet
    "injured": "hurt", "injuring": "hurt", "injuries": "hurt", "injury": "hurt",
    "cancer": "tumor", "newborn": "baby", "infant": "baby", "babies": "baby",
    "passed": "die", "lost": "loss", "losing": "loss", "wed": "marry", "married": "marry",
    "wife": "spouse", "husband": "spouse", "announced": "announce", "revealed": "announce",
}
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else ever every
few for from further had has have having he her here hers herself him himself his how however i
if in into is it its itself just least less let like may me might mine more most much must my
myself neither no nor not now of off often on once only or other others otherwise our ours
ourselves out over own per quite rather same shall she should since so some such than that the
their theirs them themselves then there these they this those though through thus to too under
until up upon us very via was we were what whatever when whenever where whether which while who
whoever whom whose why will with within without would yet you your yours yourself yourselves
s t ll ve d m re don didn doesn isn wasn aren weren won wouldn couldn shouldn hasn haven hadn
""".split())
"""Function words only: unlike generic stop lists, no content word (fire, bill, full, four) is
dropped, since those carry the facts outlets share."""
_VOWELS = set("aeiouy")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, deterministic English suffix stemmer (plural, -ed, -ing, final -e)."""
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    w = _IRREGULAR.get(word, word)
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5 and _VOWELS & set(w[:-3]):
        w = w[:-3]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif w.endswith("ed") and len(w) > 4 and _VOWELS & set(w[:-2]):
        w = w[:-2]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "percent", "mile", "km",
                    "pound", "dollar", "child", "time"})


def terms(sentence: str) -> list[str]:
    """The normalised content terms of a sentence (stop words dropped, numbers kept).

    A number followed by a unit also gives a joined term ("five months", "5-month-old" ->
    ``5:month``), so that quantities match as a whole. "one" counts as a number only before a
    unit ("one year"); elsewhere it is a pronoun ("no one", "one of them").
    """
    out: list[str] = []
    previous_number: str | None = None
    for match in _WORD.finditer(sentence):
        word = match.group().lower()
        if word == "one":
            previous_number = "1"
            continue
        if word in STOP_WORDS and word not in _NUMBER_WORDS:
            previous_number = None
            continue
        term = stem(word)
        if previous_number is not None and term in _UNITS:
            if previous_number == "1" and (not out or out[-1] != "1"):
                out.append("1")
            out.append(f"{previous_number}:{term}")
        out.append(term)
        previous_number = term if term.isdigit() else None
    return out


def is_number(term: str) -> bool:
    """Whether a normalised term states a number (digits, ordinals)."""
    return term[:1].isdigit()


def looks_like_headline(sentence: str) -> bool:
    """A title-case line without final punctuation (a headline or a section title)."""
    stripped = sentence.rstrip("\"”’' ")
    if stripped.endswith((".", "!", "?", "…")):
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", sentence) if len(w) > 3]
    if not words:
        return True
    return sum(w[0].isupper() for w in words) / len(words) >= 0.6
