"""Every row of every names ``*.cases.tsv``, rule coverage, and the shape of the rule files."""

from __future__ import annotations

import pytest

from adfontes import rules
from adfontes.names import find, keys
from adfontes.names.find import languages
from adfontes.names.gazetteer import default_gazetteer

PACKAGE = "adfontes.names.rules"
LANGS = languages()


def _ids(data: dict) -> set[str]:
    return {
        r["id"]
        for key in ("patterns", "negatives", "suffixes", "adjectives")
        for r in data.get(key) or []
    }


ALL_IDS = set().union(*(_ids(rules.load(PACKAGE, lang)) for lang in LANGS))
MENTION_CASES = [(lang, case) for lang in LANGS for case in rules.cases(PACKAGE, lang)]


@pytest.mark.parametrize(("lang", "case"), MENTION_CASES, ids=[c.ref for _, c in MENTION_CASES])
def test_mention_case(lang, case):
    row = case.row
    text = row["text"]
    found = find(text, lang)
    if row["surface"] == "NONE":
        assert not [m for m in found if row["base"] in m.surface], [m.surface for m in found]
        return
    hits = [m for m in found if m.surface == row["surface"]]
    assert hits, f"{row['surface']!r} not found; found {[m.surface for m in found]}"
    m = hits[0]
    assert m.start == text.index(row["surface"])
    assert text[m.start : m.end] == m.surface
    assert m.base == row["base"]
    if row["kind"] != "-":
        assert m.kind == row["kind"]
    assert m.rule == row["rule"]
    if row["base_rule"] != "-":
        assert m.base_rule == row["base_rule"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_has_a_case_and_every_case_a_rule(lang):
    data = rules.load(PACKAGE, lang)
    fired = set()
    for other in LANGS:
        for case in rules.cases(PACKAGE, other):
            fired |= {case.row["rule"], case.row["base_rule"]} - {"-"}
    untested = sorted(_ids(data) - fired)
    assert not untested, f"names/rules/{lang}.yaml: no case for {', '.join(untested)}"
    for case in rules.cases(PACKAGE, lang):
        for column in ("rule", "base_rule"):
            rid = case.row[column]
            assert rid == "-" or rid in ALL_IDS, f"{case.ref}: unknown rule id {rid!r}"


@pytest.mark.parametrize("name", rules.names(PACKAGE))
def test_rule_file_shape(name):
    data = rules.load(PACKAGE, name)  # validates against schema.yaml, ids, duplicate forms
    assert rules.check(PACKAGE, name, data) == []


KEY_CASES = rules.cases(PACKAGE, "keys")


@pytest.mark.parametrize("case", KEY_CASES, ids=[c.ref for c in KEY_CASES])
def test_key_case(case):
    row = case.row
    a = keys.skeletons(row["a"], row["lang_a"])
    b = keys.skeletons(row["b"], row["lang_b"])
    assert bool(a & b) == (row["same"] == "yes"), (sorted(a), sorted(b))


GAZETTEER_CASES = rules.cases(PACKAGE, "gazetteer")


@pytest.mark.parametrize("case", GAZETTEER_CASES, ids=[c.ref for c in GAZETTEER_CASES])
def test_gazetteer_case(case):
    row = case.row
    entry = default_gazetteer().lookup(row["text"], row["lang"])
    assert (entry.id if entry else "NONE") == row["entity"]


@pytest.mark.parametrize(
    ("word", "code"),
    [("moskowitz", "645740"), ("peters", "739400"), ("auerbach", "097500"), ("ohrbach", "097500")],
)
def test_daitch_mokotoff_published_examples(word, code):
    # Codes from the published description of the system (primary branch).
    assert keys.daitch_mokotoff(word) == code
