"""Open a store: SQLite in WAL mode with foreign keys, migrated to this version's schema."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from adfontes.errors import StoreError

MIGRATIONS = "adfontes.store.migrations"
BUSY_TIMEOUT_MS = 10_000


def migration_names() -> list[str]:
    files = resources.files(MIGRATIONS).iterdir()
    return sorted(f.name.removesuffix(".sql") for f in files if f.name.endswith(".sql"))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A connection to one store, with a transaction helper that rolls back on any error."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @contextmanager
    def transaction(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(path: str | Path = "adfontes.db", *, create: bool = True) -> Store:
    """Open (and, with ``create``, make) the store at ``path`` and apply pending migrations."""
    path = str(path)
    if path != ":memory:" and not create and not Path(path).exists():
        raise StoreError(f"{path}: no store here (run 'adfontes ingest' first)")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        store = Store(conn, path)
        migrate(store)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from exc
    return store


def connect_readonly(path: str | Path) -> Store:
    """Open an existing store for reading only (SQLite ``mode=ro``), shared across threads.

    The store must already be at this version's schema: nothing is migrated, nothing written."""
    path = str(path)
    if not Path(path).is_file():
        raise StoreError(f"{path}: no store here (run 'adfontes ingest' first)")
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )  # fmt: skip
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        applied = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from exc
    pending = [name for name in migration_names() if name not in applied]
    if pending:
        conn.close()
        raise StoreError(f"{path}: the store needs migrating to this version ({pending[0]})")
    return Store(conn, path)


def migrate(store: Store) -> list[str]:
    """Apply each pending migration in its own transaction, with the row that records it."""
    conn = store.conn
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    applied = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    known = migration_names()
    newer = sorted(applied - set(known))
    if newer:
        raise StoreError(
            f"{store.path}: written by a newer adfontes (unknown migration {newer[0]}); upgrade"
        )
    done = []
    for name in known:
        if name in applied:
            continue
        sql = resources.files(MIGRATIONS).joinpath(f"{name}.sql").read_text(encoding="utf-8")
        with store.transaction():
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, now()))
        done.append(name)
    return done


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (``executescript`` would commit our transaction)."""
    statements, buffer = [], []
    for line in sql.splitlines():
        buffer.append(line)
        if sqlite3.complete_statement("\n".join(buffer)):
            statements.append("\n".join(buffer))
            buffer = []
    return [s for s in statements if s.strip()]


def schema_sql(store: Store) -> str:
    """The schema as SQLite keeps it, in a stable order (compared with ``store/schema.sql``)."""
    rows = store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY type DESC, name"
    )
    return "\n".join(r[0].strip() + ";" for r in rows) + "\n"
