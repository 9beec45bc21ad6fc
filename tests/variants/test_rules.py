"""Audience rule files: every case row, every rule covered by a row, every file well formed."""

from __future__ import annotations

import pytest

from adfontes import rules
from adfontes.variants.slots import PACKAGE, audience
from tests.conftest import rule_case_coverage

LANGS = rules.names(PACKAGE)
CASES = [(lang, case) for lang in LANGS for case in rules.cases(PACKAGE, lang)]


@pytest.mark.parametrize(("lang", "case"), CASES, ids=[c.ref for _, c in CASES])
def test_case(lang, case):
    row = case.row
    found = audience(row["text"], lang)
    if row["surface"] == "NONE":
        assert found == [], case.ref
        return
    assert found, case.ref
    first = found[0]
    assert first.text == row["surface"]
    assert first.start == row["text"].index(row["surface"])
    assert row["text"][first.start : first.end] == row["surface"]
    assert first.rule == row["rule"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_has_a_case_and_every_case_a_rule(lang):
    untested, unknown = rule_case_coverage(PACKAGE, lang)
    assert untested == set(), f"rules with no case in {lang}.cases.tsv"
    assert unknown == set(), f"cases naming no rule in {lang}.yaml"


@pytest.mark.parametrize("lang", LANGS)
def test_shape(lang):
    data = rules.load(PACKAGE, lang)
    assert rules.check(PACKAGE, lang, data) == []
