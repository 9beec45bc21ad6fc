"""SQL for the ``claims`` and ``claim_slots`` tables written by the claims stage."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from adfontes.claims.model import Slot

SLOT_COLUMNS = ("kind", "start", "end", "surface", "value", "unit", "earliest", "latest", "rule",
                "approx", "via")  # fmt: skip


def delete_source(conn: sqlite3.Connection, source_id: str) -> None:
    conn.execute("DELETE FROM claims WHERE source_id = ?", (source_id,))


def insert_claim(conn: sqlite3.Connection, row: tuple, slots: Iterable[Slot]) -> int:
    """``row``: (source_id, file_id, passage_id, start, end, lang, source_date, polarity,
    modality, speaker, speaker_entity); slots carry file offsets."""
    cur = conn.execute(
        "INSERT INTO claims (source_id, file_id, passage_id, start, end, lang, source_date, "
        "polarity, modality, speaker, speaker_entity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row,
    )
    claim_id = cur.lastrowid
    conn.executemany(
        f"INSERT INTO claim_slots (claim_id, {', '.join(SLOT_COLUMNS)}) "
        f"VALUES (?, {', '.join('?' for _ in SLOT_COLUMNS)})",
        [(claim_id, *(int(getattr(s, c)) if c == "approx" else getattr(s, c) for c in SLOT_COLUMNS))
         for s in slots],
    )  # fmt: skip
    return claim_id


def list_claims(
    conn: sqlite3.Connection, *, source_ids: list[str] | None = None, lang: str | None = None
) -> list[sqlite3.Row]:
    """Claims of current files in file order, with their passage's seq and kind."""
    sql = (
        "SELECT c.*, p.seq AS p_seq, p.kind AS p_kind FROM claims c "
        "JOIN files f ON f.id = c.file_id AND f.superseded_by IS NULL "
        "LEFT JOIN passages p ON p.id = c.passage_id WHERE 1"
    )
    args: list = []
    if source_ids is not None:
        sql += f" AND c.source_id IN ({', '.join('?' for _ in source_ids)})"
        args += source_ids
    if lang:
        sql += " AND c.lang = ?"
        args.append(lang)
    return conn.execute(sql + " ORDER BY c.file_id, c.start", args).fetchall()


def all_slots(conn: sqlite3.Connection) -> dict[int, list[Slot]]:
    """Every claim's slots, by claim id, in text order."""
    out: dict[int, list[Slot]] = {}
    rows = conn.execute(
        f"SELECT claim_id, {', '.join(SLOT_COLUMNS)} FROM claim_slots ORDER BY claim_id, start"
    )
    for r in rows:
        values = dict(zip(SLOT_COLUMNS, tuple(r)[1:], strict=True))
        values["approx"] = bool(values["approx"])
        out.setdefault(r[0], []).append(Slot(**values))
    return out


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM claims").fetchone()[0]
