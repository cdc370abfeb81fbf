"""Events as the readers see them: one event with every report and why it joined, and lists
explained the same way. The rows come from :class:`bilat.store.repos.EventRepository`."""

from __future__ import annotations

from bilat.query.asof import members_of
from bilat.records import Record
from bilat.store.repos import Reader


def get_event(reads: Reader, event_id: int) -> Record | None:
    """One event with its reports and outcomes: document, sentence, span, and the reason."""
    event = reads.events.get(event_id)
    if event is None:
        return None
    event["members"] = reads.events.members([event_id]).get(event_id, [])
    return event


def explain(reads: Reader, events: list[Record]) -> list[Record]:
    """The events, each with its members (``members``), in place."""
    members = members_of(reads, events)
    for event in events:
        event["members"] = members.get(event["id"], [])
    return events
