"""The WSGI application: checks each request (Host, token, method, --write), finds its page and
renders the page's data as HTML, JSON or CSV. Store access is serialised by one lock."""

from __future__ import annotations

import hmac
import json
import re
import secrets
import sys
import threading
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from importlib import resources
from urllib.parse import parse_qs

from adfontes import __version__, csvfile
from adfontes.errors import InputError, StoreError, UsageError
from adfontes.serve import pages
from adfontes.serve.html import Safe, h, join, lang_attr
from adfontes.store import Store

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
TOKEN_COOKIE = "adfontes_token"
STATIC = re.compile(r"/static/(?P<name>[A-Za-z0-9_-]{1,64}\.(?:css|js|svg))")
STATIC_TYPES = {"css": "text/css", "js": "text/javascript", "svg": "image/svg+xml"}
MAX_BODY = 64 * 1024
SECURITY_HEADERS = [
    ("Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
]  # fmt: skip


class HTTPError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]
    app: App
    fmt: str = "html"
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def store(self) -> Store:
        return self.app.store

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        value = values[-1].strip() if values else ""
        return value or default

    def args(self, name: str) -> list[str]:
        return [v.strip() for v in self.query.get(name, []) if v.strip()]

    def int(self, name: str, default: int, lo: int, hi: int) -> int:
        raw = self.arg(name)
        if raw is None:
            return default
        if not raw.isdigit():
            raise UsageError(f"{name} must be a whole number, not {raw!r}")
        return max(lo, min(hi, int(raw)))

    def field(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[-1].strip() if values else None

    def params(self, *names: str) -> dict:
        """The query parameters ``names`` as given (for links that keep the filters)."""
        return {n: self.query[n] for n in names if self.query.get(n)}


class App:
    """``App(store, write=..., token=..., hosts=...)`` is a WSGI callable.

    ``hosts``: the Host names accepted (None: any); a loopback server accepts only loopback
    names, which stops DNS rebinding. ``token``: when set, required on every request.
    ``edit``: opens a writable store for one edit (None: read-only, POST answers 403).
    """

    def __init__(self, store: Store, *, edit=None, token: str | None = None,
                 hosts: set[str] | None = None) -> None:  # fmt: skip
        self.store = store
        self.edit = edit
        self.token = token
        self.hosts = {h.lower() for h in hosts} if hosts is not None else None
        self.csrf = secrets.token_urlsafe(18)
        self.lock = threading.RLock()
        self.registry = pages.load()
        self.cache: dict = {}

    def memo(self, key, make):
        """What ``make()`` returns, kept until the store is next edited (call under the lock)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def warm(self) -> None:
        """Work out what every visitor's first page would otherwise wait for (the corpus's
        conflicts, for the overview): once, before the server answers."""
        with self.lock:
            for warmer in pages.WARMERS:
                warmer(self)

    @property
    def writable(self) -> bool:
        return self.edit is not None

    # --- WSGI -----------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        extra: list[tuple[str, str]] = []
        try:
            status, headers, body = self.handle(environ, extra)
        except HTTPError as exc:
            status, headers, body = self.error(exc.status, exc.message, environ)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            status, headers, body = self.error(500, "the server failed on this page", environ)
        headers = headers + extra + SECURITY_HEADERS
        headers.append(("Content-Length", str(len(body))))
        reason = HTTPStatus(status).phrase
        start_response(f"{status} {reason}", headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    def handle(self, environ, extra: list) -> tuple[int, list, bytes]:
        self.check_host(environ)
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        self.check_token(environ, query, extra)
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "/") or "/"
        if method not in ("GET", "HEAD", "POST"):
            raise HTTPError(405, f"method {method} is not allowed")
        m = STATIC.fullmatch(path)
        if m:
            return self.static(m["name"])
        if path.startswith("/static/"):
            raise HTTPError(404, "no such file")
        form: dict[str, list[str]] = {}
        if method == "POST":
            form = self.check_post(environ)
        fmt = "html"
        for suffix in ("json", "csv"):
            if path.endswith("." + suffix):
                path, fmt = path[: -len(suffix) - 1], suffix
        path = "/" if path == "/index" else path
        found = self.registry.match(path)
        if found is None:
            raise HTTPError(404, f"no page at {path}")
        route, params = found
        if method == "POST" and "POST" not in route.methods:
            raise HTTPError(405, "this page cannot be posted to")
        if method != "POST" and "GET" not in route.methods:
            raise HTTPError(405, "this address takes a form (POST)")
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items()
                   if k.startswith("HTTP_")}  # fmt: skip
        req = Request(method, path, query, form, headers, self, fmt)
        try:
            # One request at a time reads the store (its connection and the stages' caches
            # are shared); rendering may read it too (labels, languages), so it is inside.
            with self.lock:
                try:
                    result = route.handler(req, **params)
                finally:
                    if method == "POST":
                        self.cache.clear()  # an edit may change what was derived from the store
                if isinstance(result, pages.Redirect):
                    return 303, [("Location", result.location)], b""
                return self.render(req, result)
        except (UsageError, InputError) as exc:
            raise HTTPError(400, str(exc)) from exc
        except StoreError as exc:
            raise HTTPError(500, str(exc)) from exc
        except LookupError as exc:
            raise HTTPError(404, str(exc.args[0]) if exc.args else "not found") from exc

    # --- checks ---------------------------------------------------------------------------------

    def check_host(self, environ) -> None:
        if self.hosts is None:
            return
        host = environ.get("HTTP_HOST") or ""
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower() not in self.hosts:
            raise HTTPError(400, f"unknown Host {host!r}: open the address adfontes serve printed")

    def check_token(self, environ, query: dict, extra: list) -> None:
        if self.token is None:
            return
        cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        auth = environ.get("HTTP_AUTHORIZATION", "")
        offered = [
            environ.get("HTTP_X_ADFONTES_TOKEN", ""),
            auth[7:] if auth.lower().startswith("bearer ") else "",
            cookies[TOKEN_COOKIE].value if TOKEN_COOKIE in cookies else "",
        ]
        from_query = (query.pop("token", None) or [""])[-1]
        if from_query and hmac.compare_digest(from_query.encode(), self.token.encode()):
            extra.append(("Set-Cookie", f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; "
                                        "SameSite=Strict"))  # fmt: skip
            return
        if any(o and hmac.compare_digest(o.encode(), self.token.encode()) for o in offered):
            return
        raise HTTPError(401, "this workbench needs its token: open the address with ?token= "
                             "that adfontes serve printed")  # fmt: skip

    def check_post(self, environ) -> dict[str, list[str]]:
        if not self.writable:
            raise HTTPError(403, "the workbench is read-only: start it with --write to edit")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            raise HTTPError(413, "the form is too large")
        body = environ["wsgi.input"].read(length) if length else b""
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        offered = (form.get("csrf") or [""])[-1]
        if not hmac.compare_digest(offered.encode(), self.csrf.encode()):
            raise HTTPError(403, "the form is stale or came from another site: reload the page")
        return form

    # --- responses ------------------------------------------------------------------------------

    def static(self, name: str) -> tuple[int, list, bytes]:
        file = resources.files("adfontes.serve").joinpath("static", name)
        if not file.is_file():
            raise HTTPError(404, "no such file")
        kind = STATIC_TYPES[name.rsplit(".", 1)[1]]
        return 200, [("Content-Type", f"{kind}; charset=utf-8")], file.read_bytes()

    def render(self, req: Request, page: pages.Page) -> tuple[int, list, bytes]:
        if req.fmt == "json":
            body = json.dumps(page.data, ensure_ascii=False, indent=2) + "\n"
            return 200, [("Content-Type", "application/json; charset=utf-8")], body.encode()
        if req.fmt == "csv":
            if page.csv is None:
                raise HTTPError(404, "this page has no CSV export")
            head, rows = page.csv(page.data)
            name = re.sub(r"[^A-Za-z0-9.-]+", "-", req.path.strip("/")) or "overview"
            return 200, [("Content-Type", "text/csv; charset=utf-8"),
                         ("Content-Disposition", f'attachment; filename="{name}.csv"')], \
                csvfile.table(head, rows).encode()  # fmt: skip
        body = layout(req, page.title, page.render(page.data), csv=page.csv is not None,
                      title_lang=page.lang)  # fmt: skip
        return 200, [("Content-Type", "text/html; charset=utf-8")], body.encode()

    def error(self, status: int, message: str, environ) -> tuple[int, list, bytes]:
        path = environ.get("PATH_INFO", "")
        if path.endswith(".json") or "json" in environ.get("HTTP_ACCEPT", "").split(",")[0]:
            body = json.dumps({"error": {"status": status, "message": message}},
                              ensure_ascii=False) + "\n"  # fmt: skip
            return status, [("Content-Type", "application/json; charset=utf-8")], body.encode()
        page = h('<div class="error" role="alert"><h1>{} {}</h1><p>{}</p>'
                 '<p><a href="/">Back to the overview</a></p></div>',
                 status, HTTPStatus(status).phrase, message)  # fmt: skip
        text = _document(f"{status} {HTTPStatus(status).phrase}", page, nav=Safe(""))
        return status, [("Content-Type", "text/html; charset=utf-8")], text.encode()


def layout(req: Request, title: str, body: Safe, *, csv: bool, title_lang: str | None) -> str:
    nav = []
    for _, path, label in req.app.registry.nav:
        here = ' aria-current="page"' if path == req.path else ""
        nav.append(h('<li><a href="{}"' + here + ">{}</a></li>", path, label))
    query = _query(req)
    base = "/index" if req.path == "/" else req.path
    twins = [h('<a href="{}">JSON</a>', f"{base}.json{query}")]
    if csv:
        twins.append(h('<a href="{}">CSV</a>', f"{base}.csv{query}"))
    mode = "editing on" if req.app.writable else "read-only"
    nav_html = (
        Safe('<nav class="site" aria-label="views"><ul>') + join(nav) + Safe("</ul>")
        + h('<p class="mode">{}</p></nav>', mode)
    )  # fmt: skip
    lang = lang_attr(title_lang) if title_lang else ""
    head = h('<header class="page"><h1' + lang + ">{}</h1>", title) + h(
        '<p class="twins">This page as {}</p></header>', Safe(" · ".join(twins))
    )
    return _document(title, head + body, nav=nav_html, alternate=f"{base}.json{query}")


def _query(req: Request) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(req.query, doseq=True) if req.query else ""


def _document(title: str, body: Safe, *, nav: Safe, alternate: str | None = None) -> str:
    alt = (
        h('<link rel="alternate" type="application/json" href="{}">', alternate)
        if alternate
        else ""
    )
    return (
        Safe('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">')
        + h("<title>{} · adfontes</title>", title)
        + Safe('<link rel="stylesheet" href="/static/style.css">') + Safe(alt)
        + Safe('</head><body><a class="skip" href="#main">Skip to the content</a>')
        + h('<div class="brand"><a href="/">adfontes</a> <span>{}</span></div>', __version__)
        + nav + Safe('<main id="main">') + body + Safe("</main></body></html>\n")
    )  # fmt: skip


def report_document(title: str, body: Safe) -> str:
    """A page that stands alone (a file to keep or send): the package's style sheet inline,
    no links to the workbench, nothing fetched."""
    css = resources.files("adfontes.serve").joinpath("static", "style.css").read_text("utf-8")
    return (
        Safe('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">')
        + h("<title>{} · adfontes</title>", title)
        + Safe("<style>" + css.replace("</", "<\\/") + "</style></head><body>")
        + h('<main id="main"><header class="page"><h1>{}</h1>', title)
        + h('<p class="twins">adfontes {}</p></header>', __version__)
        + body + Safe("</main></body></html>\n")
    )  # fmt: skip
