"""Slots of a telling that are read from its words: the audience or setting, and the quoted words.

The audience phrases are rule data per language (``variants/rules/<lang>.yaml``), and so are
the words that say a date is a document's own (``variants/dating/<lang>.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from adfontes import rules

PACKAGE = "adfontes.variants.rules"
DATING = "adfontes.variants.dating"
# Stands for the words of the date a dating pattern is tried on (``{date}`` in its ``match``).
_MARK = "\ue000"
_LIST = re.compile(r"\{([a-z_]+)\}")
# Opening and closing quotation marks in the corpus languages; a quote runs to its own closer.
_QUOTES = re.compile(r"„([^”“\"]{3,}?)[”“\"]|“([^”]{3,}?)”|«([^»]{3,}?)»|\"([^\"]{3,}?)\"")


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    text: str
    rule: str


@cache
def _patterns(lang: str, package: str = PACKAGE) -> tuple[tuple[str, re.Pattern], ...]:
    if lang not in rules.names(package):
        return ()
    data = rules.load(package, lang)
    lists = data.get("lists") or {}

    def expand(m: re.Match) -> str:
        if m.group(1) == "date" and package == DATING:
            return re.escape(_MARK)
        words = sorted(lists[m.group(1)], key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w) for w in words) + ")"

    return tuple(
        (p["id"], re.compile(_LIST.sub(expand, p["match"]), re.IGNORECASE))
        for p in data["patterns"]
    )


def audience(text: str, lang: str | None) -> list[Found]:
    """Audience or setting phrases in ``text``, in text order, one per place."""
    out: list[Found] = []
    for rid, pattern in _patterns(lang or ""):
        for m in pattern.finditer(text):
            start, end = m.span("audience") if "audience" in pattern.groupindex else m.span()
            if not any(f.start < end and start < f.end for f in out):
                out.append(Found(start, end, text[start:end], rid))
    return sorted(out, key=lambda f: f.start)


def dates_document(text: str, start: int, end: int, lang: str | None) -> str | None:
    """The id of the rule by which the words around ``text[start:end]``, a date, say it is the
    date of a document (``an article dated January 26``, ``his letter to Greeley of August 22``,
    ``письмо от 23 июля``, ``január 26-án kelt levelében``); None when they do not."""
    marked = text[:start] + _MARK + text[end:]
    for rid, pattern in _patterns(lang or "", DATING):
        if pattern.search(marked):
            return rid
    return None


def quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the words inside quotation marks. Words that begin and end with a space lie
    between two quotations whose marks were paired wrongly (a quotation's closing mark at the
    start of a paragraph resumed after a page break): they are no quotation, and the mark
    after them opens the next."""
    out = []
    at = 0
    while (m := _QUOTES.search(text, at)) is not None:
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        inner = m.group(group)
        if inner[0].isspace() and inner[-1].isspace():
            at = m.end(group)  # its closing mark opens the next quotation
            continue
        out.append(m.span(group))
        at = m.end()
    return out
