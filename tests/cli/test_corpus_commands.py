"""The corpus commands in-process: output, JSON against the documented schemas, exit codes."""

import json

import pytest
from tests.conftest import run_cli, validate_output

LETTER = "LETTER TO THE EDITOR\n\nSome newspapers report an interview.¹ It is false.\n\n¹ Cumhuriyet, 1929.\n\nL. Trotsky\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "letter.txt").write_text(LETTER, encoding="utf-8")
    (folder / "notice.html").write_text(
        "<html><body><nav>Menu</nav><article><h1>Expelled</h1><p>Trotsky reached Constantinople "
        "on the steamer Ilyich.</p></article></body></html>",
        encoding="utf-8",
    )
    return folder


def test_ingest_then_sources_show_stats(corpus, tmp_path, capsys):
    db = str(tmp_path / "a.db")
    code, out, _ = run_cli("ingest", str(corpus), "--db", db, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("ingest", payload)
    assert {f["status"] for f in payload["files"]} == {"stored"}

    code, out, _ = run_cli("sources", "--db", db, "--json", capsys=capsys)
    sources = json.loads(out)
    validate_output("sources", sources)
    assert sources["count"] == 2

    code, out, _ = run_cli("show", "letter.txt", "--db", db, "--json", capsys=capsys)
    view = json.loads(out)
    validate_output("show", view)
    assert [p["kind"] for p in view["passages"]] == ["heading", "paragraph", "footnote", "heading"]

    code, out, _ = run_cli("show", "letter.txt:1", "--db", db, "--json", capsys=capsys)
    passage = json.loads(out)
    validate_output("show", passage)
    assert passage["footnotes"][0]["note_passage"] == 2
    assert [s["text"] for s in passage["sentences"]] == [
        "Some newspapers report an interview.¹",
        "It is false.",
    ]

    code, out, _ = run_cli("stats", "--db", db, "--json", capsys=capsys)
    validate_output("stats", json.loads(out))

    code, out, _ = run_cli("show", "letter.txt", "--db", db, capsys=capsys)
    assert code == 0 and "letter.txt:3" in out


def test_human_output_goes_to_stdout_and_problems_to_stderr(corpus, tmp_path, capsys):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    code, out, err = run_cli("ingest", str(corpus), "--db", str(tmp_path / "a.db"), capsys=capsys)
    assert code == 1
    assert "empty.txt: empty file" in err
    assert "Stored in" in out and "empty" not in out


def test_rerun_reports_already_stored(corpus, tmp_path, capsys):
    db = str(tmp_path / "a.db")
    run_cli("ingest", str(corpus), "--db", db, capsys=capsys)
    code, out, _ = run_cli("ingest", str(corpus), "--db", db, capsys=capsys)
    assert code == 0 and out.count("already stored") == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "nothing-like-this"], 2, "unknown source"),
        (["show", "letter.txt:99"], 2, "has no passage 99"),
        (["sources", "--bogus"], 2, "No such option"),
    ],
)
def test_usage_errors_exit_2(corpus, tmp_path, capsys, args, code, message):
    db = str(tmp_path / "a.db")
    run_cli("ingest", str(corpus), "--db", db, capsys=capsys)
    got, out, err = run_cli(*args, "--db", db, capsys=capsys)
    assert got == code and message in err and out == ""


def test_missing_store_exits_3(tmp_path, capsys):
    code, _, err = run_cli("sources", "--db", str(tmp_path / "none.db"), capsys=capsys)
    assert code == 3 and "no store here" in err


def test_bad_manifest_line_is_reported_and_the_rest_is_stored(corpus, tmp_path, capsys):
    (corpus / "corpus.yaml").write_text(
        "sources:\n  - path: letter.txt\n    date: 1929-13\n", encoding="utf-8"
    )
    code, out, err = run_cli("ingest", str(corpus), "--db", str(tmp_path / "a.db"), capsys=capsys)
    assert code == 1
    assert 'corpus.yaml:3: date "1929-13" is not EDTF' in err
    assert "Stored in" in out
