"""The local engine: stream documents, parse them in batches with nlp.pipe, extract, store.

Nothing is held for the whole corpus: documents stream from the readers, are parsed a batch at
a time, and each is written in its own transaction. The spaCy pipeline is built once per
process, and only when a document actually needs parsing (re-ingesting a stored corpus never
loads the model).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from bilat.errors import BilatError, E
from bilat.extract.base import Fact
from bilat.ingest import Document, ReadFailure, iter_documents
from bilat.ingest.language import detect_language
from bilat.kb import KnowledgeBase, load_kb
from bilat.settings import Settings
from bilat.store.store import SentenceSpan, Store

if TYPE_CHECKING:  # spaCy is imported only when a document needs parsing
    from spacy.language import Language
    from spacy.tokens import Doc

    from bilat.nlp.relevance import ParsePlan, RelevanceFilter


@dataclass
class ProcessedDocument:
    document: Document
    sentences: list[SentenceSpan]
    facts: list[Fact]
    error: str | None = None  # extraction failed: the document is reported, not stored
    persons: list[dict[str, Any]] = field(default_factory=list)
    skipped_chars: int = 0  # of the text, what the statistical components did not parse


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    facts: Counter[str] = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.new + self.unchanged + self.skipped + self.failed

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        by_type = ", ".join(f"{t} {n}" for t, n in sorted(self.facts.items())) or "none"
        return (
            f"{self.new} new, {self.unchanged} unchanged, {self.skipped} skipped, "
            f"{self.failed} failed in {self.seconds:.2f}s; facts: {by_type}"
        )


# progress(event, document_source): event is one of new/unchanged/skipped/failed
ProgressCallback = Callable[[str, str], None]


class Processor:
    """The pipeline and knowledge base of this process, built on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._kb: KnowledgeBase | None = None
        self._nlp: Language | None = None  # noqa: UP037
        self._relevance: RelevanceFilter | None = None  # noqa: UP037

    def with_settings(self, settings: Settings) -> Processor:
        """Another processor over this one's pipeline and knowledge base (built once)."""
        other = Processor(settings)
        other._kb, other._nlp, other._relevance = self._kb, self._nlp, self._relevance
        return other

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb(self.settings.language, self.settings.user_kb)
        return self._kb

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from bilat.nlp import build_pipeline

            self._nlp = build_pipeline(self.settings, self.kb)
        return self._nlp

    @property
    def relevance(self) -> RelevanceFilter:
        if self._relevance is None:
            from bilat.nlp.relevance import RelevanceFilter

            self._relevance = RelevanceFilter(self.kb.lexicons, self.nlp.Defaults.stop_words)
        return self._relevance

    def process(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument]:
        """Parse and extract, batch by batch, in input order.

        A light pass first (no model) plans each article's parse: an article that cannot
        yield a fact is not parsed, and sentences that cannot are blanked before the
        statistical components run (``settings.skip_irrelevant``; see bilat.nlp.relevance).
        """
        iterator = iter(documents)
        first = next(iterator, None)
        if first is None:
            return  # nothing new: never load the model
        from bilat.extract.context import DocumentInfo, sentence_spans
        from bilat.extract.registry import extract_document
        from bilat.nlp.pipeline import LIGHT_COMPONENTS, light_doc

        nlp = self.nlp
        skip = self.settings.skip_irrelevant

        def planned() -> Iterator[tuple[Doc, tuple[Document, ParsePlan | None]]]:
            for document in chain([first], iterator):
                doc = light_doc(nlp, document.text)
                plan = self.relevance.plan(doc) if skip else None
                if plan is not None and plan.parse_nothing:
                    doc = nlp.make_doc("")  # keeps the batch in order; nothing to parse
                elif plan is not None and not plan.parse_all:
                    doc = light_doc(nlp, plan.blanked(document.text))
                yield doc, (document, plan)

        for doc, (document, plan) in nlp.pipe(
            planned(),
            as_tuples=True,
            batch_size=self.settings.batch_size,
            disable=list(LIGHT_COMPONENTS),
        ):
            skipped = plan.skipped_chars if plan is not None else 0
            if plan is not None and plan.parse_nothing:
                sentences = [SentenceSpan(s.start, s.end) for s in plan.segments]
                yield ProcessedDocument(document, sentences, [], skipped_chars=skipped)
                continue
            parsed = [SentenceSpan(s.start_char, s.end_char) for s in sentence_spans(doc)]
            sentences = parsed if plan is None else _stored_sentences(plan, parsed, document.text)
            try:
                extraction = extract_document(
                    doc, DocumentInfo(document.name, document.date), self.kb
                )
            except Exception as error:  # noqa: BLE001 - one document's failure must not stop a run
                if self.settings.debug:
                    raise
                message = f"{document.source}: extraction failed: {type(error).__name__}: {error}"
                yield ProcessedDocument(document, sentences, [], error=message)
                continue
            yield ProcessedDocument(
                document,
                sentences,
                extraction.facts,
                persons=extraction.persons,
                skipped_chars=skipped,
            )


def _stored_sentences(plan: ParsePlan, parsed: list[SentenceSpan], text: str) -> list[SentenceSpan]:
    """The article's sentences: the parser's where it parsed, the light pass's elsewhere.

    A parsed sentence next to a blank runs on over it (the blank is whitespace tokens): it is
    cut at the blank, and a piece of it that is only whitespace is dropped.
    """
    if plan.parse_all:
        return parsed
    skipped = [SentenceSpan(s.start, s.end) for s in plan.segments if not s.keep]
    pieces: list[SentenceSpan] = []
    first = 0  # both lists are in text order: the blanks before a sentence are never needed
    for sentence in parsed:
        while first < len(skipped) and skipped[first].end <= sentence.start:
            first += 1
        start = sentence.start
        for blank in skipped[first:]:
            if blank.start >= sentence.end:
                break
            if blank.start > start:
                pieces.append(SentenceSpan(start, blank.start))
            start = max(start, blank.end)
        if start < sentence.end:
            pieces.append(SentenceSpan(start, sentence.end))
    kept = [p for p in pieces if text[p.start : p.end].strip()]
    return sorted(kept + skipped, key=lambda s: s.start)


def check_language(document: Document) -> BilatError | None:
    """A reason to skip the document when it is not French (declared or detected)."""
    lang = (document.lang or detect_language(document.text)).lower()
    if lang != "fr":
        return BilatError(E.E011, path=document.source, lang=lang)
    return None


def process_paths(
    paths: Iterable[str],
    settings: Settings,
    processor: Processor,
    report: IngestReport,
    progress: ProgressCallback | None = None,
    known: Callable[[list[Document]], set[str]] | None = None,
) -> Iterator[ProcessedDocument]:
    """Read, filter and process every document under ``paths``; bad items go to ``report``."""

    def wanted() -> Iterator[Document]:
        items = iter_documents(paths, settings)
        while batch := list(islice(items, settings.batch_size)):
            documents = [i for i in batch if isinstance(i, Document)]
            stored = known(documents) if known else set()
            for item in batch:
                if isinstance(item, ReadFailure):
                    report.failed += 1
                    report.messages.append(str(item))
                    _notify(progress, "failed", item.source)
                elif item.id in stored:
                    report.unchanged += 1
                    _notify(progress, "unchanged", item.source)
                elif reason := check_language(item):
                    report.skipped += 1
                    report.messages.append(str(reason))
                    _notify(progress, "skipped", item.source)
                else:
                    yield item

    yield from processor.process(wanted())


def ingest(
    paths: Iterable[str],
    settings: Settings,
    store: Store,
    processor: Processor | None = None,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    write_batch: int = 32,
) -> IngestReport:
    """Ingest every document under ``paths`` into ``store``.

    ``jobs`` > 1 parses and extracts in that many worker processes. Results are written in
    transactions of up to ``write_batch`` documents; each document is stored whole or not at
    all, and a document that fails to store costs only itself.
    """
    from bilat.store.store import BatchError

    started = time.perf_counter()
    report = IngestReport()
    if processor is None:
        if jobs > 1:
            from bilat.engine.parallel import ParallelProcessor

            processor = ParallelProcessor(settings, jobs)  # type: ignore[assignment]
        else:
            processor = Processor(settings)
    assert processor is not None

    def known(documents: list[Document]) -> set[str]:
        return store.known_ids(d.id for d in documents)

    pending: list[ProcessedDocument] = []

    def flush() -> None:
        items = [(p.document, p.sentences, p.facts, p.persons) for p in pending]
        try:
            results = store.add_documents(items)
            error: Exception | None = None
        except BatchError as failed:
            results, error = failed.stored, failed.error
        for processed, added in zip(pending, results, strict=True):
            source = processed.document.source
            if added:
                report.new += 1
                report.facts.update(f.type for f in processed.facts)
                _notify(progress, "new", source)
            elif error is not None and not store.known_ids([processed.document.id]):
                report.failed += 1
                report.messages.append(f"{source}: not stored: {error}")
                _notify(progress, "failed", source)
            else:
                report.unchanged += 1
                _notify(progress, "unchanged", source)
        pending.clear()

    for processed in process_paths(paths, settings, processor, report, progress, known):
        if processed.error:
            report.failed += 1
            report.messages.append(processed.error)
            _notify(progress, "failed", processed.document.source)
            continue
        pending.append(processed)
        if len(pending) >= write_batch:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report


def _notify(progress: ProgressCallback | None, event: str, source: str) -> None:
    if progress is not None:
        progress(event, source)
