"""Reading events back: lists with filters, one event with every report and why it joined."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from bilat.store import schema

Record = dict[str, Any]


def list_events(
    conn: sa.Connection,
    pair: Sequence[str] = (),
    types: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Record]:
    """Events touching every country of ``pair``, of ``types``, overlapping [since, until]."""
    e = schema.events
    query = sa.select(e.c.id, e.c.type, e.c.key, e.c.start, e.c.end, e.c.data)
    if pair:
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
                e.c.start <= until, e.c.start == sa.func.substr(until, 1, sa.func.length(e.c.start))
            )
        )
    query = query.order_by(e.c.start.is_(None), e.c.start, e.c.id).offset(offset)
    if limit:
        query = query.limit(limit)
    return [_event_row(row) for row in conn.execute(query)]


def _event_row(row: Any) -> Record:
    return {
        "id": row.id,
        "type": row.type,
        "key": row.key,
        "start": row.start,
        "end": row.end,
        **row.data,
    }


def get_event(conn: sa.Connection, event_id: int) -> Record | None:
    """One event with its reports and outcomes: document, sentence, span, and the reason."""
    e = schema.events
    row = conn.execute(
        sa.select(e.c.id, e.c.type, e.c.key, e.c.start, e.c.end, e.c.data).where(e.c.id == event_id)
    ).first()
    if row is None:
        return None
    event = _event_row(row)
    event["members"] = event_members(conn, [event_id]).get(event_id, [])
    return event


def event_members(conn: sa.Connection, event_ids: Sequence[int]) -> dict[int, list[Record]]:
    """The facts of each event, oldest document first, with their provenance."""
    if not event_ids:
        return {}
    ef, f, d = schema.event_facts, schema.facts, schema.documents
    rows = conn.execute(
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
