"""``bilat bench``: bilat's extraction speed against bare ``nlp.pipe`` on the same texts.

Both pipelines are loaded and warmed up before timing, then timed over the same texts in the
same process, so the ratio measures what bilat adds (span rulers and extractors) to parsing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import cycle, islice

import spacy

from bilat.engine.local import Processor
from bilat.ingest import Document, iter_documents
from bilat.settings import Settings


@dataclass(frozen=True)
class BenchResult:
    documents: int
    distinct: int
    tokens: int
    bare_seconds: float
    bilat_seconds: float
    facts: int

    @property
    def bare_rate(self) -> float:
        return self.documents / self.bare_seconds

    @property
    def bilat_rate(self) -> float:
        return self.documents / self.bilat_seconds

    @property
    def ratio(self) -> float:
        return self.bilat_rate / self.bare_rate

    def render(self) -> str:
        return "\n".join(
            [
                f"documents: {self.documents} ({self.distinct} distinct texts), tokens: {self.tokens}",
                f"bare nlp.pipe : {self.bare_rate:8.2f} docs/s ({self.tokens / self.bare_seconds:,.0f} tokens/s)",
                f"bilat extract : {self.bilat_rate:8.2f} docs/s ({self.facts} facts)",
                f"ratio bilat / bare nlp.pipe: {self.ratio:.2f}",
            ]
        )


def run_bench(paths: list[str], settings: Settings, min_docs: int = 100) -> BenchResult:
    documents = [d for d in iter_documents(paths, settings) if isinstance(d, Document)]
    if not documents:
        raise ValueError("no readable documents to benchmark")
    count = max(min_docs, len(documents))
    sample = list(islice(cycle(documents), count))
    texts = [d.text for d in sample]

    bare = spacy.load(settings.model)
    processor = Processor(settings)
    # Warm up both: model loading and first-call costs are not part of the throughput.
    list(bare.pipe(texts[:4]))
    list(processor.process(sample[:4]))

    started = time.perf_counter()
    tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=settings.batch_size))
    bare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    facts = sum(len(p.facts) for p in processor.process(sample))
    bilat_seconds = time.perf_counter() - started
    return BenchResult(count, len(documents), tokens, bare_seconds, bilat_seconds, facts)
