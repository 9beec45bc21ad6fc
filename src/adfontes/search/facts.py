"""Facts about the whole store (counts, languages, vector state), read once while it is unchanged.

A query must not pay for a full count of 100,000 rows; these facts only change when the store
does, which ``PRAGMA data_version`` (other connections) and ``total_changes`` (this one) tell.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_facts: dict = {}


def state(conn: sqlite3.Connection) -> tuple:
    # The connection itself, not its id: an id can be reused by the next connection opened.
    return (conn, conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])


def fact(conn: sqlite3.Connection, read: Callable[..., T], *args) -> T:
    """``read(conn, *args)``, computed once per state of the store."""
    now = state(conn)
    if _facts.get("state") != now:
        _facts.clear()
        _facts["state"] = now
    key = (read, args)
    if key not in _facts:
        _facts[key] = read(conn, *args)
    return _facts[key]
