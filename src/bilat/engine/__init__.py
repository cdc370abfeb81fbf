"""Engines: run documents through the pipeline and into the store (local now, Ray later)."""

from bilat.engine.local import IngestReport, ProcessedDocument, Processor, ingest, process_paths

__all__ = ["IngestReport", "ProcessedDocument", "Processor", "ingest", "process_paths"]
