"""Runs: read, filter and process documents, then store them (ingest) or write their facts
(extract); each returns a report that the CLI and the HTTP API only render.

Nothing is held for the whole corpus: documents stream from the readers, are processed a batch
at a time, and are stored in transactions of a few documents, each document whole with its
events (merged by :mod:`bilat.resolve.events` in the document's own transaction).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any, Protocol

from bilat.engine.base import (
    DocumentProcessor,
    ExtractReport,
    IngestReport,
    ProcessedDocument,
    ProgressCallback,
    check_language,
)
from bilat.engine.factory import make_processor
from bilat.ingest import Document, ReadFailure, iter_documents
from bilat.ingest.readers import read_records
from bilat.resolve.events import place_facts, resolve_all
from bilat.settings import Settings
from bilat.store.events import EventStore
from bilat.store.store import BatchError, Store

Item = Document | ReadFailure
# What a caller may hand in memory: a Document, or a record with the fields of a JSONL line.
DocumentLike = Document | Mapping[str, Any]


class FactSink(Protocol):
    """Where extracted facts go (``bilat.export.tables.FactsSink`` writes JSONL or Parquet)."""

    def write(self, record: dict[str, Any]) -> None: ...


# ----------------------------------------------------------------------------- reading
def process_items(
    items: Iterable[Item],
    settings: Settings,
    processor: DocumentProcessor,
    report: IngestReport,
    progress: ProgressCallback | None = None,
    known: Callable[[list[Document]], set[str]] | None = None,
) -> Iterator[ProcessedDocument]:
    """Filter and process documents: read failures, documents already stored (``known``) and
    documents in another language go to ``report``; the others are processed."""

    def wanted() -> Iterator[Document]:
        stream = iter(items)
        while batch := list(islice(stream, settings.batch_size)):
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
                elif reason := check_language(item, settings.language):
                    report.skipped += 1
                    report.messages.append(str(reason))
                    _notify(progress, "skipped", item.source)
                else:
                    yield item

    yield from processor.process(wanted())


def process_paths(
    paths: Iterable[str],
    settings: Settings,
    processor: DocumentProcessor,
    report: IngestReport,
    progress: ProgressCallback | None = None,
    known: Callable[[list[Document]], set[str]] | None = None,
) -> Iterator[ProcessedDocument]:
    """Read, filter and process every document under ``paths``; bad items go to ``report``."""
    yield from process_items(
        iter_documents(paths, settings), settings, processor, report, progress, known
    )


def documents_in_memory(
    documents: Iterable[DocumentLike], settings: Settings, source: str = "documents"
) -> Iterator[Item]:
    """Documents given in memory, checked as the JSONL reader checks its lines."""
    return read_records(documents, settings, source)


# ----------------------------------------------------------------------------- storing
def merge_into_events(events: EventStore, fact_ids: list[int]) -> None:
    """Merge a stored document's facts into events (``Store.add_documents``'s ``on_stored``)."""
    place_facts(events, fact_ids)


def store_processed(store: Store, processed: list[ProcessedDocument]) -> list[bool]:
    """Store processed documents, each whole with its events, in one transaction if all goes
    well (see :meth:`Store.add_documents`); raises ``BatchError`` naming what went in."""
    items = [(p.document, p.sentences, p.facts, p.persons) for p in processed]
    return store.add_documents(items, on_stored=merge_into_events)


def rebuild_events(store: Store) -> int:
    """Build every event again from the stored facts, in one transaction; return the number
    of documents read."""
    return store.rebuild_events(resolve_all) or 0


def refresh_stale_events(store: Store) -> bool:
    """Rebuild the events when a migration left them to be rebuilt; return whether it did."""
    return store.rebuild_events(resolve_all, only_if_stale=True) is not None


def ingest(
    paths: Iterable[str],
    settings: Settings,
    store: Store,
    processor: DocumentProcessor | None = None,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    write_batch: int = 32,
) -> IngestReport:
    """Ingest every document under ``paths`` into ``store``.

    Without a ``processor``, ``jobs`` > 1 parses and extracts in that many worker processes.
    Results are written in transactions of up to ``write_batch`` documents; each document is
    stored whole or not at all, and a document that fails to store costs only itself.
    """
    return ingest_items(
        iter_documents(paths, settings), settings, store, processor, progress, jobs, write_batch
    )


def ingest_documents(
    documents: Iterable[DocumentLike],
    settings: Settings,
    store: Store,
    processor: DocumentProcessor | None = None,
    progress: ProgressCallback | None = None,
    source: str = "documents",
) -> IngestReport:
    """Ingest documents given in memory (:func:`documents_in_memory`) into ``store``."""
    items = documents_in_memory(documents, settings, source)
    return ingest_items(items, settings, store, processor, progress)


def ingest_items(
    items: Iterable[Item],
    settings: Settings,
    store: Store,
    processor: DocumentProcessor | None = None,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    write_batch: int = 32,
) -> IngestReport:
    """Store read documents (and report read failures): the body of every ingest."""
    started = time.perf_counter()
    report = IngestReport()
    refresh_stale_events(store)  # a migration may have left the events to rebuild
    owned = processor is None
    active = processor if processor is not None else make_processor(settings, jobs=jobs)

    def known(documents: list[Document]) -> set[str]:
        return store.known_ids(d.id for d in documents)

    pending: list[ProcessedDocument] = []

    def flush() -> None:
        try:
            results = store_processed(store, pending)
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

    try:
        for processed in process_items(items, settings, active, report, progress, known):
            if processed.error:
                report.failed += 1
                report.messages.append(processed.error)
                _notify(progress, "failed", processed.document.source)
                continue
            pending.append(processed)
            if len(pending) >= write_batch:
                flush()
        flush()
    finally:
        if owned:
            active.close()
    report.seconds = time.perf_counter() - started
    return report


# ----------------------------------------------------------------------------- extracting
def run_extract(
    paths: Iterable[str],
    settings: Settings,
    processor: DocumentProcessor,
    sink: FactSink,
    progress: ProgressCallback | None = None,
) -> ExtractReport:
    """Write the facts of every document under ``paths`` to ``sink`` (FORMAT.md records),
    without a store."""
    started = time.perf_counter()
    report = ExtractReport()
    for processed in process_paths(paths, settings, processor, report, progress):
        source = processed.document.source
        if processed.error:
            report.failed += 1
            report.messages.append(processed.error)
            _notify(progress, "failed", source)
            continue
        report.new += 1
        for fact in processed.facts:
            report.facts[fact.type] += 1
            sink.write(fact.to_record(processed.document.name))
        _notify(progress, "new", source)
    report.seconds = time.perf_counter() - started
    return report


def _notify(progress: ProgressCallback | None, event: str, source: str) -> None:
    if progress is not None:
        progress(event, source)
