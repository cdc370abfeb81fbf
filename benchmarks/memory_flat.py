"""Peak memory, speed and store size of `bilat ingest -j N` over N synthetic articles.

    python benchmarks/memory_flat.py --docs 1000 100000 --jobs 2

For each size: writes the synthetic articles to a JSONL file (streamed, never held), ingests
it into a fresh SQLite store in a child process, and reports docs/s, the store's size and the
peak resident memory of the largest process (the ingest or one of its workers). Memory should
not grow with the corpus: the ingest streams and the workers hold one batch at a time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bilat.kb import load_kb
from bilat.synthetic import articles, write_jsonl

FILE_DOCS = 5000


def run(size: int, jobs: int, folder: Path) -> dict[str, float]:
    corpus = folder / f"synthetic-{size}"
    # files of 5,000 articles, well under the reader's size limit
    write_jsonl((a.document for a in articles(load_kb(), size, seed=size)), corpus, FILE_DOCS)
    db = folder / f"synthetic-{size}.db"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "bilat.cli.main",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "-j",
        str(jobs),
        "-q",
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    summary = (
        done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-300:]
    )
    print(f"ingest exit {done.returncode}: {summary}", file=sys.stderr)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "docs": size,
        "seconds": seconds,
        "docs_per_s": size / seconds,
        "peak_rss_mb": max(peak, before) / 1024,
        "store_mb": db.stat().st_size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bilat-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.docs:  # each size in its own child, so peaks do not mix
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(size),
                "--jobs",
                str(args.jobs),
                "--folder",
                str(folder),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = results[-1]
        print(
            f"{r['docs']:>7} docs: {r['docs_per_s']:6.1f} docs/s, peak {r['peak_rss_mb']:,.0f} MB, store {r['store_mb']:,.1f} MB",
            flush=True,
        )
    if len(results) > 1:
        print(
            f"peak memory, largest / smallest corpus: {results[-1]['peak_rss_mb'] / results[0]['peak_rss_mb']:.2f}"
        )


if __name__ == "__main__":
    if "--one" in sys.argv:
        position = sys.argv.index("--one")
        size = int(sys.argv[position + 1])
        jobs = int(sys.argv[sys.argv.index("--jobs") + 1])
        folder = Path(sys.argv[sys.argv.index("--folder") + 1])
        folder.mkdir(parents=True, exist_ok=True)
        print(json.dumps(run(size, jobs, folder)))
    else:
        main()
