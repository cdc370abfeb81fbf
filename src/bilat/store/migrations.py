"""Schema migrations: registered, numbered functions, applied in order and recorded.

A store records its schema version in ``bilat_meta``; opening an older store runs the missing
migrations in one transaction each, so an upgrade either completes or leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from bilat.errors import BilatError, E
from bilat.store import schema
from bilat.store.transactions import writing

Migration = Callable[[sa.Connection], None]
MIGRATIONS: dict[int, Migration] = {}


def migration(version: int) -> Callable[[Migration], Migration]:
    def register(function: Migration) -> Migration:
        MIGRATIONS[version] = function
        return function

    return register


LATEST = 4  # checked against the registry at import time below


@migration(1)
def create_base_tables(conn: sa.Connection) -> None:
    for table in (schema.meta, schema.documents, schema.sentences, schema.facts):
        table.create(conn, checkfirst=True)


@migration(2)
def add_fact_countries(conn: sa.Connection) -> None:
    """Index facts by country, backfilled from the facts already stored."""
    schema.fact_countries.create(conn, checkfirst=True)
    rows = conn.execute(sa.select(schema.facts.c.id, schema.facts.c.data)).all()
    links = [
        {"fact_id": fact_id, "country": code}
        for fact_id, data in rows
        for code in sorted(fact_country_codes(data))
    ]
    if links:
        conn.execute(schema.fact_countries.insert(), links)


@migration(3)
def add_events_and_persons(conn: sa.Connection) -> None:
    """Events across documents and persons across documents, built from the facts stored."""
    from bilat.resolve.events import resolve_all

    for table in (
        schema.events,
        schema.event_facts,
        schema.event_countries,
        schema.persons,
        schema.person_aliases,
        schema.person_offices,
        schema.event_persons,
    ):
        table.create(conn, checkfirst=True)
    resolve_all(conn)


@migration(4)
def add_query_indexes(conn: sa.Connection) -> None:
    """Indexes for queries at scale: documents by date, events by type and date."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_documents_date ON documents (date)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_type_start ON events (type, start)"))


def fact_country_codes(data: dict) -> set[str]:
    """Every country a fact names, whatever its type."""
    codes: set[str] = set()
    for key in ("countries", "parties", "hosts"):
        value = data.get(key)
        if isinstance(value, list):
            codes.update(str(v) for v in value if v)
    for key in ("guest_country", "host_country"):
        if data.get(key):
            codes.add(str(data[key]))
    return codes


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table(schema.meta.name):
        return 0
    value = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).scalar()
    return int(value) if value is not None else 0


def upgrade(engine: sa.Engine, url: str, target: int = LATEST) -> int:
    """Bring the store to ``target``; return the version it was at before."""
    with engine.connect() as conn:
        found = current_version(conn)
    if found > LATEST:
        raise BilatError(E.E021, url=url, found=found, known=LATEST)
    for version in range(found + 1, target + 1):
        with writing(engine) as conn:
            if current_version(conn) >= version:
                continue  # another process upgraded the store meanwhile
            MIGRATIONS[version](conn)
            _set_version(conn, version)
    return found


def _set_version(conn: sa.Connection, version: int) -> None:
    table = schema.meta
    updated = conn.execute(
        table.update().where(table.c.key == "schema_version").values(value=str(version))
    )
    if updated.rowcount == 0:
        conn.execute(table.insert().values(key="schema_version", value=str(version)))


assert max(MIGRATIONS) == LATEST, "LATEST must name the last registered migration"
