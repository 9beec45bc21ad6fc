"""The ``claims`` stage: every checkable sentence of a source, with its slots, into the store.

Names come from the names stage (entity ids), dates from the dates stage (rows overlapping the
sentence). A sentence with no date of its own carries the last date read before it in its
passage, marked ``via: context``: a diary entry's heading dates the lines under it.
"""

from __future__ import annotations

import sqlite3

from adfontes.analyze import Stage
from adfontes.claims import cues
from adfontes.claims.extract import ENTITY_KINDS, UNTYPED, claims_in
from adfontes.claims.model import Claim, Slot
from adfontes.store import claims as db
from adfontes.store import sources as sdb

VERSION = "2"
# Passages whose sentences assert something (notes are read too: monographs argue in them).
KINDS = frozenset({"paragraph", "footnote", "heading"})


def _names(conn: sqlite3.Connection, passage_id: int) -> list[Slot]:
    rows = conn.execute(
        "SELECT m.start, m.end, m.surface, COALESCE(e.kind, m.kind) AS kind, m.entity_id, m.rule "
        "FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
        "WHERE m.passage_id = ? ORDER BY m.start",
        (passage_id,),
    )
    return [Slot(r["kind"] if r["kind"] in ENTITY_KINDS else UNTYPED, r["start"], r["end"],
                 r["surface"], r["entity_id"] or r["surface"], rule=r["rule"])
            for r in rows]  # fmt: skip


def _times(conn: sqlite3.Connection, passage_id: int) -> list[Slot]:
    rows = conn.execute(
        "SELECT start, end, surface, value, earliest, latest, rule FROM times "
        "WHERE passage_id = ? AND value NOT LIKE 'DURATION:%' AND role IS NOT 'document' "
        "ORDER BY start",
        (passage_id,),
    )
    return [Slot("time", r["start"], r["end"], r["surface"], r["value"], None, r["earliest"],
                 r["latest"], r["rule"]) for r in rows]  # fmt: skip


def passage_claims(
    conn: sqlite3.Connection, passage: sdb.PassageRow, lang: str | None
) -> list[Claim]:
    """Claims of one stored passage, with file offsets."""
    names, times = _names(conn, passage.id), _times(conn, passage.id)
    base = passage.start

    def slots_for(start: int, end: int) -> list[Slot]:
        a, b = start + base, end + base
        own = [s for s in names + times if a <= s.start and s.end <= b]
        if not any(s.kind == "time" for s in own):
            before = [t for t in times if t.end <= a and t.earliest]
            if before:
                t = before[-1]
                own.append(Slot("time", t.start, t.end, t.surface, t.value, None, t.earliest,
                                t.latest, t.rule, via="context"))  # fmt: skip
        return [Slot(s.kind, s.start - base, s.end - base, s.surface, s.value, s.unit, s.earliest,
                     s.latest, s.rule, s.approx, s.via) for s in own]  # fmt: skip

    spans = [(s - base, e - base) for s, e in sdb.sentences(conn, passage.id)] or None
    found = claims_in(passage.text, lang, slots_for, spans)
    return [
        Claim(c.start + base, c.end + base, c.text, c.lang,
              tuple(Slot(s.kind, s.start + base, s.end + base, s.surface, s.value, s.unit,
                         s.earliest, s.latest, s.rule, s.approx, s.via) for s in c.slots))
        for c in found
    ]  # fmt: skip


def run_source(
    conn: sqlite3.Connection, source: sdb.SourceRow, passages: list[sdb.PassageRow]
) -> int:
    db.delete_source(conn, source.id)
    known = set(cues.languages())
    written = 0
    for passage in passages:
        if passage.kind not in KINDS:
            continue
        lang = passage.lang if passage.lang in known else source.language
        for claim in passage_claims(conn, passage, lang):
            speaker = claim.speaker
            speaker_entity = None
            if speaker is not None:
                speaker_entity = next(
                    (s.value for s in claim.of("person")
                     if s.start < speaker.end and speaker.start < s.end and s.value != s.surface),
                    None,
                )  # fmt: skip
            row = (source.id, passage.file_id, passage.id, claim.start, claim.end, lang,
                   source.date, claim.polarity, claim.modality,
                   speaker.surface if speaker else None, speaker_entity)  # fmt: skip
            db.insert_claim(conn, row, claim.slots)
            written += 1
    return written


def summary(store) -> list[str]:
    n = db.count(store.conn)
    rows = store.conn.execute(
        "SELECT modality, polarity, count(*) FROM claims GROUP BY 1, 2 ORDER BY 3 DESC"
    ).fetchall()
    parts = ", ".join(f"{r[2]} {r[0]}{' negative' if r[1] == 'negative' else ''}" for r in rows)
    return [f"{n} claims ({parts})"] if n else ["no claims"]


STAGE = Stage(name="claims", version=VERSION, run_source=run_source, summary=summary)
