"""A year the text gives to a document named before against the date it gave it then."""

from __future__ import annotations

from adfontes.claims.chronology import chronology_conflicts
from adfontes.claims.extract import read_sentence
from adfontes.claims.index import ClaimIndex, make_rec
from adfontes.claims.model import Slot

EARLIER = "Here are the proposals of his program, in the issue dated March 23, 1931."
GAP = "Nothing else is known of the manifesto."


def _rec(i: int, text: str, at: int, *times: tuple[str, str, str, str]):
    slots = list(read_sentence(text, 0, len(text), "en"))
    for surface, value, lo, hi in times:
        s = text.index(surface)
        slots.append(Slot("time", s, s + len(surface), surface, value, None, lo, hi))
    slots = [Slot(s.kind, s.start + at, s.end + at, s.surface, s.value, s.unit, s.earliest,
                  s.latest, s.rule, s.approx, s.via) for s in slots]  # fmt: skip
    return make_rec(id=i, source_id="s", file_id="f", passage_id=i, p_seq=i, start=at,
                    end=at + len(text), text=text, lang="en", polarity="positive", slots=slots)  # fmt: skip


def _index(later: str, year: str) -> ClaimIndex:
    a = _rec(1, EARLIER, 0, ("March 23, 1931", "1931-03-23", "1931-03-23", "1931-03-23"))
    b = _rec(2, GAP, 200)
    c = _rec(3, later, 400, (year, year, f"{year}-01-01", f"{year}-12-31"))
    return ClaimIndex({r.id: r for r in (a, b, c)}, {})


def test_a_year_given_to_the_program_dated_before_is_a_slip():
    found = chronology_conflicts(
        _index("This 1930 program of his came before the platform.", "1930")
    )
    assert len(found) == 1
    _, slot, rec, other, comp = found[0]
    assert slot == "date" and rec.id == 3 and other.id == 1
    reason = comp.of("conflict")[0]
    assert reason.here.surface == "1930" and reason.there.value == "1931-03-23"


def test_the_same_year_or_another_thing_is_no_slip():
    assert chronology_conflicts(_index("This 1931 program of his came first.", "1931")) == []
    assert chronology_conflicts(_index("This 1930 platform of his came first.", "1930")) == []
    assert chronology_conflicts(_index("In 1930 the program was read.", "1930")) == []


def test_a_derived_word_names_the_same_kind_of_thing():
    from adfontes.claims.chronology import _names_kind

    assert _names_kind(frozenset({"program"}), frozenset({"programmat", "propos"}))
    assert _names_kind(frozenset({"letter"}), frozenset({"letter", "date"}))
    assert not _names_kind(frozenset({"act"}), frozenset({"action"}))  # too short to tell
    assert not _names_kind(frozenset({"program"}), frozenset({"platform"}))
