"""Reuse: passages that articles share, aligned, clustered, with the article they came from.

Public API::

    find_reuse(articles, options) -> list[ReuseCluster]                  # batch
    update_reuse(index, new_articles, lookup, options) -> (index, pairs)  # incremental
    cluster_pairs(pairs, articles) -> list[ReuseCluster]
    ReuseIndex.to_bytes() / ReuseIndex.from_bytes(data)                  # persisted index
    ReuseOptions(ngram=5, min_words=15, max_df=100, max_outlet_df=None, max_gap=20)

Modules: ``normalize`` (tokens with offsets), ``shingles`` (n-gram hashes, winnowing),
``index`` (candidate index), ``align`` (passages of one pair), ``cluster`` (clusters, origin),
``engine`` (the entry points).
"""

from .cluster import cluster_pairs
from .engine import find_reuse, update_reuse
from .index import ReuseIndex
from .options import ReuseOptions

__all__ = ["ReuseIndex", "ReuseOptions", "cluster_pairs", "find_reuse", "update_reuse"]
