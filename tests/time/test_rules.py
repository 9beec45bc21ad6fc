"""Every rule file's case table, rule coverage and shape (time/rules/*.yaml + *.cases.tsv)."""

from __future__ import annotations

import pytest
import yaml

from adfontes import rules
from adfontes.time import find
from adfontes.time.rulepack import COMMON, PACKAGE, languages
from tests.conftest import rule_case_coverage

FILES = rules.names(PACKAGE)
CASES = [(name, case) for name in FILES for case in rules.cases(PACKAGE, name)]


def _lang(name: str, row: dict) -> str:
    return row["lang"] if name == COMMON else name


def _opt(value: str) -> str | None:
    return None if value in ("", "-") else value


@pytest.mark.parametrize(("name", "case"), CASES, ids=[c.ref for _, c in CASES])
def test_case(name, case):
    row = case.row
    text = row["text"]
    found = find(text, _lang(name, row), anchor=_opt(row["anchor"]))
    if row["surface"] == "NONE":
        assert found == [], f"{case.ref}: expected nothing, found {found}"
        return
    hits = [e for e in found if e.surface == row["surface"]]
    assert hits, f"{case.ref}: {row['surface']!r} not found in {[e.surface for e in found]}"
    e = hits[0]
    assert e.start == text.index(row["surface"]) and text[e.start : e.end] == e.surface
    assert (e.value, e.precision, e.rule) == (row["value"], _opt(row["precision"]), row["rule"])


@pytest.mark.parametrize("name", FILES)
def test_every_rule_has_a_case_and_every_case_a_rule(name):
    untested, unknown = rule_case_coverage(PACKAGE, name)
    assert untested == set(), f"time/rules/{name}.yaml: rules with no case"
    assert unknown == set(), f"time/rules/{name}.cases.tsv: cases naming no rule"


@pytest.mark.parametrize("name", FILES)
def test_shape(name):
    data = rules.load(PACKAGE, name)
    assert rules.check(PACKAGE, name, data) == []
    assert data["lang"] == name


def test_languages_are_the_files():
    assert set(languages()) == set(FILES) - {COMMON}


def test_check_names_the_place_of_an_unknown_key():
    data = yaml.safe_load("lang: en\nversion: 1\npatterns: [{id: en.x, match: '{year}', kind: 1}]")
    problems = rules.check(PACKAGE, "en", data)
    assert problems and problems[0].startswith("patterns[0]")


@pytest.mark.parametrize("name", FILES)
def test_no_form_means_two_things(name):
    """A form in two entries of one list (May as month 5 and 6) would be read as either."""
    data = rules.load(PACKAGE, name)
    for list_name, entries in (data.get("lists") or {}).items():
        seen: dict[str, object] = {}
        for entry in entries:
            for form in entry["forms"]:
                key = " ".join(form.casefold().split())
                assert seen.setdefault(key, entry["value"]) == entry["value"], (
                    f"time/rules/{name}.yaml: lists.{list_name}: {form!r} is in two entries"
                )
