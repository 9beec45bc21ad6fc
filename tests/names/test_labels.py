"""An entity's label: the form a reader of the corpus's main language expects."""

from __future__ import annotations

from adfontes.names import find
from adfontes.names.cluster import cluster


def _labels(*texts: tuple[str, str]) -> set[str]:
    mentions = [m for text, lang in texts for m in find(text, lang)]
    return {e.label for e in cluster(mentions)}


def test_a_name_written_in_full_only_in_another_language_is_labelled_by_its_english_surname():
    labels = _labels(
        ("Lenin wrote the letter. Later Lenin fell ill, and Lenin's notes were kept.", "en"),
        ("Tegnap Vlagyimir Lenin levelet írt.", "hu"),
    )
    assert "Lenin" in labels and "Vlagyimir Lenin" not in labels


def test_an_english_full_name_is_the_label():
    labels = _labels(
        ("Then Leon Trotsky wrote the letter. Trotsky sent it on.", "en"),
        ("Tegnap Lev Trockij levelet írt.", "hu"),
    )
    assert "Leon Trotsky" in labels


def test_a_name_told_only_in_hungarian_keeps_its_full_hungarian_form():
    labels = _labels(
        ("Tegnap Vlagyimir Lenin levelet írt. Akkor Lenin beteg volt.", "hu"),
    )
    assert "Vlagyimir Lenin" in labels
