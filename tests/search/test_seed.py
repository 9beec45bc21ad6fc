"""Search over the seed corpus: properties and locators, never pasted corpus text."""

from __future__ import annotations

from adfontes.search import search
from adfontes.store.sources import Locators
from tests.conftest import assert_locators


def test_an_english_name_finds_the_hungarian_passages_too(seed_store):
    hits = search(seed_store, "Trotsky", k=200, mode="lexical")
    assert {"en", "hu"} <= {h.passage.lang for h in hits}


def test_seed_hits_point_at_their_text(seed_store):
    files = {r["path"]: r["text"] for r in seed_store.conn.execute("SELECT path, text FROM files")}
    locators = Locators(seed_store)
    for query in ("Trockij kiutasítás", '"Soviet Union"', "Zinov*", "высылка"):
        records = [h.to_json(locators) for h in search(seed_store, query, k=10, mode="lexical")]
        assert records, query
        assert_locators(records, files)
        for record in records:
            assert record["highlights"], (query, record["passage"])
            assert_locators(record["highlights"], files)
