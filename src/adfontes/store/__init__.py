"""The store: SQLite by default. All SQL lives in this package."""

from adfontes.store.connect import Store, connect, connect_readonly

__all__ = ["Store", "connect", "connect_readonly"]
