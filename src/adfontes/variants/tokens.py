"""Witness tokens: words with the punctuation and space after them, and a normalised form.

A token's ``n`` is what alignment compares: the case-folded word, a number without thousands
separators, ``#<EDTF>`` for a whole date expression, ``@<entity>`` for the head word of a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

_WORD = re.compile(
    r"\d+(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?"  # 5,000 / 5.000 / 5 000
    r"|\w+(?:['’\-]\w+)*"
)
_SEPARATORS = re.compile(r"[,\u00a0\u202f]")


@dataclass(frozen=True, slots=True)
class Token:
    """``text[start:end]`` is the word (or the whole date); ``t`` adds what follows it up to the
    next token (punctuation, space), so that joining the ``t`` of all tokens gives the text back
    from the first token on."""

    start: int
    end: int
    t: str
    n: str
    kind: str = "word"  # word | number | date | name

    def to_json(self) -> dict:
        return {"t": self.t, "n": self.n, "start": self.start, "end": self.end, "kind": self.kind}


def fold(word: str) -> str:
    """Case and accents kept apart from the letters: ``Über`` and ``uber`` compare equal."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _number(word: str) -> str | None:
    if not word[:1].isdigit():
        return None
    bare = _SEPARATORS.sub("", word)
    if re.fullmatch(r"\d+(?:\.\d{3})+", bare):
        bare = bare.replace(".", "")  # 5.000 written the continental way
    return bare if re.fullmatch(r"\d+(?:\.\d+)?", bare) else None


def words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


@cache
def _date_languages() -> frozenset[str]:
    from adfontes.time.rulepack import languages

    return frozenset(languages())


@cache
def _name_languages() -> frozenset[str]:
    from adfontes.names.find import languages

    return frozenset(languages())


def dates(text: str, lang: str | None) -> list[tuple[int, int, str]]:
    """(start, end, EDTF value) of the dates the time stage reads in ``text``."""
    if lang not in _date_languages():
        return []
    from adfontes.time import find

    return [(d.start, d.end, d.value) for d in find(text, lang) if not d.is_duration]


def names(text: str, lang: str | None) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, head word, keys) of the names the names stage finds in ``text``."""
    if lang not in _name_languages():
        return []
    from adfontes import names as finder

    return [(m.start, m.end, m.head, m.keys) for m in finder.find(text, lang) if m.keys]


def _head_word(span: str, head: str) -> int | None:
    """Offset in ``span`` of the word the name is keyed on: the one that begins like the head's
    base form (an inflected ``Trockijjal`` for ``Trockij``), else the last word."""
    parts = words(span)
    if not parts:
        return None
    stem = fold(head)[: max(3, len(head) - 2)]
    for ws, we in parts:
        if fold(span[ws:we]).startswith(stem):
            return ws
    return parts[-1][0]


def tokenize(
    text: str,
    *,
    date_spans: list[tuple[int, int, str]] | None = None,
    name_spans: list[tuple[int, int, str, tuple[str, ...]]] | None = None,
    entity_of: dict[str, str] | None = None,
) -> list[Token]:
    """The tokens of ``text``. A date expression in ``date_spans`` becomes one token
    ``#<EDTF>``, and the head word of a name in ``name_spans`` the token ``@<entity>``
    (``entity_of`` maps a name key to an entity id)."""
    spans = words(text)
    date_at = {start: (end, value) for start, end, value in date_spans or ()}
    head_at: dict[int, str] = {}
    for start, end, head, keys in name_spans or ():
        ws = _head_word(text[start:end], head)
        if ws is not None:
            head_at[start + ws] = (entity_of or {}).get(keys[0], keys[0])
    raw: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        if start in date_at:
            dend, value = date_at[start]
            while i + 1 < len(spans) and spans[i + 1][0] < dend:
                i += 1
            raw.append((start, max(end, spans[i][1]), "#" + value, "date"))
        elif start in head_at:
            raw.append((start, end, "@" + head_at[start], "name"))
        else:
            word = text[start:end]
            number = _number(word)
            if number is not None:
                raw.append((start, end, number, "number"))
            else:
                raw.append((start, end, fold(word), "word"))
        i += 1
    out = []
    for k, (start, end, n, kind) in enumerate(raw):
        lead = 0 if k == 0 else start
        follow = raw[k + 1][0] if k + 1 < len(raw) else len(text)
        out.append(Token(start, end, text[lead:follow], n, kind))
    return out


def entity_groups(keysets: list[tuple[str, ...]]) -> dict[str, str]:
    """Name keys that occur together in one mention belong to one entity: union-find over keys,
    each group named by its smallest key."""
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for keys in keysets:
        for k in keys[1:]:
            a, b = root(keys[0]), root(k)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {k: root(k) for k in parent}
