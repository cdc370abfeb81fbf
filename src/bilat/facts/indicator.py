"""indicator: a number about a relationship (trade, investment, anniversaries, counts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bilat import timeline
from bilat.facts.base import (
    FactType,
    MatchRule,
    Record,
    countries_of,
    most_common,
    pair_key,
    register,
    show,
)
from bilat.facts.compare import (
    same_country_set,
    same_label,
    same_number,
    value_within_tolerance,
)

INDICATOR_TOLERANCE = 0.05


@dataclass(frozen=True)
class IndicatorFields:
    metric: str
    value: float | int | None
    unit: str | None
    period: str | None
    countries: list[str]
    target: bool | None = None  # a goal or a plan, not a measured value
    approximate: bool | None = None  # "près d'un milliard", "une dizaine d'accords"


def event_key(record: Record) -> str:
    return f"{pair_key(record)}|{record.get('metric')}"


def joins(record: Record, members: Sequence[Record]) -> str | None:
    if any(m.get("doc_id") == record.get("doc_id") for m in members):
        return None  # one article giving two values of a metric tells of two things
    period = (record.get("period") or "")[:4]
    for member in members:
        if (member.get("period") or "")[:4] == period and bool(member.get("target")) == bool(
            record.get("target")
        ):
            return (
                f"same metric, countries and period ({event_key(record)}, {period or 'no period'})"
            )
    return None


def summarise(members: Sequence[Record]) -> Record:
    values = [
        (float(m["value"]), m["doc"]) for m in members if isinstance(m.get("value"), int | float)
    ]
    numbers = sorted(v for v, _ in values)
    conflicts: list[Record] = []
    if numbers and numbers[-1] > numbers[0] * (1 + INDICATOR_TOLERANCE):
        grouped: dict[float, set[str]] = {}
        for value, doc in values:
            grouped.setdefault(value, set()).add(doc)
        conflicts.append(
            {
                "field": "value",
                "values": [{"value": v, "sources": sorted(d)} for v, d in sorted(grouped.items())],
            }
        )
    common = most_common([v for v, _ in values]) if values else None
    first = members[0]
    return {
        "metric": first.get("metric"),
        "countries": countries_of(first),
        "value": int(common) if isinstance(common, float) and common.is_integer() else common,
        "unit": first.get("unit"),
        "period": timeline.most_precise([m.get("period") for m in members]),
        **({"target": True} if first.get("target") else {}),
        # approximate only when no report gives the value exactly ("près d'un milliard")
        **({"approximate": True} if all(m.get("approximate") for m in members) else {}),
        "contradictions": conflicts,
    }


def event_dates(summary: Record) -> tuple[str | None, str | None]:
    return summary.get("period"), summary.get("period")


def _number(value: Any) -> str:
    if isinstance(value, int | float):
        return f"{value:,.0f}".replace(",", " ") if value >= 1000 else f"{value:g}"
    return str(value)


def describe(event: Record) -> str:
    target = " (target)" if event.get("target") else ""
    about = "≈ " if event.get("approximate") else ""
    value = f"{about}{_number(event.get('value'))} {event.get('unit')}{target}"
    return f"{event.get('metric')}: {value}, {event.get('period') or 'no period'}"


def describe_fact(fact: Record) -> str:
    return (
        f"{show(fact.get('metric'))} = {show(fact.get('value'))} {show(fact.get('unit'))} "
        f"({show(fact.get('countries'))}, {show(fact.get('period'))})"
    )


def _key(gold: Record, pred: Record) -> bool:
    return same_label(gold.get("metric"), pred.get("metric")) and value_within_tolerance(
        gold.get("value"), pred.get("value")
    )


def _slots(gold: Record, pred: Record) -> int:
    return sum(
        (
            same_label(gold.get("unit"), pred.get("unit")),
            same_label(gold.get("period"), pred.get("period")),
            same_country_set(gold.get("countries"), pred.get("countries")),
            same_number(gold.get("value"), pred.get("value")),
        )
    )


INDICATOR = register(
    FactType(
        name="indicator",
        order=5,
        fields=IndicatorFields,
        extractor="bilat.extract.indicators:extract",
        event_key=event_key,
        joins=joins,
        summarise=summarise,
        event_dates=event_dates,
        known_when_over=True,
        describe=describe,
        describe_fact=describe_fact,
        match=MatchRule(_key, _slots),
        key_fields=("metric", "value"),
        dossier_section="figures",
        summary_fields=("metric", "value", "unit", "period", "countries"),
    )
)
