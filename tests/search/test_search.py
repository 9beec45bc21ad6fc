"""Search over a small store: name keys across scripts, phrases, filters, locators, fallback."""

from __future__ import annotations

import pytest

from adfontes.errors import UsageError
from adfontes.search import Filters, engine, lexical, make_filters, run, search
from adfontes.search.embed import Availability
from adfontes.store import search as db
from adfontes.store.sources import Locators
from tests.conftest import assert_locators


def _langs(hits):
    return {h.passage.lang for h in hits}


def _files(store):
    return {r["path"]: r["text"] for r in store.conn.execute("SELECT path, text FROM files")}


def test_every_spelling_of_a_name_is_found(store):
    hits = search(store, "Trotsky", k=20, mode="lexical")
    assert {"hu", "ru", "de", "en"} <= _langs(hits)
    hits = search(store, "Троцкий", k=20, mode="lexical")
    assert {"hu", "ru", "de", "en"} <= _langs(hits)


def test_hits_carry_locators_highlights_and_reasons(store):
    hits = search(store, "Trotsky expelled", k=10, mode="lexical")
    locators = Locators(store)
    records = [h.to_json(locators) for h in hits]
    files = _files(store)
    assert_locators(records, files)
    for record in records:
        assert_locators(record["highlights"], files)
        assert_locators([record["snippet"]], files)
        assert record["reasons"]["lexical_rank"] >= 1 and record["reasons"]["matched"]
    marked = {h["text"] for r in records for h in r["highlights"]}
    assert {"Trockijjal", "Троцкого", "Trotzki", "Trotsky", "expelled"} <= marked


def test_more_of_the_query_ranks_higher(store):
    hits = search(store, "Trotsky expelled Turkey", k=3, mode="lexical")
    assert "expelled to Turkey" in hits[0].passage.text


def test_phrase_and_prefix(store):
    assert len(search(store, '"left from Odessa"', mode="lexical")) == 1
    assert search(store, '"from left Odessa"', mode="lexical") == []
    hits = search(store, "kiutas*", mode="lexical")
    assert [h.passage.lang for h in hits] == ["hu"]


def test_a_word_in_every_passage_still_scores(store):
    n, _ = db.doc_stats(store.conn)
    assert lexical.idf(n, n) > 0
    assert lexical.idf(n, n // 2 + 1) > lexical.idf(n, n)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"lang": ["ru"]}, {"ru"}),
        ({"kind": ["secondary"]}, {"en", "de"}),
        ({"genre": ["letter"]}, {"hu"}),
        ({"source": ["de-bericht.txt"]}, {"de"}),
        ({"lang": ["ru", "hu"], "kind": ["primary"]}, {"ru", "hu"}),
    ],
    ids=["lang", "kind", "genre", "source", "two-filters"],
)
def test_filters(store, options, expected):
    hits = search(store, "Trotsky", k=20, mode="lexical", filters=make_filters(store, **options))
    assert _langs(hits) == expected


def test_who_filters_by_any_spelling(store):
    filters = make_filters(store, who="Zinoviev")
    hits = search(store, "высылка", k=20, mode="lexical", filters=filters)
    assert [h.passage.text[:8] for h in hits] == ["Зиновьев"]
    hits = search(store, "senki", k=20, mode="lexical", filters=filters)
    assert _langs(hits) == {"hu"}


def test_date_range_uses_the_dates_of_the_passage(store):
    if not db.has_table(store.conn, "times"):
        pytest.skip("no dates stage")
    feb = make_filters(store, date_from="1929-02", date_to="1929-02")
    assert {"hu", "de", "en"} <= _langs(search(store, "Trotsky", k=20, mode="lexical", filters=feb))
    jan = make_filters(store, date_from="1929-01-01", date_to="1929-01-31")
    assert _langs(search(store, "Trotsky", k=20, mode="lexical", filters=jan)) == {"ru"}
    late = make_filters(store, date_from="1950")
    assert search(store, "Trotsky", mode="lexical", filters=late) == []


@pytest.mark.parametrize(
    ("value", "upper", "bound"),
    [("1929", False, "1929-01-01"), ("1929", True, "1929-12-31"), ("1928-02", True, "1928-02-29"),
     ("1929-02-12", True, "1929-02-12")],
)  # fmt: skip
def test_date_bounds(value, upper, bound):
    assert engine.date_bound(value, upper=upper) == bound


@pytest.mark.parametrize(
    "bad",
    ["29", "1929-13", "Feb 1929", "1929-00", "1929-02-30", "1929-02-00", "1929-04-31", "1929-1-5"],
)
@pytest.mark.parametrize(("key", "option"), [("date_from", "--from"), ("date_to", "--to")])
def test_bad_dates_are_usage_errors_naming_the_option_and_value(store, bad, key, option):
    with pytest.raises(UsageError) as raised:
        make_filters(store, **{key: bad})
    assert str(raised.value).startswith(f"{option} {bad!r}")


def test_a_leap_day_is_a_date_only_in_a_leap_year(store):
    assert make_filters(store, date_to="1928-02-29").date_to == "1928-02-29"
    with pytest.raises(UsageError, match="no day 29"):
        make_filters(store, date_to="1929-02-29")


def test_from_after_to_is_a_usage_error(store):
    with pytest.raises(UsageError, match="--from '1930' is after --to '1929-12'"):
        make_filters(store, date_from="1930", date_to="1929-12")
    assert make_filters(store, date_from="1929-12-31", date_to="1929").date_from == "1929-12-31"


def test_unknown_source_is_a_usage_error(store):
    with pytest.raises(UsageError):
        make_filters(store, source=["nothing-like-this.txt"])


def test_without_embeddings_search_is_lexical_with_a_notice(store):
    results = run(store, "Trotsky", mode="fused")
    assert results.mode == "lexical" and results.hits
    assert any("no passage embeddings" in n for n in results.notices)


def test_without_an_embedder_search_is_lexical_with_a_notice(store, monkeypatch):
    monkeypatch.setattr(engine, "default_embedder", lambda: Availability(None, "no wheel"))
    results = run(store, "Trotsky", mode="dense")
    assert results.mode == "lexical" and results.hits
    assert results.notices == ["lexical search only: no wheel"]


def test_reindexing_gives_the_same_index(store):
    from adfontes.analyze import analyze

    before = store.conn.execute("SELECT rowid, words, stems, names FROM search_fts ORDER BY 1")
    before = before.fetchall()
    analyze(store)
    after = store.conn.execute("SELECT rowid, words, stems, names FROM search_fts ORDER BY 1")
    assert [tuple(r) for r in after.fetchall()] == [tuple(r) for r in before]


def test_empty_filters_are_empty():
    assert Filters().empty and not Filters(langs=("hu",)).empty


def test_unranked_candidates_give_the_same_ranking_when_the_pool_holds_every_match(
    store, monkeypatch
):
    ranked = [(h.passage.id, h.score) for h in search(store, "Trotsky Odessa", mode="lexical")]
    monkeypatch.setattr(lexical, "MAX_RANKED", 0)
    unranked = [(h.passage.id, h.score) for h in search(store, "Trotsky Odessa", mode="lexical")]
    assert unranked == ranked


def test_an_unindexed_store_says_so(tmp_path):
    from adfontes.store import connect

    with connect(tmp_path / "empty.db") as empty:
        results = run(empty, "Trotsky", mode="lexical")
        assert results.hits == [] and "index is empty" in results.notices[0]


def test_asking_for_more_hits_than_the_default_pool_gets_them(tmp_path, monkeypatch):
    import yaml

    from adfontes.ingest import manifest
    from adfontes.ingest.pipeline import ingest
    from adfontes.search import stage
    from adfontes.store import connect, sources

    monkeypatch.setenv("ADFONTES_EMBED", "0")
    words = ["harbour", "steamer", "winter", "letter", "consul", "exile", "island", "train"]
    n = lexical.POOL + 200
    paras = [f"Trotsky wrote about the {words[i % 8]} in note {i}." for i in range(n)]
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "notes.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    meta = {"sources": [{"path": "notes.txt", "language": "en", "kind": "primary"}]}
    (folder / "corpus.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    with connect(tmp_path / "many.db") as big:
        ingest(big, [folder], manifest.load(folder / "corpus.yaml"), base=folder)
        for source in sources.list_sources(big.conn):
            passages = sources.passages(big.conn, source_id=source.id, analysable=True)
            with big.transaction() as conn:
                stage.run_source(conn, source, passages)
        assert db.indexed_count(big.conn) == n
        k = lexical.POOL + 150
        hits = search(big, "Trotsky", k=k, mode="lexical")
        assert len(hits) == k == len({h.passage.id for h in hits})
        assert len(search(big, "Trotsky", k=n + 50)) == n
