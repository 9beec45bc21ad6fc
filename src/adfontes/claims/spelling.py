"""One person's surname written two ways: the same initials before two surnames that differ in
one letter ("V. Z. Rogozin" and "Vadim Z. Rogovin").

The names stage keeps such names apart (no spelling or transliteration rule joins them), so one
of the two is likely a slip of a copyist or a translator. Only names that give at least two
initials or given names are read: two matching initials make a chance likeness of two people
rare; one initial does not.
"""

from __future__ import annotations

import re

from adfontes.claims.compare import Comparison, Reason, where
from adfontes.claims.index import ClaimIndex, Rec, is_cyrillic
from adfontes.claims.model import Slot

MIN_GIVEN = 2  # initials or given names before the surname
MIN_SURNAME = 5  # a shorter surname differs from another by one letter too often by chance
# How surely two such names are one person, and how surely one spelling is a slip.
SAME_PERSON = 0.6
WEIGHT = 0.6
_GIVEN = re.compile(r"^[^\W\d_][^\W\d_'’.-]*\.?$")
_SURNAME = re.compile(r"^([^\W\d_][^\W\d_-]*?)(?:['’]s?)?$")


def name_parts(surface: str) -> tuple[tuple[str, ...], str] | None:
    """The initials of the given names and the surname of ``surface`` ("Vadim Z. Rogovin":
    ``("V", "Z")``, ``"Rogovin"``), or None when it gives fewer than ``MIN_GIVEN`` given names."""
    words = surface.split()
    if len(words) < MIN_GIVEN + 1:
        return None
    given, last = words[:-1], words[-1]
    if not all(_GIVEN.match(w) and w[0].isupper() for w in given):
        return None
    m = _SURNAME.match(last)
    if m is None or not last[0].isupper():
        return None
    return tuple(w[0] for w in given), m.group(1)


def _spellings(surname: str) -> set[str]:
    from adfontes.names.keys import romanisations
    from adfontes.search.terms import fold

    forms = romanisations(surname) if is_cyrillic(surname) else [surname]
    return {fold(f) for f in forms}


def one_letter_apart(a: str, b: str) -> bool:
    """Two surnames of the same length, at least ``MIN_SURNAME`` letters, that differ in exactly
    one letter (in any of their Latin spellings)."""
    for x in _spellings(a):
        for y in _spellings(b):
            if (
                len(x) == len(y) >= MIN_SURNAME
                and sum(p != q for p, q in zip(x, y, strict=True)) == 1
            ):
                return True
    return False


def spelling_conflicts(index: ClaimIndex, only: set[int] | None = None) -> list[tuple]:
    """(confidence before the source relation, "person", rec, other, Comparison) for each pair of
    person entities whose fullest names share their initials and differ in one surname letter."""
    first: dict[str, tuple[Rec, Slot, tuple[str, ...], str]] = {}
    for rec in sorted(index.recs.values(), key=lambda r: (r.file_id or "", r.start)):
        for s in rec.own("person"):
            parts = name_parts(s.surface)
            entity = s.value or s.surface
            if parts is None or entity in first:
                continue
            first[entity] = (rec, s, *parts)
    by_initials: dict[tuple[str, ...], list[str]] = {}
    for entity, (_, _, initials, _) in first.items():
        by_initials.setdefault(initials, []).append(entity)
    out = []
    for entities in by_initials.values():
        for i, e in enumerate(entities):
            for f in entities[i + 1 :]:
                rec, x, initials, name_x = first[e]
                other, y, _, name_y = first[f]
                if only is not None and rec.id not in only and other.id not in only:
                    continue
                if rec.id == other.id or not one_letter_apart(name_x, name_y):
                    continue
                comp = Comparison(SAME_PERSON, "unknown")
                comp.reasons.append(
                    Reason("same", "entity", "same initials: " + ". ".join(initials) + ".")
                )
                comp.reasons.append(Reason(
                    "conflict", "person",
                    f"person (spelling): {x.surface} here vs {y.surface} in {where(other, index)}",
                    x, y, WEIGHT, ("one surname letter apart, the names stage kept them apart",),
                ))  # fmt: skip
                out.append((round(SAME_PERSON * WEIGHT, 3), "person", rec, other, comp))
    return out
