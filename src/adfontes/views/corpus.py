"""What is stored: sources, one source's passages, one passage, and store-wide figures."""

from __future__ import annotations

import sqlite3
from collections import Counter

from adfontes.errors import UsageError
from adfontes.store import Store
from adfontes.store import search as search_db
from adfontes.store import sources as db
from adfontes.text.normalize import homoglyph_words


def _passage_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(
        conn.execute("SELECT source_id, count(*) FROM passages GROUP BY source_id").fetchall()
    )


def source_record(store: Store, source: db.SourceRow, locators: db.Locators, n: int) -> dict:
    loc = locators(source.id, source.file_id, source.start, source.end).to_json()
    loc["text"] = loc["text"][:200]
    return {
        "id": source.id,
        "parent": source.parent_id,
        "title": source.title,
        "author": source.author,
        "date": source.date,
        "language": source.language,
        "kind": source.kind,
        "genre": source.genre,
        "archive": source.archive,
        "translation_of": source.translation_of,
        "noise": source.noise,
        "inferred": list(source.inferred),
        "passages": n,
        "documents": source.meta.get("documents", 1) if source.parent_id is None else None,
        "locator": loc,
    }


def sources_view(store: Store, lang: str | None = None, include_noise: bool = True) -> list[dict]:
    counts = _passage_counts(store.conn)
    locators = db.Locators(store)
    out = []
    for source in db.list_sources(store.conn, lang=lang, include_noise=include_noise):
        n = counts.get(source.id, 0)
        if source.parent_id is None:
            n += sum(counts.get(c.id, 0) for c in db.children(store.conn, source.id))
        out.append(source_record(store, source, locators, n))
    return out


def passage_record(
    passage: db.PassageRow, locators: db.Locators, text_limit: int | None = None
) -> dict:
    loc = locators(passage.source_id, passage.file_id, passage.start, passage.end).to_json()
    if text_limit is not None and len(loc["text"]) > text_limit:
        loc["text"] = loc["text"][:text_limit] + "…"
    return {
        "ref": passage.ref,
        "seq": passage.seq,
        "kind": passage.kind,
        "lang": passage.lang,
        "langs": passage.langs,
        "page": passage.page,
        "section": passage.section,
        "locator": loc,
    }


def show_view(store: Store, ref: str) -> dict:
    """A source with its passages, or one passage (``SOURCE:SEQ``) with sentences and notes."""
    source_ref, _, seq = ref.rpartition(":") if ":" in ref else (ref, "", "")
    if not seq.isdigit():
        source_ref, seq = ref, ""
    try:
        source = db.resolve_source(store.conn, source_ref)
    except UsageError:
        # A ref kept from before its file changed: the same text in the current version.
        replaced = search_db.replaced_passage(store.conn, source_ref, int(seq)) if seq else None
        if replaced is None:
            raise
        replaced.current_passage(ref)
        out = show_view(store, replaced.current_ref)
        out["notices"] = [
            f"passage {ref} is from an older version of {replaced.path}; showing "
            f"{replaced.current_ref}, the same text in the current version"
        ]
        return out
    locators = db.Locators(store)
    passages = db.passages(store.conn, source_id=source.id)
    record = source_record(store, source, locators, len(passages))
    if not seq:
        record["passages"] = [passage_record(p, locators) for p in passages]
        record["count"] = len(passages)
        return record
    match = [p for p in passages if p.seq == int(seq)]
    if not match:
        raise UsageError(
            f"source {source.id} has no passage {seq} (passages are numbered per file)"
        )
    passage = match[0]
    out = passage_record(passage, locators)
    out["norm"] = passage.norm
    out["sentences"] = [
        locators(passage.source_id, passage.file_id, a, b).to_json()
        for a, b in db.sentences(store.conn, passage.id)
    ]
    notes = []
    for link in db.footnote_links(store.conn, passage.file_id):
        if link["marker_passage_id"] == passage.id or link["note_passage_id"] == passage.id:
            notes.append(
                {
                    "label": link["label"],
                    "marker": locators(passage.source_id, passage.file_id, link["marker_start"], link["marker_end"]).to_json(),
                    "marker_passage": link["marker_seq"],
                    "note_passage": link["note_seq"],
                }
            )  # fmt: skip
    out["footnotes"] = notes
    out["homoglyphs"] = [
        locators(passage.source_id, passage.file_id, passage.start + a, passage.start + b).to_json()
        for a, b in homoglyph_words(passage.text)
    ]
    out["source"] = record
    return out


def stats_view(store: Store) -> dict:
    conn = store.conn
    sources = db.list_sources(conn)
    kinds = Counter(
        r[0]
        for r in conn.execute(
            "SELECT p.kind FROM passages p JOIN files f ON f.id = p.file_id AND f.superseded_by IS NULL"
        )
    )
    return {
        "counts": db.counts(conn),
        # A document is a source with no documents split out of it: a whole file or a part.
        "documents": sum(
            1 for s in sources if not s.noise and not any(c.parent_id == s.id for c in sources)
        ),
        "noise_documents": sum(1 for s in sources if s.noise),
        "languages": dict(Counter(s.language for s in sources if not s.noise)),
        "passage_kinds": dict(kinds),
        "stages": [dict(r) for r in db.stage_runs(conn)],
    }
