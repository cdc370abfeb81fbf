"""The local engine under its earlier module name: the in-process processor and the runs.

Kept so that ``from bilat.engine.local import Processor, ingest`` goes on working; new code
imports :mod:`bilat.engine` (or :mod:`bilat.engine.pipeline` and :mod:`bilat.engine.runs`).
"""

from bilat.engine.base import IngestReport, ProcessedDocument, ProgressCallback, check_language
from bilat.engine.pipeline import Processor
from bilat.engine.runs import ingest, process_paths

__all__ = [
    "IngestReport",
    "ProcessedDocument",
    "ProgressCallback",
    "Processor",
    "check_language",
    "ingest",
    "process_paths",
]
