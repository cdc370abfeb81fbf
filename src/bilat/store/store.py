"""The Store: one transaction per document, read queries for the CLI and the APIs.

SQLite runs in WAL mode so a server can read while an ingest writes; the same code runs on
PostgreSQL through SQLAlchemy Core.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bilat.errors import BilatError, E
from bilat.extract.base import Fact
from bilat.ingest.document import Document
from bilat.resolve import events
from bilat.store import schema
from bilat.store.migrations import fact_country_codes, upgrade
from bilat.store.transactions import prepare_engine, writing

DATE_FIELDS = ("start", "date", "period")


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int


# document, its sentences, facts and persons: what add_documents stores, one tuple each
DocumentItem = tuple[Document, Sequence[SentenceSpan], Sequence[Fact], Sequence[dict[str, Any]]]


class BatchError(Exception):
    """A batch in which some documents failed: ``stored`` says which went in."""

    def __init__(self, stored: list[bool], error: Exception) -> None:
        super().__init__(str(error))
        self.stored = stored
        self.error = error


def open_store(url: str) -> Store:
    return Store(url)


class Store:
    def __init__(self, url: str, migrate: bool = True) -> None:
        self.url = url
        try:
            parsed = make_url(url)
            if parsed.get_backend_name() == "sqlite" and parsed.database not in (
                None,
                "",
                ":memory:",
            ):
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(url, future=True)
        except (sa.exc.ArgumentError, OSError, ImportError) as error:
            raise BilatError(E.E020, url=url, reason=str(error).splitlines()[0]) from error
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        prepare_engine(self.engine)
        if migrate:
            try:
                self.previous_version = upgrade(self.engine, url)
            except sa.exc.DatabaseError as error:
                raise BilatError(E.E020, url=url, reason=str(error.orig).splitlines()[0]) from error

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(set(ids))
        if not wanted:
            return set()
        table = schema.documents
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.id).where(table.c.id.in_(wanted)))
            return {row[0] for row in rows}

    def add_document(
        self,
        document: Document,
        sentences: Sequence[SentenceSpan],
        facts: Sequence[Fact],
        persons: Sequence[dict[str, Any]] = (),
    ) -> bool:
        """Store a document with its sentences, facts and persons, and merge its facts into
        events, in one transaction.

        Returns False (and changes nothing) when the document is already stored.
        """
        with writing(self.engine) as conn:
            return self._insert(conn, document, sentences, facts, persons)

    def add_documents(self, items: Sequence[DocumentItem]) -> list[bool]:
        """Store several documents in one transaction (faster); each is stored whole or not
        at all. If the batch fails, each document is tried alone, so one bad document costs
        only itself; its error is raised after the others are stored."""
        if not items:
            return []
        try:
            with writing(self.engine) as conn:
                return [self._insert(conn, *item) for item in items]
        except Exception:  # noqa: BLE001 - isolate the failing document below
            results: list[bool] = []
            failure: Exception | None = None
            for item in items:
                try:
                    results.append(self.add_document(*item))
                except Exception as error:  # noqa: BLE001
                    results.append(False)
                    failure = failure or error
            if failure is not None:
                raise BatchError(results, failure) from failure
            return results

    def _insert(
        self,
        conn: sa.Connection,
        document: Document,
        sentences: Sequence[SentenceSpan],
        facts: Sequence[Fact],
        persons: Sequence[dict[str, Any]] = (),
    ) -> bool:
        doc_id = document.id
        exists = conn.execute(
            sa.select(schema.documents.c.id).where(schema.documents.c.id == doc_id)
        ).first()
        if exists:
            return False
        conn.execute(
            schema.documents.insert().values(
                id=doc_id,
                name=document.name,
                source=document.source,
                format=document.format,
                date=document.date,
                title=document.title,
                url=document.url,
                lang=document.lang,
                text=document.text,
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
        if sentences:
            conn.execute(
                schema.sentences.insert(),
                [
                    {"doc_id": doc_id, "idx": i, "start": s.start, "end": s.end}
                    for i, s in enumerate(sentences)
                ],
            )
        starts = [s.start for s in sentences]
        fact_ids: list[int] = []
        for fact in facts:
            fact_id = conn.execute(
                schema.facts.insert().values(
                    doc_id=doc_id,
                    type=fact.type,
                    data=fact.fields,
                    date=_fact_date(fact.fields) or document.date,
                    sent_idx=_sentence_index(starts, fact.evidence.sent_start),
                    span_start=fact.evidence.start,
                    span_end=fact.evidence.end,
                    evidence=fact.evidence.sentence,
                )
            ).inserted_primary_key[0]
            fact_ids.append(fact_id)
            codes = fact_country_codes(fact.fields)
            if codes:
                conn.execute(
                    schema.fact_countries.insert(),
                    [{"fact_id": fact_id, "country": code} for code in sorted(codes)],
                )
        events.add_persons(conn, doc_id, document.date, persons)
        events.place(conn, events.fact_records(conn, fact_ids))
        return True

    # ------------------------------------------------------------------ reading
    def facts(
        self,
        pair: Sequence[str] | None = None,
        fact_type: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Facts as records (FORMAT.md fields plus provenance), oldest document first."""
        f, d = schema.facts, schema.documents
        query = (
            sa.select(f, d.c.name.label("doc_name"), d.c.date.label("doc_date"), d.c.source)
            .join(d, d.c.id == f.c.doc_id)
            .order_by(d.c.date, d.c.name, f.c.id)
        )
        for code in pair or ():
            fc = schema.fact_countries.alias()
            query = query.where(
                sa.exists().where(fc.c.fact_id == f.c.id).where(fc.c.country == code)
            )
        if fact_type:
            query = query.where(f.c.type == fact_type)
        if since:
            query = query.where(
                sa.or_(
                    f.c.date >= since,
                    f.c.date == sa.func.substr(since, 1, sa.func.length(f.c.date)),
                )
            )
        if limit:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            {
                "id": row["id"],
                "doc": row["doc_name"],
                "doc_id": row["doc_id"],
                "type": row["type"],
                **row["data"],
                "date_key": row["date"],
                "evidence": row["evidence"],
                "span": [row["span_start"], row["span_end"]],
                "source": row["source"],
            }
            for row in rows
        ]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            docs = conn.execute(
                sa.select(sa.func.count()).select_from(schema.documents)
            ).scalar_one()
            by_type = conn.execute(
                sa.select(schema.facts.c.type, sa.func.count()).group_by(schema.facts.c.type)
            ).all()
        return {"documents": docs, **{t: n for t, n in by_type}}

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(schema.documents).where(schema.documents.c.id == doc_id))
                .mappings()
                .first()
            )
        return dict(row) if row else None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _fact_date(fields: dict[str, Any]) -> str | None:
    for key in DATE_FIELDS:
        value = fields.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _sentence_index(starts: list[int], position: int) -> int | None:
    index = bisect_right(starts, position) - 1
    return index if index >= 0 else None
