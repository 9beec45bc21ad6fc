"""What the names commands show, as plain data (lists of dicts with locators).

Also the small API other stages use: ``entity_for(conn, name)`` and
``entities_in_passage(conn, passage_id)``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import Counter
from datetime import date

import yaml

from adfontes import csvfile
from adfontes.errors import InputError, UsageError
from adfontes.locator import LineIndex
from adfontes.names.cluster import name_keys
from adfontes.names.find import find, languages
from adfontes.names.model import KINDS
from adfontes.store import Store
from adfontes.store import names as db
from adfontes.store import sources as sdb


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
    ids = sdb.with_documents(store.conn, source or None)
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


MINOR_SHARE = 0.05


def entity_for(conn: sqlite3.Connection, name: str) -> list[str]:
    """Entity ids that ``name`` can mean (by id, label or name keys), most named first.

    ``Trotsky``, ``Trockij`` and ``Троцкий`` give the same entity; ``Frunze`` gives both the
    man and the town when the corpus has both. Of the entities of one kind that share the name,
    those with fewer than 5 % of the mentions of the most named one are left out (a book title
    such as "Harvard Trotsky" read as a person), unless the name is their id or label.
    """
    exact = db.entities_by_label(conn, name)
    by_key = db.entities_by_key(conn, name_keys(name))
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


def decide(store: Store, action: str, args: list[str]) -> list[str]:
    """Record a merge, split or rename (it survives re-analysis) and gather the entities anew;
    returns notes on recorded decisions that now match no entity."""
    from adfontes.names.stage import rebuild

    for name in args[:1] if action != "merge" else args:
        if not entity_for(store.conn, name):
            raise UsageError(f"no entity for {name!r} (see 'adfontes entities')")
    with store.transaction() as conn:
        db.add_decision(conn, action, args)
    _, notes = rebuild(store)
    return notes


# --- authority file ------------------------------------------------------------------------------

AUTHORITY_FIELDS = ("id", "label", "kind", "qid", "variants", "aliases")
CSV_COLUMNS = ("id", "label", "kind", "qid", "variants", "note")
QID = re.compile(r"Q[1-9][0-9]*")
# A year, year-month or day in EDTF, perhaps approximate or uncertain (1924, 1922-02, 1917-12-20~).
ALIAS_DATE = re.compile(r"-?[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?[~?%]?")


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
    return csvfile.table(
        ["id", "label", "kind", "qid", "variants"],
        ([e["id"], e["label"], e["kind"], e.get("qid", ""), "|".join(e["variants"])]
         for e in entries),
    )  # fmt: skip


def read_authority(path: str, text: str) -> list[dict]:
    """Entries of an authority file: YAML (``entities:`` list) or CSV (variants split on ``|``).

    Every entry is checked before anything is returned: an entry that could not be used (a
    missing or non-text id or label, an unknown kind, variants that are not a list of names, an
    alias without a name or with a date that is not EDTF, a field the format does not have, an
    id given twice) raises ``InputError`` naming the file, the entry and what is wrong, so that
    nothing of a bad file reaches the store.
    """
    if path.endswith((".yaml", ".yml")):
        items, lines = _authority_yaml(path, text)
    elif path.endswith(".csv"):
        items, lines = _authority_csv(path, text)
    else:
        raise InputError(path, "an authority file is .yaml, .yml or .csv")
    out = []
    seen: dict[str, int] = {}
    for n, (item, line) in enumerate(zip(items, lines, strict=True), 1):
        entry = _authority_entry(path, n, line, item)
        if entry["id"] in seen:
            raise InputError(path, f"entry {n} ({entry['id']}): the id of entry "
                             f"{seen[entry['id']]} again", line)  # fmt: skip
        seen[entry["id"]] = n
        out.append(entry)
    return out


def _authority_yaml(path: str, text: str) -> tuple[list, list[int | None]]:
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, f"not valid YAML: {problem}",
                         mark.line + 1 if mark is not None else None) from exc  # fmt: skip
    node = root
    if isinstance(data, dict):
        unknown = sorted(str(k) for k in data if k not in ("entities", "version"))
        if unknown:
            raise InputError(path, f"unknown top-level key {unknown[0]!r} (expected 'entities:')")
        items = data.get("entities")
        node = next((v for k, v in root.value if k.value == "entities"), None)
    else:
        items = data
    if not isinstance(items, list):
        raise InputError(path, "expected a list of entities under 'entities:'")
    lines = [None] * len(items)
    if isinstance(node, yaml.SequenceNode) and len(node.value) == len(items):
        lines = [child.start_mark.line + 1 for child in node.value]
    return items, lines


def _authority_csv(path: str, text: str) -> tuple[list, list[int | None]]:
    reader = csv.DictReader(io.StringIO(text))
    items, lines = [], []
    try:
        unknown = [c for c in reader.fieldnames or () if c not in CSV_COLUMNS]
        if not reader.fieldnames:
            raise InputError(path, f"no header row (expected {', '.join(CSV_COLUMNS[:-1])})", 1)
        if unknown:
            raise InputError(path, f"unknown column {unknown[0]!r} (expected "
                             f"{', '.join(CSV_COLUMNS[:-1])})", 1)  # fmt: skip
        for row in reader:
            if None in row:
                raise InputError(path, f"entry {len(items) + 1}: more fields than columns",
                                 reader.line_num)  # fmt: skip
            row = {k: csvfile.plain(v) for k, v in row.items() if v not in (None, "")}
            variants = row.get("variants", "")
            row["variants"] = [v.strip() for v in variants.split("|") if v.strip()]
            items.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise InputError(path, f"not valid CSV: {exc}", reader.line_num) from exc
    return items, lines


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _alias_date(value: object) -> str | None:
    """An alias's ``from``/``to`` as EDTF text; YAML reads an unquoted year as a number and
    an unquoted day as a date, both taken as meant."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        value = f"{value:04d}"
    elif isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str) or not ALIAS_DATE.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not an EDTF date (e.g. 1924 or 1924-01)")
    return value.strip()


def _authority_entry(path: str, n: int, line: int | None, item: object) -> dict:
    if not isinstance(item, dict):
        raise InputError(path, f"entry {n}: expected a mapping with id, label and kind, "
                         f"not {type(item).__name__}", line)  # fmt: skip
    name = f"entry {n} ({item['id']})" if _is_text(item.get("id")) else f"entry {n}"

    def bad(reason: str) -> InputError:
        return InputError(path, f"{name}: {reason}", line)

    unknown = [str(k) for k in item if k not in (*AUTHORITY_FIELDS, "note")]
    if unknown:
        raise bad(f"unknown field {unknown[0]!r} (known: {', '.join(AUTHORITY_FIELDS)}, note)")
    missing = [k for k in ("id", "label", "kind") if item.get(k) in (None, "")]
    if missing:
        raise bad(f"missing {', '.join(missing)}")
    for k in ("id", "label", "kind"):
        if not _is_text(item[k]):
            raise bad(f"{k} must be text, not {item[k]!r}")
    if item["kind"] not in KINDS:
        raise bad(f"unknown kind {item['kind']!r} (known: {', '.join(KINDS)})")
    qid = item.get("qid")
    if qid in ("", None):
        qid = None
    elif not isinstance(qid, str) or not QID.fullmatch(qid.strip()):
        raise bad(f"qid must be a Wikidata id such as Q33391, not {qid!r}")
    variants = item.get("variants")
    variants = [] if variants is None else variants
    if not isinstance(variants, list) or not all(_is_text(v) for v in variants):
        raise bad(f"variants must be a list of names, not {variants!r}")
    aliases_in = item.get("aliases")
    aliases_in = [] if aliases_in is None else aliases_in
    if not isinstance(aliases_in, list):
        raise bad(f"aliases must be a list, not {aliases_in!r}")
    aliases = []
    for i, alias in enumerate(aliases_in, 1):
        if _is_text(alias):
            alias = {"name": alias}
        if not isinstance(alias, dict) or not _is_text(alias.get("name")):
            raise bad(f"alias {i} must be a name or a mapping with a name (and from, to), "
                      f"not {alias!r}")  # fmt: skip
        extra = [str(k) for k in alias if k not in ("name", "from", "to")]
        if extra:
            raise bad(f"alias {i} ({alias['name']}): unknown field {extra[0]!r}")
        record = {"name": alias["name"].strip()}
        for k in ("from", "to"):
            try:
                when = _alias_date(alias.get(k))
            except ValueError as exc:
                raise bad(f"alias {i} ({alias['name']}): {k} {exc}") from None
            if when is not None:
                record[k] = when
        aliases.append(record)
    return {
        "id": item["id"].strip(),
        "label": item["label"].strip(),
        "kind": item["kind"],
        "qid": qid.strip() if qid else None,
        "variants": [v.strip() for v in variants],
        "aliases": aliases,
    }
