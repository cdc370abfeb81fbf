"""agreement: a document between states or their bodies, and the steps of its life."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bilat import timeline
from bilat.facts.base import (
    FactType,
    MatchRule,
    Record,
    countries_of,
    date_conflict,
    pair_key,
    register,
    show,
)
from bilat.facts.compare import (
    same_country_set,
    same_label,
    same_string_set,
    same_title_words,
    titles_overlap,
)
from bilat.text import ascii_fold, light_stem, title_words

TITLE_OVERLAP = 0.5
# Where an agreement stands: each action is a step; the furthest step is its status.
LIFECYCLE = ("planned", "signed", "adopted", "entered_into_force", "implemented")
STEP_RANK = {"planned": 0, "signed": 1, "adopted": 1, "entered_into_force": 2, "implemented": 3}


@dataclass(frozen=True)
class AgreementFields:
    title: str | None
    parties: list[str]
    action: str  # signed, adopted, entered_into_force, planned, implemented
    date: str | None
    domains: list[str]


@lru_cache(maxsize=1)
def _generic_title_words() -> frozenset[str]:
    """The names of document types ("feuille de route", "accord") in every language pack:
    titles are compared whatever language they were reported in."""
    from bilat.kb import available_packs, load_pack

    return frozenset(
        light_stem(ascii_fold(word))
        for language in available_packs()
        for word in load_pack(language).lexicon.agreements.generic_title_words
    )


def _distinctive_title_words(title: str) -> frozenset[str]:
    """A title's content words without the names of document types."""
    generic = _generic_title_words()
    return frozenset(w for w in title_words(title) if w not in generic)


def joins(record: Record, members: Sequence[Record]) -> str | None:
    words = _distinctive_title_words(record.get("title") or "")
    if len(words) < 2:
        return None  # "accords de coopération": a bundle, not one document
    for member in members:
        other = _distinctive_title_words(member.get("title") or "")
        if len(other) < 2:
            continue
        shared = words & other
        if len(shared) >= 2 and len(shared) / min(len(words), len(other)) >= TITLE_OVERLAP:
            return f"same parties ({pair_key(record)}); titles share {', '.join(sorted(shared))}"
    return None


def summarise(members: Sequence[Record]) -> Record:
    steps: list[Record] = []
    for action in LIFECYCLE:
        reports = [m for m in members if m.get("action") == action]
        if reports:
            steps.append(
                {
                    "action": action,
                    "date": timeline.most_precise([m.get("date") for m in reports]),
                    "sources": sorted({m["doc"] for m in reports}),
                }
            )
    status = max(steps, key=lambda s: STEP_RANK[str(s["action"])])["action"]
    titles = [str(m["title"]) for m in members if m.get("title")]
    conflicts = [
        c
        for action in LIFECYCLE
        for c in date_conflict(
            f"{action} date", [m for m in members if m.get("action") == action], "date"
        )
    ]
    return {
        "title": max(titles, key=lambda t: (titles.count(t), len(t))) if titles else None,
        "parties": countries_of(members[0]),
        "status": status,
        "steps": steps,
        "date": next((s["date"] for s in steps if s["date"]), None),
        "domains": sorted({d for m in members for d in m.get("domains") or []}),
        "contradictions": conflicts,
    }


def event_dates(summary: Record) -> tuple[str | None, str | None]:
    dated = [s["date"] for s in summary.get("steps", []) if s.get("date")]
    return (min(dated), max(dated)) if dated else (None, None)


def describe(event: Record) -> str:
    steps = "; ".join(
        f"{s['action'].replace('_', ' ')} {s.get('date') or '(undated)'}"
        for s in event.get("steps", [])
    )
    return f"{event.get('title')} — {steps}"


def describe_fact(fact: Record) -> str:
    return (
        f"{show(fact.get('parties'))} {show(fact.get('action'))} on {show(fact.get('date'))}: "
        f"\u00ab{show(fact.get('title'))}\u00bb"
    )


def label(event: Record) -> str:
    return str(event.get("title") or "agreement")[:48]


def _key(gold: Record, pred: Record) -> bool:
    return (
        same_country_set(gold.get("parties"), pred.get("parties"))
        and same_label(gold.get("action"), pred.get("action"))
        and titles_overlap(gold.get("title"), pred.get("title"))
    )


def _slots(gold: Record, pred: Record) -> int:
    return sum(
        (
            same_label(gold.get("date"), pred.get("date")),
            same_string_set(gold.get("domains"), pred.get("domains")),
            same_title_words(gold.get("title"), pred.get("title")),
        )
    )


AGREEMENT = register(
    FactType(
        name="agreement",
        order=3,
        fields=AgreementFields,
        extractor="bilat.extract.agreements:extract",
        event_key=pair_key,
        joins=joins,
        summarise=summarise,
        event_dates=event_dates,
        known_when_over=True,
        describe=describe,
        describe_fact=describe_fact,
        match=MatchRule(_key, _slots),
        key_fields=("parties", "action", "title"),
        windowed=False,
        dossier_section="agreements",
        summary_fields=("title", "parties", "action", "date"),
        label=label,
    )
)
