"""visit: a person or delegation of one country travelling to another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bilat import timeline
from bilat.facts.base import (
    FactType,
    MatchRule,
    Record,
    date_conflict,
    fullest_name,
    most_common,
    register,
    same_persons,
    show,
    span_text,
)
from bilat.facts.compare import (
    same_country,
    same_country_set,
    same_date_at_coarser_precision,
    same_label,
    same_person,
)

# An announced visit is reported up to this many days before it starts; reports follow it.
ANNOUNCED_BEFORE_DAYS = 45
REPORTED_AFTER_DAYS = 30
# Two day-precise starts this close are one visit told with a wrong date somewhere.
VISIT_DATE_SLACK_DAYS = 3
# A visit reported later supersedes its announcement.
STATUS_RANK = {"announced": 0, "ongoing": 1, "done": 2}


@dataclass(frozen=True)
class VisitFields:
    guest: str | None
    guest_country: str | None
    host_country: str | None  # null for a tour as a whole
    kind: str  # state, official, working, tour, other
    start: str | None
    end: str | None
    status: str  # announced, ongoing, done
    hosts: list[str] | None = None  # the countries of a tour


def event_key(record: Record) -> str:
    host = record.get("host_country") or "+".join(sorted(record.get("hosts") or [])) or "?"
    tour = "tour:" if record.get("kind") == "tour" else ""
    return f"{record.get('guest_country')}>{tour}{host}"


def joins(record: Record, members: Sequence[Record]) -> str | None:
    guests = same_persons([record.get("guest")], [m.get("guest") for m in members])
    if guests is False:
        return None
    summary = summarise(members)
    start, own = summary.get("start"), record.get("start")
    reasons = [f"same guest and host country ({event_key(record)})"]
    if own and start:
        historical = timeline.precision(own) == 1 or timeline.precision(start) == 1
        if historical and own[:4] != start[:4]:
            return None
        if not historical and not timeline.agree(own, start, VISIT_DATE_SLACK_DAYS):
            return None
        reasons.append(f"start {own} agrees with {start}")
    elif own:  # the event is known only from announcements: their reports' dates
        docs = [m.get("doc_date") for m in members]
        if not any(
            timeline.within(d, own, record.get("end"), REPORTED_AFTER_DAYS, ANNOUNCED_BEFORE_DAYS)
            for d in docs
        ):
            return None
        reasons.append(
            f"start {own} follows the announcements of {', '.join(sorted({d for d in docs if d}))}"
        )
    elif start:  # this report gives no date: its document's date must fall near the event
        doc_date = record.get("doc_date")
        if timeline.precision(start) == 1 or not timeline.within(
            doc_date, start, summary.get("end"), ANNOUNCED_BEFORE_DAYS, REPORTED_AFTER_DAYS
        ):
            return None
        reasons.append(f"undated report of {doc_date} falls within the visit ({start})")
    else:
        docs = [m.get("doc_date") for m in members]
        if not any(timeline.agree(record.get("doc_date"), d) for d in docs):
            return None
        reasons.append("undated reports of the same month")
    if guests:
        reasons.append(f"same guest ({record.get('guest')})")
    return "; ".join(reasons)


def summarise(members: Sequence[Record]) -> Record:
    latest = max(
        members, key=lambda m: (m.get("doc_date") or "", STATUS_RANK.get(str(m.get("status")), 0))
    )
    kinds = [m.get("kind") for m in members if m.get("kind") not in (None, "other")]
    hosts = sorted({h for m in members for h in (m.get("hosts") or [])})
    start = timeline.most_precise([m.get("start") for m in members])
    ends = [m.get("end") for m in members if m.get("start") == start] or [
        m.get("end") for m in members
    ]
    return {
        "guest": fullest_name(m.get("guest") for m in members),
        "guest_country": members[0].get("guest_country"),
        "host_country": members[0].get("host_country"),
        **({"hosts": hosts} if hosts else {}),
        "kind": most_common(kinds, "other"),
        "start": start,
        "end": timeline.most_precise(ends),
        "status": max(
            (m.get("status") for m in members if m.get("doc_date") == latest.get("doc_date")),
            key=lambda s: STATUS_RANK.get(str(s), 0),
        ),
        "contradictions": date_conflict("start", members, "start"),
    }


def event_dates(summary: Record) -> tuple[str | None, str | None]:
    return summary.get("start"), summary.get("end") or summary.get("start")


def pairs_of(record: Record) -> list[tuple[str, str]]:
    """A visit relates its guest's country to its host, a tour to each host (never the
    hosts to one another)."""
    guest = record.get("guest_country")
    hosts = {record.get("host_country"), *(record.get("hosts") or [])}
    return sorted({tuple(sorted((guest, h))) for h in hosts if guest and h and h != guest})


def on_day(summary: Record, day: date) -> Record:
    """The visit's status on ``day``: one its articles tell as under way or done is done once its
    dates are over and under way while they run; an announced visit stays announced (nothing
    says it took place), and an undated one keeps what its articles say."""
    start, end = event_dates(summary)
    if not start or summary.get("status") == "announced":
        return summary
    place = timeline.place_on(timeline.fact_interval(start, end, None), day)
    if place == timeline.AFTER:
        return summary
    return {**summary, "status": "done" if place == timeline.BEFORE else "ongoing"}


def describe(event: Record) -> str:
    when = span_text(event.get("start"), event.get("end")) or event.get("date") or "undated"
    guest = event.get("guest") or event.get("guest_country")
    place = event.get("host_country") or "+".join(event.get("hosts", []))
    return (
        f"{when}: {event.get('kind', 'other')} visit of {guest} "
        f"({event.get('guest_country')}) to {place}, {event.get('status')}"
    )


def describe_fact(fact: Record) -> str:
    host = fact.get("host_country")
    place = show(host) if host is not None else f"tour {show(fact.get('hosts'))}"
    return (
        f"{show(fact.get('guest_country'))} -> {place}, start {show(fact.get('start'))}, "
        f"{show(fact.get('kind'))}, guest {show(fact.get('guest'))}"
    )


def label(event: Record) -> str:
    host = event.get("host_country") or "tour"
    return f"{event.get('kind', '')} visit {event.get('guest_country')}→{host}".strip()


def _key(gold: Record, pred: Record) -> bool:
    return (
        same_country(gold.get("guest_country"), pred.get("guest_country"))
        and same_country(gold.get("host_country"), pred.get("host_country"))
        and same_date_at_coarser_precision(gold.get("start"), pred.get("start"))
    )


def _slots(gold: Record, pred: Record) -> int:
    return sum(
        (
            same_person(gold.get("guest"), pred.get("guest")),
            same_label(gold.get("kind"), pred.get("kind")),
            same_label(gold.get("end"), pred.get("end")),
            same_label(gold.get("status"), pred.get("status")),
            # Tours have a null host_country; the list of countries visited tells them apart.
            same_country_set(gold.get("hosts"), pred.get("hosts")),
        )
    )


VISIT = register(
    FactType(
        name="visit",
        order=1,
        fields=VisitFields,
        extractor="bilat.extract.visits:extract",
        event_key=event_key,
        joins=joins,
        summarise=summarise,
        event_dates=event_dates,
        on_day=on_day,
        pairs_of=pairs_of,
        describe=describe,
        describe_fact=describe_fact,
        match=MatchRule(_key, _slots),
        key_fields=("guest_country", "host_country", "start"),
        summary_fields=("guest", "guest_country", "host_country", "kind", "start", "status"),
        label=label,
    )
)
