"""The search stage: index each source's passages for FTS5; embed new passages after the corpus.

Embedding is the slow part (paragraph-long passages take a large share of a second each on two
cores; see docs/benchmarks.md). ``ADFONTES_EMBED`` says what ``analyze`` does with it: ``auto``
(default, also when empty) embeds when at most ``AUTO_LIMIT`` passages lack a vector and
otherwise leaves them to ``adfontes embed``; ``1``/``on``/``true``/``yes`` always embeds;
``0``/``off``/``false``/``no`` never does. Case does not matter; any other value is refused.
"""

from __future__ import annotations

import os
import sqlite3

from adfontes.analyze import Stage
from adfontes.errors import UsageError
from adfontes.search import terms
from adfontes.search.embed import default_embedder, embed_missing
from adfontes.store import Store
from adfontes.store import search as db
from adfontes.store.sources import PassageRow, SourceRow

VERSION = "1"
AUTO_LIMIT = 300
EMBED_VALUES = {
    "auto": "auto", "": "auto",
    "1": "on", "on": "on", "true": "on", "yes": "on",
    "0": "off", "off": "off", "false": "off", "no": "off",
}  # fmt: skip


def embed_setting() -> str:
    """``auto``, ``on`` or ``off`` from ``ADFONTES_EMBED``; a UsageError for any other value."""
    value = os.environ.get("ADFONTES_EMBED", "auto")
    setting = EMBED_VALUES.get(value.strip().lower())
    if setting is None:
        raise UsageError(
            f"ADFONTES_EMBED={value!r} is not one of auto, 1, on, true, yes, 0, off, false, no"
        )
    return setting


def run_source(conn: sqlite3.Connection, source: SourceRow, passages: list[PassageRow]) -> int:
    embed_setting()  # a mistyped setting stops the stage before it writes anything
    hook = terms.name_keys_hook()
    rows = []
    for p in passages:
        forms = terms.index_forms(p.text, p.lang or source.language, hook)
        rows.append((p.id, forms.words, forms.stems, forms.names, forms.length))
    return db.replace_source(conn, source.id, rows)


def run_corpus(store: Store) -> int:
    setting = embed_setting()
    with store.transaction() as conn:
        db.drop_orphans(conn)
    if setting == "off":
        return 0
    embedder = default_embedder().embedder
    if embedder is None:
        return 0
    missing = len(db.missing_embeddings(store.conn, embedder.name))
    if setting == "auto" and missing > AUTO_LIMIT:
        return 0
    return embed_missing(store, embedder)


STAGE = Stage("search", VERSION, run_source, run_corpus)
