"""EDTF values and their inclusive ISO bounds, built from the parts a text gives.

Nothing the text does not give is filled in: a month stays a month (``1928-01``), a year-less
day keeps an unspecified year (``XXXX-12-16``) until an anchor supplies one.
"""

from __future__ import annotations

import calendar as _cal
import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}
# Days of a month taken as its "beginning", "middle" and "end".
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
# Months of a year taken as its "beginning", "middle" and "end" (quarters, and the summer).
YEAR_PARTS = {"early": (1, 3), "mid": (5, 8), "late": (10, 12)}
# Years of a decade taken as its "beginning", "middle" and "end" (the early 1930s: 1930-1933).
DECADE_PARTS = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}
# The one year that stands for a part of a decade where a single date is needed (the start of a
# range, "Seredina 80-kh godov – 1991": 1984~/1991).
DECADE_PART_YEAR = {"early": 0, "mid": 4, "late": 7}


@dataclass(frozen=True, slots=True)
class When:
    """One point at the precision the text gives; ``year`` None means not (yet) known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    decade: int | None = None
    century: int | None = None
    approx: bool = False
    # The first and last day the value can fall on, when a shift finer than its precision moved
    # it ("two days later" after some day of January: 3 January to 2 February); else None.
    spread: tuple[date, date] | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        if self.year is not None:
            return "year"
        if self.decade is not None:
            return "decade"
        if self.century is not None:
            return "century"
        return "year"

    @property
    def resolved(self) -> bool:
        return self.year is not None or self.decade is not None or self.century is not None

    def edtf(self) -> str:
        mark = "~" if self.approx else ""
        if self.year is None:
            if self.decade is not None:
                return f"{self.decade // 10:03d}X{mark}"
            if self.century is not None:
                return f"{self.century // 100:02d}XX{mark}"
            year = "XXXX"
        else:
            year = _year(self.year)
        if self.day is not None:
            month = f"{self.month:02d}" if self.month else "XX"
            return f"{year}-{month}-{self.day:02d}{mark}"
        if self.month is not None:
            return f"{year}-{self.month:02d}{mark}"
        if self.season is not None:
            return f"{year}-{self.season}{mark}"
        return f"{year}{mark}"

    def bounds(self) -> tuple[date | None, date | None]:
        if self.spread is not None:
            return self.spread
        if self.year is None:
            if self.decade is not None:
                return _safe(self.decade, 1, 1), _safe(self.decade + 9, 12, 31)
            if self.century is not None:
                return _safe(self.century, 1, 1), _safe(self.century + 99, 12, 31)
            return None, None
        y = self.year
        if self.day is not None and self.month is not None:
            d = _safe(y, self.month, self.day)
            return d, d
        if self.month is not None:
            return _safe(y, self.month, 1), _safe(y, self.month, last_day(y, self.month))
        if self.season is not None:
            first, last = SEASON_MONTHS[self.season]
            end_year = y + 1 if last < first else y
            return _safe(y, first, 1), _safe(end_year, last, last_day(end_year, last))
        return _safe(y, 1, 1), _safe(y, 12, 31)


@dataclass(frozen=True, slots=True)
class Value:
    edtf: str
    earliest: str | None
    latest: str | None
    precision: str | None


def _year(y: int) -> str:
    return f"{y:04d}" if y >= 0 else f"-{-y:04d}"


def _safe(y: int, m: int, d: int) -> date | None:
    if not 1 <= y <= 9999:
        return None
    return date(y, m, min(d, last_day(y, m)))


def last_day(year: int, month: int) -> int:
    return _cal.monthrange(year if 1 <= year <= 9999 else 2000, month)[1]


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def point(w: When) -> Value:
    lo, hi = w.bounds()
    return Value(w.edtf(), iso(lo), iso(hi), w.precision)


def interval(a: When | None, b: When | None, precision: str = "interval") -> Value:
    """``A/B``; None for an open end (``..``)."""
    left = a.edtf() if a else ".."
    right = b.edtf() if b else ".."
    lo = a.bounds()[0] if a else None
    hi = b.bounds()[1] if b else None
    return Value(f"{left}/{right}", iso(lo), iso(hi), precision)


def part_of(w: When, part: str) -> Value:
    """The beginning, middle or end of a month, year, decade or century, as the gold conventions
    say: days 1-10, 11-20 and 21 to the end of a month, the first quarter, the summer and the
    last quarter of a year, years 0-3, 3-6 and 7-9 of a decade; an interval whose later end is
    approximate, each end at the precision of its parts (``1930/1933~``)."""
    if w.spread is not None:
        return point(replace(w, approx=True))  # moved by days: its part is not known
    if w.year is not None and w.month is not None and w.day is None:
        lo, hi = MONTH_PARTS[part]
        hi = min(hi, last_day(w.year, w.month)) if part == "late" else hi
        return interval(replace(w, day=lo), replace(w, day=hi, approx=True))
    if w.year is not None and w.month is None and w.season is None and w.day is None:
        lo, hi = YEAR_PARTS[part]
        return interval(replace(w, month=lo), replace(w, month=hi, approx=True))
    if w.year is None and w.decade is not None:
        # Years, as a decade is counted in years: never one year the text does not name.
        lo, hi = DECADE_PARTS[part]
        return interval(When(year=w.decade + lo), When(year=w.decade + hi, approx=True))
    if w.year is None and w.century is not None:
        c = w.century
        lo, hi = {"early": (0, 30), "mid": (30, 70), "late": (70, 99)}[part]
        return interval(When(year=c + lo), When(year=c + hi, approx=True))
    return point(replace(w, approx=True))


def decade_part_point(decade: int, part: str) -> When:
    """A part of a decade as one approximate year (where an interval cannot stand, as the start
    of a range), with the bounds of the whole part."""
    lo, hi = DECADE_PARTS[part]
    first, last = _safe(decade + lo, 1, 1), _safe(decade + hi, 12, 31)
    spread = (first, last) if first and last else None
    return When(year=decade + DECADE_PART_YEAR[part], approx=True, spread=spread)


def shift(w: When, unit: str, n: int) -> When:
    """``w`` moved by ``n`` units (D, W, M, Y), kept at the coarser of its own and the unit's
    precision.

    A move finer than what is known keeps the precision that is known and marks the result
    approximate, and its bounds cover every day it can fall on: "two days later" after some
    day of January 1928 is ``1928-01~`` from 3 January to 2 February (the month that holds the
    middle of those days names it; "twenty days later" is ``1928-02~``, 21 January to
    20 February). A value that was already moved so keeps its spread of days.
    """
    if w.year is None or n == 0:
        return w
    if unit in MINUTES:
        return _shift_within_days(w, n * MINUTES[unit])
    finer = {"D": ("day",), "W": ("day",), "M": ("day", "month"), "Y": PRECISIONS}[unit]
    if w.spread is not None or w.precision not in finer:
        return _spread(w, unit, n)
    if unit in ("D", "W"):
        days = n * (7 if unit == "W" else 1)
        try:
            d = date(w.year, w.month, w.day) + timedelta(days=days)
        except (ValueError, OverflowError):
            return replace(w, approx=True)
        return replace(w, year=d.year, month=d.month, day=d.day)
    if unit == "M":
        total = w.year * 12 + (w.month - 1) + n
        return When(year=total // 12, month=total % 12 + 1, approx=w.approx)
    return When(year=w.year + n, approx=w.approx)


PRECISIONS = ("day", "month", "season", "year")
# Units finer than a day, in minutes.
MINUTES = {"H": 60, "MIN": 1}


def _shift_within_days(w: When, minutes: int) -> When:
    """``w`` moved by a span shorter than its precision can show (hours, minutes): the day it
    most likely falls on, approximate, with bounds over both days it can fall on ("three hours
    later" on 20 January is 20 or 21 January). Coarser dates move by a whole day."""
    days = minutes / (24 * 60)
    if w.precision != "day" or w.spread is not None:
        return shift(w, "D", math.ceil(days) if days > 0 else math.floor(days))
    lo = date(w.year, w.month, w.day)
    try:
        first = lo + timedelta(days=math.floor(days))
        named = lo + timedelta(days=round(days))
    except OverflowError:
        return replace(w, approx=True)
    if days == math.floor(days):
        return replace(w, year=first.year, month=first.month, day=first.day)
    end = first + timedelta(days=1)
    return When(year=named.year, month=named.month, day=named.day, approx=True, spread=(first, end))


def _move(d: date, unit: str, n: int, last: bool) -> date | None:
    """One day moved by ``n`` units; with ``last``, the last day of a month moves to the last day
    of the month reached."""
    try:
        if unit in ("D", "W"):
            return d + timedelta(days=n * (7 if unit == "W" else 1))
        total = d.year * 12 + (d.month - 1) + (n if unit == "M" else 12 * n)
        year, month = total // 12, total % 12 + 1
        day = last_day(year, month) if last else min(d.day, last_day(year, month))
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _spread(w: When, unit: str, n: int) -> When:
    """``w`` moved by a unit finer than its precision: every day it can be, named at its own
    precision by the middle one."""
    lo, hi = w.bounds()
    if lo is None or hi is None:
        return replace(w, approx=True)
    first = _move(lo, unit, n, last=False)
    end = _move(hi, unit, n, last=hi.day == last_day(hi.year, hi.month))
    if first is None or end is None:
        return replace(w, approx=True)
    mid = first + (end - first) / 2
    if w.precision == "month":
        label = When(year=mid.year, month=mid.month)
    elif w.precision == "season":
        season = 24 if mid.month in (12, 1, 2) else 21 + (mid.month - 3) // 3
        label = When(year=mid.year - (mid.month < 3), season=season)
    else:
        label = When(year=mid.year)
    return replace(label, approx=True, spread=(first, end))


def coarsen(w: When, unit: str) -> When:
    """Keep only the parts a shift by ``unit`` can speak for (a month later: no day); a spread
    of days stays."""
    if unit == "M" and w.month is not None:
        return When(year=w.year, month=w.month, approx=w.approx, spread=w.spread)
    if unit == "Y":
        return When(year=w.year, approx=w.approx, spread=w.spread)
    return w


@dataclass(frozen=True, slots=True)
class Span(When):
    """An anchor known only to lie between two dates (``1929/1933``: an undated letter of the
    exile years); ``until`` is the later end."""

    until: When | None = None


def parse_anchor(text: str | None) -> When | None:
    """An anchor given as EDTF (``1928-12-16``, ``1928-12``, ``1928``, ``1929-02-12~``, or an
    interval ``1929/1933``, read as a ``Span``)."""
    if not text:
        return None
    if "/" in text:
        lo, _, hi = text.partition("/")
        a, b = parse_anchor(lo), parse_anchor(hi)
        if a is None or b is None or "/" in hi:
            return None
        return Span(a.year, a.month, a.day, a.season, approx=a.approx, until=b)
    t = text.strip()
    approx = t.endswith(("~", "?", "%"))
    t = t.rstrip("~?%")
    parts = t.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return None
    if month is not None and month > 12:
        return When(year=year, season=month, approx=approx) if 21 <= month <= 24 else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= last_day(year, month):
        return None
    return When(year=year, month=month, day=day, approx=approx)
