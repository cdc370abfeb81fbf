"""``bilat check``: the store's integrity, on either backend.

What a crash, a bug or a hand edit could break: the schema version, the database file itself
(SQLite's own checks), rows pointing at nothing, documents stored without their sentences,
spans outside their text, the country index out of step with the facts, facts outside every
event. Each check is one query over the whole store (or one streamed pass), so it runs as
well on a million facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa

from bilat.store import schema
from bilat.store.migrations import LATEST, current_version, fact_country_codes

# Shown at most this many problems of one kind (their total is always counted).
EXAMPLES_PER_CHECK = 5


@dataclass
class CheckReport:
    checks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(engine: sa.Engine) -> CheckReport:
    report = CheckReport()
    with engine.connect() as conn:
        for name, problems in _checks(conn):
            report.checks.append(name)
            found = list(problems)
            report.problems.extend(f"{name}: {p}" for p in found[:EXAMPLES_PER_CHECK])
            if len(found) > EXAMPLES_PER_CHECK:
                report.problems.append(f"{name}: … {len(found) - EXAMPLES_PER_CHECK} more")
        for table in (schema.documents, schema.sentences, schema.facts, schema.events):
            count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            report.counts[table.name] = count
    return report


def _checks(conn: sa.Connection) -> Iterator[tuple[str, Iterator[str]]]:
    yield "schema version", _schema_version(conn)
    if conn.dialect.name == "sqlite":
        yield "database file", _sqlite_integrity(conn)
    yield "rows pointing at nothing", _orphans(conn)
    yield "documents without sentences", _documents_without_sentences(conn)
    yield "sentence spans", _sentence_spans(conn)
    yield "fact spans", _fact_spans(conn)
    yield "country index", _country_index(conn)
    yield "facts in events", _facts_in_events(conn)
    yield "events without reports", _empty_events(conn)


def _schema_version(conn: sa.Connection) -> Iterator[str]:
    version = current_version(conn)
    if version != LATEST:
        yield f"schema version {version}, this bilat writes {LATEST}"


def _sqlite_integrity(conn: sa.Connection) -> Iterator[str]:
    for (message,) in conn.exec_driver_sql("PRAGMA integrity_check"):
        if message != "ok":
            yield message
    for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
        yield f"{table} row {rowid} refers to a missing {parent} row"


# (child table, its column, parent table, the parent's column)
LINKS = [
    (schema.sentences, "doc_id", schema.documents, "id"),
    (schema.facts, "doc_id", schema.documents, "id"),
    (schema.fact_countries, "fact_id", schema.facts, "id"),
    (schema.event_facts, "fact_id", schema.facts, "id"),
    (schema.event_facts, "event_id", schema.events, "id"),
    (schema.event_countries, "event_id", schema.events, "id"),
    (schema.event_pairs, "event_id", schema.events, "id"),
    (schema.event_persons, "event_id", schema.events, "id"),
    (schema.event_persons, "person_id", schema.persons, "id"),
    (schema.person_aliases, "person_id", schema.persons, "id"),
    (schema.person_offices, "person_id", schema.persons, "id"),
]


def _orphans(conn: sa.Connection) -> Iterator[str]:
    for child, column, parent, key in LINKS:
        missing = ~sa.exists().where(parent.c[key] == child.c[column])
        count = conn.execute(
            sa.select(sa.func.count()).select_from(child).where(missing)
        ).scalar_one()
        if count:
            yield f"{count} {child.name} rows refer to a missing {parent.name}.{key}"


def _documents_without_sentences(conn: sa.Connection) -> Iterator[str]:
    d, s = schema.documents, schema.sentences
    rows = conn.execute(
        sa.select(d.c.id, d.c.source).where(~sa.exists().where(s.c.doc_id == d.c.id))
    )
    for doc_id, source in rows:
        yield f"document {doc_id} ({source}) has no sentences"


def _sentence_spans(conn: sa.Connection) -> Iterator[str]:
    d, s = schema.documents, schema.sentences
    bad = sa.or_(s.c.start < 0, s.c.end <= s.c.start, s.c.end > sa.func.length(d.c.text))
    rows = conn.execute(
        sa.select(s.c.doc_id, s.c.idx, s.c.start, s.c.end).join(d, d.c.id == s.c.doc_id).where(bad)
    )
    for doc_id, idx, start, end in rows:
        yield f"document {doc_id} sentence {idx} spans {start}-{end}, outside its text"
    previous = s.alias("previous")
    overlapping = conn.execute(
        sa.select(s.c.doc_id, s.c.idx).join(
            previous,
            sa.and_(
                previous.c.doc_id == s.c.doc_id,
                previous.c.idx == s.c.idx - 1,
                previous.c.end > s.c.start,
            ),
        )
    )
    for doc_id, idx in overlapping:
        yield f"document {doc_id} sentence {idx} overlaps the one before"


def _fact_spans(conn: sa.Connection) -> Iterator[str]:
    d, f, s = schema.documents, schema.facts, schema.sentences
    bad = sa.or_(
        f.c.span_start < 0,
        f.c.span_end < f.c.span_start,
        f.c.span_end > sa.func.length(d.c.text),
    )
    for fact_id, doc_id in conn.execute(
        sa.select(f.c.id, f.c.doc_id).join(d, d.c.id == f.c.doc_id).where(bad)
    ):
        yield f"fact {fact_id} of {doc_id} spans outside its text"
    no_sentence = sa.and_(
        f.c.sent_idx.is_not(None),
        ~sa.exists().where(sa.and_(s.c.doc_id == f.c.doc_id, s.c.idx == f.c.sent_idx)),
    )
    for fact_id, idx in conn.execute(sa.select(f.c.id, f.c.sent_idx).where(no_sentence)):
        yield f"fact {fact_id} cites sentence {idx}, which is not stored"


def _country_index(conn: sa.Connection) -> Iterator[str]:
    """The facts and their index rows, both read in fact order: one streamed pass each."""
    f, fc = schema.facts, schema.fact_countries
    streamed = conn.execution_options(yield_per=10_000)
    facts = streamed.execute(sa.select(f.c.id, f.c.data).order_by(f.c.id))
    index = iter(streamed.execute(sa.select(fc.c.fact_id, fc.c.country).order_by(fc.c.fact_id)))
    row = next(index, None)
    for fact_id, data in facts:
        while row is not None and row[0] < fact_id:
            row = next(index, None)  # an index row of a missing fact: the orphans check says so
        found: set[str] = set()
        while row is not None and row[0] == fact_id:
            found.add(row[1])
            row = next(index, None)
        expected = fact_country_codes(data)
        if found != expected:
            yield f"fact {fact_id} is indexed under {sorted(found)}, names {sorted(expected)}"


def _facts_in_events(conn: sa.Connection) -> Iterator[str]:
    f, ef = schema.facts, schema.event_facts
    reports = (
        sa.select(sa.func.count())
        .where(ef.c.fact_id == f.c.id, ef.c.role == "report")
        .scalar_subquery()
    )
    for fact_id, count in conn.execute(sa.select(f.c.id, reports).where(reports != 1)):
        yield f"fact {fact_id} is a report of {count} events (one expected)"


def _empty_events(conn: sa.Connection) -> Iterator[str]:
    e, ef = schema.events, schema.event_facts
    has_report = sa.exists().where(ef.c.event_id == e.c.id, ef.c.role == "report")
    for (event_id,) in conn.execute(sa.select(e.c.id).where(~has_report)):
        yield f"event {event_id} has no report"
