"""Mention finding details that no rule table shows."""

from __future__ import annotations


def test_whole_source_and_passage_counts_read_as_their_sum():
    from collections import Counter

    from adfontes.names.find import _Counts

    a, b = Counter({"Trotsky": 3, "Moscow": 1}), Counter({"Trotsky": 1, "Alma-Ata": 2})
    both, summed = _Counts(a, b), a + b
    for word in ("Trotsky", "Moscow", "Alma-Ata", "Paris"):
        assert both[word] == summed[word]
        assert (word in both) == (word in summed)
    assert both.keys() == summed.keys()


def test_place_adjective_keeps_its_surface_and_offsets():
    from adfontes.names import find

    text = "Reggel a kurszki régióban, este a párizsi lapokban."
    places = [m for m in find(text, "hu") if m.rule == "hu.place_adjective"]
    assert [(m.surface, m.base) for m in places] == [("kurszki", "Kurszk"), ("párizsi", "Párizs")]
    for m in places:
        assert text[m.start : m.end] == m.surface
    assert places[1].entity_hint is not None  # Párizs is in the gazetteer


def test_place_adjective_from_a_word_the_text_writes_in_lower_case_is_no_place():
    from adfontes.names import find

    # "a Gyárban" with a capital does not make "gyári" a place: the text also writes "gyár"
    # as a common word
    text = "Este a Gyárban gyűltek össze. A gyár udvarán a gyári munkások álltak."
    assert not [m for m in find(text, "hu") if m.rule == "hu.place_adjective"]


def test_place_adjective_of_a_person_named_in_the_text_is_no_place():
    from adfontes.names import find

    text = "Rakovszkij elvtárs írt. A rakovszkiji utca nevét senki sem ismerte."
    assert not [m for m in find(text, "hu") if m.rule == "hu.place_adjective"]


def test_place_adjective_known_from_the_users_authority():
    from adfontes.names import find
    from adfontes.names.gazetteer import Entry, with_entries

    gaz = with_entries([Entry("L-verkhneuralsk", "Verkhneuralsk", "place", ("Verhneuralszk",))])
    text = "A verhneuralszki foglyok levelet írtak."
    assert not [m for m in find(text, "hu") if m.rule == "hu.place_adjective"]
    found = [m for m in find(text, "hu", gazetteer=gaz) if m.rule == "hu.place_adjective"]
    assert [(m.base, m.entity_hint) for m in found] == [("Verhneuralszk", "L-verkhneuralsk")]


def test_a_place_noun_after_a_name_under_its_case_ending_makes_it_a_place():
    from adfontes.names import find

    text = "A szerelvény napokig a Tambov régióban vesztegelt, aztán a Kijevszkij pályaudvarra ért."
    kinds = {m.surface: m.kind for m in find(text, "hu")}
    assert kinds["Tambov"] == "place"
    assert kinds["Kijevszkij"] == "place"  # not a man for its -szkij
