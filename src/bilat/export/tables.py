"""Exports for other tools: JSONL, CSV (spreadsheet-friendly), Parquet, GraphML, JSON-LD;
and the whole store as JSONL for a backup (``bilat.store.portable``).

Tabular formats share one flat row per record: scalars as text, lists and objects as JSON,
so a CSV or Parquet file re-reads to exactly the rows written. GraphML is a graph of
countries (and persons) for Gephi or networkx; JSON-LD uses schema.org terms.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bilat.api import Bilat
from bilat.errors import BilatError, E
from bilat.facts import countries_of
from bilat.records import Record

JSONLD_CONTEXT = {
    "@vocab": "https://schema.org/",
    "bilat": "https://github.com/bilat/bilat/ns#",
    "wd": "http://www.wikidata.org/entity/",
    "sources": {"@id": "bilat:source", "@container": "@set"},
    "level": "bilat:level",
    "action": "bilat:action",
    "eventType": "bilat:eventType",
    "countryCode": "bilat:countryCode",
}


# ----------------------------------------------------------------------------- records
def records(api: Bilat, what: str) -> list[Record]:
    if what == "facts":
        return [{k: v for k, v in r.items() if k != "date_key"} for r in api.facts()]
    if what == "events":
        return api.events()
    if what == "relations":
        return [e for e in api.events(types=["relation"])]
    if what == "entities":
        return api.entities()
    raise BilatError(E.E037, value=what, choices="facts, events, entities, relations, all")


def flat(record: Record) -> dict[str, str | None]:
    """One row of text: lists and objects as JSON, None kept as an empty cell."""
    row: dict[str, str | None] = {}
    for key, value in record.items():
        if value is None:
            row[key] = None
        elif isinstance(value, list | dict):
            row[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            row[key] = str(value)
    return row


def _columns(rows: list[dict[str, str | None]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


# ----------------------------------------------------------------------------- writers
def export_store(api: Bilat, what: str, fmt: str, output: Path, bom: bool = False) -> int:
    """Write ``what`` to ``output`` as ``fmt``; return the number of records (of rows, for
    ``all``: the whole store, which ``bilat import`` loads back)."""
    if what == "all":
        if fmt != "jsonl":
            raise BilatError(E.E049, value=fmt)
        return api.dump(output)
    data = records(api, what)
    try:
        if fmt == "jsonl":
            _write_text(output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data))
        elif fmt == "csv":
            _write_text(output, to_csv([flat(r) for r in data]), bom=bom)
        elif fmt == "parquet":
            _require_file(output, fmt)
            write_parquet([flat(r) for r in data], output)
        elif fmt == "graphml":
            _require_file(output, fmt)
            import networkx as nx

            nx.write_graphml(to_graph(api, what, data), output)
        elif fmt == "jsonld":
            _write_text(
                output, json.dumps(to_jsonld(api, what, data), ensure_ascii=False, indent=1) + "\n"
            )
        else:
            raise BilatError(E.E037, value=fmt, choices="jsonl, csv, parquet, graphml, jsonld")
    except OSError as error:
        raise BilatError(E.E042, path=output, reason=error.strerror or str(error)) from error
    return len(data)


def _require_file(output: Path, fmt: str) -> None:
    if str(output) == "-":
        raise BilatError(E.E042, path="-", reason=f"{fmt} is binary; give --output FILE")


def _write_text(output: Path, text: str, bom: bool = False) -> None:
    if str(output) == "-":
        sys.stdout.write(text)
        return
    output.write_text(("\ufeff" if bom else "") + text, encoding="utf-8", newline="")


def to_csv(rows: list[dict[str, str | None]]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_columns(rows), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_parquet(rows: list[dict[str, str | None]], output: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = _columns(rows)
    table = pa.table({c: pa.array([r.get(c) for r in rows], type=pa.string()) for c in columns})
    pq.write_table(table, output)


def to_graph(api: Bilat, what: str, data: list[Record]) -> Any:
    """Countries as nodes; an edge per relation (level, date) or per event or fact linking two
    countries; persons linked to their country for entities."""
    import networkx as nx

    graph = nx.MultiGraph()

    def country(code: str) -> None:
        if code and code not in graph:
            graph.add_node(code, kind="country", label=api.kb.country_name(code))

    for n, record in enumerate(data):
        if what == "entities":
            node = f"person:{record['id']}"
            graph.add_node(node, kind="person", label=record["name"])
            if record.get("country"):
                country(record["country"])
                graph.add_edge(node, record["country"], kind="national_of")
            continue
        codes = sorted(_codes(record))
        for code in codes:
            country(code)
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                attributes = {"kind": record["type"], "id": str(record.get("id", n))}
                for key in ("level", "action", "date", "start", "status", "metric"):
                    if record.get(key) is not None:
                        attributes[key] = str(record[key])
                graph.add_edge(a, b, **attributes)
    return graph


def _codes(record: Record) -> set[str]:
    return set(countries_of(record))


def to_jsonld(api: Bilat, what: str, data: list[Record]) -> Record:
    return {"@context": JSONLD_CONTEXT, "@graph": list(_jsonld_nodes(api, what, data))}


def _country_node(api: Bilat, code: str) -> Record:
    return {
        "@type": "Country",
        "@id": f"bilat:country/{code}",
        "name": api.kb.country_name(code),
        "countryCode": code,
    }


def _jsonld_nodes(api: Bilat, what: str, data: list[Record]) -> Iterator[Record]:
    for record in data:
        if what == "entities":
            node: Record = {
                "@type": "Person",
                "@id": f"bilat:person/{record['id']}",
                "name": record["name"],
                "alternateName": record["aliases"],
            }
            if record.get("country"):
                node["nationality"] = _country_node(api, record["country"])
            if record["offices"]:
                node["hasOccupation"] = [
                    {
                        "@type": "Role",
                        "roleName": o["office"],
                        "startDate": o["first_seen"],
                        "endDate": o["last_seen"],
                    }
                    for o in record["offices"]
                ]
            yield node
            continue
        kind = record["type"]
        node = {
            "@type": "Event",
            "@id": f"bilat:{'event' if what != 'facts' else 'fact'}/{record['id']}",
            "eventType": kind,
            "name": _name(record),
            "location": [_country_node(api, c) for c in sorted(_codes(record))],
        }
        start = record.get("start") or record.get("date") or record.get("period")
        if start:
            node["startDate"] = start
        if record.get("end"):
            node["endDate"] = record["end"]
        for key in ("level", "action"):
            if record.get(key):
                node[key] = record[key]
        sources = record.get("sources") or ([record["doc"]] if record.get("doc") else [])
        node["sources"] = [
            {"@type": "NewsArticle", "@id": f"bilat:document/{s}", "name": s} for s in sources
        ]
        if record.get("evidence"):
            node["description"] = record["evidence"]
        yield node


def _name(record: Record) -> str:
    from bilat.export.dossier import describe

    try:
        return describe(record)
    except (KeyError, TypeError):
        return str(record.get("type"))


class FactsSink:
    """Facts as they are extracted, to JSONL (a file or stdout) or to Parquet in row groups
    (``doc``, ``type``, ``data`` as JSON, ``evidence``): memory stays flat either way."""

    ROW_GROUP = 10_000

    def __init__(self, output: str) -> None:
        self.output = output
        self.parquet = output.endswith(".parquet")
        self._rows: list[dict[str, str]] = []
        self._writer: Any = None
        self._handle: Any = None

    def __enter__(self) -> FactsSink:
        if not self.parquet:
            self._handle = (
                sys.stdout if self.output == "-" else open(self.output, "w", encoding="utf-8")
            )  # noqa: SIM115
        return self

    def write(self, record: Record) -> None:
        if not self.parquet:
            self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        fields = {k: v for k, v in record.items() if k not in {"doc", "type", "evidence"}}
        self._rows.append(
            {
                "doc": record["doc"],
                "type": record["type"],
                "data": json.dumps(fields, ensure_ascii=False, sort_keys=True),
                "evidence": record.get("evidence") or "",
            }
        )
        if len(self._rows) >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._rows:
            return
        table = pa.table(
            {
                c: pa.array([r[c] for r in self._rows], type=pa.string())
                for c in ("doc", "type", "data", "evidence")
            }
        )
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.output, table.schema)
        self._writer.write_table(table)
        self._rows.clear()

    def __exit__(self, *exc: object) -> None:
        if self.parquet:
            self._flush()
            if self._writer is not None:
                self._writer.close()
        elif self._handle is not sys.stdout:
            self._handle.close()
