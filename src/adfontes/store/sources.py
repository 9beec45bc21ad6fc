"""SQL for files, sources, passages, sentences, footnote links and the line index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from adfontes.errors import UsageError
from adfontes.locator import LineIndex, Locator
from adfontes.store.connect import Store, now

SOURCE_FIELDS = (
    "title",
    "author",
    "date",
    "language",
    "kind",
    "genre",
    "archive",
    "translation_of",
)


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: str
    file_id: str
    parent_id: str | None
    seq: int
    start: int
    end: int
    path: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    kind: str | None = None
    genre: str | None = None
    archive: str | None = None
    translation_of: str | None = None
    noise: bool = False
    inferred: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PassageRow:
    id: int
    file_id: str
    source_id: str
    seq: int
    kind: str
    start: int
    end: int
    text: str
    norm: str
    lang: str | None
    langs: dict
    page: str | None
    section: str | None

    @property
    def ref(self) -> str:
        return f"{self.source_id}:{self.seq}"


# --- writing -----------------------------------------------------------------------------------


def file_by_hash(conn: sqlite3.Connection, file_hash: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM files WHERE id = ?", (file_hash,)).fetchone()


def insert_file(
    conn: sqlite3.Connection, *, file_id: str, path: str, fmt: str, encoding: str | None,
    size: int, text: str,
) -> None:  # fmt: skip
    conn.execute(
        "INSERT INTO files (id, path, format, encoding, bytes, text, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (file_id, path, fmt, encoding, size, text, now()),
    )
    # A changed file is a new version: the older ones stay, marked as superseded.
    conn.execute(
        "UPDATE files SET superseded_by = ? WHERE path = ? AND id != ? AND superseded_by IS NULL",
        (file_id, path, file_id),
    )


def reinstate_file(conn: sqlite3.Connection, file_id: str) -> None:
    """Make a superseded version of a file the current one again (its content came back); the
    version that was current is kept, superseded by it."""
    (path,) = conn.execute("SELECT path FROM files WHERE id = ?", (file_id,)).fetchone()
    conn.execute(
        "UPDATE files SET superseded_by = ? WHERE path = ? AND id != ? AND superseded_by IS NULL",
        (file_id, path, file_id),
    )
    conn.execute("UPDATE files SET superseded_by = NULL WHERE id = ?", (file_id,))


def insert_source(conn: sqlite3.Connection, row: SourceRow) -> None:
    conn.execute(
        "INSERT INTO sources (id, file_id, parent_id, seq, start, end, title, author, date, "
        "language, kind, genre, archive, translation_of, noise, inferred, meta) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row.id, row.file_id, row.parent_id, row.seq, row.start, row.end,
            *(getattr(row, f) for f in SOURCE_FIELDS),
            int(row.noise), json.dumps(list(row.inferred)), json.dumps(row.meta, ensure_ascii=False),
        ),
    )  # fmt: skip


def insert_passages(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows of (file_id, source_id, seq, kind, start, end, page, section, lang, langs, norm)."""
    conn.executemany(
        "INSERT INTO passages (file_id, source_id, seq, kind, start, end, page, section, lang, "
        "langs, norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def passage_ids(conn: sqlite3.Connection, file_id: str) -> dict[int, int]:
    """Passage seq → row id for one file."""
    rows = conn.execute("SELECT seq, id FROM passages WHERE file_id = ?", (file_id,))
    return {seq: pid for seq, pid in rows}


def insert_sentences(conn: sqlite3.Connection, rows: Iterable[tuple[int, int, int, int]]) -> None:
    conn.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)", rows)


def insert_footnote_links(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows of (marker_passage_id, marker_start, marker_end, label, note_passage_id)."""
    conn.executemany("INSERT INTO footnote_links VALUES (?, ?, ?, ?, ?)", rows)


def record_stage(conn: sqlite3.Connection, source_id: str, stage: str, version: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO stage_runs VALUES (?, ?, ?, ?)", (source_id, stage, version, now())
    )


# --- reading -----------------------------------------------------------------------------------

_SOURCE_SELECT = (
    "SELECT s.*, f.path AS path FROM sources s JOIN files f ON f.id = s.file_id "
    "WHERE f.superseded_by IS NULL"
)


def _source(row: sqlite3.Row) -> SourceRow:
    return SourceRow(
        id=row["id"], file_id=row["file_id"], parent_id=row["parent_id"], seq=row["seq"],
        start=row["start"], end=row["end"], path=row["path"],
        **{f: row[f] for f in SOURCE_FIELDS},
        noise=bool(row["noise"]), inferred=tuple(json.loads(row["inferred"])),
        meta=json.loads(row["meta"]),
    )  # fmt: skip


def list_sources(
    conn: sqlite3.Connection, *, lang: str | None = None, include_noise: bool = True
) -> list[SourceRow]:
    sql, args = _SOURCE_SELECT, []
    if lang:
        sql += " AND s.language = ?"
        args.append(lang)
    if not include_noise:
        sql += " AND s.noise = 0"
    sql += " ORDER BY f.path, s.seq"
    return [_source(r) for r in conn.execute(sql, args)]


def resolve_source(conn: sqlite3.Connection, ref: str) -> SourceRow:
    """A source by id, id prefix, path, or file name (``name.txt#3`` for its third document)."""
    name, _, sub = ref.partition("#")
    rows = conn.execute(
        _SOURCE_SELECT + " AND (s.id = ? OR s.id LIKE ? OR f.path = ? OR f.path LIKE ?) "
        "ORDER BY s.seq",
        (name, name + "%", name, "%/" + name),
    ).fetchall()
    if sub:
        rows = [
            r for r in rows if str(r["seq"]) == sub.lstrip("0") or (sub == "0" and not r["seq"])
        ]
    elif (
        rows
        and len({r["file_id"] for r in rows}) == 1
        and any(r["seq"] == 0 for r in rows)
        and not any(r["id"] == name for r in rows)
    ):
        rows = [r for r in rows if r["seq"] == 0]  # a file name means the whole file
    exact = [r for r in rows if r["id"] == name]
    rows = exact or rows
    if not rows:
        raise UsageError(f"unknown source {ref!r} (see 'adfontes sources')")
    if len(rows) > 1:
        ids = ", ".join(r["id"] for r in rows[:5])
        raise UsageError(f"source {ref!r} is ambiguous: {ids}")
    return _source(rows[0])


def children(conn: sqlite3.Connection, source_id: str) -> list[SourceRow]:
    rows = conn.execute(_SOURCE_SELECT + " AND s.parent_id = ? ORDER BY s.seq", (source_id,))
    return [_source(r) for r in rows]


def with_documents(conn: sqlite3.Connection, source: str | None) -> list[str] | None:
    """The ids a source reference covers: the source and the documents split out of it (None
    for no reference: every source). An unknown reference is a UsageError."""
    if source is None:
        return None
    row = resolve_source(conn, source)
    return [row.id] + [c.id for c in children(conn, row.id)]


def passages(
    conn: sqlite3.Connection,
    *,
    source_id: str | None = None,
    file_id: str | None = None,
    analysable: bool = False,
) -> list[PassageRow]:
    """Passages in file order. ``analysable`` leaves out noise, furniture and the index.

    A whole-file source with documents split out of it has no passages of its own: asking for
    it gives the passages of all its documents.
    """
    sql = "SELECT p.* FROM passages p JOIN sources s ON s.id = p.source_id WHERE 1"
    args: list = []
    if source_id is not None:
        sql += " AND (p.source_id = ? OR s.parent_id = ?)"
        args += [source_id, source_id]
    if file_id is not None:
        sql += " AND p.file_id = ?"
        args.append(file_id)
    if analysable:
        sql += " AND s.noise = 0 AND p.kind NOT IN ('noise', 'furniture', 'index', 'toc')"
    sql += " ORDER BY p.file_id, p.seq"
    texts: dict[str, str] = {}  # each file's text is read once, not once per passage
    out = []
    for r in conn.execute(sql, args):
        text = texts.get(r["file_id"])
        if text is None:
            row = conn.execute("SELECT text FROM files WHERE id = ?", (r["file_id"],)).fetchone()
            text = texts[r["file_id"]] = row[0]
        out.append(
            PassageRow(
                id=r["id"], file_id=r["file_id"], source_id=r["source_id"], seq=r["seq"],
                kind=r["kind"], start=r["start"], end=r["end"],
                text=text[r["start"] : r["end"]], norm=r["norm"], lang=r["lang"],
                langs=json.loads(r["langs"]), page=r["page"], section=r["section"],
            )
        )  # fmt: skip
    return out


def sentences(conn: sqlite3.Connection, passage_id: int) -> list[tuple[int, int]]:
    rows = conn.execute(
        "SELECT start, end FROM sentences WHERE passage_id = ? ORDER BY seq", (passage_id,)
    )
    return [(r[0], r[1]) for r in rows]


def footnote_links(conn: sqlite3.Connection, file_id: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT l.*, m.seq AS marker_seq, n.seq AS note_seq FROM footnote_links l "
        "JOIN passages m ON m.id = l.marker_passage_id "
        "LEFT JOIN passages n ON n.id = l.note_passage_id WHERE m.file_id = ? "
        "ORDER BY l.marker_start",
        (file_id,),
    ).fetchall()


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    current = "JOIN files f ON f.id = {t}.file_id AND f.superseded_by IS NULL"
    return {
        "files": conn.execute("SELECT count(*) FROM files WHERE superseded_by IS NULL").fetchone()[0],
        "sources": conn.execute(f"SELECT count(*) FROM sources s {current.format(t='s')}").fetchone()[0],
        "passages": conn.execute(f"SELECT count(*) FROM passages p {current.format(t='p')}").fetchone()[0],
        "sentences": conn.execute(
            f"SELECT count(*) FROM sentences x JOIN passages p ON p.id = x.passage_id {current.format(t='p')}"
        ).fetchone()[0],
        "footnote_links": conn.execute(
            f"SELECT count(*) FROM footnote_links l JOIN passages p ON p.id = l.marker_passage_id {current.format(t='p')}"
        ).fetchone()[0],
    }  # fmt: skip


ANALYSIS_TABLES = ("mentions", "entities", "times", "citations", "bib_entries", "stories",
                   "tellings", "reuse_pairs")  # fmt: skip


def analysis_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows each analysis stage wrote (0 for a table this store does not have)."""
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in have else 0
        for t in ANALYSIS_TABLES
    }


def passage_at(conn: sqlite3.Connection, source_id: str, offset: int) -> int | None:
    """The seq of the passage of ``source_id`` (or of its documents) that holds ``offset``."""
    row = conn.execute(
        "SELECT p.seq FROM passages p JOIN sources s ON s.id = p.source_id "
        "WHERE (p.source_id = ? OR s.parent_id = ?) AND p.start <= ? AND ? < p.end "
        "ORDER BY p.seq LIMIT 1",
        (source_id, source_id, offset, offset),
    ).fetchone()
    return row[0] if row else None


EDITABLE_FIELDS = ("title", "author", "date", "language", "kind", "genre", "archive")


def update_source(conn: sqlite3.Connection, source_id: str, fields: dict[str, str | None]) -> None:
    """Set metadata fields given by a person; they are no longer marked as inferred."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise UsageError(
            f"cannot edit {', '.join(sorted(unknown))} (editable: {', '.join(EDITABLE_FIELDS)})"
        )
    row = conn.execute("SELECT inferred FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        raise UsageError(f"unknown source {source_id!r}")
    inferred = [f for f in json.loads(row[0]) if f not in fields]
    sets = ", ".join(f"{f} = ?" for f in fields)
    conn.execute(
        f"UPDATE sources SET {sets}, inferred = ? WHERE id = ?",
        (*fields.values(), json.dumps(inferred), source_id),
    )


def stage_runs(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT stage, rules_version, count(*) AS sources, max(ran_at) AS ran_at "
        "FROM stage_runs GROUP BY stage, rules_version ORDER BY stage"
    ).fetchall()


class Locators:
    """Builds locators for spans of stored files; caches each file's text and line index."""

    def __init__(self, store: Store) -> None:
        self._conn = store.conn
        self._file = lru_cache(maxsize=64)(self._load)

    def _load(self, file_id: str) -> tuple[str, str, LineIndex]:
        row = self._conn.execute("SELECT path, text FROM files WHERE id = ?", (file_id,)).fetchone()
        return row["path"], row["text"], LineIndex(row["text"])

    def text(self, file_id: str) -> str:
        return self._file(file_id)[1]

    def __call__(self, source_id: str, file_id: str, start: int, end: int) -> Locator:
        path, text, index = self._file(file_id)
        return Locator(source_id, path, start, end, index.line(start), text[start:end])
