"""Relations over time: a pair's level and its history, a country's partners on a date."""

from __future__ import annotations

from bilat import timeline
from bilat.facts.relation import ladder
from bilat.query.asof import on_day
from bilat.records import Record
from bilat.store.repos import Reader

# The ladder of levels, lowest first; friendship and other named ties sit beside it.
LADDER = ladder()
RANK = {level: n for n, level in enumerate(LADDER, start=1)}
# The counts of partners articles state, and the level each counts (that level or higher:
# "37 partenaires stratégiques" includes the comprehensive strategic partners).
COUNTED_LEVELS = {"strategic_partners_count": "strategic_partnership"}


def pair_relations(
    reads: Reader,
    pair: tuple[str, str],
    as_of: str | None = None,
    known_by: str | None = None,
    events: list[Record] | None = None,
) -> Record:
    """The level of a pair on ``as_of`` (latest by default), how it got there, and restatements.

    ``events`` are the pair's events as of that day when the caller has them already (the
    dossier does). A level is reached only by an upgrade that was over by ``as_of``; one under
    way on that day is in the history, marked ``during``, and not the current level."""
    if events is None:
        events = on_day(
            reads, reads.events.matching(pair=pair, types=["relation"]), as_of, known_by
        )
    events = [e for e in events if e["type"] == "relation" and set(e["countries"]) == set(pair)]
    history = sorted(
        (e for e in events if e["action"] == "established"),
        key=lambda e: (e.get("date") or "", RANK.get(e["level"], 0)),
    )
    ranked = [e for e in history if e["level"] in RANK and not e.get("during")]
    current = max(ranked, key=lambda e: (RANK[e["level"]], e.get("date") or "")) if ranked else None
    reaffirmed = [e for e in events if e["action"] == "reaffirmed" and not e.get("during")]
    if current is None and reaffirmed:  # a level stated but never dated: better than nothing
        stated = [e for e in reaffirmed if e["level"] in RANK]
        current = max(stated, key=lambda e: RANK[e["level"]]) if stated else None
    return {
        "current": current,
        "history": history,
        "reaffirmed": reaffirmed,
        "conflicts": _level_conflicts(history),
    }


def _level_conflicts(history: list[Record]) -> list[Record]:
    """Sources setting up different levels in the same month: one of them is wrong."""
    by_month: dict[str, list[Record]] = {}
    for event in history:
        if (
            event["level"] in RANK
            and event["level"] != "diplomatic_relations"
            and timeline.precision(event.get("date")) >= 2
        ):
            by_month.setdefault(event["date"][:7], []).append(event)
    conflicts = []
    for month, events in sorted(by_month.items()):
        if len({e["level"] for e in events}) > 1:
            conflicts.append(
                {
                    "field": "level",
                    "month": month,
                    "values": [
                        {"value": e["level"], "sources": e["sources"], "event_id": e["id"]}
                        for e in events
                    ],
                }
            )
    return conflicts


def partners(
    reads: Reader,
    country: str,
    level: str | None = None,
    as_of: str | None = None,
    at_least: bool = False,
    known_by: str | None = None,
) -> Record:
    """A country's partners and their level on ``as_of``, beside the counts articles state."""
    events = on_day(
        reads, reads.events.matching(pair=[country], types=["relation"]), as_of, known_by
    )
    best: dict[str, Record] = {}
    for event in events:
        others = [c for c in event["countries"] if c != country]
        if len(others) != 1 or event["level"] not in RANK or event.get("during"):
            continue
        if event["action"] != "established" and others[0] in best:
            continue
        other = others[0]
        held = best.get(other)
        if held is None or (RANK[event["level"]], event["action"] == "established") > (
            RANK[held["level"]],
            held["action"] == "established",
        ):
            best[other] = event
    rows = [
        {
            "country": other,
            "level": e["level"],
            "since": e.get("date"),
            "action": e["action"],
            "event_id": e["id"],
            "sources": e["sources"],
        }
        for other, e in sorted(best.items())
    ]
    stated = stated_counts(reads, country, as_of, known_by)
    for count in stated:  # like with like: the partners bilat names at the level counted
        count["named"] = sum(RANK[r["level"]] >= RANK[count["level"]] for r in rows)
    if level:
        rows = [
            r
            for r in rows
            if r["level"] == level or (at_least and RANK[r["level"]] >= RANK.get(level, 99))
        ]
    return {
        "country": country,
        "level": level,
        "as_of": as_of,
        "partners": rows,
        "count": len(rows),
        "known_by": known_by,
        "stated_counts": stated,
    }


def stated_counts(
    reads: Reader, country: str, as_of: str | None, known_by: str | None = None
) -> list[Record]:
    """What articles say the count is ("portant à 37 le nombre de ses partenaires stratégiques")."""
    stated = [
        e
        for e in on_day(
            reads, reads.events.matching(pair=[country], types=["indicator"]), as_of, known_by
        )
        if e.get("metric") in COUNTED_LEVELS and e["countries"] == [country]
    ]
    stated.sort(key=lambda e: e.get("period") or "")
    return [
        {
            "value": e["value"],
            "level": COUNTED_LEVELS[e["metric"]],
            "period": e.get("period"),
            "sources": e["sources"],
            "event_id": e["id"],
        }
        for e in stated
    ]


def network(
    reads: Reader, as_of: str | None = None, level: str | None = None, known_by: str | None = None
) -> Record:
    """Partnerships between countries on ``as_of``: one edge per pair at its highest level."""
    best: dict[tuple[str, str], Record] = {}
    for event in on_day(reads, reads.events.matching(types=["relation"]), as_of, known_by):
        countries = event.get("countries") or []
        if (
            len(countries) != 2
            or event["level"] not in RANK
            or event["level"] == "diplomatic_relations"
        ):
            continue
        if event.get("during"):
            continue
        key = (countries[0], countries[1])
        held = best.get(key)
        if held is None or RANK[event["level"]] > RANK[held["level"]]:
            best[key] = event
    edges = [
        {"source": a, "target": b, "level": e["level"], "since": e.get("date"), "event_id": e["id"]}
        for (a, b), e in sorted(best.items())
        if level is None or e["level"] == level
    ]
    nodes = sorted({c for edge in edges for c in (edge["source"], edge["target"])})
    return {"as_of": as_of, "known_by": known_by, "level": level, "nodes": nodes, "edges": edges}
