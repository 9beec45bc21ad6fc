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
