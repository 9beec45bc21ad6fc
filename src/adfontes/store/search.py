"""SQL for search: the FTS5 table, passage filters, embeddings and stored ANN indexes.

This is the only module with FTS5-specific SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from adfontes.errors import UsageError
from adfontes.store.connect import now
from adfontes.store.sources import PassageRow

ANALYSABLE = (
    "f.superseded_by IS NULL AND s.noise = 0 "
    "AND p.kind NOT IN ('noise', 'furniture', 'index', 'toc')"
)
_FROM = (
    "FROM passages p JOIN sources s ON s.id = p.source_id JOIN files f ON f.id = p.file_id "
    f"WHERE {ANALYSABLE}"
)


@dataclass(frozen=True, slots=True)
class Filters:
    """Passage filters; ``None`` leaves a dimension open. Dates are ISO day bounds."""

    langs: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    who: str | None = None  # an FTS expression over name keys
    exclude: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return self == Filters()


def _in(column: str, values: Sequence) -> tuple[str, list]:
    return f" AND {column} IN ({', '.join('?' * len(values))})", list(values)


def filter_sql(filters: Filters) -> tuple[str, list]:
    """A WHERE fragment (starting with AND) over ``p``, ``s``, ``f`` and its arguments."""
    sql, args = "", []
    for column, values in (
        ("COALESCE(p.lang, s.language)", filters.langs),
        ("s.kind", filters.kinds),
        ("s.genre", filters.genres),
    ):
        if values:
            part, more = _in(column, values)
            sql, args = sql + part, args + more
    if filters.exclude:
        sql += f" AND p.id NOT IN ({', '.join('?' * len(filters.exclude))})"
        args += list(filters.exclude)
    if filters.source_ids:
        marks = ", ".join("?" * len(filters.source_ids))
        sql += f" AND (p.source_id IN ({marks}) OR s.parent_id IN ({marks}))"
        args += [*filters.source_ids, *filters.source_ids]
    if filters.date_from or filters.date_to:
        sql += (
            " AND EXISTS (SELECT 1 FROM times t WHERE t.passage_id = p.id"
            " AND (t.earliest IS NOT NULL OR t.latest IS NOT NULL)"
            " AND (t.latest IS NULL OR t.latest >= ?) AND (t.earliest IS NULL OR t.earliest <= ?))"
        )
        args += [filters.date_from or "0000-01-01", filters.date_to or "9999-12-31"]
    if filters.who:
        sql += " AND p.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)"
        args.append(filters.who)
    return sql, args


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


def allowed_ids(conn: sqlite3.Connection, filters: Filters) -> list[int]:
    where, args = filter_sql(filters)
    return [r[0] for r in conn.execute(f"SELECT p.id {_FROM}{where}", args)]


def passages_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, PassageRow]:
    ids = list(ids)
    out: dict[int, PassageRow] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        rows = conn.execute(
            "SELECT p.*, substr(f.text, p.start + 1, p.end - p.start) AS ptext FROM passages p "
            f"JOIN files f ON f.id = p.file_id WHERE p.id IN ({', '.join('?' * len(part))})",
            part,
        )
        for r in rows:
            out[r["id"]] = PassageRow(
                id=r["id"], file_id=r["file_id"], source_id=r["source_id"], seq=r["seq"],
                kind=r["kind"], start=r["start"], end=r["end"], text=r["ptext"], norm=r["norm"],
                lang=r["lang"], langs=json.loads(r["langs"]), page=r["page"], section=r["section"],
            )  # fmt: skip
    return out


def passage_by_ref(conn: sqlite3.Connection, source_id: str, seq: int) -> int | None:
    """A passage id from its source and its number within the file (``SOURCE:SEQ``); None for
    a source of a file version that a newer version replaced (see ``replaced_passage``)."""
    row = conn.execute(
        "SELECT p.id FROM passages p JOIN sources s ON s.id = p.source_id "
        "JOIN files f ON f.id = p.file_id "
        "WHERE (p.source_id = ? OR s.parent_id = ?) AND p.seq = ? AND f.superseded_by IS NULL",
        (source_id, source_id, seq),
    ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True, slots=True)
class Replaced:
    """A ``SOURCE:SEQ`` of a file version that a newer version of the file replaced."""

    source_id: str  # the older version's source
    path: str
    current_source: str | None  # the source with the same number in the current version
    passage_id: int | None  # the current passage with the very same text, when just one has it
    current_ref: str | None  # that passage's SOURCE:SEQ

    def current_passage(self, passage: str) -> int:
        """The passage of the current version that the ref ``passage`` stands for, or a
        ``UsageError`` saying why there is none."""
        if self.passage_id is not None:
            return self.passage_id
        now = f" (the current version is source {self.current_source})"
        raise UsageError(
            f"passage {passage} is from an older version of {self.path}, replaced when the "
            f"file changed, and the current version does not hold its text unchanged"
            f"{now if self.current_source else ''}: find it again with 'adfontes search'"
        )


def replaced_passage(conn: sqlite3.Connection, source_ref: str, seq: int) -> Replaced | None:
    """Where passage ``seq`` of a replaced version's source (its id or an id prefix) went: to
    the one passage of the current version with the same text, or nowhere (None when the ref
    names no source of a replaced version, or that source has no such passage)."""
    rows = conn.execute(
        "SELECT s.id, s.seq, s.file_id, f.path, f.superseded_by FROM sources s "
        "JOIN files f ON f.id = s.file_id "
        "WHERE f.superseded_by IS NOT NULL AND (s.id = ? OR s.id LIKE ?)",
        (source_ref, source_ref + "%"),
    ).fetchall()
    exact = [r for r in rows if r["id"] == source_ref]
    rows = exact or rows
    if len(rows) != 1:
        return None
    old = rows[0]
    passage = conn.execute(
        "SELECT substr(f.text, p.start + 1, p.end - p.start) FROM passages p "
        "JOIN sources s ON s.id = p.source_id JOIN files f ON f.id = p.file_id "
        "WHERE (p.source_id = ? OR s.parent_id = ?) AND p.seq = ?",
        (old["id"], old["id"], seq),
    ).fetchone()
    if passage is None:
        return None
    current, seen = old["superseded_by"], {old["file_id"]}
    while True:  # each version points to the next one
        row = conn.execute("SELECT superseded_by FROM files WHERE id = ?", (current,)).fetchone()
        if row is None or row[0] is None or row[0] in seen:
            break
        seen.add(current)
        current = row[0]
    source = conn.execute(
        "SELECT id FROM sources WHERE file_id = ? AND seq = ?", (current, old["seq"])
    ).fetchone()
    same = conn.execute(
        "SELECT p.id, p.source_id, p.seq FROM passages p JOIN files f ON f.id = p.file_id "
        "WHERE p.file_id = ? AND f.superseded_by IS NULL "
        "AND substr(f.text, p.start + 1, p.end - p.start) = ?",
        (current, passage[0]),
    ).fetchall()
    match = same[0] if len(same) == 1 else None
    return Replaced(
        source_id=old["id"], path=old["path"], current_source=source[0] if source else None,
        passage_id=match["id"] if match else None,
        current_ref=f"{match['source_id']}:{match['seq']}" if match else None,
    )  # fmt: skip


# --- the lexical index --------------------------------------------------------------------------


def replace_source(
    conn: sqlite3.Connection, source_id: str, rows: Iterable[tuple[int, str, str, str, int]]
) -> int:
    """Replace the FTS rows of one source: rows of (passage_id, words, stems, names, length)."""
    conn.execute(
        "DELETE FROM search_fts WHERE rowid IN "
        "(SELECT passage_id FROM search_docs WHERE source_id = ?)",
        (source_id,),
    )
    conn.execute("DELETE FROM search_docs WHERE source_id = ?", (source_id,))
    n = 0
    for pid, words, stems, names, length in rows:
        conn.execute(
            "INSERT INTO search_fts (rowid, words, stems, names) VALUES (?, ?, ?, ?)",
            (pid, words, stems, names),
        )
        conn.execute("INSERT INTO search_docs VALUES (?, ?, ?)", (pid, source_id, length))
        n += 1
    return n


def drop_orphans(conn: sqlite3.Connection) -> int:
    """FTS rows of passages that are gone (FTS5 tables take no part in foreign keys)."""
    cur = conn.execute(
        "DELETE FROM search_fts WHERE rowid NOT IN (SELECT passage_id FROM search_docs)"
    )
    return cur.rowcount


def corpus_langs(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT COALESCE(p.lang, s.language) FROM search_docs d "
        "JOIN passages p ON p.id = d.passage_id JOIN sources s ON s.id = p.source_id"
    )
    return sorted(r[0] for r in rows if r[0])


def doc_stats(conn: sqlite3.Connection) -> tuple[int, float]:
    """(passages indexed, mean length in words)."""
    n, mean = conn.execute("SELECT count(*), avg(length) FROM search_docs").fetchone()
    return n, mean or 0.0


def match_count(conn: sqlite3.Connection, expression: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (expression,)
    ).fetchone()
    return row[0]


def candidates(
    conn: sqlite3.Connection, expression: str, filters: Filters, limit: int,
    weights: tuple[float, float, float] | None,
) -> list[sqlite3.Row]:  # fmt: skip
    """Passages matching ``expression`` with their indexed columns: best FTS5 BM25 (with these
    column weights) first, or in store order when ``weights`` is None."""
    where, args = filter_sql(filters)
    sql = (
        "SELECT x.rowid AS id, x.words, x.stems, x.names, d.length, "
        "COALESCE(p.lang, s.language) AS lang FROM search_fts x "
        "JOIN search_docs d ON d.passage_id = x.rowid "
        "JOIN passages p ON p.id = x.rowid JOIN sources s ON s.id = p.source_id "
        f"JOIN files f ON f.id = p.file_id WHERE search_fts MATCH ? AND {ANALYSABLE}{where} "
        + (f"ORDER BY bm25(search_fts, {', '.join(map(str, weights))}) " if weights else "")
        + "LIMIT ?"
    )
    return conn.execute(sql, [expression, *args, limit]).fetchall()


def indexed_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]


# --- embeddings ---------------------------------------------------------------------------------


def missing_embeddings(conn: sqlite3.Connection, model: str) -> list[int]:
    """Ids of analysable passages with no vector from ``model``, in store order."""
    rows = conn.execute(
        f"SELECT p.id {_FROM} AND NOT EXISTS "
        "(SELECT 1 FROM embeddings e WHERE e.passage_id = p.id AND e.model = ?) ORDER BY p.id",
        (model,),
    )
    return [r[0] for r in rows]


def passage_texts(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str]]:
    rows = conn.execute(
        "SELECT p.id, substr(f.text, p.start + 1, p.end - p.start) FROM passages p "
        f"JOIN files f ON f.id = p.file_id WHERE p.id IN ({', '.join('?' * len(ids))}) "
        "ORDER BY p.id",
        list(ids),
    )
    return [(r[0], r[1]) for r in rows]


def put_embeddings(
    conn: sqlite3.Connection, model: str, rows: Iterable[tuple[int, int, float, bytes]]
) -> None:
    """Rows of (passage_id, dim, scale, int8 bytes): each replaces only ``model``'s vector of
    that passage, so the vectors of several models are kept side by side."""
    conn.executemany(
        "INSERT INTO embeddings (passage_id, model, dim, scale, vec) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (passage_id, model) DO UPDATE SET "
        "dim = excluded.dim, scale = excluded.scale, vec = excluded.vec",
        ((pid, model, dim, scale, blob) for pid, dim, scale, blob in rows),
    )


def embedding_state(conn: sqlite3.Connection, model: str) -> tuple[int, int]:
    """(count, max passage id) of the stored vectors of ``model``: changes when they do."""
    n, top = conn.execute(
        "SELECT count(*), COALESCE(max(passage_id), 0) FROM embeddings WHERE model = ?", (model,)
    ).fetchone()
    return n, top


def embeddings(
    conn: sqlite3.Connection, model: str
) -> Iterable[tuple[int, float, bytes, str | None]]:
    """(passage_id, scale, int8 bytes, language) of current, analysable passages, by id."""
    return conn.execute(
        "SELECT e.passage_id, e.scale, e.vec, COALESCE(p.lang, s.language) FROM embeddings e JOIN passages p ON p.id = e.passage_id "
        "JOIN sources s ON s.id = p.source_id JOIN files f ON f.id = p.file_id "
        f"WHERE e.model = ? AND {ANALYSABLE} ORDER BY e.passage_id",
        (model,),
    )


def ann_index(conn: sqlite3.Connection, model: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM ann_indexes WHERE model = ?", (model,)).fetchone()


def put_ann_index(
    conn: sqlite3.Connection, model: str, count: int, max_id: int, library: str, data: bytes
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO ann_indexes VALUES (?, ?, ?, ?, ?, ?)",
        (model, count, max_id, library, now(), data),
    )
