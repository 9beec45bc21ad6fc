"""The claims views of the workbench (conflicts, check, audit, claim marks in the reader) carry
the command line's records, and ``adfontes audit --html`` writes the same page as a file."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from adfontes.serve.html import Safe
from adfontes.serve.pages.claims import check_body, conflict_item
from tests.conftest import run_cli
from tests.serve.conftest import call

CLAIM = "Trotsky arrived in Constantinople on 12 February 1929."


def _busiest(store) -> str:
    return store.conn.execute(
        "SELECT source_id FROM claims GROUP BY source_id ORDER BY count(*) DESC, source_id"
    ).fetchone()[0]


def test_conflicts_page_is_the_cli_list(demo_app, demo_store, capsys):
    twin = call(demo_app, "/conflicts.json", query={"per_page": 1000}).json()
    code, out, _ = run_cli("conflicts", "--db", demo_store.path, "--json", capsys=capsys)
    assert code == 0
    assert twin["conflicts"] == json.loads(out)["conflicts"] and twin["total"] > 0
    html = call(demo_app, "/conflicts").text
    first = twin["conflicts"][0]
    assert f'href="/at/{first["a"]["claim"]["source"]}/{first["a"]["claim"]["start"]}"' in html
    assert '<mark class="m-conflict"' in html and "confidence" in html
    assert call(demo_app, "/conflicts.csv").text.startswith("rank,type,confidence")


def test_conflicts_filters_match_the_cli(demo_app, demo_store, capsys):
    twin = call(demo_app, "/conflicts.json",
                query={"type": "date", "who": "Trotsky", "per_page": 1000}).json()  # fmt: skip
    code, out, _ = run_cli("conflicts", "--type", "date", "--who", "Trotsky", "--db",
                           demo_store.path, "--json", capsys=capsys)  # fmt: skip
    assert code == 0
    assert twin["conflicts"] == json.loads(out)["conflicts"]
    assert twin["conflicts"] and {c["type"] for c in twin["conflicts"]} == {"date"}
    paged = call(demo_app, "/conflicts.json", query={"per_page": 2, "page": 2}).json()
    assert paged["count"] == 2 and paged["conflicts"][0]["rank"] == 3
    bad = call(demo_app, "/conflicts.json", query={"type": "colour"})
    assert bad.status == 400 and "colour" in bad.json()["error"]["message"]


def test_check_page_is_the_cli_check(demo_app, demo_store, capsys):
    twin = call(demo_app, "/check.json", query={"q": CLAIM, "lang": "en"}).json()
    code, out, _ = run_cli("check", CLAIM, "--lang", "en", "--db", demo_store.path, "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0
    assert twin == json.loads(out)
    assert twin["verdict"] in ("corroborated", "contested", "contradicted", "single-source")
    html = call(demo_app, "/check", query={"q": CLAIM, "lang": "en"}).text
    assert "Verdict: " in html and twin["explanation"] in unescape(html)
    # every evidence source shows, under its group, with the compared spans marked on both sides
    for row in twin["evidence"]:
        assert row["source_name"] in html
    compared = [c for row in twin["evidence"] for c in row["compared"]]
    assert compared and '<mark class="m-agree"' in html
    date = next(c for c in compared if c["slot"] in ("date", "time"))
    assert re.search(r'<mark class="m-\w+" title="[^"]*">' + re.escape(date["claim"]["text"]), html)
    assert call(demo_app, "/check").status == 200
    assert call(demo_app, "/check.json", query={"q": CLAIM, "lang": "xx"}).status == 400


def test_audit_page_is_the_cli_audit(demo_app, demo_store, capsys):
    sid = _busiest(demo_store)
    twin = call(demo_app, f"/audit/{sid}.json").json()
    code, out, _ = run_cli("audit", sid, "--db", demo_store.path, "--json", capsys=capsys)
    assert code == 0
    assert twin == json.loads(out)
    html = call(demo_app, f"/audit/{sid}").text
    for verdict, n in twin["verdicts"].items():
        assert re.search(rf'v-{verdict}">{verdict}</span> <span class="big">{n}</span>', html)
    assert call(demo_app, "/audit/abcdef123456").status == 404
    assert call(demo_app, f"/audit/{sid}.csv").text.startswith("verdict,")


def test_reader_marks_claims_with_links_to_check_them(demo_app, demo_store):
    sid = _busiest(demo_store)
    data = call(demo_app, f"/source/{sid}.json").json()
    assert data["claims"]
    html = call(demo_app, f"/source/{sid}").text
    assert 'id="show-claim"' in html and 'class="hl hl-claim"' in html
    links = re.findall(r'<a class="check-claim" href="([^"]+)"', html)
    assert len(links) == len(data["claims"])
    query = parse_qs(urlsplit(unescape(links[0])).query)
    assert query["q"] == [" ".join(data["claims"][0]["text"].split())]
    assert query["lang"] == [data["claims"][0]["lang"]]
    answer = call(demo_app, "/check", query={k: v[0] for k, v in query.items()})
    assert answer.status == 200 and "Verdict" in answer.text


def test_offsets_lead_to_their_passage(demo_app, demo_store):
    sid, start, seq = demo_store.conn.execute(
        "SELECT c.source_id, c.start, p.seq FROM claims c JOIN passages p ON p.id = c.passage_id"
    ).fetchone()
    answer = call(demo_app, f"/at/{sid}/{start}")
    assert answer.status == 303 and answer.headers["Location"] == f"/passage/{sid}/{seq}"
    assert call(demo_app, f"/at/{sid}/999999999").status == 404


def test_overview_counts_claims_and_conflicts(demo_app, demo_store):
    data = call(demo_app, "/index.json").json()
    assert (
        data["records"]["claims"]
        == demo_store.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    )
    assert data["records"]["conflicts"] == call(demo_app, "/conflicts.json").json()["total"]
    nav = call(demo_app, "/").text
    assert 'href="/conflicts">Conflicts</a>' in nav and 'href="/check">Check</a>' in nav


def _loc(text: str, start: int = 0) -> dict:
    return {"source": "abcdef123456", "path": "corpus/<x>.txt", "start": start,
            "end": start + len(text), "line": 1, "text": text}  # fmt: skip


def test_markup_in_claims_shows_as_text():
    evil = '<script>alert("x")</script> arrived on 12 February 1929'
    mark = {"start": evil.index("12"), "end": len(evil), "text": "12 February 1929"}
    conflict = {"rank": 1, "type": "date", "confidence": 0.9, "label": "likely",
                "reason": "<b>dates</b>", "reasons": ["<i>x</i>"],
                "a": {"claim": _loc(evil), "slot": mark}, "b": {"claim": _loc(evil)}}  # fmt: skip
    out = conflict_item(conflict)
    assert isinstance(out, Safe)
    assert "<script" not in out and "<b>" not in out and "<i>" not in out
    assert "&lt;script&gt;" in out and "corpus/&lt;x&gt;.txt" not in out  # file name only
    data = {"claim": evil, "lang": "en", "verdict": "contested", "explanation": "<u>2</u>",
            "slots": [], "support_groups": [], "contradict_groups": [],
            "evidence": [{"stance": "related", "source": "abcdef123456", "source_name": "<x>",
                          "kind": None, "same_event": 0.5, "locator": _loc(evil),
                          "reasons": ["<em>"], "compared": [{"kind": "agree", "slot": "time",
                          "text": "<t>", "claim": mark, "evidence": mark}]}]}  # fmt: skip
    body = check_body(data)
    assert "<script" not in body and "<u>" not in body and "<em>" not in body
    assert "<t>" not in body and "<x>" not in body and "&lt;x&gt;" in body


def test_audit_html_report(demo_store, tmp_path, capsys):
    sid = _busiest(demo_store)
    target = tmp_path / "audit.html"
    code, _, err = run_cli("audit", sid, "--db", demo_store.path, "--html", str(target), "--json",
                           capsys=capsys)  # fmt: skip
    assert code == 0, err
    page = target.read_text("utf-8")
    code, out, _ = run_cli("audit", sid, "--db", demo_store.path, "--json", capsys=capsys)
    data = json.loads(out)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert 'rel="stylesheet"' not in page and "<script" not in page and "http" not in page
    assert 'href="/' not in page  # no links into a workbench that is not there
    for verdict, n in data["verdicts"].items():
        assert f'v-{verdict}">{verdict}</span> <span class="big">{n}</span>' in page
    for c in data["claims"]:
        assert " ".join(c["locator"]["text"].split())[:40] in " ".join(unescape(page).split())


def test_audit_html_escapes_the_text(demo_store, tmp_path, capsys, monkeypatch):
    from adfontes.claims import views

    real = views.audit_view

    def with_markup(store, source, kind=None):
        result = real(store, source, kind)
        result["claims"][0]["locator"]["text"] = "<script>alert(1)</script>"
        return result

    monkeypatch.setattr(views, "audit_view", with_markup)
    target = tmp_path / "audit.html"
    code, _, err = run_cli("audit", _busiest(demo_store), "--db", demo_store.path, "--html",
                           str(target), capsys=capsys)  # fmt: skip
    assert code == 0, err
    page = target.read_text("utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_audit_html_into_a_missing_folder_is_refused(demo_store, tmp_path, capsys):
    target = tmp_path / "nowhere" / "audit.html"
    code, _, err = run_cli("audit", _busiest(demo_store), "--db", demo_store.path, "--html",
                           str(target), capsys=capsys)  # fmt: skip
    assert code != 0 and str(target) in err and "does not exist" in err
    assert not target.parent.exists()


def test_warming_works_out_the_conflicts_before_the_first_page(demo_store):
    from adfontes.serve.server import build_app

    app = build_app(demo_store.path)
    try:
        assert "conflicts" not in app.cache
        app.warm()
        assert "conflicts" in app.cache
        assert call(app, "/").status == 200
    finally:
        app.store.close()
