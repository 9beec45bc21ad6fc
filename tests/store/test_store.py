from pathlib import Path

import pytest

from adfontes.errors import StoreError
from adfontes.store import connect
from adfontes.store.connect import migrate, migration_names, schema_sql

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "adfontes" / "store" / "schema.sql"


def test_empty_store_matches_committed_schema():
    with connect(":memory:") as store:
        assert schema_sql(store) == SCHEMA.read_text(encoding="utf-8"), (
            "store/schema.sql is stale: run python scripts/dump_schema.py"
        )


def test_every_migration_is_recorded_once(tmp_path):
    path = tmp_path / "a.db"
    with connect(path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM schema_migrations")]
        assert names == migration_names()
        assert migrate(store) == []


def test_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "a.db"
    with connect(path) as store:
        store.conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', 'x')")
    with pytest.raises(StoreError, match="newer adfontes"):
        connect(path)


def test_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no store here"):
        connect(tmp_path / "absent.db", create=False)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        connect(path)


def test_transaction_rolls_back_on_error(tmp_path):
    with connect(tmp_path / "a.db") as store:
        with pytest.raises(KeyboardInterrupt), store.transaction() as conn:
            conn.execute(
                "INSERT INTO files (id, path, format, bytes, text, ingested_at) "
                "VALUES ('x', 'p', 'txt', 1, 't', 'now')"
            )
            raise KeyboardInterrupt
        assert store.conn.execute("SELECT count(*) FROM files").fetchone()[0] == 0
