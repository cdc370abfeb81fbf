"""Events as they stood on a day, and as a reader knew them on a day.

The stored events summarise every article ever read. A question about a day D is answered from
the same facts, fewer of them: ``as_of`` keeps the facts that had happened by D (the rule is
in :mod:`bilat.timeline`), ``known_by`` the facts of the articles published by D. Each event is
summarised again from the facts kept, by its type's own rule, so an agreement's status, a
visit's dates and a figure's value are those reached on D; an event none of whose facts is
kept is not in the answer. A fact whose dates had begun but not ended by D (a visit of May 2025
asked about on 10 May) is under way; an event all of whose reports are under way, or whose
dates reach past D, carries ``during``: shown as such, never as certain. Types whose facts are
known only once their dates are over (a figure for a year, a step of an agreement "in 2024")
drop such facts instead.

Every query of :mod:`bilat.query` passes its events through :func:`on_day` first.
"""

from __future__ import annotations

from datetime import date

from bilat import timeline
from bilat.facts import fact_type
from bilat.records import Record
from bilat.resolve import rules
from bilat.store.repos import Reader


def on_day(
    reads: Reader,
    events: list[Record],
    as_of: str | None = None,
    known_by: str | None = None,
    today: date | None = None,
) -> list[Record]:
    """The events as they stood on ``as_of`` and as known by ``known_by`` (each None: no
    limit), every event's state taken on ``as_of`` (``today`` when None)."""
    day = timeline.day_of(as_of)
    known = timeline.day_of(known_by)
    state_day = day or today or date.today()
    if day is None and known is None:
        return [_state(event, state_day) for event in events]
    members = reads.events.members([e["id"] for e in events])
    kept = []
    for event in events:
        view = _view(event, members.get(event["id"], []), day, known)
        if view is not None:
            kept.append(_state(view, state_day))
    return kept


def members_of(reads: Reader, events: list[Record]) -> dict[int, list[Record]]:
    """Each event's members (its facts with their provenance), only those the day kept when
    the event is a view of a day: a citation never points to a later article."""
    members = reads.events.members([e["id"] for e in events])
    for event in events:
        kept = event.get("fact_ids")
        if kept is not None and event["id"] in members:
            wanted = set(kept)
            members[event["id"]] = [m for m in members[event["id"]] if m["fact_id"] in wanted]
    return members


def _state(event: Record, day: date) -> Record:
    return fact_type(event["type"]).on_day(event, day)


def _view(
    event: Record, members: list[Record], day: date | None, known: date | None
) -> Record | None:
    kind = event["type"]
    settled, under_way, outcomes = [], [], []
    for member in members:
        fact = _fact(member)
        if not timeline.reported_by(fact["doc_date"], known):
            continue
        place = timeline.BEFORE if day is None else _place(kind, fact, day)
        if place == timeline.AFTER:
            continue
        if member["role"] == "outcome":
            outcomes.append(fact)
        elif place == timeline.BEFORE:
            settled.append(fact)
        else:
            under_way.append(fact)
    reports = settled + under_way
    if not reports:
        return None
    summary = rules.summarise(kind, reports)
    summary["report_sources"] = list(summary["sources"])
    if outcomes:
        summary["sources"] = sorted({*summary["sources"], *(f["doc"] for f in outcomes)})
    start, end = rules.event_dates(summary)
    view = {"id": event["id"], "type": kind, "key": event["key"], "start": start, "end": end}
    view.update(summary)
    view["fact_ids"] = sorted(f["id"] for f in [*reports, *outcomes])
    # under way on the day: told only by reports under way, or dated by them past the day
    if not settled or (
        day is not None
        and timeline.place_on(timeline.fact_interval(start, end, None), day) == timeline.DURING
    ):
        view["during"] = True
    return view


def _fact(member: Record) -> Record:
    """A member row of the store as the fact record the type's rules read."""
    return {
        **member["fields"],
        "id": member["fact_id"],
        "type": member["type"],
        "doc_id": member["doc_id"],
        "doc": member["doc"],
        "doc_date": member["doc_date"],
    }


def _place(kind: str, fact: Record, day: date) -> str:
    """Where one fact stands on ``day``, from the dates its type gives it."""
    own = fact_type(kind)
    start, end = own.event_dates(own.summarise([fact]))
    place = timeline.place_on(timeline.fact_interval(start, end, fact["doc_date"]), day)
    if place == timeline.DURING and own.known_when_over:
        return timeline.AFTER
    return place
