"""Tables of the store, in SQLAlchemy Core so SQLite and PostgreSQL share one definition."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

meta = sa.Table(
    "bilat_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("format", sa.String(16), nullable=False),
    sa.Column("date", sa.String(10)),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("lang", sa.String(8)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.String(32), nullable=False),
)

sentences = sa.Table(
    "sentences",
    metadata,
    sa.Column(
        "doc_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)

facts = sa.Table(
    "facts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "doc_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    # The fact's own date (visit start, agreement date, indicator period...) for time filters.
    sa.Column("date", sa.String(10)),
    sa.Column("sent_idx", sa.Integer),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Index("ix_facts_doc", "doc_id"),
    sa.Index("ix_facts_type_date", "type", "date"),
)

# Added by migration 2: which countries a fact is about, for pair queries at scale.
fact_countries = sa.Table(
    "fact_countries",
    metadata,
    sa.Column(
        "fact_id", sa.Integer, sa.ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("country", sa.String(16), primary_key=True),
    sa.Index("ix_fact_countries_country", "country", "fact_id"),
)

# Added by migration 3: events merged across documents, with why each fact joined.
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("type", sa.String(16), nullable=False),
    # The bucket of reports that may be one event: "VN>KZ" for a visit, "KZ|VN" for a meeting.
    sa.Column("key", sa.String(160), nullable=False),
    sa.Column("start", sa.String(10)),
    sa.Column("end", sa.String(10)),
    sa.Column("data", sa.JSON, nullable=False),  # the merged record (rules.summarise)
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Index("ix_events_type_key", "type", "key"),
    sa.Index("ix_events_start", "start"),
)

event_facts = sa.Table(
    "event_facts",
    metadata,
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "fact_id", sa.Integer, sa.ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True
    ),
    # report: the fact tells the event; outcome: it happened during the event (a visit).
    sa.Column("role", sa.String(8), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Index("ix_event_facts_fact", "fact_id"),
)

event_countries = sa.Table(
    "event_countries",
    metadata,
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("country", sa.String(16), primary_key=True),
    sa.Index("ix_event_countries_country", "country", "event_id"),
)

# The pairs of countries an event relates, smaller code first: a tour relates its guest's
# country to each host, never the hosts to one another.
event_pairs = sa.Table(
    "event_pairs",
    metadata,
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("a", sa.String(16), primary_key=True),
    sa.Column("b", sa.String(16), primary_key=True),
    sa.Index("ix_event_pairs_pair", "a", "b", "event_id"),
)

persons = sa.Table(
    "persons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),  # the fullest form seen
    sa.Column("country", sa.String(16)),
    sa.Index("ix_persons_country", "country"),
)

person_aliases = sa.Table(
    "person_aliases",
    metadata,
    sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("alias", sa.Text, primary_key=True),
    sa.Column("folded", sa.Text, nullable=False),
    sa.Index("ix_person_aliases_folded", "folded"),
)

person_offices = sa.Table(
    "person_offices",
    metadata,
    sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("office", sa.String(32), primary_key=True),
    sa.Column("country", sa.String(16), primary_key=True),
    sa.Column("first_seen", sa.String(10)),
    sa.Column("last_seen", sa.String(10)),
    sa.Column("doc_id", sa.String(32)),  # where it was first read
)

event_persons = sa.Table(
    "event_persons",
    metadata,
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Index("ix_event_persons_person", "person_id"),
)
