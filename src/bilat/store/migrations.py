"""Schema migrations: registered, numbered functions, applied in order and recorded.

A store records its schema version in ``bilat_meta``; opening an older store for writing runs
the missing migrations in one transaction each, so an upgrade either completes or leaves the
store as it was.

A migration is frozen once released: it changes the schema and moves data, and never calls
code that may change later (the merging rules). When derived data must be computed again, it
records so (``events_stale``) and the engine rebuilds it after the upgrade.
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


LATEST = 5  # checked against the registry at import time below
# bilat_meta key: set when the events must be rebuilt from the facts (after a migration)
EVENTS_STALE = "events_stale"


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
    """Events across documents and persons across documents; the events of the facts already
    stored are built after the upgrade (the rules of the day, not those of this release)."""
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
    if conn.execute(sa.select(schema.facts.c.id).limit(1)).first() is not None:
        mark_events_stale(conn)


@migration(4)
def add_query_indexes(conn: sa.Connection) -> None:
    """Indexes for queries at scale: documents by date, events by type and date."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_documents_date ON documents (date)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_type_start ON events (type, start)"))


@migration(5)
def add_event_pairs(conn: sa.Connection) -> None:
    """The pairs each event relates (a tour: its guest with each host); the events are built
    again after the upgrade to fill them."""
    schema.event_pairs.create(conn, checkfirst=True)
    if conn.execute(sa.select(schema.events.c.id).limit(1)).first() is not None:
        mark_events_stale(conn)


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
    _set_meta(conn, "schema_version", str(version))


def _set_meta(conn: sa.Connection, key: str, value: str) -> None:
    table = schema.meta
    updated = conn.execute(table.update().where(table.c.key == key).values(value=value))
    if updated.rowcount == 0:
        conn.execute(table.insert().values(key=key, value=value))


def mark_events_stale(conn: sa.Connection) -> None:
    """Record that the events must be rebuilt from the facts."""
    _set_meta(conn, EVENTS_STALE, "1")


def mark_events_fresh(conn: sa.Connection) -> None:
    """Record that the events were rebuilt (in the rebuild's transaction)."""
    conn.execute(schema.meta.delete().where(schema.meta.c.key == EVENTS_STALE))


def events_stale(conn: sa.Connection) -> bool:
    if not sa.inspect(conn).has_table(schema.meta.name):
        return False
    value = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == EVENTS_STALE)
    ).scalar()
    return value == "1"


assert max(MIGRATIONS) == LATEST, "LATEST must name the last registered migration"
