"""Write src/adfontes/store/schema.sql: the schema an empty store has after every migration.

Run after adding a migration; a test fails when the committed file differs from a fresh run.
"""

from __future__ import annotations

from pathlib import Path

from adfontes.store import connect
from adfontes.store.connect import schema_sql

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "adfontes" / "store" / "schema.sql"


def main() -> None:
    with connect(":memory:") as store:
        SCHEMA.write_text(schema_sql(store), encoding="utf-8")
    print(f"wrote {SCHEMA.name}")


if __name__ == "__main__":
    main()
