"""Events in the store: the data access the merging of facts into events needs.

:class:`EventStore` works on one connection, inside the caller's transaction (a document's,
or a rebuild's). It holds every SQL statement of the merging; when two reports are one event
is decided above it (``bilat.resolve``), which reaches the store only through this interface.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bilat.records import Record
from bilat.store import schema
from bilat.store.persons import find_person
from bilat.store.transactions import inserted_id


class EventStore:
    """Facts as records, and events with their members and links, on one connection."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------------ facts
    def fact_records(self, fact_ids: Sequence[int]) -> list[Record]:
        """Stored facts as records: fields plus id, type, document id, name and date."""
        if not fact_ids:
            return []
        f, d = schema.facts, schema.documents
        rows = self.conn.execute(
            sa.select(f.c.id, f.c.type, f.c.data, f.c.doc_id, d.c.name, d.c.date)
            .join(d, d.c.id == f.c.doc_id)
            .where(f.c.id.in_(list(fact_ids)))
            .order_by(f.c.id)
        ).all()
        return [
            {**data, "id": fact_id, "type": kind, "doc_id": doc_id, "doc": name, "doc_date": date}
            for fact_id, kind, data, doc_id, name, date in rows
        ]

    def pair_facts_in_months(
        self, pair: Sequence[str], months: Sequence[str], event_id: int, exclude_type: str
    ) -> list[Record]:
        """Facts naming both countries of ``pair``, not of ``exclude_type``, dated (or
        published) in one of ``months`` (YYYY-MM), and not yet members of ``event_id``."""
        f, d, fc, ef = schema.facts, schema.documents, schema.fact_countries, schema.event_facts
        a, b = fc.alias(), fc.alias()
        in_window = sa.or_(
            *[f.c.date.like(f"{m}%") for m in months], *[d.c.date.like(f"{m}%") for m in months]
        )
        linked = sa.select(ef.c.fact_id).where(ef.c.event_id == event_id)
        ids = (
            self.conn.execute(
                sa.select(f.c.id)
                .join(d, d.c.id == f.c.doc_id)
                .join(a, sa.and_(a.c.fact_id == f.c.id, a.c.country == pair[0]))
                .join(b, sa.and_(b.c.fact_id == f.c.id, b.c.country == pair[1]))
                .where(f.c.type != exclude_type, in_window, f.c.id.not_in(linked))
            )
            .scalars()
            .all()
        )
        return self.fact_records(ids)

    def document_ids(self) -> list[str]:
        """Every stored document, oldest first (by date, then name)."""
        d = schema.documents
        return list(self.conn.execute(sa.select(d.c.id).order_by(d.c.date, d.c.name)).scalars())

    def fact_ids(self, doc_id: str) -> list[int]:
        f = schema.facts
        return list(
            self.conn.execute(
                sa.select(f.c.id).where(f.c.doc_id == doc_id).order_by(f.c.id)
            ).scalars()
        )

    # ------------------------------------------------------------------ events
    def bucket(self, kind: str, key: str) -> list[tuple[int, str | None]]:
        """The events of one bucket: (id, start)."""
        e = schema.events
        rows = self.conn.execute(
            sa.select(e.c.id, e.c.start).where(e.c.type == kind, e.c.key == key)
        ).all()
        return [(int(event_id), start) for event_id, start in rows]

    def events_in_buckets(self, kind: str, keys: Sequence[str]) -> list[tuple[int, Record]]:
        """The events of several buckets of one type: (id, summary)."""
        e = schema.events
        rows = self.conn.execute(
            sa.select(e.c.id, e.c.data).where(e.c.type == kind, e.c.key.in_(list(keys)))
        ).all()
        return [(int(event_id), data) for event_id, data in rows]

    def event(self, event_id: int) -> tuple[str, Record] | None:
        """An event's type and summary."""
        e = schema.events
        row = self.conn.execute(sa.select(e.c.type, e.c.data).where(e.c.id == event_id)).first()
        return (row.type, row.data) if row is not None else None

    def event_type(self, event_id: int) -> str:
        e = schema.events
        return str(self.conn.execute(sa.select(e.c.type).where(e.c.id == event_id)).scalar_one())

    def members(self, event_id: int, role: str = "report") -> list[Record]:
        """The facts of an event in one role (report or outcome), as records."""
        ef = schema.event_facts
        ids = (
            self.conn.execute(
                sa.select(ef.c.fact_id).where(ef.c.event_id == event_id, ef.c.role == role)
            )
            .scalars()
            .all()
        )
        return self.fact_records(ids)

    def is_member(self, event_id: int, fact_id: int) -> bool:
        ef = schema.event_facts
        return (
            self.conn.execute(
                sa.select(ef.c.fact_id).where(ef.c.event_id == event_id, ef.c.fact_id == fact_id)
            ).first()
            is not None
        )

    def new_event(self, kind: str, key: str) -> int:
        return inserted_id(
            self.conn.execute(
                schema.events.insert().values(type=kind, key=key, data={}, updated_at=_now())
            )
        )

    def add_member(self, event_id: int, fact_id: int, role: str, reason: str) -> None:
        self.conn.execute(
            schema.event_facts.insert().values(
                event_id=event_id, fact_id=fact_id, role=role, reason=reason
            )
        )

    def update_event(
        self, event_id: int, summary: Record, start: str | None, end: str | None
    ) -> None:
        e = schema.events
        self.conn.execute(
            e.update()
            .where(e.c.id == event_id)
            .values(data=summary, start=start, end=end, updated_at=_now())
        )

    def delete_event(self, event_id: int) -> None:
        self.conn.execute(schema.events.delete().where(schema.events.c.id == event_id))

    def link_countries(self, event_id: int, codes: Iterable[str]) -> None:
        """Link the event to the countries it is not linked to yet."""
        _add_links(self.conn, schema.event_countries, "country", event_id, set(codes))

    def link_pairs(self, event_id: int, pairs: Iterable[tuple[str, str]]) -> None:
        """Link the event to the pairs of countries it relates, not linked yet."""
        t = schema.event_pairs
        wanted = {tuple(sorted(p)) for p in pairs if p[0] != p[1]}
        held = {
            (r.a, r.b)
            for r in self.conn.execute(sa.select(t.c.a, t.c.b).where(t.c.event_id == event_id))
        }
        rows = [{"event_id": event_id, "a": a, "b": b} for a, b in sorted(wanted - held)]
        if rows:
            self.conn.execute(t.insert(), rows)

    def link_persons(self, event_id: int, names: Iterable[str | None]) -> None:
        """Link the event to the stored persons these names are (when known)."""
        ids = {
            pid
            for name in names
            if name
            for pid in [find_person(self.conn, name)]
            if pid is not None
        }
        _add_links(self.conn, schema.event_persons, "person_id", event_id, ids)

    def clear_events(self) -> None:
        """Delete every event, with its members and links (before a rebuild)."""
        for table in (
            schema.event_persons,
            schema.event_facts,
            schema.event_countries,
            schema.event_pairs,
            schema.events,
        ):
            self.conn.execute(table.delete())


def _add_links(
    conn: sa.Connection, table: sa.Table, column: str, event_id: int, values: set[Any]
) -> None:
    known = set(
        conn.execute(sa.select(table.c[column]).where(table.c.event_id == event_id)).scalars()
    )
    if values - known:
        conn.execute(
            table.insert(), [{"event_id": event_id, column: v} for v in sorted(values - known)]
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
