"""Render scores as a plain-text table, optionally followed by each document's errors."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bilat.evaluation.scoring import MICRO_TYPES, DocumentDomains, Match, Scores, TypeScore
from bilat.facts import fact_type

LABEL_WIDTH = 20
EVIDENCE_WIDTH = 120


def _row(label: str, score: TypeScore) -> str:
    return (
        f"{label:<{LABEL_WIDTH}}{score.tp:>6}{score.fp:>6}{score.fn:>6}"
        f"{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
    )


def render_table(scores: Scores) -> str:
    """One row per matched type, then the micro-average and the commitment domains."""
    header = f"{'type':<{LABEL_WIDTH}}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}"
    rule = "-" * len(header)
    lines = [header, rule]
    lines += [_row(fact_type, scores.per_type[fact_type]) for fact_type in MICRO_TYPES]
    lines += [
        rule,
        _row("micro", scores.micro),
        _row("commitment domains", scores.commitment_domains),
    ]
    return "\n".join(lines)


def describe_fact(fact: dict[str, Any]) -> str:
    """The match key of a fact and a few telling fields, on one short line."""
    return fact_type(str(fact.get("type"))).describe_fact(fact)


def _shorten(text: str, width: int = EVIDENCE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _render_error(match: Match) -> list[str]:
    fact = match.gold if match.gold is not None else match.pred
    assert fact is not None  # a Match always holds at least one side
    lines = [f"  {match.status:<9} {match.type:<10} {describe_fact(fact)}"]
    evidence = fact.get("evidence")
    if isinstance(evidence, str) and evidence.strip():
        lines.append(f"{'':<23}evidence: {_shorten(evidence)}")
    return lines


def _render_domains(domains: DocumentDomains) -> list[str]:
    parts = []
    if domains.missed:
        parts.append(f"missed {', '.join(sorted(domains.missed))}")
    if domains.spurious:
        parts.append(f"spurious {', '.join(sorted(domains.spurious))}")
    return [f"  commitment domains: {'; '.join(parts)}"] if parts else []


def render_errors(scores: Scores) -> str:
    """Per document: missed gold facts, spurious predictions, commitment domain differences."""
    by_doc: dict[str, list[str]] = defaultdict(list)
    for match in scores.matches:
        if match.status != "matched":
            by_doc[match.doc] += _render_error(match)
    for domains in scores.commitment_by_doc:
        by_doc[domains.doc] += _render_domains(domains)
    blocks = [doc + "\n" + "\n".join(lines) for doc, lines in sorted(by_doc.items()) if lines]
    return "\n\n".join(blocks) if blocks else "No missed or spurious facts."


def render_text(scores: Scores, verbose: bool = False) -> str:
    """The score table; with ``verbose``, each document's misses and spurious facts after it."""
    text = render_table(scores)
    if verbose:
        text += "\n\nErrors by document\n\n" + render_errors(scores)
    return text + "\n"
