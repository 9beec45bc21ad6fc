"""SQL for the ``times`` table: dates, ranges and durations found by the dates stage."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

COLUMNS = (
    "source_id", "file_id", "passage_id", "start", "end", "surface", "value", "earliest",
    "latest", "precision", "calendar", "rule", "anchoring", "anchor", "role", "lang",
)  # fmt: skip


def delete_source(conn: sqlite3.Connection, source_id: str) -> None:
    conn.execute("DELETE FROM times WHERE source_id = ?", (source_id,))


def insert_times(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows in the order of ``COLUMNS``."""
    marks = ", ".join("?" for _ in COLUMNS)
    conn.executemany(f"INSERT INTO times ({', '.join(COLUMNS)}) VALUES ({marks})", rows)


def list_times(
    conn: sqlite3.Connection,
    *,
    source_ids: list[str] | None = None,
    lang: str | None = None,
    dated_only: bool = False,
) -> list[sqlite3.Row]:
    """Stored expressions in file order, with their passage's text span and kind."""
    sql = (
        "SELECT t.*, p.start AS p_start, p.end AS p_end, p.kind AS p_kind, p.seq AS p_seq "
        "FROM times t LEFT JOIN passages p ON p.id = t.passage_id WHERE 1"
    )
    args: list = []
    if source_ids is not None:
        sql += f" AND t.source_id IN ({', '.join('?' for _ in source_ids)})"
        args += source_ids
    if lang:
        sql += " AND t.lang = ?"
        args.append(lang)
    if dated_only:
        sql += " AND t.value NOT LIKE 'DURATION:%' AND (t.earliest IS NOT NULL OR t.latest IS NOT NULL)"
    sql += " ORDER BY t.file_id, t.start"
    return conn.execute(sql, args).fetchall()
