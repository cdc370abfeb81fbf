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
from typing import Any

from bilat.engine.local import IngestReport, ProgressCallback, ingest
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


class Bilat:
    """One store, opened once; every query validates its parameters first."""

    def __init__(self, db: str | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env(**({"db_url": db} if db else {}))
        self.store = Store(self.settings.db_url)
        self._kb: KnowledgeBase | None = None

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb(self.settings.language, self.settings.user_kb)
        return self._kb

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Bilat:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def ingest(
        self, paths: Iterable[str], progress: ProgressCallback | None = None
    ) -> IngestReport:
        return ingest(paths, self.settings, self.store, progress=progress)

    def resolve(self) -> int:
        """Rebuild every event from the stored facts; return the number of documents read."""
        from bilat.resolve.events import resolve_all
        from bilat.store.transactions import writing

        with writing(self.store.engine) as conn:
            return resolve_all(conn)

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
