"""What the variants commands show: witnesses read from files or the store, and their collation."""

from __future__ import annotations

from pathlib import Path

from adfontes.errors import InputError, StoreError, UsageError
from adfontes.text import shorten
from adfontes.variants.collate import Witness, collate
from adfontes.variants.render import to_json, to_tei, to_text


def file_witness(path: Path, siglum: str, lang: str | None) -> Witness:
    from adfontes.ingest.decode import decode
    from adfontes.text.langid import detect

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc
    text, _ = decode(data, str(path))
    lang = lang or detect(text)[0]
    return Witness(siglum, text, lang, None, str(path), 0, 1)


def store_witness(store, ref: str, siglum: str, lang: str | None) -> Witness:
    from adfontes.store.sources import Locators, resolve_source

    source = resolve_source(store.conn, ref)
    full = Locators(store).text(source.file_id)
    return Witness(
        siglum, full[source.start : source.end], lang or source.language, source.id,
        source.path, source.start, full.count("\n", 0, source.start) + 1,
    )  # fmt: skip


def witnesses(refs: list[str], *, open_store, sigla: list[str] | None, lang: str | None):
    """A witness per ref: a file path when one exists, else a source in the store."""
    if len(refs) < 2:
        raise UsageError("collate needs two or more witnesses")
    if sigla is not None and len(sigla) != len(refs):
        raise UsageError(f"--sigla gives {len(sigla)} sigla for {len(refs)} witnesses")
    names = sigla or _default_sigla(refs)
    out, store = [], None
    try:
        for ref, siglum in zip(refs, names, strict=True):
            if Path(ref).is_file():
                out.append(file_witness(Path(ref), siglum, lang))
            else:
                store = store or _store(open_store, ref)
                out.append(store_witness(store, ref, siglum, lang))
    finally:
        if store is not None:
            store.close()
    return out


def _store(open_store, ref: str):
    try:
        return open_store()
    except StoreError as exc:
        raise UsageError(f"{ref}: no such file, and no store to look it up in ({exc})") from exc


def _default_sigla(refs: list[str]) -> list[str]:
    stems = [Path(r).stem or r for r in refs]
    if len(set(stems)) == len(stems):
        return stems
    return [chr(ord("A") + i) if i < 26 else f"W{i}" for i in range(len(refs))]


def collate_view(ws: list[Witness], fmt: str, *, normalise: bool = True, mode: str | None = None):
    c = collate(ws, normalise=normalise, mode=mode)
    if fmt == "json":
        return to_json(c)
    return to_tei(c) if fmt == "tei" else to_text(c)


# Stories ------------------------------------------------------------------------------------


def _loc(locators, t: dict, start: int | None, end: int | None) -> dict | None:
    if start is None or end is None:
        return None
    return locators(t["source_id"], t["file_id"], start, end).to_json()


def _telling_json(locators, t: dict) -> dict:
    return {
        "seq": t["seq"],
        "earliest": bool(t["earliest"]),
        "telling_date": t["telling_date"],
        "telling_date_from": t["telling_date_from"],
        "claimed_date": t["claimed_date"],
        "claimed_locator": _loc(locators, t, t["claimed_start"], t["claimed_end"]),
        "linked_event": t["linked_event"],
        "linked_locator": _loc(locators, t, t["linked_start"], t["linked_end"]),
        "audience": t["audience"],
        "audience_rule": t["audience_rule"],
        "audience_locator": _loc(locators, t, t["audience_start"], t["audience_end"]),
        "wording": t["wording"],
        "wording_locator": _loc(locators, t, t["wording_start"], t["wording_end"]),
        "witnesses": t["witnesses"],
        "teller": t["teller"],
        "locator": _loc(locators, t, t["start"], t["end"]),
    }


def _as_telling(t: dict):
    from adfontes.variants.stories import Telling

    return Telling(
        source=t["source_id"], file_id=t["file_id"], passage=t["passage_id"], start=t["start"],
        end=t["end"], telling_date=t["telling_date"], claimed_date=t["claimed_date"],
        audience=t["audience"], wording=t["wording"], witnesses=tuple(t["witnesses"]),
        teller=t["teller"], linked_event=t["linked_event"],
    )  # fmt: skip


def _story_json(store, locators, story: dict, tellings: list[dict]) -> dict:
    from adfontes.variants.stories import drift

    return {
        "id": story["id"],
        "label": story["label"],
        "score": story["score"],
        "sources": story["sources"],
        "summary": story["summary"],
        "tellings": [_telling_json(locators, t) for t in tellings],
        "drift": drift([_as_telling(t) for t in tellings]),
    }


def discover_view(store, limit: int | None = None) -> list[dict]:
    """The stored stories, strongest first, each with its tellings and drift table."""
    from adfontes.store import variants as db
    from adfontes.store.sources import Locators

    locators = Locators(store)
    rows = db.list_stories(store.conn)[:limit] if limit else db.list_stories(store.conn)
    return [
        _story_json(store, locators, dict(r), db.story_tellings(store.conn, r["id"])) for r in rows
    ]


_DEFAULT = object()


def query_embedder():
    """The embedder a query checks sentences with: the bundled one unless embedding is turned
    off (``ADFONTES_EMBED=off`` or ``ADFONTES_EMBEDDER=off``) or there is none."""
    from adfontes.search.embed import default_embedder
    from adfontes.search.stage import embed_setting

    return default_embedder().embedder if embed_setting() != "off" else None


def _overlaps(t: dict, spans: dict[int, list[tuple[int, int]]]) -> bool:
    return any(t["start"] < e and s < t["end"] for s, e in spans.get(t["passage_id"], ()))


def phrase_view(store, phrase: str, *, embedder=_DEFAULT) -> list[dict]:
    """Every telling of the phrase (or quotation) as one story (id ``Q-…``), found by the
    phrase's words, by alignment and shared keys, and by sentence vectors (``query.find``), then
    the stored stories that hold any of those tellings."""
    import hashlib

    from adfontes.store import variants as db
    from adfontes.store.sources import Locators, resolve_source
    from adfontes.variants import stage
    from adfontes.variants.query import METHODS, find
    from adfontes.variants.stories import order, summary

    if embedder is _DEFAULT:
        embedder = query_embedder()
    found = find(store, phrase, embedder=embedder)
    if not found:
        return []
    per_passage: dict = {}
    for f in found:
        per_passage.setdefault(f.passage.id, []).append(f)
    sources: dict = {}
    dates: dict = {}
    tellings, how = [], {}
    for fs in per_passage.values():
        p = fs[0].passage
        if p.source_id not in sources:
            sources[p.source_id] = resolve_source(store.conn, p.source_id)
        for s, e in stage._joined([(f.start, f.end) for f in fs]):
            inside = [f for f in fs if s <= f.start and f.end <= e]
            best = min(inside, key=lambda f: (METHODS.index(f.by), -f.score))
            t = stage.telling(store, p, stage._sentences(store, p, s, e), sources[p.source_id],
                              dates)  # fmt: skip
            tellings.append(t)
            how[(t.passage, t.start, t.end)] = {"by": best.by, "score": best.score}
    tellings = order(tellings)
    dated = [t for t in tellings if t.telling_date]
    earliest = dated[0] if dated else tellings[0]
    story_id = "Q-" + hashlib.sha1(phrase.encode()).hexdigest()[:10]
    rows = []
    for i, t in enumerate(tellings):
        row = dict(zip(db.TELLING_COLUMNS, stage._telling_row(story_id, i, t, t is earliest),
                       strict=True))  # fmt: skip
        row["witnesses"] = list(t.witnesses)
        rows.append(row)
    story = {
        "id": story_id,
        "label": phrase,
        "score": float(len(tellings)),
        "sources": len({t.source for t in tellings}),
        "summary": summary(tellings),
    }
    locators = Locators(store)
    out = _story_json(store, locators, story, rows)
    for t, row in zip(out["tellings"], tellings, strict=True):
        t["match"] = how[(row.passage, row.start, row.end)]
    spans: dict = {}
    for t in tellings:
        spans.setdefault(t.passage, []).append((t.start, t.end))
    stored = []
    for r in db.list_stories(store.conn, db.stories_with_passages(store.conn, list(spans))):
        held = db.story_tellings(store.conn, r["id"])
        if any(_overlaps(t, spans) for t in held):
            stored.append(_story_json(store, locators, dict(r), held))
    return [out, *stored]


def drift_text(story: dict, width: int = 40) -> str:
    """A story as text: its summary, then the drift table (``*`` marks a changed cell)."""
    from adfontes.variants.stories import SLOTS

    head = ["#", *SLOTS, "where"]
    lines = [f"{story['id']}  {story['label']}", f"  {story['summary']}"]
    rows = []
    for t, d in zip(story["tellings"], story["drift"], strict=True):
        cells = [f"{t['seq'] + 1}{'!' if t['earliest'] else ''}"]
        for slot in SLOTS:
            v = shorten(d[slot]["value"] or "—", width)
            cells.append(("*" if d[slot]["changed"] else "") + v)
        loc = t["locator"]
        cells.append(f"{loc['path']}:{loc['line']}")
        rows.append(cells)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"
