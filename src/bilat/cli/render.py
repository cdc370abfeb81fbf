"""Terminal renderings of query results."""

from __future__ import annotations

from typing import Any

from rich.table import Table

SUMMARY_FIELDS = {
    "visit": ("guest", "guest_country", "host_country", "kind", "start", "status"),
    "meeting": ("participants", "countries", "kind", "date"),
    "agreement": ("title", "parties", "action", "date"),
    "relation": ("countries", "level", "action", "date"),
    "indicator": ("metric", "value", "unit", "period", "countries"),
    "commitment": ("parties", "modality", "domains"),
}


def summarise(row: dict[str, Any]) -> str:
    parts = []
    for key in SUMMARY_FIELDS.get(row["type"], ()):
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
