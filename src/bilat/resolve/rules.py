"""When two reports are the same event, and what an event is once its reports are merged.

Pure functions over fact records (a stored fact's FORMAT.md fields plus ``id``, ``doc_id``,
``doc`` and ``doc_date``). Each fact type's own rules live in its module of
:mod:`bilat.facts`; this module asks the registry. :func:`event_key` buckets facts that may
be one event (same type, same countries); :func:`joins` decides, with a reason a user can
read, whether a fact joins an event; :func:`summarise` turns an event's reports into one
record with its sources and its contradictions; :func:`outcome_of` links what happened
during a visit to it. Nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Sequence

from bilat import timeline
from bilat.facts import countries_of, fact_type
from bilat.records import Record

__all__ = [
    "countries_of",
    "event_dates",
    "event_key",
    "joins",
    "outcome_of",
    "pairs_of",
    "summarise",
]


def event_key(record: Record) -> str:
    """The bucket of events a fact may join: its type's identifying countries (and level)."""
    return fact_type(record["type"]).event_key(record)


def joins(record: Record, members: Sequence[Record]) -> str | None:
    """Why ``record`` is the event ``members`` report, or None when it is another event."""
    return fact_type(record["type"]).joins(record, members)


def summarise(kind: str, members: Sequence[Record]) -> Record:
    """One record for the event its reports describe, with sources and contradictions."""
    summary = fact_type(kind).summarise(members)
    summary["type"] = kind
    summary["sources"] = sorted({m["doc"] for m in members})
    return summary


def pairs_of(summary: Record) -> list[tuple[str, str]]:
    """The pairs of countries an event relates, each smaller code first."""
    return fact_type(summary["type"]).pairs_of(summary)


def event_dates(summary: Record) -> tuple[str | None, str | None]:
    """The event's place on a timeline: (start, end) from its summary."""
    return fact_type(summary["type"]).event_dates(summary)


def outcome_of(record: Record, visit: Record) -> str | None:
    """Why a fact happened during a visit (talks held, agreements signed, levels raised):
    same pair, dated (or reported) within the visit."""
    if (
        record["type"] == "visit"
        or visit.get("kind") == "tour"
        or visit.get("status") == "announced"
    ):
        return None
    if record["type"] == "agreement" and record.get("action") not in {"signed", "adopted"}:
        return None
    pair = {visit.get("guest_country"), visit.get("host_country")}
    if set(countries_of(record)) != pair:
        return None
    when = record.get("date") if record["type"] != "commitment" else None
    when = when or record.get("doc_date")
    if record["type"] == "relation" and record.get("action") == "established":
        when = record.get("date") or when
    if timeline.precision(when) < 2:
        return None  # a year says nothing of which visit it was
    if not timeline.within(
        when, visit.get("start"), visit.get("end"), 0, 2 if timeline.precision(when) == 3 else 0
    ):
        return None
    return (
        f"same pair ({'–'.join(sorted(pair))}), dated {when}, "
        f"within the visit of {visit.get('start')}"
    )
