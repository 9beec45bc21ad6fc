"""``adfontes dates`` and ``adfontes timeline``: real output, validated against docs/json."""

from __future__ import annotations

import json

import pytest

from adfontes.store import connect
from tests.conftest import assert_locators, run_cli, validate_output


def test_dates_text_json(capsys):
    code, out, _ = run_cli("dates", "--text", "1929. január 18-án, december 16-án", "--lang", "hu",
                           "--anchor", "1928-12-16", "--json", capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("dates", payload)
    assert [d["value"] for d in payload["dates"]] == ["1929-01-18", "1929-12-16"]
    assert payload["dates"][1]["anchoring"] == "anchor:narrative"


def test_dates_text_needs_a_known_language(capsys):
    code, _, err = run_cli("dates", "--text", "1929", "--lang", "xx", capsys=capsys)
    assert code == 2 and "xx" in err
    code, _, _ = run_cli("dates", "--text", "1929", capsys=capsys)
    assert code == 2


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from adfontes.analyze import analyze
    from adfontes.ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("letters")
    (folder / "letter.txt").write_text(
        "Moscow, 16 December 1928\n\nOn December 16 the ultimatum came to Trotsky. "
        "Two days later he refused.\n\nIn January 1929 Trotsky was expelled; he reached "
        "Constantinople on February 12, 1929. The trip took 22 days.\n",
        encoding="utf-8",
    )
    store = connect(folder / "t.db")
    ingest(store, [folder / "letter.txt"], {})
    analyze(store)
    yield store, folder
    store.close()


def test_dates_from_the_store(small_store, capsys):
    store, folder = small_store
    code, out, _ = run_cli("dates", "--db", store.path, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("dates", payload)
    text = (folder / "letter.txt").read_text(encoding="utf-8")
    path = payload["dates"][0]["locator"]["path"]
    assert_locators(payload["dates"], {path: text})
    values = [d["value"] for d in payload["dates"]]
    assert "1928-12-18" in values and "DURATION:P22D" in values
    dateline = payload["dates"][0]
    assert (dateline["value"], dateline["role"]) == ("1928-12-16", "document")


def test_timeline(small_store, capsys):
    store, _ = small_store
    code, out, _ = run_cli("timeline", "--db", store.path, "--who", "Trotsky", "--from", "1928",
                           "--to", "1929", "--json", capsys=capsys)  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    validate_output("timeline", payload)
    earliest = [e["earliest"] for e in payload["entries"]]
    assert earliest == sorted(earliest) and earliest
    assert all("Trotsky" in e["label"] or "later" in e["label"] for e in payload["entries"])
    spans = [e for e in payload["entries"] if e["value"] == "1929-01"]
    assert spans and spans[0]["uncertain"]


@pytest.mark.parametrize("fmt", ["timelinejs", "csv"])
def test_timeline_exports(small_store, capsys, fmt):
    store, _ = small_store
    code, out, _ = run_cli("timeline", "--db", store.path, "--export", fmt, capsys=capsys)
    assert code == 0
    if fmt == "timelinejs":
        events = json.loads(out)["events"]
        assert events and all("start_date" in e for e in events)
    else:
        assert out.splitlines()[0].startswith("earliest,latest,value")


def test_seed_timeline_orders_the_exile(seed_store, gold_dir, capsys):
    """The 1927–1929 chronology of the seed corpus runs in order through both files, and the
    gold dates of the expulsion appear in it."""
    code, out, _ = run_cli("timeline", "--db", seed_store.path, "--who", "Trotsky", "--from",
                           "1927", "--to", "1929", "--json", capsys=capsys)  # fmt: skip
    assert code == 0
    entries = json.loads(out)["entries"]
    validate_output("timeline", {"entries": entries, "count": len(entries)})
    earliest = [e["earliest"] for e in entries]
    assert earliest == sorted(earliest)
    paths = {e["locator"]["path"].rsplit("/", 1)[-1] for e in entries}
    assert {"hu-trotsky-exile-documents.txt", "en-furr-trotskys-lies.txt"} <= paths
    values = {e["value"] for e in entries}
    assert {"1928-01-18", "1929-01-18"} <= values


def test_manifest_calendar_settles_unstated_style(tmp_path, capsys):
    """A Russian date before 1918-02-14 is 'unknown' unless the text or the manifest says."""
    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest

    for name in ("os.txt", "plain.txt"):  # different bytes: a file's id is its hash
        (tmp_path / name).write_text(f"{name}: приказ от 25 октября 1917 года.\n", encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(
        "sources:\n  - path: os.txt\n    language: ru\n    calendar: julian\n"
        "  - path: plain.txt\n    language: ru\n",
        encoding="utf-8",
    )
    store = connect(tmp_path / "t.db")
    ingest(store, [tmp_path], manifest.load(tmp_path / "corpus.yaml"))
    analyze(store)
    store.close()
    code, out, _ = run_cli("dates", "--db", str(tmp_path / "t.db"), "--json", capsys=capsys)
    assert code == 0
    calendars = {
        d["locator"]["path"].rsplit("/", 1)[-1]: d["calendar"] for d in json.loads(out)["dates"]
    }
    assert calendars == {"os.txt": "julian", "plain.txt": "unknown"}


def _window(store, capsys, *bounds: str) -> tuple[int, list[str], str]:
    code, out, err = run_cli("timeline", "--db", store.path, *bounds, "--json", capsys=capsys)
    values = [e["value"] for e in json.loads(out)["entries"]] if code == 0 else []
    return code, values, err


def test_timeline_window_takes_the_whole_period_of_each_bound(small_store, capsys):
    store, _ = small_store
    code, values, _ = _window(store, capsys, "--from", "1929", "--to", "1929")
    assert code == 0 and values == ["1929-01", "1929-02-12"]
    code, values, _ = _window(store, capsys, "--to", "1929-01")
    assert "1929-01" in values and "1929-02-12" not in values
    code, values, _ = _window(store, capsys, "--from", "1929-02-12", "--to", "1929-02-12")
    assert values == ["1929-02-12"]
    code, values, _ = _window(store, capsys, "--from", "0001", "--to", "9999")
    assert code == 0 and "1928-12-16" in values


@pytest.mark.parametrize(
    ("bounds", "said"),
    [
        (("--from", "0"), "--from '0': the year must have four digits"),
        (("--to", "99999"), "--to '99999': the year must have four digits"),
        (("--to", "1929-13"), "--to '1929-13' is not a calendar date"),
        (("--from", "1929-02-30"), "--from '1929-02-30' is not a calendar date"),
        (("--from", "1929/1933"), "--from '1929/1933' is not a date"),
        (("--to", "soon"), "--to 'soon' is not a date"),
        (("--from", "1930", "--to", "1929-12"), "--from '1930' is after --to '1929-12'"),
    ],
)
def test_timeline_window_bounds_that_are_no_dates_are_usage_errors(small_store, capsys, bounds,
                                                                    said):  # fmt: skip
    store, _ = small_store
    code, _, err = _window(store, capsys, *bounds)
    assert code == 2 and said in err and "Traceback" not in err


@pytest.fixture(scope="module")
def undated_store(tmp_path_factory):
    from adfontes.analyze import analyze
    from adfontes.ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("undated")
    (folder / "note.txt").write_text("On May 5 he left. Two days later he wrote.\n",
                                     encoding="utf-8")  # fmt: skip
    store = connect(folder / "u.db")
    ingest(store, [folder / "note.txt"], {})
    analyze(store)
    yield store
    store.close()


def _values(out: str) -> list[str]:
    return [d["value"] for d in json.loads(out)["dates"]]


def test_dates_anchor_rereads_a_stored_source_without_storing(undated_store, capsys):
    store = undated_store
    code, out, _ = run_cli("dates", "--db", store.path, "--json", capsys=capsys)
    assert code == 0 and _values(out) == ["XXXX-05-05", "XXXX-XX-XX"]
    code, out, err = run_cli("dates", "--db", store.path, "--source", "note.txt", "--anchor",
                             "1930-02-01", "--json", capsys=capsys)  # fmt: skip
    assert code == 0, err
    payload = json.loads(out)
    validate_output("dates", payload)
    assert _values(out) == ["1930-05-05", "1930-05-07"]
    assert payload["dates"][0]["locator"]["text"] == "May 5"
    code, out, _ = run_cli("dates", "--db", store.path, "--json", capsys=capsys)
    assert _values(out) == ["XXXX-05-05", "XXXX-XX-XX"]


def test_dates_anchor_without_text_or_source_is_a_usage_error(undated_store, capsys):
    code, out, err = run_cli("dates", "--db", undated_store.path, "--anchor", "1930",
                             capsys=capsys)  # fmt: skip
    assert code == 2 and out == ""
    assert "--anchor needs --text, or --source" in err
    code, _, err = run_cli("dates", "--db", undated_store.path, "--source", "note.txt",
                           "--anchor", "soon", capsys=capsys)  # fmt: skip
    assert code == 2 and "'soon' is not an EDTF date" in err
