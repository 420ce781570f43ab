"""The one options object of the reuse stage: what a user means, with the internals derived."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True, kw_only=True)
class ReuseOptions:
    """What counts as reuse.

    Defaults were chosen on the labelled corpus of ``evaluation/reuse.py`` and on the seed
    articles (see ``notes/issue-3.md``).
    """

    ngram: int = 5
    """Words per anchor n-gram. Shorter finds more (and more chance matches); longer is stricter
    about edits (a substituted word breaks ``ngram`` anchors)."""

    min_words: int = 15
    """Shortest passage reported, in aligned (shared) words. 15 keeps the shortest paragraph the
    seed articles share (16 words) and drops stock phrases and shared name lists."""

    max_df: int = 100
    """An n-gram found in more than this many articles is a stock phrase or wire boilerplate: it
    never makes two articles candidates and a passage made only of such n-grams is not
    reported."""

    max_outlet_df: int | None = None
    """When set (e.g. 10): an n-gram found in more than this many articles *of one outlet* is
    that outlet's boilerplate (footer, newsletter promo, standard bio) and is treated the same
    way, however small the corpus. Articles without an outlet count as outlets of their own.
    Off by default; both engines apply it (the Spark engine since issue 8, session 2)."""

    max_gap: int = 20
    """Unaligned words one passage may bridge between two aligned pieces, in each article: an
    inserted ``Scott continued`` (2), a re-worded clause, a swapped sentence, an interrupting
    attribution (``she wrote via Instagram at the time of the little one's death``, 13). A
    longer insertion splits the passage in two (the seeds' 26-word ``She added that ...``
    between two quoted passages does)."""

    def __post_init__(self) -> None:
        if self.ngram < 1 or self.ngram > 16:
            raise InputError(f"reuse ngram must be between 1 and 16 words, not {self.ngram}")
        if self.min_words < 1:
            raise InputError(f"reuse min_words must be at least 1, not {self.min_words}")
        if self.max_df < 2:
            raise InputError(f"reuse max_df must be at least 2 articles, not {self.max_df}")
        if self.max_outlet_df is not None and self.max_outlet_df < 1:
            raise InputError(f"reuse max_outlet_df must be at least 1, not {self.max_outlet_df}")
        if self.max_gap < 0:
            raise InputError(f"reuse max_gap must be >= 0, not {self.max_gap}")

    # ---- derived internals -------------------------------------------------------------
    @property
    def window(self) -> int:
        """Winnowing window: any shared run of ``window + ngram - 1`` words shares an anchor."""
        return max(1, min(4, self.min_words - self.ngram + 1))

    @property
    def min_shared(self) -> int:
        """Anchors two articles must share to be aligned."""
        return 1 if self.min_words < self.window + self.ngram + 2 else 2

    @property
    def repeat_cap(self) -> int:
        """An n-gram repeated more often than this inside one article is not used to align."""
        return 8

    def df_limit(self, n_articles: int) -> int:
        """The document-frequency limit for a corpus of ``n_articles`` (``max_df``; kept for
        the Spark engine, which calls it)."""
        del n_articles
        return self.max_df

    def fingerprint(self) -> str:
        """What the persisted index depends on (an index built with other values is rebuilt)."""
        return f"ngram={self.ngram};window={self.window}"
