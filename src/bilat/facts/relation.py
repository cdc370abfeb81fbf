"""relation: the level of the relationship between two countries, and what happened to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from bilat import timeline
from bilat.errors import BilatError, E
from bilat.facts.base import (
    FactType,
    MatchRule,
    Record,
    countries_of,
    pair_key,
    register,
    same_date_span,
    show,
)
from bilat.facts.compare import same_country_set, same_label


@dataclass(frozen=True)
class RelationFields:
    countries: list[str]
    level: str  # a code of relation_levels.yaml
    action: str  # established, reaffirmed
    date: str | None


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    rank: int | None = None  # None: beside the ladder
    colour: str | None = None


@lru_cache(maxsize=1)
def levels() -> dict[str, Level]:
    """Every relation level, in the order of the data file (the ladder first)."""
    source = resources.files("bilat.facts") / "relation_levels.yaml"
    found: dict[str, Level] = {}
    for n, entry in enumerate(yaml.safe_load(source.read_text(encoding="utf-8")), start=1):
        try:
            level = Level(**entry)
        except TypeError as error:
            raise BilatError(
                E.E060, path="relation_levels.yaml", key=f"entry {n}", reason=error
            ) from error
        found[level.code] = level
    return found


def ladder() -> tuple[str, ...]:
    """The ranked levels, lowest first."""
    ranked = [level for level in levels().values() if level.rank is not None]
    return tuple(level.code for level in sorted(ranked, key=lambda level: level.rank or 0))


def level_names() -> dict[str, str]:
    return {code: level.name for code, level in levels().items()}


def level_colours() -> dict[str, str]:
    """The ladder's colours, lowest level first."""
    return {code: level.colour for code, level in levels().items() if level.colour}


def level_name(code: str | None) -> str | None:
    level = levels().get(code or "")
    return level.name if level else code


def event_key(record: Record) -> str:
    return f"{pair_key(record)}|{record.get('level')}|{record.get('action')}"


def joins(record: Record, members: Sequence[Record]) -> str | None:
    if record.get("action") == "established":
        return f"same countries, level and action ({event_key(record)})"
    month = (record.get("date") or record.get("doc_date") or "")[:7]
    if any((m.get("date") or m.get("doc_date") or "")[:7] == month for m in members):
        return f"same level restated in the same month ({month})"
    return None


def summarise(members: Sequence[Record]) -> Record:
    conflicts: list[Record] = []
    dates = [str(m["date"]) for m in members if m.get("date")]
    if members[0].get("action") == "established":
        years = {d[:4] for d in dates}
        if len(years) > 1:
            conflicts.append(
                {
                    "field": "date",
                    "values": [
                        {
                            "value": y,
                            "sources": sorted(
                                {m["doc"] for m in members if (m.get("date") or "")[:4] == y}
                            ),
                        }
                        for y in sorted(years)
                    ],
                }
            )
    return {
        "countries": countries_of(members[0]),
        "level": members[0].get("level"),
        "action": members[0].get("action"),
        "date": timeline.most_precise(dates)
        or min((m.get("doc_date") or "" for m in members), default=None)
        or None,
        "contradictions": conflicts,
    }


def describe(event: Record) -> str:
    verb = "established" if event.get("action") == "established" else "reaffirmed"
    return f"{event.get('date') or 'undated'}: {level_name(event.get('level'))} {verb}"


def describe_fact(fact: Record) -> str:
    return (
        f"{show(fact.get('countries'))} {show(fact.get('level'))} {show(fact.get('action'))} "
        f"on {show(fact.get('date'))}"
    )


def label(event: Record) -> str:
    level: str = event.get("level") or ""
    return level_name(level) or level


def _key(gold: Record, pred: Record) -> bool:
    return (
        same_country_set(gold.get("countries"), pred.get("countries"))
        and same_label(gold.get("level"), pred.get("level"))
        and same_label(gold.get("action"), pred.get("action"))
    )


def _slots(gold: Record, pred: Record) -> int:
    return int(same_label(gold.get("date"), pred.get("date")))


RELATION = register(
    FactType(
        name="relation",
        order=4,
        fields=RelationFields,
        extractor="bilat.extract.relations:extract",
        event_key=event_key,
        joins=joins,
        summarise=summarise,
        event_dates=same_date_span,
        describe=describe,
        describe_fact=describe_fact,
        match=MatchRule(_key, _slots),
        key_fields=("countries", "level", "action"),
        windowed=False,
        dossier_section="level",
        summary_fields=("countries", "level", "action", "date"),
        label=label,
    )
)
