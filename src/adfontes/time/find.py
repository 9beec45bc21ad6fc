"""The tagger: scan a text with a language's rule pack, keep the longest matches, normalise.

Two phases, as in HeidelTime: every rule proposes spans (negatives too), the longest span wins
an overlap, and the survivors are normalised in text order so that year-less and relative
expressions can lean on the last explicit date before them (the narrative) or, failing that, on
the document's anchor. With neither they stay underspecified; nothing is taken from the clock.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date

from adfontes.errors import UsageError
from adfontes.time.model import TimeExpr
from adfontes.time.rulepack import Pack, Rule, lookup, lower_text, pack
from adfontes.time.values import (
    SEASON_MONTHS,
    Span,
    Value,
    When,
    coarsen,
    decade_part_point,
    interval,
    parse_anchor,
    part_of,
    point,
    shift,
)

# A year-less month this many months after the narrative's (across New Year) is the next year's.
FORWARD_MONTHS = 2
_UNIT_PRECISION = {"D": "day", "W": "day", "M": "month", "Y": "year"}
_UNRESOLVED = {"D": "XXXX-XX-XX", "W": "XXXX-XX-XX", "M": "XXXX-XX", "Y": "XXXX"}


@dataclass(slots=True)
class Narrative:
    """The last explicit (or already anchored) date seen, carried across passages in order.

    ``bare`` says it came from a bare number (which may have been a count), so that the next
    date may replace it however far it lies."""

    last: When | None = None
    bare: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    rule: Rule
    groups: dict[str, str]


def find(
    text: str, lang: str, anchor: str | None = None, narrative: Narrative | None = None
) -> list[TimeExpr]:
    """Every date, range and duration expression in ``text``, in text order.

    ``anchor`` is the document's date (EDTF); ``narrative`` carries the last date across calls
    when a caller feeds a document passage by passage.
    """
    p = pack(lang)
    base = parse_anchor(anchor)
    if anchor and base is None:
        raise UsageError(f"anchor {anchor!r} is not an EDTF date (e.g. 1928-12-16)")
    state = narrative if narrative is not None else Narrative()
    out: list[TimeExpr] = []
    for hit in scan(p, text):
        prev = out[-1] if out else None
        if prev is not None and _restates(text, prev, hit):
            expr = replace(
                prev, start=hit.start, end=hit.end, surface=text[hit.start : hit.end],
                rule=hit.rule.id, anchoring="anchor:narrative", anchor=prev.value, role=None,
            )  # fmt: skip
        else:
            expr = _normalise(p, text, hit, base, state)
        if expr is not None:
            out.append(expr)
    return out


_APPOSITION = re.compile(r"\s*,\s*")


def _restates(text: str, prev: TimeExpr, hit: Hit) -> bool:
    """``December 30, 1934, two days after the first``: a relative expression set off by a
    comma right after an explicit date describes that same date."""
    return (
        hit.rule.spec.get("type") == "relative"
        and prev.anchoring == "explicit"
        and not prev.is_duration
        and _APPOSITION.fullmatch(text, prev.end, hit.start) is not None
    )


# How far from what a rule needs (a digit, a month name ...) its match may start or end: longer
# than any match.
_REACH = 80
_DIGITS = re.compile(r"\d+")
_WORD_END = re.compile(r"\W|$")


def windows(text: str, spans) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` around the given spans, each ending before a non-word
    character, so that a rule whose matches must hold such a span can skip the rest."""
    out: list[list[int]] = []
    for start, end in spans:
        a = max(0, start - _REACH)
        b = _WORD_END.search(text, min(len(text), end + _REACH)).start()
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _occurrences(p: Pack, low: str, anchor: tuple[str, str]):
    kind, what = anchor
    if kind == "digit":
        return (m.span() for m in _DIGITS.finditer(low))
    if kind == "list":
        return (m.span() for m in p.finders[what].finditer(low))
    return ((m.start(), m.end()) for m in re.finditer(re.escape(what), low))


def scan(p: Pack, text: str) -> list[Hit]:
    """Non-overlapping hits, longest first, then earliest rule; negatives block and vanish.

    Each rule runs only near what its matches must contain (a digit, a month name, a unit …),
    found once per text."""
    found = []
    low = lower_text(text)
    near: dict[tuple[str, str], list[tuple[int, int]]] = {}
    whole = [(0, len(text))]
    for rule in p.rules:
        if rule.anchor is not None and rule.anchor not in near:
            near[rule.anchor] = windows(low, _occurrences(p, low, rule.anchor))
        for a, b in near[rule.anchor] if rule.anchor is not None else whole:
            for m in rule.regex.finditer(low, a, b):
                if m.end() > m.start():
                    found.append((m.start() - m.end(), m.start(), rule.order, rule, m))
    found.sort(key=lambda f: f[:3])
    starts: list[int] = []
    ends: list[int] = []
    kept = []
    for _, start, _, rule, m in found:
        i = bisect.bisect_right(starts, start)
        if i and ends[i - 1] > start:
            continue
        if i < len(starts) and starts[i] < m.end():
            continue
        starts.insert(i, start)
        ends.insert(i, m.end())
        if not rule.negative:
            # Slots are read from the original text: the match ran on its lower-cased copy.
            groups = {k: text[slice(*m.span(k))] for k, v in m.groupdict().items() if v is not None}
            kept.append(Hit(start, m.end(), rule, groups))
    kept.sort(key=lambda h: h.start)
    return kept


# --- reading slots -----------------------------------------------------------------------------


def _digits(p: Pack, raw: str) -> int:
    shapes = p.calendar.get("digit_shapes") or {}
    clean = "".join(shapes.get(ch, ch) for ch in raw if not ch.isspace())
    return int(clean)


def _entry(p: Pack, name: str, surface: str) -> dict:
    entry = lookup(p, name, surface)
    return entry if entry is not None else {}


def _when(p: Pack, g: dict[str, str], s: str) -> When | None:
    year = _digits(p, g["year" + s]) if "year" + s in g else None
    if "bcyear" + s in g:
        year = 1 - _digits(p, g["bcyear" + s])
    month = None
    if "month" + s in g:
        month = _entry(p, "month", g["month" + s]).get("value")
    elif "rmonth" + s in g:
        month = _entry(p, "rmonth", g["rmonth" + s]).get("value")
    elif "mm" + s in g:
        month = int(g["mm" + s])
    day = int(g["day" + s]) if "day" + s in g else None
    season = _entry(p, "season", g["season" + s]).get("value") if "season" + s in g else None
    decade = century = None
    if "decade" + s in g:
        digits = re.sub(r"\D", "", g["decade" + s])
        if len(digits) >= 3:
            decade = int(digits[:3]) * 10
        elif "year" in g or "year2" in g:
            other = _digits(p, g.get("year") or g["year2"])
            decade = (other // 100) * 100 + int(digits[:2]) // 10 * 10
        else:
            decade = p.calendar.get("short_decade_century", 1900) + int(digits[:2]) // 10 * 10
    # An ordinal outside an event names a century ("the nineteenth century", "XIXe siècle").
    raw = g.get("century" + s) or (g.get("ordinal" + s) if "event" not in g else None)
    if raw:
        n = int(raw) if raw.isdigit() else _entry(p, "ordinal", raw).get("value")
        century = (n - 1) * 100 if n else None
    if all(v is None for v in (year, month, day, season, decade, century)):
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return When(year, month, day, season, decade, century)


def _count(p: Pack, g: dict[str, str], name: str) -> tuple[float, float, bool] | None:
    raw = g.get(name)
    if raw is None:
        return None
    entry = lookup(p, "num", raw)
    if entry is not None:
        v = entry["value"]
        lo, hi = (v, v) if not isinstance(v, list) else v
        return float(lo), float(hi), bool(entry.get("vague"))
    clean = raw.replace("½", ".5").replace(",", ".").replace(" ", "")
    if clean.startswith("."):
        clean = "0" + clean
    try:
        n = float(clean)
    except ValueError:
        return None
    return n, n, False


# --- normalising -------------------------------------------------------------------------------


def _normalise(
    p: Pack, text: str, hit: Hit, base: When | None, state: Narrative
) -> TimeExpr | None:
    spec = hit.rule.spec
    kind = spec.get("type", "point")
    groups = {**hit.groups, **spec.get("fixed", {})}
    result = _BUILDERS[kind](p, groups, spec, base, state)
    if result is None:
        return None
    value, anchoring, used = result
    calendar = None if value.edtf.startswith("DURATION:") else _calendar(p, text, hit, value)
    return TimeExpr(
        start=hit.start,
        end=hit.end,
        surface=text[hit.start : hit.end],
        value=value.edtf,
        earliest=value.earliest,
        latest=value.latest,
        precision=spec.get("precision", value.precision) if value.precision else None,
        calendar=calendar,
        rule=hit.rule.id,
        anchoring=anchoring,
        anchor=used,
        role=spec.get("role"),
    )


Result = tuple[Value, str, str | None] | None


def _base(state: Narrative, base: When | None) -> tuple[When | None, str]:
    if state.last is not None:
        return state.last, "anchor:narrative"
    if base is not None:
        return base, "anchor:doc"
    return None, "explicit"


def _fill_year(w: When, state: Narrative, base: When | None) -> tuple[When, str, str | None]:
    if w.resolved:
        return w, "explicit", None
    ref, how = _base(state, base)
    if ref is None or ref.year is None:
        return w, "explicit", None
    if isinstance(ref, Span) and ref.until is not None and ref.until.year != ref.year:
        return w, "explicit", None  # the document's year is not known
    year = ref.year
    ref_month = ref.month or (_season_last_month(ref.season) if ref.season else None)
    if ref_month is not None and w.month is not None:
        # A narrative moving forward: "December 30, 1934 ... 23 January" is the next January.
        months_after = w.month - ref_month
        if months_after <= -6 and months_after + 12 <= FORWARD_MONTHS:
            year += 1
    return replace(w, year=year, approx=w.approx or ref.approx), how, ref.edtf()


def _build_point(p: Pack, g: dict, spec: dict, base: When | None, state: Narrative) -> Result:
    w = _when(p, g, "")
    if w is None:
        return None
    w, how, used = _fill_year(w, state, base)
    if "approx" in g or spec.get("approx"):
        w = replace(w, approx=True)
    part = _entry(p, "part", g["part"]).get("value") if "part" in g else spec.get("part")
    value = part_of(w, part) if part else point(w)
    if w.resolved and _plausible(spec, w, state):
        state.last, state.bare = w, "narrative_within" in spec
    return value, how, used


def _season_last_month(season: int) -> int:
    """The season's last month within its own year (a winter's is December)."""
    first, last = SEASON_MONTHS[season]
    return last if last >= first else 12


def _plausible(spec: dict, w: When, state: Narrative) -> bool:
    """A bare number moves the narrative only when it is near the narrative's year: 1370 in a
    story of 1944 is a count of tanks, and a cited edition's year is not the story's."""
    within = spec.get("narrative_within")
    last = state.last
    if within is None or state.bare or last is None or last.year is None or w.year is None:
        return True
    return abs(w.year - last.year) <= within


def _share(a: When, b: When) -> tuple[When, When]:
    if b.year is None and b.decade is None and a.year is not None:
        b = replace(b, year=a.year)
    if a.year is None and a.decade is None and b.year is not None:
        a = replace(a, year=b.year)
    if a.day is not None and a.month is None:
        a = replace(a, month=b.month)
    if b.day is not None and b.month is None and a.month is not None:
        b = replace(b, month=a.month)
    if a.decade is not None and a.year is None:
        a = When(year=a.decade)
    if b.decade is not None and b.year is None:
        b = When(year=b.decade + 9)
    return a, b


def _build_range(p: Pack, g: dict, spec: dict, base: When | None, state: Narrative) -> Result:
    a, b = _when(p, g, ""), _when(p, g, "2")
    if b is None and "yy2" in g and a is not None and a.year is not None:
        b = When(year=(a.year // 100) * 100 + int(g["yy2"]))
    if a is None or b is None:
        return None
    if "part" in g and a.decade is not None and a.year is None:
        part = _entry(p, "part", g["part"]).get("value", "early")
        a = decade_part_point(a.decade, part)
    a, b = _share(a, b)
    a, how, used = _fill_year(a, state, base)
    if not b.resolved and a.year is not None:
        b = replace(b, year=a.year)
    if "approx" in g or spec.get("approx"):
        a, b = replace(a, approx=True), replace(b, approx=True)
    lo, hi = a.bounds()[0], b.bounds()[1]
    if lo and hi and lo > hi:
        if a.year is not None and b.year == a.year and "year" not in g and "year2" in g:
            a = replace(a, year=a.year - 1)
        else:
            return None
    if b.resolved:
        state.last, state.bare = b, False  # the narrative goes on from the range's later end
    return interval(a, b, spec.get("precision", "interval")), how, used


def _build_open(p: Pack, g: dict, spec: dict, base: When | None, state: Narrative) -> Result:
    a = _when(p, g, "")
    if a is None:
        return None
    a, how, used = _fill_year(a, state, base)
    if a.resolved:
        state.last, state.bare = a, False
    value = interval(a, None) if spec["type"] == "since" else interval(None, a)
    return value, how, used


def _duration_part(n: float, unit: str) -> str:
    if unit in ("H", "MIN", "S"):
        if unit == "H" and n != int(n):
            return f"PT{int(n)}H{round((n - int(n)) * 60)}M"
        return f"PT{_num(n)}{unit[0] if unit != 'MIN' else 'M'}"
    return f"P{_num(n)}{unit}"


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _unit(p: Pack, g: dict, spec: dict) -> dict:
    """The unit entry; an ``ago`` form (hónapja: "a month ago") is a unit that has a direction."""
    for name in ("unit", "ago"):
        if name in g:
            return _entry(p, name, g[name])
    unit = spec.get("unit", "D")
    same = (e for e in p.lookup.get("unit", {}).values() if e["value"] == unit)
    return next(same, {"value": unit})


def _build_duration(p: Pack, g: dict, spec: dict, base: When | None, state: Narrative) -> Result:
    first = _count(p, g, "num") or _count(p, g, "n") or (float(spec.get("n", 1)),) * 2 + (False,)
    unit = _unit(p, g, spec)["value"]
    second = _count(p, g, "num2") or _count(p, g, "n2")
    if first[2]:  # "some years", "néhány napig": a count the text does not give
        unspecified = _duration_part(0, unit).replace("0", "X")
        return Value(f"DURATION:{unspecified}", None, None, None), "explicit", None
    text = _duration_part(first[0], unit)
    if second is not None:
        text += "/" + _duration_part(second[1], unit)
    elif first[1] != first[0]:
        text += "/" + _duration_part(first[1], unit)
    return Value(f"DURATION:{text}", None, None, None), "explicit", None


def _build_relative(p: Pack, g: dict, spec: dict, base: When | None, state: Narrative) -> Result:
    count = _count(p, g, "num") or (float(spec.get("n", 1)),) * 2 + (False,)
    second = _count(p, g, "num2")
    if second is not None:
        count = (count[0], second[1], count[2] or second[2])
    lo, hi, vague = count
    unit_entry = _unit(p, g, spec)
    unit = unit_entry["value"]
    if "dir" in g:
        direction = _entry(p, "dir", g["dir"]).get("value", 1)
    else:
        direction = unit_entry.get("dir", spec.get("dir", 1))
    deictic = spec.get("deictic") or unit_entry.get("deictic") or _dir_entry(p, g).get("deictic")
    ref, how = (base, "anchor:doc") if deictic else _base(state, base)
    mode = spec.get("span")
    if ref is None or ref.year is None:
        precision = "interval" if mode or lo != hi else _UNIT_PRECISION.get(unit, "day")
        return Value(_UNRESOLVED.get(unit, "XXXX"), None, None, precision), "explicit", None
    used = ref.edtf()
    # "A month later" is approximate; "that year", a shift by nothing, is not.
    approx = (bool(unit_entry.get("approx")) or spec.get("approx", False)) and hi != 0
    if isinstance(ref, Span) and ref.until is not None and not mode:
        # An anchor known only as a span: the result spans every reading of it.
        ends = [coarsen(shift(r, unit, direction * int(n)), unit)
                for r in (ref, ref.until) for n in (lo, hi)]  # fmt: skip
        first = min(ends, key=lambda w: w.bounds()[0] or date.min)
        last = max(ends, key=lambda w: w.bounds()[1] or date.min)
        used = f"{ref.edtf()}/{ref.until.edtf()}"
        return interval(replace(first, approx=False), replace(last, approx=vague)), how, used
    if mode == "past":
        start = coarsen(shift(ref, unit, -int(hi)), unit)
        return interval(start, coarsen(ref, unit)), how, used
    if mode == "within":
        end = shift(ref, unit, direction * int(hi))
        if end.edtf().rstrip("~") == ref.edtf().rstrip("~"):
            # A base coarser than the unit: that base, approximately, to the last day reached.
            return point(_joined(replace(ref, approx=True), end)), how, used
        return interval(ref, end), how, used
    if lo == hi and not vague:
        w = coarsen(shift(ref, unit, direction * int(lo)), unit)
        if approx:
            w = replace(w, approx=True)
        state.last, state.bare = w, False
        part = _entry(p, "part", g["part"]).get("value") if "part" in g else spec.get("part")
        return (part_of(w, part) if part else point(w)), how, used
    a = coarsen(shift(ref, unit, direction * int(lo)), unit)
    b = coarsen(shift(ref, unit, direction * int(hi)), unit)
    if direction < 0:
        a, b = b, a
    if vague or approx:
        b = replace(b, approx=True)
    if a.edtf().rstrip("~") == b.edtf().rstrip("~"):
        return point(_joined(replace(a, approx=a.approx or b.approx), b)), how, used  # coarse base
    return interval(a, b), how, used


def _joined(a: When, b: When) -> When:
    """``a`` named as it is, from its first day to the last day of ``b`` (both of one name)."""
    lo, hi = a.bounds()[0], b.bounds()[1]
    if lo is None or hi is None or (lo, hi) == a.bounds():
        return a
    return replace(a, spread=(lo, hi))


def _dir_entry(p: Pack, g: dict) -> dict:
    return _entry(p, "dir", g["dir"]) if "dir" in g else {}


def _build_event(p: Pack, g: dict, spec: dict, base: When | None, state: Narrative) -> Result:
    kind = _entry(p, "event", g.get("event", "")).get("value") or spec.get("event")
    raw = g.get("ordinal") or g.get("n") or ""
    n = int(raw) if raw.isdigit() else _entry(p, "ordinal", raw).get("value")
    dates = p.events.get((kind, n))
    if not dates:
        return None
    a, b = (parse_anchor(d) for d in dates.split("/"))
    return interval(a, b), "explicit", None


def _build_dual(p: Pack, g: dict, spec: dict, base: When | None, state: Narrative) -> Result:
    """``25 октября (7 ноября) 1917``: the second, New Style date is the value."""
    a, b = _when(p, g, ""), _when(p, g, "2")
    if a is None or b is None:
        return None
    a, b = _share(a, b)
    if a.year is not None and a.month == 12 and b.month == 1:
        b = replace(b, year=a.year + 1)
    state.last, state.bare = b, False
    return point(b), "explicit", None


_BUILDERS = {
    "point": _build_point,
    "range": _build_range,
    "since": _build_open,
    "until": _build_open,
    "duration": _build_duration,
    "relative": _build_relative,
    "event": _build_event,
    "dual": _build_dual,
}


def _calendar(p: Pack, text: str, hit: Hit, value: Value) -> str:
    spec = hit.rule.spec
    if spec.get("calendar"):
        return spec["calendar"]
    cal = p.calendar
    first = value.earliest or value.latest
    if first is None:
        return "gregorian"
    if first < cal.get("gregorian_from", "1582-10-15"):
        return "julian"
    unstated = cal.get("style_unstated_before")
    if unstated and first < unstated:
        window = text[hit.start : hit.end + cal.get("marker_window", 40)].lower()
        if any(m in window for m in cal.get("old_style_markers", [])):
            return "julian"
        if any(m in window for m in cal.get("new_style_markers", [])):
            return "gregorian"
        return "unknown"
    return "gregorian"
