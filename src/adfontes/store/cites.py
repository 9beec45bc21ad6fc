"""SQL for citations, bibliography entries, citation problems and provenance edges."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

# --- writing -----------------------------------------------------------------------------------


def delete_source(conn: sqlite3.Connection, source_id: str) -> None:
    """The stage's own rows for one source (edges and problems are rebuilt per corpus run)."""
    for table in ("provenance_edges", "cite_problems", "citations", "bib_entries"):
        conn.execute(f"DELETE FROM {table} WHERE source_id = ?", (source_id,))


def insert_entries(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows of (source_id, file_id, passage_id, seq, start, end, alias, work_key, csl, spans)."""
    conn.executemany(
        "INSERT INTO bib_entries (source_id, file_id, passage_id, seq, start, end, alias, work_key, "
        "csl, spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_citations(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows of (source_id, file_id, passage_id, start, end, kind, rule, fields, archive_key)."""
    conn.executemany(
        "INSERT INTO citations (source_id, file_id, passage_id, start, end, kind, rule, fields, "
        "archive_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def set_links(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows of (entry_id, target_citation_id, method, citation_id)."""
    conn.executemany(
        "UPDATE citations SET entry_id = ?, target_citation_id = ?, method = ? WHERE id = ?", rows
    )


def replace_corpus_links(conn: sqlite3.Connection) -> None:
    """Forget every link, problem and edge before a corpus run rebuilds them."""
    conn.execute("UPDATE citations SET entry_id = NULL, target_citation_id = NULL, method = NULL")
    conn.execute("DELETE FROM cite_problems")
    conn.execute("DELETE FROM provenance_edges")


def insert_problems(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows of (source_id, file_id, kind, detail, spans, vals)."""
    conn.executemany(
        "INSERT INTO cite_problems (source_id, file_id, kind, detail, spans, vals) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_edges(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows of (source_id, relation, target_kind, target, label, citation_id)."""
    conn.executemany(
        "INSERT INTO provenance_edges (source_id, relation, target_kind, target, label, citation_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


# --- reading -----------------------------------------------------------------------------------

_CURRENT = "JOIN files f ON f.id = {t}.file_id AND f.superseded_by IS NULL"


def entries(conn: sqlite3.Connection, source_id: str | None = None) -> list[sqlite3.Row]:
    sql = f"SELECT e.* FROM bib_entries e {_CURRENT.format(t='e')}"
    args: list = []
    if source_id is not None:
        sql += " WHERE e.source_id = ?"
        args.append(source_id)
    return conn.execute(sql + " ORDER BY e.source_id, e.seq", args).fetchall()


def citations(
    conn: sqlite3.Connection,
    source_id: str | None = None,
    kind: str | None = None,
    passage_ids: Iterable[int] | None = None,
) -> list[sqlite3.Row]:
    sql = (
        "SELECT c.*, e.alias AS entry_alias, e.csl AS entry_csl, e.source_id AS entry_source, "
        "e.file_id AS entry_file, e.start AS entry_start, e.end AS entry_end, "
        "p.kind AS passage_kind "
        f"FROM citations c {_CURRENT.format(t='c')} LEFT JOIN bib_entries e ON e.id = c.entry_id "
        "LEFT JOIN passages p ON p.id = c.passage_id "
        "WHERE 1"
    )
    args: list = []
    if source_id is not None:
        sql += " AND c.source_id = ?"
        args.append(source_id)
    if kind is not None:
        sql += " AND c.kind = ?"
        args.append(kind)
    if passage_ids is not None:
        ids = list(passage_ids)
        sql += f" AND c.passage_id IN ({','.join('?' * len(ids))})"
        args += ids
    return conn.execute(sql + " ORDER BY c.source_id, c.start", args).fetchall()


def problems(conn: sqlite3.Connection, source_id: str | None = None) -> list[sqlite3.Row]:
    sql = f"SELECT p.* FROM cite_problems p {_CURRENT.format(t='p')}"
    args: list = []
    if source_id is not None:
        sql += " WHERE p.source_id = ?"
        args.append(source_id)
    return conn.execute(sql + " ORDER BY p.source_id, p.id", args).fetchall()


def edges(conn: sqlite3.Connection, source_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM provenance_edges WHERE source_id = ? ORDER BY id", (source_id,)
    ).fetchall()


def edges_to(conn: sqlite3.Connection, target_kind: str, target: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM provenance_edges WHERE target_kind = ? AND target = ? ORDER BY source_id",
        (target_kind, target),
    ).fetchall()


def note_passages(conn: sqlite3.Connection, passage_id: int) -> list[int]:
    """The note passages whose markers stand in ``passage_id``."""
    rows = conn.execute(
        "SELECT note_passage_id FROM footnote_links WHERE marker_passage_id = ? "
        "AND note_passage_id IS NOT NULL",
        (passage_id,),
    )
    return [r[0] for r in rows]


def passage(conn: sqlite3.Connection, source_id: str, seq: int) -> sqlite3.Row | None:
    """A passage by its source and its seq within the file (``SOURCE:SEQ`` refs)."""
    return conn.execute(
        "SELECT p.* FROM passages p JOIN sources s ON s.id = p.source_id "
        "WHERE (p.source_id = ? OR s.parent_id = ?) AND p.seq = ?",
        (source_id, source_id, seq),
    ).fetchone()


def file_text(conn: sqlite3.Connection, file_id: str) -> str:
    return conn.execute("SELECT text FROM files WHERE id = ?", (file_id,)).fetchone()[0]
