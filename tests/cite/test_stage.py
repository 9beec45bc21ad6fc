"""The cites stage on the seed store and the commands over it, JSON checked against the schemas."""

from __future__ import annotations

import csv
import json

import pytest
from tests.conftest import assert_locators, run_cli, validate_output

from adfontes.cite import stage
from adfontes.store import sources as sdb


@pytest.fixture(scope="module")
def seed(seed_store):
    db = seed_store.path
    texts = {r["path"]: r["text"] for r in seed_store.conn.execute("SELECT path, text FROM files")}
    return seed_store, db, texts


def _en(store) -> sdb.SourceRow:
    return sdb.resolve_source(store.conn, "en-furr-trotskys-lies.txt")


def test_cites_json(seed, capsys) -> None:
    _store, db, texts = seed
    code, out, _ = run_cli("cites", "--db", db, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("cites", payload)
    assert payload["count"] > 100
    assert_locators(payload["citations"], texts)
    assert_locators([r["entry"] for r in payload["citations"] if r["entry"]], texts)
    assert {r["kind"] for r in payload["citations"]} >= {
        "archive",
        "short_cite",
        "full_cite",
        "url",
    }


def test_bib_json_and_exports(seed, capsys) -> None:
    _store, db, texts = seed
    code, out, _ = run_cli("bib", "en-furr-trotskys-lies.txt", "--db", db, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("bib", payload)
    assert payload["count"] > 100
    assert_locators(payload["entries"], texts)
    code, out, _ = run_cli("bib", "--db", db, "--export", "csl", capsys=capsys)
    assert code == 0 and len(json.loads(out)) == payload["count"]
    code, out, _ = run_cli("bib", "--db", db, "--export", "bibtex", capsys=capsys)
    assert code == 0 and out.count("\n@") + 1 == payload["count"]


def test_check_json(seed, capsys) -> None:
    _store, db, texts = seed
    code, out, _ = run_cli("cites", "--check", "--db", db, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("cites", payload)
    for p in payload["problems"]:
        assert_locators(p["locators"], texts)
    assert "custody" in {p["kind"] for p in payload["problems"]}


def test_short_cites_resolve_to_gold_lines(seed, gold_dir) -> None:
    """Rows of the dev gold whose citation resolves to an en bibliography line: most do."""
    store, _db, texts = seed
    en = _en(store)
    text = texts[en.path]
    rows = [r for r in csv.DictReader((gold_dir / "citations.tsv").open(encoding="utf-8"), delimiter="\t",
                                      quoting=csv.QUOTE_NONE) if r["file"] == en.path.rsplit("/", 1)[-1] and r["resolves_to_line"]]  # fmt: skip
    cites = json.loads(json.dumps([dict(r) for r in store.conn.execute(
        "SELECT c.start, c.end, e.start AS estart FROM citations c JOIN bib_entries e ON e.id = c.entry_id "
        "WHERE c.source_id = ?", (en.id,))]))  # fmt: skip
    right = 0
    for row in rows:
        lo = sum(len(x) + 1 for x in text.split("\n")[: int(row["line"]) - 1])
        start = text.index(row["raw"], lo)
        end = start + len(row["raw"])
        lines = {
            text.count("\n", 0, c["estart"]) + 1
            for c in cites
            if c["start"] < end and start < c["end"]
        }
        right += int(row["resolves_to_line"]) in lines
    assert right >= len(rows) * 0.6


def test_provenance(seed, capsys) -> None:
    store, db, _ = seed
    en = _en(store)
    code, out, _ = run_cli("provenance", en.id, "--db", db, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("provenance", payload)
    kinds = {n["kind"] for n in payload["rests_on"]}
    assert {"work", "archive"} <= kinds
    nodes = stage.rests_on(store.conn, en.id)
    assert len(nodes) == payload["count"]


def test_passage_provenance_and_shared(seed, capsys) -> None:
    store, db, _ = seed
    en = _en(store)
    row = store.conn.execute(
        "SELECT p.id, p.seq FROM citations c JOIN passages p ON p.id = c.passage_id "
        "WHERE c.source_id = ? AND c.entry_id IS NOT NULL ORDER BY c.start LIMIT 1",
        (en.id,),
    ).fetchone()
    code, out, _ = run_cli(
        "provenance", f"{en.id}:{row['seq']}", "--db", db, "--json", capsys=capsys
    )
    assert code == 0
    payload = json.loads(out)
    validate_output("provenance", payload)
    assert payload["passage_rests_on"]
    shared = stage.shared_provenance(store.conn, row["id"], row["id"])
    assert {n["key"] for n in shared} == {n["key"] for n in payload["passage_rests_on"]}


def test_text_mode(capsys) -> None:
    text = "As the file shows (RGASPI, f. 17, op. 3, d. 727, l. 1-2ob.), see (Carr 1954, 12)."
    code, out, _ = run_cli("cites", "--text", text, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("cites", payload)
    for r in payload["citations"]:
        assert text[r["start"] : r["end"]] == r["raw"]
    assert [r["kind"] for r in payload["citations"]] == ["archive", "short_cite"]


def test_unknown_source_is_a_usage_error(seed, capsys) -> None:
    _, db, _ = seed
    code, _, err = run_cli("provenance", "no-such-source", "--db", db, capsys=capsys)
    assert code == 2 and "unknown source" in err
