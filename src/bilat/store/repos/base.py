"""What the repositories share: the record type and a literal ``LIKE`` search."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bilat.records import Record


def contains(column: sa.ColumnElement[str], text: str) -> sa.ColumnElement[bool]:
    """``column LIKE %text%`` with ``%``, ``_`` and the escape character taken literally."""
    return column.contains(text, autoescape=True)


def event_record(row: Any) -> Record:
    """An event row as one record: its columns, then its merged fields (``events.data``)."""
    return {
        "id": row.id,
        "type": row.type,
        "key": row.key,
        "start": row.start,
        "end": row.end,
        **row.data,
    }
