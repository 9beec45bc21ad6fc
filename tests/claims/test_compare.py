"""One event or two: the comparison of two claims read from strings (no store)."""

from __future__ import annotations

from adfontes.claims.compare import _written_in, compare, date_gap_weight, event_fit
from adfontes.claims.extract import read_sentence
from adfontes.claims.index import ClaimIndex, make_rec
from adfontes.claims.model import Claim, Slot


def _rec(i: int, text: str, *slots: Slot, source: str = "s"):
    """A claim of ``text`` with the given name and date slots (cues read by the rules), kept
    whether or not the stage would find it checkable."""
    claim = Claim(0, len(text), text, "en", tuple(read_sentence(text, 0, len(text), "en")) + slots)
    return make_rec(id=i, source_id=f"{source}{i}", file_id=f"f{i}", passage_id=i, p_seq=0,
                    start=0, end=len(text), text=text, lang="en", polarity=claim.polarity,
                    slots=list(claim.slots))  # fmt: skip


def _time(text: str, surface: str, iso: str) -> Slot:
    at = text.index(surface)
    return Slot("time", at, at + len(surface), surface, iso, None, iso, iso)


def _person(text: str, surface: str, entity: str) -> Slot:
    at = text.index(surface)
    return Slot("person", at, at + len(surface), surface, entity)


def _index(*recs, filler: int = 0) -> ClaimIndex:
    recs = {r.id: r for r in recs}
    for i in range(1000, 1000 + filler):
        recs[i] = make_rec(id=i, source_id="x", file_id="x", passage_id=i, p_seq=i, start=0,
                           end=5, text="Other", lang="en", polarity="positive", slots=[])  # fmt: skip
    return ClaimIndex(recs, {})


ANNOUNCED = "The decision was announced to Bronstein on 20 January 1929."
DECIDED = "The board decided on 18 January 1929 to expel Bronstein."
READ = "The decision was announced to Bronstein on 21 January 1929."


def _pair(text_a: str, iso_a: str, day_a: str, text_b: str, iso_b: str, day_b: str):
    a = _rec(1, text_a, _time(text_a, day_a, iso_a), _person(text_a, "Bronstein", "P-b"))
    b = _rec(2, text_b, _time(text_b, day_b, iso_b), _person(text_b, "Bronstein", "P-b"))
    return a, b


def test_a_decision_and_its_announcement_are_two_events():
    a, b = _pair(
        ANNOUNCED, "1929-01-20", "20 January 1929", DECIDED, "1929-01-18", "18 January 1929"
    )
    comp = compare(a, b, _index(a, b, filler=20))
    assert not comp.of("conflict")


def test_one_announcement_on_two_days_is_a_date_conflict():
    a, b = _pair(ANNOUNCED, "1929-01-20", "20 January 1929", READ, "1929-01-21", "21 January 1929")
    comp = compare(a, b, _index(a, b, filler=20))
    (reason,) = comp.of("conflict")
    assert reason.slot == "date" and reason.weight == 1.0


def test_event_word_of_a_date_is_the_one_in_its_clause():
    text = (
        "The train was delayed at the station; on 17 January 1928 he was carried out of his flat."
    )
    other = "He was carried out of his flat on 16 January 1928."
    a = _rec(1, text, _time(text, "17 January 1928", "1928-01-17"))
    b = _rec(2, other, _time(other, "16 January 1928", "1928-01-16"))
    x, y = a.times()[0], b.times()[0]
    assert event_fit(a, b, x, y) == 1.0


def test_days_weeks_apart_weigh_less_than_a_day_apart():
    def day(iso: str) -> Slot:
        return Slot("time", 0, 1, iso, iso, None, iso, iso)

    month = Slot("time", 0, 1, "January 1935", "1935-01", None, "1935-01-01", "1935-01-31")
    assert date_gap_weight(day("1929-01-20"), day("1929-01-21"), 1) == 1.0
    assert date_gap_weight(day("1929-01-01"), day("1929-01-20"), 19) < 0.5
    assert date_gap_weight(day("1934-12-30"), month, 1) < 1.0


def test_the_person_everyone_names_is_not_a_second_agent():
    text_a = "Volynsky announced the decision in Alma-Ata."
    text_b = "The decision was announced to Bronstein in Alma-Ata."
    a = _rec(1, text_a, _person(text_a, "Volynsky", "P-v"))
    b = _rec(2, text_b, _person(text_b, "Bronstein", "P-b"))
    hero = [_rec(10 + i, f"Bronstein wrote to Sedova {i}.", _person("Bronstein", "Bronstein", "P-b"),
                 _person(f"Bronstein wrote to Sedova {i}.", "Sedova", "P-s"))
            for i in range(8)]  # fmt: skip
    comp = compare(a, b, _index(a, b, *hero, filler=3))
    assert not [r for r in comp.of("conflict") if r.slot == "person"]


def test_two_agents_of_one_announcement_conflict():
    text_a = "Volynsky announced the decision in Alma-Ata."
    text_b = "Bulanov announced the decision in Alma-Ata."
    a = _rec(1, text_a, _person(text_a, "Volynsky", "P-v"))
    b = _rec(2, text_b, _person(text_b, "Bulanov", "P-u"))
    comp = compare(a, b, _index(a, b, filler=20))
    assert [r.slot for r in comp.of("conflict")] == ["person"]


def test_a_companion_is_not_an_escort():
    text_a = "Bronstein was accompanied by his wife Natalia Sedova."
    text_b = "Bronstein was accompanied by Madame Bronstein and their son."
    a = _rec(1, text_a, _person(text_a, "Natalia Sedova", "P-n"))
    b = _rec(2, text_b, _person(text_b, "Madame Bronstein", "P-m"))
    comp = compare(a, b, _index(a, b, filler=20))
    assert not comp.of("conflict")


def test_numbers_of_two_event_words_do_not_conflict():
    text_a = "The train was held on a siding for nine days."
    text_b = "The journey by train lasted twelve days, and they arrived in the port."
    a, b = _rec(1, text_a), _rec(2, text_b)
    comp = compare(a, b, _index(a, b, filler=20))
    assert not [r for r in comp.of("conflict") if r.slot == "quantity"]


def test_a_dateline_is_not_a_claim():
    from adfontes.claims.extract import claims_in

    text = "Constantinople, Turkey, February 14, 1929."
    slots = [Slot("place", 0, 14, "Constantinople", "L-c"), Slot("place", 16, 22, "Turkey", "L-t"),
             _time(text, "February 14, 1929", "1929-02-14")]  # fmt: skip
    assert claims_in(text, "en", lambda s, e: slots) == []
    said = "Trotsky arrived at Constantinople on February 14, 1929."
    found = claims_in(said, "en", lambda s, e: [Slot("place", 19, 33, "Constantinople", "L-c"),
                                                _time(said, "February 14, 1929", "1929-02-14")])  # fmt: skip
    assert len(found) == 1


def test_one_source_against_itself_weighs_less_than_two_sources():
    from adfontes.claims.views import SAME_SOURCE, UNRELATED_SOURCES, find_conflicts

    a, b = _pair(ANNOUNCED, "1929-01-20", "20 January 1929", READ, "1929-01-21", "21 January 1929")
    index = _index(a, b, filler=20)
    apart = find_conflicts(index, relation=lambda x, y: UNRELATED_SOURCES)
    alone = find_conflicts(index, relation=lambda x, y: SAME_SOURCE)
    assert alone[0][0] < apart[0][0]


def test_a_place_the_other_claim_writes_is_no_conflict():
    text_a = "At Kursk the train was held for days while Berlin decided."
    text_b = "The train was held on a siding near Kursk."
    berlin = text_a.index("Berlin")
    a = _rec(1, text_a, Slot("place", berlin, berlin + 6, "Berlin", "L-berlin"))
    kursk = text_b.index("Kursk")
    b = _rec(2, text_b, Slot("place", kursk, kursk + 5, "Kursk", "L-kursk"))
    comp = compare(a, b, _index(a, b, filler=20))
    assert not [r for r in comp.of("conflict") if r.slot == "place"]


def test_a_texts_date_is_not_the_date_of_what_it_tells():
    text_a = "In his article, dated 30 December 1934, Bronstein wrote about the indictment."
    text_b = "The indictment of Bronstein was read out on 28 December 1934."
    a = _rec(
        1,
        text_a,
        _time(text_a, "30 December 1934", "1934-12-30"),
        _person(text_a, "Bronstein", "P-b"),
    )
    b = _rec(
        2,
        text_b,
        _time(text_b, "28 December 1934", "1934-12-28"),
        _person(text_b, "Bronstein", "P-b"),
    )
    assert not compare(a, b, _index(a, b, filler=20)).of("conflict")


def test_months_side_by_side_with_no_common_event_word_do_not_conflict():
    text_a = "The Kirov case of December 1934 was discussed by Bronstein."
    text_b = "In January 1935 Bronstein and others were sentenced."

    def month(t: str, s: str, first: str, last: str) -> Slot:
        return Slot("time", t.index(s), t.index(s) + len(s), s, first[:7], None, first, last)

    a = _rec(
        1,
        text_a,
        month(text_a, "December 1934", "1934-12-01", "1934-12-31"),
        _person(text_a, "Bronstein", "P-b"),
    )
    b = _rec(
        2,
        text_b,
        month(text_b, "January 1935", "1935-01-01", "1935-01-31"),
        _person(text_b, "Bronstein", "P-b"),
    )
    assert not compare(a, b, _index(a, b, filler=20)).of("conflict")


def test_a_confirming_account_supports():
    from adfontes.claims.views import _stance

    text_a = "Slepkov stated that the authors of the platform were Rykov and Uglanov."
    text_b = "At the trial Rykov confirmed that Uglanov and he wrote the platform."
    people = ("Slepkov", "P-s"), ("Rykov", "P-r"), ("Uglanov", "P-u")
    a = _rec(1, text_a, *[_person(text_a, n, e) for n, e in people])
    b = _rec(2, text_b, *[_person(text_b, n, e) for n, e in people[1:]])
    comp = compare(a, b, _index(a, b, filler=20))
    assert _stance(a, b, comp) == "supports"


def test_a_denial_in_a_clause_of_its_own_contradicts_nothing_shared():
    text_a = (
        "Slepkov stated that the authors were Rykov and Uglanov, so as not to endanger the others."
    )
    text_b = "Rykov and Uglanov were the authors, Slepkov stated at the trial."
    people = ("Slepkov", "P-s"), ("Rykov", "P-r"), ("Uglanov", "P-u")
    a = _rec(1, text_a, *[_person(text_a, n, e) for n, e in people])
    b = _rec(2, text_b, *[_person(text_b, n, e) for n, e in people])
    assert a.polarity == "negative"
    assert not compare(a, b, _index(a, b, filler=20)).of("conflict")
    text_c = "Slepkov stated that he had not been in contact, direct or indirect, with Rykov."
    text_d = "Slepkov had been in contact, direct and indirect, with Rykov."
    c = _rec(3, text_c, *[_person(text_c, n, e) for n, e in people[:2]])
    d = _rec(4, text_d, *[_person(text_d, n, e) for n, e in people[:2]])
    assert [r.slot for r in compare(c, d, _index(c, d, filler=20)).of("conflict")] == ["polarity"]


def test_a_sentence_that_names_the_other_day_tells_both_days():
    text_a = "On 22 January Bronstein spoke of terror at his flat."
    text_b = "On 23 January Bronstein spoke of terror again, as on the 22nd."
    a = _rec(
        1, text_a, _time(text_a, "22 January", "1937-01-22"), _person(text_a, "Bronstein", "P-b")
    )
    b = _rec(
        2, text_b, _time(text_b, "23 January", "1937-01-23"), _person(text_b, "Bronstein", "P-b")
    )
    assert not compare(a, b, _index(a, b, filler=20)).of("conflict")
    text_c = "On 23 January Bronstein spoke of terror at his flat."
    c = _rec(
        3, text_c, _time(text_c, "23 January", "1937-01-23"), _person(text_c, "Bronstein", "P-b")
    )
    assert compare(a, c, _index(a, c, filler=20)).of("conflict")


def test_a_place_written_in_the_other_script_is_no_conflict():
    text_a = "Bei Kursk wurde der Zug festgehalten, während Berlin entschied."
    text_b = "Поезд задержали под Курском."
    berlin = text_a.index("Berlin")
    a = _rec(1, text_a, Slot("place", berlin, berlin + 6, "Berlin", "L-berlin"))
    kursk = text_b.index("Курском")
    b = _rec(2, text_b, Slot("place", kursk, kursk + 7, "Курском", "L-kursk"))
    assert _written_in(b.of("place")[0], a)
    assert not _written_in(a.of("place")[0], b)


def test_a_conflict_says_why_it_weighs_less():
    later = READ.replace("21 January", "27 January")
    a, b = _pair(ANNOUNCED, "1929-01-20", "20 January 1929", later, "1929-01-27", "27 January 1929")
    (reason,) = compare(a, b, _index(a, b, filler=20)).of("conflict")
    assert reason.weight < 1 and "7 days apart" in reason.notes


def test_a_sentence_that_says_the_same_supports():
    from adfontes.claims.views import _stance

    text_a = "Bronstein was the publisher and editorial director of the weekly paper."
    text_b = "Today Bronstein is the publisher and editorial director of our weekly paper."
    a = _rec(1, text_a, _person(text_a, "Bronstein", "P-b"))
    b = _rec(2, text_b, _person(text_b, "Bronstein", "P-b"))
    comp = compare(a, b, _index(a, b, filler=20))
    assert _stance(a, b, comp) == "supports"
    text_c = "Bronstein was never the publisher of the weekly paper."
    c = _rec(3, text_c, _person(text_c, "Bronstein", "P-b"))
    assert _stance(a, c, compare(a, c, _index(a, c, filler=20))) != "supports"


def test_a_denial_that_shares_only_the_names_is_a_weak_conflict():
    """A denial bears fully on a sentence that says the same otherwise; on one that only names
    the same people it is listed as a weak conflict, too weak to contradict."""
    from adfontes.claims.views import CONTRADICTS

    denial = "Slepkov stated that he had not been in contact with Rykov."
    other = (
        "Slepkov stated that Rykov gave him the platform to copy in the autumn, in the flat near "
        "the Arbat."
    )
    same = "Slepkov had been in contact with Rykov."
    people = ("Slepkov", "P-s"), ("Rykov", "P-r")

    def rec(i, text):
        return _rec(i, text, *[_person(text, n, e) for n, e in people])

    a, b, c = rec(1, denial), rec(2, other), rec(3, same)
    weak = compare(a, b, _index(a, b, filler=20)).of("conflict")
    assert [r.slot for r in weak] == ["polarity"] and weak[0].weight < CONTRADICTS
    full = compare(a, c, _index(a, c, filler=20)).of("conflict")
    assert [r.slot for r in full] == ["polarity"] and full[0].weight >= CONTRADICTS


def test_halt_placed_from_context_conflicts_with_a_halt_placed_in_its_sentence():
    """A halt whose place the passage gave earlier (via context) differs from a halt placed
    elsewhere by the other retelling, at less than full weight; and two carried places do not
    make a conflict."""
    here = "The train with Bronstein stood for twelve days on a siding."
    there = "The train with Bronstein stood for twelve days near Kursk."
    carried = Slot("place", -40, -30, "Voronezh", "L-voronezh", via="context")
    kursk = there.index("Kursk")
    a = _rec(1, here, _person(here, "Bronstein", "P-b"), carried)
    b = _rec(2, there, _person(there, "Bronstein", "P-b"),
             Slot("place", kursk, kursk + 5, "Kursk", "L-kursk"))  # fmt: skip
    index = _index(a, b, filler=30)
    comp = compare(a, b, index)
    place = [r for r in comp.of("conflict") if r.slot == "place"]
    assert place and place[0].here.surface == "Voronezh" and place[0].weight < 1
    assert "L-voronezh" not in a.entities
    c = _rec(3, here, _person(here, "Bronstein", "P-b"),
             Slot("place", -20, -10, "Kursk", "L-kursk", via="context"))  # fmt: skip
    assert not [r for r in compare(a, c, _index(a, c)).of("conflict") if r.slot == "place"]


def test_the_index_lists_the_claims_of_each_passage():
    """``check`` turns search hits (passages) into claims through this list, built once."""
    a, b = _rec(1, ANNOUNCED), _rec(2, DECIDED)
    index = _index(a, b, filler=2)
    assert index.by_passage[1] == [1] and index.by_passage[2] == [2]
    assert sorted(i for ids in index.by_passage.values() for i in ids) == [1, 2, 1000, 1001]
