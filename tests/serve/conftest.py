"""The workbench tested in-process: requests go straight to the WSGI application."""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from adfontes.serve.server import build_app


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def call(app, path: str, *, method: str = "GET", query: dict | str | None = None,
         headers: dict | None = None, form: dict | None = None,
         host: str = "127.0.0.1:8000") -> Response:  # fmt: skip
    body = urlencode(form, doseq=True).encode() if form is not None else b""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "HTTP_HOST": host, "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)), "wsgi.url_scheme": "http",
        "QUERY_STRING": query if isinstance(query, str) else urlencode(query or {}, doseq=True),
    }  # fmt: skip
    if form is not None:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    for k, v in (headers or {}).items():
        environ["HTTP_" + k.upper().replace("-", "_")] = v
    seen = {}

    def start_response(status, response_headers):
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(response_headers)

    out = b"".join(app(environ, start_response))
    return Response(seen["status"], seen["headers"], out)


@pytest.fixture(scope="session")
def demo_app(demo_store):
    app = build_app(demo_store.path)
    yield app
    app.store.close()


def copy_store(store, path) -> str:
    """A private copy of a shared store, for tests that write."""
    target = sqlite3.connect(path)
    store.conn.backup(target)
    target.close()
    return str(path)


@pytest.fixture
def writable_app(demo_store, tmp_path):
    app = build_app(copy_store(demo_store, tmp_path / "copy.db"), write=True)
    yield app
    app.store.close()
