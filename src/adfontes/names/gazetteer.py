"""Known entities and their variants: the built-in gazetteer plus a user's authority file.

A variant is found by its name keys, so ``Szovjetunióban`` (after its case ending is taken off)
and ``U.S.S.R.`` reach the same entry as ``Soviet Union``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from adfontes import rules
from adfontes.names import keys as namekeys

PACKAGE = "adfontes.names.rules"
READINGS = ("en", "hu", "de", "fr")


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    label: str
    kind: str
    variants: tuple[str, ...]
    qid: str | None = None
    aliases: tuple[Alias, ...] = ()


def name_key(name: str, lang: str) -> str:
    """One skeleton of a whole name (acronym dots dropped; each word read in ``lang``)."""
    # Elided articles go (L'Internationale), and the dots of acronyms (U.S.S.R.).
    compact = re.sub(r"\b[LlDd]['’](?=\w)", "", name.strip())
    compact = re.sub(r"(?<=\w)\.(?=\w)|(?<=\b\w)\.$", "", compact)
    if compact.replace(".", "").isupper() and len(compact) <= 8:
        compact = compact.replace(".", "")
    words = [w for w in re.split(r"[\s,]+", compact) if w]
    parts = []
    for word in words:
        readings = namekeys.pivots(word, lang)
        parts.append(namekeys.fold(readings[0]) if readings else word.lower())
    return " ".join(parts)


@dataclass(slots=True)
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict)
    words: frozenset[str] = frozenset()

    def add(self, entry: Entry) -> None:
        self.entries[entry.id] = entry
        names = list(entry.variants) + [entry.label] + [a.name for a in entry.aliases]
        for name in names:
            for lang in READINGS:
                self._index.setdefault(name_key(name, lang), entry.id)
            if namekeys.CYRILLIC.search(name):
                for form in namekeys.romanisations(name):
                    self._index.setdefault(name_key(form, "en"), entry.id)
        self.words = self.words | {w for n in names for w in n.split() if w[:1].isupper()}

    def lookup(self, name: str, lang: str) -> Entry | None:
        keys = [name_key(name, lang)]
        if namekeys.CYRILLIC.search(name):
            keys += [name_key(f, "en") for f in namekeys.romanisations(name)]
        for key in keys:
            found = self._index.get(key)
            if found:
                return self.entries[found]
        return None


def entries_from_data(items: Iterable[dict]) -> list[Entry]:
    return [
        Entry(
            id=item["id"],
            label=item["label"],
            kind=item["kind"],
            variants=tuple(item.get("variants") or ()),
            qid=item.get("qid"),
            aliases=tuple(
                Alias(a["name"], a.get("from"), a.get("to")) for a in item.get("aliases") or ()
            ),
        )
        for item in items
    ]


@cache
def default_gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    for entry in entries_from_data(rules.load(PACKAGE, "gazetteer")["entities"]):
        gaz.add(entry)
    return gaz


def with_entries(entries: Iterable[Entry]) -> Gazetteer:
    """The built-in gazetteer with ``entries`` (from an authority file) added over it."""
    gaz = Gazetteer()
    base = default_gazetteer()
    gaz.entries = dict(base.entries)
    gaz._index = dict(base._index)
    gaz.words = base.words
    for entry in entries:
        gaz.add(entry)
    return gaz
