"""Write parsed bibliography entries as CSL-JSON or BibTeX."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from adfontes.cite.model import BibEntry

_BIBTEX_TYPE = {
    "book": "book",
    "article-journal": "article",
    "article-newspaper": "article",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "manuscript": "unpublished",
    "webpage": "online",
}
_BIBTEX_FIELDS = {
    "title": "title",
    "container-title": "journal",
    "publisher": "publisher",
    "publisher-place": "address",
    "volume": "volume",
    "issue": "number",
    "page": "pages",
    "URL": "url",
    "DOI": "doi",
    "ISBN": "isbn",
    "ISSN": "issn",
    "archive": "archive",
    "archive_location": "archivelocation",
    "citation-label": "shorthand",
}


def key(entry: BibEntry, n: int) -> str:
    """A readable, unique-per-position key: first author's family name, year, position."""
    authors = entry.csl.get("author") or [{}]
    name = authors[0].get("family") or authors[0].get("literal") or "anon"
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z]", "", name).lower() or "anon"
    parts = (entry.csl.get("issued") or {}).get("date-parts") or [[""]]
    year = parts[0][0] if parts[0] else ""
    return f"{name}{year}_{n}"


def csl_items(entries: Sequence[BibEntry]) -> list[dict]:
    return [{"id": key(e, n), **e.csl} for n, e in enumerate(entries, 1)]


def to_csl_json(entries: Sequence[BibEntry]) -> str:
    return json.dumps(csl_items(entries), ensure_ascii=False, indent=2) + "\n"


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{c: "\\" + c for c in "{}&%$#_"},
}


def _escape(value: str) -> str:
    value = " ".join(value.split())
    return re.sub(r"[\\~^{}&%$#_]", lambda m: _BIBTEX_SPECIAL[m.group()], value)


def _name(author: dict) -> str:
    if "literal" in author:
        return "{" + _escape(author["literal"]) + "}"
    family, given = author.get("family"), author.get("given")
    if family and given:
        return _escape(f"{family}, {given}")
    return _escape(family or given or "")


def to_bibtex(entries: Sequence[BibEntry]) -> str:
    out = []
    for item in csl_items(entries):
        lines = [f"@{_BIBTEX_TYPE.get(item.get('type', ''), 'misc')}{{{item['id']},"]
        if item.get("author"):
            lines.append("  author = {" + " and ".join(_name(a) for a in item["author"]) + "},")
        parts = (item.get("issued") or {}).get("date-parts") or [[]]
        if parts[0]:
            lines.append(f"  year = {{{parts[0][0]}}},")
        for csl, field in _BIBTEX_FIELDS.items():
            if item.get(csl):
                lines.append(f"  {field} = {{{_escape(str(item[csl]))}}},")
        lines.append("}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + ("\n" if out else "")
