"""The country-pair dossier as data: level and history, figures, timeline, agreements by
status, commitments and their follow-through, contradictions, and numbered citations to the
article and sentence behind every line. Renderers (Markdown, HTML, JSON) only lay it out.
"""

from __future__ import annotations

from bilat.facts import fact_type
from bilat.kb.model import KnowledgeBase
from bilat.query.asof import members_of, on_day
from bilat.query.commitments import follow_through
from bilat.query.relations import pair_relations
from bilat.records import Record
from bilat.store.repos import Reader

# Agreements by where they stand, furthest first.
STATUS_ORDER = ("implemented", "entered_into_force", "signed", "adopted", "planned")


class Citations:
    """Numbers for (document, sentence) pairs, in order of first use."""

    def __init__(self) -> None:
        self.entries: list[Record] = []
        self._index: dict[tuple[str, str], int] = {}

    def cite(self, members: list[Record], roles: tuple[str, ...] = ("report",)) -> list[int]:
        """Numbers for the members' sentences; an outcome only stands for its document (the
        first such sentence of each document), so a visit cites every article about it."""
        numbers: list[int] = []
        cited_docs = {m["doc_id"] for m in members if m["role"] == "report"}
        for member in members:
            if member["role"] not in roles:
                continue
            if member["role"] == "outcome":
                if member["doc_id"] in cited_docs:
                    continue
                cited_docs.add(member["doc_id"])
            key = (member["doc_id"], member["sentence"])
            if key not in self._index:
                self.entries.append(
                    {
                        "n": len(self.entries) + 1,
                        "doc": member["doc"],
                        "doc_id": member["doc_id"],
                        "doc_date": member["doc_date"],
                        "title": member["doc_title"],
                        "url": member["url"],
                        "sentence": member["sentence"],
                        "span": member["span"],
                    }
                )
                self._index[key] = len(self.entries)
            if self._index[key] not in numbers:
                numbers.append(self._index[key])
        return numbers


def dossier(
    reads: Reader,
    pair: tuple[str, str],
    kb: KnowledgeBase,
    as_of: str | None = None,
    known_by: str | None = None,
) -> Record:
    """Everything about a pair: level, figures, timeline, agreements, commitments and where
    sources disagree, as it stood on ``as_of`` and as known by ``known_by``."""
    a, b = sorted(pair)
    events = on_day(reads, reads.events.matching(pair=[a, b]), as_of, known_by)
    members = members_of(reads, events)
    cites = Citations()

    def line(event: Record, roles: tuple[str, ...] = ("report",)) -> Record:
        return {**event, "cite": cites.cite(members.get(event["id"], []), roles)}

    relations = pair_relations(reads, (a, b), as_of, known_by, events=events)
    level = {
        "current": line(relations["current"]) if relations["current"] else None,
        "history": [line(e) for e in relations["history"]],
        "reaffirmed": [line(e) for e in relations["reaffirmed"]],
    }
    timeline = [
        line(e, ("report", "outcome"))
        for e in sorted(
            (e for e in events if _section(e) == "timeline" and _is_pair(e, a, b)),
            key=lambda e: (e.get("start") or "9999", e["id"]),
        )
    ]
    agreements: dict[str, list[Record]] = {s: [] for s in STATUS_ORDER}
    for event in events:
        if _section(event) == "agreements" and event.get("status") in agreements:
            agreements[event["status"]].append(line(event))
    figures = [
        line(e)
        for e in sorted(
            (e for e in events if _section(e) == "figures"),
            key=lambda e: (e.get("metric"), e.get("period") or ""),
        )
    ]
    # an anniversary is the relation's history, not a key figure of it
    level["anniversaries"] = [e for e in figures if e.get("metric") in HISTORY_METRICS]
    figures = [e for e in figures if e.get("metric") not in HISTORY_METRICS]
    doc_ids = {m["doc_id"] for rows in members.values() for m in rows}
    commitments = follow_through(
        reads, (a, b), kb, as_of=as_of, known_by=known_by, events=events, doc_ids=doc_ids
    )
    for row in commitments:
        row["cite"] = cites.cite(members.get(row["id"], []))
    contradictions = [
        {
            "event_id": e["id"],
            "type": e["type"],
            "key": e["key"],
            "contradictions": e["contradictions"],
            "cite": cites.cite(members.get(e["id"], [])),
        }
        for e in events
        if e.get("contradictions")
    ]
    for conflict in relations["conflicts"]:
        ids = [v["event_id"] for v in conflict["values"]]
        contradictions.append(
            {
                "event_id": ids[0],
                "type": "relation",
                "key": f"{a}|{b}",
                "contradictions": [conflict],
                "cite": [n for i in ids for n in cites.cite(members.get(i, []))],
            }
        )
    return {
        "pair": [a, b],
        "names": {a: kb.country_name(a), b: kb.country_name(b)},
        "as_of": as_of,
        "known_by": known_by,
        "level": level,
        "figures": figures,
        "timeline": timeline,
        "agreements": {status: rows for status, rows in agreements.items() if rows},
        "commitments": commitments,
        "contradictions": contradictions,
        "citations": cites.entries,
        "counts": {
            "events": len(events),
            "sources": len({s for e in events for s in e.get("sources", [])}),
        },
    }


# Figures that tell the relation's past rather than measure it.
HISTORY_METRICS = {"anniversary"}


def _section(event: Record) -> str:
    return fact_type(event["type"]).dossier_section


def _is_pair(event: Record, a: str, b: str) -> bool:
    codes = (
        {event.get("guest_country"), event.get("host_country")}
        if event["type"] == "visit"
        else set(event.get("countries", []))
    )
    return {a, b} <= codes
