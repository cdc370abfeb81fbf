"""``bilat bench``: bilat's extraction speed against bare ``nlp.pipe`` on the same texts.

Both pipelines are loaded and warmed up before timing, then timed over the same texts in the
same process, so the ratio measures what bilat adds (span rulers and extractors) to parsing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from itertools import cycle, islice

import spacy

from bilat.engine import Processor
from bilat.ingest import Document, iter_documents
from bilat.nlp.pipeline import model_name
from bilat.settings import Settings


@dataclass(frozen=True)
class BenchResult:
    documents: int
    distinct: int
    tokens: int
    bare_seconds: float
    bilat_seconds: float
    facts: int
    parallel: dict[int, float] = field(default_factory=dict)  # processes -> seconds
    peak_rss_mb: float = 0.0
    children_peak_rss_mb: float = 0.0
    parsed_share: float = 1.0  # of the characters, what the statistical components parsed
    full_parse_seconds: float | None = None  # bilat, 1 process, skipping nothing

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
        lines = [
            f"documents: {self.documents} ({self.distinct} distinct texts), tokens: {self.tokens}",
            f"bare nlp.pipe       : {self.bare_rate:8.2f} docs/s "
            f"({self.tokens / self.bare_seconds:,.0f} tokens/s)",
            f"bilat, 1 process    : {self.bilat_rate:8.2f} docs/s "
            f"({self.tokens / self.bilat_seconds:,.0f} tokens/s, {self.facts} facts)",
        ]
        for jobs, seconds in sorted(self.parallel.items()):
            rate = self.documents / seconds
            lines.append(
                f"bilat, {jobs} processes  : {rate:8.2f} docs/s "
                f"({self.tokens / seconds:,.0f} tokens/s)"
            )
        if self.full_parse_seconds is not None:
            rate = self.documents / self.full_parse_seconds
            lines.append(f"bilat, all parsed  : {rate:8.2f} docs/s")
        lines.append(
            f"text parsed by the model: {self.parsed_share:.1%} (the rest cannot yield a fact)"
        )
        lines.append(f"ratio bilat 1 process / bare nlp.pipe: {self.ratio:.2f}")
        if self.full_parse_seconds is not None:
            lines.append(
                "ratio skipping / parsing every sentence: "
                f"{self.full_parse_seconds / self.bilat_seconds:.2f}"
            )
        for jobs, seconds in sorted(self.parallel.items()):
            lines.append(
                f"ratio bilat {jobs} processes / 1 process: {self.bilat_seconds / seconds:.2f}"
            )
        lines.append(
            f"peak memory: {self.peak_rss_mb:,.0f} MB (this process), "
            f"{self.children_peak_rss_mb:,.0f} MB (largest worker)"
        )
        return "\n".join(lines)


def _peak_mb(who: int) -> float:
    import resource

    return resource.getrusage(who).ru_maxrss / 1024


def run_bench(
    paths: list[str],
    settings: Settings,
    min_docs: int = 100,
    processes: tuple[int, ...] = (),
    synthetic: int = 0,
    off_topic: float = 0.0,
    full_parse: bool = False,
) -> BenchResult:
    """Time bare ``nlp.pipe``, bilat in this process, and bilat in ``processes`` workers,
    over the same documents (from ``paths``, or ``synthetic`` generated articles)."""
    import resource

    if synthetic:
        from bilat.kb import load_kb
        from bilat.synthetic import feed

        kb = load_kb(settings.language, settings.user_kb)
        documents = [a.document for a in feed(kb, synthetic, off_topic)]
    else:
        documents = [d for d in iter_documents(paths, settings) if isinstance(d, Document)]
    if not documents:
        raise ValueError("no readable documents to benchmark")
    count = max(min_docs, len(documents))
    sample = list(islice(cycle(documents), count))
    texts = [d.text for d in sample]

    bare = spacy.load(model_name(settings))
    processor = Processor(settings)
    # Warm up both: model loading and first-call costs are not part of the throughput.
    list(bare.pipe(texts[:4]))
    list(processor.process(sample[:4]))

    started = time.perf_counter()
    tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=settings.batch_size))
    bare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    facts = skipped = 0
    for processed in processor.process(sample):
        facts += len(processed.facts)
        skipped += processed.skipped_chars
    bilat_seconds = time.perf_counter() - started

    full_parse_seconds = None
    if full_parse:
        every = processor.with_settings(replace(settings, skip_irrelevant=False))
        list(every.process(sample[:4]))
        started = time.perf_counter()
        full_facts = sum(len(p.facts) for p in every.process(sample))
        full_parse_seconds = time.perf_counter() - started
        assert full_facts == facts, f"parsing everything gave {full_facts} facts, skipping {facts}"

    parallel: dict[int, float] = {}
    for jobs in processes:
        from bilat.engine.parallel import ParallelProcessor

        with ParallelProcessor(settings, jobs) as pool:  # workers started and loaded first
            started = time.perf_counter()
            produced = sum(len(p.facts) for p in pool.process(sample))
            parallel[jobs] = time.perf_counter() - started
        assert produced == facts, f"{jobs} processes gave {produced} facts, 1 process {facts}"
    return BenchResult(
        count,
        len(documents),
        tokens,
        bare_seconds,
        bilat_seconds,
        facts,
        parallel,
        _peak_mb(resource.RUSAGE_SELF),
        _peak_mb(resource.RUSAGE_CHILDREN),
        1 - skipped / (sum(len(t) for t in texts) or 1),
        full_parse_seconds,
    )
