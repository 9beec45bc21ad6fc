"""Stance of one sentence towards a claim, and what of a claim its evidence holds between them."""

from __future__ import annotations

from adfontes.claims.compare import compare
from adfontes.claims.coverage import _number_key, claim_parts, coverage, support
from adfontes.claims.extract import read_sentence
from adfontes.claims.index import ClaimIndex, make_rec
from adfontes.claims.model import Claim, Slot
from adfontes.claims.views import _stance


def _rec(i: int, text: str, *slots: Slot):
    claim = Claim(0, len(text), text, "en", tuple(read_sentence(text, 0, len(text), "en")) + slots)
    return make_rec(id=i, source_id=f"s{i}", file_id=f"f{i}", passage_id=i, p_seq=0, start=0,
                    end=len(text), text=text, lang="en", polarity=claim.polarity,
                    slots=list(claim.slots))  # fmt: skip


def _person(text: str, surface: str, entity: str) -> Slot:
    at = text.index(surface)
    return Slot("person", at, at + len(surface), surface, entity)


def _year(text: str, year: str) -> Slot:
    at = text.index(year)
    return Slot("time", at, at + 4, year, year, None, f"{year}-01-01", f"{year}-12-31")


def _day(text: str, surface: str, iso: str) -> Slot:
    at = text.index(surface)
    return Slot("time", at, at + len(surface), surface, iso, None, iso, iso)


def _index(*recs, filler: int = 20) -> ClaimIndex:
    recs = {r.id: r for r in recs}
    for i in range(1000, 1000 + filler):
        recs[i] = make_rec(id=i, source_id="x", file_id="x", passage_id=i, p_seq=i, start=0,
                           end=5, text="Other", lang="en", polarity="positive", slots=[])  # fmt: skip
    return ClaimIndex(recs, {})


def _stance_of(a, b) -> str | None:
    return _stance(a, b, compare(a, b, _index(a, b)))


def test_the_same_day_of_something_else_does_not_support():
    text_a = "Bronstein was escorted to the frontier by forty guards on 10 February 1929."
    text_b = "On 10 February 1929 Bronstein wrote a letter to his son."
    a = _rec(1, text_a, _person(text_a, "Bronstein", "P-b"),
             _day(text_a, "10 February 1929", "1929-02-10"))  # fmt: skip
    b = _rec(2, text_b, _person(text_b, "Bronstein", "P-b"),
             _day(text_b, "10 February 1929", "1929-02-10"))  # fmt: skip
    assert compare(a, b, _index(a, b)).of("agree")
    assert _stance_of(a, b) == "related"
    text_c = "On 10 February 1929 forty guards escorted Bronstein to the frontier."
    c = _rec(3, text_c, _person(text_c, "Bronstein", "P-b"),
             _day(text_c, "10 February 1929", "1929-02-10"))  # fmt: skip
    assert _stance_of(a, c) == "supports"


def test_a_long_sentence_that_holds_part_of_the_claim_is_related():
    text_a = "The reading rooms of the library hold the letters of the exiles."
    text_b = ("In the winter of that year the heating of the old building on the square failed, "
              "and the reading rooms stayed shut to visitors until the spring thaw came.")  # fmt: skip
    a, b = _rec(1, text_a), _rec(2, text_b)
    assert compare(a, b, _index(a, b)).same_event < 0.3
    assert _stance_of(a, b) == "related"
    text_c = "The heating of the old building on the square failed in the winter."
    assert _stance_of(a, _rec(3, text_c)) is None


def test_a_sentence_that_says_the_whole_claim_in_its_own_order_supports():
    text_a = "The archive keeps the letters that the exiles wrote from the camps."
    text_b = "Letters written from the camps by the exiles are kept in the archive."
    assert _stance_of(_rec(1, text_a), _rec(2, text_b)) == "supports"


def test_parts_leave_out_function_words_and_reporting_verbs():
    text = "Bronstein stated that the committee had already decided it in 1928."
    claim = _rec(1, text, _person(text, "Bronstein", "P-b"), _year(text, "1928"))
    kinds = {(p.kind, p.surface) for p in claim_parts(claim)}
    assert kinds == {("word", "committee"), ("word", "decided"), ("name", "Bronstein"),
                     ("date", "1928")}  # fmt: skip


def test_numbers_are_read_by_value():
    assert _number_key("12,000") == _number_key("12000") == _number_key("12.000")
    assert _number_key("41.3") == "41.3"


def test_two_sentences_hold_a_claim_that_neither_holds_alone():
    text = "Bronstein married Sedova in 1903 and their sons were born in Paris."
    claim = _rec(1, text, _person(text, "Bronstein", "P-b"), _person(text, "Sedova", "P-s"),
                 _year(text, "1903"))  # fmt: skip
    text_b = "Bronstein and Sedova were married in 1903."
    text_c = "They lived in Paris, where both their sons were born."
    b = _rec(2, text_b, _person(text_b, "Bronstein", "P-b"), _person(text_b, "Sedova", "P-s"),
             _year(text_b, "1903"))  # fmt: skip
    c = _rec(3, text_c)
    assert not coverage(claim, [b])["whole"]
    assert coverage(claim, [b])["missing"] == ["sons", "born", "Paris"]
    held = support(claim, [("related", None, b), ("related", None, c)])
    assert held["level"] == "whole" and held["missing"] == []
    assert support(claim, [("related", None, b)])["level"] == "part"
    assert support(claim, [("contradicts", None, b)])["level"] == "none"


def test_a_number_the_evidence_does_not_give_leaves_the_claim_held_in_part():
    text = "The archive holds 12,000 letters written between the wars."
    other = "The archive holds letters written between the wars."
    got = coverage(_rec(1, text), [_rec(2, other)])
    assert got["share"] == 1.0 and not got["whole"] and got["missing"] == ["12,000"]
    assert coverage(_rec(1, text), [_rec(3, "Some 12000 letters written between the wars "
                                            "are in the archive; it holds them.")])["whole"]  # fmt: skip


def test_check_says_what_of_the_claim_the_evidence_holds(demo_store):
    from adfontes.claims.views import check_view

    result = check_view(demo_store, "Trotsky was escorted to Odessa by Volynsky.", "en")
    held = result["coverage"]
    assert held["level"] in ("whole", "part")
    assert set(held["held"]) | set(held["missing"]) >= {"Trotsky", "escorted"}
