"""``adfontes collate``: real output in every format, validated against docs/json."""

from __future__ import annotations

import json

import pytest

from adfontes.ingest.pipeline import ingest
from adfontes.store import connect
from tests.conftest import assert_locators, run_cli, validate_output

FIRST = (
    "Four score and seven years ago our fathers brought forth, upon this continent, a new nation.\n"
)
SECOND = (
    "Four score and seven years ago our fathers brought forth on this continent, a new nation.\n"
)


@pytest.fixture
def witnesses(tmp_path):
    a, b = tmp_path / "nicolay.txt", tmp_path / "bliss.txt"
    a.write_text("Gettysburg\n\n" + FIRST, encoding="utf-8")
    b.write_text(SECOND, encoding="utf-8")
    return a, b


def test_collate_json(witnesses, capsys):
    a, b = witnesses
    code, out, _ = run_cli("collate", str(a), str(b), "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("collate", payload)
    assert payload["witnesses"] == ["nicolay", "bliss"]
    assert [v["kind"] for v in payload["variants"]] == ["omission", "substitution"]
    locators = [v[k] for v in payload["variants"] for k in ("a_locator", "b_locator") if v[k]]
    assert_locators(locators, {str(p): p.read_text(encoding="utf-8") for p in witnesses})
    assert payload["variants"][1]["a_locator"]["line"] == 3


def test_collate_tei_and_text(witnesses, capsys):
    a, b = witnesses
    code, out, _ = run_cli("collate", str(a), str(b), "--format", "tei", "--sigla", "N,B",
                           capsys=capsys)  # fmt: skip
    assert code == 0 and '<rdg wit="#N">upon </rdg>' in out
    code, out, _ = run_cli("collate", str(a), str(b), capsys=capsys)
    assert code == 0 and "| bliss   on" in out


def test_collate_stored_sources(witnesses, tmp_path, capsys):
    db = tmp_path / "s.db"
    with connect(db) as store:
        ingest(store, list(witnesses))
    code, out, _ = run_cli("collate", "nicolay.txt", "bliss.txt", "--db", str(db), "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("collate", payload)
    assert all(s["source"] for s in payload["sources"])
    sub = next(v for v in payload["variants"] if v["kind"] == "substitution")
    assert sub["a_locator"]["text"] == "upon" and sub["a_locator"]["line"] == 3


@pytest.mark.parametrize(
    "args",
    [["collate", "only-one.txt"], ["collate", "missing-a.txt", "missing-b.txt"]],
    ids=["one-witness", "neither-file-nor-store"],
)
def test_collate_usage_errors(args, tmp_path, capsys):
    code, _, err = run_cli(*args, "--db", str(tmp_path / "none.db"), capsys=capsys)
    assert code == 2 and err.startswith("adfontes:")


def test_variants_refuses_a_negative_limit(capsys):
    code, _, err = run_cli("variants", "--discover", "--limit", "-1", capsys=capsys)
    assert code == 2
    assert "--limit" in err
