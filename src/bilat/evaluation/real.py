"""The real-article development set: bilat measured on real French news.

The repository holds only ``tests/data/real/manifest.tsv`` (where each article is, the query
that finds it, the hash of its text) and ``tests/data/real/gold.jsonl`` (our own facts, with
character offsets instead of sentences). The articles' texts are third-party writing: they
live in a cache outside the work tree, ``$BILAT_REAL_CACHE`` or ``~/.cache/bilat/real``, one
``<id>.txt`` each, exactly as retrieved.

    python -m bilat.evaluation.real check            # what the cache lacks or holds changed
    python -m bilat.evaluation.real score [--split dev] [--verbose] [--json]

``score`` extracts the cached articles of the split with ``bilat extract`` and scores them
per type, per outlet, and lists each article's misses and false positives.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from bilat.evaluation.facts_io import read_facts
from bilat.evaluation.report import render_errors, render_table
from bilat.evaluation.scoring import Scores, score

REAL = Path(__file__).resolve().parents[3] / "tests" / "data" / "real"
MANIFEST = REAL / "manifest.tsv"
GOLD = REAL / "gold.jsonl"
COLUMNS = ("id", "split", "url", "date", "outlet", "pair", "query", "sha256", "length")
# Gold fields given as [start, end] offsets into the cached text, never as the text itself.
OFFSET_FIELDS = ("evidence", "text")
DATE_LINE = " date "


@dataclass(frozen=True)
class Article:
    id: str
    split: str
    url: str
    date: str
    outlet: str
    pair: str
    query: str
    sha256: str
    length: int


@dataclass
class CacheState:
    present: list[Article] = field(default_factory=list)
    missing: list[Article] = field(default_factory=list)
    changed: list[Article] = field(default_factory=list)


def cache_dir() -> Path:
    return Path(os.environ.get("BILAT_REAL_CACHE") or Path(user_cache_dir("bilat")) / "real")


def read_manifest(path: Path = MANIFEST) -> list[Article]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    articles = []
    for number, row in enumerate(rows, start=2):
        if set(COLUMNS) - set(row):
            raise SystemExit(f"{path}:{number}: columns {', '.join(COLUMNS)} expected")
        articles.append(Article(**{**row, "length": int(row["length"])}))  # type: ignore[arg-type]
    return articles


def cached_text(article: Article, cache: Path) -> str | None:
    path = cache / f"{article.id}.txt"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def check_cache(articles: Sequence[Article], cache: Path) -> CacheState:
    """Each article's cached text against the hash and length the manifest records."""
    state = CacheState()
    for article in articles:
        path = cache / f"{article.id}.txt"
        if not path.is_file():
            state.missing.append(article)
            continue
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        if hashlib.sha256(data).hexdigest() != article.sha256 or len(text) != article.length:
            state.changed.append(article)
        else:
            state.present.append(article)
    return state


def gold_facts(articles: Sequence[Article], cache: Path, path: Path = GOLD) -> list[dict[str, Any]]:
    """The gold facts of ``articles``, with offsets replaced by the cached text they point at."""
    texts = {a.id: cached_text(a, cache) for a in articles}
    facts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        fact = json.loads(line)
        text = texts.get(fact.get("doc"))
        if text is None:
            continue
        for name in OFFSET_FIELDS:
            span = fact.get(name)
            if isinstance(span, list) and len(span) == 2:
                fact[name] = text[span[0] : span[1]]
        facts.append(fact)
    return facts


def corpus_file(article: Article, text: str) -> str:
    """The article as a corpus file: its text under a ` date` line (the manifest's date when
    the page gave none)."""
    return text if text.startswith(DATE_LINE) else f"{DATE_LINE}{article.date}\n{text}"


def extract(articles: Sequence[Article], cache: Path) -> list[dict[str, Any]]:
    """``bilat extract`` over the cached articles: the predicted facts."""
    with tempfile.TemporaryDirectory(prefix="bilat-real-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for article in articles:
            text = cached_text(article, cache)
            if text is not None:
                (corpus / f"{article.id}.txt").write_text(
                    corpus_file(article, text), encoding="utf-8"
                )
        output = Path(folder) / "facts.jsonl"
        bilat = Path(sys.executable).with_name("bilat")
        subprocess.run([str(bilat), "extract", str(corpus), "-o", str(output)], check=False)
        return read_facts(output).facts if output.exists() else []


@dataclass
class RealScores:
    overall: Scores
    by_outlet: dict[str, tuple[int, Scores]]  # outlet -> (articles, scores)
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "overall": self.overall.to_dict(),
            "by_outlet": {
                outlet: {"articles": n, **scores.to_dict()}
                for outlet, (n, scores) in sorted(self.by_outlet.items())
            },
        }


def score_articles(
    articles: Sequence[Article], gold: list[dict[str, Any]], pred: list[dict[str, Any]]
) -> RealScores:
    outlet_of = {a.id: a.outlet for a in articles}
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_outlet[article.outlet].append(article.id)
    outlets = {
        outlet: (
            len(ids),
            score(
                [f for f in gold if f.get("doc") in ids], [f for f in pred if f.get("doc") in ids]
            ),
        )
        for outlet, ids in by_outlet.items()
    }
    pred = [f for f in pred if f.get("doc") in outlet_of]
    return RealScores(score(gold, pred), outlets, len(articles))


def render(result: RealScores, verbose: bool) -> str:
    lines = [f"{result.articles} articles", render_table(result.overall), "", "per outlet"]
    width = max((len(o) for o in result.by_outlet), default=10) + 2
    lines.append(f"{'outlet':<{width}}{'docs':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for outlet, (docs, scores) in sorted(result.by_outlet.items()):
        micro = scores.micro
        lines.append(
            f"{outlet:<{width}}{docs:>5}{micro.precision:>8.3f}{micro.recall:>8.3f}{micro.f1:>8.3f}"
        )
    if verbose:
        lines += ["", "Misses and false positives by article", "", render_errors(result.overall)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bilat.evaluation.real", description=__doc__)
    parser.add_argument("command", choices=["check", "score"])
    parser.add_argument("--split", default="dev", help="dev (default), locked or all")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and FPs")
    parser.add_argument("--json", action="store_true", help="scores as JSON")
    args = parser.parse_args(argv)
    cache = cache_dir()
    if not MANIFEST.exists():
        print(f"no manifest at {MANIFEST}", file=sys.stderr)
        return 2
    articles = [a for a in read_manifest() if args.split == "all" or a.split == args.split]
    state = check_cache(articles, cache)
    if args.command == "check" or not state.present:
        print(
            f"{cache}: {len(state.present)} of {len(articles)} {args.split} articles cached, "
            f"{len(state.missing)} missing, {len(state.changed)} changed"
        )
        for article in state.missing:
            print(f"missing  {article.id}  {article.url}  (query: {article.query})")
        for article in state.changed:
            print(f"changed  {article.id}  {article.url}  (hash or length differs)")
        if not state.present:
            print("the cache holds none of them: refill it from the manifest's urls and queries")
        return 0 if not state.missing and not state.changed else 1
    present = state.present
    result = score_articles(present, gold_facts(present, cache), extract(present, cache))
    if state.missing or state.changed:
        print(f"note: {len(state.missing) + len(state.changed)} articles not cached or changed")
    print(json.dumps(result.to_dict(), indent=1) if args.json else render(result, args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
