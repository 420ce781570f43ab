"""The quotes stage entry points: raw text or articles in, ``Quote`` records out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..people import People, find_people
from ..records import Article, Quote, Speaker
from .attribute import CUE_VERBS, Attributor
from .detect import _paragraphs, find_quotes
from .options import QuoteOptions

DEFAULT_OPTIONS = QuoteOptions()


def extract_quotes(text: str, *, article_id: str = "", title: str | None = None,
                   options: QuoteOptions = DEFAULT_OPTIONS,
                   people: People | None = None) -> list[Quote]:
    """Every quotation of ``text`` with its speaker and cue, sorted by position.

    Works on raw text with no database. Offsets are character offsets into ``text`` and exclude
    the quote marks (``text[q.start:q.end] == q.text``). Nested quotes (kind ``"nested"``) follow
    the quote that contains them (``parent``). When ``title`` is given, quotes in it are
    reported first with kind ``"headline"`` and offsets into ``title`` (see
    :func:`headline_quotes`). ``people`` is ``find_people(text)`` when the caller already has
    it (computed here otherwise).
    """
    quotes: list[Quote] = []
    if title and options.include_headline:
        quotes.extend(headline_quotes(title, text, article_id=article_id))
    spans = find_quotes(text)
    if not spans:
        return quotes
    if people is None:
        people = find_people(text)
    paragraphs = _paragraphs(text)
    found = Attributor(text, people, spans, options, paragraphs).run(article_id)
    if options.use_spacy:
        unknown = [q for q in found if q.kind not in ("scare", "nested")
                   and q.speaker.kind == "unknown"]
        if unknown:
            richer = _people_with_ner(text, [q.start for q in unknown], people, paragraphs)
            if richer is not people:
                found = Attributor(text, richer, spans, options, paragraphs).run(article_id)
    quotes.extend(found)
    return quotes


def headline_quotes(title: str, text: str = "", *, article_id: str = "") -> list[Quote]:
    """Quotes of a headline, kind ``"headline"``, offsets into ``title``.

    The speaker is the person the headline starts with when a speech-like verb follows the
    name (``Alyssa Scott Shares Emotional Tribute …: 'I Will Love You for Eternity'``), resolved
    to the canonical name of the article body; otherwise unknown.
    """
    spans = [s for s in find_quotes(title, headline=True) if not s.nested]
    if not spans:
        return []
    people = find_people(title)
    body_people = find_people(text) if text else None
    speaker = Speaker.unknown()
    s_start = s_end = None
    first = spans[0].open_mark if spans[0].open_mark >= 0 else spans[0].start
    for p in people.persons:
        m = p.mentions[0]
        if m.start >= first:
            break
        tail = title[m.end:first].split()
        if any(w.lower().strip(":,") in CUE_VERBS or w.lower() in (
                "pens", "opens", "slams", "reflects", "honors", "honours", "mourns", "remembers")
               for w in tail[:3]):
            name = (body_people.canonical(p.name) if body_people else None) or p.name
            speaker = Speaker(name, "person", (m.text,), 0.7)
            s_start, s_end = m.start, m.end
            break
    if speaker.kind == "unknown" and spans[0].close_mark >= 0:
        # "'Every story needs a lamp': Emil Brandvold on the father viewers knew"
        after = spans[0].close_mark + 1
        if title[after:after + 1] == ":":
            k = after + 1
            while k < len(title) and title[k] == " ":
                k += 1
            words = []
            pos = k
            for w in title[k:].split(" ")[:4]:
                if not w[:1].isupper() or not w.strip(",;:").isalpha():
                    break
                words.append(w.strip(",;:"))
                pos += len(w) + 1
            run = " ".join(words)
            name = (body_people.canonical(run) if body_people and run else None) or (
                run if len(words) >= 2 else None)
            if name:
                speaker = Speaker(name, "person", (run,), 0.6)
                s_start, s_end = k, k + len(run)
    return [Quote(article_id=article_id, start=s.start, end=s.end, text=title[s.start:s.end],
                  speaker=speaker, kind="headline", speaker_start=s_start, speaker_end=s_end)
            for s in spans]


def quotes_for_article(article: Article, options: QuoteOptions = DEFAULT_OPTIONS,
                       people: People | None = None) -> list[Quote]:
    """The quotes of one article, offsets into ``article.text``. With
    ``options.title_quotes`` the quotes of ``article.title`` come first, kind ``"headline"``,
    offsets into the title. ``people``: ``find_people(article.text)`` when already known."""
    title = article.title if options.title_quotes else None
    return extract_quotes(article.text, article_id=article.id, title=title, options=options,
                          people=people)


def quotes_for_articles(articles: Iterable[Article],
                        options: QuoteOptions = DEFAULT_OPTIONS) -> Iterator[list[Quote]]:
    """The streaming path: one list of quotes per article, in input order.

    Attribution is rule-based and linear, so articles are processed one by one with constant
    memory; with ``options.use_spacy`` the NER runs only on the sentences around quotes.
    """
    for article in articles:
        yield quotes_for_article(article, options)


def _people_with_ner(text, positions, people, paragraphs):
    """``use_spacy``: the people of ``text`` plus the PERSON names spaCy's NER finds in the
    paragraphs of the quotes at ``positions`` (only those paragraphs are parsed)."""
    from .. import nlp

    model = nlp.load(("ner",))
    wanted = [(a, b) for a, b in paragraphs if any(a <= p < b for p in positions)]
    # the paragraph before each one too: speakers are often introduced there
    extra = [paragraphs[i - 1] for i, ab in enumerate(paragraphs) if ab in wanted and i > 0]
    wanted = sorted(set(wanted) | set(extra))
    ents = []
    for (a, _b), doc in zip(wanted, model.pipe(text[a:b] for a, b in wanted), strict=True):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                ents.append(_Ent(ent.start_char + a, "PERSON"))
    if not ents:
        return people
    return find_people(text, doc=_Doc(tuple(ents)))


class _Ent:
    __slots__ = ("start_char", "label_")

    def __init__(self, start_char: int, label: str) -> None:
        self.start_char = start_char
        self.label_ = label


class _Doc:
    __slots__ = ("ents",)

    def __init__(self, ents: tuple[_Ent, ...]) -> None:
        self.ents = ents
