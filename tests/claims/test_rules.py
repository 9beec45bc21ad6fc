"""Claim cue rule files: every case row, every rule covered by a row, every file well formed."""

from __future__ import annotations

import pytest

from adfontes import rules
from adfontes.claims import cues
from adfontes.claims.addressee import read
from tests.conftest import rule_case_coverage

PACKAGE = cues.PACKAGE
LANGS = rules.names(PACKAGE)
CASES = [(lang, case) for lang in LANGS for case in rules.cases(PACKAGE, lang)]
KINDS = {"speaker": ("speaker", "cue"), "concept": ("concept",)}


def _value(slot) -> str:
    if slot.kind == "quantity":
        return f"{round(float(slot.value), 1):g} {slot.unit}" + (" ~" if slot.approx else "")
    return slot.value if slot.kind in ("concept", "place") else "-"


@pytest.mark.parametrize(("lang", "case"), CASES, ids=[c.ref for _, c in CASES])
def test_case(lang, case):
    row = case.row
    text = row["text"]
    if row["kind"] in cues.ADDRESS_KINDS:
        found = read(text, lang, row["kind"])
    else:
        found = [
            s for s in cues.find(text, lang) if s.kind in KINDS.get(row["kind"], (row["kind"],))
        ]
    if row["surface"] == "NONE":
        assert found == [], case.ref
        return
    assert found, case.ref
    first = found[0]
    assert first.surface == row["surface"]
    assert first.start == text.index(row["surface"])
    assert text[first.start : first.end] == row["surface"]
    assert _value(first) == row["value"]
    assert (first.rule or "-") == row["rule"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_has_a_case_and_every_case_a_rule(lang):
    untested, unknown = rule_case_coverage(PACKAGE, lang)
    assert untested == set(), f"rules with no case in {lang}.cases.tsv"
    assert unknown == set(), f"cases naming no rule in {lang}.yaml"


@pytest.mark.parametrize("lang", LANGS)
def test_shape(lang):
    data = rules.load(PACKAGE, lang)
    assert rules.check(PACKAGE, lang, data) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_names_the_same_concepts(lang):
    """Concepts meet across languages by key, so every file lists the same keys."""
    reference = set(rules.load(PACKAGE, "en")["concepts"])
    assert set(rules.load(PACKAGE, lang)["concepts"]) == reference


def test_the_five_corpus_languages_have_cues():
    assert {"en", "hu", "ru", "fr", "de"} <= set(LANGS)


QUOTES = [
    ("Он написал: «Мы вернёмся».", "Мы вернёмся", "quote.guillemets"),
    ("Azt írta: „Visszatérünk”.", "Visszatérünk", "quote.low_high"),
    ("Er schrieb: „Wir kommen wieder“.", "Wir kommen wieder", "quote.low_high"),
    ("Er schrieb: »Wir kommen wieder«.", "Wir kommen wieder", "quote.reversed_guillemets"),
    ("He wrote: “We shall return.”", "We shall return.", "quote.curly"),
    ("He wrote: ‘We shall return’.", "We shall return", "quote.single_curly"),
    ('He wrote: "We shall return."', "We shall return.", "quote.straight"),
    ("He wrote: 'We shall return' and left.", "We shall return", "quote.straight_single"),
]


@pytest.mark.parametrize(
    ("text", "inside", "rule"), QUOTES, ids=[q[2] + str(i) for i, q in enumerate(QUOTES)]
)
def test_quote_styles(text, inside, rule):
    found = cues.quotes(text)
    assert [(q.surface, q.rule) for q in found] == [(inside, rule)]
    assert text[found[0].start : found[0].end] == inside


def test_apostrophes_are_not_quotes():
    assert cues.quotes("Trotsky's train and the guards' orders weren't late.") == []
