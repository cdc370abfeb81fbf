"""meeting: leaders or officials of two or more countries meeting, talking or phoning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bilat import timeline
from bilat.facts.base import (
    FactType,
    MatchRule,
    Record,
    countries_of,
    date_conflict,
    most_common,
    pair_key,
    register,
    same_date_span,
    show,
)
from bilat.facts.compare import (
    person_list,
    same_country_set,
    same_label,
    same_people,
    share_a_person,
)
from bilat.text import person_tokens

MEETING_DATE_SLACK_DAYS = 1
# A meeting named without a date is the one of the days around its report.
MEETING_REPORT_DAYS = 3


@dataclass(frozen=True)
class MeetingFields:
    participants: list[str]
    countries: list[str]
    kind: str  # talks, meeting, call, other
    date: str | None


def _shared_people(names_a: Sequence[str], names_b: Sequence[str]) -> int:
    return sum(1 for a in names_a if any(person_tokens(a) & person_tokens(b) for b in names_b))


def joins(record: Record, members: Sequence[Record]) -> str | None:
    own = [p for p in record.get("participants") or [] if p]
    theirs = [p for m in members for p in m.get("participants") or [] if p]
    people = None
    if own and theirs:
        # both sides of a meeting must match: Modi with Borne is not Modi with Macron
        needed = min(2, len(own), len(set(theirs)))
        if _shared_people(own, theirs) < needed:
            return None
        people = True
    own_date, date = record.get("date"), summarise(members).get("date")
    reasons = [f"same countries ({pair_key(record)})"]
    if own_date and date:
        if not timeline.agree(own_date, date, MEETING_DATE_SLACK_DAYS):
            return None
        reasons.append(f"date {own_date} agrees with {date}")
    else:
        anchor = own_date or record.get("doc_date")
        others = [date] if date else [m.get("doc_date") for m in members]
        if not any(
            timeline.within(anchor, o, o, MEETING_REPORT_DAYS, MEETING_REPORT_DAYS)
            for o in others
            if o
        ):
            return None
        reasons.append(
            f"reported on {record.get('doc_date')}, "
            f"within {MEETING_REPORT_DAYS} days of the meeting"
        )
    if people:
        reasons.append("a participant in common")
    return "; ".join(reasons)


def summarise(members: Sequence[Record]) -> Record:
    participants: list[str] = []
    for name in sorted(
        (p for m in members for p in m.get("participants") or []), key=len, reverse=True
    ):
        if not any(person_tokens(name) & person_tokens(p) for p in participants):
            participants.append(name)
    kinds = [m.get("kind") for m in members]
    return {
        "participants": participants,
        "countries": countries_of(members[0]),
        "kind": "call"
        if "call" in kinds
        else most_common([k for k in kinds if k != "other"], "other"),
        # a meeting told without its date took place around its first report
        "date": timeline.most_precise([m.get("date") for m in members])
        or min((str(m["doc_date"]) for m in members if m.get("doc_date")), default=None),
        "contradictions": date_conflict("date", members, "date"),
    }


def describe(event: Record) -> str:
    people = ", ".join(event.get("participants") or []) or "–".join(event.get("countries", []))
    return f"{event.get('date') or 'undated'}: {event.get('kind')} — {people}"


def describe_fact(fact: Record) -> str:
    return (
        f"{show(fact.get('countries'))}, {show(fact.get('kind'))} on {show(fact.get('date'))}: "
        f"{show(fact.get('participants'))}"
    )


def label(event: Record) -> str:
    return f"{event.get('kind')}: " + ", ".join((event.get("participants") or [])[:2])


def _key(gold: Record, pred: Record) -> bool:
    if not same_country_set(gold.get("countries"), pred.get("countries")):
        return False
    gold_people = person_list(gold.get("participants"))
    pred_people = person_list(pred.get("participants"))
    if gold_people is None or pred_people is None:
        return False
    if not gold_people or not pred_people:
        return True  # one side names nobody: the countries alone decide
    return share_a_person(gold_people, pred_people)


def _slots(gold: Record, pred: Record) -> int:
    return sum(
        (
            same_label(gold.get("kind"), pred.get("kind")),
            same_label(gold.get("date"), pred.get("date")),
            # Several meetings of one visit often share a leader; the full list tells them apart.
            same_people(gold.get("participants"), pred.get("participants")),
        )
    )


MEETING = register(
    FactType(
        name="meeting",
        order=2,
        fields=MeetingFields,
        extractor="bilat.extract.meetings:extract",
        event_key=pair_key,
        joins=joins,
        summarise=summarise,
        event_dates=same_date_span,
        describe=describe,
        describe_fact=describe_fact,
        match=MatchRule(_key, _slots),
        key_fields=("countries", "participants"),
        summary_fields=("participants", "countries", "kind", "date"),
        label=label,
    )
)
