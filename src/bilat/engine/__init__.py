"""Engines: run documents through the pipeline and into the store or a facts file.

:func:`make_processor` picks where documents are processed (this process, worker processes,
Ray); :func:`ingest`, :func:`ingest_documents` and :func:`run_extract` run them and return
reports.
"""

from bilat.engine.base import (
    DocumentProcessor,
    ExtractReport,
    IngestReport,
    ProcessedDocument,
    ProgressCallback,
)
from bilat.engine.factory import make_processor
from bilat.engine.pipeline import Processor
from bilat.engine.runs import (
    ingest,
    ingest_documents,
    process_paths,
    rebuild_events,
    refresh_stale_events,
    run_extract,
)

__all__ = [
    "DocumentProcessor",
    "ExtractReport",
    "IngestReport",
    "ProcessedDocument",
    "Processor",
    "ProgressCallback",
    "ingest",
    "ingest_documents",
    "make_processor",
    "process_paths",
    "rebuild_events",
    "refresh_stale_events",
    "run_extract",
]
