"""Claims read from strings: speakers, quotes, polarity, hedges and slots, with offsets."""

from __future__ import annotations

import pytest

from adfontes.claims.extract import claims_in, text_slots

CASES = [
    # (lang, text, expected: polarity, modality, speaker, slot kinds that must be present)
    ("en", "According to Kamenev, Trotsky reached Alma-Ata on 25 January 1928.",
     "positive", "reported", "Kamenev", {"person", "place", "time", "concept"}),
    ("en", "Trotsky did not arrive in Odessa on 10 February 1929.",
     "negative", "asserted", None, {"person", "time"}),
    ("en", "The train was allegedly held for twelve days near Kursk in February 1929.",
     "positive", "hedged", None, {"quantity", "time", "concept"}),
    ("hu", "Kovács szerint Trockij 1929. február 12-én érkezett Konstantinápolyba.",
     "positive", "reported", "Kovács", {"person", "time", "concept"}),
    ("ru", "По словам Буланова, поезд стоял двенадцать дней под Курском.",
     "positive", "reported", "Буланова", {"quantity", "concept"}),
    ("de", "Trotzki kam nicht am 12. Februar 1929 in Konstantinopel an.",
     "negative", "asserted", None, {"time"}),
    ("fr", "Selon Herriot, Trotski n'est pas arrivé à Constantinople le 12 février 1929.",
     "negative", "reported", "Herriot", {"time", "concept"}),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "polarity", "modality", "speaker", "kinds"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])  # fmt: skip
def test_claim(lang, text, polarity, modality, speaker, kinds):
    found = claims_in(text, lang, text_slots(text, lang))
    assert len(found) == 1
    claim = found[0]
    assert (claim.polarity, claim.modality) == (polarity, modality)
    assert (claim.speaker.surface if claim.speaker else None) == speaker
    assert kinds <= {s.kind for s in claim.slots}
    for s in claim.slots:
        assert text[s.start : s.end] == s.surface


def test_denial_inside_a_quotation_is_not_the_claims_polarity():
    text = "Bukharin testified on 5 March 1938: “I did not meet Trotsky in Berlin.”"
    (claim,) = claims_in(text, "en", text_slots(text, "en"))
    assert claim.polarity == "positive"
    assert [q.surface for q in claim.of("quote")] == ["I did not meet Trotsky in Berlin."]


def test_miles_become_km_and_keep_their_surface():
    text = "Frunze lies about 200 miles from Alma-Ata."
    (claim,) = claims_in(text, "en", text_slots(text, "en"))
    (q,) = claim.of("quantity")
    assert (q.surface, q.unit, q.approx) == ("about 200 miles", "km", True)
    assert round(q.number) == 322


def test_a_sentence_with_nothing_checkable_is_no_claim():
    text = "It was a cold and windy evening."
    assert claims_in(text, "en", text_slots(text, "en")) == []


def test_hungarian_area_phrase_is_a_place_and_places_a_later_halt():
    """ "a Voronyezsi megyében" names the place (base form); a later sentence of the passage
    that tells a halt and names no place where is placed there, marked as context."""
    text = ("Trockij csak a Voronyezsi megyében tudta meg, hogy Konstantinápolyba viszik. "
            "Közben a vonat Trockijjal tíz napig mozdulatlanul állt az erdőben.")  # fmt: skip
    found = claims_in(text, "hu", text_slots(text, "hu"))
    first = [s for s in found[0].slots if s.kind == "place" and s.via == "sentence"]
    assert any(s.surface == "Voronyezsi" and s.value == "Voronyezs" for s in first)
    halt = next(c for c in found if "állt" in c.text)
    carried = [s for s in halt.slots if s.kind == "place" and s.via == "context"]
    assert [s.value for s in carried] == ["Voronyezs"]
