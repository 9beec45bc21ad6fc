"""The ``cites`` stage: citations and bibliography entries per source, then links and provenance.

``run_source`` finds citations in every analysable passage and parses the bibliography passages
into entries. ``run_corpus`` resolves citations to entries (a source's own bibliography first,
then the other sources'), records the consistency problems, and builds the provenance graph:
source → cites → work or archive document, translation_of from the manifest, and cites → source
when an entry names another source of the corpus.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from adfontes.analyze import Stage
from adfontes.cite.bib import parse_reference, split_entries
from adfontes.cite.check import check
from adfontes.cite.find import find
from adfontes.cite.model import BibEntry, Citation
from adfontes.cite.resolve import norm, resolve
from adfontes.errors import UsageError
from adfontes.store import Store
from adfontes.store import cites as db
from adfontes.store import sources as sdb

SKIP_KINDS = frozenset({"bibliography"})
# Citations that take their target from the context never go looking in another source.
CONTEXT_KINDS = frozenset({"ibid", "footnote_ref"})


# Bump when a rule file's version or the stage's behaviour changes.
VERSION = "1"


# --- keys shared across sources ----------------------------------------------------------------


def work_key(csl: dict) -> str:
    """One work across sources: first author's family name and the title, folded."""
    authors = csl.get("author") or [{}]
    family = authors[0].get("family") or authors[0].get("literal") or ""
    title = csl.get("title") or csl.get("container-title") or ""
    return f"{norm(family)}|{norm(title)[:80]}"


def archive_key(fields: dict) -> str | None:
    """One archive document (or collection) across sources, whoever holds the copy."""
    collection = fields.get("held_in") or fields.get("collection") or fields.get("custodian") or ""
    head = norm(collection).split(" ")[0] if collection else ""
    if "fond" in fields and "delo" in fields:
        return f"f{fields['fond']}/op{fields.get('opis', '')}/d{fields['delo']}"
    if "item" in fields:
        return f"{head or 'item'}:{fields['item']}"
    if "box" in fields:
        return f"{head}:box{fields['box']}/f{fields.get('folder', '')}"
    if "reel" in fields:
        return f"reel{fields['reel']}:{fields.get('item', '')}"
    return f"collection:{head}" if head else None


# --- per source --------------------------------------------------------------------------------


def run_source(
    conn: sqlite3.Connection, source: sdb.SourceRow, passages: list[sdb.PassageRow]
) -> int:
    text = db.file_text(conn, source.file_id) if passages else ""
    entries, cites = read_source(text, passages)
    return write(conn, source, entries, cites)


def read_source(
    text: str, passages: list[sdb.PassageRow]
) -> tuple[list[tuple[int, BibEntry]], list[tuple[int, Citation]]]:
    """Bibliography entries and citations of one source's passages, each with its passage id;
    offsets are into the file's ``text``. Nothing is written."""
    entries = []
    for run in _runs([p for p in passages if p.kind == "bibliography"]):
        for a, b in split_entries(text, run[0].start, run[-1].end):
            pid = next(p.id for p in run if p.start <= a < p.end or p is run[-1])
            entries.append((pid, parse_reference(text[a:b], offset=a)))
    cites = []
    for p in passages:
        if p.kind in SKIP_KINDS:
            continue
        for c in find(p.text, p.lang):
            start, end = p.start + c.start, p.start + c.end
            cites.append((p.id, Citation(start, end, c.raw, c.kind, c.fields, c.rule)))
    return entries, cites


def write(
    conn: sqlite3.Connection,
    source: sdb.SourceRow,
    entries: list[tuple[int, BibEntry]],
    cites: list[tuple[int, Citation]],
) -> int:
    """Replace the source's entries and citations with these; returns the rows written."""
    db.delete_source(conn, source.id)
    db.insert_entries(conn, [entry_row(source, pid, n, e) for n, (pid, e) in enumerate(entries)])
    db.insert_citations(conn, [
        (source.id, source.file_id, pid, c.start, c.end, c.kind, c.rule,
         json.dumps(c.fields, ensure_ascii=False),
         archive_key(c.fields) if c.kind == "archive" else None)
        for pid, c in cites
    ])  # fmt: skip
    return len(entries) + len(cites)


def entry_row(source: sdb.SourceRow, passage_id: int, seq: int, entry: BibEntry) -> tuple:
    return (
        source.id, source.file_id, passage_id, seq, entry.start, entry.end, entry.alias,
        work_key(entry.csl), json.dumps(entry.csl, ensure_ascii=False),
        json.dumps({k: list(v) for k, v in entry.spans.items()}),
    )  # fmt: skip


def _runs(passages: list[sdb.PassageRow]) -> list[list[sdb.PassageRow]]:
    """Consecutive bibliography passages (by seq) form one section."""
    runs: list[list[sdb.PassageRow]] = []
    for p in passages:
        if runs and p.seq - runs[-1][-1].seq <= 2:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


# --- the corpus --------------------------------------------------------------------------------


def _entry(row: sqlite3.Row, text: str) -> BibEntry:
    spans = {k: tuple(v) for k, v in json.loads(row["spans"]).items()}
    return BibEntry(
        row["start"], row["end"], text[row["start"] : row["end"]], json.loads(row["csl"]), spans
    )


def _citation(row: sqlite3.Row, text: str) -> Citation:
    return Citation(row["start"], row["end"], text[row["start"] : row["end"]], row["kind"],
                    json.loads(row["fields"]), row["rule"])  # fmt: skip


def run_corpus(store: Store) -> int:
    with store.transaction() as conn:
        db.replace_corpus_links(conn)
        texts: dict[str, str] = {}

        def text_of(file_id: str) -> str:
            if file_id not in texts:
                texts[file_id] = db.file_text(conn, file_id)
            return texts[file_id]

        entry_rows = db.entries(conn)
        by_source: dict[str, list[sqlite3.Row]] = defaultdict(list)
        for r in entry_rows:
            by_source[r["source_id"]].append(r)
        objects = {r["id"]: _entry(r, text_of(r["file_id"])) for r in entry_rows}
        cite_rows = db.citations(conn)
        cites_by_source: dict[str, list[sqlite3.Row]] = defaultdict(list)
        for r in cite_rows:
            cites_by_source[r["source_id"]].append(r)
        written = 0
        for source_id, rows in cites_by_source.items():
            written += _link_source(conn, source_id, rows, by_source, objects, text_of)
        written += _edges(conn, store)
    return written


def _link_source(conn, source_id, rows, by_source, objects, text_of) -> int:
    own = by_source.get(source_id, [])
    others = [r for s, rs in by_source.items() if s != source_id for r in rs]
    cites = [_citation(r, text_of(r["file_id"])) for r in rows]
    streams = ["note" if r["passage_kind"] == "footnote" else "text" for r in rows]
    links = resolve(cites, [objects[r["id"]] for r in own], streams)
    ids = [r["id"] for r in own]
    out = []
    for link in links:
        entry_id = ids[link.entry] if link.entry is not None else None
        method = link.method
        if entry_id is None and cites[link.cite].kind not in CONTEXT_KINDS and others:
            far = resolve([cites[link.cite]], [objects[r["id"]] for r in others])
            if far and far[0].entry is not None and far[0].method != "context":
                entry_id, method = others[far[0].entry]["id"], far[0].method
        target = rows[link.target_cite]["id"] if link.target_cite is not None else None
        out.append(
            (entry_id, target, method if entry_id is not None else None, rows[link.cite]["id"])
        )
    db.set_links(conn, out)
    file_id = rows[0]["file_id"]
    problems = check(cites, [objects[r["id"]] for r in own], links, text_of(file_id))
    db.insert_problems(conn, [
        (source_id, file_id, p.kind, p.detail, json.dumps([list(s) for s in p.spans]),
         json.dumps(list(p.values), ensure_ascii=False))
        for p in problems
    ])  # fmt: skip
    return len(out) + len(problems)


def _edges(conn: sqlite3.Connection, store: Store) -> int:
    sources = sdb.list_sources(conn, include_noise=False)
    edges: dict[tuple, tuple] = {}
    for r in db.citations(conn):
        sid = r["source_id"]
        if r["entry_id"] is not None:
            csl = json.loads(r["entry_csl"])
            key = work_key(csl)
            label = csl.get("title") or csl.get("citation-label") or key
            edges.setdefault((sid, "cites", "work", key), (label, r["id"]))
        if r["archive_key"]:
            fields = json.loads(r["fields"])
            label = " ".join(
                v for k, v in fields.items() if k in ("collection", "held_in", "fond", "delo")
            )
            edges.setdefault(
                (sid, "cites", "archive", r["archive_key"]), (label or r["archive_key"], r["id"])
            )
    titled = [(s, norm(s.title)) for s in sources if s.title]
    for e in db.entries(conn):
        csl = json.loads(e["csl"])
        title = norm(csl.get("title", ""))
        for s, stitle in titled:
            if s.id != e["source_id"] and title and fuzz.ratio(title, stitle) >= 90:
                edges.setdefault((e["source_id"], "cites", "source", s.id), (s.title, None))
    for s in sources:
        if s.translation_of:
            try:
                original = sdb.resolve_source(conn, s.translation_of)
            except UsageError:
                continue
            edges.setdefault(
                (s.id, "translation_of", "source", original.id),
                (original.title or original.id, None),
            )
    db.insert_edges(conn, [(k[0], k[1], k[2], k[3], v[0], v[1]) for k, v in edges.items()])
    return len(edges)


# --- the graph, for the claims stage -------------------------------------------------------------


def rests_on(conn: sqlite3.Connection, source_id: str) -> list[dict]:
    """What a source rests on, transitively: works, archive documents and other sources.

    Each node is ``{kind, key, label, relation, via, depth}``; ``via`` is the source whose edge
    reached it (the source itself at depth 1).
    """
    seen: dict[tuple[str, str], dict] = {}
    frontier = [(source_id, 1)]
    visited = {source_id}
    while frontier:
        current, depth = frontier.pop(0)
        for e in db.edges(conn, current):
            node = (e["target_kind"], e["target"])
            if node in seen:
                continue
            seen[node] = {"kind": e["target_kind"], "key": e["target"], "label": e["label"],
                          "relation": e["relation"], "via": current, "depth": depth}  # fmt: skip
            if e["target_kind"] == "source" and e["target"] not in visited:
                visited.add(e["target"])
                frontier.append((e["target"], depth + 1))
    return list(seen.values())


def passage_nodes(conn: sqlite3.Connection, source_id: str, passage_id: int) -> list[dict]:
    """Works and archive documents one passage cites, in its text or in notes marked in it."""
    ids = [passage_id, *db.note_passages(conn, passage_id)]
    nodes: dict[tuple[str, str], dict] = {}
    for r in db.citations(conn, source_id=None, passage_ids=ids):
        if r["entry_id"] is not None:
            csl = json.loads(r["entry_csl"])
            nodes.setdefault(("work", work_key(csl)), {"kind": "work", "key": work_key(csl),
                             "label": csl.get("title") or work_key(csl), "citation": r["id"]})  # fmt: skip
        if r["archive_key"]:
            nodes.setdefault(("archive", r["archive_key"]), {"kind": "archive", "key": r["archive_key"],
                             "label": r["archive_key"], "citation": r["id"]})  # fmt: skip
    return list(nodes.values())


def shared_provenance(conn: sqlite3.Connection, passage_a: int, passage_b: int) -> list[dict]:
    """What two passages (by id) both rest on: a common work, archive document or source.

    Empty means no shared provenance is known, not that the two are independent.
    """
    rows = [
        conn.execute("SELECT source_id FROM passages WHERE id = ?", (p,)).fetchone()
        for p in (passage_a, passage_b)
    ]
    if any(r is None for r in rows):
        raise UsageError(f"unknown passage id in {passage_a}, {passage_b}")
    (sa,), (sb,) = rows
    a = {(n["kind"], n["key"]): n for n in passage_nodes(conn, sa, passage_a)}
    b = {(n["kind"], n["key"]): n for n in passage_nodes(conn, sb, passage_b)}
    shared = [dict(a[k], relation="both cite") for k in a.keys() & b.keys()]
    for x, y in ((sa, sb), (sb, sa)):
        if x != y and any(n["kind"] == "source" and n["key"] == y for n in rests_on(conn, x)):
            shared.append({"kind": "source", "key": y, "label": y, "relation": f"{x} rests on {y}"})
    return shared


def parse_passage_ref(
    conn: sqlite3.Connection, ref: str
) -> tuple[sdb.SourceRow, sqlite3.Row | None]:
    """``SOURCE`` or ``SOURCE:SEQ`` → the source and, when given, the passage."""
    name, sep, seq = ref.rpartition(":") if re.search(r":\d+$", ref) else (ref, "", "")
    source = sdb.resolve_source(conn, name)
    if not sep:
        return source, None
    row = db.passage(conn, source.id, int(seq))
    if row is None:
        raise UsageError(f"no passage {seq} in source {source.id}")
    return source, row


def sources_citing(conn: sqlite3.Connection, kind: str, key: str) -> Sequence[str]:
    return sorted({e["source_id"] for e in db.edges_to(conn, kind, key)})


STAGE = Stage("cites", VERSION, run_source, run_corpus)
