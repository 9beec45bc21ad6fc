"""The ``dates`` stage: every date, range and duration in a source's passages, in order.

The anchor is the source's date (from the manifest, or inferred from its heading or dateline);
the narrative (the last date read) carries across the body passages in file order, while notes,
bibliography and headings are read on their own so that a cited edition year does not become
the year of the next event.
"""

from __future__ import annotations

import sqlite3

from adfontes.analyze import Stage
from adfontes.store import sources as sdb
from adfontes.store import times as db
from adfontes.time.docdate import infer_document_date
from adfontes.time.find import Narrative, find
from adfontes.time.model import TimeExpr
from adfontes.time.rulepack import languages
from adfontes.time.values import parse_anchor

# Passages whose dates do not continue the story told by the body.
ASIDE_KINDS = frozenset({"footnote", "bibliography", "heading", "front", "toc", "index"})
# A second language must hold this share of a mixed passage's letters to be read too.
MIN_SHARE = 0.15
# A manifest's ``calendar`` says in which style a source writes its dates, when the text does not.
STYLES = {"julian": "julian", "old style": "julian", "gregorian": "gregorian",
          "new style": "gregorian"}  # fmt: skip


# Bump when a rule file's version or the stage's behaviour changes.
VERSION = "2"


def source_anchor(
    source: sdb.SourceRow, passages: list[sdb.PassageRow]
) -> tuple[str | None, int | None]:
    """The manifest date when it is EDTF we can read, else one inferred from the document's
    heading or dateline, with the file offset where that dateline's date starts."""
    if source.date and parse_anchor(source.date) is not None:
        # Ingest may have read it from the document's own dateline: keep where.
        where = (
            (source.meta.get("date_from") or {}).get("start") if "date" in source.inferred else None
        )
        return source.date, where
    lang = source.language if source.language in languages() else None
    if lang is None or not passages:
        return None, None
    found = infer_document_date("\n".join(p.text for p in passages), lang)
    if found is None:
        return None, None
    offset = 0
    for p in passages:  # from the joined text back to the file
        if found.start < offset + len(p.text) + 1:
            return found.value, p.start + found.start - offset
        offset += len(p.text) + 1
    return found.value, None


def passage_langs(passage: sdb.PassageRow, fallback: str | None) -> list[str]:
    """The passage's language, then any other language with a real share of its letters."""
    known = set(languages())
    first = passage.lang if passage.lang in known else fallback
    out = [first] if first in known else []
    for lang, share in sorted((passage.langs or {}).items(), key=lambda kv: -kv[1]):
        if lang in known and lang not in out and share >= MIN_SHARE:
            out.append(lang)
    return out


def read_passage(
    passage: sdb.PassageRow, langs: list[str], anchor: str | None, narrative: Narrative
) -> list[tuple[TimeExpr, str]]:
    """Expressions of one passage; a second language only fills spans the first left free."""
    taken: list[tuple[int, int]] = []
    out = []
    for i, lang in enumerate(langs):
        story = narrative if i == 0 else Narrative(narrative.last, narrative.bare)
        for e in find(passage.text, lang, anchor, story):
            if any(e.start < b and a < e.end for a, b in taken):
                continue
            taken.append((e.start, e.end))
            out.append((e, lang))
    out.sort(key=lambda x: x[0].start)
    return out


def run_source(
    conn: sqlite3.Connection, source: sdb.SourceRow, passages: list[sdb.PassageRow]
) -> int:
    db.delete_source(conn, source.id)
    rows = read_source(source, passages)
    db.insert_times(conn, rows)
    return len(rows)


def read_source(
    source: sdb.SourceRow, passages: list[sdb.PassageRow], anchor: str | None = None
) -> list[tuple]:
    """Rows (in the order of the store's columns) of every expression of a source, read with
    ``anchor`` as the document's date when given, else with the source's own date."""
    own, dateline = source_anchor(source, passages)
    anchor = own if anchor is None else anchor
    style = STYLES.get(str((source.meta or {}).get("calendar", "")).casefold())
    narrative = Narrative()
    rows = []
    for passage in passages:
        langs = passage_langs(passage, source.language)
        if not langs:
            continue
        story = (
            Narrative(narrative.last, narrative.bare) if passage.kind in ASIDE_KINDS else narrative
        )
        for e, lang in read_passage(passage, langs, anchor, story):
            start = passage.start + e.start
            role = "document" if start == dateline else e.role
            calendar = style if style and e.calendar == "unknown" else e.calendar
            rows.append((
                source.id, passage.file_id, passage.id, start, passage.start + e.end, e.surface,
                e.value, e.earliest, e.latest, e.precision, calendar, e.rule, e.anchoring,
                e.anchor, role, lang,
            ))  # fmt: skip
    return rows


STAGE = Stage(name="dates", version=VERSION, run_source=run_source)
