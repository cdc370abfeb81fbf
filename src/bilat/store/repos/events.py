"""Events merged across articles: filtered lists, the latest, one event's reports, the events
of a person or an organisation, and the pairs of countries they link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from bilat.store import schema
from bilat.store.repos.base import Record, event_record


class EventRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def matching(
        self,
        pair: Sequence[str] = (),
        types: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Events touching every country of ``pair``, of ``types``, overlapping [since, until],
        oldest first (undated last)."""
        e = schema.events
        query = _event_columns()
        if len(pair) == 2:
            # the events relating the two, through the (a, b, event_id) index
            ep = schema.event_pairs
            a, b = sorted(pair)
            query = query.where(
                e.c.id.in_(sa.select(ep.c.event_id).where(ep.c.a == a, ep.c.b == b))
            )
        elif pair:
            # the events of every country named, through the (country, event_id) index
            first, *others = [schema.event_countries.alias() for _ in pair]
            ids = sa.select(first.c.event_id).where(first.c.country == pair[0])
            for alias, code in zip(others, pair[1:], strict=True):
                ids = ids.join(
                    alias, sa.and_(alias.c.event_id == first.c.event_id, alias.c.country == code)
                )
            query = query.where(e.c.id.in_(ids))
        if types:
            query = query.where(e.c.type.in_(list(types)))
        if since:
            # an event overlaps when it ends on or after ``since`` at the coarser precision
            last = sa.func.coalesce(e.c.end, e.c.start)
            query = query.where(
                sa.or_(last >= since, last == sa.func.substr(since, 1, sa.func.length(last)))
            )
        if until:
            query = query.where(
                sa.or_(
                    e.c.start <= until,
                    e.c.start == sa.func.substr(until, 1, sa.func.length(e.c.start)),
                )
            )
        query = query.order_by(e.c.start.is_(None), e.c.start, e.c.id).offset(offset)
        if limit:
            query = query.limit(limit)
        return [event_record(row) for row in self.conn.execute(query)]

    def latest(self, n: int) -> list[Record]:
        """The ``n`` dated events that start last, latest first (the oldest id first among
        events of the same start)."""
        e = schema.events
        query = (
            _event_columns()
            .where(e.c.start.is_not(None), e.c.start != "")
            .order_by(e.c.start.desc(), e.c.id)
            .limit(n)
        )
        return [event_record(row) for row in self.conn.execute(query)]

    def get(self, event_id: int) -> Record | None:
        row = self.conn.execute(_event_columns().where(schema.events.c.id == event_id)).first()
        return None if row is None else event_record(row)

    def members(self, event_ids: Sequence[int]) -> dict[int, list[Record]]:
        """The facts of each event, oldest document first, with their provenance and the
        reason each joined."""
        if not event_ids:
            return {}
        ef, f, d = schema.event_facts, schema.facts, schema.documents
        rows = self.conn.execute(
            sa.select(
                ef.c.event_id,
                ef.c.role,
                ef.c.reason,
                f.c.id,
                f.c.type,
                f.c.data,
                f.c.evidence,
                f.c.span_start,
                f.c.span_end,
                d.c.id.label("doc_id"),
                d.c.name,
                d.c.date,
                d.c.title,
                d.c.url,
            )
            .join(f, f.c.id == ef.c.fact_id)
            .join(d, d.c.id == f.c.doc_id)
            .where(ef.c.event_id.in_(list(event_ids)))
            .order_by(d.c.date, d.c.name, f.c.id)
        ).all()
        found: dict[int, list[Record]] = {}
        for row in rows:
            found.setdefault(row.event_id, []).append(
                {
                    "fact_id": row.id,
                    "type": row.type,
                    "role": row.role,
                    "reason": row.reason,
                    "fields": row.data,
                    "doc": row.name,
                    "doc_id": row.doc_id,
                    "doc_date": row.date,
                    "doc_title": row.title,
                    "url": row.url,
                    "sentence": row.evidence,
                    "span": [row.span_start, row.span_end],
                }
            )
        return found

    def of_person(self, person_id: int) -> list[Record]:
        """The events a person took part in, by start, as lines (no merged fields)."""
        e, ep = schema.events, schema.event_persons
        rows = self.conn.execute(
            _event_columns()
            .join(ep, ep.c.event_id == e.c.id)
            .where(ep.c.person_id == person_id)
            .order_by(e.c.start)
        )
        return [_event_line(row) for row in rows]

    def of_country(self, code: str) -> list[Record]:
        """The events naming a country or an organisation, by start, as lines."""
        e, ec = schema.events, schema.event_countries
        rows = self.conn.execute(
            _event_columns()
            .join(ec, ec.c.event_id == e.c.id)
            .where(ec.c.country == code)
            .order_by(e.c.start)
        )
        return [_event_line(row) for row in rows]

    def pairs(self, limit: int, offset: int = 0) -> list[Record]:
        """Pairs of countries by how many events relate them, most first: ``a`` < ``b``."""
        ep = schema.event_pairs
        query = (
            sa.select(ep.c.a, ep.c.b, sa.func.count().label("events"))
            .group_by(ep.c.a, ep.c.b)
            .order_by(sa.func.count().desc(), ep.c.a, ep.c.b)
            .limit(limit)
            .offset(offset)
        )
        return [{"a": r.a, "b": r.b, "events": r.events} for r in self.conn.execute(query)]


def _event_columns() -> sa.Select[Any]:
    e = schema.events
    return sa.select(e.c.id, e.c.type, e.c.key, e.c.start, e.c.end, e.c.data)


def _event_line(row: Any) -> Record:
    """An event as an entity lists it: what, when, and from how many articles."""
    return {
        "id": row.id,
        "type": row.type,
        "key": row.key,
        "start": row.start,
        "end": row.end,
        "sources": row.data.get("sources", []),
    }
