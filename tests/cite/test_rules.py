"""Every row of every citation ``X.cases.tsv``, rule coverage, and the shape of the rule files."""

from __future__ import annotations

import pytest

from adfontes import rules
from adfontes.cite import find
from adfontes.cite.patterns import PACKAGE, compiled, families

CASES = [(family, case) for family in families() for case in rules.cases(PACKAGE, family)]


def _fields(cell: str) -> dict[str, str]:
    if cell in ("", "-"):
        return {}
    pairs = (item.split("=", 1) for item in cell.split("; "))
    return {k.strip(): v.strip() for k, v in pairs}


@pytest.mark.parametrize(("family", "case"), CASES, ids=[c.ref for _, c in CASES])
def test_case(family: str, case: rules.Case) -> None:
    row = case.row
    text = row["text"]
    found = find(text, lang=row.get("lang") or None)
    if row["surface"] == "NONE":
        assert not found, found
        return
    hits = [c for c in found if c.raw == row["surface"]]
    assert hits, f"{row['surface']!r} not found; got {[(c.raw, c.rule) for c in found]}"
    cite = hits[0]
    assert cite.start == text.index(row["surface"])
    assert text[cite.start : cite.end] == row["surface"]
    assert cite.kind == row["kind"]
    assert cite.rule == row["rule"]
    for key, value in _fields(row["fields"]).items():
        assert cite.fields.get(key) == value, f"{key}: {cite.fields}"


@pytest.mark.parametrize("family", families())
def test_every_rule_has_a_case(family: str) -> None:
    ids = rules.rule_ids(PACKAGE, family)
    named = {case.row["rule"] for case in rules.cases(PACKAGE, family)}
    assert ids - named == set(), "rules without a case"
    assert named - ids == set(), "cases naming no rule"


@pytest.mark.parametrize("family", families())
def test_file_shape(family: str) -> None:
    data = rules.load(PACKAGE, family)
    assert data["family"] == family
    compiled(family)


def test_needs_never_hide_a_match(monkeypatch) -> None:
    """The quick literal test of each pattern (``needs``) drops nothing the pattern would find."""
    texts = [case.row["text"] for _, case in CASES]
    with_needs = [find(t) for t in texts]
    monkeypatch.setattr("adfontes.cite.patterns.Pattern.may_match", lambda self, text: True)
    assert [find(t) for t in texts] == with_needs
