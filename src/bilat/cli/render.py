"""Terminal renderings of query results."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from bilat.facts import fact_type


def summarise(row: dict[str, Any]) -> str:
    parts = []
    for key in fact_type(row["type"]).shown_fields():
        value = row.get(key)
        if value in (None, [], ""):
            continue
        parts.append(f"{key}={'/'.join(map(str, value)) if isinstance(value, list) else value}")
    return " ".join(parts)


def facts_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(rows)} facts", show_lines=False)
    table.add_column("doc", overflow="fold", max_width=24)
    table.add_column("type")
    table.add_column("fact", overflow="fold")
    table.add_column("evidence", overflow="fold", max_width=60)
    for row in rows:
        table.add_row(row["doc"], row["type"], summarise(row), row["evidence"])
    return table


def events_table(rows: list[dict[str, Any]]) -> Table:
    from bilat.export.dossier import describe

    table = Table(title=f"{len(rows)} events", show_lines=False)
    table.add_column("id", justify="right")
    table.add_column("type")
    table.add_column("event", overflow="fold")
    table.add_column("sources", overflow="fold", max_width=40)
    for row in rows:
        flag = " ⚠" if row.get("contradictions") else ""
        table.add_row(
            str(row["id"]), row["type"], describe(row) + flag, " ".join(row.get("sources", []))
        )
    return table


def members_lines(row: dict[str, Any]) -> str:
    lines = [f"event {row['id']} ({row['type']} {row['key']}):"]
    for member in row.get("members", []):
        lines.append(f"  {member['role']:<7} {member['doc']}: {member['reason']}")
        lines.append(f"          “{member['sentence']}”")
    return "\n".join(lines)


def entity_text(row: dict[str, Any]) -> str:
    lines = [f"{row['name']} ({row.get('country') or 'country unknown'})"]
    lines.append("aliases: " + "; ".join(row["aliases"]))
    for office in row["offices"]:
        seen = (
            office["first_seen"]
            if office["first_seen"] == office["last_seen"]
            else f"{office['first_seen']} → {office['last_seen']}"
        )
        lines.append(f"office: {office['office']} ({office.get('country') or '?'}), seen {seen}")
    for event in row["events"]:
        lines.append(
            f"event {event['id']}: {event['type']} {event['key']} "
            f"{event.get('start') or 'undated'} ({len(event['sources'])} sources)"
        )
    return "\n".join(lines)


def partners_text(result: dict[str, Any]) -> str:
    heading = f"{result['country']}: {result['count']} partners"
    if result.get("level"):
        heading += f" at {result['level']}"
    if result.get("as_of"):
        heading += f" as of {result['as_of']}"
    lines = [heading]
    for row in result["partners"]:
        lines.append(
            f"  {row['country']}  {row['level']:<36} since {row.get('since') or '?'}  "
            f"({', '.join(row['sources'])})"
        )
    for stated in result["stated_counts"]:
        level = stated["level"].replace("_", " ")
        lines.append(
            f"articles state {stated['value']} partners at {level} or higher "
            f"({stated.get('period') or 'undated'}, {', '.join(stated['sources'])}); "
            f"bilat's corpus names {stated['named']}"
        )
    return "\n".join(lines)


def commitments_text(rows: list[dict[str, Any]]) -> str:
    lines = [f"{len(rows)} commitments"]
    for row in rows:
        took = f" after {row['days']} days" if row.get("days") is not None else ""
        lines.append(f"[{row['status']}{took}] {row.get('date') or ''} {row['text']}")
        for link in row["links"]:
            lines.append(f"    ↳ {link['why']}")
    return "\n".join(lines)


def search_tables(result: dict[str, Any]) -> list[Table | Text]:
    """What a search found: the country it names, the facts, the persons."""
    found: list[Table | Text] = []
    country = result.get("country")
    if country:
        found.append(Text(f"country: {country['name']} ({country['code']})"))
    facts = Table(title=f"{len(result['facts'])} facts", show_lines=False)
    facts.add_column("id", justify="right")
    facts.add_column("type")
    facts.add_column("doc", overflow="fold", max_width=24)
    facts.add_column("date")
    facts.add_column("sentence", overflow="fold")
    for row in result["facts"]:
        facts.add_row(
            str(row["id"]), row["type"], row["doc"], row["doc_date"] or "", row["sentence"]
        )
    persons = Table(title=f"{len(result['persons'])} persons", show_lines=False)
    persons.add_column("id", justify="right")
    persons.add_column("name")
    persons.add_column("country")
    for row in result["persons"]:
        persons.add_row(str(row["id"]), row["name"], row.get("country") or "")
    return [*found, facts, persons]


def pairs_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(rows)} pairs", show_lines=False)
    table.add_column("pair")
    table.add_column("names")
    table.add_column("events", justify="right")
    for row in rows:
        table.add_row("–".join(row["pair"]), " – ".join(row["names"]), str(row["events"]))
    return table
