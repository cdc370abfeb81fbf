"""Merging facts into events, incrementally, inside the document's own transaction.

A new fact looks only at the events of its bucket (:func:`rules.event_key`), nearest in time
first, and joins the first one :func:`rules.joins` accepts, keeping the reason; otherwise it
starts an event. Facts that happened during a visit (talks, signings, a level raised) are also
linked to that visit as its outcomes. Only the events touched are summarised again, so adding
one article costs the same in a store of ten documents or of a million.

Nothing here runs SQL: the merging reads and writes events through :class:`EventRepository`,
which the store implements (``bilat.store.events.EventStore``) and the engine hands in, bound
to the transaction of the document being stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from bilat import timeline
from bilat.facts import fact_type
from bilat.records import Record
from bilat.resolve import rules

# Events of a bucket further than this from a fact's date are not even considered.
CANDIDATE_WINDOW_DAYS = 400


class EventRepository(Protocol):
    """What merging needs of a store, within one transaction."""

    def fact_records(self, fact_ids: Sequence[int]) -> list[Record]:
        """Facts as records (fields plus ``id``, ``type``, ``doc_id``, ``doc``, ``doc_date``),
        in id order."""
        ...

    def pair_facts_in_months(
        self, pair: Sequence[str], months: Sequence[str], event_id: int, exclude_type: str
    ) -> list[Record]: ...

    def document_ids(self) -> list[str]:
        """Every document, oldest first."""
        ...

    def fact_ids(self, doc_id: str) -> list[int]: ...

    def bucket(self, kind: str, key: str) -> list[tuple[int, str | None]]:
        """(id, start) of the events of a bucket."""
        ...

    def events_in_buckets(self, kind: str, keys: Sequence[str]) -> list[tuple[int, Record]]: ...

    def event(self, event_id: int) -> tuple[str, Record] | None: ...

    def event_type(self, event_id: int) -> str: ...

    def members(self, event_id: int, role: str = "report") -> list[Record]: ...

    def is_member(self, event_id: int, fact_id: int) -> bool: ...

    def new_event(self, kind: str, key: str) -> int: ...

    def add_member(self, event_id: int, fact_id: int, role: str, reason: str) -> None: ...

    def update_event(
        self, event_id: int, summary: Record, start: str | None, end: str | None
    ) -> None: ...

    def delete_event(self, event_id: int) -> None: ...

    def link_countries(self, event_id: int, codes: Iterable[str]) -> None: ...

    def link_pairs(self, event_id: int, pairs: Iterable[tuple[str, str]]) -> None: ...

    def link_persons(self, event_id: int, names: Iterable[str | None]) -> None: ...

    def clear_events(self) -> None: ...


def _anchor(record: Record) -> str | None:
    for key in ("start", "date", "period"):
        if record.get(key):
            return str(record[key])
    return record.get("doc_date")


def _candidates(repo: EventRepository, record: Record) -> list[int]:
    """Events of the record's bucket that may be the same, nearest in time first."""
    rows = repo.bucket(record["type"], rules.event_key(record))
    anchor = _anchor(record)
    if not fact_type(record["type"]).windowed or not anchor:
        return [event_id for event_id, _ in sorted(rows, key=lambda r: -r[0])]
    near = [
        (abs(timeline.days_between(start, anchor) or 0), event_id)
        for event_id, start in rows
        if not start
        or timeline.within(anchor, start, start, CANDIDATE_WINDOW_DAYS, CANDIDATE_WINDOW_DAYS)
    ]
    return [event_id for _, event_id in sorted(near)]


def place_facts(repo: EventRepository, fact_ids: Sequence[int]) -> set[int]:
    """Merge stored facts (one document's) into events; return the events touched."""
    return place(repo, repo.fact_records(fact_ids))


def place(repo: EventRepository, records: Iterable[Record]) -> set[int]:
    """Put each fact in an event (joining or starting one); return the events touched."""
    touched: set[int] = set()
    added = list(records)
    for record in added:
        event_id, reason = None, "first report"
        for candidate in _candidates(repo, record):
            why = rules.joins(record, repo.members(candidate))
            if why:
                event_id, reason = candidate, why
                break
        if event_id is None:
            event_id = repo.new_event(record["type"], rules.event_key(record))
        repo.add_member(event_id, record["id"], "report", reason)
        _refresh(repo, event_id)
        touched.add(event_id)
    touched |= _link_outcomes(repo, added)
    for event_id in sorted(touched):
        _gather_outcomes(repo, event_id)
    return touched


def _gather_outcomes(repo: EventRepository, event_id: int) -> None:
    """For a visit: the facts already stored that happened during it (any document order)."""
    found_event = repo.event(event_id)
    if found_event is None:
        return
    kind, data = found_event
    if kind != "visit" or not data.get("start") or data.get("kind") == "tour":
        return
    pair = sorted(c for c in (data.get("guest_country"), data.get("host_country")) if c)
    if len(pair) != 2:
        return
    months = sorted(
        {(data.get("start") or "")[:7], (data.get("end") or data.get("start") or "")[:7]}
    )
    found = False
    for record in repo.pair_facts_in_months(pair, months, event_id, exclude_type="visit"):
        reason = rules.outcome_of(record, data)
        if reason:
            repo.add_member(event_id, record["id"], "outcome", reason)
            found = True
    if found:
        _refresh(repo, event_id)


def _link_outcomes(repo: EventRepository, records: Sequence[Record]) -> set[int]:
    """Link talks, signings, levels and pledges to the visit they happened during."""
    touched: set[int] = set()
    for record in records:
        countries = rules.countries_of(record)
        if record["type"] == "visit" or len(countries) != 2:
            continue
        a, b = countries
        for visit_id, data in repo.events_in_buckets("visit", [f"{a}>{b}", f"{b}>{a}"]):
            reason = rules.outcome_of(record, data)
            if reason and not repo.is_member(visit_id, record["id"]):
                repo.add_member(visit_id, record["id"], "outcome", reason)
                touched.add(visit_id)
    for event_id in touched:
        _refresh(repo, event_id)
    return touched


def _refresh(repo: EventRepository, event_id: int) -> None:
    """Summarise the event again from its reports, with its outcomes' sources."""
    kind = repo.event_type(event_id)
    members = repo.members(event_id)
    if not members:
        repo.delete_event(event_id)
        return
    summary = rules.summarise(kind, members)
    summary["report_sources"] = list(summary["sources"])  # the articles that tell the event itself
    outcomes = repo.members(event_id, "outcome")
    if outcomes:
        summary["sources"] = sorted({*summary["sources"], *(m["doc"] for m in outcomes)})
    start, end = rules.event_dates(summary)
    repo.update_event(event_id, summary, start, end)
    repo.link_countries(event_id, rules.countries_of(summary))
    repo.link_pairs(event_id, rules.pairs_of(summary))
    repo.link_persons(event_id, [summary.get("guest"), *(summary.get("participants") or [])])


def resolve_all(repo: EventRepository) -> int:
    """Build every event again from the stored facts, oldest document first; return the
    number of documents read."""
    repo.clear_events()
    doc_ids = repo.document_ids()
    for doc_id in doc_ids:
        place_facts(repo, repo.fact_ids(doc_id))
    return len(doc_ids)
