"""Persons as the corpus knows them: aliases, offices with when they were seen, events."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process

from bilat.resolve.events import find_person
from bilat.store import schema
from bilat.text import fold

Record = dict[str, Any]
# How close a name must be to a known alias when it is not one exactly.
NAME_SCORE = 85


def entity(conn: sa.Connection, name: str) -> Record | None:
    """The person a name designates: by alias, by surname, else by the closest alias."""
    person_id = find_person(conn, name)
    if person_id is None:
        aliases = conn.execute(
            sa.select(schema.person_aliases.c.folded, schema.person_aliases.c.person_id)
        ).all()
        if aliases:
            best = process.extractOne(fold(name), [a for a, _ in aliases], scorer=fuzz.WRatio)
            if best and best[1] >= NAME_SCORE:
                person_id = aliases[best[2]][1]
    if person_id is None:
        return None
    p, pa, po = schema.persons, schema.person_aliases, schema.person_offices
    row = conn.execute(sa.select(p.c.id, p.c.name, p.c.country).where(p.c.id == person_id)).one()
    aliases = (
        conn.execute(sa.select(pa.c.alias).where(pa.c.person_id == person_id).order_by(pa.c.alias))
        .scalars()
        .all()
    )
    offices = conn.execute(
        sa.select(po.c.office, po.c.country, po.c.first_seen, po.c.last_seen)
        .where(po.c.person_id == person_id)
        .order_by(po.c.first_seen)
    ).all()
    e, ep = schema.events, schema.event_persons
    events = conn.execute(
        sa.select(e.c.id, e.c.type, e.c.key, e.c.start, e.c.end, e.c.data)
        .join(ep, ep.c.event_id == e.c.id)
        .where(ep.c.person_id == person_id)
        .order_by(e.c.start)
    ).all()
    return {
        "id": row.id,
        "name": row.name,
        "country": row.country,
        "aliases": list(aliases),
        "offices": [
            {
                "office": o.office,
                "country": o.country or None,
                "first_seen": o.first_seen,
                "last_seen": o.last_seen,
            }
            for o in offices
        ],
        "events": [_event_line(ev) for ev in events],
    }


def organisation(conn: sa.Connection, kb: Any, name: str) -> Record | None:
    """A bloc or organisation of the knowledge base, with the events that name it."""
    code = name.strip().upper()
    org = kb.organisations.get(code)
    if org is None:
        folded = fold(name)
        org = next(
            (o for o in kb.organisations.values() if any(fold(n) == folded for n in o.names)), None
        )
    if org is None:
        return None
    e, ec = schema.events, schema.event_countries
    events = conn.execute(
        sa.select(e.c.id, e.c.type, e.c.key, e.c.start, e.c.end, e.c.data)
        .join(ec, ec.c.event_id == e.c.id)
        .where(ec.c.country == org.code)
        .order_by(e.c.start)
    ).all()
    return {
        "id": org.code,
        "name": org.names[0],
        "kind": org.kind,
        "country": getattr(org, "country", None),
        "aliases": list(org.names),
        "offices": [],
        "events": [_event_line(ev) for ev in events],
    }


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
