"""Persons as the corpus knows them: aliases, offices with when they were seen."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bilat.store import schema
from bilat.store.persons import find_person
from bilat.store.repos.base import Record, contains
from bilat.text import fold


class PersonRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def find(self, name: str, country: str | None = None) -> int | None:
        """The stored person a name is (the write path's rule: :func:`find_person`)."""
        return find_person(self.conn, name, country)

    def folded_aliases(self) -> list[tuple[str, int]]:
        """Every alias, folded, with its person: what a fuzzy match compares a name with."""
        pa = schema.person_aliases
        rows = self.conn.execute(sa.select(pa.c.folded, pa.c.person_id))
        return [(folded, int(person_id)) for folded, person_id in rows]

    def get(self, person_id: int) -> Record | None:
        """A person with aliases (sorted) and offices (first seen first)."""
        p = schema.persons
        row = self.conn.execute(
            sa.select(p.c.id, p.c.name, p.c.country).where(p.c.id == person_id)
        ).first()
        if row is None:
            return None
        pa, po = schema.person_aliases, schema.person_offices
        aliases = (
            self.conn.execute(
                sa.select(pa.c.alias).where(pa.c.person_id == person_id).order_by(pa.c.alias)
            )
            .scalars()
            .all()
        )
        offices = self.conn.execute(
            sa.select(po.c.office, po.c.country, po.c.first_seen, po.c.last_seen)
            .where(po.c.person_id == person_id)
            .order_by(po.c.first_seen)
        )
        return {
            "id": row.id,
            "name": row.name,
            "country": row.country,
            "aliases": list(aliases),
            "offices": [_office(o) for o in offices],
        }

    def search(self, text: str, limit: int, offset: int = 0) -> list[Record]:
        """Persons with an alias containing ``text`` (folded, literally), by name."""
        p, pa = schema.persons, schema.person_aliases
        named = sa.select(pa.c.person_id).where(contains(pa.c.folded, fold(text)))
        query = (
            sa.select(p.c.id, p.c.name, p.c.country)
            .where(p.c.id.in_(named))
            .order_by(p.c.name, p.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [dict(r._mapping) for r in self.conn.execute(query)]

    def every(self) -> list[Record]:
        """Every person with aliases and offices, by id."""
        p, pa, po = schema.persons, schema.person_aliases, schema.person_offices
        persons = self.conn.execute(sa.select(p.c.id, p.c.name, p.c.country).order_by(p.c.id))
        aliases: dict[int, list[str]] = {}
        for person_id, alias in self.conn.execute(
            sa.select(pa.c.person_id, pa.c.alias).order_by(pa.c.alias)
        ):
            aliases.setdefault(person_id, []).append(alias)
        offices: dict[int, list[Record]] = {}
        for row in self.conn.execute(sa.select(po).order_by(po.c.first_seen)):
            offices.setdefault(row.person_id, []).append(_office(row))
        return [
            {
                "id": r.id,
                "name": r.name,
                "country": r.country,
                "aliases": aliases.get(r.id, []),
                "offices": offices.get(r.id, []),
            }
            for r in persons.all()
        ]


def _office(row: Any) -> Record:
    return {
        "office": row.office,
        "country": row.country or None,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
    }
