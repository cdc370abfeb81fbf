"""Documents and their sentences."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from bilat.store import schema
from bilat.store.repos.base import Record, contains


class DocumentRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def page(self, q: str | None, limit: int, offset: int = 0) -> tuple[list[Record], int]:
        """Documents whose title or name contains ``q`` (all when empty), newest first, and
        how many match in all."""
        d = schema.documents
        query = sa.select(d.c.id, d.c.name, d.c.date, d.c.title, d.c.url, d.c.source).order_by(
            d.c.date.desc(), d.c.name
        )
        counted = sa.select(sa.func.count()).select_from(d)
        if q:
            matches = sa.or_(contains(d.c.title, q), contains(d.c.name, q))
            query, counted = query.where(matches), counted.where(matches)
        rows = [dict(r._mapping) for r in self.conn.execute(query.limit(limit).offset(offset))]
        return rows, self.conn.execute(counted).scalar_one()

    def get(self, doc_id: str) -> Record | None:
        """Every column of one document, its text included."""
        d = schema.documents
        row = self.conn.execute(sa.select(d).where(d.c.id == doc_id)).mappings().first()
        return dict(row) if row else None

    def count(self) -> int:
        return int(
            self.conn.execute(sa.select(sa.func.count()).select_from(schema.documents)).scalar_one()
        )

    def sentence_spans(self, doc_id: str) -> list[list[int]]:
        """A document's sentences as [start, end] offsets, in order."""
        s = schema.sentences
        rows = self.conn.execute(
            sa.select(s.c.start, s.c.end).where(s.c.doc_id == doc_id).order_by(s.c.idx)
        )
        return [[start, end] for start, end in rows]

    def sentences(self, doc_ids: Iterable[str], since: str = "") -> list[Record]:
        """The sentences of the given documents dated after ``since``, as text with their
        document's name, id and date."""
        d, s = schema.documents, schema.sentences
        query = sa.select(d.c.id, d.c.name, d.c.date, d.c.text).where(d.c.id.in_(sorted(doc_ids)))
        if since:
            query = query.where(d.c.date > since)
        docs = self.conn.execute(query).all()
        wanted = [row.id for row in docs]
        spans = (
            self.conn.execute(
                sa.select(s.c.doc_id, s.c.start, s.c.end).where(s.c.doc_id.in_(wanted))
            ).all()
            if wanted
            else []
        )
        by_doc: dict[str, list[tuple[int, int]]] = {}
        for doc_id, start, end in spans:
            by_doc.setdefault(doc_id, []).append((start, end))
        return [
            {"doc": name, "doc_id": doc_id, "doc_date": date, "text": text[start:end].strip()}
            for doc_id, name, date, text in docs
            for start, end in by_doc.get(doc_id, [])
        ]
