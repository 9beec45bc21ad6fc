"""Two claims side by side: are they about the same event, and which slots agree or differ.

No model decides this: the same event is read from shared entities (weighted by how rare they
are), shared event words, shared quoted words, lexical overlap and the distance in time; a
difference is a slot that both claims fill with values that cannot both hold, granularity-aware
("January 1928" holds "1928-01-25"). Every judgement is a ``Reason`` quoting both spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from adfontes.claims.index import ClaimIndex, Rec
from adfontes.claims.model import Slot

SAME_EVENT = 0.45
CONFLICT_EVENT = 0.3  # a difference is listed from this same-event score on, ranked by it
NEAR_DAYS = 62  # two dates further apart than this are two events, not one event misdated
FAR_DAYS = 366
# Event kinds whose claims name the agent, so that two different persons are two answers.
ROLE_CONCEPTS = frozenset({"escort", "announce", "sentence", "refuse"})
# Event kinds that happen at one place (a journey's start and end are two places, not a conflict).
LOCATED_CONCEPTS = frozenset({"hold"})
POLARITY_EVENT = 0.75  # a denial contradicts only a claim that is surely about the same event
UNIT_NAMES = {"km": "distance", "day": "duration", "person": "number of people"}
TYPE_WEIGHT = {"date": 1.0, "quantity": 0.9, "place": 0.8, "person": 0.6, "polarity": 0.6}


@dataclass(frozen=True, slots=True)
class Reason:
    """``kind`` is ``same`` (why one event), ``agree`` or ``conflict``; ``slot`` names the slot."""

    kind: str
    slot: str
    text: str
    here: Slot | None = None
    there: Slot | None = None
    weight: float = 1.0  # how strongly this difference alone says "conflict"

    def to_json(self) -> dict:
        return {"kind": self.kind, "slot": self.slot, "text": self.text}


@dataclass(slots=True)
class Comparison:
    same_event: float
    time_relation: str  # overlap | near | far | unknown
    reasons: list[Reason] = field(default_factory=list)

    def of(self, kind: str) -> list[Reason]:
        return [r for r in self.reasons if r.kind == kind]


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


def gap_days(a: Slot, b: Slot) -> int | None:
    """0 when the two dates' bounds overlap, else the days between them (None when unknown)."""
    a0, a1, b0, b1 = _day(a.earliest), _day(a.latest), _day(b.earliest), _day(b.latest)
    if None in (a0, a1, b0, b1):
        return None
    if a0 <= b1 and b0 <= a1:
        return 0
    return (b0 - a1).days if a1 < b0 else (a0 - b1).days


def fine(slot: Slot) -> bool:
    """A date given to the month or day (a year or a decade is too coarse to contradict one)."""
    d0, d1 = _day(slot.earliest), _day(slot.latest)
    return d0 is not None and d1 is not None and (d1 - d0).days <= 31


def time_relation(a: Rec, b: Rec) -> tuple[str, tuple[Slot, Slot] | None]:
    best: tuple[int, Slot, Slot] | None = None
    for x in a.times():
        for y in b.times():
            g = gap_days(x, y)
            if g is not None and (best is None or g < best[0]):
                best = (g, x, y)
    if best is None:
        return "unknown", None
    g, x, y = best
    relation = "overlap" if g == 0 else "near" if g <= NEAR_DAYS else "far"
    return relation, (x, y)


def where(rec: Rec, index: ClaimIndex | None) -> str:
    if rec.source_id is None:
        return "the claim"
    source = index.sources.get(rec.source_id) if index else None
    name = source.path.rsplit("/", 1)[-1] if source else rec.source_id
    return f"{name}"


def same_event(a: Rec, b: Rec, index: ClaimIndex, lexical_bonus: float = 0.0) -> Comparison:
    relation, pair = time_relation(a, b)
    comp = Comparison(0.0, relation)
    score = lexical_bonus
    shared = sorted(a.entities & b.entities)
    if shared:
        score += min(0.6, sum(index.weight(e) for e in shared))
        labels = ", ".join(_entity_label(a, e) for e in shared[:4])
        comp.reasons.append(Reason("same", "entity", f"same entities: {labels}"))
    concepts = sorted(a.concepts & b.concepts)
    if concepts:
        score += min(0.45, 0.2 + 0.1 * len(concepts))
        comp.reasons.append(Reason("same", "concept", f"same kind of event: {', '.join(concepts)}"))
    if a.words and b.words:
        j = len(a.words & b.words) / len(a.words | b.words)
        if j >= 0.1:
            score += min(0.4, 1.5 * j)
            comp.reasons.append(Reason("same", "words", f"shared wording {j:.2f}"))
    quotes = a.quotes & b.quotes
    if quotes:
        score += 0.6
        comp.reasons.append(
            Reason("same", "quote", f"same quoted words: “{sorted(quotes)[0][:60]}”")
        )
    own = bool(pair) and pair[0].via == "sentence" and pair[1].via == "sentence"
    if relation == "overlap":
        score += 0.15 if own else 0.05
    elif relation == "near" and own:
        score += 0.05
    elif relation == "far":
        score -= 0.6 if own else 0.2
    comp.same_event = round(max(0.0, score), 3)
    return comp


def _entity_label(rec: Rec, entity: str) -> str:
    for s in rec.slots:
        if s.kind in ("person", "place", "org") and (s.value or s.surface) == entity:
            return s.surface
    return entity


def compare(a: Rec, b: Rec, index: ClaimIndex, lexical_bonus: float = 0.0) -> Comparison:
    """The same-event score of ``a`` and ``b`` and, slot by slot, what agrees and what differs."""
    comp = same_event(a, b, index, lexical_bonus)
    there = where(b, index)
    _dates(a, b, comp, there)
    _places(a, b, comp, there)
    _quantities(a, b, comp, there)
    _persons(a, b, comp, there, index)
    if a.polarity != b.polarity and not comp.of("conflict") and comp.same_event >= POLARITY_EVENT:
        neg = "denies" if a.polarity == "negative" else "asserts"
        other = "asserts" if a.polarity == "negative" else "denies"
        comp.reasons.append(
            Reason("conflict", "polarity", f"polarity: {neg} here, {other} in {there}")
        )
    return comp


def _dates(a: Rec, b: Rec, comp: Comparison, there: str) -> None:
    own_a, own_b = a.times(own_only=True), b.times(own_only=True)
    relation, pair = time_relation(a, b)
    if relation == "overlap" and pair:
        x, y = pair
        note = " (date from context)" if "context" in (x.via, y.via) else ""
        comp.reasons.append(Reason("agree", "time", f"time {x.value} = {y.value}{note}", x, y))
        return
    if not own_a or not own_b:
        return
    best = None
    for x in own_a:
        for y in own_b:
            g = gap_days(x, y)
            if g == 0:
                return  # one of the dates agrees: the sentence tells two moments
            if g is not None and fine(x) and fine(y) and (best is None or g < best[0]):
                best = (g, x, y)
    if best and best[0] <= NEAR_DAYS:
        g, x, y = best
        # Misdating is off by a day or two; weeks apart are more often two events.
        weight = 1.0 if g <= 2 else max(0.3, 1.0 - g / 30)
        comp.reasons.append(Reason("conflict", "date", f"date: {x.value} here vs {y.value} in {there}",
                                   x, y, weight))  # fmt: skip


def _places(a: Rec, b: Rec, comp: Comparison, there: str) -> None:
    pa, pb = a.of("place"), b.of("place")
    va, vb = {s.value or s.surface for s in pa}, {s.value or s.surface for s in pb}
    shared = va & vb
    if shared:
        x = next(s for s in pa if (s.value or s.surface) in shared)
        y = next(s for s in pb if (s.value or s.surface) in shared)
        comp.reasons.append(Reason("agree", "place", f"place {x.surface} = {y.surface}", x, y))
        return
    if not pa or not pb or comp.time_relation == "far":
        return
    if not (a.concepts & b.concepts & LOCATED_CONCEPTS):
        return
    x, y = pa[-1], pb[-1]
    comp.reasons.append(
        Reason("conflict", "place", f"place: {x.surface} here vs {y.surface} in {there}", x, y)
    )


def _tolerance(x: Slot, y: Slot) -> float:
    return 0.15 if (x.approx or y.approx) else 0.05


def _quantities(a: Rec, b: Rec, comp: Comparison, there: str) -> None:
    for unit in {s.unit for s in a.of("quantity")} & {s.unit for s in b.of("quantity")}:
        qa = [s for s in a.of("quantity") if s.unit == unit]
        qb = [s for s in b.of("quantity") if s.unit == unit]
        best = min(((abs(x.number - y.number) / max(x.number, y.number, 1e-9), x, y)
                    for x in qa for y in qb), key=lambda t: t[0])  # fmt: skip
        diff, x, y = best
        name = UNIT_NAMES.get(unit, unit)
        if diff <= _tolerance(x, y):
            comp.reasons.append(Reason("agree", "quantity", f"{name} {_q(x)} = {_q(y)}", x, y))
        elif a.concepts & b.concepts or unit == "km":
            comp.reasons.append(Reason("conflict", "quantity",
                                       f"{name}: {_q(x)} here vs {_q(y)} in {there}", x, y))  # fmt: skip


def _q(slot: Slot) -> str:
    shown = slot.describe()
    if slot.rule and slot.rule.endswith((".miles", ".versts")):
        return f"{slot.surface} ({shown})"
    return shown if slot.surface.casefold() in shown.casefold() else f"{slot.surface} ({shown})"


def _persons(a: Rec, b: Rec, comp: Comparison, there: str, index: ClaimIndex) -> None:
    va, vb = a.entity_set("person"), b.entity_set("person")
    shared = va & vb
    for e in sorted(shared)[:3]:
        x = next(s for s in a.of("person") if (s.value or s.surface) == e)
        y = next(s for s in b.of("person") if (s.value or s.surface) == e)
        comp.reasons.append(Reason("agree", "person", f"person {x.surface} = {y.surface}", x, y))
    only_a, only_b = va - shared, vb - shared
    if not only_a or not only_b or comp.time_relation == "far":
        return
    if not (a.concepts & b.concepts & ROLE_CONCEPTS):
        return
    # The rarest person on each side is the one the claim is about (not its everyman subject).
    x = max((s for s in a.of("person") if (s.value or s.surface) in only_a),
            key=lambda s: index.weight(s.value or s.surface))  # fmt: skip
    y = max((s for s in b.of("person") if (s.value or s.surface) in only_b),
            key=lambda s: index.weight(s.value or s.surface))  # fmt: skip
    if _stem_key(x.surface) == _stem_key(y.surface):
        return  # one name the names stage left in two entities (a case form, a spelling)
    comp.reasons.append(
        Reason("conflict", "person", f"person: {x.surface} here vs {y.surface} in {there}", x, y)
    )


def _stem_key(name: str) -> str:
    from adfontes.search.terms import fold

    last = fold(name).split()[-1] if name.split() else ""
    return last[:5]
