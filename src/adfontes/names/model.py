"""Records of the names stage: a mention in a text, and an entity that gathers mentions."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("person", "place", "org", "periodical", "unknown")


@dataclass(frozen=True, slots=True)
class Mention:
    """A name written in a text: the half-open span ``[start, end)`` and how it was read.

    ``head`` is the word the name is keyed on (the surname of a person, else the whole name) in
    its base form; ``given`` holds the other parts of a person's name (given names, initials,
    patronymics) in base form; ``keys`` are the folded skeletons of ``head`` and ``phonetic`` its
    Daitch–Mokotoff codes. ``rule`` is the id of the rule that found the mention and
    ``base_rule`` the one that gave its base form.
    """

    start: int
    end: int
    surface: str
    base: str
    kind: str
    rule: str
    lang: str
    head: str
    given: tuple[str, ...] = ()
    gender: str | None = None
    keys: tuple[str, ...] = ()
    phonetic: tuple[str, ...] = ()
    base_rule: str | None = None
    title: str | None = None
    entity_hint: str | None = None
    dotted: bool = False  # written with a full stop after it: perhaps cut short (Preobr.)

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
            "base": self.base,
            "kind": self.kind,
            "lang": self.lang,
            "head": self.head,
            "given": list(self.given),
            "gender": self.gender,
            "title": self.title,
            "keys": list(self.keys),
            "phonetic": list(self.phonetic),
            "rule": self.rule,
            "base_rule": self.base_rule,
        }


@dataclass(slots=True)
class Entity:
    """Mentions judged to name one person, place or body; ``members`` index the input list."""

    id: str
    label: str
    kind: str
    members: list[int] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    authority: str | None = None
