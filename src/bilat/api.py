"""The Python API: what the CLI and the HTTP API answer, as plain data.

    from bilat.api import Bilat

    with Bilat("sqlite:///bilat.db") as bilat:
        bilat.ingest(["articles/"])
        dossier = bilat.dossier("VN", "KZ", as_of="2025-06-01")
        partners = bilat.partners("VN", level="strategic_partnership", as_of="2025-05-12")

Countries are ISO codes or names ("Vietnam", "Kazakhstan"); dates are YYYY[-MM[-DD]]. Bad
values raise :class:`bilat.errors.BilatError` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bilat.engine import DocumentProcessor, IngestReport, ProgressCallback
from bilat.engine.runs import DocumentLike
from bilat.errors import BilatError, E
from bilat.facts import type_names
from bilat.facts.relation import levels
from bilat.ingest.document import is_calendar_date
from bilat.kb import KnowledgeBase, load_kb
from bilat.records import Record
from bilat.settings import Settings
from bilat.store.integrity import CheckReport
from bilat.store.store import Store

if TYPE_CHECKING:
    from bilat.store.repos import Reader

LEVELS = tuple(levels())
COMMITMENT_STATUSES = ("open", "in_progress", "fulfilled")


@dataclass(frozen=True)
class UpgradeReport:
    """What ``Bilat.upgrade`` did: the schema versions before and after, and whether the
    events were rebuilt (a migration had left them to rebuild)."""

    from_version: int
    to_version: int
    events_rebuilt: bool

    def summary(self) -> str:
        rebuilt = "; events rebuilt" if self.events_rebuilt else ""
        if self.from_version != self.to_version:
            moved = f"from schema version {self.from_version} to {self.to_version}"
            return f"store upgraded {moved}{rebuilt}"
        if self.events_rebuilt:
            return f"store at schema version {self.to_version}{rebuilt}"
        return f"store already at schema version {self.to_version}"


class Bilat:
    """One store, opened once; every query validates its parameters first.

    ``readonly=True`` opens an existing store for reading only: it is never created, migrated
    or written (a missing store, or one an older bilat wrote, is a one-line error), and
    ``ingest``, ``resolve`` and ``upgrade`` are refused; the store is opened on first use.
    Otherwise the store is opened at once: created (unless ``create`` is False) or upgraded as
    needed, and the events a migration left to rebuild are rebuilt.
    """

    def __init__(
        self,
        db: str | None = None,
        settings: Settings | None = None,
        *,
        readonly: bool = False,
        create: bool = True,
    ) -> None:
        self.settings = settings or Settings.from_env(**({"db_url": db} if db else {}))
        self.readonly = readonly
        self._create = create
        self._store: Store | None = None
        self.previous_version: int | None = None  # the schema version found on opening
        self.events_rebuilt = False  # whether opening rebuilt the events a migration left
        self._kb: KnowledgeBase | None = None
        if not readonly:
            self._open()

    @property
    def store(self) -> Store:
        """The store, opened on first use when read-only."""
        if self._store is None:
            return self._open()
        return self._store

    def _open(self) -> Store:
        store = Store(self.settings.db_url, readonly=self.readonly, create=self._create)
        self._store = store
        self.previous_version = store.previous_version
        if not self.readonly:
            from bilat.engine import refresh_stale_events

            self.events_rebuilt = refresh_stale_events(store)
        return store

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb(self.settings.language, self.settings.user_kb)
        return self._kb

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> Bilat:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def ingest(
        self,
        paths: Iterable[str],
        progress: ProgressCallback | None = None,
        engine: str = "local",
        jobs: int | None = None,
        address: str | None = None,
        processor: DocumentProcessor | None = None,
    ) -> IngestReport:
        """Read, extract and store every document under ``paths`` (files, folders, ``-``);
        ``engine``, ``jobs`` and ``address`` choose where documents are processed
        (:func:`bilat.engine.make_processor`), unless a ``processor`` is given (the caller
        closes it)."""
        from bilat.engine import ingest, make_processor

        self._writable()
        if processor is not None:
            return ingest(paths, self.settings, self.store, processor, progress)
        owned = make_processor(self.settings, engine, jobs, address)
        try:
            return ingest(paths, self.settings, self.store, owned, progress)
        finally:
            owned.close()

    def ingest_documents(
        self,
        documents: Iterable[DocumentLike],
        progress: ProgressCallback | None = None,
        source: str = "documents",
    ) -> IngestReport:
        """Extract and store documents given in memory: :class:`bilat.ingest.Document`, or
        records with ``text`` and optional ``date``, ``title``, ``url``, ``lang`` and ``id``
        (checked as JSONL lines are; messages name the n-th as ``{source}:{n}``)."""
        from bilat.engine import ingest_documents

        self._writable()
        return ingest_documents(
            documents, self.settings, self.store, progress=progress, source=source
        )

    def resolve(self) -> int:
        """Rebuild every event from the stored facts; return the number of documents read."""
        from bilat.engine import rebuild_events

        self._writable()
        return rebuild_events(self.store)

    def upgrade(self) -> UpgradeReport:
        """Bring the store to this bilat's schema (done on opening) and rebuild the events a
        migration left to rebuild; say what was done."""
        self._writable()
        before = self.previous_version if self.previous_version is not None else self.store.version
        return UpgradeReport(before, self.store.version, self.events_rebuilt)

    def _writable(self) -> None:
        if self.readonly:
            raise BilatError(E.E066, url=Store.hide_password(self.settings.db_url))

    def check(self) -> CheckReport:
        """The store's integrity: every check run, every problem found (none when sound)."""
        from bilat.store.integrity import check_store

        return check_store(self.store.engine)

    # ------------------------------------------------------------------ reading
    def _reading(self) -> AbstractContextManager[Reader]:
        """The store's repositories over one connection: one snapshot for one answer."""
        from bilat.store.repos import reading

        return reading(self.store.engine)

    def country(self, value: str) -> str:
        """The ISO code (or bloc tag) of a country given by code or name."""
        return self.kb.resolve_country(value)

    def _pair(self, a: str, b: str) -> tuple[str, str]:
        first, second = self.country(a), self.country(b)
        if first == second:
            raise BilatError(E.E036, value=first)
        return first, second

    def facts(
        self,
        pair: Sequence[str] = (),
        fact_type: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Stored facts naming both countries of ``pair``, of ``fact_type``, dated on or after
        ``since``, with their evidence; oldest document first."""
        codes = tuple(self.country(value) for value in pair)
        if fact_type is not None and fact_type not in type_names():
            raise BilatError(E.E033, value=fact_type, choices=", ".join(type_names()))
        with self._reading() as reads:
            return reads.facts.matching(
                codes,
                fact_type,
                _date(since),
                None if limit is None else _limit(limit),
                _offset(offset),
            )

    def counts(self) -> dict[str, int]:
        """How many documents, and how many facts of each type, the store holds."""
        with self._reading() as reads:
            return {"documents": reads.documents.count(), **reads.facts.counts_by_type()}

    def documents(self, q: str | None = None, limit: int = 50, offset: int = 0) -> Record:
        """Documents whose title or name contains ``q`` (every one without it), newest first:
        ``{"items": [...], "total": n}``, ``total`` counting every match."""
        with self._reading() as reads:
            items, total = reads.documents.page(q or None, _limit(limit), _offset(offset))
        return {"items": items, "total": total}

    def document(self, doc_id: str) -> Record | None:
        """One document (text, date, title, url...) with its sentences as [start, end] and its
        facts, or None."""
        with self._reading() as reads:
            row = reads.documents.get(doc_id)
            if row is None:
                return None
            return {
                **row,
                "sentences": reads.documents.sentence_spans(doc_id),
                "facts": reads.facts.of_document(doc_id),
            }

    def events(
        self,
        pair: Sequence[str] = (),
        types: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        explain: bool = False,
        as_of: str | None = None,
        known_by: str | None = None,
    ) -> list[Record]:
        """Events (of ``pair``'s countries, of ``types``, starting in [since, until]), as they
        stood on ``as_of`` and as known by ``known_by``."""
        from bilat.query.asof import on_day
        from bilat.query.events import explain as with_members

        codes = [self.country(c) for c in pair]
        for kind in types:
            if kind not in type_names():
                raise BilatError(E.E033, value=kind, choices=", ".join(type_names()))
        with self._reading() as reads:
            rows = reads.events.matching(codes, types, _date(since), _date(until), limit, offset)
            rows = on_day(reads, rows, _date(as_of), _date(known_by))
            return with_members(reads, rows) if explain else rows

    def latest_events(self, n: int = 15) -> list[Record]:
        """The ``n`` dated events that start last, latest first, as they stand today."""
        from bilat.query.asof import on_day

        with self._reading() as reads:
            return on_day(reads, reads.events.latest(_limit(n, name="n")))

    def event(self, event_id: int) -> Record | None:
        from bilat.query.events import get_event

        with self._reading() as reads:
            return get_event(reads, event_id)

    def entity(self, name: str) -> Record | None:
        """A person (aliases, offices, events), else an organisation or bloc of the KB."""
        from bilat.query.entities import entity, organisation

        with self._reading() as reads:
            return entity(reads, name) or organisation(reads, self.kb, name)

    def persons(self, q: str, limit: int = 50, offset: int = 0) -> list[Record]:
        """Persons with a name or alias containing ``q`` (accents and case aside), by name."""
        if not q:
            raise BilatError(E.E030, path="q", reason="a person search needs some text")
        with self._reading() as reads:
            return reads.persons.search(q, _limit(limit), _offset(offset))

    def entities(self) -> list[Record]:
        """Every person with aliases and offices (for exports)."""
        with self._reading() as reads:
            return reads.persons.every()

    def pairs(self, limit: int = 50, offset: int = 0) -> list[Record]:
        """Pairs of countries with events, most covered first: ``pair``, ``names``, ``events``."""
        with self._reading() as reads:
            rows = reads.events.pairs(_limit(limit), _offset(offset))
        return [
            {
                "pair": [r["a"], r["b"]],
                "names": [self.kb.country_name(r["a"]), self.kb.country_name(r["b"])],
                "events": r["events"],
            }
            for r in rows
        ]

    def search(self, q: str, limit: int = 20) -> Record:
        """Facts whose sentence contains ``q``, persons whose name does, and the country it
        names: ``{"query", "facts", "persons", "country"}``."""
        needle = q.strip()
        if not needle:
            raise BilatError(E.E030, path="q", reason="a search needs more than spaces")
        limit = _limit(limit)
        with self._reading() as reads:
            facts = reads.facts.with_sentence(needle, limit)
            persons = reads.persons.search(needle, limit)
        code = self.kb.country_code(needle) or (
            needle.upper() if needle.upper() in self.kb.countries else None
        )
        return {
            "query": q,
            "facts": facts,
            "persons": persons,
            "country": {"code": code, "name": self.kb.country_name(code)} if code else None,
        }

    def relations(
        self, a: str, b: str, as_of: str | None = None, known_by: str | None = None
    ) -> Record:
        from bilat.query.relations import pair_relations

        with self._reading() as reads:
            return pair_relations(reads, self._pair(a, b), _date(as_of), _date(known_by))

    def partners(
        self,
        country: str,
        level: str | None = None,
        as_of: str | None = None,
        at_least: bool = False,
        known_by: str | None = None,
    ) -> Record:
        from bilat.query.relations import partners

        with self._reading() as reads:
            return partners(
                reads,
                self.country(country),
                _level(level),
                _date(as_of),
                at_least,
                _date(known_by),
            )

    def network(
        self, as_of: str | None = None, level: str | None = None, known_by: str | None = None
    ) -> Record:
        """Partnerships between countries on ``as_of`` (at ``level`` only, when given), with the
        countries' names."""
        from bilat.query.relations import network

        with self._reading() as reads:
            data = network(reads, _date(as_of), _level(level), _date(known_by))
        return {**data, "names": {c: self.kb.country_name(c) for c in data["nodes"]}}

    def commitments(
        self,
        a: str,
        b: str,
        status: str | None = None,
        as_of: str | None = None,
        known_by: str | None = None,
    ) -> list[Record]:
        from bilat.query.commitments import follow_through

        if status is not None and status not in COMMITMENT_STATUSES:
            raise BilatError(E.E035, value=status, choices=", ".join(COMMITMENT_STATUSES))
        with self._reading() as reads:
            return follow_through(
                reads,
                self._pair(a, b),
                self.kb,
                status,
                _date(as_of),
                known_by=_date(known_by),
            )

    def dossier(
        self, a: str, b: str, as_of: str | None = None, known_by: str | None = None
    ) -> Record:
        """Everything about a pair as it stood on ``as_of`` (what happened by then, by all we
        know now) and as known by ``known_by`` (only articles published by then)."""
        from bilat.query.dossier import dossier

        with self._reading() as reads:
            return dossier(reads, self._pair(a, b), self.kb, _date(as_of), _date(known_by))

    def dump(self, output: Path) -> int:
        """The whole store to ``output`` as the portable JSONL backup (gzipped for ``.gz``,
        ``-`` for stdout), for ``bilat import``; the number of rows written."""
        from bilat.store.portable import dump_file

        return sum(dump_file(self.store.engine, output).values())

    def load(self, dump: Path) -> dict[str, int]:
        """Load a whole-store backup (``bilat export --what all``; gzip or not, ``-`` for
        stdin) into this store, which must be empty: all of it or nothing. Rows per table."""
        from bilat.store.portable import load_file

        return load_file(self.store.engine, dump)


def _date(value: str | None) -> str | None:
    return validate_date(value) if value is not None else None


def _limit(value: int, name: str = "limit") -> int:
    """A count of at least one."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BilatError(
            E.E030, path=name, reason=f"must be a whole number of 1 or more, not {value!r}"
        )
    return value


def _offset(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BilatError(
            E.E030, path="offset", reason=f"must be a whole number of 0 or more, not {value!r}"
        )
    return value


def _level(value: str | None) -> str | None:
    if value is not None and value not in LEVELS:
        raise BilatError(E.E034, value=value, choices=", ".join(LEVELS))
    return value


def validate_date(value: str) -> str:
    """An ISO date at year, month or day precision, checked for real months and days."""
    value = value.strip()
    if not is_calendar_date(value):
        raise BilatError(E.E032, value=value)
    return value
