"""Ingest into a store: idempotence, versions, interruption, manifests, bad files in a batch."""

import pytest

from adfontes.errors import InputError
from adfontes.ingest import manifest, pipeline
from adfontes.store import connect
from adfontes.store import sources as db
from tests.conftest import assert_locators

LETTER = "LETTER TO THE EDITOR\n\nSome newspapers report an interview.¹ It is false.\n\n¹ Cumhuriyet, 1929.\n\nL. Trotsky\n"


@pytest.fixture
def store(tmp_path):
    with connect(tmp_path / "s.db") as s:
        yield s


def _count(store, table):
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_stores_passages_sentences_and_footnote_links(store, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    (report,) = pipeline.ingest(store, [path])
    assert report.status == "stored" and report.language == "en"
    assert report.kinds == {"heading": 2, "paragraph": 1, "footnote": 1}
    assert report.footnote_links == 1
    passages = db.passages(store.conn, file_id=db.resolve_source(store.conn, "letter.txt").file_id)
    locators = db.Locators(store)
    records = [
        {"locator": locators(p.source_id, p.file_id, p.start, p.end).to_json()} for p in passages
    ]
    assert_locators(records, {str(path): LETTER})


def test_reingest_is_idempotent(store, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    pipeline.ingest(store, [path])
    before = {t: _count(store, t) for t in ("files", "sources", "passages", "sentences")}
    (report,) = pipeline.ingest(store, [path])
    assert report.status == "unchanged"
    assert before == {t: _count(store, t) for t in before}


def test_changed_file_is_a_new_version_and_the_old_is_kept(store, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    (first,) = pipeline.ingest(store, [path])
    path.write_text(LETTER.replace("false", "untrue"), encoding="utf-8")
    (second,) = pipeline.ingest(store, [path])
    assert first.source != second.source
    assert _count(store, "files") == 2
    current = [s.id for s in db.list_sources(store.conn)]
    assert current == [second.source]


def test_interrupted_ingest_leaves_the_store_consistent_and_resumes(store, tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"{LETTER}\n{name}\n", encoding="utf-8")
    real = db.insert_sentences
    calls = {"n": 0}

    def interrupt_on_second_file(conn, rows):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(conn, rows)

    monkeypatch.setattr(db, "insert_sentences", interrupt_on_second_file)
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest(store, [tmp_path])
    assert _count(store, "files") == 1  # the interrupted file left nothing half-written
    assert _count(store, "passages") == 5
    monkeypatch.setattr(db, "insert_sentences", real)
    reports = pipeline.ingest(store, [tmp_path])
    assert [r.status for r in reports] == ["unchanged", "stored", "stored"]
    assert _count(store, "files") == 3


def test_bad_files_are_reported_and_the_batch_goes_on(store, tmp_path):
    (tmp_path / "good.txt").write_text(LETTER, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00\x00" * 40)
    reports = {
        r.path.rsplit("/", 1)[-1]: r
        for r in pipeline.ingest(store, [tmp_path, tmp_path / "nope.txt"])
    }
    assert reports["good.txt"].status == "stored"
    assert "empty" in reports["empty.txt"].error
    assert "malformed XML" in reports["broken.xml"].error
    assert "binary" in reports["image.txt"].error
    assert "no such file" in reports["nope.txt"].error


def test_folder_readme_is_not_a_source(store, tmp_path):
    (tmp_path / "README.md").write_text("# About this corpus\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(LETTER, encoding="utf-8")
    assert [r.path.rsplit("/", 1)[-1] for r in pipeline.ingest(store, [tmp_path])] == ["a.txt"]


def test_manifest_metadata_and_inferred_fields(store, tmp_path):
    (tmp_path / "a.txt").write_text(LETTER, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Le train partit pour Odessa avec toute la famille.\n", encoding="utf-8"
    )
    (tmp_path / "corpus.yaml").write_text(
        "sources:\n  - path: a.txt\n    title: Letter\n    date: 1929-03\n    kind: primary\n    genre: letter\n",
        encoding="utf-8",
    )
    pipeline.ingest(store, [tmp_path], manifest.load(tmp_path / "corpus.yaml"))
    a = db.resolve_source(store.conn, "a.txt")
    b = db.resolve_source(store.conn, "b.txt")
    assert (a.title, a.date, a.kind, a.genre, a.inferred) == (
        "Letter",
        "1929-03",
        "primary",
        "letter",
        ("language",),
    )
    assert b.language == "fr" and set(b.inferred) == {"language", "title"}


def test_manifest_problems_name_the_line(tmp_path):
    (tmp_path / "corpus.yaml").write_text(
        "sources:\n  - path: a.txt\n    date: 1928-13\n  - path: b.txt\n    kind: primary-ish\n  - title: no path\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in manifest.load(tmp_path / "corpus.yaml").problems]
    where = str(tmp_path / "corpus.yaml")
    assert problems == [
        f'{where}:3: date "1928-13" is not EDTF',
        f'{where}:5: kind "primary-ish" is not one of primary, secondary, tertiary',
        f"{where}:6: source without 'path'",
    ]


def test_manifest_that_is_not_yaml(tmp_path):
    (tmp_path / "corpus.yaml").write_text("sources: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        manifest.load(tmp_path / "corpus.yaml")


@pytest.mark.parametrize(
    ("value", "ok"),
    [("1928", True), ("1928-12-16", True), ("1927-23", True), ("1928-01-XX", True), ("1928~", True),
     ("1923/..", True), ("[1921,1922]", True), ("1928-13", False), ("16.12.1928", False), ("1928-02-32", False)],
)  # fmt: skip
def test_edtf_check(value, ok):
    assert manifest.is_edtf(value) is ok


def test_a_document_without_a_manifest_date_takes_the_one_in_its_heading(store, tmp_path):
    path = tmp_path / "telegram.txt"
    path.write_text(
        "TELEGRAM\n\nMoscow, 18 January 1929\n\nArrived safely. Send the books.\n", encoding="utf-8"
    )
    pipeline.ingest(store, [path])
    source = db.resolve_source(store.conn, "telegram.txt")
    assert source.date == "1929-01-18" and "date" in source.inferred
    found = source.meta["date_from"]
    assert (
        path.read_text(encoding="utf-8")[found["start"] : found["end"]]
        == found["text"]
        == "18 January 1929"
    )


def test_narrative_dates_and_event_names_are_not_a_documents_date(store, tmp_path):
    path = tmp_path / "retelling.txt"
    path.write_text(
        "On 18 January 1928 Trotsky was carried by force to the train at the Yaroslavl station "
        "and sent to Alma-Ata, far from Moscow and from his comrades of the Opposition.\n\n"
        "He had fought for the October Revolution.\n",
        encoding="utf-8",
    )
    pipeline.ingest(store, [path])
    source = db.resolve_source(store.conn, "retelling.txt")
    assert source.date is None and "date" not in source.inferred


def test_a_file_changed_back_makes_its_earlier_version_current_again(store, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    (first,) = pipeline.ingest(store, [path])
    path.write_text(LETTER.replace("false", "untrue"), encoding="utf-8")
    (second,) = pipeline.ingest(store, [path])
    assert second.status == "stored"
    path.write_text(LETTER, encoding="utf-8")
    (third,) = pipeline.ingest(store, [path])
    assert third.status == "restored"
    assert third.source == first.source
    assert [s.id for s in db.list_sources(store.conn)] == [first.source]
    assert _count(store, "files") == 2
    (again,) = pipeline.ingest(store, [path])
    assert again.status == "unchanged"
