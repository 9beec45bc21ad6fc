"""From a sentence to a claim: its cues and quotes, plus the names and dates other stages found.

``claims_in(text, lang, slots_for)`` reads every sentence of ``text``; ``slots_for(start, end)``
gives the names and dates in a span (from the store in the stage, from the finders for a
string). A sentence is kept as a claim when it says something checkable: at least two of
named entities, a date, a quantity, an event word, or a reported speaker or quotation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from adfontes.claims import cues
from adfontes.claims.model import Claim, Slot
from adfontes.text.sentences import split

SlotsFor = Callable[[int, int], list[Slot]]
ENTITY_KINDS = ("person", "place", "org")


def shifted(slot: Slot, by: int) -> Slot:
    return Slot(slot.kind, slot.start + by, slot.end + by, slot.surface, slot.value, slot.unit,
                slot.earliest, slot.latest, slot.rule, slot.approx, slot.via)  # fmt: skip


def read_sentence(text: str, start: int, end: int, lang: str | None) -> list[Slot]:
    """Cues and quotes of ``text[start:end]``, with offsets into ``text``."""
    part = text[start:end]
    return [shifted(s, start) for s in [*cues.find(part, lang), *cues.quotes(part)]]


def checkable(slots: list[Slot]) -> bool:
    entities = {s.value or s.surface for s in slots if s.kind in ENTITY_KINDS}
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
    for start, end in spans if spans is not None else split(text, lang):
        slots = read_sentence(text, start, end, lang) + slots_for(start, end)
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
