"""How fast a dossier answers over a store of a million facts.

Bulk-loads N synthetic documents with six facts each (1M facts at N = 166,667) straight into
the tables, one event per fact, with executemany in large transactions (the resolver is
measured apart, by events_incremental.py), then times dossier queries for busy and quiet
pairs through the Python API.

    python benchmarks/dossier_at_scale.py --facts 1000000 --db /tmp/bilat-1m.db
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bilat.api import Bilat
from bilat.resolve import rules
from bilat.store import schema
from bilat.store.migrations import fact_country_codes

# fmt: off
COUNTRIES = [
    "VN", "KZ", "FR", "IN", "JP", "MY", "ID", "CN", "BR", "DE", "KE", "SN", "MA", "KR", "UZ", "EG",
    "IT", "CA", "MX", "TR", "AZ", "LA", "DZ", "NG", "AE", "AO", "GR", "PH", "PK", "SA", "TH", "KH",
    "CU", "RU", "RS", "HU", "PL", "UA", "AR", "CL",
]
# fmt: on
CHUNK = 5000


def facts_of(a: str, b: str, start: str, rng: random.Random) -> list[dict]:
    year = start[:4]
    return [
        {
            "type": "visit",
            "guest": f"Président {a}",
            "guest_country": a,
            "host_country": b,
            "kind": "state",
            "start": start,
            "end": None,
            "status": "done",
        },
        {
            "type": "meeting",
            "participants": [f"Président {a}", f"Président {b}"],
            "countries": [a, b],
            "kind": "talks",
            "date": start,
        },
        {
            "type": "agreement",
            "title": f"accord numéro {rng.randint(1, 10**6)} sur la coopération",
            "parties": [a, b],
            "action": "signed",
            "date": start,
            "domains": [],
        },
        {
            "type": "relation",
            "countries": [a, b],
            "level": "strategic_partnership",
            "action": "reaffirmed",
            "date": None,
        },
        {
            "type": "indicator",
            "metric": "trade_volume",
            "value": rng.randint(1, 90) * 10**9,
            "unit": "USD",
            "period": year,
            "countries": [a, b],
        },
        {
            "type": "commitment",
            "parties": [a, b],
            "modality": "agreed",
            "domains": ["trade"],
            "text": "Les deux parties ont convenu de renforcer le commerce.",
        },
    ]


def load(api: Bilat, documents: int, rng: random.Random) -> None:
    engine = api.store.engine
    fact_id = event_id = 0
    with engine.connect() as conn:
        fact_id = conn.exec_driver_sql("select coalesce(max(id), 0) from facts").scalar() or 0
        event_id = conn.exec_driver_sql("select coalesce(max(id), 0) from events").scalar() or 0
    for first in range(0, documents, CHUNK):
        rows: dict[str, list[dict]] = {
            k: []
            for k in (
                "documents",
                "sentences",
                "facts",
                "fact_countries",
                "events",
                "event_facts",
                "event_countries",
            )
        }
        for n in range(first, min(documents, first + CHUNK)):
            a, b = rng.sample(COUNTRIES, 2)
            start = f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            doc_id = f"bulk{n:012d}"
            text = f"Article synthétique {n} sur {a} et {b}."
            rows["documents"].append(
                {
                    "id": doc_id,
                    "name": doc_id,
                    "source": "bulk",
                    "format": "txt",
                    "date": start,
                    "title": None,
                    "url": None,
                    "lang": "fr",
                    "text": text,
                    "ingested_at": "2026-01-01",
                }
            )
            rows["sentences"].append({"doc_id": doc_id, "idx": 0, "start": 0, "end": len(text)})
            for data in facts_of(a, b, start, rng):
                fact_id += 1
                event_id += 1
                kind = data.pop("type")
                rows["facts"].append(
                    {
                        "id": fact_id,
                        "doc_id": doc_id,
                        "type": kind,
                        "data": data,
                        "date": start,
                        "sent_idx": 0,
                        "span_start": 0,
                        "span_end": len(text),
                        "evidence": text,
                    }
                )
                for code in sorted(fact_country_codes(data)):
                    rows["fact_countries"].append({"fact_id": fact_id, "country": code})
                    rows["event_countries"].append({"event_id": event_id, "country": code})
                record = {
                    **data,
                    "type": kind,
                    "id": fact_id,
                    "doc": doc_id,
                    "doc_id": doc_id,
                    "doc_date": start,
                }
                summary = rules.summarise(kind, [record])
                summary["report_sources"] = summary["sources"]
                ev_start, ev_end = rules.event_dates(summary)
                rows["events"].append(
                    {
                        "id": event_id,
                        "type": kind,
                        "key": rules.event_key(record),
                        "start": ev_start,
                        "end": ev_end,
                        "data": summary,
                        "updated_at": "2026-01-01",
                    }
                )
                rows["event_facts"].append(
                    {
                        "event_id": event_id,
                        "fact_id": fact_id,
                        "role": "report",
                        "reason": "bulk load",
                    }
                )
        with engine.begin() as conn:
            for table in (
                "documents",
                "sentences",
                "facts",
                "fact_countries",
                "events",
                "event_facts",
                "event_countries",
            ):
                conn.execute(getattr(schema, table).insert(), rows[table])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bilat-1m.db"))
    args = parser.parse_args()
    rng = random.Random(11)
    with Bilat(f"sqlite:///{args.db}") as api:
        have = api.store.counts()
        stored = sum(v for k, v in have.items() if k != "documents")
        if stored < args.facts:
            started = time.perf_counter()
            load(api, (args.facts - stored) // 6, rng)
            print(f"bulk-loaded in {time.perf_counter() - started:.0f}s")
        counts = api.store.counts()
        print(
            f"store: {counts['documents']:,} documents, {sum(v for k, v in counts.items() if k != 'documents'):,} facts"
        )
        api.dossier("VN", "KZ")  # warm: knowledge base, caches
        timings = []
        for a, b in [
            ("VN", "KZ"),
            ("FR", "IN"),
            ("CN", "BR"),
            ("DE", "KE"),
            ("TR", "AZ"),
            ("CU", "RU"),
        ]:
            begin = time.perf_counter()
            data = api.dossier(a, b)
            timings.append(time.perf_counter() - begin)
            events = data["counts"]["events"]
        print(
            f"dossier: median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms (about {events} events per pair)"
        )


if __name__ == "__main__":
    main()
