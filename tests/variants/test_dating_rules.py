"""Rule files of the words that date a document: every case row, every rule covered by a row,
every file well formed."""

from __future__ import annotations

import pytest

from adfontes import rules
from adfontes.variants.slots import DATING, dates_document
from tests.conftest import rule_case_coverage

LANGS = rules.names(DATING)
CASES = [(lang, case) for lang in LANGS for case in rules.cases(DATING, lang)]


@pytest.mark.parametrize(("lang", "case"), CASES, ids=[c.ref for _, c in CASES])
def test_case(lang, case):
    row = case.row
    start = row["text"].index(row["date"])
    found = dates_document(row["text"], start, start + len(row["date"]), lang)
    assert found == (None if row["rule"] == "-" else row["rule"]), case.ref


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_has_a_case_and_every_case_a_rule(lang):
    untested, unknown = rule_case_coverage(DATING, lang)
    assert untested == set(), f"rules with no case in {lang}.cases.tsv"
    assert unknown == set(), f"cases naming no rule in {lang}.yaml"


@pytest.mark.parametrize("lang", LANGS)
def test_shape(lang):
    data = rules.load(DATING, lang)
    assert rules.check(DATING, lang, data) == []


def test_a_language_with_no_rules_finds_nothing():
    assert dates_document("a letter dated 1 May 1900", 15, 25, "xx") is None
