"""End to end in a real browser: the workbench on a free loopback port, driven through
Playwright with Debian's chromium (no browser is downloaded). Each view of the demo corpus is
opened, a search runs across languages, an entity is followed to its passage, and no request may
leave the loopback address. Screenshots go to ``tests/artifacts/`` (or ``$ADFONTES_ARTIFACTS``).

Skipped when /usr/bin/chromium or the playwright package is missing.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from adfontes.serve.server import build_app, make

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("ADFONTES_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTIFACTS = Path(
    os.environ.get("ADFONTES_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts")
)
VIEWS = [("overview", "/", "Corpus overview"), ("sources", "/sources", "Sources"),
         ("search", "/search", "Search"), ("entities", "/entities", "Entities"),
         ("timeline", "/timeline", "Timeline"), ("stories", "/stories", "Stories"),
         ("collate", "/collate", "Collation"), ("conflicts", "/conflicts", "Conflicts"),
         ("check", "/check", "Check")]  # fmt: skip


@pytest.fixture(scope="module")
def server(demo_store):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    app = build_app(demo_store.path)
    httpd = make(app, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()
    app.store.close()


@pytest.fixture(scope="module")
def browser(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as exc:  # a chromium that cannot start here is a skip, not a failure
            pytest.skip(f"chromium does not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A page whose every request is checked: loopback only, anything else aborted and noted."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="hu-HU")
    outside: list[str] = []
    seen: list[str] = []
    errors: list[str] = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "about:")) or host in ("127.0.0.1",):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("request", lambda r: seen.append(r.url))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert not outside, f"requests left loopback: {outside}"
    assert all(u.startswith(server) or u.startswith(("data:", "about:")) for u in seen), seen
    assert not errors, errors


def shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("name, path, title", VIEWS, ids=[v[0] for v in VIEWS])
def test_each_view_opens(page, server, name, path, title):
    answer = page.goto(server + path)
    assert answer.status == 200
    assert page.locator("h1").first.inner_text().startswith(title)
    assert page.locator("nav.site a[aria-current=page]").count() == 1
    assert page.evaluate("document.documentElement.lang") == "en"
    shot(page, name)
    twin = page.locator("p.twins a", has_text="JSON")
    twin.click()
    assert page.evaluate("JSON.parse(document.body.innerText)") is not None


def test_search_across_languages(page, server):
    page.goto(server + "/search")
    box = page.get_by_label("Search")
    box.fill("Троцкий")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    langs = {t.lower() for t in page.locator("ol.hits .lang").all_inner_texts()}
    assert {"en", "hu", "ru"} <= langs, langs
    snippets = page.locator("ol.hits .snippet")
    assert snippets.first.get_attribute("lang") in {"en", "hu", "ru", "de", "fr"}
    assert page.locator("ol.hits mark").count() > 0
    shot(page, "search-cross-lingual")
    page.locator("ol.hits li a").first.click()
    assert "#p-" in page.url
    assert page.locator(".passage:target").count() == 1


def test_follow_an_entity_to_its_passages(page, server):
    page.goto(server + "/entities")
    page.locator("table a[href^='/entity/P-']").first.click()
    assert page.get_by_role("heading", name="Spellings by language").is_visible()
    assert page.locator("dl.spellings span[lang=ru]").count() > 0
    assert page.locator("svg.network a").count() > 0
    shot(page, "entity")
    neighbour = page.locator("svg.network a").first
    neighbour.click()
    assert "/entity/" in page.url
    page.go_back()
    page.locator("ul.passages a").first.click()
    assert "#p-" in page.url and page.locator(".passage:target").count() == 1
    shot(page, "reader-from-entity")


def test_reader_toggles_marks_from_the_keyboard(page, server, demo_store):
    sid = demo_store.conn.execute(
        "SELECT p.source_id FROM footnote_links l JOIN passages p ON p.id = l.marker_passage_id"
    ).fetchone()[0]
    page.goto(server + f"/source/{sid}")
    mark = page.locator(".hl-name").first
    before = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    page.locator("#show-name").focus()
    page.keyboard.press("Space")
    after = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before != after and after in ("rgba(0, 0, 0, 0)", "transparent")
    note = page.locator("a.fn").first
    note.click()
    assert page.locator(".passage:target").count() == 1
    page.locator(".passage:target a.back").first.click()
    assert "#fnref-" in page.url
    shot(page, "reader")


def test_timeline_zooms_and_links_passages(page, server):
    page.goto(server + "/timeline")
    page.locator("nav.zoom a", has_text="1929").first.click()
    assert "from=1929" in page.url
    assert page.locator("svg.timeline a").count() > 0
    shot(page, "timeline-1929")
    page.locator("table a[href^='/passage/']").first.click()
    assert page.locator(".passage:target").count() == 1


CLAIM = "Trotsky arrived in Constantinople on 12 February 1929."


def test_conflicts_quote_both_passages(page, server):
    page.goto(server + "/conflicts")
    first = page.locator("ol.conflicts > li").first
    assert first.locator(".side blockquote").count() == 2
    assert first.locator("mark.m-conflict").count() >= 1
    shot(page, "conflicts")
    page.select_option("select[name=type]", "date")
    page.get_by_role("button", name="Filter").click()
    assert "type=date" in page.url
    assert {t.lower() for t in page.locator("ol.conflicts .type").all_inner_texts()} == {"date"}
    page.locator("ol.conflicts .side a[href^='/at/']").first.click()
    assert "#p-" in page.url and page.locator(".passage:target").count() == 1


def test_check_a_claim_from_the_form(page, server):
    page.goto(server + "/check")
    page.get_by_label("Claim").fill(CLAIM)
    page.get_by_role("button", name="Check").click()
    page.wait_for_url("**/check?q=*")
    heading = page.locator("#v").inner_text()
    assert heading.startswith("Verdict: ") and "true" not in heading.lower()
    assert page.locator("section.group").count() >= 2
    assert page.locator("li.evidence .side blockquote").count() >= 2
    assert page.locator("li.evidence mark.m-agree").count() > 0
    assert page.locator("li.evidence mark.m-conflict").count() > 0
    shot(page, "check")


def test_follow_a_claim_from_the_reader_to_check(page, server, demo_store):
    sid = demo_store.conn.execute(
        "SELECT source_id FROM claims GROUP BY source_id ORDER BY count(*) DESC, source_id"
    ).fetchone()[0]
    page.goto(server + f"/source/{sid}")
    link = page.locator(".text a.check-claim").first
    assert not link.is_visible()  # claims are marked on request
    page.locator("#show-claim").check()
    assert link.is_visible()
    mark = page.locator(".hl-claim").first
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)", "transparent")  # fmt: skip
    shot(page, "reader-claims")
    link.click()
    page.wait_for_url("**/check?q=*")
    assert page.locator("#v").inner_text().startswith("Verdict: ")
    shot(page, "check-from-reader")
