"""Evaluation: score predicted facts JSONL against gold facts JSONL (`bilat evaluate`).

``read_facts`` reads a file, ``score`` builds the result, ``render_text`` renders it.
"""

from bilat.evaluation.facts_io import FactsFile, LineError, read_facts
from bilat.evaluation.report import render_text
from bilat.evaluation.scoring import (
    FACT_TYPES,
    MICRO_TYPES,
    Match,
    Scores,
    TypeScore,
    score,
)

__all__ = [
    "FACT_TYPES",
    "MICRO_TYPES",
    "FactsFile",
    "LineError",
    "Match",
    "Scores",
    "TypeScore",
    "read_facts",
    "render_text",
    "score",
]
