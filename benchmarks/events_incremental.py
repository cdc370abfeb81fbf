"""How long ingesting one more article takes to update events in a large store.

Builds a SQLite store of N synthetic documents (default 10,000), each with the facts an
article of the genre yields (a visit, talks, agreements, a level, a figure, commitments) over
40 countries and ten years, merged into events as they arrive; then times adding one more
document to it, and a dossier query. No spaCy: the facts are made here, so the figures are
those of the store and the resolver alone.

    python benchmarks/events_incremental.py --docs 10000 --db /tmp/bench-events.db
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bilat.api import Bilat
from bilat.engine import ProcessedDocument
from bilat.engine.runs import store_processed
from bilat.facts.base import Evidence, Fact
from bilat.ingest.document import Document
from bilat.store.store import SentenceSpan

# fmt: off
COUNTRIES = [
    "VN", "KZ", "FR", "IN", "JP", "MY", "ID", "CN", "BR", "DE", "KE", "SN", "MA", "KR", "UZ", "EG",
    "IT", "CA", "MX", "TR", "AZ", "LA", "DZ", "NG", "AE", "AO", "GR", "PH", "PK", "SA", "TH", "KH",
    "CU", "RU", "RS", "HU", "PL", "UA", "AR", "CL",
]
# fmt: on
LEVELS = [
    "strategic_partnership",
    "comprehensive_strategic_partnership",
    "partnership",
    "diplomatic_relations",
]
TOPICS = [
    "visas",
    "investissements",
    "énergie",
    "agriculture",
    "éducation",
    "santé",
    "transport",
    "culture",
]


def synthetic_document(n: int, rng: random.Random) -> tuple[Document, list[Fact]]:
    a, b = rng.sample(COUNTRIES, 2)
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 25)
    start = f"{year}-{month:02d}-{day:02d}"
    topic = rng.choice(TOPICS)
    sentences = [
        f"Le président de {a} effectue une visite d'État en {b} du {day} au {day + 2} ({n}).",
        f"Il s'est entretenu avec son homologue ({n}).",
        f"Les deux parties ont signé un accord sur {topic} ({n}).",
        f"Les relations ont été élevées au rang de partenariat ({n}).",
        f"Les échanges ont atteint {rng.randint(1, 90)} milliards de dollars ({n}).",
        f"Les deux parties ont convenu de renforcer la coopération dans {topic} ({n}).",
    ]
    text = " ".join(sentences)
    evidence, position = [], 0
    for sentence in sentences:
        evidence.append(
            Evidence(
                sentence, position, position + len(sentence), position, position + len(sentence)
            )
        )
        position += len(sentence) + 1
    facts = [
        Fact(
            "visit",
            {
                "guest": f"Président {a}",
                "guest_country": a,
                "host_country": b,
                "kind": "state",
                "start": start,
                "end": None,
                "status": "done",
            },
            evidence[0],
        ),
        Fact(
            "meeting",
            {
                "participants": [f"Président {a}", f"Président {b}"],
                "countries": [a, b],
                "kind": "talks",
                "date": start,
            },
            evidence[1],
        ),
        Fact(
            "agreement",
            {
                "title": f"accord de coopération sur {topic} entre {a} et {b}",
                "parties": [a, b],
                "action": rng.choice(["signed", "planned", "entered_into_force"]),
                "date": start,
                "domains": [],
            },
            evidence[2],
        ),
        Fact(
            "relation",
            {
                "countries": [a, b],
                "level": rng.choice(LEVELS),
                "action": "established",
                "date": str(year),
            },
            evidence[3],
        ),
        Fact(
            "indicator",
            {
                "metric": "trade_volume",
                "value": rng.randint(1, 90) * 10**9,
                "unit": "USD",
                "period": str(year - 1),
                "countries": [a, b],
            },
            evidence[4],
        ),
        Fact(
            "commitment",
            {"parties": [a, b], "modality": "agreed", "domains": ["trade"], "text": sentences[5]},
            evidence[5],
        ),
    ]
    spans = [SentenceSpan(e.sent_start, e.sent_end) for e in evidence]
    document = Document(name=f"synthetic_{n:07d}", source=f"synthetic/{n}", text=text, date=start)
    return document, facts, spans  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bilat-bench-events.db"))
    parser.add_argument(
        "--probes", type=int, default=20, help="documents timed one by one at the end"
    )
    args = parser.parse_args()
    rng = random.Random(7)
    fresh = not args.db.exists()
    with Bilat(f"sqlite:///{args.db}") as api:
        built = api.counts()["documents"]
        started = time.perf_counter()
        for n in range(built, args.docs):
            document, facts, spans = synthetic_document(n, rng)
            store_processed(api.store, [ProcessedDocument(document, spans, facts)])
        if fresh or built < args.docs:
            print(f"built {args.docs - built} documents in {time.perf_counter() - started:.1f}s")
        timings = []
        for n in range(args.docs + 10**6, args.docs + 10**6 + args.probes):
            document, facts, spans = synthetic_document(n, rng)
            begin = time.perf_counter()
            store_processed(api.store, [ProcessedDocument(document, spans, facts)])
            timings.append(time.perf_counter() - begin)
        counts = api.counts()
        with api.store.engine.connect() as conn:
            events = conn.exec_driver_sql("select count(*) from events").scalar()
        dossier_times = []
        for a, b in [("VN", "KZ"), ("FR", "IN"), ("CN", "BR")]:
            begin = time.perf_counter()
            api.dossier(a, b)
            dossier_times.append(time.perf_counter() - begin)
    print(
        f"store: {counts['documents']} documents, {sum(v for k, v in counts.items() if k != 'documents')} facts, {events} events"
    )
    print(
        f"one more document (store, facts and events, one transaction): median {statistics.median(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms over {len(timings)} documents"
    )
    print(
        f"dossier of a pair (Python API): median {statistics.median(dossier_times) * 1000:.0f} ms"
    )
    page_times = time_pages(args.db)
    print(
        f"dossier page /pair/A/B (HTTP, rendered): median {statistics.median(page_times) * 1000:.0f} ms, max {max(page_times) * 1000:.0f} ms"
    )


def time_pages(db: Path) -> list[float]:
    """The web UI's pair page, over HTTP in-process, for a few pairs."""
    from fastapi.testclient import TestClient

    from bilat.settings import Settings
    from bilat.web.app import create_app

    timings = []
    with TestClient(create_app(Settings.from_env(db_url=str(db)))) as client:
        client.get("/pair/VN/KZ")  # warm: templates compiled, knowledge base loaded
        for a, b in [("VN", "KZ"), ("FR", "IN"), ("CN", "BR"), ("DE", "KE"), ("TR", "AZ")] * 2:
            begin = time.perf_counter()
            response = client.get(f"/pair/{a}/{b}")
            timings.append(time.perf_counter() - begin)
            assert response.status_code == 200
    return timings


if __name__ == "__main__":
    main()
