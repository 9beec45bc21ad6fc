"""Queries: words, ``"phrases"`` and ``prefix*``, each read into the forms the index holds.

Each query part is a group; a passage matches a group through its folded word, one of the
word's stems in the corpus languages, or one of its name keys. Groups are OR-ed for retrieval
and scored one by one, so a long natural-language query still finds passages that share most
of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from adfontes.errors import UsageError
from adfontes.search import terms

PART = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')
# How much a stem or name-key match counts beside the word itself.
STEM_WEIGHT = 0.8
NAME_WEIGHT = 0.9


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Group:
    text: str  # as typed
    kind: str  # word | prefix | phrase
    words: tuple[str, ...]  # folded
    stems: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def expression(self) -> str:
        """The FTS5 expression for this group."""
        if self.kind == "phrase":
            return "words : " + _quote(" ".join(self.words))
        if self.kind == "prefix":
            return "words : " + _quote(self.words[0]) + " *"
        alts = ["words : " + _quote(self.words[0])]
        if self.stems:
            alts.append("stems : (" + " OR ".join(map(_quote, sorted(self.stems))) + ")")
        if self.names:
            alts.append("names : (" + " OR ".join(map(_quote, sorted(self.names))) + ")")
        return "(" + " OR ".join(alts) + ")"

    def frequency(self, words: list[str], stems: list[str], names: list[str]) -> float:
        """Weighted occurrences of the group in one indexed passage."""
        if self.kind == "phrase":
            n = len(self.words)
            first = self.words[0]
            return float(
                sum(
                    1
                    for i, w in enumerate(words)
                    if w == first and tuple(words[i : i + n]) == self.words
                )
            )
        if self.kind == "prefix":
            return float(sum(1 for w in words if w.startswith(self.words[0])))
        exact = words.count(self.words[0])
        by_stem = sum(stems.count(s) for s in self.stems) if self.stems and stems else 0
        by_name = sum(names.count(k) for k in self.names) if self.names and names else 0
        return max(float(exact), STEM_WEIGHT * by_stem, NAME_WEIGHT * by_name)

    def matches_token(self, folded: str, stem: str | None, keys: frozenset[str]) -> bool:
        """Whether one passage token is a hit for this group (phrases are marked elsewhere)."""
        if self.kind == "prefix":
            return folded.startswith(self.words[0])
        if self.kind == "phrase":
            return False
        return (
            folded == self.words[0]
            or (stem is not None and stem in self.stems)
            or bool(keys & self.names)
        )


def parse(query: str, langs: Iterable[str], name_keys: terms.NameKeys | None) -> list[Group]:
    """The groups of a query; raises UsageError for a query with no word in it."""
    langs = tuple(langs)
    groups: list[Group] = []
    for m in PART.finditer(query):
        if m.group("phrase") is not None:
            words = tuple(t.folded for t in terms.tokens(m.group("phrase")))
            if len(words) == 1:
                groups.append(_word(words[0], m.group("phrase").strip(), langs, name_keys))
            elif words:
                groups.append(Group(m.group(0), "phrase", words))
            continue
        raw = m.group("word")
        if raw.endswith("*") and terms.tokens(raw):
            toks = terms.tokens(raw)
            groups.extend(_word(t.folded, t.surface, langs, name_keys) for t in toks[:-1])
            groups.append(Group(raw, "prefix", (toks[-1].folded,)))
            continue
        groups.extend(_word(t.folded, t.surface, langs, name_keys) for t in terms.tokens(raw))
    if not groups:
        raise UsageError(f"the query {query!r} has no word to search for")
    return list(dict.fromkeys(groups))


def _word(folded: str, surface: str, langs, name_keys) -> Group:
    return Group(
        surface,
        "word",
        (folded,),
        stems=terms.query_stems(surface, langs),
        names=terms.query_name_keys(surface, langs, name_keys),
    )
