"""When two reports are the same event, and what an event is once its reports are merged.

Pure functions over fact records (a stored fact's FORMAT.md fields plus ``id``, ``doc_id``,
``doc`` and ``doc_date``). :func:`event_key` buckets facts that may be one event (same type,
same countries); :func:`joins` decides, with a reason a user can read, whether a fact joins
an event; :func:`summarise` turns an event's reports into one record with its sources and its
contradictions. The store calls these; nothing here touches a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from bilat.resolve import timeline
from bilat.text import ascii_fold as fold
from bilat.text import light_stem, person_tokens, title_words

Record = dict[str, Any]

# An announced visit is reported up to this many days before it starts; reports follow it.
ANNOUNCED_BEFORE_DAYS = 45
REPORTED_AFTER_DAYS = 30
# Two day-precise starts this close are one visit told with a wrong date somewhere.
VISIT_DATE_SLACK_DAYS = 3
MEETING_DATE_SLACK_DAYS = 1
# A meeting named without a date is the one of the days around its report.
MEETING_REPORT_DAYS = 3
COMMITMENT_REPORT_DAYS = 30
INDICATOR_TOLERANCE = 0.05
TITLE_OVERLAP = 0.5
# Where an agreement stands: each action is a step; the furthest step is its status.
LIFECYCLE = ("planned", "signed", "adopted", "entered_into_force", "implemented")
STEP_RANK = {"planned": 0, "signed": 1, "adopted": 1, "entered_into_force": 2, "implemented": 3}
# A visit reported later supersedes its announcement.
STATUS_RANK = {"announced": 0, "ongoing": 1, "done": 2}


def countries_of(record: Record) -> list[str]:
    for key in ("countries", "parties"):
        if isinstance(record.get(key), list):
            return sorted({str(c) for c in record[key] if c})
    codes = {record.get("guest_country"), record.get("host_country"), *(record.get("hosts") or [])}
    return sorted(str(c) for c in codes if c)


def event_key(record: Record) -> str:
    """The bucket of events a fact may join: its type's identifying countries (and level)."""
    kind = record["type"]
    if kind == "visit":
        host = record.get("host_country") or "+".join(sorted(record.get("hosts") or [])) or "?"
        tour = "tour:" if record.get("kind") == "tour" else ""
        return f"{record.get('guest_country')}>{tour}{host}"
    pair = "|".join(countries_of(record))
    if kind == "relation":
        return f"{pair}|{record.get('level')}|{record.get('action')}"
    if kind == "indicator":
        return f"{pair}|{record.get('metric')}"
    return pair


# ----------------------------------------------------------------------------- joining
def joins(record: Record, members: Sequence[Record]) -> str | None:
    """Why ``record`` is the event ``members`` report, or None when it is another event."""
    rule = JOIN_RULES[record["type"]]
    return rule(record, members)


def _same_persons(names_a: Iterable[str | None], names_b: Iterable[str | None]) -> bool | None:
    """True when the lists share a surname, False when both name someone and none is shared,
    None when one side names nobody."""
    tokens_a = [person_tokens(n) for n in names_a if n]
    tokens_b = [person_tokens(n) for n in names_b if n]
    if not tokens_a or not tokens_b:
        return None
    return any(a & b for a in tokens_a for b in tokens_b)


def _join_visit(record: Record, members: Sequence[Record]) -> str | None:
    guests = _same_persons([record.get("guest")], [m.get("guest") for m in members])
    if guests is False:
        return None
    summary = summarise_visit(members)
    start, own = summary.get("start"), record.get("start")
    reasons = [f"same guest and host country ({event_key(record)})"]
    if own and start:
        historical = timeline.precision(own) == 1 or timeline.precision(start) == 1
        if historical and own[:4] != start[:4]:
            return None
        if not historical and not timeline.agree(own, start, VISIT_DATE_SLACK_DAYS):
            return None
        reasons.append(f"start {own} agrees with {start}")
    elif own:  # the event is known only from announcements: their reports' dates
        docs = [m.get("doc_date") for m in members]
        if not any(
            timeline.within(d, own, record.get("end"), REPORTED_AFTER_DAYS, ANNOUNCED_BEFORE_DAYS)
            for d in docs
        ):
            return None
        reasons.append(
            f"start {own} follows the announcements of {', '.join(sorted({d for d in docs if d}))}"
        )
    elif start:  # this report gives no date: its document's date must fall near the event
        doc_date = record.get("doc_date")
        if timeline.precision(start) == 1 or not timeline.within(
            doc_date, start, summary.get("end"), ANNOUNCED_BEFORE_DAYS, REPORTED_AFTER_DAYS
        ):
            return None
        reasons.append(f"undated report of {doc_date} falls within the visit ({start})")
    else:
        docs = [m.get("doc_date") for m in members]
        if not any(timeline.agree(record.get("doc_date"), d) for d in docs):
            return None
        reasons.append("undated reports of the same month")
    if guests:
        reasons.append(f"same guest ({record.get('guest')})")
    return "; ".join(reasons)


def _shared_people(names_a: Sequence[str], names_b: Sequence[str]) -> int:
    return sum(1 for a in names_a if any(person_tokens(a) & person_tokens(b) for b in names_b))


def _join_meeting(record: Record, members: Sequence[Record]) -> str | None:
    own = [p for p in record.get("participants") or [] if p]
    theirs = [p for m in members for p in m.get("participants") or [] if p]
    people = None
    if own and theirs:
        # both sides of a meeting must match: Modi with Borne is not Modi with Macron
        needed = min(2, len(own), len(set(theirs)))
        if _shared_people(own, theirs) < needed:
            return None
        people = True
    own_date, date = record.get("date"), summarise_meeting(members).get("date")
    reasons = [f"same countries ({event_key(record)})"]
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


def _distinctive_title_words(title: str) -> frozenset[str]:
    """A title's content words without the names of document types ("feuille de route")."""
    from bilat.kb import load_kb

    generic = {light_stem(fold(w)) for w in load_kb().lexicons["agreements"]["generic_title_words"]}
    return frozenset(w for w in title_words(title) if w not in generic)


def _join_agreement(record: Record, members: Sequence[Record]) -> str | None:
    words = _distinctive_title_words(record.get("title") or "")
    if len(words) < 2:
        return None  # "accords de coopération": a bundle, not one document
    for member in members:
        other = _distinctive_title_words(member.get("title") or "")
        if len(other) < 2:
            continue
        shared = words & other
        if len(shared) >= 2 and len(shared) / min(len(words), len(other)) >= TITLE_OVERLAP:
            return f"same parties ({event_key(record)}); titles share {', '.join(sorted(shared))}"
    return None


def _join_relation(record: Record, members: Sequence[Record]) -> str | None:
    if record.get("action") == "established":
        return f"same countries, level and action ({event_key(record)})"
    month = (record.get("date") or record.get("doc_date") or "")[:7]
    if any((m.get("date") or m.get("doc_date") or "")[:7] == month for m in members):
        return f"same level restated in the same month ({month})"
    return None


def _join_indicator(record: Record, members: Sequence[Record]) -> str | None:
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


def _join_commitment(record: Record, members: Sequence[Record]) -> str | None:
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


JOIN_RULES = {
    "visit": _join_visit,
    "meeting": _join_meeting,
    "agreement": _join_agreement,
    "relation": _join_relation,
    "indicator": _join_indicator,
    "commitment": _join_commitment,
}


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


# ----------------------------------------------------------------------------- summaries
def summarise(kind: str, members: Sequence[Record]) -> Record:
    """One record for the event its reports describe, with sources and contradictions."""
    summary = SUMMARIES[kind](members)
    summary["type"] = kind
    summary["sources"] = sorted({m["doc"] for m in members})
    return summary


def _most_common(values: Iterable[Any], default: Any = None) -> Any:
    counted = Counter(v for v in values if v not in (None, "", []))
    return counted.most_common(1)[0][0] if counted else default


def _fullest_name(names: Iterable[str | None]) -> str | None:
    named = [n for n in names if n]
    if not named:
        return None
    surname = _most_common(sorted(t for n in named for t in person_tokens(n)))
    same = [n for n in named if surname in person_tokens(n)] or named
    return max(same, key=len)


def _date_conflict(field: str, members: Sequence[Record], key: str, slack: int = 0) -> list[Record]:
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


def summarise_visit(members: Sequence[Record]) -> Record:
    latest = max(
        members, key=lambda m: (m.get("doc_date") or "", STATUS_RANK.get(str(m.get("status")), 0))
    )
    kinds = [m.get("kind") for m in members if m.get("kind") not in (None, "other")]
    hosts = sorted({h for m in members for h in (m.get("hosts") or [])})
    start = timeline.most_precise([m.get("start") for m in members])
    ends = [m.get("end") for m in members if m.get("start") == start] or [
        m.get("end") for m in members
    ]
    return {
        "guest": _fullest_name(m.get("guest") for m in members),
        "guest_country": members[0].get("guest_country"),
        "host_country": members[0].get("host_country"),
        **({"hosts": hosts} if hosts else {}),
        "kind": _most_common(kinds, "other"),
        "start": start,
        "end": timeline.most_precise(ends),
        "status": max(
            (m.get("status") for m in members if m.get("doc_date") == latest.get("doc_date")),
            key=lambda s: STATUS_RANK.get(str(s), 0),
        ),
        "contradictions": _date_conflict("start", members, "start"),
    }


def summarise_meeting(members: Sequence[Record]) -> Record:
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
        else _most_common([k for k in kinds if k != "other"], "other"),
        # a meeting told without its date took place around its first report
        "date": timeline.most_precise([m.get("date") for m in members])
        or min((str(m["doc_date"]) for m in members if m.get("doc_date")), default=None),
        "contradictions": _date_conflict("date", members, "date"),
    }


def summarise_agreement(members: Sequence[Record]) -> Record:
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
        for c in _date_conflict(
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


def summarise_relation(members: Sequence[Record]) -> Record:
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


def summarise_indicator(members: Sequence[Record]) -> Record:
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
    common = _most_common([v for v, _ in values]) if values else None
    first = members[0]
    return {
        "metric": first.get("metric"),
        "countries": countries_of(first),
        "value": int(common) if isinstance(common, float) and common.is_integer() else common,
        "unit": first.get("unit"),
        "period": timeline.most_precise([m.get("period") for m in members]),
        **({"target": True} if first.get("target") else {}),
        "contradictions": conflicts,
    }


def summarise_commitment(members: Sequence[Record]) -> Record:
    first = min(members, key=lambda m: m.get("doc_date") or "")
    return {
        "parties": countries_of(first),
        "modality": first.get("modality"),
        "domains": sorted({d for m in members for d in m.get("domains") or []}),
        "text": max((m.get("text") or "" for m in members), key=len),
        "date": first.get("doc_date"),
        "contradictions": [],
    }


SUMMARIES = {
    "visit": summarise_visit,
    "meeting": summarise_meeting,
    "agreement": summarise_agreement,
    "relation": summarise_relation,
    "indicator": summarise_indicator,
    "commitment": summarise_commitment,
}


def event_dates(summary: Record) -> tuple[str | None, str | None]:
    """The event's place on a timeline: (start, end) from its summary."""
    kind = summary["type"]
    if kind == "visit":
        return summary.get("start"), summary.get("end") or summary.get("start")
    if kind == "indicator":
        return summary.get("period"), summary.get("period")
    if kind == "agreement":
        dated = [s["date"] for s in summary.get("steps", []) if s.get("date")]
        return (min(dated), max(dated)) if dated else (None, None)
    return summary.get("date"), summary.get("date")
