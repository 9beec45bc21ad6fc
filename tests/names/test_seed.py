"""The names stage on the seed corpus (read from ``../shared`` at run time; skipped without it)."""

from __future__ import annotations

import csv

import pytest
from tests.conftest import assert_locators

from adfontes.names.views import entity_for, who_view
from adfontes.store import connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def names_store(tmp_path_factory):
    from tests.conftest import SEED

    if not SEED.is_dir():
        pytest.skip("seed corpus not present")
    from adfontes.analyze import analyze
    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest

    store = connect(tmp_path_factory.mktemp("seed") / "names.db")
    ingest(store, [SEED], manifest.load(SEED / "corpus.yaml"))
    analyze(store, only={"names"})
    yield store
    store.close()


def _files(store) -> dict[str, str]:
    return {r["path"]: r["text"] for r in store.conn.execute("SELECT path, text FROM files")}


def test_who_trotsky_gathers_hungarian_english_and_russian(names_store):
    found = who_view(names_store, "Trotsky")
    assert found
    main = found[0]
    assert {"hu", "en", "ru"} <= set(main["languages"])
    assert any(any("\u0400" <= c <= "\u04ff" for c in v["surface"]) for v in main["variants"])
    assert_locators(main["mention_list"], _files(names_store))


def test_who_frunze_is_the_town_and_the_man(names_store):
    conn = names_store.conn
    ids = entity_for(conn, "Frunze")
    kinds = sorted(conn.execute("SELECT kind FROM entities WHERE id = ?", (i,)).fetchone()[0]
                   for i in ids)  # fmt: skip
    assert kinds == ["person", "place"]


def test_gold_variants_of_one_person_meet(names_store, gold_dir):
    """Every Hungarian and English spelling of Menzhinsky in the gold is one entity."""
    with (gold_dir / "names.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["entity_id"] == "P-menzhinsky"]  # fmt: skip
    ids = {tuple(entity_for(names_store.conn, r["variant"]))[:1] for r in rows}
    assert len(ids) == 1 and ids != {()}
