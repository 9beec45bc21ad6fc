"""search, similar and embed in-process: output, JSON against the documented schemas, exits."""

from __future__ import annotations

import json

import pytest

from adfontes.cli import search as search_cli
from adfontes.search import engine
from adfontes.search.embed import Availability
from tests.conftest import run_cli, validate_output
from tests.search.conftest import build
from tests.search.factories import HashEmbedder


@pytest.fixture
def db(corpus, tmp_path, monkeypatch):
    path = tmp_path / "cli.db"
    build(corpus, path).close()
    embedder = HashEmbedder()
    monkeypatch.setattr(search_cli, "default_embedder", lambda: Availability(embedder, None))
    monkeypatch.setattr(engine, "default_embedder", lambda: Availability(embedder, None))
    return str(path)


def test_search_json_before_and_after_embed(db, capsys):
    code, out, err = run_cli("search", "Trotsky", "--db", db, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("search", payload)
    assert payload["mode"] == "lexical" and "adfontes embed" in err
    assert payload["count"] == len(payload["hits"]) >= 4

    code, out, _ = run_cli("embed", "--db", db, "--json", capsys=capsys)
    assert code == 0
    embedded = json.loads(out)
    validate_output("embed", embedded)
    assert embedded["models"][0]["embedded"] == embedded["models"][0]["stored"] > 0
    code, out, _ = run_cli("embed", "--db", db, "--json", capsys=capsys)
    assert json.loads(out)["models"][0]["embedded"] == 0

    code, out, err = run_cli("search", "Trotsky", "--db", db, "--json", "-k", "3", capsys=capsys)
    payload = json.loads(out)
    validate_output("search", payload)
    assert payload["mode"] == "fused" and payload["count"] == 3 and not err


def test_search_text_output_shows_file_line_offsets_and_snippet(db, capsys):
    code, out, _ = run_cli("search", "Trockij", "--lang", "hu", "--db", db, capsys=capsys)
    assert code == 0
    first = out.splitlines()[0]
    assert "hu-level.txt:3 [" in first and "lexical_rank 1" in first
    assert "Trockijjal" in out.splitlines()[1]


def test_similar_json(db, capsys):
    run_cli("embed", "--db", db, capsys=capsys)
    code, out, _ = run_cli("search", '"left from Odessa"', "--db", db, "--json", capsys=capsys)
    ref = json.loads(out)["hits"][0]["passage"]
    code, out, _ = run_cli("similar", ref, "--db", db, "--json", "-k", "2", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("similar", payload)
    assert payload["count"] == 2 and ref not in {h["passage"] for h in payload["hits"]}


@pytest.mark.parametrize(
    "args",
    [
        ("search", "Trotsky", "--from", "Feb 1929"),
        ("search", "Trotsky", "--source", "no-such-file.txt"),
        ("search", "***"),
        ("similar", "no-colon"),
        ("similar", "hu-level.txt:999"),
    ],
    ids=["bad-date", "unknown-source", "no-word", "bad-ref", "no-passage"],
)
def test_usage_errors_exit_2(db, capsys, args):
    code, out, err = run_cli(*args, "--db", db, capsys=capsys)
    assert code == 2 and not out and err.startswith("adfontes: ")


def test_an_impossible_date_names_the_option_and_value(db, capsys):
    code, out, err = run_cli("search", "Trotsky", "--to", "1929-02-30", "--db", db, capsys=capsys)
    assert code == 2 and not out
    assert err.strip() == "adfontes: --to '1929-02-30' has no day 30 (the month has 28)"


def test_embed_without_an_embedder_is_a_usage_error(db, capsys, monkeypatch):
    monkeypatch.setattr(search_cli, "default_embedder", lambda: Availability(None, "no wheel"))
    code, _, err = run_cli("embed", "--db", db, capsys=capsys)
    assert code == 2 and "no wheel" in err


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("embed", "--limit", "-1"), "--limit"),
        (("search", "Trotsky", "-k", "0"), "-k"),
        (("search", "Trotsky", "-k", "-3"), "-k"),
        (("similar", "hu-level.txt:2", "-k", "-1"), "-k"),
    ],
    ids=["negative-limit", "zero-k", "negative-k", "negative-similar-k"],
)
def test_counts_below_their_range_are_refused(db, capsys, args, option):
    code, out, err = run_cli(*args, "--db", db, capsys=capsys)
    assert code == 2 and not out and option in err
    code, out, _ = run_cli("embed", "--db", db, "--json", capsys=capsys)
    models = json.loads(out)["models"][0]
    assert models["embedded"] == models["stored"] > 0  # the refused run embedded nothing


def test_embed_limit_zero_embeds_nothing(db, capsys):
    code, out, _ = run_cli("embed", "--limit", "0", "--db", db, "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["models"][0] == {
        "model": HashEmbedder.name, "embedded": 0, "stored": 0,
    }  # fmt: skip


def _first_ref(db, query, capsys):
    _, out, _ = run_cli("search", query, "--db", db, "--json", capsys=capsys)
    return json.loads(out)["hits"][0]["passage"]


def test_similar_takes_a_ref_into_a_replaced_version_to_the_same_text_or_says_why_not(
    db, corpus, capsys
):
    from adfontes.store import connect
    from adfontes.store import search as store_search

    kept = _first_ref(db, '"left from Odessa"', capsys)
    changed = _first_ref(db, '"weather in Paris"', capsys)
    path = corpus / "en-history.txt"
    text = path.read_text(encoding="utf-8").replace("was mild", "was cold")
    path.write_text("Preface\n\n" + text, encoding="utf-8")
    build(corpus, db).close()
    with connect(db) as store:
        source, seq = kept.rsplit(":", 1)
        assert store_search.passage_by_ref(store.conn, source, int(seq)) is None
    run_cli("embed", "--db", db, capsys=capsys)

    code, out, err = run_cli("similar", kept, "--db", db, "--json", "-k", "2", capsys=capsys)
    assert code == 0, err
    payload = json.loads(out)
    validate_output("similar", payload)
    current = _first_ref(db, '"left from Odessa"', capsys)
    assert current != kept
    assert payload["notices"][0] == (
        f"passage {kept} is from an older version of en-history.txt; using {current}, "
        "the same text in the current version"
    )
    assert current not in {h["passage"] for h in payload["hits"]} and payload["count"] == 2

    code, out, err = run_cli("similar", changed, "--db", db, capsys=capsys)
    assert code == 2 and not out
    assert f"passage {changed} is from an older version of en-history.txt" in err
    assert "does not hold its text unchanged" in err

    # 'show' takes such a ref to the same text too, and says why not when there is none.
    code, out, err = run_cli("show", kept, "--db", db, "--json", capsys=capsys)
    assert code == 0, err
    shown = json.loads(out)
    validate_output("show", shown)
    assert f"{shown['ref']}" == current and f"showing {current}" in err
    assert shown["notices"] == [
        f"passage {kept} is from an older version of en-history.txt; showing {current}, "
        "the same text in the current version"
    ]
    code, out, err = run_cli("show", changed, "--db", db, capsys=capsys)
    assert code == 2 and "does not hold its text unchanged" in err
