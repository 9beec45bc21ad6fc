"""What the workbench refuses: paths out of its tree, requests without the token beyond
loopback, foreign Host names, edits without --write or without the form key; and markup in a
document shows as text."""

from __future__ import annotations

import sqlite3

import pytest

from adfontes.errors import StoreError
from adfontes.ingest.pipeline import ingest
from adfontes.serve.server import build_app, is_loopback
from adfontes.store import connect, connect_readonly
from tests.serve.conftest import call

TRAVERSALS = [
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/../../../etc/passwd",
    "/static/style.css/../../app.py", "/static/pages/__init__.py", "/static/", "/static/.css",
    "/source/../../etc/passwd", "/source/..%2f..%2fetc%2fpasswd", "/source/%2e%2e", "/source/x/../..",
    "/entity/../../etc/passwd", "/story/..", "/passage/../1", "/sources/../../etc/passwd.csv",
    "/../../etc/passwd", "/etc/passwd.json", "//etc/passwd",
    "/audit/../../etc/passwd", "/audit/..%2f..%2fetc%2fpasswd", "/audit/%2e%2e", "/audit/x/../..",
    "/audit/abcdef123456/../../app.py", "/audit/ABCDEF123456", "/at/../1", "/at/abcdef123456/-1",
    "/conflicts/../../etc/passwd", "/check/../../etc/passwd.json",
]  # fmt: skip


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal(demo_app, path):
    answer = call(demo_app, path)
    assert answer.status in (400, 404), (path, answer.status)
    assert b"root:" not in answer.body and b"import" not in answer.body


def test_static_files_are_served_from_the_package_only(demo_app):
    css = call(demo_app, "/static/style.css")
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    assert "Noto Sans" in css.text and "http" not in css.text  # system fonts, nothing fetched


def test_every_answer_forbids_loading_from_elsewhere(demo_app):
    policy = call(demo_app, "/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    html = call(demo_app, "/sources").text
    assert "https://" not in html and "http://" not in html


@pytest.fixture
def remote_app(demo_store):
    app = build_app(demo_store.path, host="0.0.0.0")
    yield app
    app.store.close()


def test_token_required_beyond_loopback(remote_app):
    token = remote_app.token
    assert token and len(token) >= 24
    assert remote_app.hosts is None  # a LAN name is fine: the token guards it
    assert call(remote_app, "/", host="192.0.2.7:8000").status == 401
    assert call(remote_app, "/sources.json", host="192.0.2.7:8000").status == 401
    assert call(remote_app, "/static/style.css").status == 401
    assert call(remote_app, "/", query={"token": "wrong"}).status == 401
    first = call(remote_app, "/", query={"token": token})
    assert first.status == 200
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith(f"adfontes_token={token};") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert token not in first.text  # links do not carry it on
    assert call(remote_app, "/sources", headers={"Cookie": f"adfontes_token={token}"}).status == 200
    assert call(remote_app, "/sources", headers={"X-Adfontes-Token": token}).status == 200
    assert call(remote_app, "/sources", headers={"Authorization": f"Bearer {token}"}).status == 200
    assert call(remote_app, "/sources", headers={"Cookie": "adfontes_token=nope"}).status == 401


def test_loopback_needs_no_token_but_a_loopback_host(demo_app):
    assert demo_app.token is None
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"):
        assert call(demo_app, "/", host=host).status == 200, host
    for host in ("evil.example:8000", "attacker.test", "127.0.0.1.evil.example", ""):
        assert call(demo_app, "/", host=host).status == 400, host


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True),
                                            ("::1", True), ("127.1.2.3", True), ("0.0.0.0", False),
                                            ("192.168.1.5", False), ("::", False)])  # fmt: skip
def test_what_counts_as_loopback(host, loopback):
    assert is_loopback(host) is loopback


def _entity(store) -> str:
    return store.conn.execute(
        "SELECT id FROM entities WHERE kind = 'person' ORDER BY mentions DESC LIMIT 1"
    ).fetchone()[0]


def test_edits_need_write(demo_app, demo_store):
    eid = _entity(demo_store)
    for path, form in ((f"/entity/{eid}/rename", {"label": "X"}),
                       (f"/entity/{eid}/merge", {"other": "Stalin"}),
                       (f"/source/{demo_store.conn.execute('SELECT id FROM sources').fetchone()[0]}/meta",
                        {"title": "X"})):  # fmt: skip
        answer = call(demo_app, path, method="POST", form={**form, "csrf": demo_app.csrf})
        assert answer.status == 403, path
    assert "Rename or merge" not in call(demo_app, f"/entity/{eid}").text
    assert call(demo_app, "/sources", method="PUT").status == 405


def test_readonly_store_refuses_writes(demo_store):
    store = connect_readonly(demo_store.path)
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM sources")
    store.close()


def test_a_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        build_app(str(tmp_path / "none.db"))


def test_edit_forms_need_their_key(writable_app):
    store = writable_app.store
    eid = _entity(store)
    assert "Rename or merge" in call(writable_app, f"/entity/{eid}").text
    stale = call(writable_app, f"/entity/{eid}/rename", method="POST", form={"label": "Lev"})
    assert stale.status == 403
    forged = call(writable_app, f"/entity/{eid}/rename", method="POST",
                  form={"label": "Lev", "csrf": "guess"})  # fmt: skip
    assert forged.status == 403
    assert call(writable_app, f"/entity/{eid}/rename", method="GET").status == 405


def test_rename_and_merge_are_names_decisions(writable_app):
    store = writable_app.store
    eid = _entity(store)
    done = call(writable_app, f"/entity/{eid}/rename", method="POST",
                form={"label": "Lev Davidovich Bronstein", "csrf": writable_app.csrf})  # fmt: skip
    assert done.status == 303
    labels = [r[0] for r in store.conn.execute("SELECT label FROM entities")]
    assert "Lev Davidovich Bronstein" in labels
    decisions = store.conn.execute("SELECT action FROM name_decisions").fetchall()
    assert [d[0] for d in decisions] == ["rename"]
    target = done.headers["Location"]
    assert call(writable_app, target).status == 200
    unknown = call(writable_app, f"/entity/{eid}/merge", method="POST",
                   form={"other": "Nobody Nowhere Atall", "csrf": writable_app.csrf})  # fmt: skip
    assert unknown.status == 400


def test_source_metadata_edit(writable_app):
    store = writable_app.store
    sid = store.conn.execute("SELECT id FROM sources WHERE parent_id IS NULL").fetchone()[0]
    bad = call(writable_app, f"/source/{sid}/meta", method="POST",
               form={"date": "12th of never", "csrf": writable_app.csrf})  # fmt: skip
    assert bad.status == 400 and "EDTF" in bad.text
    ok = call(writable_app, f"/source/{sid}/meta", method="POST",
              form={"title": "Edited <b>title</b>", "date": "1929-02", "csrf": writable_app.csrf})  # fmt: skip
    assert ok.status == 303 and ok.headers["Location"] == f"/source/{sid}"
    row = store.conn.execute("SELECT title, date FROM sources WHERE id = ?", (sid,)).fetchone()
    assert tuple(row) == ("Edited <b>title</b>", "1929-02")
    assert "Edited &lt;b&gt;title&lt;/b&gt;" in call(writable_app, f"/source/{sid}").text


@pytest.fixture
def hostile_app(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "hostile.txt").write_text(
        'A letter about <script>alert("x")</script> and <img src=x onerror=alert(1)>.\n\n'
        'Second paragraph with {braces} and a "quote" & an ampersand.\n',
        encoding="utf-8",
    )
    db = tmp_path / "hostile.db"
    with connect(db) as store:
        ingest(store, [folder], None)
    app = build_app(str(db))
    yield app
    app.store.close()


def test_markup_in_a_document_shows_as_text(hostile_app):
    sid = hostile_app.store.conn.execute("SELECT id FROM sources").fetchone()[0]
    for path, query in ((f"/source/{sid}", None), ("/sources", None),
                        ("/search", {"q": "letter"}), (f"/source/{sid}", {"text": "clean"}),
                        ("/check", {"q": '<script>alert("x")</script> and <img src=x>', "lang": "en"}),
                        ("/conflicts", {"who": "<script>"}), (f"/audit/{sid}", None)):  # fmt: skip
        html = call(hostile_app, path, query=query).text
        assert "<script" not in html and "<img" not in html, path
    html = call(hostile_app, f"/source/{sid}").text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "{braces}" in html
    data = call(hostile_app, f"/source/{sid}.json").json()
    assert '<script>alert("x")</script>' in data["passages"][0]["locator"]["text"]
