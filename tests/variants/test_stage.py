"""The variants stage on a small invented corpus: stories, tellings, slots and locators."""

from __future__ import annotations

import json

import pytest

from adfontes.analyze import analyze
from adfontes.ingest.pipeline import ingest
from adfontes.store import connect
from adfontes.store import variants as db
from adfontes.variants.stage import run_corpus
from tests.conftest import assert_locators, run_cli, validate_output

# One remark told three times (two near-verbatim, one shortened), and unrelated passages.
FILES = {
    "diary.txt": (
        "Diary of a visitor\n\n"
        "On 3 May 1921 the commissar told his secretary that the old guard would never forgive "
        "the peasants for the grain they had hidden in the winter.\n\n"
        "The weather was cold and the roads were empty all week.\n"
    ),
    "memoir.txt": (
        "Memoirs\n\n"
        "I remember that on 3 May 1922 the commissar said in a small circle of friends that the "
        "old guard would never forgive the peasants for the grain they had hidden in the "
        "winter.\n\n"
        "Our train reached the frontier two days later.\n"
    ),
    "history.txt": (
        "A history\n\n"
        "The commissar's words, that the old guard would never forgive the peasants for the "
        "grain they had hidden, are quoted by every later author.\n\n"
        "The archives of the region were opened only much later.\n"
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    s = connect(folder / "s.db")
    ingest(s, [folder])
    analyze(s)
    yield s
    s.close()


def _texts(store) -> dict[str, str]:
    return {r["id"]: r["text"] for r in store.conn.execute("SELECT id, text FROM files")}


def test_one_story_with_three_tellings(store):
    stories = db.list_stories(store.conn)
    assert len(stories) == 1
    tellings = db.story_tellings(store.conn, stories[0]["id"])
    assert len(tellings) == 3
    texts = _texts(store)
    for t in tellings:
        assert "old guard would never forgive" in texts[t["file_id"]][t["start"] : t["end"]]


def test_slots_are_read_and_point_at_their_words(store):
    story = db.list_stories(store.conn)[0]
    tellings = db.story_tellings(store.conn, story["id"])
    texts = _texts(store)
    claimed = {t["claimed_date"] for t in tellings}
    assert claimed == {"1921-05-03", "1922-05-03", None}
    audiences = {t["audience"] for t in tellings}
    assert {"his secretary", "in a small circle of friends"} <= audiences
    for t in tellings:
        text = texts[t["file_id"]]
        if t["audience"]:
            assert text[t["audience_start"] : t["audience_end"]] == t["audience"]
        if t["claimed_date"]:
            assert t["claimed_start"] < t["end"]
        assert text[t["wording_start"] : t["wording_end"]] == t["wording"]
    assert "claimed date moves" in story["summary"] or "claimed date" in story["summary"]
    assert "single-witness story" in story["summary"]


def test_rerun_gives_the_same_store(store):
    before = [dict(r) for r in store.conn.execute("SELECT * FROM tellings ORDER BY id")]
    run_corpus(store)
    after = [dict(r) for r in store.conn.execute("SELECT * FROM tellings ORDER BY id")]
    strip = [{k: v for k, v in r.items() if k != "id"} for r in before]
    assert strip == [{k: v for k, v in r.items() if k != "id"} for r in after]


def test_variants_discover_json(store, capsys):
    code, out, _ = run_cli("variants", "--discover", "--db", store.path, "--json", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    validate_output("variants", payload)
    story = payload["stories"][0]
    assert len(story["tellings"]) == len(story["drift"]) == 3
    assert sum(t["earliest"] for t in story["tellings"]) == 1
    files = _paths(store)
    spans = [t[k] for t in story["tellings"] for k in ("locator", "claimed_locator",
             "audience_locator", "wording_locator") if t[k]]  # fmt: skip
    assert_locators(spans, files)


def test_variants_phrase_finds_inflected_words_and_renders_a_drift_table(store, capsys):
    code, out, _ = run_cli("variants", "never forgive the peasant", "--db", store.path,
                           capsys=capsys)  # fmt: skip
    assert code == 0
    assert "claimed_date" in out.splitlines()[2] and "single-witness story" in out
    code, out, _ = run_cli("variants", "no such words anywhere", "--db", store.path, "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0 and json.loads(out)["count"] == 0


def test_variants_needs_a_phrase_or_discover(store, capsys):
    code, _, err = run_cli("variants", "--db", store.path, capsys=capsys)
    assert code == 2 and "phrase" in err


def _paths(store) -> dict[str, str]:
    return {r["path"]: r["text"] for r in store.conn.execute("SELECT path, text FROM files")}


def test_a_later_source_that_copies_an_earlier_one_rests_on_it(tmp_path):
    """The copying memoir of the provenance graph: a long verbatim run, dates that say who
    copied whom, and no edge between undated sources."""
    from adfontes.cite.stage import rests_on
    from adfontes.ingest import manifest

    copied = (
        "The special train stood for twelve days at a small station near Kursk while the "
        "German government considered the request for a visa and finally refused it."
    )
    texts = {
        "paper.txt": f"EVENING NEWS\n\n{copied}\n\nThe weather in the capital was mild.\n",
        "memoir.txt": f"My years as a reporter\n\nI was there and I saw it myself. {copied}\n",
        "undated.txt": f"Notes\n\n{copied}\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(
        "sources:\n  - path: paper.txt\n    date: 1929-02-13\n    genre: newspaper\n"
        "  - path: memoir.txt\n    date: 1957\n    genre: memoir\n",
        encoding="utf-8",
    )
    with connect(tmp_path / "s.db") as s:
        ingest(s, [tmp_path], manifest.load(tmp_path / "corpus.yaml"))
        analyze(s)
        ids = {r["path"].rsplit("/", 1)[-1]: r["id"] for r in s.conn.execute(
            "SELECT s.id, f.path FROM sources s JOIN files f ON f.id = s.file_id")}  # fmt: skip
        memoir = [(n["relation"], n["key"]) for n in rests_on(s.conn, ids["memoir.txt"])]
        assert ("quotes", ids["paper.txt"]) in memoir
        assert rests_on(s.conn, ids["paper.txt"]) == []
        assert all(n["relation"] != "quotes" for n in rests_on(s.conn, ids["undated.txt"]))


def test_date_spans_order_only_dates_that_do_not_overlap():
    """A year and a day inside it overlap: neither may be called the earlier; a year ends before
    the next year begins."""
    from adfontes.variants.stage import date_span

    year, day = date_span("1929"), date_span("1929-02-13")
    assert year[0] <= day[0] and day[1] <= year[1]
    assert date_span("1929")[1] < date_span("1957")[0]
    assert date_span("1929/1933")[1].isoformat() == "1933-12-31"
    assert date_span("1929-21")[0].isoformat() == "1929-03-01"
    assert date_span(None) is None
    assert date_span("not a date") is None
