"""Each view answers in HTML, and its JSON twin carries the records the command line gives."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from adfontes.views.corpus import sources_view
from tests.conftest import assert_locators, run_cli
from tests.serve.conftest import call

PAGES = ["/", "/sources", "/search", "/entities", "/timeline", "/stories", "/collate"]


def _files(store) -> dict[str, str]:
    return {r[0]: r[1] for r in store.conn.execute("SELECT path, text FROM files")}


def _first(store, sql: str, *args):
    return store.conn.execute(sql, args).fetchone()[0]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_html_and_a_json_twin(demo_app, path):
    page = call(demo_app, path)
    assert page.status == 200, page.text
    assert page.headers["Content-Type"].startswith("text/html")
    assert '<html lang="en">' in page.text
    assert "<script" not in page.text
    twin = call(demo_app, "/index.json" if path == "/" else f"{path}.json")
    assert twin.status == 200, twin.text
    assert twin.headers["Content-Type"].startswith("application/json")
    assert isinstance(twin.json(), dict)


def test_html_links_its_json_twin(demo_app):
    page = call(demo_app, "/sources", query={"language": "hu"})
    assert 'href="/sources.json?language=hu"' in page.text
    assert 'href="/sources.csv?language=hu"' in page.text


def test_sources_json_is_the_cli_records(demo_app, demo_store, capsys):
    twin = call(demo_app, "/sources.json", query={"per_page": 1000}).json()
    code, out, _ = run_cli("sources", "--db", demo_store.path, "--json", capsys=capsys)
    assert code == 0
    assert twin["sources"] == json.loads(out)["sources"]
    assert twin["count"] == twin["total"] == len(sources_view(demo_store))


def test_lists_paginate(demo_app, demo_store):
    first = call(demo_app, "/sources.json", query={"per_page": 5}).json()
    second = call(demo_app, "/sources.json", query={"per_page": 5, "page": 2}).json()
    assert first["count"] == 5 and first["page"] == 1
    assert first["pages"] == -(-first["total"] // 5)
    assert {s["id"] for s in first["sources"]}.isdisjoint(s["id"] for s in second["sources"])
    html = call(demo_app, "/sources", query={"per_page": 5}).text
    assert 'href="/sources?per_page=5&amp;page=2"' in html


def test_overview_counts_what_the_stages_stored(demo_app, demo_store, capsys):
    data = call(demo_app, "/index.json").json()
    code, out, _ = run_cli("stats", "--db", demo_store.path, "--json", capsys=capsys)
    assert code == 0
    stats = json.loads(out)
    assert data["counts"] == stats["counts"] and data["stages"] == stats["stages"]
    assert data["records"]["entities"] == _first(demo_store, "SELECT count(*) FROM entities")
    assert data["records"]["times"] == _first(demo_store, "SELECT count(*) FROM times")
    assert sum(data["by"]["language"].values()) == sum(data["by"]["decade"].values())


def _footnoted(store) -> str:
    return _first(store, "SELECT p.source_id FROM footnote_links l "
                         "JOIN passages p ON p.id = l.marker_passage_id LIMIT 1")  # fmt: skip


def test_reader_marks_names_dates_citations_and_links_footnotes_both_ways(demo_app, demo_store):
    sid = _footnoted(demo_store)
    data = call(demo_app, f"/source/{sid}.json").json()
    assert data["id"] == sid and data["passages"]
    assert data["mentions"] and data["dates"] and data["footnotes"]
    assert_locators(data["passages"] + data["mentions"] + data["dates"], _files(demo_store))
    html = call(demo_app, f"/source/{sid}").text
    for p in data["passages"]:
        assert f'id="p-{p["seq"]}"' in html
    note = data["footnotes"][0]
    ref = f"fnref-{note['marker']['start']}"
    assert f'<a class="fn" id="{ref}" href="#p-{note["note_passage"]}"' in html
    assert f'href="#{ref}"' in html  # the note links back to its marker
    assert 'class="hl hl-name" href="/entity/' in html
    assert 'class="hl hl-date"' in html
    for kind in ("name", "date", "cite"):
        assert f'id="show-{kind}"' in html
    assert f'lang="{data["language"]}"' in html


def test_reader_shows_the_cleaned_text_on_request(demo_app, demo_store):
    sid = _footnoted(demo_store)
    data = call(demo_app, f"/source/{sid}.json").json()
    html = call(demo_app, f"/source/{sid}", query={"text": "clean"}).text
    assert "Showing the cleaned text" in html
    assert all(p["norm"] for p in data["passages"])


def test_passage_address_redirects_to_its_anchor(demo_app, demo_store):
    sid, seq = demo_store.conn.execute("SELECT source_id, seq FROM passages LIMIT 1").fetchone()
    answer = call(demo_app, f"/passage/{sid}/{seq}")
    assert answer.status == 303
    assert answer.headers["Location"].endswith(f"#p-{seq}")
    assert call(demo_app, f"/passage/{sid}/99999").status == 404


def test_search_finds_every_language_and_matches_the_cli(demo_app, demo_store, capsys):
    data = call(demo_app, "/search.json", query={"q": "Trotsky"}).json()
    assert {"en", "hu", "ru"} <= {h["lang"] for h in data["hits"]}
    code, out, _ = run_cli("search", "Trotsky", "--db", demo_store.path, "--json", "-k", "20",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    cli_hits = json.loads(out)["hits"]
    assert [h["passage"] for h in data["hits"]] == [h["passage"] for h in cli_hits]
    assert [h["locator"] for h in data["hits"]] == [h["locator"] for h in cli_hits]
    html = call(demo_app, "/search", query={"q": "Троцкий"}).text
    assert "<mark>" in html and 'lang="hu"' in html and 'lang="en"' in html


def test_search_filters(demo_app):
    data = call(demo_app, "/search.json", query={"q": "Trotsky", "lang": "ru"}).json()
    assert data["hits"] and {h["lang"] for h in data["hits"]} == {"ru"}
    bad = call(demo_app, "/search.json", query={"q": "Trotsky", "from": "soon"})
    assert bad.status == 400 and "soon" in bad.json()["error"]["message"]


def test_entity_page_has_spellings_passages_timeline_and_network(demo_app, demo_store):
    top = _first(demo_store, "SELECT id FROM entities WHERE kind = 'person' ORDER BY mentions DESC")
    data = call(demo_app, f"/entity/{top}.json").json()
    assert len(data["spellings"]) >= 3  # named in three languages or more
    assert data["passages"] and data["timeline"] and data["cooccurring"]
    assert_locators([p["locator"] for p in data["passages"]], _files(demo_store))
    html = call(demo_app, f"/entity/{top}").text
    assert '<svg class="network"' in html and '<svg class="timeline"' in html
    other = data["cooccurring"][0]["id"]
    assert f'href="/entity/{other}"' in html
    assert 'lang="ru"' in html


def test_timeline_filters_and_spans(demo_app, demo_store):
    every = call(demo_app, "/timeline.json", query={"per_page": 1000}).json()
    assert every["entries"] and any(e["uncertain"] for e in every["entries"])
    window = call(demo_app, "/timeline.json", query={"from": "1929-01", "to": "1929-02"}).json()
    assert window["entries"] and all("1929-01" <= e["earliest"] <= e["latest"] <= "1929-02-28"
                                     for e in window["entries"])  # fmt: skip
    person = call(demo_app, "/timeline.json", query={"who": "Trotsky", "per_page": 1000}).json()
    assert 0 < person["total"] < every["total"]
    html = call(demo_app, "/timeline", query={"from": "1929", "to": "1929"}).text
    assert '<rect class="span"' in html or '<circle class="day"' in html
    assert re.search(r'href="/passage/[0-9a-f.]+/\d+"', html)


def test_stories_and_collation(demo_app, demo_store):
    stories = call(demo_app, "/stories.json").json()
    assert stories["stories"] and stories["stories"][0]["drift"]
    sid = stories["stories"][0]["id"]
    assert call(demo_app, f"/story/{sid}").status == 200
    a, b = (r[0] for r in demo_store.conn.execute(
        "SELECT id FROM sources WHERE language = 'de' ORDER BY id LIMIT 2"))  # fmt: skip
    data = call(demo_app, "/collate.json", query={"w": [a, b]}).json()
    assert data["witnesses"] == ["A", "B"] and data["variants"]
    html = call(demo_app, "/collate", query={"w": [a, b]}).text
    assert 'class="omitted"' in html or 'class="added"' in html


def test_csv_exports_what_is_on_screen(demo_app):
    answer = call(demo_app, "/sources.csv", query={"per_page": 3})
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert answer.headers["Content-Disposition"] == 'attachment; filename="sources.csv"'
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0][0] == "id" and len(rows) == 4
    for path in ("/timeline.csv", "/entities.csv", "/stories.csv", "/index.csv"):
        assert call(demo_app, path).status == 200, path


def test_unknown_pages_and_bad_parameters(demo_app):
    assert call(demo_app, "/nowhere").status == 404
    assert call(demo_app, "/source/abcdef123456").status == 404
    assert call(demo_app, "/entity/P-nobody-at-all").status == 404
    bad = call(demo_app, "/sources.json", query={"page": "two"})
    assert bad.status == 400 and bad.json() == {
        "error": {"status": 400, "message": "page must be a whole number, not 'two'"}
    }


def test_timeline_place_filter_keeps_passages_naming_the_place(demo_app, demo_store):
    every = call(demo_app, "/timeline.json", query={"per_page": 1000}).json()
    place = demo_store.conn.execute(
        "SELECT id FROM entities WHERE kind = 'place' ORDER BY mentions DESC LIMIT 1"
    ).fetchone()[0]
    there = call(demo_app, "/timeline.json", query={"place": place, "per_page": 1000}).json()
    assert 0 < there["total"] < every["total"]
    named = {r[0] for r in demo_store.conn.execute(
        "SELECT p.start FROM mentions m JOIN passages p ON p.id = m.passage_id "
        "WHERE m.entity_id = ?", (place,))}  # fmt: skip
    starts = {e["passage"]["start"] for e in there["entries"]}
    assert starts <= named


def test_serve_without_a_store_is_a_store_error(tmp_path, capsys):
    code, _, err = run_cli("serve", "--db", str(tmp_path / "none.db"), capsys=capsys)
    assert code == 3 and "no store here" in err


def test_concurrent_requests_share_the_store_safely(demo_app):
    from concurrent.futures import ThreadPoolExecutor

    paths = [("/search.json", {"q": "Trotsky"}), ("/timeline.json", {"who": "Trotsky"}),
             ("/entities.json", {}), ("/stories.json", {}), ("/index.json", {})] * 4  # fmt: skip
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda pq: call(demo_app, pq[0], query=pq[1]), paths))
    assert [a.status for a in answers] == [200] * len(paths)
    first = {p: a.body for (p, _), a in zip(paths, answers, strict=True)}
    assert all(a.body == first[p] for (p, _), a in zip(paths, answers, strict=True))
