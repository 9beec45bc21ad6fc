"""Run every analysis stage that exists over what is stored.

A stage module defines ``STAGE = Stage(...)``. ``run_source`` replaces the stage's own rows for
one source (inside a transaction that also records the run); ``run_corpus``, when given, runs once
after every source is done (clustering, cross-source links).
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass

from adfontes.store import Store
from adfontes.store import sources as db

# In the order they run: a later stage may read what an earlier one wrote.
STAGE_MODULES: list[str] = [
    "adfontes.cite.stage",
    "adfontes.time.stage",
    "adfontes.names.stage",
    "adfontes.search.stage",
    "adfontes.variants.stage",
    "adfontes.claims.stage",
]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    version: str
    run_source: Callable[[sqlite3.Connection, db.SourceRow, list[db.PassageRow]], int] | None = None
    run_corpus: Callable[[Store], int] | None = None
    # Lines for people on what the stage found in the whole store (``adfontes demo`` prints them).
    summary: Callable[[Store], list[str]] | None = None
    # What needs a person's attention after a run (a recorded decision that no longer applies).
    warnings: Callable[[Store], list[str]] | None = None


def stages() -> list[Stage]:
    return [importlib.import_module(name).STAGE for name in STAGE_MODULES]


def summaries(store: Store) -> list[tuple[str, list[str]]]:
    return [(stage.name, stage.summary(store)) for stage in stages() if stage.summary is not None]


def warnings(store: Store) -> list[str]:
    """Every stage's warnings on what is stored, in stage order."""
    return [w for stage in stages() if stage.warnings is not None for w in stage.warnings(store)]


def analysable_sources(store: Store) -> list[db.SourceRow]:
    """Sources that own passages (documents, or whole files that were not split), minus noise."""
    owners = {r[0] for r in store.conn.execute("SELECT DISTINCT source_id FROM passages")}
    return [s for s in db.list_sources(store.conn, include_noise=False) if s.id in owners]


def analyze(
    store: Store,
    progress: Callable[[str, int, int], None] | None = None,
    only: Collection[str] | None = None,
) -> dict:
    """Run each stage (only those named in ``only``, when given) over each analysable source;
    returns records written per stage."""
    written: dict[str, int] = {}
    sources = analysable_sources(store)
    for stage in stages():
        if only is not None and stage.name not in only:
            continue
        total = 0
        if stage.run_source is not None:
            for i, source in enumerate(sources, 1):
                passages = db.passages(store.conn, source_id=source.id, analysable=True)
                with store.transaction() as conn:
                    total += stage.run_source(conn, source, passages)
                    db.record_stage(conn, source.id, stage.name, stage.version)
                if progress:
                    progress(stage.name, i, len(sources))
        if stage.run_corpus is not None:
            total += stage.run_corpus(store)
        written[stage.name] = total
    return written
