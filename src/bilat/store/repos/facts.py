"""Facts: filtered lists, a document's facts, counts, and searches in their sentences."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from bilat.store import schema
from bilat.store.repos.base import Record, contains


class FactRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def matching(
        self,
        pair: Sequence[str] | None = None,
        fact_type: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Facts naming every country of ``pair``, of ``fact_type``, dated on or after
        ``since``, as records (FORMAT.md fields plus provenance), oldest document first."""
        f, d = schema.facts, schema.documents
        query = (
            sa.select(f, d.c.name.label("doc_name"), d.c.date.label("doc_date"), d.c.source)
            .join(d, d.c.id == f.c.doc_id)
            .order_by(d.c.date, d.c.name, f.c.id)
        )
        for code in pair or ():
            fc = schema.fact_countries.alias()
            query = query.where(
                sa.exists().where(fc.c.fact_id == f.c.id).where(fc.c.country == code)
            )
        if fact_type:
            query = query.where(f.c.type == fact_type)
        if since:
            query = query.where(
                sa.or_(
                    f.c.date >= since,
                    f.c.date == sa.func.substr(since, 1, sa.func.length(f.c.date)),
                )
            )
        if limit:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        return [
            {
                "id": row["id"],
                "doc": row["doc_name"],
                "doc_id": row["doc_id"],
                "type": row["type"],
                **row["data"],
                "date_key": row["date"],
                "evidence": row["evidence"],
                "span": [row["span_start"], row["span_end"]],
                "source": row["source"],
            }
            for row in self.conn.execute(query).mappings()
        ]

    def of_document(self, doc_id: str) -> list[Record]:
        """A document's facts in the order they were read, with their sentence and span."""
        f = schema.facts
        rows = self.conn.execute(sa.select(f).where(f.c.doc_id == doc_id).order_by(f.c.id))
        return [
            {
                "id": r["id"],
                "type": r["type"],
                **r["data"],
                "evidence": r["evidence"],
                "span": [r["span_start"], r["span_end"]],
            }
            for r in rows.mappings()
        ]

    def counts_by_type(self) -> dict[str, int]:
        f = schema.facts
        rows = self.conn.execute(sa.select(f.c.type, sa.func.count()).group_by(f.c.type))
        return {fact_type: int(n) for fact_type, n in rows}

    def documents_naming(self, pair: Sequence[str]) -> set[str]:
        """The documents with a fact naming both countries of ``pair``."""
        f, fc = schema.facts, schema.fact_countries
        a, b = fc.alias(), fc.alias()
        return set(
            self.conn.execute(
                sa.select(f.c.doc_id)
                .join(a, sa.and_(a.c.fact_id == f.c.id, a.c.country == pair[0]))
                .join(b, sa.and_(b.c.fact_id == f.c.id, b.c.country == pair[1]))
                .distinct()
            ).scalars()
        )

    def with_sentence(self, text: str, limit: int) -> list[Record]:
        """Facts whose sentence contains ``text`` (literally), newest document first."""
        f, d = schema.facts, schema.documents
        rows = self.conn.execute(
            sa.select(f.c.id, f.c.type, f.c.evidence, d.c.name, d.c.date)
            .join(d, d.c.id == f.c.doc_id)
            .where(contains(f.c.evidence, text))
            .order_by(d.c.date.desc(), f.c.id)  # the same order on every backend
            .limit(limit)
        )
        return [
            {"id": r.id, "type": r.type, "sentence": r.evidence, "doc": r.name, "doc_date": r.date}
            for r in rows
        ]
