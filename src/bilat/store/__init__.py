"""The store: documents, sentences and facts in SQLite (default) or PostgreSQL."""

from bilat.store.store import Store, open_store

__all__ = ["Store", "open_store"]
