"""Readers turn one file's bytes into text plus what its format says about structure.

One registry maps file endings to readers; each reader is an entry like any other. For plain
text and Markdown, offsets point into the file itself; for the other formats they point into
the text layer the reader extracts, which the store keeps and ``adfontes show`` prints.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from adfontes.errors import InputError
from adfontes.ingest.decode import decode


@dataclass(frozen=True, slots=True)
class DocumentHint:
    """A document the format itself delimits (a JSONL line), with its metadata."""

    start: int
    end: int
    meta: dict


@dataclass(slots=True)
class Extracted:
    text: str
    format: str
    encoding: str | None = None
    documents: list[DocumentHint] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    notes: list[tuple[int, int, str]] = field(default_factory=list)
    pages: list[tuple[int, str]] = field(default_factory=list)  # (offset, page label)
    meta: dict = field(default_factory=dict)
    warnings: list[InputError] = field(default_factory=list)


class _Builder:
    """Accumulates blocks of text separated by blank lines, remembering their spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, block: str) -> tuple[int, int]:
        block = block.strip()
        if not block:
            return (self.length, self.length)
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(block)
        self.length += len(block)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts) + ("\n" if self.parts else "")


def read_text(data: bytes, path: str) -> Extracted:
    text, encoding = decode(data, path)
    return Extracted(text=text, format="txt", encoding=encoding)


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S.*$", re.MULTILINE)


def read_markdown(data: bytes, path: str) -> Extracted:
    text, encoding = decode(data, path)
    headings = [(m.start(), m.end()) for m in _MD_HEADING.finditer(text)]
    return Extracted(text=text, format="md", encoding=encoding, headings=headings)


_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DROP_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "iframe", "template", "button", "svg"]  # fmt: skip
_BOILERPLATE = re.compile(
    r"cookie|consent|\bnav|menu|footer|sidebar|banner|advert|\bads?\b|share|social|breadcrumb|"
    r"comment|related|newsletter|subscribe|popup|modal",
    re.IGNORECASE,
)


def read_html(data: bytes, path: str) -> Extracted:
    import lxml.html

    text, encoding = decode(data, path)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_html_parser())
    except Exception as exc:  # lxml raises several kinds for hopeless markup
        raise InputError(path, f"cannot parse HTML ({exc})") from exc
    for tag in _DROP_TAGS:
        for el in root.iter(tag):
            el.drop_tree()
    for el in list(root.iter()):
        marks = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
        if el.getparent() is not None and _BOILERPLATE.search(marks):
            el.drop_tree()
    title = root.findtext(".//title")
    candidates = (root.find(".//article"), root.find(".//main"), root.find(".//body"))
    main = next((el for el in candidates if el is not None), root)
    out = Extracted(text="", format="html", encoding=encoding)
    builder = _Builder()
    for el in main.iter():
        if el.tag in _BLOCK_TAGS and not any(a.tag in _BLOCK_TAGS for a in el.iterancestors()):
            span = builder.add(" ".join(el.text_content().split()))
            if el.tag in _HEADING_TAGS and span[1] > span[0]:
                out.headings.append(span)
    if not builder.parts:  # no block markup: take the visible text as it stands
        builder.add(main.text_content())
    out.text = builder.text()
    if title and title.strip():
        out.meta["title"] = " ".join(title.split())
    lang = root.get("lang")
    if lang:
        out.meta["language"] = lang.split("-")[0].lower()
    return out


def _html_parser():
    import lxml.html

    return lxml.html.HTMLParser(no_network=True, remove_comments=True, encoding="utf-8")


TEI = "{http://www.tei-c.org/ns/1.0}"
_TEI_BLOCKS = {"head", "p", "l", "ab", "opener", "closer", "salute", "signed", "dateline",
               "byline", "item", "quote", "trailer"}  # fmt: skip


def _xml_parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )


def read_tei(data: bytes, path: str) -> Extracted:
    from lxml import etree

    if not data.strip():
        raise InputError(path, "empty file")
    try:
        root = etree.fromstring(data, parser=_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"malformed XML: {exc.msg}", line=exc.lineno) from exc
    if root.tag not in (f"{TEI}TEI", f"{TEI}teiCorpus"):
        raise InputError(path, f"not TEI P5 XML (root element is {etree.QName(root).localname})")
    out = Extracted(text="", format="tei", encoding="utf-8")
    header = root.find(f"{TEI}teiHeader")
    if header is not None:
        for key, xpath in (
            ("title", f".//{TEI}titleStmt/{TEI}title"),
            ("author", f".//{TEI}titleStmt/{TEI}author"),
        ):
            value = header.findtext(xpath)
            if value and value.strip():
                out.meta[key] = " ".join(value.split())
        date = header.find(f".//{TEI}sourceDesc//{TEI}date")
        if date is None:
            date = header.find(f".//{TEI}publicationStmt/{TEI}date")
        if date is not None and (date.get("when") or (date.text or "").strip()):
            out.meta["date"] = date.get("when") or date.text.strip()
        lang = header.find(f".//{TEI}langUsage/{TEI}language")
        if lang is not None and lang.get("ident"):
            out.meta["language"] = lang.get("ident").split("-")[0]
    body = root.find(f".//{TEI}text")
    if body is None:
        raise InputError(path, "TEI file has no <text> element")
    builder, notes = _Builder(), []
    for el in body.iter(*(f"{TEI}{t}" for t in _TEI_BLOCKS)):
        if any(etree.QName(a).localname in _TEI_BLOCKS for a in el.iterancestors()):
            continue
        pieces = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str):  # an unexpanded entity, a comment: no text
                pass
            elif child.tag == f"{TEI}note":
                label = child.get("n") or str(len(notes) + 1)
                notes.append((label, " ".join("".join(child.itertext()).split())))
                pieces.append(f"[{label}]")
            else:
                pieces.append("".join(child.itertext()))
            pieces.append(child.tail or "")
        span = builder.add(" ".join("".join(pieces).split()))
        if etree.QName(el).localname == "head" and span[1] > span[0]:
            out.headings.append(span)
    for label, note in notes:
        start, end = builder.add(f"[{label}] {note}")
        out.notes.append((start, end, label))
    out.text = builder.text()
    if not out.text.strip():
        raise InputError(path, "TEI file has no text in its <body>")
    return out


def read_docx(data: bytes, path: str) -> Extracted:
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(path, "not a zip archive (damaged .docx?)") from exc
    except Exception as exc:  # python-docx raises KeyError and others for a broken package
        raise InputError(path, f"cannot read .docx ({exc})") from exc
    out = Extracted(text="", format="docx", encoding=None)
    builder = _Builder()
    for para in document.paragraphs:
        span = builder.add(para.text)
        style = (para.style.name if para.style is not None else "") or ""
        if span[1] > span[0] and style.startswith(("Heading", "Title")):
            out.headings.append(span)
    out.text = builder.text()
    props = document.core_properties
    if props.title:
        out.meta["title"] = props.title
    if props.author:
        out.meta["author"] = props.author
    if not out.text.strip():
        raise InputError(path, ".docx has no text")
    return out


def read_pdf(data: bytes, path: str) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InputError(path, f"cannot read PDF ({exc})") from exc
    if sum(len(p.strip()) for p in pages) < 20:
        raise InputError(path, "PDF has no text layer (scanned images? run OCR first)")
    out = Extracted(text="", format="pdf")
    parts, offset = [], 0
    for number, page in enumerate(pages, 1):
        page = page.strip("\n") + "\n\n"
        out.pages.append((offset, str(number)))
        parts.append(page)
        offset += len(page)
    out.text = "".join(parts)
    info = reader.metadata or {}
    if info.get("/Title"):
        out.meta["title"] = str(info["/Title"])
    if info.get("/Author"):
        out.meta["author"] = str(info["/Author"])
    return out


JSONL_META = ("title", "author", "date", "language", "kind", "genre", "archive", "translation_of")


def read_jsonl(data: bytes, path: str) -> Extracted:
    text, encoding = decode(data, path)
    out = Extracted(text="", format="jsonl", encoding=encoding)
    builder = _Builder()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            out.warnings.append(InputError(path, f"not JSON ({exc.msg}); line skipped", number))
            continue
        body = record.get("text") if isinstance(record, dict) else None
        if not isinstance(body, str) or not body.strip():
            out.warnings.append(InputError(path, "no 'text' field; line skipped", number))
            continue
        start, end = builder.add(body)
        meta = {k: record[k] for k in JSONL_META if record.get(k) is not None}
        meta["id"] = str(record.get("id", number))
        meta["jsonl_line"] = number
        out.documents.append(DocumentHint(start, end, meta))
    if not out.documents:
        raise InputError(path, "no usable document in the JSONL file")
    out.text = builder.text()
    return out


READERS: dict[str, Callable[[bytes, str], Extracted]] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".xml": read_tei,
    ".tei": read_tei,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".jsonl": read_jsonl,
}
