"""Two dates of one event: a week or more apart only as a slip of the pen."""

from __future__ import annotations

from adfontes.claims.compare import compare, slip
from adfontes.claims.model import Slot

from .test_compare import _index, _person, _rec, _time


def _day(iso: str) -> Slot:
    return Slot("time", 0, 1, iso, iso, None, iso, iso)


def test_a_slip_of_the_pen_changes_one_part_of_a_date():
    assert slip(_day("1929-01-18"), _day("1929-01-28"))  # one digit of the day
    assert slip(_day("1929-01-12"), _day("1929-01-21"))  # two digits swapped
    assert slip(_day("1929-01-18"), _day("1929-02-18"))  # the month
    assert not slip(_day("1929-01-07"), _day("1929-01-18"))
    assert not slip(_day("1929-01-18"), _day("1929-02-19"))


SENT = "The resolution of the board was sent to Bronstein on {} January 1929."


def _resolutions(day_a: int, day_b: int):
    text_a, text_b = SENT.format(day_a), SENT.format(day_b)
    a = _rec(1, text_a, _time(text_a, f"{day_a} January 1929", f"1929-01-{day_a:02}"),
             _person(text_a, "Bronstein", "P-b"))  # fmt: skip
    b = _rec(2, text_b, _time(text_b, f"{day_b} January 1929", f"1929-01-{day_b:02}"),
             _person(text_b, "Bronstein", "P-b"))  # fmt: skip
    return a, b


def test_days_more_than_a_week_apart_are_two_events_unless_a_slip():
    a, b = _resolutions(7, 18)
    assert not compare(a, b, _index(a, b, filler=20)).of("conflict")
    a, b = _resolutions(18, 28)
    assert [r.slot for r in compare(a, b, _index(a, b, filler=20)).of("conflict")] == ["date"]
    a, b = _resolutions(18, 20)
    assert [r.slot for r in compare(a, b, _index(a, b, filler=20)).of("conflict")] == ["date"]
