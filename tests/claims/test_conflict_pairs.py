"""Which pairs ``conflicts`` compares: only those whose slots could differ."""

from __future__ import annotations

import itertools

from adfontes.claims import views
from adfontes.claims.compare import can_conflict, compare
from adfontes.claims.model import Slot

from .test_compare import ANNOUNCED, READ, _index, _person, _rec, _time

YEAR_ONLY = "Bronstein was expelled from the party in 1929 by the board."
NO_DATE = "Bronstein spoke against the board at length."


def _recs():
    a = _rec(1, ANNOUNCED, _time(ANNOUNCED, "20 January 1929", "1929-01-20"),
             _person(ANNOUNCED, "Bronstein", "P-b"))  # fmt: skip
    b = _rec(2, READ, _time(READ, "21 January 1929", "1929-01-21"),
             _person(READ, "Bronstein", "P-b"))  # fmt: skip
    at = YEAR_ONLY.index("1929")
    year = Slot("time", at, at + 4, "1929", "1929", None, "1929-01-01", "1929-12-31")
    c = _rec(3, YEAR_ONLY, year, _person(YEAR_ONLY, "Bronstein", "P-b"))
    d = _rec(4, NO_DATE, _person(NO_DATE, "Bronstein", "P-b"))
    return a, b, c, d


def test_pairs_that_cannot_differ_are_not_compared(monkeypatch):
    recs = _recs()
    index = _index(*recs, filler=20)
    compared = []

    def counting(a, b, *args, **kwargs):
        compared.append({a.id, b.id})
        return compare(a, b, *args, **kwargs)

    monkeypatch.setattr(views, "compare", counting)
    found = views.find_conflicts(index)
    assert [(t[1], {t[2].id, t[3].id}) for t in found] == [("date", {1, 2})]
    # a year against a day, or a sentence with no date, number, place or role: no comparison
    assert compared == [{1, 2}]


def test_a_pair_ruled_out_has_no_conflict_when_compared():
    recs = _recs()
    index = _index(*recs, filler=20)
    for a, b in itertools.permutations(recs, 2):
        if not can_conflict(a, b):
            kinds = {r.slot for r in compare(a, b, index).of("conflict")}
            assert not kinds & set(views.CLAIM_TYPES)
