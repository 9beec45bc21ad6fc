"""Reuse detection: candidates only from shared keys, and local alignment to the exact spans."""

from __future__ import annotations

import pytest

from adfontes.variants.reuse import Unit, candidates, detect, local_alignment
from adfontes.variants.tokens import tokenize

# Invented passages: a remark retold in three places, and passages that tell something else.
REMARK = "He said that the revolution had been betrayed by the men who now sat in the Kremlin"
UNITS = [
    Unit(1, "memoir", f"Years later, in exile, {REMARK}, and he never took it back.", "en"),
    Unit(2, "history", f"The author quotes him: “{REMARK}.” The quotation is undated.", "en"),
    Unit(3, "novel", "The train left the station at dawn and reached the border by noon.", "en"),
    Unit(4, "letter", "We planted potatoes in the garden behind the house this spring.", "en"),
    Unit(5, "report", "On 18 January 1929 Volynsky handed the decision to Bukharin in Moscow.",
         "en", features=frozenset({"#1929-01-18", "@P-volynsky", "@P-bukharin", "@L-moscow"})),
    Unit(6, "hu", "1929. január 18-án Volinszkij átadta a határozatot Buharinnak Moszkvában.",
         "hu", features=frozenset({"#1929-01-18", "@P-volynsky", "@P-bukharin", "@L-moscow"})),
]  # fmt: skip


def _by_ids(pairs):
    return {frozenset((p.a, p.b)): p for p in pairs}


def test_retold_remark_is_found_with_its_spans():
    pairs = _by_ids(detect(UNITS))
    pair = pairs[frozenset((1, 2))]
    a, b = UNITS[pair.a - 1], UNITS[pair.b - 1]
    assert a.text[slice(*pair.a_span)].startswith("He said that the revolution")
    assert b.text[slice(*pair.b_span)].startswith("He said that the revolution")
    assert b.text[slice(*pair.b_span)].endswith("Kremlin")
    assert pair.kind in ("verbatim", "fragment") and pair.matched >= 15


def test_translation_found_by_shared_entities_and_dates():
    pair = _by_ids(detect(UNITS))[frozenset((5, 6))]
    assert pair.kind == "translation"
    assert "#1929-01-18" in pair.shared


@pytest.mark.parametrize("other", [3, 4])
def test_unrelated_passages_are_not_paired(other):
    pairs = _by_ids(detect(UNITS))
    assert not any(other in ids for ids in pairs)


def test_no_candidate_without_a_shared_key():
    found = candidates(UNITS)
    assert (2, 3) not in found and (3, 4) not in found
    assert "fragment" in found[(0, 1)]


def test_a_key_shared_by_too_many_units_proposes_nothing():
    many = [Unit(i, f"s{i}", "the same common words here and there", "en") for i in range(30)]
    assert candidates(many, max_df=5) == {}


def test_local_alignment_finds_the_dense_region():
    a = tokenize("noise noise noise the old man said we shall return in spring more noise")
    b = tokenize("unrelated start; the old man said we shall return in spring; unrelated end")
    matched, ra, _ = local_alignment(a, b)
    assert matched >= 9
    assert [t.n for t in a[ra[0] : ra[1]]][:3] == ["the", "old", "man"]


def test_embedding_neighbours_count_across_languages_only_with_evidence():
    ru = Unit("ru", "diary", "Папа сказал: «Теперь вся планета без визы». Мы молчали.", "ru")
    hu = Unit("hu", "paper", "Így szólt: „Az egész bolygó vízum nélkül maradt.” Csend lett.", "hu")
    plain = Unit("en", "notes", "The weather was fine and the ship was late again.", "en")
    assert detect([ru, hu]) == []
    pairs = detect([ru, hu, plain], neighbours=[(0, 1), (0, 2)])
    assert [(p.a, p.b, p.kind) for p in pairs] == [("ru", "hu", "translation")]
    assert ru.text[slice(*pairs[0].a_span)] == "Теперь вся планета без визы"


def test_a_day_written_without_its_year_meets_the_same_day_with_it():
    """'december 16-án' read without a year (#XXXX-12-16) and '16 December 1928' are one day;
    the next day is not."""
    a = Unit(
        "a",
        "intro",
        "December 16-án a követ ultimátumot hozott a száműzöttnek.",
        "hu",
        features=frozenset({"#XXXX-12-16", "@P-envoy"}),
    )
    b = Unit(
        "b",
        "retelling",
        "The envoy delivered his message on 16 December 1928, it seems.",
        "en",
        features=frozenset({"#1928-12-16", "@P-envoy"}),
    )
    c = Unit("c", "other", "The envoy left for the capital by train on 17 December 1928.", "en",
             features=frozenset({"#1928-12-17", "@P-envoy"}))  # fmt: skip
    pairs = _by_ids(detect([a, b, c]))
    assert pairs[frozenset(("a", "b"))].kind == "translation"
    assert frozenset(("a", "c")) not in pairs


def test_one_quoted_phrase_in_other_words_pairs_its_quotations():
    """'restoration of capitalism' and 'to restore capitalism', each in quotation marks, quote
    one phrase; an unquoted mention of capitalism does not."""
    a = Unit(
        "a", "article", 'Were they really charged with the "restoration of capitalism" then?', "en"
    )
    b = Unit(
        "b", "hearing", "During the trial they confessed a desire “to restore capitalism.”", "en"
    )
    c = Unit("c", "essay", "Capitalism was restored in the region only much later, in 1991.",
             "en")  # fmt: skip
    pairs = _by_ids(detect([a, b, c]))
    assert frozenset(("a", "b")) in pairs
    assert not {frozenset(("a", "c")), frozenset(("b", "c"))} & set(pairs)


def test_sentences_of_one_passage_are_not_paired_with_each_other():
    text = "He said that the revolution had been betrayed by the men who now sat in the Kremlin"
    a = Unit(("p", 0), "book", text + ".", "en", group="p")
    b = Unit(("p", 90), "book", text + ", he repeated.", "en", offset=90, group="p")
    c = Unit(("q", 0), "memoir", "Later: " + text + ".", "en", group="q")
    pairs = _by_ids(detect([a, b, c]))
    assert frozenset((("p", 0), ("p", 90))) not in pairs
    assert frozenset((("p", 0), ("q", 0))) in pairs


# A remark and its retelling in another language that share one entity only, and a sentence
# in another language that shares a date with it and tells something else.
WEAK = [
    Unit("en", "memoir", "In Moscow the old guard was said never to forgive the peasants.", "en",
         features=frozenset({"@L-moscow"})),
    Unit("de", "paper", "In Moskau hieß es, die alte Garde vergebe den Bauern nie.", "de",
         features=frozenset({"@L-moscow"})),
]  # fmt: skip
DATED = [
    Unit("en", "report", "On 18 January 1929 Volynsky handed the decision over.", "en",
         features=frozenset({"#1929-01-18", "@P-volynsky"})),
    Unit("hu", "paper", "1929. január 18-án Volinszkij a vonaton utazott.", "hu",
         features=frozenset({"#1929-01-18", "@P-volynsky"})),
]  # fmt: skip


def _similar(value):
    asked = []

    def similar(pairs):
        asked.extend(pairs)
        return {p: value for p in pairs}

    return similar, asked


def test_a_weak_pair_in_two_languages_is_kept_only_when_its_sentence_vectors_are_near():
    assert detect(WEAK) == []
    similar, asked = _similar(0.95)
    pairs = detect(WEAK, similar=similar)
    assert asked == [(0, 1)]
    assert [(p.a, p.b, p.kind, p.via) for p in pairs] == [("en", "de", "translation", ("weak",))]
    far, _ = _similar(0.70)
    assert detect(WEAK, similar=far) == []


def test_a_pair_found_by_shared_dates_only_is_dropped_when_its_vectors_are_far():
    assert [p.kind for p in detect(DATED)] == ["translation"]
    near, _ = _similar(0.85)
    assert [p.kind for p in detect(DATED, similar=near)] == ["translation"]
    far, asked = _similar(0.70)
    assert detect(DATED, similar=far) == []
    assert asked == [(0, 1)]


def test_verbatim_pairs_are_not_checked_by_vectors():
    similar, asked = _similar(0.0)
    assert frozenset((1, 2)) in _by_ids(detect(UNITS, similar=similar))
    assert (0, 1) not in asked
