"""The Store: one transaction per document, read queries for the CLI and the APIs.

SQLite runs in WAL mode so a server can read while an ingest writes; the same code runs on
PostgreSQL through SQLAlchemy Core. A store opened ``readonly`` never changes: it is not
created, not migrated, and SQLite opens it read-only.

The store knows nothing of extraction or merging: it stores what it is given (anything shaped
like :class:`StoredFact`), and a caller that merges facts into events does it in the
document's transaction through ``on_stored`` (see :meth:`Store.add_documents`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bilat.errors import BilatError, E
from bilat.ingest.document import Document
from bilat.store import schema
from bilat.store.events import EventStore
from bilat.store.migrations import (
    LATEST,
    current_version,
    events_stale,
    fact_country_codes,
    mark_events_fresh,
    upgrade,
)
from bilat.store.persons import add_persons
from bilat.store.repos import reading
from bilat.store.transactions import inserted_id, prepare_engine, writing

DATE_FIELDS = ("start", "date", "period")


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int


class StoredEvidence(Protocol):
    """Where a fact was read (``bilat.facts.base.Evidence`` is one)."""

    @property
    def sentence(self) -> str: ...
    @property
    def sent_start(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class StoredFact(Protocol):
    """What the store keeps of a fact (``bilat.facts.base.Fact`` is one)."""

    @property
    def type(self) -> str: ...
    @property
    def fields(self) -> dict[str, Any]: ...
    @property
    def evidence(self) -> StoredEvidence: ...


Person = Mapping[str, Any]
# document, its sentences, facts and persons: what add_documents stores, one tuple each
DocumentItem = tuple[Document, Sequence[SentenceSpan], Sequence[StoredFact], Sequence[Person]]
# Called in a document's transaction once it is stored, with the ids of its facts in order.
OnStored = Callable[[EventStore, list[int]], None]


class BatchError(Exception):
    """A batch in which some documents failed: ``stored`` says which went in."""

    def __init__(self, stored: list[bool], error: Exception) -> None:
        super().__init__(str(error))
        self.stored = stored
        self.error = error


def open_store(url: str, readonly: bool = True) -> Store:
    """An existing store, for reading unless ``readonly`` is False (then created or migrated
    as needed, like ``Store(url)``)."""
    return Store(url, readonly=readonly)


class Store:
    """One store. Read-write (the default) creates the store (unless ``create`` is False) and
    migrates it to the latest schema; ``readonly`` refuses a missing store or one at another
    schema version instead, and never writes."""

    def __init__(
        self, url: str, migrate: bool = True, readonly: bool = False, create: bool = True
    ) -> None:
        self.url = url
        self.shown_url = self.hide_password(url)  # for messages
        self.readonly = readonly
        self.previous_version: int | None = None
        try:
            parsed = make_url(url)
            sqlite_file = _sqlite_file(parsed)
            if (readonly or not create) and sqlite_file is not None and not sqlite_file.is_file():
                raise BilatError(E.E064, path=str(sqlite_file))
            if readonly and sqlite_file is not None:
                parsed = _read_only_sqlite_url(parsed, sqlite_file)
            elif sqlite_file is not None:
                sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(parsed)
        except (sa.exc.ArgumentError, OSError, ImportError) as error:
            raise BilatError(E.E020, url=url, reason=str(error).splitlines()[0]) from error
        if self.engine.dialect.name == "sqlite":
            pragmas = _sqlite_read_pragmas if readonly else _sqlite_pragmas
            sa.event.listen(self.engine, "connect", pragmas)
        elif readonly and self.engine.dialect.name == "postgresql":
            sa.event.listen(self.engine, "connect", _postgresql_read_only)
        prepare_engine(self.engine)
        try:
            if readonly:
                self._check_readable()
            elif migrate:
                self.previous_version = upgrade(self.engine, self.shown_url)
        except sa.exc.DatabaseError as error:
            self.engine.dispose()
            raise BilatError(
                E.E020, url=self.shown_url, reason=str(error.orig).splitlines()[0]
            ) from error
        except BilatError:
            self.engine.dispose()
            raise

    @staticmethod
    def hide_password(url: str) -> str:
        """The URL as messages show it: any password masked."""
        try:
            return make_url(url).render_as_string(hide_password=True)
        except sa.exc.ArgumentError:
            return url

    def _check_readable(self) -> None:
        """Refuse a store this bilat cannot read as it is: absent, older, newer, or with
        events not rebuilt since an upgrade."""
        with self.engine.connect() as conn:
            found = current_version(conn)
            stale = found == LATEST and events_stale(conn)
        if found == 0:
            raise BilatError(E.E064, path=self.shown_url)
        if found > LATEST:
            raise BilatError(E.E021, url=self.shown_url, found=found, known=LATEST)
        if found < LATEST or stale:
            state = f"schema version {found}" if found < LATEST else "events not rebuilt"
            raise BilatError(E.E065, url=self.shown_url, state=state, known=LATEST)

    @property
    def version(self) -> int:
        """The schema version the store is at."""
        with self.engine.connect() as conn:
            return current_version(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    @contextmanager
    def write_events(self) -> Iterator[EventStore]:
        """A write transaction (holding the store's write lock) over the events."""
        self._writable()
        with writing(self.engine) as conn:
            yield EventStore(conn)

    def events_stale(self) -> bool:
        """Whether a migration left the events to be rebuilt from the facts."""
        with self.engine.connect() as conn:
            return events_stale(conn)

    def rebuild_events(
        self, rebuild: Callable[[EventStore], int], only_if_stale: bool = False
    ) -> int | None:
        """Run ``rebuild`` over the events in one write transaction, and record that the
        events are no longer stale; return what ``rebuild`` returns. With ``only_if_stale``,
        do nothing (and return None) unless a migration left the events to rebuild, as seen
        under the write lock (another writer may have rebuilt them meanwhile)."""
        if only_if_stale and not self.events_stale():
            return None  # the common case, without taking the write lock
        with self.write_events() as events:
            if only_if_stale and not events_stale(events.conn):
                return None
            count = rebuild(events)
            mark_events_fresh(events.conn)
        return count

    def _writable(self) -> None:
        if self.readonly:
            raise BilatError(E.E066, url=self.shown_url)

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
        facts: Sequence[StoredFact],
        persons: Sequence[Person] = (),
        on_stored: OnStored | None = None,
    ) -> bool:
        """Store a document with its sentences, facts and persons in one transaction, in
        which ``on_stored`` (merging its facts into events, say) runs too.

        Returns False (and changes nothing) when the document is already stored.
        """
        self._writable()
        with writing(self.engine) as conn:
            return self._insert(conn, (document, sentences, facts, persons), on_stored)

    def add_documents(
        self, items: Sequence[DocumentItem], on_stored: OnStored | None = None
    ) -> list[bool]:
        """Store several documents in one transaction (faster); each is stored whole or not
        at all, with what ``on_stored`` does for it. If the batch fails, each document is
        tried alone, so one bad document costs only itself; its error is raised after the
        others are stored."""
        if not items:
            return []
        self._writable()
        try:
            with writing(self.engine) as conn:
                return [self._insert(conn, item, on_stored) for item in items]
        except Exception:  # noqa: BLE001 - isolate the failing document below
            results: list[bool] = []
            failure: Exception | None = None
            for item in items:
                try:
                    results.append(self.add_document(*item, on_stored=on_stored))
                except Exception as error:  # noqa: BLE001
                    results.append(False)
                    failure = failure or error
            if failure is not None:
                raise BatchError(results, failure) from failure
            return results

    def _insert(self, conn: sa.Connection, item: DocumentItem, on_stored: OnStored | None) -> bool:
        document, sentences, facts, persons = item
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
            fact_id = inserted_id(
                conn.execute(
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
                )
            )
            fact_ids.append(fact_id)
            codes = fact_country_codes(fact.fields)
            if codes:
                conn.execute(
                    schema.fact_countries.insert(),
                    [{"fact_id": fact_id, "country": code} for code in sorted(codes)],
                )
        add_persons(conn, doc_id, document.date, persons)
        if on_stored is not None:
            on_stored(EventStore(conn), fact_ids)
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
        with reading(self.engine) as reads:
            return reads.facts.matching(pair, fact_type, since, limit, offset)

    def counts(self) -> dict[str, int]:
        with reading(self.engine) as reads:
            return {"documents": reads.documents.count(), **reads.facts.counts_by_type()}

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with reading(self.engine) as reads:
            return reads.documents.get(doc_id)


def _sqlite_file(url: sa.URL) -> Path | None:
    """The file of a SQLite store (None for another backend or an in-memory database)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    database = str(url.database)
    if database.startswith("file:"):  # already a SQLite URI: left as the user wrote it
        return None
    return Path(database).expanduser().resolve()


def _read_only_sqlite_url(url: sa.URL, path: Path) -> sa.URL:
    """The same file through a SQLite URI with ``mode=ro``: SQLite itself refuses writes."""
    return url.set(
        database=f"file:{quote(str(path))}", query={**url.query, "mode": "ro", "uri": "true"}
    )


def _sqlite_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _postgresql_read_only(dbapi_connection: Any, _record: Any) -> None:
    """Every transaction of this connection read-only (PostgreSQL refuses writes in them)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


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
