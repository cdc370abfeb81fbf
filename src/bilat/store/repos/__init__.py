"""Reading the store: every query of the readers (CLI, Python API, HTTP API, pages, exports)
behind one repository per kind of record.

    with reading(engine) as reads:
        events = reads.events.matching(pair=["VN", "KZ"], types=["visit"])
        person = reads.persons.get(reads.persons.find("Tô Lâm"))

A :class:`Reader` holds one connection, so every query of one answer sees the same committed
state of the store; the repositories return plain records (dicts), never rows or tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from bilat.store.repos.base import Record
from bilat.store.repos.documents import DocumentRepository
from bilat.store.repos.events import EventRepository
from bilat.store.repos.facts import FactRepository
from bilat.store.repos.persons import PersonRepository

__all__ = [
    "DocumentRepository",
    "EventRepository",
    "FactRepository",
    "PersonRepository",
    "Reader",
    "Record",
    "reading",
]


class Reader:
    """The repositories over one connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self.documents = DocumentRepository(conn)
        self.facts = FactRepository(conn)
        self.events = EventRepository(conn)
        self.persons = PersonRepository(conn)


@contextmanager
def reading(engine: sa.Engine) -> Iterator[Reader]:
    """A :class:`Reader` on a connection of ``engine``, closed when the block ends."""
    with engine.connect() as conn:
        yield Reader(conn)
