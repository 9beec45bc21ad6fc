"""Name keys: comparable forms of a name across scripts, romanisations and spelling habits.

A Latin name is read with its language's orthography (Hungarian ``Menzsinszkij``, German
``Tuchatschewski``, French ``Boukharine``) into one pivot spelling; a Cyrillic name is romanised
with several standard schemes. Every pivot is then folded to a skeleton in which the usual
variants coincide, and coded with Daitch–Mokotoff soundex for blocking. The tables are data
(``rules/keys.yaml``); this module is the engine.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from adfontes import rules

PACKAGE = "adfontes.names.rules"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _table() -> dict:
    return rules.load(PACKAGE, "keys")


@cache
def _rewriter(lang: str) -> tuple[re.Pattern, dict[str, str]] | None:
    """One alternation over the language's rewrites, longest first, so that ``sz`` wins over ``s``."""
    entries = _table()["orthography"].get(lang) or []
    if not entries:
        return None
    mapping = {e["from"]: e["to"] for e in entries}
    parts = []
    for src in sorted(mapping, key=len, reverse=True):
        anchored = src.endswith("$")
        body = re.escape(src.rstrip("$"))
        parts.append(f"(?P<g{len(parts)}>{body}{'$' if anchored else ''})")
    lookup = {f"g{i}": mapping[src] for i, src in enumerate(sorted(mapping, key=len, reverse=True))}
    return re.compile("|".join(parts)), lookup


@cache
def _fold_rules() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(r["from"]), r["to"]) for r in _table()["fold"]]


def _letters(word: str) -> str:
    """Lowercase ASCII: letters that carry a sound keep it (š → sh), other marks are dropped."""
    table = _table()["letters"]
    word = "".join(table.get(ch, ch) for ch in word.lower())
    word = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in word if ch.isascii() and ch.isalpha())


def pivot(word: str, lang: str) -> str:
    """The name as its language's orthography reads it, spelt in the Latin pivot alphabet."""
    word = word.lower()
    rewriter = _rewriter(lang)
    if rewriter is not None:
        pattern, lookup = rewriter
        word = pattern.sub(lambda m: lookup[m.lastgroup], word)
    return _letters(word)


def fold(pivot_form: str) -> str:
    """The skeleton: romanisation variants (y/j/i, kh/h, doubled letters, -skii/-sky) coincide."""
    out = pivot_form
    for pattern, repl in _fold_rules():
        out = pattern.sub(repl, out)
    return out


@cache
def _schemes() -> list:
    import iuliia

    return [iuliia.schemas.get(name) for name in _table()["schemes"]]


def romanisations(word: str) -> list[str]:
    """Every configured standard romanisation of a Cyrillic word (deduplicated, in scheme order)."""
    out: list[str] = []
    for scheme in _schemes():
        form = scheme.translate(word)
        if form not in out:
            out.append(form)
    return out


@lru_cache(maxsize=100_000)
def pivots(word: str, lang: str) -> tuple[str, ...]:
    """All readings of one written word: its romanisations, or its own and the plain reading."""
    if CYRILLIC.search(word):
        return tuple(dict.fromkeys(_letters(r) for r in romanisations(word)))
    readings = [pivot(word, lang)]
    if lang not in ("en", "ru"):
        # Foreign names in a Hungarian or German text are often left in English spelling.
        readings.append(pivot(word, "en"))
    return tuple(dict.fromkeys(r for r in readings if r))


@lru_cache(maxsize=100_000)
def skeletons(word: str, lang: str) -> frozenset[str]:
    return frozenset(fold(p) for p in pivots(word, lang) if p)


@cache
def _dm_groups() -> tuple[dict[str, list[tuple[str, dict]]], str]:
    """Letter groups by their first letter, longest first."""
    data = _table()["daitch_mokotoff"]
    by_letter: dict[str, list[tuple[str, dict]]] = {}
    for entry in data["groups"]:
        for group in entry["g"]:
            by_letter.setdefault(group[0], []).append((group, entry))
    for groups in by_letter.values():
        groups.sort(key=lambda item: len(item[0]), reverse=True)
    return by_letter, data["vowels"]


@cache
def daitch_mokotoff(pivot_form: str) -> str:
    """Daitch–Mokotoff soundex (primary branch) of a pivot spelling: six digits."""
    by_letter, vowels = _dm_groups()
    word = re.sub(r"[^a-z]", "", pivot_form)
    codes: list[str] = []
    last = None
    i = 0
    while i < len(word):
        match = next(((g, e) for g, e in by_letter.get(word[i], ()) if word.startswith(g, i)), None)
        if match is None:
            i += 1
            continue
        group, entry = match
        after = word[i + len(group) : i + len(group) + 1]
        if i == 0:
            code = entry["start"]
        elif after and after in vowels:
            code = entry["vowel"]
        else:
            code = entry["other"]
        if code and code != last:
            codes.append(code)
        last = code
        i += len(group)
    return ("".join(codes) + "000000")[:6]


def phonetic(word: str, lang: str) -> frozenset[str]:
    return frozenset(daitch_mokotoff(p) for p in pivots(word, lang) if p)
