"""The ``names`` stage: mentions per source (``run_source``), entities over the corpus
(``run_corpus``), with the user's authority file and decisions applied on every run.
"""

from __future__ import annotations

import json
import sqlite3

from adfontes.analyze import Stage
from adfontes.names.cluster import Decision, cluster
from adfontes.names.find import attested, find, languages
from adfontes.names.gazetteer import Gazetteer, entries_from_data, with_entries
from adfontes.names.model import Mention
from adfontes.store import Store
from adfontes.store import names as db
from adfontes.store import sources as sdb

# Bump when a rule file's version or the stage's behaviour changes.
VERSION = "3"


def gazetteer(conn: sqlite3.Connection) -> Gazetteer:
    """The built-in gazetteer with the store's imported authority file over it."""
    return with_entries(entries_from_data(db.list_authority(conn)))


def passage_lang(passage: sdb.PassageRow, fallback: str | None) -> str:
    known = languages()
    for lang in (passage.lang, fallback):
        if lang in known:
            return lang
    return "en"


def run_source(
    conn: sqlite3.Connection, source: sdb.SourceRow, passages: list[sdb.PassageRow]
) -> int:
    db.delete_source(conn, source.id)
    gaz = gazetteer(conn)
    lang = passage_lang(passages[0], source.language) if passages else "en"
    # Words the whole source writes as names inside sentences: evidence for every passage.
    known = attested("\n".join(p.text for p in passages), lang)
    rows = []
    for passage in passages:
        for m in find(passage.text, passage_lang(passage, source.language), known=known,
                      gazetteer=gaz):  # fmt: skip
            rows.append((
                source.id, passage.file_id, passage.id, passage.start + m.start,
                passage.start + m.end, m.surface, m.base, m.head, list(m.given), m.kind,
                m.gender, m.title, list(m.keys), list(m.phonetic), m.rule, m.base_rule, m.lang,
                int(m.dotted),
            ))  # fmt: skip
    db.insert_mentions(conn, rows)
    return len(rows)


def stored_mention(row, gaz: Gazetteer) -> Mention:
    """A stored mention as the clustering reads it, with the gazetteer consulted afresh."""
    given = tuple(json.loads(row["given"]))
    entry = gaz.lookup(row["base"], row["lang"])
    if row["kind"] == "person":
        # A person is only ever a person of the authority file (never the town Frunze).
        entry = entry or gaz.lookup(row["head"], row["lang"])
        entry = entry if entry is not None and entry.kind == "person" else None
    return Mention(
        start=row["start"], end=row["end"], surface=row["surface"], base=row["base"],
        kind=row["kind"], rule=row["rule"], lang=row["lang"], head=row["head"], given=given,
        gender=row["gender"], keys=tuple(json.loads(row["keys"])),
        phonetic=tuple(json.loads(row["phonetic"])), base_rule=row["base_rule"],
        title=row["title"], entity_hint=entry.id if entry else None, dotted=bool(row["dotted"]),
    )  # fmt: skip


def rebuild(store: Store) -> tuple[int, list[str]]:
    """Cluster every stored mention into entities and apply the user's decisions in order;
    returns the number of entities and a note for each decision that could not be applied."""
    conn = store.conn
    notes: dict[int, str] = {}
    with store.transaction():
        gaz = gazetteer(conn)
        rows = db.list_mentions(conn)
        mentions = [stored_mention(r, gaz) for r in rows]
        decisions = [Decision(a, tuple(args)) for a, args in db.list_decisions(conn)]
        documents = [r["source_id"] for r in rows]
        entities = cluster(mentions, decisions=decisions, gazetteer=gaz, documents=documents,
                           notes=notes)  # fmt: skip
        records, assignment = [], []
        for e in entities:
            entry = gaz.entries.get(e.authority) if e.authority else None
            records.append((e.id, e.label, e.kind, entry.qid if entry else None, e.authority,
                            e.keys))  # fmt: skip
            assignment.extend((e.id, rows[i]["id"]) for i in e.members)
        db.replace_entities(conn, records, assignment)
        db.set_unapplied(conn, notes)
    return len(entities), list(notes.values())


def run_corpus(store: Store) -> int:
    """Cluster every stored mention into entities; apply the user's decisions in order."""
    return rebuild(store)[0]


def summary(store: Store) -> list[str]:
    conn = store.conn
    people = db.list_entities(conn, kind="person")[:5]
    count = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    n = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    lines = [f"{count} name mentions gathered into {n} entities"]
    if people:
        lines.append("most named: " + ", ".join(f"{p['label']} ({p['mentions']})" for p in people))
    return lines


def warnings(store: Store) -> list[str]:
    """Recorded decisions that the last gathering of entities could not apply."""
    return db.unapplied_decisions(store.conn)


STAGE = Stage(
    name="names", version=VERSION, run_source=run_source, run_corpus=run_corpus, summary=summary,
    warnings=warnings,
)  # fmt: skip
