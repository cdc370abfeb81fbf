"""What every engine shares: processed documents, the processor interface, run reports.

A processor turns documents into processed documents (sentences, facts, persons), in input
order, in this process (:class:`~bilat.engine.pipeline.Processor`), in worker processes
(:class:`~bilat.engine.parallel.ParallelProcessor`) or on Ray actors
(:class:`~bilat.engine.ray_engine.RayProcessor`); :func:`bilat.engine.factory.make_processor`
picks one. The runs (:mod:`bilat.engine.runs`) read, filter, process and store or write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from bilat.errors import BilatError, E
from bilat.facts.base import Fact
from bilat.ingest import Document
from bilat.ingest.language import detect_language
from bilat.kb import available_packs, load_pack
from bilat.store.store import SentenceSpan


@dataclass
class ProcessedDocument:
    document: Document
    sentences: list[SentenceSpan]
    facts: list[Fact]
    error: str | None = None  # extraction failed: the document is reported, not stored
    persons: list[dict[str, Any]] = field(default_factory=list)
    skipped_chars: int = 0  # of the text, what the statistical components did not parse


@runtime_checkable
class DocumentProcessor(Protocol):
    """Documents in, processed documents out, in input order."""

    def process(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument]: ...

    def close(self) -> None:
        """Release workers, actors or pools (a no-op for the in-process pipeline)."""
        ...


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

    def facts_by_type(self) -> str:
        return ", ".join(f"{t} {n}" for t, n in sorted(self.facts.items())) or "none"

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.unchanged} unchanged, {self.skipped} skipped, "
            f"{self.failed} failed in {self.seconds:.2f}s; facts: {self.facts_by_type()}"
        )


@dataclass
class ExtractReport(IngestReport):
    """An extraction without a store: ``new`` counts the documents written."""

    def summary(self) -> str:
        return (
            f"{self.new} documents, {self.skipped} skipped, {self.failed} failed; "
            f"facts: {self.facts_by_type()}"
        )


# progress(event, document_source): event is one of new/unchanged/skipped/failed
ProgressCallback = Callable[[str, str], None]


def check_language(document: Document, language: str) -> BilatError | None:
    """A reason to skip the document when it is not in ``language`` (declared or detected)."""
    lang = (document.lang or detect_language(document.text)).lower()
    if lang == language:
        return None
    expected = load_pack(language).name if language in available_packs() else f"'{language}'"
    return BilatError(E.E011, path=document.source, lang=lang, expected=expected)
