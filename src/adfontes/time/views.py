"""Views of the dates stage: the records behind ``adfontes dates`` and ``adfontes timeline``.

Each returns plain data (lists of dicts with locators); the CLI renders it as text or JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from adfontes import csvfile
from adfontes.errors import UsageError
from adfontes.locator import LineIndex
from adfontes.store import Store
from adfontes.store import sources as sdb
from adfontes.store import times as db
from adfontes.text import shorten
from adfontes.time.find import find
from adfontes.time.rulepack import languages
from adfontes.time.values import parse_anchor

FIELDS = ("value", "earliest", "latest", "precision", "calendar", "rule", "anchoring", "anchor",
          "role", "lang")  # fmt: skip
LABEL_CHARS = 240


def check_lang(lang: str | None) -> None:
    if lang is not None and lang not in languages():
        raise UsageError(f"no date rules for language {lang!r} (known: {', '.join(languages())})")


def text_view(text: str, lang: str, anchor: str | None = None) -> list[dict]:
    """Expressions in a string, with locators into it (``source`` is null: nothing is stored)."""
    check_lang(lang)
    lines = LineIndex(text)
    out = []
    for e in find(text, lang, anchor):
        record = {k: getattr(e, k, None) for k in FIELDS if k != "lang"}
        record["lang"] = lang
        record["locator"] = {"source": None, "path": "-", "start": e.start, "end": e.end,
                             "line": lines.line(e.start), "text": e.surface}  # fmt: skip
        out.append(record)
    return out


def dates_view(
    store: Store, source: str | None = None, lang: str | None = None, anchor: str | None = None
) -> list[dict]:
    """The stored expressions; with ``anchor``, those of ``source`` read afresh as if the source
    were dated ``anchor`` (nothing is stored)."""
    check_lang(lang)
    locate = sdb.Locators(store)
    if anchor is not None:
        rows = _reread(store, source, anchor)
    else:
        rows = db.list_times(
            store.conn, source_ids=sdb.with_documents(store.conn, source), lang=lang
        )
    out = []
    for r in rows:
        if lang and r["lang"] != lang:
            continue
        record = {k: r[k] for k in FIELDS}
        record["locator"] = locate(r["source_id"], r["file_id"], r["start"], r["end"]).to_json()
        out.append(record)
    return out


def _reread(store: Store, source: str | None, anchor: str) -> list[dict]:
    from adfontes.time.stage import read_source

    if source is None:
        raise UsageError(
            "--anchor needs --text, or --source to read one stored source afresh as if it had "
            "that date (stored dates are read with the source's own date: its manifest 'date' "
            "or its dateline)"
        )
    if parse_anchor(anchor) is None:
        raise UsageError(f"--anchor {anchor!r} is not an EDTF date (e.g. 1928 or 1928-12-16)")
    rows = []
    for sid in sdb.with_documents(store.conn, source):
        row = sdb.resolve_source(store.conn, sid)
        passages = sdb.passages(store.conn, source_id=sid, analysable=True)
        rows += [dict(zip(db.COLUMNS, r, strict=True)) for r in read_source(row, passages, anchor)]
    return rows


# --- timeline ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    lo: str | None
    hi: str | None

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Window:
        """``--from`` keeps entries from the first day of its date on, ``--to`` up to the last
        day of its date (``--to 1929`` keeps all of 1929); each is a year, a year and month, a
        season or a day in EDTF, between 0001 and 9999."""
        lo = _window_bound("--from", start)
        hi = _window_bound("--to", end)
        if lo and hi and lo[0] > hi[1]:
            raise UsageError(f"--from {start!r} is after --to {end!r}")
        return cls(lo[0].isoformat() if lo else None, hi[1].isoformat() if hi else None)

    def holds(self, earliest: str | None, latest: str | None) -> bool:
        """The entry lies inside the window; an open end never does (``since 1923``)."""
        if self.lo and (earliest is None or earliest < self.lo):
            return False
        return not (self.hi and (latest is None or latest > self.hi))


WINDOW_DATE = re.compile(r"-?([0-9]+)(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _window_bound(option: str, text: str | None) -> tuple[date, date] | None:
    """The first and last day of a window bound, or a usage error naming the option."""
    if text is None:
        return None
    value = text.strip()
    example = "a year, year-month or day such as 1929, 1929-01 or 1929-01-18"
    m = WINDOW_DATE.fullmatch(value)
    if not m:
        raise UsageError(f"{option} {text!r} is not a date: give {example}")
    if value.startswith("-") or len(m.group(1)) != 4 or not 1 <= int(m.group(1)) <= 9999:
        raise UsageError(f"{option} {text!r}: the year must have four digits, 0001 to 9999")
    w = parse_anchor(value)
    first, last = w.bounds() if w is not None else (None, None)
    if first is None or last is None:
        raise UsageError(f"{option} {text!r} is not a calendar date: give {example}")
    return first, last


class Who:
    """Which passages name a person: the entities the names stage resolves the name to
    (``Trotsky`` = ``Trockijt`` = ``Троцкого``), or a case-insensitive substring of the passage
    when the names stage has not run or does not know the name."""

    def __init__(self, store: Store, name: str) -> None:
        from adfontes.names.views import entity_for

        self._conn = store.conn
        self._name = name.casefold()
        self._entities = set(entity_for(store.conn, name))
        self._seen: dict[int, bool] = {}

    def named_in(self, passage_id: int, passage_text: str) -> bool:
        if passage_id not in self._seen:
            from adfontes.names.views import entities_in_passage

            found = self._name in passage_text.casefold()
            if not found and self._entities:
                found = bool(self._entities & set(entities_in_passage(self._conn, passage_id)))
            self._seen[passage_id] = found
        return self._seen[passage_id]


def _label(text: str, start: int, end: int, sentences: list[tuple[int, int]]) -> str:
    for a, b in sentences:
        if a <= start < b:
            start, end = a, b
            break
    return shorten(text[start:end], LABEL_CHARS)


def timeline_view(
    store: Store,
    *,
    who: str | None = None,
    start: str | None = None,
    end: str | None = None,
    lang: str | None = None,
    source: str | None = None,
    place: str | None = None,
) -> list[dict]:
    """Dated passages as entries, sorted by earliest bound; uncertain ones are spans.

    ``who`` and ``place`` keep the passages that name that person and that place (any spelling).
    """
    check_lang(lang)
    window = Window.parse(start, end)
    person = Who(store, who) if who else None
    where = Who(store, place) if place else None
    locate = sdb.Locators(store)
    listed: set[tuple[int, str]] = set()
    entries = []
    rows = db.list_times(
        store.conn, source_ids=sdb.with_documents(store.conn, source), dated_only=True
    )
    for r in rows:
        if r["passage_id"] is None or r["p_kind"] in ("footnote", "bibliography"):
            continue
        if lang and r["lang"] != lang:
            continue
        if not window.holds(r["earliest"], r["latest"]):
            continue
        text = locate.text(r["file_id"])
        if person and not person.named_in(r["passage_id"], text[r["p_start"] : r["p_end"]]):
            continue
        if where and not where.named_in(r["passage_id"], text[r["p_start"] : r["p_end"]]):
            continue
        if (r["passage_id"], r["value"]) in listed:
            continue  # "In February 1929, the same month ...": one entry for the passage
        listed.add((r["passage_id"], r["value"]))
        uncertain = r["earliest"] != r["latest"] or "~" in r["value"] or "?" in r["value"]
        entries.append({
            "value": r["value"],
            "earliest": r["earliest"],
            "latest": r["latest"],
            "precision": r["precision"],
            "calendar": r["calendar"],
            "anchoring": r["anchoring"],
            "uncertain": uncertain,
            "label": _label(text, r["start"], r["end"], sdb.sentences(store.conn, r["passage_id"])),
            "locator": locate(r["source_id"], r["file_id"], r["start"], r["end"]).to_json(),
            "passage": locate(r["source_id"], r["file_id"], r["p_start"], r["p_end"]).to_json(),
        })  # fmt: skip
    entries.sort(key=lambda e: (e["earliest"] or "", e["latest"] or "", e["locator"]["path"],
                                e["locator"]["start"]))  # fmt: skip
    return entries


def timelinejs(entries: list[dict]) -> str:
    """TimelineJS3 JSON: one event per entry, a span for an uncertain one."""

    def date(iso: str) -> dict:
        y, m, d = iso.split("-")
        return {"year": int(y), "month": int(m), "day": int(d)}

    events = []
    for e in entries:
        event = {
            "start_date": date(e["earliest"] or e["latest"]),
            "text": {"headline": e["value"],
                     "text": f"{e['label']} ({e['locator']['path']}:{e['locator']['line']})"},
            "group": e["locator"]["path"],
        }  # fmt: skip
        if e["uncertain"] and e["earliest"] and e["latest"]:
            event["end_date"] = date(e["latest"])
        events.append(event)
    return json.dumps({"events": events}, ensure_ascii=False, indent=2) + "\n"


def timeline_csv(entries: list[dict]) -> str:
    head = ["earliest", "latest", "value", "precision", "uncertain", "path", "line", "start",
            "end", "surface", "label"]  # fmt: skip
    return csvfile.table(head, (
        [e["earliest"] or "", e["latest"] or "", e["value"], e["precision"] or "",
         int(e["uncertain"]), e["locator"]["path"], e["locator"]["line"], e["locator"]["start"],
         e["locator"]["end"], e["locator"]["text"], e["label"]]
        for e in entries
    ))  # fmt: skip
