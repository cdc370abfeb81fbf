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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bilat.engine.local import IngestReport, ProgressCallback, ingest
from bilat.errors import BilatError, E
from bilat.extract.base import FACT_TYPES
from bilat.kb import KnowledgeBase, load_kb
from bilat.query.facts import resolve_country, validate_date
from bilat.settings import Settings
from bilat.store.integrity import CheckReport
from bilat.store.store import Store

if TYPE_CHECKING:
    from bilat.store.repos import Reader

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
    def _reading(self) -> AbstractContextManager[Reader]:
        """The store's repositories over one connection: one snapshot for one answer."""
        from bilat.store.repos import reading

        return reading(self.store.engine)

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
        from bilat.query.facts import FactQuery

        query = FactQuery.parse(
            list(pair), fact_type, since, None if limit is None else _limit(limit)
        )
        with self._reading() as reads:
            return reads.facts.matching(
                query.pair, query.fact_type, query.since, query.limit, _offset(offset)
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
    ) -> list[Record]:
        from bilat.query.events import explain as with_members

        codes = [resolve_country(c) for c in pair]
        for kind in types:
            if kind not in FACT_TYPES:
                raise BilatError(E.E033, value=kind, choices=", ".join(FACT_TYPES))
        with self._reading() as reads:
            rows = reads.events.matching(codes, types, _date(since), _date(until), limit, offset)
            return with_members(reads, rows) if explain else rows

    def latest_events(self, n: int = 15) -> list[Record]:
        """The ``n`` dated events that start last, latest first."""
        with self._reading() as reads:
            return reads.events.latest(_limit(n, name="n"))

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

    def relations(self, a: str, b: str, as_of: str | None = None) -> Record:
        from bilat.query.relations import pair_relations

        with self._reading() as reads:
            return pair_relations(reads, _pair(a, b), _date(as_of))

    def partners(
        self,
        country: str,
        level: str | None = None,
        as_of: str | None = None,
        at_least: bool = False,
    ) -> Record:
        from bilat.query.relations import partners

        with self._reading() as reads:
            return partners(reads, resolve_country(country), _level(level), _date(as_of), at_least)

    def network(self, as_of: str | None = None, level: str | None = None) -> Record:
        """Partnerships between countries on ``as_of`` (at ``level`` only, when given), with the
        countries' names."""
        from bilat.query.relations import network

        with self._reading() as reads:
            data = network(reads, _date(as_of), _level(level))
        return {**data, "names": {c: self.kb.country_name(c) for c in data["nodes"]}}

    def commitments(
        self, a: str, b: str, status: str | None = None, as_of: str | None = None
    ) -> list[Record]:
        from bilat.query.commitments import follow_through

        if status is not None and status not in COMMITMENT_STATUSES:
            raise BilatError(E.E035, value=status, choices=", ".join(COMMITMENT_STATUSES))
        with self._reading() as reads:
            return follow_through(reads, _pair(a, b), self.kb, status, _date(as_of))

    def dossier(self, a: str, b: str, as_of: str | None = None) -> Record:
        from bilat.query.dossier import dossier

        with self._reading() as reads:
            return dossier(reads, _pair(a, b), self.kb, _date(as_of))

    def dump(self, output: Path) -> int:
        """The whole store to ``output`` as the portable JSONL backup (gzipped for ``.gz``,
        ``-`` for stdout), for ``bilat import``; the number of rows written."""
        from bilat.store.portable import dump_file

        return sum(dump_file(self.store.engine, output).values())


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


def _pair(a: str, b: str) -> tuple[str, str]:
    first, second = resolve_country(a), resolve_country(b)
    if first == second:
        raise BilatError(E.E036, value=first)
    return first, second
