"""Embeddings stored by a store made before they were keyed by model survive the migration."""

from __future__ import annotations

import importlib
import sqlite3

from adfontes.store import connect
from adfontes.store import search as db

connect_module = importlib.import_module("adfontes.store.connect")


def _store_at(path, last: str, monkeypatch) -> None:
    """A store with the migrations up to ``last`` only, holding one passage and its vector."""
    older = [n for n in connect_module.migration_names() if n <= last]
    with monkeypatch.context() as patch:
        patch.setattr(connect_module, "migration_names", lambda: older)
        store = connect(path)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO files (id, path, format, bytes, text, ingested_at) "
            "VALUES ('f1', 'a.txt', 'txt', 5, 'Hello', 'then')"
        )
        conn.execute(
            "INSERT INTO sources (id, file_id, seq, start, end) VALUES ('s1', 'f1', 0, 0, 5)"
        )
        conn.execute(
            "INSERT INTO passages (id, file_id, source_id, seq, kind, start, end, norm) "
            "VALUES (7, 'f1', 's1', 0, 'paragraph', 0, 5, 'hello')"
        )
        conn.execute("INSERT INTO embeddings VALUES (7, 'old/model', 2, 0.5, x'7f81')")
    store.close()


def test_embeddings_from_a_0006_store_are_kept_and_keyed_by_model(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    _store_at(path, "0006_variants", monkeypatch)
    with sqlite3.connect(path) as raw:
        key = [r[1] for r in raw.execute("PRAGMA table_info(embeddings)") if r[5]]
    assert key == ["passage_id"]
    with connect(path) as store:
        applied = {r[0] for r in store.conn.execute("SELECT name FROM schema_migrations")}
        assert "0007_embeddings_model" in applied
        rows = store.conn.execute("SELECT * FROM embeddings").fetchall()
        assert [tuple(r) for r in rows] == [(7, "old/model", 2, 0.5, b"\x7f\x81")]
        info = store.conn.execute("PRAGMA table_info(embeddings)").fetchall()
        assert [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]] == ["passage_id", "model"]
        indexes = {r[1] for r in store.conn.execute("PRAGMA index_list(embeddings)")}
        assert "embeddings_model" in indexes
        with store.transaction() as conn:
            db.put_embeddings(conn, "new/model", [(7, 2, 0.25, b"\x01\x02")])
        assert db.embedding_state(store.conn, "old/model") == (1, 7)
        assert db.embedding_state(store.conn, "new/model") == (1, 7)
        with store.transaction() as conn:
            conn.execute("DELETE FROM passages WHERE id = 7")
        assert store.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 0
