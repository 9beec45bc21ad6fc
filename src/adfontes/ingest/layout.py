"""Blocks of a file's text and what each is: heading, paragraph, footnote, bibliography entry,
index, table of contents, page furniture. Offsets always point into the original text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from adfontes.ingest.cues import cues, genre_of, is_caps_title, section_kind
from adfontes.ingest.readers import Extracted

_BLANK = re.compile(r"\n[ \t\f\r]*\n\s*")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
MAX_HEADING_CHARS = 110
MAX_HEADING_WORDS = 14
RUNNING_HEAD_REPEATS = 4


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    kind: str = "paragraph"
    section: str | None = None
    page: str | None = None
    label: str | None = None  # a footnote body's number


@dataclass(frozen=True, slots=True)
class Marker:
    start: int
    end: int
    label: str


def split_blocks(text: str) -> list[Block]:
    """Runs of text between blank lines, with leading and trailing white space left out."""
    blocks, pos = [], 0
    for m in _BLANK.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    out = []
    for start, end in blocks:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Block(start, end))
    return out


def _split_furniture_lines(text: str, blocks: list[Block], furniture: set[str]) -> list[Block]:
    """Split page numbers and running heads off the first and last line of a block."""
    out = []
    for block in blocks:
        start, end = block.start, block.end
        pieces = []
        first_nl = text.find("\n", start, end)
        if first_nl != -1 and _is_furniture_line(text[start:first_nl], furniture):
            pieces.append(Block(start, first_nl, "furniture"))
            start = first_nl + 1
        last_nl = text.rfind("\n", start, end)
        tail = None
        if last_nl != -1 and _is_furniture_line(text[last_nl + 1 : end], furniture):
            tail = Block(last_nl + 1, end, "furniture")
            end = last_nl
        pieces.append(Block(start, end))
        if tail:
            pieces.append(tail)
        out.extend(p for p in pieces if p.end > p.start)
    return out


def _split_note_runs(text: str, blocks: list[Block]) -> list[Block]:
    """Notes printed one per line with no blank line between them become one block each."""
    note = cues().patterns["note_body"]
    out = []
    for block in blocks:
        cuts = [block.start]
        pos = text.find("\n", block.start, block.end)
        while pos != -1:
            if note.match(text, pos + 1, block.end):
                cuts.append(pos + 1)
            pos = text.find("\n", pos + 1, block.end)
        if len(cuts) == 1 or not note.match(text, block.start, block.end):
            out.append(block)
            continue
        ends = [c - 1 for c in cuts[1:]] + [block.end]
        out.extend(Block(a, b) for a, b in zip(cuts, ends, strict=True))
    return out


def _glued_heading(line: str) -> bool:
    """A first line that is a heading even with no blank line after it: capitals, a genre
    word ("TELEGRAM", "Távirat") or a section name, never a wrapped line of prose."""
    words = line.split()
    if not words or len(words) > 8 or line.rstrip()[-1:] in ",;:":
        return False
    return is_caps_title(line) or (
        len(words) <= 4 and (genre_of(line) or section_kind(line)) is not None
    )


def _split_glued_lines(text: str, blocks: list[Block]) -> list[Block]:
    """Headings and signatures written on the line next to their text become blocks of their own."""
    signature = cues().patterns["signature"]
    out = []
    for block in blocks:
        start, end = block.start, block.end
        first_nl = text.find("\n", start, end)
        if first_nl != -1 and _glued_heading(text[start:first_nl]):
            out.append(Block(start, first_nl))
            start = first_nl + 1
        last_nl = text.rfind("\n", start, end)
        tail = None
        if (
            last_nl != -1
            and signature.match(text[last_nl + 1 : end].strip())
            and text[start:last_nl].rstrip()[-1:] in '.!?»"”'
        ):
            tail = Block(last_nl + 1, end)
            end = last_nl
        out.append(Block(start, end) if (start, end) != (block.start, block.end) else block)
        if tail:
            out.append(tail)
    return [b for b in out if b.end > b.start]


def _running_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _is_furniture_line(line: str, furniture: set[str]) -> bool:
    pats = cues().patterns
    return bool(pats["page_number"].match(line)) or _running_key(line) in furniture


def _running_heads(text: str, blocks: list[Block]) -> set[str]:
    """Short lines that recur many times: page headers and footers."""
    counts: Counter[str] = Counter()
    for block in blocks:
        lines = text[block.start : block.end].split("\n")
        for line in {lines[0], lines[-1]}:
            if 0 < len(line.strip()) <= 60:
                counts[_running_key(line)] += 1
    return {
        key
        for key, n in counts.items()
        if n >= RUNNING_HEAD_REPEATS and re.search(r"[^\W\d_]", key)
    }


def looks_like_heading(line: str) -> bool:
    stripped = line.strip().rstrip("⁰¹²³⁴⁵⁶⁷⁸⁹")
    if not stripped or "\n" in stripped or len(stripped) > MAX_HEADING_CHARS:
        return False
    words = stripped.split()
    if len(words) > MAX_HEADING_WORDS or stripped[-1] in ",;:":
        return False
    if cues().patterns["not_heading"].search(stripped):
        return False
    first = stripped.lstrip("#*\"'«„“[(0123456789. ")[:1]
    if not first or not first.isupper():
        return False
    if stripped.endswith((".", "!", "?")) and stripped.upper() != stripped:
        return (len(words) <= 3 and section_kind(stripped) is not None) or stripped.startswith("#")
    return True


def _opens_section(body: str, section: str | None, hinted: bool) -> bool:
    """Inside a bibliography or index only a known section heading ends it; elsewhere any
    heading-like line is a heading."""
    if section in ("bibliography", "index"):
        return section_kind(body) not in (None, section)
    return hinted or looks_like_heading(body)


def classify(text: str, extracted: Extracted) -> list[Block]:
    """Blocks of ``text`` with their kind, section and page."""
    pats = cues().patterns
    blocks = split_blocks(text)
    furniture = _running_heads(text, blocks)
    blocks = _split_furniture_lines(text, blocks, furniture)
    blocks = _split_note_runs(text, blocks)
    blocks = _split_glued_lines(text, blocks)
    hinted_headings = set(extracted.headings)
    hinted_notes = {(s, e): label for s, e, label in extracted.notes}
    page_starts = extracted.pages
    out: list[Block] = []
    section_title: str | None = None
    section: str | None = None  # bibliography | index | toc | notes | None
    page_i = 0
    for block in blocks:
        body = text[block.start : block.end]
        while page_i + 1 < len(page_starts) and page_starts[page_i + 1][0] <= block.start:
            page_i += 1
        page = page_starts[page_i][1] if page_starts else None
        kind, label = block.kind, None
        note = pats["note_body"].match(body)
        if kind == "furniture":
            pass
        elif (block.start, block.end) in hinted_notes:
            kind, label = "footnote", hinted_notes[(block.start, block.end)]
        elif all(pats["toc_line"].match(line) for line in body.split("\n")):
            kind = "toc"
        elif pats["separator"].match(body) or (
            pats["page_number"].match(body) and section != "index"
        ):
            kind = "furniture"
        elif note:
            kind, label = (
                "footnote",
                (note.group("sup") or note.group("bracket")).translate(_SUPERSCRIPT),
            )
        elif _opens_section(body, section, (block.start, block.end) in hinted_headings):
            kind = "heading"
            new = section_kind(body)
            section = new if new != "chapter" else None
            section_title = " ".join(body.lstrip("#").split())
        elif section in ("bibliography", "index", "toc"):
            kind = section
        elif section == "notes" and re.match(r"^\d{1,3}\.?\s", body):
            kind, label = "footnote", re.match(r"^(\d{1,3})", body).group(1)
        out.append(replace(block, kind=kind, section=section_title, page=page, label=label))
    return out


def markers(text: str, blocks: list[Block]) -> list[tuple[Block, Marker]]:
    """In-text footnote markers in paragraphs and headings, in text order."""
    pattern = cues().patterns["note_marker"]
    found = []
    for block in blocks:
        if block.kind not in ("paragraph", "heading"):
            continue
        for m in pattern.finditer(text, block.start, block.end):
            label = (m.group("sup") or m.group("bracket")).translate(_SUPERSCRIPT)
            found.append((block, Marker(m.start(), m.end(), label)))
    return found


def link_notes(
    found: list[tuple[Block, Marker]], blocks: list[Block]
) -> list[tuple[Block, Marker, Block | None]]:
    """Each marker with its note body: the nearest unused note with its number that follows it
    (numbering may restart each chapter, so a restart at 1 ends the search), else the nearest
    unused one before it."""
    notes = [b for b in blocks if b.kind == "footnote" and b.label]
    used: set[int] = set()
    links = []
    for block, marker in found:
        chosen = None
        for i, note in enumerate(notes):
            if note.start < marker.end or i in used:
                continue
            if note.label == marker.label:
                chosen = i
                break
            if note.label == "1" and marker.label != "1" and chosen is None:
                break
        if chosen is None:
            before = [
                i for i, n in enumerate(notes)
                if n.start < marker.start and n.label == marker.label and i not in used
            ]  # fmt: skip
            chosen = before[-1] if before else None
        if chosen is not None:
            used.add(chosen)
        links.append((block, marker, notes[chosen] if chosen is not None else None))
    return links
