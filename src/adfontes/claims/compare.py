"""Two claims side by side: are they about the same event, and which slots agree or differ.

No model decides this: the same event is read from shared entities (weighted by how rare they
are), shared event words, shared quoted words, lexical overlap and the distance in time; a
difference is a slot that both claims fill with values that cannot both hold, granularity-aware
("January 1928" holds "1928-01-25"). Every judgement is a ``Reason`` quoting both spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from adfontes.claims import cues
from adfontes.claims.extract import ENTITY_KINDS, LOCATED
from adfontes.claims.index import ClaimIndex, Rec, content_words
from adfontes.claims.model import Slot

SAME_EVENT = 0.45
CONFLICT_EVENT = 0.3  # a difference is listed from this same-event score on, ranked by it
NEAR_DAYS = 62  # two dates further apart than this are two events, not one event misdated
# Two days more than a week apart, without the same event word next to both, are the days of
# two events (a decision and its announcement), not one event misdated.
WEEK = 7
FAR_DAYS = 366
# Event kinds whose claims name the agent, so that two different persons are two answers.
ROLE_CONCEPTS = frozenset({"escort", "announce", "sentence", "refuse"})
# Event kinds that happen at one place (a journey's start and end are two places, not a conflict).
LOCATED_CONCEPTS = LOCATED
CONTEXT_PLACE = 0.7  # a place carried from earlier in the passage is less surely the event's
# The event word of a text's own date (published, dated): a date of another kind of thing.
TEXT_DATE = "publish"
# Two claims of one source in passages the variants stage reads as tellings of one story: the
# source retells the event (between sources, the story already weighs in the source relation).
STORY_BONUS = 0.15
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
    notes: tuple[str, ...] = ()  # why the weight is below 1 (for a conflict)

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
    if a.source_id == b.source_id and index.same_story(a, b):
        score += STORY_BONUS
        comp.reasons.append(Reason("same", "story", "passages that tell one story"))
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
    _dates(a, b, comp, there, index)
    _places(a, b, comp, there, index)
    _quantities(a, b, comp, there)
    _persons(a, b, comp, there, index)
    reasons = []
    for r in comp.reasons:
        if r.kind == "conflict" and r.slot in ("place", "quantity", "person"):
            notes = list(r.notes)
            weight = r.weight * others_agree(a, b, index, r.slot, _anchored(r), notes)
            weight *= _named_weight(comp, r, index, notes)
            r = replace(r, weight=weight, notes=tuple(notes))
        reasons.append(r)
    comp.reasons = reasons
    denied = (
        _denies_shared(a if a.polarity == "negative" else b, a, b, index)
        if a.polarity != b.polarity and not comp.of("conflict")
        and comp.same_event >= POLARITY_EVENT
        else None
    )  # fmt: skip
    if denied is not None:
        neg = "denies" if a.polarity == "negative" else "asserts"
        other = "asserts" if a.polarity == "negative" else "denies"
        notes = () if denied >= 1.0 else ("the two sentences share little but what is denied",)
        comp.reasons.append(
            Reason(
                "conflict",
                "polarity",
                f"polarity: {neg} here, {other} in {there}",
                weight=denied,
                notes=notes,
            )
        )
    return comp


def conflict_keys(rec: Rec) -> tuple:
    """What of ``rec`` a difference can be read from, one part per slot type that ``compare``
    reads conflicts of: whether it has a date of its own to the month or day (``_dates``), its
    located event words when it names a place (``_places``), its role event words when it names
    a person of its own (``_persons``), the units of its numbers (``_quantities``). Empty parts
    everywhere: no comparison can find it a date, place, quantity or person conflict."""
    got = rec.memo.get("conflict_keys()")
    if got is None:
        got = rec.memo["conflict_keys()"] = (
            any(fine(t) for t in rec.times(own_only=True)),
            rec.concepts & LOCATED_CONCEPTS if rec.of("place") else frozenset(),
            rec.concepts & ROLE_CONCEPTS if rec.own("person") else frozenset(),
            frozenset(q.unit for q in rec.of("quantity")),
        )
    return got


def can_conflict(a: Rec, b: Rec) -> bool:
    """False when ``compare(a, b)`` cannot give a date, place, quantity or person conflict, read
    without comparing: what each of those checks needs before it looks at the values (two dates
    of their own to the month or day; a place on both sides and a shared located event word; a
    person of their own and a shared role event word; a shared unit, and a shared event word
    unless it is a distance)."""
    da, la, ra, ua = conflict_keys(a)
    db, lb, rb, ub = conflict_keys(b)
    if (da and db) or la & lb or ra & rb:
        return True
    units = ua & ub
    return bool(units) and ("km" in units or bool(a.concepts & b.concepts))


def _gap(a: Slot, b: Slot) -> int:
    return max(0, b.start - a.end, a.start - b.end)


_CLAUSE = re.compile(r"[;:()\[\]–—]| - ")


def _clause(rec: Rec, slot: Slot) -> tuple[int, int]:
    """The part of the sentence between clause marks (; : – brackets) that holds ``slot``."""
    text = rec.text
    at = slot.start - rec.start
    lo, hi = 0, len(text)
    for m in _CLAUSE.finditer(text):
        if m.end() <= at:
            lo = m.end()
        elif m.start() >= slot.end - rec.start:
            hi = m.start()
            break
    return rec.start + lo, rec.start + hi


def anchor(rec: Rec, slot: Slot) -> str | None:
    """The event word nearest to ``slot`` in its clause (else its sentence): what the date or
    number is of ("decided on the 18th, announced on the 20th": the 20th is the announcement's)."""
    concepts = rec.of("concept")
    if not concepts or not (rec.start <= slot.start < rec.end):
        return None
    lo, hi = _clause(rec, slot)
    inside = [c for c in concepts if lo <= c.start and c.end <= hi]
    return min(inside or concepts, key=lambda c: (_gap(c, slot), c.start)).value


def _clause_concepts(rec: Rec, slot: Slot) -> frozenset[str]:
    lo, hi = _clause(rec, slot)
    return frozenset(c.value for c in rec.of("concept") if lo <= c.start and c.end <= hi)


def _near_words(rec: Rec, slot: Slot, chars: int = 40) -> frozenset[str]:
    """Stems of the words around a slot (in its clause): what a date with no event word is of."""
    lo, hi = _clause(rec, slot)
    lo, hi = max(lo, slot.start - chars), min(hi, slot.end + chars)
    part = (
        rec.text[lo - rec.start : slot.start - rec.start]
        + " "
        + rec.text[slot.end - rec.start : hi - rec.start]
    )
    names = [(s.start - lo, s.end - lo) for s in rec.of(*ENTITY_KINDS) if lo <= s.start < hi]
    before = slot.start - lo
    # offsets of names after the slot shift by the slot's removal and the joining space
    skip = [(x, y) if x < before else (x - (slot.end - slot.start) + 1, y - (slot.end - slot.start) + 1)
            for x, y in names]  # fmt: skip
    return content_words(part, rec.lang, skip)


def event_fit(a: Rec, b: Rec, x: Slot, y: Slot) -> float:
    """How surely slots ``x`` of ``a`` and ``y`` of ``b`` belong to one event, from their event
    words: 0 when the words differ (a decision and its announcement are two events), 1 when the
    nearest event word is the same on both sides. When a side names no event word, the words
    around the two slots must share a stem ("the indictment of 28 December", "the indictment
    published on 27 December") or the pair is weak."""
    ka = TEXT_DATE if printed(a, x) else anchor(a, x)
    kb = TEXT_DATE if printed(b, y) else anchor(b, y)
    if (ka == TEXT_DATE) != (kb == TEXT_DATE):
        return 0.0  # the date a text was written or printed is not the date of what it tells
    if ka == kb == TEXT_DATE and not (a.quotes & b.quotes):
        return 0.0  # two texts' dates: one text only when both quote its title or words
    if not (_day_precise(x) and _day_precise(y)) and not (ka and ka == kb):
        return 0.0  # months or weeks side by side, and nothing says they are of one event
    if ka and kb:
        if ka != kb:
            return 0.0
        # "the decision was announced on the 20th" against "decided on the 18th": one clause
        # names an event word the other lacks, so its date may be of that other event.
        return 1.0 if _clause_concepts(a, x) == _clause_concepts(b, y) else 0.3
    if a.concepts and b.concepts and not (a.concepts & b.concepts):
        return 0.0
    local = bool(_near_words(a, x) & _near_words(b, y))
    if ka or kb:
        return 0.6 if local else 0.4
    return 0.5 if local else 0.25


_PAGE_GAP = re.compile(r"[\s,(]{0,3}")


def printed(rec: Rec, slot: Slot) -> bool:
    """Whether the date ``slot`` is followed by a page or column reference ("*Humanité* of
    December 23, 1934 (p. 5 col. 7)", "*Pravda* January 16, 1935, page 6"): the date of a printed
    issue, not of what the issue tells."""
    pages = cues.words(rec.lang, "pages")
    if not pages or not (rec.start <= slot.end <= rec.end):
        return False
    rest = rec.text[slot.end - rec.start :]
    at = _PAGE_GAP.match(rest).end()
    word = re.match(r"([^\W\d_]+\.?)\s*\d", rest[at:])
    return word is not None and word.group(1).casefold() in {p.casefold() for p in pages}


def _day_precise(slot: Slot) -> bool:
    return slot.earliest is not None and slot.earliest == slot.latest


def _month(slot: Slot) -> bool:
    """A date given to the month, no finer and no coarser."""
    d0, d1 = _day(slot.earliest), _day(slot.latest)
    return (d0 is not None and d1 is not None and d0.day == 1 and d0.year == d1.year
            and d0.month == d1.month and (d1 - d0).days >= 27)  # fmt: skip


def slip(x: Slot, y: Slot) -> bool:
    """Whether two days (or two months) read as one date miswritten: they differ in one part
    only, the month or the year, or the day by one digit or two digits swapped (the 18th and the
    28th, the 12th and the 21st); the 7th and the 18th are two days, and a month against a day
    or a span of days (a congress) is no slip."""
    if _month(x) and _month(y):
        return x.earliest[:4] == y.earliest[:4] or x.earliest[5:7] == y.earliest[5:7]
    if not (_day_precise(x) and _day_precise(y)):
        return False
    a, b = (x.earliest or "").split("-"), (y.earliest or "").split("-")
    if len(a) != 3 or len(b) != 3:
        return False
    differ = [i for i in range(3) if a[i] != b[i]]
    if len(differ) != 1:
        return False
    if differ[0] < 2:
        return True
    da, db = a[2], b[2]
    return sum(p != q for p, q in zip(da, db, strict=True)) == 1 or da == db[::-1]


def date_gap_weight(x: Slot, y: Slot, gap: int) -> float:
    """A misdating is a day or three off; two exact days weeks apart are more often two events,
    and two months side by side say little about which day either meant."""
    if _day_precise(x) and _day_precise(y):
        return 1.0 if gap <= 3 else 0.5 if gap <= 7 else 0.25
    return 0.5 if gap <= 3 else 0.3


def others_agree(
    a: Rec, b: Rec, index: ClaimIndex, slot: str = "date", anchored: bool = False,
    notes: list[str] | None = None,
) -> float:  # fmt: skip
    """1 when the two claims share their main participants and every slot but ``slot``
    agrees; lower when each names a place, a rare person or a day that the other does not:
    then ``slot`` is not the only difference, and two events are likelier than one misreported."""
    said = notes if notes is not None else []
    factor = 1.0
    shared = a.entities & b.entities
    if anchored:
        pass  # one event word holds both values: that is what makes them one event
    elif not shared and not (a.quotes & b.quotes):
        factor *= 0.4
        said.append("no name in common")
    elif shared and max(index.weight(e) for e in shared) < RARE:
        factor *= 0.7  # only an entity that is everywhere (the story's hero) is shared
        said.append("only names found everywhere in common")
    pa, pb = a.entity_set("place"), b.entity_set("place")
    if slot != "place" and pa and pb and not (pa & pb):
        factor *= 0.5
        said.append("different places")
    ra = {e for e in a.entity_set("person") if index.weight(e) >= RARE}
    rb = {e for e in b.entity_set("person") if index.weight(e) >= RARE}
    if slot != "person" and ra and rb and not (ra & rb):
        factor *= 0.7
        said.append("different persons")
    oa, ob = a.entity_set("org"), b.entity_set("org")
    if oa and ob and not (oa & ob):
        factor *= 0.7  # two bodies: the Politburo's decision is not the board's
        said.append("different bodies")
    if slot in ("place", "person"):
        gaps = [gap_days(x, y) for x in a.times(own_only=True) for y in b.times(own_only=True)
                if fine(x) and fine(y)]  # fmt: skip
        gaps = [g for g in gaps if g is not None]
        if gaps and min(gaps) > 3:
            factor *= 0.5
            said.append("told of different days")
    return factor


def _anchored(reason: Reason) -> bool:
    """A place or person conflict is read next to one event word on both sides; a quantity
    is when both numbers have the same nearest event word (full weight)."""
    return reason.slot in ("place", "person") or reason.weight == 1.0


def _named_weight(
    comp: Comparison, reason: Reason, index: ClaimIndex, notes: list[str] | None = None
) -> float:
    """A place or person named in many claims (a capital, a government's seat) is as often
    who acted as where or to whom it happened; and two claims that share nothing but a kind of
    event are a weak pair."""
    if reason.slot not in ("place", "person") or reason.here is None or reason.there is None:
        return 1.0
    common = min(index.weight(reason.here.value or reason.here.surface),
                 index.weight(reason.there.value or reason.there.surface))  # fmt: skip
    weight = 0.5 + 0.5 * common
    if common < RARE and notes is not None:
        notes.append("a name found in many claims")
    if not any(r.slot != "concept" for r in comp.of("same")) and comp.time_relation != "overlap":
        weight *= 0.6
        if notes is not None:
            notes.append("only the kind of event in common")
    return weight


_SCOPE = re.compile(r"[,;:()\[\]–—]| - ")


# The weight of a denial that touches only a shared name or event word, in two sentences that
# otherwise say different things ("Lenin did not…" and "Lenin wrote…" in a book about him):
# below what contradicts, so it is listed as a weak conflict only.
NAME_ONLY_DENIAL = 0.3
# Share of the shorter sentence's words the other must hold for a denial of a shared name to be
# a denial of the same statement ("he had not been in contact with Rykov" / "he had been …").
SAME_WORDS = 0.5


def _denies_shared(neg: Rec, a: Rec, b: Rec, index: ClaimIndex) -> float | None:
    """How strongly a denial of ``neg`` bears on what the two claims share (None: not at all).
    It bears when a name or event word of both stands after the comma before the denial, up to
    the end of its clause ("…, so as not to endanger the leaders" denies nothing about the
    authors named before it): fully when the two sentences say much the same otherwise (the
    denial is of the same statement), weakly when they only share the name or the kind of event
    ("advised not to elect him" and "warned against him" are not one statement denied)."""
    concepts = a.concepts & b.concepts
    shared = (a.entities & b.entities) | concepts
    fewer = min(len(a.words), len(b.words))
    alike = bool(fewer) and len(a.words & b.words) / fewer >= SAME_WORDS
    best: float | None = None
    text = neg.text
    quotes = neg.of("quote")
    for n in neg.of("negation"):
        if any(q.start <= n.start and n.end <= q.end for q in quotes):
            continue
        at = n.start - neg.start
        lo = max((m.end() for m in _SCOPE.finditer(text, 0, at)), default=0)
        nxt = _CLAUSE.search(text, n.end - neg.start)
        hi = nxt.start() if nxt else len(text)
        for s in neg.slots:
            key = s.value or s.surface
            if lo <= s.start - neg.start and s.end - neg.start <= hi and key in shared:
                full = alike and (key in concepts or index.weight(key) >= RARE)
                best = max(best or 0.0, 1.0 if full else NAME_ONLY_DENIAL)
    return best


def _names_day(rec: Rec, slot: Slot) -> bool:
    """Whether ``rec`` names the day of month of ``slot`` as a bare ordinal outside its own
    dates ("the 22nd", "am 22.", "22-én", "22-го")."""
    if not _day_precise(slot):
        return False
    day = int(slot.earliest[8:10])
    pattern = re.compile(
        rf"(?<![\d.,]){day}(?:st|nd|rd|th|-?(?:го|ого|án|én|ei|ai|i)|\.(?!\s*\d))(?!\w)"
    )
    dates = [(t.start - rec.start, t.end - rec.start) for t in rec.of("time")]
    return any(not any(a <= m.start() < b for a, b in dates) for m in pattern.finditer(rec.text))


def _dates(a: Rec, b: Rec, comp: Comparison, there: str, index: ClaimIndex) -> None:
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
        if _names_day(b, x) or _names_day(a, y):
            return  # "…the same words as on the 22nd": the sentence tells both days
        fit = event_fit(a, b, x, y)
        if fit == 0 or (g > WEEK and (fit < 1 or not slip(x, y))):
            return  # more than a week apart: the days of two events, unless a slip of the pen
        notes = []
        if fit < 1:
            notes.append("not the same event word next to both dates")
        gap = date_gap_weight(x, y, g)
        if gap < 1:
            notes.append(f"{g} days apart" if _day_precise(x) and _day_precise(y)
                         else "dates coarser than a day")  # fmt: skip
        weight = fit * gap * others_agree(a, b, index, notes=notes)
        comp.reasons.append(Reason("conflict", "date", f"date: {x.value} here vs {y.value} in {there}",
                                   x, y, weight, tuple(notes)))  # fmt: skip


def _places(a: Rec, b: Rec, comp: Comparison, there: str, index: ClaimIndex) -> None:
    pa, pb = a.own("place"), b.own("place")
    va, vb = {s.value or s.surface for s in pa}, {s.value or s.surface for s in pb}
    shared = va & vb
    if shared:
        x = next(s for s in pa if (s.value or s.surface) in shared)
        y = next(s for s in pb if (s.value or s.surface) in shared)
        comp.reasons.append(Reason("agree", "place", f"place {x.surface} = {y.surface}", x, y))
        return
    if not (pa or a.of("place")) or not (pb or b.of("place")) or comp.time_relation == "far":
        return
    for kind in sorted(a.concepts & b.concepts & LOCATED_CONCEPTS):
        # Where the event happened is the place named next to its event word, on both sides,
        # else the place its passage last gave (a retelling that says where only once).
        x, y = _where(a, kind, index), _where(b, kind, index)
        if x is None or y is None or (x.value or x.surface) in vb or (y.value or y.surface) in va:
            continue
        if x.via == y.via == "context":
            continue
        if _written_in(x, b) or _written_in(y, a):
            continue  # the other claim names it too, where the names stage did not see it
        carried = "context" in (x.via, y.via)
        notes = ("the place is from earlier in the passage",) if carried else ()
        comp.reasons.append(Reason("conflict", "place",
                                   f"place: {x.surface} here vs {y.surface} in {there}", x, y,
                                   CONTEXT_PLACE if carried else 1.0, notes))  # fmt: skip
        return


def _where(rec: Rec, kind: str, index: ClaimIndex) -> Slot | None:
    found = _near(rec, kind, "place", index)
    if found is not None:
        return found
    carried = [s for s in rec.of("place") if s.via == "context"]
    return carried[-1] if carried else None


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
            # A number is of the event word next to it: nine days held against twelve days
            # held is one question, twelve days on the road another.
            ka, kb = anchor(a, x), anchor(b, y)
            if ka and kb and ka != kb:
                continue
            weight = 1.0 if ka and ka == kb else 0.6
            notes = () if weight == 1.0 else ("not the same event word next to both numbers",)
            comp.reasons.append(Reason("conflict", "quantity",
                                       f"{name}: {_q(x)} here vs {_q(y)} in {there}", x, y,
                                       weight, notes))  # fmt: skip


def _q(slot: Slot) -> str:
    shown = slot.describe()
    if slot.rule and slot.rule.endswith((".miles", ".versts")):
        return f"{slot.surface} ({shown})"
    return shown if slot.surface.casefold() in shown.casefold() else f"{slot.surface} ({shown})"


RARE = 0.3  # an entity weighing less is in so many claims that sharing it says little
AGENT_CHARS = 40  # a person this close to the event word is its agent (or its object)


def _near(rec: Rec, role: str, kind: str, index: ClaimIndex) -> Slot | None:
    """The ``kind`` slot the event word ``role`` is about, within a few words of it: for a
    person the rarest one (the story's hero is everywhere, as object as often as agent), for a
    place the nearest one in the same clause (where it was held, not who negotiated)."""
    words = [c for c in rec.of("concept") if c.value == role]
    near = [p for p in rec.own(kind) if any(_gap(p, w) <= AGENT_CHARS for w in words)]
    if kind == "place":
        near = [p for p in near if any(_clause(rec, p) == _clause(rec, w) for w in words)]
        if not near:
            return None
        return min(near, key=lambda p: (min(_gap(p, w) for w in words), p.start))
    if not near:
        return None
    return max(near, key=lambda s: (index.weight(s.value or s.surface), -s.start))


def _crowded(rec: Rec, role: str, index: ClaimIndex) -> bool:
    words = [c for c in rec.of("concept") if c.value == role]
    near = {p.value or p.surface for p in rec.of("person")
            if any(_gap(p, w) <= AGENT_CHARS for w in words)
            and index.weight(p.value or p.surface) >= RARE}  # fmt: skip
    return len(near) > 1


def _persons(a: Rec, b: Rec, comp: Comparison, there: str, index: ClaimIndex) -> None:
    va, vb = a.entity_set("person"), b.entity_set("person")
    shared = va & vb
    for e in sorted(shared)[:3]:
        x = next(s for s in a.of("person") if (s.value or s.surface) == e)
        y = next(s for s in b.of("person") if (s.value or s.surface) == e)
        comp.reasons.append(Reason("agree", "person", f"person {x.surface} = {y.surface}", x, y))
    if comp.time_relation == "far":
        return
    for role in sorted(a.concepts & b.concepts & ROLE_CONCEPTS):
        # Two persons differ for one role only when each is the one its event word is about.
        x, y = _near(a, role, "person", index), _near(b, role, "person", index)
        if x is None or y is None:
            continue
        ex, ey = x.value or x.surface, y.value or y.surface
        if min(index.weight(ex), index.weight(ey)) < RARE:
            continue  # the story's hero is near every event word, as its object as often
        if ex == ey or ex in vb or ey in va or _stem_key(x.surface) == _stem_key(y.surface):
            continue  # the same person, or one name the names stage left in two entities
        if _written_in(x, b) or _written_in(y, a):
            continue
        weight = 1.0 if comp.time_relation in ("overlap", "unknown") else 0.6
        notes = [] if weight == 1.0 else ["dates apart"]
        if _crowded(a, role, index) or _crowded(b, role, index):
            weight *= 0.5  # several persons next to the event word: which is its agent is unsure
            notes.append("several persons next to the event word")
        comp.reasons.append(Reason("conflict", "person",
                                   f"person ({role}): {x.surface} here vs {y.surface} in {there}",
                                   x, y, weight, tuple(notes)))  # fmt: skip
        return


def _written_in(slot: Slot, rec: Rec) -> bool:
    """Whether the name of ``slot`` (its last word's first letters) is written in ``rec``, in
    either script (``Курском`` is written in ``Bei Kursk``)."""
    from adfontes.search.terms import fold

    texts = rec.memo.get("folded readings")
    if texts is None:  # romanising a whole sentence is slow: once per claim
        texts = rec.memo["folded readings"] = [fold(r) for r in _readings(rec.text)]
    return any(len(k) >= 4 and k in t for k in _name_keys(slot.surface) for t in texts)


def _readings(text: str) -> list[str]:
    """The text, and its romanisations when it is written in Cyrillic."""
    from adfontes.claims.index import is_cyrillic
    from adfontes.names.keys import romanisations

    return [text, *romanisations(text)] if is_cyrillic(text) else [text]


@lru_cache(maxsize=50_000)
def _name_keys(name: str) -> frozenset[str]:
    return frozenset(_stem_key(r) for r in _readings(name))


def _stem_key(name: str) -> str:
    from adfontes.search.terms import fold

    last = fold(name).split()[-1] if name.split() else ""
    return last[:5]
