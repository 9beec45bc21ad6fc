"""Ingest: read each file, segment it, split its documents, and store it in one transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from adfontes.errors import InputError
from adfontes.ingest import documents as docsplit
from adfontes.ingest import layout
from adfontes.ingest.manifest import FIELDS, Manifest
from adfontes.ingest.readers import READERS, Extracted
from adfontes.store import Store
from adfontes.store import sources as db
from adfontes.text import langid, sentences
from adfontes.text.normalize import normalize

SENTENCE_KINDS = frozenset({"paragraph", "footnote", "heading", "bibliography"})
LANGUAGE_SAMPLE = 20_000


@dataclass(slots=True)
class FileReport:
    path: str
    status: str  # stored | unchanged | restored | failed
    source: str | None = None
    language: str | None = None
    format: str | None = None
    documents: int = 0
    noise: int = 0
    passages: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    genres: dict[str, int] = field(default_factory=dict)  # of the documents split out
    footnote_links: int = 0
    bytes: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


def _folder_furniture(path: Path) -> bool:
    """Hidden files and a folder's own README or LICENCE are not sources (name them to ingest)."""
    stem = path.stem.upper()
    return path.name.startswith(".") or stem in {"README", "LICENSE", "LICENCE", "COPYING"}


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputError]]:
    """Files to read: folders recursively (known endings only), files as named."""
    found, problems = [], []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in READERS and not _folder_furniture(p)
            )  # fmt: skip
        elif path.is_file():
            if path.suffix.lower() in READERS:
                found.append(path)
            else:
                known = ", ".join(sorted(READERS))
                problems.append(InputError(str(path), f"unknown file type (known: {known})"))
        else:
            problems.append(InputError(str(path), "no such file or folder"))
    return found, problems


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    manifest: Manifest | None = None,
    *,
    base: Path | None = None,
    progress: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Store every file under ``paths``; a file that fails is reported and the rest go on."""
    files, problems = discover(paths)
    reports = [FileReport(p.path, "failed", error=p.reason) for p in problems]
    languages = tuple(
        sorted(
            set(langid.DEFAULT_LANGUAGES)
            | {
                e["language"]
                for e in (manifest.entries.values() if manifest else [])
                if "language" in e
            }
        )
    )
    for file in files:
        shown = str(file.relative_to(base)) if base else str(file)
        meta = manifest.for_file(file) if manifest else {}
        try:
            report = ingest_file(store, file, shown, meta, languages)
        except InputError as exc:
            report = FileReport(
                shown, "failed", error=exc.reason if exc.path == shown else str(exc)
            )
        reports.append(report)
        if progress:
            progress(report)
    return reports


def ingest_file(
    store: Store, file: Path, shown: str, meta: dict, languages: tuple[str, ...]
) -> FileReport:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror})") from exc
    file_id = hashlib.sha256(data).hexdigest()
    existing = db.file_by_hash(store.conn, file_id)
    source_id = file_id[:12]
    if existing is not None:
        if existing["superseded_by"] is None:
            return FileReport(shown, "unchanged", source=source_id, bytes=len(data))
        # Changed back to an earlier version: that version is the current one again.
        with store.transaction() as conn:
            db.reinstate_file(conn, file_id)
        return FileReport(shown, "restored", source=source_id, bytes=len(data))
    extracted = READERS[file.suffix.lower()](data, shown)
    text = extracted.text
    blocks = layout.classify(text, extracted)
    file_meta = {**extracted.meta, **{k: v for k, v in meta.items() if k != "path"}}
    inferred = []
    if not file_meta.get("language"):
        sample = " ".join(text[b.start : b.end] for b in blocks if b.kind == "paragraph")
        file_meta["language"] = langid.detect(sample[:LANGUAGE_SAMPLE], languages)[0]
        inferred.append("language")
    if not file_meta.get("title"):
        heading = next((b for b in blocks if b.kind == "heading"), None)
        first = heading or (blocks[0] if blocks else None)
        file_meta["title"] = (
            " ".join(text[first.start : first.end].split())[:120] if first else file.name
        )
        inferred.append("title")
    lang = file_meta["language"]

    if extracted.documents:
        docs = _hinted_documents(extracted, blocks)
    else:
        docs = docsplit.split(text, blocks, file_meta.get("genre"))
    split = len(docs) > 1 or bool(extracted.documents)
    if not file_meta.get("date") and not split:
        file_meta.update(_inferred_date(text, lang, 0))
        if file_meta.get("date"):
            inferred.append("date")

    whole = db.SourceRow(
        id=source_id, file_id=file_id, parent_id=None, seq=0, start=0, end=len(text), path=shown,
        **{k: file_meta.get(k) for k in db.SOURCE_FIELDS},
        inferred=tuple(inferred),
        meta={
            **{k: v for k, v in file_meta.items() if k not in FIELDS},
            "documents": len(docs) - sum(d.noise for d in docs) if split else 1,
            "noise_documents": sum(d.noise for d in docs) if split else 0,
        },
    )  # fmt: skip
    rows, sentence_rows, owners = [], [], []
    report = FileReport(shown, "stored", source=source_id, language=lang, format=extracted.format,
                        bytes=len(data), warnings=[str(w) for w in extracted.warnings])  # fmt: skip
    sub_sources = []
    seq = 0
    for n, doc in enumerate(docs, 1):
        owner = whole
        if split:
            owner = _document_source(whole, doc, n, text, languages, lang, extracted)
            sub_sources.append(owner)
        for block in doc.blocks:
            kind = "noise" if doc.noise else block.kind
            body = text[block.start : block.end]
            if kind in ("paragraph", "footnote", "heading", "bibliography"):
                plang, shares = langid.detect(body, languages, default=owner.language)
            else:
                plang, shares = owner.language, {}
            rows.append((file_id, owner.id, seq, kind, block.start, block.end, block.page,
                         block.section, plang, json.dumps(shares), normalize(body).text))  # fmt: skip
            owners.append(block)
            if kind in SENTENCE_KINDS:
                for i, (a, b) in enumerate(sentences.split(body, plang)):
                    sentence_rows.append((seq, i, block.start + a, block.start + b))
            report.kinds[kind] = report.kinds.get(kind, 0) + 1
            seq += 1
    links = layout.link_notes(
        layout.markers(text, [b for d in docs if not d.noise for b in d.blocks]), blocks
    )
    with store.transaction() as conn:
        db.insert_file(conn, file_id=file_id, path=shown, fmt=extracted.format,
                       encoding=extracted.encoding, size=len(data), text=text)  # fmt: skip
        db.insert_source(conn, whole)
        for source in sub_sources:
            db.insert_source(conn, source)
        db.insert_passages(conn, rows)
        ids = db.passage_ids(conn, file_id)
        seq_of = {(b.start, b.end): i for i, b in enumerate(owners)}
        db.insert_sentences(conn, ((ids[s], i, a, b) for s, i, a, b in sentence_rows))
        db.insert_footnote_links(
            conn,
            (
                (ids[seq_of[(blk.start, blk.end)]], m.start, m.end, m.label,
                 ids[seq_of[(note.start, note.end)]] if note else None)
                for blk, m, note in links
                if (blk.start, blk.end) in seq_of
            ),
        )  # fmt: skip
    for source in sub_sources:
        if source.genre and not source.noise:
            report.genres[source.genre] = report.genres.get(source.genre, 0) + 1
    report.noise = sum(d.noise for d in docs) if split else 0
    report.documents = len(docs) - report.noise if split else 1
    report.passages = len(rows)
    report.footnote_links = sum(1 for _, _, note in links if note)
    return report


def _document_source(
    whole: db.SourceRow, doc, n: int, text: str, languages, lang: str, extracted: Extracted
) -> db.SourceRow:
    hint = getattr(doc, "meta", None) or {}
    body = " ".join(text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph")
    inferred = []
    doc_lang = hint.get("language")
    if not doc_lang:
        doc_lang = langid.detect(body[:LANGUAGE_SAMPLE], languages, default=lang)[0] or lang
        inferred.append("language")
    title = hint.get("title") or doc.title
    if not hint.get("title"):
        inferred.append("title")
    genre = hint.get("genre") or doc.genre
    if genre and not hint.get("genre"):
        inferred.append("genre")
    dated = (
        {"date": hint["date"]}
        if hint.get("date")
        else _inferred_date(text[doc.start : doc.end], doc_lang, doc.start)
    )
    if dated and not hint.get("date"):
        inferred.append("date")
    author = hint.get("author") or doc.author
    if author and not hint.get("author"):
        inferred.append("author")
    return db.SourceRow(
        id=f"{whole.id}.{n:02d}", file_id=whole.file_id, parent_id=whole.id, seq=n,
        start=doc.start, end=doc.end, path=whole.path, title=title, author=author,
        date=dated.get("date"), language=doc_lang, kind=hint.get("kind") or whole.kind,
        genre=genre, archive=hint.get("archive"), translation_of=hint.get("translation_of"),
        noise=doc.noise, inferred=tuple(inferred),
        meta={
            **{k: v for k, v in hint.items() if k in ("id", "jsonl_line")},
            **{k: v for k, v in dated.items() if k != "date"},
        },
    )  # fmt: skip


def _inferred_date(text: str, lang: str | None, offset: int) -> dict:
    """A document's own date from its heading, dateline or signature line, with where it was
    read (offsets into the file); empty when the document does not give one."""
    from adfontes.time import infer_document_date

    found = infer_document_date(text, lang) if lang else None
    if found is None:
        return {}
    return {
        "date": found.value,
        "date_from": {
            "start": offset + found.start,
            "end": offset + found.end,
            "text": found.surface,
            "rule": found.rule,
        },
    }


def _hinted_documents(extracted: Extracted, blocks: list[layout.Block]) -> list[docsplit.Document]:
    """Documents the format delimits (JSONL lines): each takes the blocks inside its span."""
    docs = []
    for hint in extracted.documents:
        doc = docsplit.Document(blocks=[b for b in blocks if hint.start <= b.start < hint.end])
        if doc.blocks:
            doc.meta = hint.meta
            docs.append(doc)
    return docs
