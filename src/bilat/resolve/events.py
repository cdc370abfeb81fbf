"""Merging facts into events, incrementally, inside the document's own transaction.

A new fact looks only at the events of its bucket (:func:`rules.event_key`), nearest in time
first, and joins the first one :func:`rules.joins` accepts, keeping the reason; otherwise it
starts an event. Facts that happened during a visit (talks, signings, a level raised) are also
linked to that visit as its outcomes. Only the events touched are summarised again, so adding
one article costs the same in a store of ten documents or of a million.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bilat import timeline
from bilat.resolve import rules
from bilat.store import schema
from bilat.text import fold, person_tokens

Record = dict[str, Any]
# Events of a bucket further than this from a fact's date are not even considered.
CANDIDATE_WINDOW_DAYS = 400
# Types whose events span years or carry no date worth windowing on.
UNWINDOWED = {"agreement", "relation"}


def fact_records(conn: sa.Connection, fact_ids: Sequence[int]) -> list[Record]:
    """Stored facts as resolution records: fields plus id, document name and date."""
    if not fact_ids:
        return []
    f, d = schema.facts, schema.documents
    rows = conn.execute(
        sa.select(f.c.id, f.c.type, f.c.data, f.c.doc_id, d.c.name, d.c.date)
        .join(d, d.c.id == f.c.doc_id)
        .where(f.c.id.in_(list(fact_ids)))
        .order_by(f.c.id)
    ).all()
    return [
        {**data, "id": fact_id, "type": kind, "doc_id": doc_id, "doc": name, "doc_date": date}
        for fact_id, kind, data, doc_id, name, date in rows
    ]


def _members(conn: sa.Connection, event_id: int, role: str = "report") -> list[Record]:
    ef = schema.event_facts
    ids = (
        conn.execute(sa.select(ef.c.fact_id).where(ef.c.event_id == event_id, ef.c.role == role))
        .scalars()
        .all()
    )
    return fact_records(conn, ids)


def _anchor(record: Record) -> str | None:
    for key in ("start", "date", "period"):
        if record.get(key):
            return str(record[key])
    return record.get("doc_date")


def _candidates(conn: sa.Connection, record: Record) -> list[int]:
    """Events of the record's bucket that may be the same, nearest in time first."""
    e = schema.events
    rows = conn.execute(
        sa.select(e.c.id, e.c.start).where(
            e.c.type == record["type"], e.c.key == rules.event_key(record)
        )
    ).all()
    anchor = _anchor(record)
    if record["type"] in UNWINDOWED or not anchor:
        return [event_id for event_id, _ in sorted(rows, key=lambda r: -r[0])]
    near = [
        (abs(timeline.days_between(start, anchor) or 0), event_id)
        for event_id, start in rows
        if not start
        or timeline.within(anchor, start, start, CANDIDATE_WINDOW_DAYS, CANDIDATE_WINDOW_DAYS)
    ]
    return [event_id for _, event_id in sorted(near)]


def place(conn: sa.Connection, records: Iterable[Record]) -> set[int]:
    """Put each fact in an event (joining or starting one); return the events touched."""
    touched: set[int] = set()
    added = list(records)
    for record in added:
        event_id, reason = None, "first report"
        for candidate in _candidates(conn, record):
            why = rules.joins(record, _members(conn, candidate))
            if why:
                event_id, reason = candidate, why
                break
        if event_id is None:
            event_id = _new_event(conn, record)
        conn.execute(
            schema.event_facts.insert().values(
                event_id=event_id, fact_id=record["id"], role="report", reason=reason
            )
        )
        _refresh(conn, event_id)
        touched.add(event_id)
    touched |= _link_outcomes(conn, added)
    for event_id in sorted(touched):
        _gather_outcomes(conn, event_id)
    return touched


def _gather_outcomes(conn: sa.Connection, event_id: int) -> None:
    """For a visit: the facts already stored that happened during it (any document order)."""
    row = conn.execute(
        sa.select(schema.events.c.type, schema.events.c.data).where(schema.events.c.id == event_id)
    ).first()
    if (
        row is None
        or row.type != "visit"
        or not row.data.get("start")
        or row.data.get("kind") == "tour"
    ):
        return
    data = row.data
    pair = sorted(c for c in (data.get("guest_country"), data.get("host_country")) if c)
    if len(pair) != 2:
        return
    f, d, fc, ef = schema.facts, schema.documents, schema.fact_countries, schema.event_facts
    a, b = fc.alias(), fc.alias()
    months = sorted(
        {(data.get("start") or "")[:7], (data.get("end") or data.get("start") or "")[:7]}
    )
    in_window = sa.or_(
        *[f.c.date.like(f"{m}%") for m in months], *[d.c.date.like(f"{m}%") for m in months]
    )
    linked = sa.select(ef.c.fact_id).where(ef.c.event_id == event_id)
    ids = (
        conn.execute(
            sa.select(f.c.id)
            .join(d, d.c.id == f.c.doc_id)
            .join(a, sa.and_(a.c.fact_id == f.c.id, a.c.country == pair[0]))
            .join(b, sa.and_(b.c.fact_id == f.c.id, b.c.country == pair[1]))
            .where(f.c.type != "visit", in_window, f.c.id.not_in(linked))
        )
        .scalars()
        .all()
    )
    found = False
    for record in fact_records(conn, ids):
        reason = rules.outcome_of(record, data)
        if reason:
            conn.execute(
                ef.insert().values(
                    event_id=event_id, fact_id=record["id"], role="outcome", reason=reason
                )
            )
            found = True
    if found:
        _refresh(conn, event_id)


def _new_event(conn: sa.Connection, record: Record) -> int:
    return int(
        conn.execute(
            schema.events.insert().values(
                type=record["type"], key=rules.event_key(record), data={}, updated_at=_now()
            )
        ).inserted_primary_key[0]
    )


def _link_outcomes(conn: sa.Connection, records: Sequence[Record]) -> set[int]:
    """Link talks, signings, levels and pledges to the visit they happened during."""
    touched: set[int] = set()
    e = schema.events
    for record in records:
        countries = rules.countries_of(record)
        if record["type"] == "visit" or len(countries) != 2:
            continue
        a, b = countries
        visits = conn.execute(
            sa.select(e.c.id, e.c.data).where(
                e.c.type == "visit", e.c.key.in_([f"{a}>{b}", f"{b}>{a}"])
            )
        ).all()
        for visit_id, data in visits:
            reason = rules.outcome_of(record, data)
            if reason and not _linked(conn, visit_id, record["id"]):
                conn.execute(
                    schema.event_facts.insert().values(
                        event_id=visit_id, fact_id=record["id"], role="outcome", reason=reason
                    )
                )
                touched.add(visit_id)
    for event_id in touched:
        _refresh(conn, event_id)
    return touched


def _linked(conn: sa.Connection, event_id: int, fact_id: int) -> bool:
    ef = schema.event_facts
    return (
        conn.execute(
            sa.select(ef.c.fact_id).where(ef.c.event_id == event_id, ef.c.fact_id == fact_id)
        ).first()
        is not None
    )


def _refresh(conn: sa.Connection, event_id: int) -> None:
    """Summarise the event again from its reports, with its outcomes' sources."""
    kind = conn.execute(
        sa.select(schema.events.c.type).where(schema.events.c.id == event_id)
    ).scalar_one()
    members = _members(conn, event_id)
    if not members:
        conn.execute(schema.events.delete().where(schema.events.c.id == event_id))
        return
    summary = rules.summarise(kind, members)
    summary["report_sources"] = list(summary["sources"])  # the articles that tell the event itself
    outcomes = _members(conn, event_id, "outcome")
    if outcomes:
        summary["sources"] = sorted({*summary["sources"], *(m["doc"] for m in outcomes)})
    start, end = rules.event_dates(summary)
    conn.execute(
        schema.events.update()
        .where(schema.events.c.id == event_id)
        .values(data=summary, start=start, end=end, updated_at=_now())
    )
    _add_links(conn, schema.event_countries, "country", event_id, set(rules.countries_of(summary)))
    _link_persons(conn, event_id, summary)


def _add_links(
    conn: sa.Connection, table: sa.Table, column: str, event_id: int, values: set
) -> None:
    """Link the event to the values (countries, persons) it is not linked to yet."""
    known = set(
        conn.execute(sa.select(table.c[column]).where(table.c.event_id == event_id)).scalars()
    )
    if values - known:
        conn.execute(
            table.insert(), [{"event_id": event_id, column: v} for v in sorted(values - known)]
        )


def _link_persons(conn: sa.Connection, event_id: int, summary: Record) -> None:
    names = [summary.get("guest"), *(summary.get("participants") or [])]
    ids = {pid for name in names if name for pid in [find_person(conn, name)] if pid is not None}
    _add_links(conn, schema.event_persons, "person_id", event_id, ids)


# ----------------------------------------------------------------------------- persons
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
    conn: sa.Connection, doc_id: str, doc_date: str | None, persons: Iterable[Record]
) -> None:
    """Remember the persons an article names: aliases, and offices with when they were seen."""
    for person in persons:
        name = person["name"]
        person_id = find_person(conn, name, person.get("country"))
        if person_id is None:
            person_id = int(
                conn.execute(
                    schema.persons.insert().values(name=name, country=person.get("country"))
                ).inserted_primary_key[0]
            )
        else:
            current = conn.execute(
                sa.select(schema.persons.c.name, schema.persons.c.country).where(
                    schema.persons.c.id == person_id
                )
            ).one()
            updates: Record = {}
            if len(name) > len(current.name):
                updates["name"] = name
            if not current.country and person.get("country"):
                updates["country"] = person["country"]
            if updates:
                conn.execute(
                    schema.persons.update()
                    .where(schema.persons.c.id == person_id)
                    .values(**updates)
                )
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


# ----------------------------------------------------------------------------- rebuild
def resolve_all(conn: sa.Connection) -> int:
    """Build every event again from the stored facts, oldest document first."""
    for table in (schema.event_persons, schema.event_facts, schema.event_countries, schema.events):
        conn.execute(table.delete())
    f, d = schema.facts, schema.documents
    doc_ids = conn.execute(sa.select(d.c.id).order_by(d.c.date, d.c.name)).scalars().all()
    for doc_id in doc_ids:
        ids = (
            conn.execute(sa.select(f.c.id).where(f.c.doc_id == doc_id).order_by(f.c.id))
            .scalars()
            .all()
        )
        place(conn, fact_records(conn, ids))
    return len(doc_ids)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
