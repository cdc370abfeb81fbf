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
from dataclasses import dataclass
from typing import Any

from bilat.engine import DocumentProcessor, IngestReport, ProgressCallback
from bilat.engine.runs import DocumentLike
from bilat.errors import BilatError, E
from bilat.extract.base import FACT_TYPES
from bilat.kb import KnowledgeBase, load_kb
from bilat.query.facts import resolve_country, validate_date
from bilat.settings import Settings
from bilat.store.integrity import CheckReport
from bilat.store.store import Store

Record = dict[str, Any]
LEVELS = (
    "diplomatic_relations",
    "partnership",
    "comprehensive_partnership",
    "strategic_partnership",
    "comprehensive_strategic_partnership",
    "traditional_friendship",
    "other",
)
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
            raise BilatError(E.E062, url=Store.hide_password(self.settings.db_url))

    def check(self) -> CheckReport:
        """The store's integrity: every check run, every problem found (none when sound)."""
        from bilat.store.integrity import check_store

        return check_store(self.store.engine)

    # ------------------------------------------------------------------ reading
    def events(
        self,
        pair: Sequence[str] = (),
        types: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        explain: bool = False,
    ) -> list[Record]:
        from bilat.query.events import event_members, list_events

        codes = [resolve_country(c) for c in pair]
        for kind in types:
            if kind not in FACT_TYPES:
                raise BilatError(E.E033, value=kind, choices=", ".join(FACT_TYPES))
        with self.store.engine.connect() as conn:
            rows = list_events(conn, codes, types, _date(since), _date(until), limit, offset)
            if explain:
                members = event_members(conn, [r["id"] for r in rows])
                for row in rows:
                    row["members"] = members.get(row["id"], [])
        return rows

    def event(self, event_id: int) -> Record | None:
        from bilat.query.events import get_event

        with self.store.engine.connect() as conn:
            return get_event(conn, event_id)

    def entity(self, name: str) -> Record | None:
        """A person (aliases, offices, events), else an organisation or bloc of the KB."""
        from bilat.query.entities import entity, organisation

        with self.store.engine.connect() as conn:
            return entity(conn, name) or organisation(conn, self.kb, name)

    def relations(self, a: str, b: str, as_of: str | None = None) -> Record:
        from bilat.query.relations import pair_relations

        with self.store.engine.connect() as conn:
            return pair_relations(conn, _pair(a, b), _date(as_of))

    def partners(
        self,
        country: str,
        level: str | None = None,
        as_of: str | None = None,
        at_least: bool = False,
    ) -> Record:
        from bilat.query.relations import partners

        with self.store.engine.connect() as conn:
            return partners(conn, resolve_country(country), _level(level), _date(as_of), at_least)

    def network(self, as_of: str | None = None, level: str | None = None) -> Record:
        """Partnerships between countries on ``as_of`` (at ``level`` only, when given), with the
        countries' names."""
        from bilat.query.relations import network

        with self.store.engine.connect() as conn:
            data = network(conn, _date(as_of), _level(level))
        return {**data, "names": {c: self.kb.country_name(c) for c in data["nodes"]}}

    def commitments(
        self, a: str, b: str, status: str | None = None, as_of: str | None = None
    ) -> list[Record]:
        from bilat.query.commitments import follow_through

        if status is not None and status not in COMMITMENT_STATUSES:
            raise BilatError(E.E035, value=status, choices=", ".join(COMMITMENT_STATUSES))
        with self.store.engine.connect() as conn:
            return follow_through(conn, _pair(a, b), self.kb, status, _date(as_of))

    def dossier(self, a: str, b: str, as_of: str | None = None) -> Record:
        from bilat.query.dossier import dossier

        with self.store.engine.connect() as conn:
            return dossier(conn, _pair(a, b), self.kb, _date(as_of))


def _date(value: str | None) -> str | None:
    return validate_date(value) if value is not None else None


def _level(value: str | None) -> str | None:
    if value is not None and value not in LEVELS:
        raise BilatError(E.E034, value=value, choices=", ".join(LEVELS))
    return value


def _pair(a: str, b: str) -> tuple[str, str]:
    first, second = resolve_country(a), resolve_country(b)
    if first == second:
        raise BilatError(E.E036, value=first)
    return first, second
