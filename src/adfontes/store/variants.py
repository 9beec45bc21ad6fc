"""SQL for the variants stage: reuse pairs, stories and their tellings."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

TELLING_COLUMNS = (
    "story_id", "seq", "source_id", "file_id", "passage_id", "start", "end", "earliest",
    "telling_date", "telling_date_from", "claimed_date", "claimed_start", "claimed_end",
    "audience", "audience_start", "audience_end", "audience_rule", "wording", "wording_start",
    "wording_end", "witnesses", "teller", "linked_event", "linked_start", "linked_end",
)  # fmt: skip
PAIR_COLUMNS = (
    "a_passage", "b_passage", "a_start", "a_end", "b_start", "b_end", "kind", "matched",
    "shared", "score", "via",
)  # fmt: skip


def clear(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM tellings")
    conn.execute("DELETE FROM stories")
    conn.execute("DELETE FROM reuse_pairs")


def insert_pairs(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    marks = ", ".join("?" for _ in PAIR_COLUMNS)
    conn.executemany(f"INSERT INTO reuse_pairs ({', '.join(PAIR_COLUMNS)}) VALUES ({marks})", rows)


def insert_story(conn: sqlite3.Connection, story: tuple, tellings: Iterable[tuple]) -> None:
    conn.execute(
        "INSERT INTO stories (id, label, tellings, sources, score, summary) VALUES (?,?,?,?,?,?)",
        story,
    )
    marks = ", ".join("?" for _ in TELLING_COLUMNS)
    conn.executemany(
        f"INSERT INTO tellings ({', '.join(TELLING_COLUMNS)}) VALUES ({marks})", tellings
    )


def list_stories(conn: sqlite3.Connection, ids: list[str] | None = None) -> list[sqlite3.Row]:
    sql = "SELECT * FROM stories"
    args: list = []
    if ids is not None:
        sql += f" WHERE id IN ({', '.join('?' for _ in ids)})"
        args = list(ids)
    return conn.execute(sql + " ORDER BY score DESC, id", args).fetchall()


def story_tellings(conn: sqlite3.Connection, story_id: str) -> list[dict]:
    rows = conn.execute("SELECT * FROM tellings WHERE story_id = ? ORDER BY seq", (story_id,))
    out = []
    for r in rows:
        d = dict(r)
        d["witnesses"] = json.loads(d["witnesses"])
        out.append(d)
    return out


def stories_with_passages(conn: sqlite3.Connection, passage_ids: list[int]) -> list[str]:
    if not passage_ids:
        return []
    marks = ", ".join("?" for _ in passage_ids)
    rows = conn.execute(
        f"SELECT DISTINCT story_id FROM tellings WHERE passage_id IN ({marks})", passage_ids
    )
    return [r[0] for r in rows]


def passage_features(conn: sqlite3.Connection) -> dict[int, set[str]]:
    """Per passage: its entities (``@id``) and dates (``#EDTF``), from the names and dates stages."""
    out: dict[int, set[str]] = {}
    for pid, entity in conn.execute(
        "SELECT passage_id, entity_id FROM mentions WHERE entity_id IS NOT NULL"
    ):
        out.setdefault(pid, set()).add("@" + entity)
    for pid, value in conn.execute(
        "SELECT passage_id, value FROM times WHERE value NOT LIKE 'DURATION:%'"
    ):
        out.setdefault(pid, set()).add("#" + value)
    return out


def located_features(conn: sqlite3.Connection) -> dict[int, list[tuple[int, str]]]:
    """Per passage: (file offset, feature) for its entities (``@id``), dates (``#EDTF``) and
    durations of a stated length (``%P12D``), from the names and dates stages."""
    out: dict[int, list[tuple[int, str]]] = {}
    for pid, start, entity in conn.execute(
        "SELECT passage_id, start, entity_id FROM mentions WHERE entity_id IS NOT NULL"
    ):
        out.setdefault(pid, []).append((start, "@" + entity))
    for pid, start, value in conn.execute("SELECT passage_id, start, value FROM times"):
        if value.startswith("DURATION:"):
            if "X" not in value:
                out.setdefault(pid, []).append((start, "%" + value[len("DURATION:") :]))
        else:
            out.setdefault(pid, []).append((start, "#" + value))
    return out


def all_sentences(conn: sqlite3.Connection) -> dict[int, list[tuple[int, int]]]:
    """Per passage: the file offsets of its sentences, in order."""
    out: dict[int, list[tuple[int, int]]] = {}
    for pid, start, end in conn.execute(
        "SELECT passage_id, start, end FROM sentences ORDER BY passage_id, seq"
    ):
        out.setdefault(pid, []).append((start, end))
    return out


def passage_dates(conn: sqlite3.Connection, passage_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT start, end, value FROM times WHERE passage_id = ? AND value NOT LIKE 'DURATION:%' "
        "ORDER BY start",
        (passage_id,),
    ).fetchall()


def date_before(
    conn: sqlite3.Connection, source_id: str, offset: int, floor: int
) -> sqlite3.Row | None:
    """The last date read in the source's body text between file offsets ``floor`` and
    ``offset`` (the narrative date a telling without a date of its own stands under)."""
    return conn.execute(
        "SELECT t.start, t.end, t.value FROM times t JOIN passages p ON p.id = t.passage_id "
        "WHERE t.source_id = ? AND t.start < ? AND t.start >= ? AND t.value NOT LIKE 'DURATION:%' "
        "AND p.kind NOT IN ('footnote', 'bibliography', 'heading', 'index', 'toc', 'noise', "
        "'furniture') ORDER BY t.start DESC LIMIT 1",
        (source_id, offset, floor),
    ).fetchone()


def note_after(conn: sqlite3.Connection, passage_id: int, offset: int) -> int | None:
    """The note passage of the first footnote marker in the passage at or after ``offset``."""
    row = conn.execute(
        "SELECT note_passage_id FROM footnote_links WHERE marker_passage_id = ? AND marker_start "
        ">= ? AND note_passage_id IS NOT NULL ORDER BY marker_start LIMIT 1",
        (passage_id, offset),
    ).fetchone()
    return row[0] if row else None


def passages_after(conn: sqlite3.Connection, file_id: str, seq: int, n: int) -> list[dict]:
    """The next ``n`` passages of a file after passage ``seq`` (notes and page furniture too):
    id, kind, start, lang and text."""
    return _with_text(
        conn,
        file_id,
        conn.execute(
            "SELECT id, kind, start, end, lang FROM passages WHERE file_id = ? AND seq > ? "
            "ORDER BY seq LIMIT ?",
            (file_id, seq, n),
        ).fetchall(),
    )


def first_date(conn: sqlite3.Connection, passage_id: int) -> str | None:
    """The first date read in a passage with at least its year stated."""
    row = conn.execute(
        "SELECT value FROM times WHERE passage_id = ? AND value NOT LIKE 'DURATION:%' "
        "AND value NOT LIKE 'X%' AND value GLOB '[0-9][0-9][0-9][0-9]*' ORDER BY start LIMIT 1",
        (passage_id,),
    ).fetchone()
    return row[0] if row else None


def passages_before(conn: sqlite3.Connection, file_id: str, seq: int, n: int) -> list[dict]:
    """The ``n`` passages of a file before passage ``seq``, nearest first (notes and page
    furniture too): id, kind, start, lang and text."""
    return _with_text(
        conn,
        file_id,
        conn.execute(
            "SELECT id, kind, start, end, lang FROM passages WHERE file_id = ? AND seq < ? "
            "ORDER BY seq DESC LIMIT ?",
            (file_id, seq, n),
        ).fetchall(),
    )


def _with_text(conn: sqlite3.Connection, file_id: str, rows: list[sqlite3.Row]) -> list[dict]:
    """Passage rows with their text, read from the file in one piece (reading the file's text
    once per passage costs more than the rest of the query)."""
    if not rows:
        return []
    lo, hi = min(r["start"] for r in rows), max(r["end"] for r in rows)
    (chunk,) = conn.execute(
        "SELECT substr(text, ? + 1, ?) FROM files WHERE id = ?", (lo, hi - lo, file_id)
    ).fetchone()
    return [{**dict(r), "text": chunk[r["start"] - lo : r["end"] - lo]} for r in rows]


def year_dates(conn: sqlite3.Connection, passage_id: int) -> list[sqlite3.Row]:
    """The dates read in a passage with at least their year stated (start, end, value,
    anchoring), in order."""
    return conn.execute(
        "SELECT start, end, value, anchoring FROM times WHERE passage_id = ? AND value NOT LIKE 'DURATION:%' "
        "AND value GLOB '[0-9][0-9][0-9][0-9]*' ORDER BY start",
        (passage_id,),
    ).fetchall()


def passage_orgs(conn: sqlite3.Connection, passage_id: int) -> list[sqlite3.Row]:
    """Organisations named in a passage (a body whose decision or session a telling cites)."""
    return conn.execute(
        "SELECT start, end FROM mentions WHERE passage_id = ? AND kind = 'org' ORDER BY start",
        (passage_id,),
    ).fetchall()


def passage_persons(conn: sqlite3.Connection, passage_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT m.start, m.end, m.entity_id, COALESCE(e.label, m.base) AS label FROM mentions m "
        "LEFT JOIN entities e ON e.id = m.entity_id WHERE m.passage_id = ? AND m.kind = 'person' "
        "ORDER BY m.start",
        (passage_id,),
    ).fetchall()


def document_date(conn: sqlite3.Connection, source_id: str) -> str | None:
    """The date the dates stage read as the document's own (its dateline or publication)."""
    row = conn.execute(
        "SELECT value FROM times WHERE source_id = ? AND role IN ('document', 'publication') "
        "ORDER BY start LIMIT 1",
        (source_id,),
    ).fetchone()
    return row[0] if row else None


def source_date(conn: sqlite3.Connection, source_id: str) -> str | None:
    """A source's own date: the manifest's or ingest's, else the one the dates stage read."""
    row = conn.execute("SELECT date FROM sources WHERE id = ?", (source_id,)).fetchone()
    return (row[0] if row else None) or document_date(conn, source_id)


def source_title(conn: sqlite3.Connection, source_id: str) -> str | None:
    row = conn.execute("SELECT title FROM sources WHERE id = ?", (source_id,)).fetchone()
    return row[0] if row else None


def counts(conn: sqlite3.Connection) -> tuple[int, int, int]:
    return tuple(
        conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("reuse_pairs", "stories", "tellings")
    )


def quoting_pairs(
    conn: sqlite3.Connection, verbatim_words: int, fragment_words: int
) -> list[sqlite3.Row]:
    """Reuse pairs long enough to say that one source copies the other, with both sources."""
    return conn.execute(
        "SELECT r.kind, r.matched, pa.source_id AS a_source, pb.source_id AS b_source "
        "FROM reuse_pairs r JOIN passages pa ON pa.id = r.a_passage "
        "JOIN passages pb ON pb.id = r.b_passage "
        "WHERE pa.source_id != pb.source_id AND ((r.kind = 'verbatim' AND r.matched >= ?) "
        "OR (r.kind = 'fragment' AND r.matched >= ?))",
        (verbatim_words, fragment_words),
    ).fetchall()


def replace_quote_edges(conn: sqlite3.Connection, edges: Iterable[tuple[str, str, str]]) -> None:
    """The provenance graph's ``quotes`` edges (source, quoted source, label); the citations
    stage owns the graph's other relations."""
    conn.execute("DELETE FROM provenance_edges WHERE relation = 'quotes'")
    conn.executemany(
        "INSERT INTO provenance_edges (source_id, relation, target_kind, target, label) "
        "VALUES (?, 'quotes', 'source', ?, ?)",
        edges,
    )


def sentence_vectors(
    conn: sqlite3.Connection, model: str, passage_ids: Iterable[int]
) -> dict[tuple[int, int, int], tuple[float, bytes]]:
    """Stored sentence vectors of ``model`` in these passages: (passage, start, end) ->
    (scale, int8 bytes)."""
    out: dict[tuple[int, int, int], tuple[float, bytes]] = {}
    ids = sorted(set(passage_ids))
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        marks = ", ".join("?" for _ in chunk)
        for pid, start, end, scale, vec in conn.execute(
            "SELECT passage_id, start, end, scale, vec FROM sentence_vectors "
            f"WHERE model = ? AND passage_id IN ({marks})",
            (model, *chunk),
        ):
            out[(pid, start, end)] = (scale, vec)
    return out


def put_sentence_vectors(conn: sqlite3.Connection, model: str, rows: Iterable[tuple]) -> None:
    """Rows of (passage, start, end, dim, scale, int8 bytes)."""
    conn.executemany(
        "INSERT OR REPLACE INTO sentence_vectors (passage_id, start, end, model, dim, scale, vec) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((pid, s, e, model, dim, scale, vec) for pid, s, e, dim, scale, vec in rows),
    )
