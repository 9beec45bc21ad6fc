"""The threaded HTTP server around the application, and the choices ``adfontes serve`` makes:
loopback by default, a token beyond it, a writable store only with --write."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from adfontes.serve.app import LOOPBACK_NAMES, App
from adfontes.store import connect, connect_readonly


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class ThreadingServer6(ThreadingServer):
    address_family = socket.AF_INET6


class QuietHandler(WSGIRequestHandler):
    """One short line per request on stderr; no reverse DNS lookup."""

    def address_string(self) -> str:
        return self.client_address[0]

    def log_message(self, format: str, *args) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def build_app(db: str, *, host: str = "127.0.0.1", write: bool = False,
              token: str | None = None) -> App:  # fmt: skip
    """The application over the store ``db``: migrated once if it is older than this version,
    then read through a read-only connection. Beyond loopback a token is required (one is made
    when none is given); on loopback only loopback Host names are accepted."""
    connect(db, create=False).close()
    store = connect_readonly(db)
    loopback = is_loopback(host)
    if not loopback and token is None:
        token = secrets.token_urlsafe(24)
    hosts = set(LOOPBACK_NAMES) | {host} if loopback else None
    edit = (lambda: connect(db, create=False)) if write else None
    return App(store, edit=edit, token=None if loopback else token, hosts=hosts)


def make(app: App, host: str, port: int, quiet: bool = False):
    server_class = ThreadingServer6 if ":" in host else ThreadingServer
    handler = WSGIRequestHandler if not quiet else _Silent
    return make_server(host.strip("[]"), port, app, server_class=server_class,
                       handler_class=handler if quiet else QuietHandler)  # fmt: skip


class _Silent(QuietHandler):
    def log_message(self, format: str, *args) -> None:
        pass
