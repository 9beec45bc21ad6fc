"""The seed corpus: properties of what ingest makes of it (skipped when it is absent)."""

from collections import Counter

import pytest

from adfontes.store import sources as db
from adfontes.views.corpus import show_view, sources_view
from tests.conftest import assert_locators

HU = "hu-trotsky-exile-documents.txt"
EN = "en-furr-trotskys-lies.txt"


@pytest.fixture(scope="module")
def files(seed_store):
    rows = seed_store.conn.execute("SELECT path, text FROM files").fetchall()
    return {r["path"]: r["text"] for r in rows}


def test_every_locator_is_the_slice_of_its_file(seed_store, files):
    for source in db.list_sources(seed_store.conn):
        view = show_view(seed_store, source.id)
        assert_locators(view["passages"], files)


def test_the_compilation_is_split_into_documents(seed_store):
    whole = db.resolve_source(seed_store.conn, HU)
    docs = db.children(seed_store.conn, whole.id)
    real = [d for d in docs if not d.noise]
    assert 15 <= len(real) <= 30
    assert sum(d.noise for d in docs) >= 1
    genres = Counter(d.genre for d in real)
    assert genres["letter"] >= 5 and genres["telegram"] >= 1 and genres["statement"] >= 1


def test_scraped_listings_are_kept_out_of_analysis(seed_store):
    whole = db.resolve_source(seed_store.conn, HU)
    noise = [d for d in db.children(seed_store.conn, whole.id) if d.noise]
    analysable = {
        p.source_id for p in db.passages(seed_store.conn, source_id=whole.id, analysable=True)
    }
    assert not analysable & {d.id for d in noise}
    kinds = Counter(p.kind for p in db.passages(seed_store.conn, source_id=whole.id))
    assert kinds["noise"] >= 14


def test_the_monograph_is_one_source_with_its_apparatus(seed_store):
    book = db.resolve_source(seed_store.conn, EN)
    assert db.children(seed_store.conn, book.id) == []
    kinds = Counter(p.kind for p in db.passages(seed_store.conn, source_id=book.id))
    assert kinds["footnote"] >= 80
    assert kinds["bibliography"] >= 120
    assert kinds["index"] >= 1 and kinds["toc"] >= 1
    links = db.footnote_links(seed_store.conn, book.file_id)
    linked = [link for link in links if link["note_passage_id"] is not None]
    assert len(linked) >= 0.9 * len(links) >= 80


def test_footnote_markers_link_to_notes_with_their_number(seed_store, files):
    book = db.resolve_source(seed_store.conn, EN)
    text = files[book.path]
    passages = {p.id: p for p in db.passages(seed_store.conn, source_id=book.id)}
    digits = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
    for link in db.footnote_links(seed_store.conn, book.file_id):
        if link["note_passage_id"] is None:
            continue
        note = passages[link["note_passage_id"]]
        assert text[link["marker_start"] : link["marker_end"]].translate(digits) == link["label"]
        assert note.text.translate(digits).startswith(link["label"])


def test_russian_quotations_in_english_prose_keep_both_languages(seed_store):
    book = db.resolve_source(seed_store.conn, EN)
    passages = db.passages(seed_store.conn, source_id=book.id)
    assert sum(1 for p in passages if p.lang == "ru") >= 20
    assert any({"en", "ru"} <= set(p.langs) for p in passages)


def test_gold_lines_fall_in_stored_passages(seed_store, gold_dir, files):
    """Lines the gold annotates are analysable text, not noise or furniture."""
    import csv

    with open(gold_dir / "dates.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_file = {
        s.path.rsplit("/", 1)[-1]: s
        for s in db.list_sources(seed_store.conn)
        if s.parent_id is None
    }
    missed = []
    for row in rows:
        source = by_file[row["file"]]
        text = files[source.path]
        offset = sum(len(line) + 1 for line in text.split("\n")[: int(row["line"]) - 1])
        offset = text.index(row["surface"], offset) if row["surface"] in text[offset:] else offset
        hit = [
            p
            for p in db.passages(seed_store.conn, source_id=source.id, analysable=True)
            if p.start <= offset < p.end
        ]
        if not hit:
            missed.append(row["id"])
    assert len(missed) <= 0.05 * len(rows), missed


def test_sources_view_lists_documents_under_their_file(seed_store):
    records = sources_view(seed_store)
    parents = {r["id"] for r in records if r["parent"] is None}
    assert len(parents) == 2
    assert all(r["parent"] in parents for r in records if r["parent"])
