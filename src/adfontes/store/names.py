"""SQL for the names stage: mentions, entities and their keys, the authority file, decisions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from adfontes.store.connect import now

MENTION_COLUMNS = (
    "source_id", "file_id", "passage_id", "start", "end", "surface", "base", "head", "given",
    "kind", "gender", "title", "keys", "phonetic", "rule", "base_rule", "lang", "dotted",
)  # fmt: skip


# --- mentions ----------------------------------------------------------------------------------


def delete_source(conn: sqlite3.Connection, source_id: str) -> None:
    conn.execute("DELETE FROM mentions WHERE source_id = ?", (source_id,))


def insert_mentions(conn: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    """Rows in the order of ``MENTION_COLUMNS`` (lists as Python lists; they are stored as JSON)."""
    marks = ", ".join("?" for _ in MENTION_COLUMNS)
    conn.executemany(
        f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) VALUES ({marks})",
        (
            tuple(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in row)
            for row in rows
        ),
    )


def _current(alias: str = "m") -> str:
    return f"JOIN files f ON f.id = {alias}.file_id AND f.superseded_by IS NULL"


def list_mentions(
    conn: sqlite3.Connection,
    *,
    source_ids: list[str] | None = None,
    lang: str | None = None,
    kind: str | None = None,
    entity_ids: list[str] | None = None,
    passage_ids: list[int] | None = None,
) -> list[sqlite3.Row]:
    """Mentions of current files in file order, with their passage's seq and kind."""
    sql = (
        f"SELECT m.*, p.seq AS p_seq, p.kind AS p_kind FROM mentions m {_current()} "
        "LEFT JOIN passages p ON p.id = m.passage_id WHERE 1"
    )
    args: list = []
    if source_ids is not None:
        sql += f" AND m.source_id IN ({', '.join('?' for _ in source_ids)})"
        args += source_ids
    if entity_ids is not None:
        sql += f" AND m.entity_id IN ({', '.join('?' for _ in entity_ids)})"
        args += entity_ids
    if passage_ids is not None:
        sql += f" AND m.passage_id IN ({', '.join('?' for _ in passage_ids)})"
        args += passage_ids
    if lang:
        sql += " AND m.lang = ?"
        args.append(lang)
    if kind:
        sql += " AND m.kind = ?"
        args.append(kind)
    sql += " ORDER BY m.file_id, m.start"
    return conn.execute(sql, args).fetchall()


def mentions_in_passage(conn: sqlite3.Connection, passage_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM mentions WHERE passage_id = ? ORDER BY start", (passage_id,)
    ).fetchall()


# --- entities ----------------------------------------------------------------------------------


def replace_entities(
    conn: sqlite3.Connection,
    entities: Iterable[tuple[str, str, str, str | None, str | None, set[str]]],
    assignment: Iterable[tuple[str, int]],
) -> None:
    """Rows of (id, label, kind, qid, authority, keys); ``assignment`` of (entity id, mention id)."""
    conn.execute("UPDATE mentions SET entity_id = NULL")
    conn.execute("DELETE FROM entity_keys")
    conn.execute("DELETE FROM entities")
    for eid, label, kind, qid, authority, keys in entities:
        conn.execute(
            "INSERT INTO entities (id, label, kind, qid, authority) VALUES (?, ?, ?, ?, ?)",
            (eid, label, kind, qid, authority),
        )
        conn.executemany(
            "INSERT INTO entity_keys (entity_id, key) VALUES (?, ?)", ((eid, k) for k in keys)
        )
    conn.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?", assignment)
    conn.execute(
        "UPDATE entities SET mentions = "
        "(SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id)"
    )


def list_entities(
    conn: sqlite3.Connection, *, kind: str | None = None, lang: str | None = None
) -> list[sqlite3.Row]:
    """Entities, most mentioned first; with ``lang``, only those named in that language."""
    sql = "SELECT e.* FROM entities e WHERE 1"
    args: list = []
    if kind:
        sql += " AND e.kind = ?"
        args.append(kind)
    if lang:
        sql += " AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id AND m.lang = ?)"
        args.append(lang)
    sql += " ORDER BY e.mentions DESC, e.label"
    return conn.execute(sql, args).fetchall()


def entity(conn: sqlite3.Connection, entity_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()


def variants(conn: sqlite3.Connection, entity_id: str) -> list[sqlite3.Row]:
    """Each distinct surface form of an entity with its language and count, commonest first."""
    return conn.execute(
        f"SELECT m.surface, m.lang, count(*) AS n FROM mentions m {_current()} "
        "WHERE m.entity_id = ? GROUP BY m.surface, m.lang ORDER BY n DESC, m.surface",
        (entity_id,),
    ).fetchall()


def entities_by_key(conn: sqlite3.Connection, keys: Iterable[str]) -> list[str]:
    keys = list(keys)
    if not keys:
        return []
    rows = conn.execute(
        "SELECT k.entity_id, e.mentions FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
        f"WHERE k.key IN ({', '.join('?' for _ in keys)}) GROUP BY k.entity_id "
        "ORDER BY e.mentions DESC",
        keys,
    )
    return [r[0] for r in rows]


def entities_by_label(conn: sqlite3.Connection, name: str) -> list[str]:
    rows = conn.execute(
        "SELECT id FROM entities WHERE id = ? OR label = ? COLLATE NOCASE ORDER BY mentions DESC",
        (name, name),
    )
    return [r[0] for r in rows]


def entities_in_passage(conn: sqlite3.Connection, passage_id: int) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT entity_id FROM mentions WHERE passage_id = ? AND entity_id IS NOT NULL "
        "ORDER BY entity_id",
        (passage_id,),
    )
    return [r[0] for r in rows]


def cooccurring(
    conn: sqlite3.Connection, entity_id: str, kind: str | None = "person", limit: int = 24
) -> list[sqlite3.Row]:
    """Entities named in the same passages as ``entity_id``: id, label, kind and the number of
    passages they share, most shared first."""
    sql = (
        "SELECT e.id, e.label, e.kind, count(DISTINCT o.passage_id) AS passages "
        "FROM mentions m JOIN mentions o ON o.passage_id = m.passage_id "
        "JOIN entities e ON e.id = o.entity_id "
        "WHERE m.entity_id = ? AND o.entity_id != ?"
    )
    args: list = [entity_id, entity_id]
    if kind:
        sql += " AND e.kind = ?"
        args.append(kind)
    sql += " GROUP BY e.id ORDER BY passages DESC, e.label LIMIT ?"
    return conn.execute(sql, [*args, limit]).fetchall()


# --- authority file and decisions ----------------------------------------------------------------


def replace_authority(conn: sqlite3.Connection, entries: Iterable[dict]) -> int:
    """Insert or replace authority entries (dicts with id, label, kind, qid, variants, aliases)."""
    n = 0
    for e in entries:
        conn.execute(
            "INSERT OR REPLACE INTO name_authority (id, label, kind, qid, variants, aliases, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                e["id"], e["label"], e["kind"], e.get("qid"),
                json.dumps(list(e.get("variants") or []), ensure_ascii=False),
                json.dumps(list(e.get("aliases") or []), ensure_ascii=False), now(),
            ),
        )  # fmt: skip
        n += 1
    return n


def list_authority(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute("SELECT * FROM name_authority ORDER BY id")
    return [
        {
            "id": r["id"], "label": r["label"], "kind": r["kind"], "qid": r["qid"],
            "variants": json.loads(r["variants"]), "aliases": json.loads(r["aliases"]),
        }
        for r in rows
    ]  # fmt: skip


def add_decision(conn: sqlite3.Connection, action: str, args: list[str]) -> None:
    conn.execute(
        "INSERT INTO name_decisions (action, args, decided_at) VALUES (?, ?, ?)",
        (action, json.dumps(args, ensure_ascii=False), now()),
    )


def list_decisions(conn: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    rows = conn.execute("SELECT action, args FROM name_decisions ORDER BY id")
    return [(r["action"], json.loads(r["args"])) for r in rows]


def set_unapplied(conn: sqlite3.Connection, notes: dict[int, str]) -> None:
    """Record why decisions could not be applied: ``notes`` by the decision's place in
    ``list_decisions`` (from 1); every other decision is marked applied."""
    ids = [r[0] for r in conn.execute("SELECT id FROM name_decisions ORDER BY id")]
    conn.executemany(
        "UPDATE name_decisions SET unapplied = ? WHERE id = ?",
        [(notes.get(n), i) for n, i in enumerate(ids, 1)],
    )


def unapplied_decisions(conn: sqlite3.Connection) -> list[str]:
    """The notes on decisions that could not be applied when the entities were last gathered."""
    rows = conn.execute(
        "SELECT unapplied FROM name_decisions WHERE unapplied IS NOT NULL ORDER BY id"
    )
    return [r[0] for r in rows]
