"""What every extractor shares: the Fact record and the Evidence it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bilat.facts import type_names

# The fact types shipped (bilat.facts registers them; plugins may add more).
FACT_TYPES = type_names()


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and the span, as character offsets into the text."""

    sentence: str
    sent_start: int
    sent_end: int
    start: int
    end: int


@dataclass
class Fact:
    """One typed fact of one document, with its FORMAT.md fields in ``fields``."""

    type: str
    fields: dict[str, Any]
    evidence: Evidence
    extras: dict[str, Any] = field(default_factory=dict)

    def to_record(self, doc_name: str) -> dict[str, Any]:
        """The facts-JSONL line of FORMAT.md."""
        return {
            "doc": doc_name,
            "type": self.type,
            **self.fields,
            "evidence": self.evidence.sentence,
        }
