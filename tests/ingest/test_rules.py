"""The layout and document cues of every language, row by row, and the shape of each file."""

import pytest

from adfontes import rules
from adfontes.ingest import cues
from adfontes.ingest.cues import RULES

LANGS = [n for n in rules.names(RULES) if n != "common"]
CASES = [c for lang in LANGS for c in rules.cases(RULES, lang)]
COMMON = rules.cases(RULES, "common")


@pytest.mark.parametrize("name", rules.names(RULES))
def test_rule_file_is_valid(name):
    assert rules.load(RULES, name)


@pytest.mark.parametrize("name", LANGS)
def test_every_language_has_cases(name):
    assert rules.cases(RULES, name)


def _roles(text: str) -> dict[str, str | None]:
    return {
        "genre": cues.genre_of(text),
        "section": cues.section_kind(text),
        "closing": cues.is_closing(text) or None,
        "salutation": cues.is_salutation(text) or None,
        "addressee": cues.names_addressee(text) or None,
        "noise": cues.is_noise(text) or None,
    }


@pytest.mark.parametrize("case", CASES, ids=[c.ref for c in CASES])
def test_cue(case):
    roles = _roles(case.row["text"])
    role, value = case.row["role"], case.row["value"]
    if role == "none":
        assert not any(roles.values()), roles
    elif value:
        assert roles[role] == value
    else:
        assert roles[role], roles


@pytest.mark.parametrize("case", COMMON, ids=[c.ref for c in COMMON])
def test_common_pattern(case):
    pattern = cues.cues().patterns[case.row["rule"]]
    found = bool(pattern.search(case.row["text"]))
    assert found == (case.row["matches"] == "yes")


def test_every_common_pattern_has_cases():
    tested = {c.row["rule"] for c in COMMON}
    assert tested == set(cues.cues().patterns)
