"""Normalised text for matching, with a map back to offsets in the original.

The original text is never changed: stages that match on the normalised form (NFC, plain
spaces, folded quotes and dashes, joined line-break hyphens, Cyrillic/Latin homoglyphs inside
words) translate their offsets back with ``Normalized.to_original`` before storing them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from adfontes import rules

RULES = "adfontes.text.rules"

CYRILLIC = "\u0400-\u04ff"
LATIN = "A-Za-z\u00c0-\u024f"
_CYRILLIC_RE = re.compile(f"[{CYRILLIC}]")
_LATIN_RE = re.compile(f"[{LATIN}]")


@dataclass(frozen=True, slots=True)
class Edit:
    """``original[start:end]`` became ``replacement`` in the normalised text."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Normalized:
    original: str
    text: str
    edits: tuple[Edit, ...]
    _norm_starts: tuple[int, ...]

    def to_original(self, offset: int) -> int:
        """The original offset of normalised ``offset`` (edges of an edit map to its edges)."""
        i = bisect.bisect_right(self._norm_starts, offset) - 1
        if i < 0:
            return offset
        edit, norm_start = self.edits[i], self._norm_starts[i]
        norm_end = norm_start + len(edit.replacement)
        if offset < norm_end:
            return edit.start if offset == norm_start else edit.end
        return edit.end + (offset - norm_end)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)


@cache
def _tables() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str], dict[str, str]]:
    data = rules.load(RULES, "common")
    simple = {ch: " " for ch in data["spaces"]}
    simple.update({ch: "" for ch in data["drop"]})
    simple.update(data["fold"])
    to_latin = dict(data["homoglyphs"])
    to_cyrillic = {lat: cyr for cyr, lat in to_latin.items()}
    chars = "".join(re.escape(c) for c in simple)
    pattern = re.compile(
        rf"(?P<hyphen>(?<=\w)-\n[ \t]*(?=[a-zà-ɏа-я]))"  # a word broken across a line
        rf"|(?P<combining>.[\u0300-\u036f\u0483-\u0489]+)"  # marks to compose (NFC)
        rf"|(?P<simple>[{chars}])",
        re.DOTALL,
    )
    mixed = re.compile(rf"\w*(?:[{LATIN}]\w*[{CYRILLIC}]|[{CYRILLIC}]\w*[{LATIN}])\w*")
    return pattern, simple, mixed, to_latin, to_cyrillic


def _fold_mixed_word(word: str, to_latin: dict, to_cyrillic: dict) -> str:
    """Write a word that mixes scripts in its majority script, where the letters look alike."""
    cyr = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in word if ch.isalpha()) - cyr
    table = to_latin if lat >= cyr else to_cyrillic
    return "".join(table.get(ch, ch) for ch in word)


def homoglyph_words(text: str) -> list[tuple[int, int]]:
    """Spans of words that mix Cyrillic and Latin letters (a sign of OCR or typing slips)."""
    mixed = _tables()[2]
    return [(m.start(), m.end()) for m in mixed.finditer(text)]


def normalize(text: str) -> Normalized:
    pattern, simple, mixed, to_latin, to_cyrillic = _tables()
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind == "hyphen":
            edits.append(Edit(m.start(), m.end(), ""))
        elif kind == "combining":
            composed = unicodedata.normalize("NFC", m.group())
            if composed != m.group():
                edits.append(Edit(m.start(), m.end(), composed))
        else:
            edits.append(Edit(m.start(), m.end(), simple[m.group()]))
    both_scripts = _CYRILLIC_RE.search(text) and _LATIN_RE.search(text)
    for m in mixed.finditer(text) if both_scripts else ():
        folded = _fold_mixed_word(m.group(), to_latin, to_cyrillic)
        for i, (a, b) in enumerate(zip(m.group(), folded, strict=True)):
            if a != b:
                edits.append(Edit(m.start() + i, m.start() + i + 1, b))
    if not edits:
        return Normalized(text, text, (), ())
    edits.sort(key=lambda e: e.start)
    merged: list[Edit] = []
    for edit in edits:  # an edit inside an earlier one (a folded letter in a hyphen run) is moot
        if merged and edit.start < merged[-1].end:
            continue
        merged.append(edit)
    parts, norm_starts, pos, norm_pos = [], [], 0, 0
    for edit in merged:
        parts.append(text[pos : edit.start])
        norm_pos += edit.start - pos
        norm_starts.append(norm_pos)
        parts.append(edit.replacement)
        norm_pos += len(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return Normalized(text, "".join(parts), tuple(merged), tuple(norm_starts))
