"""The one configuration object of the quotes stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class QuoteOptions:
    """Options of the quotes stage (every field has a documented default).

    Detection and attribution are rule-based and linear; spaCy is optional (``use_spacy``)
    and, when on, only parses the sentences around quotes whose speaker the rules left unknown.
    """

    scare_max_words: int = 2
    """A quote of at most this many words whose sentence has no speech verb is a scare quote
    (``the "Squad"``): kind ``"scare"``, speaker unknown."""
    include_scare: bool = True
    """Keep scare quotes in the output (kind ``"scare"``); ``False`` drops them."""
    include_nested: bool = True
    """Report single-quoted quotes inside double quotes as their own ``"nested"`` quotes (the
    container's text always keeps them)."""
    include_headline: bool = True
    """``extract_quotes(text, title=...)``: report the quotes of the given title first, with kind
    ``"headline"`` and offsets into the title."""
    title_quotes: bool = False
    """``quotes_for_article``/``quotes_for_articles``: also report the quotes of
    ``Article.title`` (kind ``"headline"``, offsets into the **title**). Off by default because
    readers of the stage's output (store, web page, digest) take every quote's offsets into
    ``Article.text``. A headline-like first line *inside* the text is always reported (kind
    ``"headline"``, offsets into the text)."""
    window_chars: int = 320
    """How far before/after a quote attribution looks (characters); bounds the work per quote."""
    inherit_paragraph_speaker: bool = True
    """A paragraph made only of a quote, with no attribution of its own, continues the speaker
    of the quote that ended the previous paragraph (news convention)."""
    use_spacy: bool = False
    """When the rules leave a quote without a speaker, run spaCy's NER (through
    ``storytrace.nlp``) on that quote's paragraph and the one before it, add the PERSON names it
    finds to the people of the article, and attribute again. Off by default: the rules alone
    reach the measured scores, and the model costs time (loading it ~1-2 s once)."""
    match_threshold: float = 0.82
    """``match_statements``: how similar (0..1, normalised word overlap) two quotes must be
    over their shared part to be fragments of one statement."""
    min_statement_words: int = 4
    """``match_statements``: shorter quotes are not matched across articles."""
