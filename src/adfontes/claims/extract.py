"""From a sentence to a claim: its cues and quotes, plus the names and dates other stages found.

``claims_in(text, lang, slots_for)`` reads every sentence of ``text``; ``slots_for(start, end)``
gives the names and dates in a span (from the store in the stage, from the finders for a
string). A sentence is kept as a claim when it says something checkable: at least two of
named entities, a date, a quantity, an event word, or a reported speaker or quotation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from adfontes.claims import cues
from adfontes.claims.model import Claim, Slot
from adfontes.text.sentences import split

SlotsFor = Callable[[int, int], list[Slot]]
ENTITY_KINDS = ("person", "place", "org")
# Event kinds that happen at one place (a halt). A sentence that tells one and names no place
# where ("the train stood for twelve days") is placed where its passage last said the journey
# was ("in the Samara region he learned …"), marked ``via: context``.
LOCATED = frozenset({"hold"})


def shifted(slot: Slot, by: int) -> Slot:
    return Slot(slot.kind, slot.start + by, slot.end + by, slot.surface, slot.value, slot.unit,
                slot.earliest, slot.latest, slot.rule, slot.approx, slot.via)  # fmt: skip


def read_sentence(text: str, start: int, end: int, lang: str | None) -> list[Slot]:
    """Cues and quotes of ``text[start:end]``, with offsets into ``text``."""
    part = text[start:end]
    return [shifted(s, start) for s in [*cues.find(part, lang), *cues.quotes(part)]]


# A name the names stage found but could not type; used only to resolve a place a rule read.
UNTYPED = "name"


def merge_places(read: list[Slot], names: list[Slot]) -> list[Slot]:
    """The places a rule read where ("a Kurszk régióban") merged with the names stage's
    mentions: a mention under one gives it its span and entity (whatever kind the names stage
    gave it: a region it could not type is still the place of the phrase), and is dropped."""
    places = [s for s in read if s.kind == "place"]
    used: set[int] = set()
    out = [s for s in read if s.kind != "place"]
    for p in places:
        under = [i for i, m in enumerate(names) if m.start < p.end and p.start < m.end]
        if under:
            m = names[min(under, key=lambda i: abs(names[i].end - p.end))]
            used.update(under)
            p = Slot("place", m.start, m.end, m.surface, m.value or p.value, rule=p.rule, via=p.via)
        out.append(p)
    out += [m for i, m in enumerate(names) if i not in used and m.kind != UNTYPED]
    return out


def checkable(slots: list[Slot]) -> bool:
    entities = {s.value or s.surface for s in slots
                if s.kind in ENTITY_KINDS and s.via == "sentence"}  # fmt: skip
    own_time = any(s.kind == "time" and s.via == "sentence" for s in slots)
    kinds = {s.kind for s in slots}
    score = (
        min(len(entities), 2)
        + own_time
        + ("quantity" in kinds)
        + ("concept" in kinds)
        + bool(kinds & {"speaker", "cue", "quote"})
    )
    return score >= 2 and bool(entities or own_time or "quantity" in kinds)


_WORD = re.compile(r"[^\W\d_]{3,}")


def says_more(text: str, start: int, end: int, slots: list[Slot]) -> bool:
    """False for a line of names and dates only ("Constantinople, Turkey, February 14, 1929."):
    a dateline or a heading says where and when, not what happened."""
    spans = [(s.start, s.end) for s in slots if s.kind in (*ENTITY_KINDS, "time")]
    for m in _WORD.finditer(text, start, end):
        if not any(a <= m.start() and m.end() <= b for a, b in spans):
            return True
    return False


def claims_in(
    text: str,
    lang: str | None,
    slots_for: SlotsFor,
    spans: list[tuple[int, int]] | None = None,
) -> list[Claim]:
    """Claims of ``text`` (sentences from ``spans`` or split here), offsets into ``text``."""
    out = []
    wheres = cues.place_rules(lang)
    last_where: Slot | None = None
    for start, end in spans if spans is not None else split(text, lang):
        slots = merge_places(read_sentence(text, start, end, lang), slots_for(start, end))
        own = [s for s in slots if s.kind == "place" and s.rule in wheres]
        located = any(s.kind == "concept" and s.value in LOCATED for s in slots)
        if located and not own and last_where is not None:
            slots.append(replace(last_where, via="context"))
        last_where = own[-1] if own else last_where
        if checkable(slots) and says_more(text, start, end, slots):
            slots.sort(key=lambda s: (s.start, s.end, s.kind))
            out.append(Claim(start, end, text[start:end], lang, tuple(slots)))
    return out


def text_slots(text: str, lang: str, anchor: str | None = None) -> SlotsFor:
    """Names and dates of a string, read by the names and dates finders (no store)."""
    from adfontes.names.find import find as find_names
    from adfontes.time.find import find as find_times
    from adfontes.time.rulepack import languages as time_languages

    names = [m for m in find_names(text, lang)] if lang else []
    times = find_times(text, lang, anchor) if lang in time_languages() else []

    def slots_for(start: int, end: int) -> list[Slot]:
        out = []
        for m in names:
            if start <= m.start and m.end <= end and m.kind in ENTITY_KINDS:
                out.append(Slot(m.kind, m.start, m.end, m.surface, m.base, rule=m.rule))
        for t in times:
            if start <= t.start and t.end <= end and not t.is_duration:
                out.append(Slot("time", t.start, t.end, t.surface, t.value, None, t.earliest,
                                t.latest, t.rule))  # fmt: skip
        return out

    return slots_for
