"""What ``conflicts`` lists: one row per pair of passages, and no pair that tells two events."""

from __future__ import annotations

from adfontes.claims import views
from adfontes.claims.compare import compare, printed
from adfontes.claims.index import ClaimIndex, make_rec
from adfontes.claims.model import Slot

from .test_compare import _index, _person, _rec, _time
from .test_date_slips import SENT


def test_a_date_before_a_page_reference_is_an_issue_date():
    issue = "The statement of Bronstein to the court of May 4 was printed in Izvestiia May 5, 1936, page 2."
    spoken = "Bronstein made his statement to the court on May 4, 1936."
    a = _rec(1, issue, _time(issue, "May 5, 1936", "1936-05-05"),
             _person(issue, "Bronstein", "P-b"))  # fmt: skip
    b = _rec(2, spoken, _time(spoken, "May 4, 1936", "1936-05-04"),
             _person(spoken, "Bronstein", "P-b"))  # fmt: skip
    assert printed(a, a.times()[0]) and not printed(b, b.times()[0])
    assert not compare(a, b, _index(a, b, filler=20)).of("conflict")


def _claim(i: int, passage: int, text: str, *slots: Slot):
    rec = _rec(i, text, *slots)
    return make_rec(id=i, source_id=f"s{passage}", file_id=f"f{passage}", passage_id=passage,
                    p_seq=0, start=0, end=len(text), text=text, lang="en",
                    polarity=rec.polarity, slots=rec.slots)  # fmt: skip


def _filled(*recs) -> ClaimIndex:
    index = _index(*recs, filler=40)
    return ClaimIndex(index.recs, {})


AGENT_A = "Serebriakov informed me about the plans of the group."
AGENT_B = "Later Muralov announced the new instructions."


def test_two_agents_of_a_common_kind_of_event_in_unrelated_passages_are_no_conflict():
    a = _claim(1, 1, AGENT_A, _person(AGENT_A, "Serebriakov", "P-s"))
    b = _claim(2, 2, AGENT_B, _person(AGENT_B, "Muralov", "P-m"))
    assert [r.slot for r in compare(a, b, _filled(a, b)).of("conflict")] == ["person"]
    assert views.find_conflicts(_filled(a, b)) == []


def test_two_agents_in_passages_about_one_affair_conflict():
    a = _claim(1, 1, AGENT_A, _person(AGENT_A, "Serebriakov", "P-s"))
    b = _claim(2, 2, AGENT_B, _person(AGENT_B, "Muralov", "P-m"))
    near_a, near_b = "The group met in Novosibirsk.", "The meeting in Novosibirsk was short."
    c = _claim(3, 1, near_a, Slot("place", 18, 29, "Novosibirsk", "L-n"))
    d = _claim(4, 2, near_b, Slot("place", 15, 26, "Novosibirsk", "L-n"))
    found = views.find_conflicts(_filled(a, b, c, d))
    assert [(t[1], {t[2].id, t[3].id}) for t in found] == [("person", {1, 2})]


def test_two_passages_are_listed_once_with_their_strongest_difference():
    one = [SENT.format(20), "Bronstein was told of the resolution on 17 March 1929."]
    two = [SENT.format(21), "Bronstein was told of the resolution on 18 March 1929."]
    recs = []
    for passage, texts in ((1, one), (2, two)):
        for text in texts:
            day = text.rsplit(" on ", 1)[1].rstrip(".")
            iso = "1929-01-" if "January" in day else "1929-03-"
            recs.append(_claim(len(recs) + 1, passage, text,
                               _time(text, day, iso + day.split()[0].zfill(2)),
                               _person(text, "Bronstein", "P-b")))  # fmt: skip
    index = _filled(*recs)
    assert len(compare(recs[0], recs[2], index).of("conflict")) == 1
    assert len(compare(recs[1], recs[3], index).of("conflict")) == 1
    found = views.find_conflicts(index)
    assert len(found) == 1 and {found[0][2].passage_id, found[0][3].passage_id} == {1, 2}
