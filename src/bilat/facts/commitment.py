"""commitment: what the parties agreed, pledged, intended or proposed to do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bilat import timeline
from bilat.facts.base import (
    FactType,
    Record,
    countries_of,
    pair_key,
    register,
    same_date_span,
    show,
)

COMMITMENT_REPORT_DAYS = 30


@dataclass(frozen=True)
class CommitmentFields:
    parties: list[str]
    modality: str  # agreed, pledged, intends, proposed
    domains: list[str]
    text: str  # the clause


def joins(record: Record, members: Sequence[Record]) -> str | None:
    from rapidfuzz import fuzz

    text = record.get("text") or ""
    for member in members:
        close = timeline.within(
            record.get("doc_date"),
            member.get("doc_date"),
            None,
            COMMITMENT_REPORT_DAYS,
            COMMITMENT_REPORT_DAYS,
        )
        if close and fuzz.token_set_ratio(text, member.get("text") or "") >= 80:
            return (
                f"same parties and the same clause, reported within {COMMITMENT_REPORT_DAYS} days"
            )
    return None


def summarise(members: Sequence[Record]) -> Record:
    first = min(members, key=lambda m: m.get("doc_date") or "")
    return {
        "parties": countries_of(first),
        "modality": first.get("modality"),
        "domains": sorted({d for m in members for d in m.get("domains") or []}),
        "text": max((m.get("text") or "" for m in members), key=len),
        "date": first.get("doc_date"),
        "contradictions": [],
    }


def describe(event: Record) -> str:
    return str(event.get("text") or event.get("key"))


def describe_fact(fact: Record) -> str:
    return f"domains {show(fact.get('domains'))}"


# Scored per document as the set of domains its commitments cover, not fact by fact.
COMMITMENT = register(
    FactType(
        name="commitment",
        order=6,
        fields=CommitmentFields,
        extractor="bilat.extract.commitments:extract",
        event_key=pair_key,
        joins=joins,
        summarise=summarise,
        event_dates=same_date_span,
        describe=describe,
        describe_fact=describe_fact,
        key_fields=("domains",),
        dossier_section="commitments",
        summary_fields=("parties", "modality", "domains"),
    )
)
