"""The provenance graph on a small invented corpus: translation, shared archive documents, works."""

from __future__ import annotations

import pytest

from adfontes.analyze import analyze
from adfontes.cite import stage
from adfontes.ingest import manifest
from adfontes.ingest.pipeline import ingest
from adfontes.store import connect
from adfontes.store import sources as sdb

ORIGINAL = """A report on the exile

The decision was taken in January, as the protocol shows (RGASPI, f. 17, op. 3, d. 727, l. 12).
Carr describes the meeting at length (Carr Interregnum 45).

Bibliography

Carr, Edward Hallett. *The Interregnum 1923-1924*. London: Macmillan, 1954. (Carr Interregnum)
"""

TRANSLATION = """Jelentés a száműzetésről

A döntést januárban hozták meg, amint a jegyzőkönyv mutatja (RGASPI, f. 17, op. 3, d. 727, l. 12).
"""

OTHER = """A second study

The same protocol (RGASPI, f. 17, op. 3, d. 727, l. 12-13) is quoted here, with a different page.
"""

MANIFEST = """sources:
  - path: report.txt
    title: A report on the exile
    language: en
  - path: jelentes.txt
    title: Jelentés a száműzetésről
    language: hu
    translation_of: report.txt
  - path: study.txt
    title: A second study
    language: en
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in (
        ("report.txt", ORIGINAL),
        ("jelentes.txt", TRANSLATION),
        ("study.txt", OTHER),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "corpus.yaml").write_text(MANIFEST, encoding="utf-8")
    db = connect(folder / "p.db")
    ingest(db, [folder], manifest.load(folder / "corpus.yaml"), base=folder)
    run_cites(db)
    yield db
    db.close()


def run_cites(db) -> None:
    """The cites stage alone, as ``analyze`` runs it (the other stages are not needed here)."""
    analyze(db, only={"cites"})


def _source(store, name: str) -> sdb.SourceRow:
    return sdb.resolve_source(store.conn, name)


def test_translation_rests_on_its_original_transitively(store) -> None:
    hu, en = _source(store, "jelentes.txt"), _source(store, "report.txt")
    nodes = stage.rests_on(store.conn, hu.id)
    by_key = {(n["kind"], n["key"]): n for n in nodes}
    assert by_key[("source", en.id)]["relation"] == "translation_of"
    work = next(n for n in nodes if n["kind"] == "work")
    assert work["via"] == en.id and work["depth"] == 2
    assert ("archive", "f17/op3/d727") in by_key


def test_same_archive_document_is_shared(store) -> None:
    en, other = _source(store, "report.txt"), _source(store, "study.txt")
    assert stage.sources_citing(store.conn, "archive", "f17/op3/d727") == sorted(
        {en.id, other.id, _source(store, "jelentes.txt").id}
    )
    pa = store.conn.execute(
        "SELECT passage_id FROM citations WHERE source_id = ? AND kind = 'archive'", (en.id,)
    ).fetchone()[0]
    pb = store.conn.execute(
        "SELECT passage_id FROM citations WHERE source_id = ? AND kind = 'archive'", (other.id,)
    ).fetchone()[0]
    shared = stage.shared_provenance(store.conn, pa, pb)
    assert [(n["kind"], n["key"]) for n in shared] == [("archive", "f17/op3/d727")]


def test_short_cite_resolved_to_its_entry(store) -> None:
    en = _source(store, "report.txt")
    row = store.conn.execute(
        "SELECT c.method, e.alias FROM citations c JOIN bib_entries e ON e.id = c.entry_id "
        "WHERE c.source_id = ? AND c.kind = 'short_cite'",
        (en.id,),
    ).fetchone()
    assert (row["method"], row["alias"]) == ("alias", "Carr Interregnum")


def test_rerun_gives_the_same_rows(store) -> None:
    def snapshot():
        return (
            store.conn.execute(
                "SELECT kind, start, end, entry_id FROM citations ORDER BY id"
            ).fetchall(),
            store.conn.execute("SELECT * FROM provenance_edges ORDER BY id").fetchall(),
        )

    before = [list(map(tuple, rows)) for rows in snapshot()]
    run_cites(store)
    after = [list(map(tuple, rows)) for rows in snapshot()]
    assert [len(x) for x in after] == [len(x) for x in before]
    assert [r[:3] for r in after[0]] == [r[:3] for r in before[0]]
