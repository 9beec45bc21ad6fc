"""Documents inside one file: a web compilation of letters, telegrams and statements run
together is split at document headings, addressee and salutation lines and signatures; scraped
listings of unrelated material are kept apart as noise."""

from __future__ import annotations

from dataclasses import dataclass, field

from adfontes.ingest.cues import (
    cues,
    genre_of,
    is_caps_title,
    is_closing,
    is_noise,
    is_salutation,
    names_addressee,
    section_kind,
)
from adfontes.ingest.layout import Block

# A file whose manifest gives another genre (a letter, a monograph, a newspaper notice) is one
# document; only these, or no genre at all, may hold several.
COMPILATION_GENRES = frozenset({"web", "compilation", "collection", "dossier", "file"})
STRONG_CUES = frozenset({"genre", "addressee", "salutation"})
MIN_DOCUMENT_CUES = 2
TITLE_CHARS = 90


@dataclass(slots=True)
class Document:
    blocks: list[Block] = field(default_factory=list)
    noise: bool = False
    genre: str | None = None
    title: str | None = None
    author: str | None = None
    closed: bool = False  # a signature was seen: the next body text starts another document
    meta: dict = field(default_factory=dict)  # metadata the format gave (JSONL fields)

    @property
    def start(self) -> int:
        return self.blocks[0].start

    @property
    def end(self) -> int:
        return self.blocks[-1].end


def _is_signature(text: str) -> bool:
    return bool(cues().patterns["signature"].match(text.strip())) and len(text) <= 60


def _opens_document(text: str, block: Block) -> str | None:
    """Why this block opens a document ("genre", "addressee", "salutation"), or None."""
    if block.kind == "heading":
        if genre_of(text):
            return "genre"
        if names_addressee(text):
            return "addressee"
        if is_caps_title(text):
            return "title"
    if is_salutation(text) and "\n" not in text:
        return "salutation"
    return None


def split(text: str, blocks: list[Block], genre: str | None = None) -> list[Document]:
    """The documents of a file, in order; one document when the file is a single work."""
    whole = Document(blocks=list(blocks), genre=genre)
    if not blocks or (genre and genre.lower() not in COMPILATION_GENRES):
        return [whole]
    chapters = sum(1 for b in blocks if b.kind == "heading" and section_kind(text[b.start : b.end]))
    opening = [b for b in blocks if _opens_document(text[b.start : b.end], b) in STRONG_CUES]
    if len(opening) < MIN_DOCUMENT_CUES or chapters >= MIN_DOCUMENT_CUES:
        return [whole]

    docs: list[Document] = []
    current = Document()
    snippets_left = 0  # paragraphs a listing entry may still have
    for block in blocks:
        body = text[block.start : block.end]
        if is_noise(body):
            if not current.noise:
                current = _start(docs, current, Document(noise=True))
            current.blocks.append(block)
            snippets_left = 0 if "\n" in body.strip() else 1  # a one-line entry: its text follows
            continue
        if current.noise:
            if snippets_left > 0 and not _opens_document(body, block):
                current.blocks.append(block)
                snippets_left -= 1
                continue
            current = _start(docs, current, Document())
        cue = _opens_document(body, block)
        # Consecutive heading lines of one document (genre, "Secret", addressee) stay together;
        # a page title with no cue of its own does not swallow the first document.
        only_headers = all(b.kind == "heading" for b in current.blocks)
        has_cue = any(_opens_document(text[b.start : b.end], b) for b in current.blocks)
        if (cue and current.blocks and not (only_headers and has_cue)) or (
            current.closed and not _is_signature(body)
        ):
            current = _start(docs, current, Document())
        current.blocks.append(block)
        if cue == "genre" and current.genre is None:
            current.genre = genre_of(body)
        elif cue in ("addressee", "salutation") and current.genre is None:
            current.genre = "letter"
        if _is_signature(body) and len(current.blocks) > 1:
            current.closed = True
            current.author = current.author or _signer(body)
        elif is_closing(body):
            current.closed = False  # the signature comes next
    _start(docs, current, None)
    for doc in docs:
        doc.title = _title(text, doc)
    return docs


def _start(docs: list[Document], current: Document, new: Document | None) -> Document | None:
    if current.blocks:
        docs.append(current)
    return new


def _signer(line: str) -> str:
    """The name part of a signature line ("Prinkipo L. Trotsky" → "L. Trotsky")."""
    words = line.split()
    for i, word in enumerate(words):
        if len(word) == 2 and word.endswith("."):
            return " ".join(words[i:])
    return line.strip()


def _title(text: str, doc: Document) -> str:
    headings = [
        text[b.start : b.end]
        for b in doc.blocks[:3]
        if b.kind == "heading" and not _is_signature(text[b.start : b.end])
    ]
    title = " — ".join(" ".join(h.split()) for h in headings[:2]) if headings else ""
    if not title:
        title = " ".join(text[doc.blocks[0].start : doc.blocks[0].end].split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
