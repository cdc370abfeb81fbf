"""What a fact type is, and the registry that collects them.

A fact type is one module of ``bilat.facts`` (or of another package, through the
``bilat_fact_types`` entry point) that registers one :class:`FactType`: its fields, its
extractor, how its reports merge into an event, where that event sits in time, how it reads
in one line, and how the scorer matches a predicted fact with a gold one. Everything else in
bilat asks the registry, so adding a type is adding its module and its lexicon.
"""

from __future__ import annotations

import dataclasses
import importlib
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import catalogue

from bilat import timeline
from bilat.records import Record
from bilat.text import person_tokens

if TYPE_CHECKING:  # the extractors' context, imported by the extractors themselves
    from bilat.extract.context import ArticleContext

Extractor = Callable[["ArticleContext"], Iterator["Fact"]]

registry = catalogue.create("bilat", "fact_types", entry_points=True)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and the span, as character offsets into the text."""

    sentence: str
    sent_start: int
    sent_end: int
    start: int
    end: int


@dataclass
class Fact:
    """One typed fact of one document, with its FORMAT.md fields in ``fields``."""

    type: str
    fields: dict[str, Any]
    evidence: Evidence
    extras: dict[str, Any] = field(default_factory=dict)

    def to_record(self, doc_name: str) -> dict[str, Any]:
        """The facts-JSONL line of FORMAT.md."""
        return {
            "doc": doc_name,
            "type": self.type,
            **self.fields,
            "evidence": self.evidence.sentence,
        }


@dataclass(frozen=True)
class MatchRule:
    """When a gold and a predicted fact are the same fact, and how well they agree otherwise."""

    key_matches: Callable[[Record, Record], bool]
    slots_agreeing: Callable[[Record, Record], int]


@dataclass(frozen=True)
class FactType:
    """Everything bilat knows of one type of fact."""

    name: str
    # Extraction order: a type may rely on the facts of the types before it.
    order: int
    # The FORMAT.md fields, as a dataclass whose field names are the record's keys.
    fields: type
    # "module:function" yielding the type's Facts from an ArticleContext, imported on first
    # use so that code handling facts only (the store, the scorer) never loads spaCy.
    extractor: str
    # The bucket of events a report may join (same type, same identifying countries).
    event_key: Callable[[Record], str]
    # Why a report is the event other reports tell, or None when it is another event.
    joins: Callable[[Record, Sequence[Record]], str | None]
    # One record for the event its reports describe (without type and sources).
    summarise: Callable[[Sequence[Record]], Record]
    # The event's place on a timeline, from its summary: (start, end).
    event_dates: Callable[[Record], tuple[str | None, str | None]]
    # One line for an event, as a reader would say it.
    describe: Callable[[Record], str]
    # A fact on one short line (its match key and telling fields), whatever JSON it holds.
    describe_fact: Callable[[Record], str] = lambda fact: show(fact.get("type"))
    # An event's label on a timeline, a few words.
    label: Callable[[Record], str] = lambda event: str(event["type"])
    # The fields a table of facts shows, in order (all of them when empty).
    summary_fields: tuple[str, ...] = ()
    # The scorer's match key and slot agreement; None when the type is scored otherwise.
    match: MatchRule | None = None
    # The fields the match key reads: a fact whose value there has the wrong JSON type is
    # rejected by the scorer's reader with a message, instead of matching nothing.
    key_fields: tuple[str, ...] = ()
    # Events further in time than the candidate window are never candidates; types whose
    # events span years (agreements, relations) look at every event of their bucket.
    windowed: bool = True
    # Where the pair dossier lists the type's events: "timeline" (the pair's dated events),
    # or the sections of the shipped types ("level", "agreements", "figures", "commitments").
    dossier_section: str = "timeline"
    # The pairs of countries a fact or an event relates, each smaller code first: by default
    # every two of the countries it names.
    pairs_of: Callable[[Record], list[tuple[str, str]]] = lambda record: every_pair(record)
    # A fact of this type counts on a day only once its interval is over: a figure for a
    # period is known when the period ends, a step of an agreement "in 2024" is not known to
    # have been reached on 1 January 2024.
    known_when_over: bool = False
    # The event's summary as it stood on a day (a visit announced, under way or done),
    # given the summary of its facts up to that day.
    on_day: Callable[[Record, date], Record] = lambda summary, day: summary
    # Words that make a sentence worth the full parse for this type, in a language: a type
    # shipped with bilat names its own in the pack's relevance lexicon instead.
    trigger_words: Callable[[str], Iterable[str]] = lambda language: ()

    def extract(self, ctx: ArticleContext) -> Iterator[Fact]:
        module, _, function = self.extractor.partition(":")
        extractor: Extractor = getattr(importlib.import_module(module), function)
        return extractor(ctx)

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(self.fields))

    def shown_fields(self) -> tuple[str, ...]:
        return self.summary_fields or self.field_names()

    def key_field_kinds(self) -> dict[str, str]:
        """Each key field's JSON kind ("string", "string list" or "number"), from the
        annotations of the fields class."""
        hints = typing.get_type_hints(self.fields)
        return {name: _json_kind(hints[name]) for name in self.key_fields}


def _json_kind(hint: Any) -> str:
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    kinds = {a for a in typing.get_args(hint) if a is not type(None)} if union else {hint}
    if kinds <= {int, float}:
        return "number"
    if all(typing.get_origin(k) is list for k in kinds):
        return "string list"
    return "string"


def register(fact_type: FactType) -> FactType:
    """Add a fact type to the registry (a plugin package does the same at import)."""
    registry.register(fact_type.name, func=fact_type)
    return fact_type


def unregister(name: str) -> None:
    """Take a fact type out of the registry (a test's toy type, a plugin switched off)."""
    catalogue._remove(("bilat", "fact_types", name))


def fact_types() -> list[FactType]:
    """Every registered fact type, in extraction order."""
    _load_builtin()
    return sorted(registry.get_all().values(), key=lambda t: (t.order, t.name))


def fact_type(name: str) -> FactType:
    _load_builtin()
    found: FactType = registry.get(name)
    return found


def type_names() -> tuple[str, ...]:
    return tuple(t.name for t in fact_types())


def _load_builtin() -> None:
    importlib.import_module("bilat.facts.builtin")


# ----------------------------------------------------------------------------- shared rules
def countries_of(record: Record) -> list[str]:
    """Every country a fact or an event names, sorted."""
    for key in ("countries", "parties"):
        if isinstance(record.get(key), list):
            return sorted({str(c) for c in record[key] if c})
    codes = {record.get("guest_country"), record.get("host_country"), *(record.get("hosts") or [])}
    return sorted(str(c) for c in codes if c)


def every_pair(record: Record) -> list[tuple[str, str]]:
    """Every two of the countries a record names, each pair sorted."""
    codes = countries_of(record)
    return [(a, b) for n, a in enumerate(codes) for b in codes[n + 1 :]]


def pair_key(record: Record) -> str:
    """The bucket of most types: the countries named."""
    return "|".join(countries_of(record))


def same_persons(names_a: Iterable[str | None], names_b: Iterable[str | None]) -> bool | None:
    """True when the lists share a surname, False when both name someone and none is shared,
    None when one side names nobody."""
    tokens_a = [person_tokens(n) for n in names_a if n]
    tokens_b = [person_tokens(n) for n in names_b if n]
    if not tokens_a or not tokens_b:
        return None
    return any(a & b for a in tokens_a for b in tokens_b)


def most_common(values: Iterable[Any], default: Any = None) -> Any:
    counted = Counter(v for v in values if v not in (None, "", []))
    return counted.most_common(1)[0][0] if counted else default


def fullest_name(names: Iterable[str | None]) -> str | None:
    named = [n for n in names if n]
    if not named:
        return None
    surname = most_common(sorted(t for n in named for t in person_tokens(n)))
    same = [n for n in named if surname in person_tokens(n)] or named
    return max(same, key=len)


def date_conflict(field: str, members: Sequence[Record], key: str, slack: int = 0) -> list[Record]:
    """Sources that give day-precise values not agreeing with one another."""
    by_value: dict[str, list[str]] = {}
    for member in members:
        value = member.get(key)
        if isinstance(value, str) and timeline.precision(value) == 3:
            by_value.setdefault(value, []).append(member["doc"])
    if len(by_value) < 2:
        return []
    values = sorted(by_value)
    if slack == 0 or any(not timeline.agree(a, b) for a in values for b in values):
        return [
            {
                "field": field,
                "values": [{"value": v, "sources": sorted(set(by_value[v]))} for v in values],
            }
        ]
    return []


def show(value: Any) -> str:
    """A field value for humans; tolerates any JSON a prediction may hold."""
    if value is None:
        return "?"
    if isinstance(value, list):
        return "+".join(show(item) for item in value) or "-"
    return str(value)


def same_date_span(summary: Record) -> tuple[str | None, str | None]:
    """An event of one date: (date, date)."""
    return summary.get("date"), summary.get("date")


def span_text(start: str | None, end: str | None) -> str | None:
    if not start:
        return None
    return start if not end or end == start else f"{start} → {end}"
