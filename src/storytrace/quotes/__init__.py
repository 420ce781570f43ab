"""Quotes: every direct quotation, who said it, and the same statement followed across outlets.

* :func:`extract_quotes` — raw text in, ``Quote`` records out (no database);
* :func:`quotes_for_article` / :func:`quotes_for_articles` — the stage over ``Article`` records;
* :func:`match_statements` — joins the fragments of one utterance quoted by several articles
  into ``Statement`` records.

Modules: ``detect`` (linear scanner over quote marks), ``attribute`` (speaker and cue),
``statements`` (cross-article matching), ``options`` (``QuoteOptions``).
"""

from .extract import extract_quotes, headline_quotes, quotes_for_article, quotes_for_articles
from .options import QuoteOptions
from .statements import match_statements

__all__ = [
    "QuoteOptions", "extract_quotes", "headline_quotes", "match_statements",
    "quotes_for_article", "quotes_for_articles",
]
