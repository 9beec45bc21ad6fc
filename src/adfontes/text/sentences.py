"""Sentence boundaries, with each language's abbreviations kept as data."""

from __future__ import annotations

import re
from functools import cache

from adfontes import rules
from adfontes.text.normalize import RULES

_END = re.compile(r"[.!?…]+[\"'»”’)\]⁰¹²³⁴⁵⁶⁷⁸⁹]*(?=\s+[\"'«„“(\[]?([^\s\"'«„“(\[]))", re.DOTALL)
_ACRONYM = re.compile(r"(?:\w\.){2,}$")
_ORDINAL = re.compile(r"\d{1,4}\.$")


@cache
def _lang_rules(lang: str | None) -> tuple[frozenset, frozenset, frozenset, bool]:
    if lang not in rules.names(RULES) or lang == "common":
        return frozenset(), frozenset(), frozenset(), False
    data = rules.load(RULES, lang)
    return (
        frozenset(data.get("abbreviations", [])),
        frozenset(data.get("final_abbreviations", [])),
        frozenset(data.get("ordinal_followers", [])),
        lang in {"hu", "de"},  # languages that write ordinal numbers with a full stop
    )


def _token_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("\"'«„“([")


def split(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of ``text`` (surrounding white space left out)."""
    abbreviations, final, ordinal_followers, ordinal_dot = _lang_rules(lang)
    spans, start = [], 0
    for m in _END.finditer(text):
        nxt = m.group(1)
        if m.group().startswith(".") and not m.group().startswith("..."):
            token = _token_before(text, m.start() + 1)
            may_end = token in final and nxt.isupper()
            if token in abbreviations and not may_end:
                continue
            bare = token[:-1]
            if len(bare) == 1 and bare.isalpha() and not may_end:
                continue  # an initial
            if _ACRONYM.search(token) and not may_end:
                continue
            if _ORDINAL.search(token) and ordinal_dot:
                following = text[m.end() :].split(None, 1)
                if not nxt.isupper() or (following and following[0] in ordinal_followers):
                    continue
        if not (nxt.isupper() or nxt.isdigit()):
            continue
        spans.append(_trim(text, start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
