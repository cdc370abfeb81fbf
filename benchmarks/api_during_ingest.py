"""The HTTP API's latency while an ingest writes: a bounded load test on loopback.

    python benchmarks/api_during_ingest.py --docs 5000 --db sqlite:///build/load.db

Writes N synthetic articles (a tenth of them other news) to JSONL, starts `bilat serve` on
127.0.0.1, starts `bilat ingest` of the articles into the same store, and while the ingest
runs sends requests one after another (events, facts, documents, pairs, a dossier) at most
--max-requests of them. Reports the ingest's docs/s, the request count, errors and
p50/p95/max latency. Traffic never leaves the loopback interface.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bilat.kb import load_kb
from bilat.synthetic import feed, write_jsonl

BILAT = str(Path(sys.executable).with_name("bilat"))
PATHS = [
    "/api/events?limit=20",
    "/api/facts?limit=20",
    "/api/documents?limit=20",
    "/api/pairs?limit=20",
    "/api/dossier/VN/KZ",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--db", default=None, help="store URL (default: a new SQLite file)")
    parser.add_argument("--jobs", type=int, default=1, help="ingest worker processes")
    parser.add_argument("--max-requests", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bilat-load-"))
    url = args.db or f"sqlite:///{folder / 'load.db'}"
    corpus = folder / "corpus"
    articles = feed(load_kb("fr"), args.docs, off_topic=0.1, seed=9)
    write_jsonl((a.document for a in articles), corpus, per_file=5000)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BILAT_DB": url}
    subprocess.run([BILAT, "check", "--db", url], env=env, capture_output=True)  # schema
    server = subprocess.Popen([BILAT, "serve", "--port", str(port), "--db", url], env=env)
    latencies: list[float] = []
    errors = 0
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(300):
                try:
                    client.get("/api/pairs")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            started = time.perf_counter()
            ingest = subprocess.Popen(
                [BILAT, "ingest", str(corpus), "-j", str(args.jobs), "--db", url],
                env=env,
                stderr=subprocess.DEVNULL,
            )
            n = 0
            while ingest.poll() is None and len(latencies) < args.max_requests:
                path = PATHS[n % len(PATHS)]
                n += 1
                sent = time.perf_counter()
                response = client.get(path)
                latencies.append((time.perf_counter() - sent) * 1000)
                errors += response.status_code != 200
            ingest.wait()
            seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(
        f"ingest: {args.docs} documents in {seconds:.1f} s ({args.docs / seconds:.1f} docs/s), -j {args.jobs}"
    )
    print(
        f"requests during the ingest: {len(latencies)}, errors: {errors}, "
        f"p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
