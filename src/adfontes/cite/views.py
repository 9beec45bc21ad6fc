"""Views over the citation tables: plain data for the CLI (and later the web), with locators."""

from __future__ import annotations

import json

from adfontes.cite import stage
from adfontes.cite.bib import bibliography
from adfontes.cite.check import check
from adfontes.cite.find import find
from adfontes.cite.model import BibEntry
from adfontes.cite.resolve import resolve
from adfontes.store import Store
from adfontes.store import cites as db
from adfontes.store import sources as sdb
from adfontes.store.sources import Locators


def _source_id(store: Store, source: str | None) -> str | None:
    return sdb.resolve_source(store.conn, source).id if source else None


def cites_view(store: Store, source: str | None = None, kind: str | None = None) -> list[dict]:
    loc = Locators(store)
    out = []
    for r in db.citations(store.conn, _source_id(store, source), kind):
        record = {
            "id": r["id"],
            "kind": r["kind"],
            "rule": r["rule"],
            "fields": json.loads(r["fields"]),
            "locator": loc(r["source_id"], r["file_id"], r["start"], r["end"]).to_json(),
            "method": r["method"],
            "archive_key": r["archive_key"],
            "entry": None,
        }
        if r["entry_id"] is not None:
            csl = json.loads(r["entry_csl"])
            record["entry"] = {
                "id": r["entry_id"],
                "alias": r["entry_alias"],
                "title": csl.get("title"),
                "locator": loc(
                    r["entry_source"], r["entry_file"], r["entry_start"], r["entry_end"]
                ).to_json(),
            }
        out.append(record)
    return out


def bib_view(store: Store, source: str | None = None) -> list[dict]:
    loc = Locators(store)
    return [
        {
            "id": r["id"],
            "alias": r["alias"],
            "csl": json.loads(r["csl"]),
            "locator": loc(r["source_id"], r["file_id"], r["start"], r["end"]).to_json(),
        }
        for r in db.entries(store.conn, _source_id(store, source))
    ]


def entries_for_export(store: Store, source: str | None = None) -> list[BibEntry]:
    loc = Locators(store)
    return [
        BibEntry(
            r["start"],
            r["end"],
            loc.text(r["file_id"])[r["start"] : r["end"]],
            json.loads(r["csl"]),
        )
        for r in db.entries(store.conn, _source_id(store, source))
    ]


def problems_view(store: Store, source: str | None = None) -> list[dict]:
    loc = Locators(store)
    return [
        {
            "kind": r["kind"],
            "detail": r["detail"],
            "values": json.loads(r["vals"]),
            "locators": [
                loc(r["source_id"], r["file_id"], a, b).to_json() for a, b in json.loads(r["spans"])
            ],
        }
        for r in db.problems(store.conn, _source_id(store, source))
    ]


def provenance_view(store: Store, ref: str) -> dict:
    source, passage = stage.parse_passage_ref(store.conn, ref)
    graph = stage.rests_on(store.conn, source.id)
    for node in graph:
        node["also_cited_by"] = [
            s for s in stage.sources_citing(store.conn, node["kind"], node["key"]) if s != source.id
        ]
    view = {"source": source.id, "passage": None, "rests_on": graph}
    if passage is not None:
        view["passage"] = f"{source.id}:{passage['seq']}"
        view["passage_rests_on"] = stage.passage_nodes(store.conn, source.id, passage["id"])
    return view


def text_view(text: str, lang: str | None = None) -> tuple[list[dict], list[dict]]:
    """Citations in a string with no store, resolved against a bibliography section in it."""
    entries = bibliography(text)
    bib_start = min((e.start for e in entries), default=len(text))
    cites = [c for c in find(text, lang) if c.start < bib_start or not entries]
    links = {lk.cite: lk for lk in resolve(cites, entries)}
    records = []
    for i, c in enumerate(cites):
        link = links.get(i)
        record = c.to_json()
        record["entry"] = link.entry if link else None
        record["method"] = link.method if link and link.entry is not None else None
        records.append(record)
    problems = [p.to_json() for p in check(cites, entries, list(links.values()))]
    return records, problems
