"""What the names commands show, as plain data (lists of dicts with locators).

Also the small API other stages use: ``entity_for(conn, name)`` and
``entities_in_passage(conn, passage_id)``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import Counter

import yaml

from adfontes.errors import InputError, UsageError
from adfontes.locator import LineIndex
from adfontes.names import keys as namekeys
from adfontes.names.find import find, languages
from adfontes.names.gazetteer import name_key
from adfontes.names.model import KINDS
from adfontes.store import Store
from adfontes.store import names as db
from adfontes.store import sources as sdb

READINGS = ("en", "hu", "de", "fr", "ru")


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in languages():
        raise UsageError(f"unknown language {lang!r} (known: {', '.join(languages())})")


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")


def text_view(text: str, lang: str) -> list[dict]:
    """Mentions in a string, with locators into it (``source`` is null: nothing is stored)."""
    _check_lang(lang)
    index = LineIndex(text)
    out = []
    for m in find(text, lang):
        record = m.to_json()
        record["locator"] = {"source": None, "path": "-", "start": m.start, "end": m.end,
                             "line": index.line(m.start), "text": m.surface}  # fmt: skip
        out.append(record)
    return out


def _mention_record(row: sqlite3.Row, locate: sdb.Locators) -> dict:
    return {
        "surface": row["surface"],
        "base": row["base"],
        "kind": row["kind"],
        "lang": row["lang"],
        "head": row["head"],
        "given": json.loads(row["given"]),
        "gender": row["gender"],
        "title": row["title"],
        "keys": json.loads(row["keys"]),
        "rule": row["rule"],
        "base_rule": row["base_rule"],
        "entity": row["entity_id"],
        "passage": row["passage_id"],
        "locator": locate(row["source_id"], row["file_id"], row["start"], row["end"]).to_json(),
    }


def mentions_view(
    store: Store,
    *,
    source: str | None = None,
    lang: str | None = None,
    kind: str | None = None,
    passages: list[int] | None = None,
) -> list[dict]:
    """Stored mentions; ``passages`` keeps those in these passages (row ids) only."""
    _check_lang(lang)
    _check_kind(kind)
    ids = None
    if source:
        row = sdb.resolve_source(store.conn, source)
        ids = [row.id] + [c.id for c in sdb.children(store.conn, row.id)]
    locate = sdb.Locators(store)
    rows = db.list_mentions(store.conn, source_ids=ids, lang=lang, kind=kind, passage_ids=passages)
    return [_mention_record(r, locate) for r in rows]


def _aliases(conn: sqlite3.Connection, authority: str | None) -> list[dict]:
    """Dated other names of the gazetteer or authority entry (GPU 1922-02/1923-11, OGPU, …)."""
    from adfontes.names.stage import gazetteer

    entry = gazetteer(conn).entries.get(authority) if authority else None
    if entry is None:
        return []
    return [{"name": a.name, "from": a.start, "to": a.end} for a in entry.aliases]


def _entity_record(conn: sqlite3.Connection, row: sqlite3.Row) -> dict:
    forms = db.variants(conn, row["id"])
    langs = Counter()
    for f in forms:
        langs[f["lang"]] += f["n"]
    return {
        "id": row["id"],
        "label": row["label"],
        "kind": row["kind"],
        "qid": row["qid"],
        "authority": row["authority"],
        "mentions": row["mentions"],
        "languages": dict(langs.most_common()),
        "variants": [{"surface": f["surface"], "lang": f["lang"], "count": f["n"]} for f in forms],
        "aliases": _aliases(conn, row["authority"]),
    }


def entities_view(store: Store, *, kind: str | None = None, lang: str | None = None) -> list[dict]:
    _check_lang(lang)
    _check_kind(kind)
    return [
        _entity_record(store.conn, r) for r in db.list_entities(store.conn, kind=kind, lang=lang)
    ]


def _name_keys(name: str) -> set[str]:
    """Keys a name typed by a user can have: read as a name in each language, and as written."""
    wanted: set[str] = set()
    for lang in READINGS:
        for m in find(name, lang):
            wanted |= set(m.keys)
        if name.split():
            wanted |= namekeys.skeletons(name.split()[-1], lang)
        wanted.add(name_key(name, lang))
    return wanted


MINOR_SHARE = 0.05


def entity_for(conn: sqlite3.Connection, name: str) -> list[str]:
    """Entity ids that ``name`` can mean (by id, label or name keys), most named first.

    ``Trotsky``, ``Trockij`` and ``Троцкий`` give the same entity; ``Frunze`` gives both the
    man and the town when the corpus has both. Of the entities of one kind that share the name,
    those with fewer than 5 % of the mentions of the most named one are left out (a book title
    such as "Harvard Trotsky" read as a person), unless the name is their id or label.
    """
    exact = db.entities_by_label(conn, name)
    by_key = db.entities_by_key(conn, _name_keys(name))
    rows = {eid: db.entity(conn, eid) for eid in dict.fromkeys(exact + by_key)}
    top: dict[str, int] = {}
    for row in rows.values():
        top[row["kind"]] = max(top.get(row["kind"], 0), row["mentions"])
    kept = [
        eid
        for eid, row in rows.items()
        if eid in exact or row["mentions"] >= MINOR_SHARE * top[row["kind"]]
    ]
    return sorted(kept, key=lambda eid: -rows[eid]["mentions"])


def entities_in_passage(conn: sqlite3.Connection, passage_id: int) -> list[str]:
    """Ids of the entities named in one passage."""
    return db.entities_in_passage(conn, passage_id)


def entity_view(store: Store, entity_id: str) -> dict:
    """One entity with all its mentions (``mention_list``), each with its passage's locator."""
    conn = store.conn
    row = db.entity(conn, entity_id)
    if row is None:
        raise UsageError(f"no entity {entity_id!r} (see 'adfontes entities')")
    locate = sdb.Locators(store)
    record = _entity_record(conn, row)
    mentions = []
    for r in db.list_mentions(conn, entity_ids=[entity_id]):
        item = _mention_record(r, locate)
        if r["passage_id"] is not None:
            p = conn.execute("SELECT start, end, kind FROM passages WHERE id = ?",
                             (r["passage_id"],)).fetchone()  # fmt: skip
            item["passage_locator"] = locate(r["source_id"], r["file_id"], p["start"],
                                             p["end"]).to_json()  # fmt: skip
        mentions.append(item)
    record["mention_list"] = mentions
    return record


def who_view(store: Store, name: str) -> list[dict]:
    """Every entity ``name`` resolves to, each with all its mentions and their passages."""
    return [entity_view(store, eid) for eid in entity_for(store.conn, name)]


def decide(store: Store, action: str, args: list[str]) -> None:
    """Record a merge, split or rename (it survives re-analysis) and gather the entities anew."""
    from adfontes.names.stage import run_corpus

    for name in args[:1] if action != "merge" else args:
        if not entity_for(store.conn, name):
            raise UsageError(f"no entity for {name!r} (see 'adfontes entities')")
    with store.transaction() as conn:
        db.add_decision(conn, action, args)
    run_corpus(store)


# --- authority file ------------------------------------------------------------------------------

AUTHORITY_FIELDS = ("id", "label", "kind", "qid", "variants", "aliases")


def export_authority(store: Store, fmt: str) -> str:
    """Every entity as an authority entry (YAML or CSV), with its variants and any QID."""
    conn = store.conn
    entries = []
    for row in db.list_entities(conn):
        forms = [f["surface"] for f in db.variants(conn, row["id"])]
        entry = {"id": row["id"], "label": row["label"], "kind": row["kind"],
                 "variants": list(dict.fromkeys(forms))}  # fmt: skip
        if row["qid"]:
            entry["qid"] = row["qid"]
        aliases = [{k: v for k, v in a.items() if v} for a in _aliases(conn, row["authority"])]
        if aliases:
            entry["aliases"] = aliases
        entries.append(entry)
    if fmt == "yaml":
        return yaml.safe_dump({"entities": entries}, allow_unicode=True, sort_keys=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(["id", "label", "kind", "qid", "variants"])
    for e in entries:
        writer.writerow([e["id"], e["label"], e["kind"], e.get("qid", ""), "|".join(e["variants"])])
    return buffer.getvalue()


def read_authority(path: str, text: str) -> list[dict]:
    """Entries of an authority file: YAML (``entities:`` list) or CSV (variants split on ``|``)."""
    if path.endswith((".yaml", ".yml")):
        data = yaml.safe_load(text) or {}
        items = data.get("entities") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise InputError(path, "expected a list of entities under 'entities:'")
    elif path.endswith(".csv"):
        items = []
        for row in csv.DictReader(io.StringIO(text)):
            row["variants"] = [v for v in (row.get("variants") or "").split("|") if v]
            items.append(row)
    else:
        raise InputError(path, "an authority file is .yaml, .yml or .csv")
    out = []
    for n, item in enumerate(items, 1):
        missing = [k for k in ("id", "label", "kind") if not item.get(k)]
        if missing:
            raise InputError(path, f"entry {n}: missing {', '.join(missing)}")
        if item["kind"] not in KINDS:
            raise InputError(path, f"entry {n}: unknown kind {item['kind']!r}")
        out.append({k: item.get(k) or ([] if k in ("variants", "aliases") else None)
                    for k in AUTHORITY_FIELDS})  # fmt: skip
    return out
