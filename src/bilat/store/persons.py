"""Persons across documents: who an article names, under which aliases, in which offices.

A name is matched to a stored person by one of its aliases (folded), else by a shared surname
within the same country; an article's persons are added or merged into those already known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from bilat.records import Record
from bilat.store import schema
from bilat.store.transactions import inserted_id
from bilat.text import fold, person_tokens


def find_person(conn: sa.Connection, name: str, country: str | None = None) -> int | None:
    """The stored person a name is: an alias, else a shared surname (in the same country)."""
    pa, p = schema.person_aliases, schema.persons
    exact = (
        conn.execute(sa.select(pa.c.person_id).where(pa.c.folded == fold(name))).scalars().first()
    )
    if exact is not None:
        return int(exact)
    tokens = person_tokens(name)
    if not tokens:
        return None
    surname = sorted(tokens, key=len)[-1]
    query = (
        sa.select(pa.c.person_id, pa.c.alias)
        .join(p, p.c.id == pa.c.person_id)
        .where(pa.c.folded.like(f"%{surname}%"))
    )
    if country:
        query = query.where(sa.or_(p.c.country == country, p.c.country.is_(None)))
    for person_id, alias in conn.execute(query):
        if surname in person_tokens(alias):
            return int(person_id)
    return None


def add_persons(
    conn: sa.Connection, doc_id: str, doc_date: str | None, persons: Iterable[Mapping[str, Any]]
) -> None:
    """Remember the persons an article names: aliases, and offices with when they were seen."""
    for person in persons:
        name = person["name"]
        person_id = find_person(conn, name, person.get("country"))
        if person_id is None:
            person_id = inserted_id(
                conn.execute(
                    schema.persons.insert().values(name=name, country=person.get("country"))
                )
            )
        else:
            _complete(conn, person_id, name, person.get("country"))
        aliases = {name, *person.get("aliases", [])}
        known = set(
            conn.execute(
                sa.select(schema.person_aliases.c.alias).where(
                    schema.person_aliases.c.person_id == person_id
                )
            ).scalars()
        )
        new = [
            {"person_id": person_id, "alias": a, "folded": fold(a)} for a in sorted(aliases - known)
        ]
        if new:
            conn.execute(schema.person_aliases.insert(), new)
        if person.get("office"):
            _seen_in_office(
                conn, person_id, person["office"], person.get("country") or "", doc_id, doc_date
            )


def _complete(conn: sa.Connection, person_id: int, name: str, country: str | None) -> None:
    """Keep the fullest name seen, and a country once one is known."""
    current = conn.execute(
        sa.select(schema.persons.c.name, schema.persons.c.country).where(
            schema.persons.c.id == person_id
        )
    ).one()
    updates: Record = {}
    if len(name) > len(current.name):
        updates["name"] = name
    if not current.country and country:
        updates["country"] = country
    if updates:
        conn.execute(
            schema.persons.update().where(schema.persons.c.id == person_id).values(**updates)
        )


def _seen_in_office(
    conn: sa.Connection, person_id: int, office: str, country: str, doc_id: str, when: str | None
) -> None:
    po = schema.person_offices
    where = sa.and_(po.c.person_id == person_id, po.c.office == office, po.c.country == country)
    row = conn.execute(sa.select(po.c.first_seen, po.c.last_seen).where(where)).first()
    if row is None:
        conn.execute(
            po.insert().values(
                person_id=person_id,
                office=office,
                country=country,
                first_seen=when,
                last_seen=when,
                doc_id=doc_id,
            )
        )
        return
    first = min(filter(None, [row.first_seen, when]), default=None)
    last = max(filter(None, [row.last_seen, when]), default=None)
    conn.execute(po.update().where(where).values(first_seen=first, last_seen=last))
