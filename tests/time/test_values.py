"""EDTF values built from what a text gives: nothing more precise than the text and its anchor."""

from __future__ import annotations

from datetime import date

import pytest

from adfontes.time import find
from adfontes.time.values import When, part_of, point, shift


def _said(w: When) -> tuple[str, str | None, str | None, str | None]:
    v = point(w)
    return v.edtf, v.earliest, v.latest, v.precision


@pytest.mark.parametrize(
    ("w", "unit", "n", "said"),
    [
        # Some day of January, two days on: any day from 3 January to 2 February.
        (When(1928, 1), "D", 2, ("1928-01~", "1928-01-03", "1928-02-02", "month")),
        (When(1928, 1), "D", -1, ("1928-01~", "1927-12-31", "1928-01-30", "month")),
        # Most of the days it can be are in February: February, approximately.
        (When(1928, 1), "D", 20, ("1928-02~", "1928-01-21", "1928-02-20", "month")),
        (When(1928, 12), "W", 1, ("1928-12~", "1928-12-08", "1929-01-07", "month")),
        (When(1927, season=23), "D", 2, ("1927-23~", "1927-09-03", "1927-12-02", "season")),
        (When(1928), "D", 2, ("1928~", "1928-01-03", "1929-01-02", "year")),
        (When(1928), "M", 2, ("1928~", "1928-03-01", "1929-02-28", "year")),
        # A known day moves exactly, and a month by months.
        (When(1928, 1, 30), "D", 2, ("1928-02-01", "1928-02-01", "1928-02-01", "day")),
        (When(1928, 1), "M", 2, ("1928-03", "1928-03-01", "1928-03-31", "month")),
        # Hours and minutes: the day most likely meant, bounds over both days it can be.
        (When(1929, 1, 20), "H", 3, ("1929-01-20~", "1929-01-20", "1929-01-21", "day")),
        (When(1929, 1, 20), "H", -3, ("1929-01-20~", "1929-01-19", "1929-01-20", "day")),
        (When(1929, 1, 20), "H", 48, ("1929-01-22", "1929-01-22", "1929-01-22", "day")),
        (When(1929, 1, 20), "MIN", 30, ("1929-01-20~", "1929-01-20", "1929-01-21", "day")),
        (When(1929, 1), "H", 5, ("1929-01~", "1929-01-02", "1929-02-01", "month")),
    ],
)
def test_a_shift_claims_no_more_than_its_anchor_gives(w, unit, n, said):
    assert _said(shift(w, unit, n)) == said


def test_a_shifted_value_keeps_its_spread_when_shifted_again():
    twice = shift(shift(When(1928, 1), "D", 2), "D", 1)
    assert twice.bounds() == (date(1928, 1, 4), date(1928, 2, 3))
    # "Early" in a month known only as "some days after January" is not known either.
    v = part_of(shift(When(1928, 1), "D", 2), "early")
    assert (v.edtf, v.earliest, v.latest) == ("1928-01~", "1928-01-03", "1928-02-02")


@pytest.mark.parametrize(
    ("text", "anchor", "said"),
    [
        ("Two days later he left.", "1928-12", ("1928-12~", "1928-12-03", "1929-01-02")),
        ("The next day he left.", "1928-01", ("1928-01~", "1928-01-02", "1928-02-01")),
        ("Within two days he left.", "1928-01", ("1928-01~", "1928-01-01", "1928-02-02")),
        ("Two or three weeks ago he wrote.", "1937", ("1937~", "1936-12-11", "1937-12-17")),
    ],
)
def test_relative_dates_from_a_coarse_anchor_cover_every_day_they_can_be(text, anchor, said):
    (e,) = find(text, "en", anchor)
    assert (e.value, e.earliest, e.latest) == said


@pytest.mark.parametrize(
    ("part", "said"),
    [
        ("early", ("1920/1923~", "1920-01-01", "1923-12-31", "interval")),
        ("mid", ("1923/1926~", "1923-01-01", "1926-12-31", "interval")),
        ("late", ("1927/1929~", "1927-01-01", "1929-12-31", "interval")),
    ],
)
def test_a_part_of_a_decade_names_no_single_year(part, said):
    v = part_of(When(decade=1920), part)
    assert (v.edtf, v.earliest, v.latest, v.precision) == said


def test_a_part_of_a_decade_that_starts_a_range_keeps_the_bounds_of_the_part():
    (e,) = find("Seredina 80-kh godov – 1991", "ru")
    assert (e.value, e.earliest, e.latest) == ("1984~/1991", "1983-01-01", "1991-12-31")
