"""Write transactions, one writer at a time across processes, on either backend.

Merging a document's facts into events reads the events of its buckets and then writes: two
ingests doing that at once could each start the same event. So every write transaction
first takes the store's write lock, and readers never wait for it:

- SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock at the start (waiting up to
  ``busy_timeout``), instead of failing halfway when a deferred transaction tries to write
  after another writer committed; WAL mode lets readers go on meanwhile.
- PostgreSQL: a transaction-level advisory lock, released at commit or rollback; readers see
  the last committed state (MVCC).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

# pg_advisory_xact_lock's key for bilat's write lock ("bilat" in ASCII).
WRITE_LOCK_KEY = 0x62696C6174
_WRITE = "bilat_write"


def prepare_engine(engine: sa.Engine) -> None:
    """Let bilat begin SQLite transactions itself (the driver's implicit BEGIN cannot be
    IMMEDIATE); the recipe of SQLAlchemy's pysqlite documentation."""
    if engine.dialect.name != "sqlite":
        return
    sa.event.listen(engine, "connect", _driver_autocommit)
    sa.event.listen(engine, "begin", _begin)


@contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction holding the store's write lock; committed on success, else rolled back."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            yield conn


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The id of the row an INSERT just added."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table of bilat has an integer key
        raise RuntimeError("the INSERT returned no primary key")
    return int(key[0])


def _driver_autocommit(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin(conn: sa.Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
