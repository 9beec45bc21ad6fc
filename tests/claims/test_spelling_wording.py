"""A surname written two ways, and a quotation rendered two ways, listed as conflicts."""

from __future__ import annotations

from adfontes.claims.index import ClaimIndex, make_rec
from adfontes.claims.spelling import name_parts, one_letter_apart, spelling_conflicts
from adfontes.claims.wording import differing, wording_conflicts

from .test_compare import _person, _rec


def _claim(i: int, passage: int, text: str, *slots, source: str | None = None):
    rec = _rec(i, text, *slots)
    return make_rec(id=i, source_id=source or f"s{passage}", file_id=f"f{passage}",
                    passage_id=passage, p_seq=passage, start=0, end=len(text), text=text,
                    lang="en", polarity=rec.polarity, slots=rec.slots)  # fmt: skip


def test_name_parts_need_two_given_names():
    assert name_parts("Lev B. Kamenev") == (("L", "B"), "Kamenev")
    assert name_parts("L. B. Kamenev's") == (("L", "B"), "Kamenev")
    assert name_parts("Kamenev") is None and name_parts("L. Kamenev") is None


def test_surnames_one_letter_apart():
    assert one_letter_apart("Kamenev", "Kamenew")
    assert one_letter_apart("Каменев", "Kamenew")  # read in its Latin spellings
    assert not one_letter_apart("Kamenev", "Kameneva")  # another length: an ending
    assert not one_letter_apart("Rykov", "Rykov")
    assert not one_letter_apart("Ezhov", "Ezhev"[:4])


A = "L. B. Kamenev spoke at the plenum for an hour."
B = "In his memoir, Lev B. Kamenew recalled the plenum."
C = "L. B. Kamenev answered the charges."


def test_one_person_spelt_two_ways_is_a_person_conflict():
    a = _claim(1, 1, A, _person(A, "L. B. Kamenev", "P-kamenev"))
    b = _claim(2, 50, B, _person(B, "Lev B. Kamenew", "P-kamenew"))
    c = _claim(3, 60, C, _person(C, "L. B. Kamenev", "P-kamenev"))
    index = ClaimIndex({r.id: r for r in (a, b, c)}, {})
    (found,) = spelling_conflicts(index)
    assert found[1] == "person" and {found[2].id, found[3].id} == {1, 2}
    assert found[4].of("conflict")[0].text.startswith("person (spelling): L. B. Kamenev here vs")


def test_other_initials_are_other_people():
    b_text = "In his memoir, Lev S. Kamenew recalled the plenum."
    a = _claim(1, 1, A, _person(A, "L. B. Kamenev", "P-kamenev"))
    b = _claim(2, 50, b_text, _person(b_text, "Lev S. Kamenew", "P-kamenew"))
    assert spelling_conflicts(ClaimIndex({1: a, 2: b}, {})) == []


QUOTED = ('The resolution read: "The congress instructs the central committee to publish the '
          'full minutes of the session without delay."')  # fmt: skip
REQUOTED = ('It said: "The congress instructs the central committee to print the full minutes '
            'of the session without delay."')  # fmt: skip
RETOLD = "The congress asked that the minutes of the session be printed soon by the committee."


def _told(*recs) -> ClaimIndex:
    return ClaimIndex({r.id: r for r in recs}, {}, stories={r.passage_id: frozenset({"S-1"})
                                                             for r in recs})  # fmt: skip


def test_two_renderings_of_one_quotation_are_a_wording_conflict():
    a, b = _claim(1, 1, QUOTED), _claim(2, 2, REQUOTED)
    x, y, share = differing(a, b)
    assert (x.surface, y.surface) == ("to publish the", "to print the") and share > 0.8
    (found,) = wording_conflicts(_told(a, b))
    assert found[1] == "wording"
    assert found[4].of("conflict")[0].text == (
        "wording: “to publish the” here vs “to print the” in s2"
    )


def test_retold_narration_and_other_stories_are_no_wording_conflict():
    a, c = _claim(1, 1, QUOTED), _claim(3, 3, RETOLD)
    assert wording_conflicts(_told(a, c)) == []  # a retelling in other words
    a, b = _claim(1, 1, QUOTED), _claim(2, 2, REQUOTED)
    assert wording_conflicts(ClaimIndex({1: a, 2: b}, {})) == []  # not tellings of one story
