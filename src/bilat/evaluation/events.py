"""Scoring event merging against gold clusters of articles.

The gold names, for each real event, the articles that report it (``{"events": [{"id",
"type", "countries", "docs": [...]}, ...]}``). Merging is scored on pairs of articles: two
articles reporting one gold event should share one bilat event of that type and countries
(recall); two articles sharing a bilat event should report one gold event (precision).
Events reported by a single article add no pair, so splitting everything scores precision 1
and recall 0, and lumping everything the reverse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from bilat.records import Record


@dataclass(frozen=True)
class MergeScore:
    pairs_gold: int
    pairs_predicted: int
    pairs_correct_recall: int
    pairs_correct_precision: int

    @property
    def precision(self) -> float:
        return self.pairs_correct_precision / self.pairs_predicted if self.pairs_predicted else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_correct_recall / self.pairs_gold if self.pairs_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _countries(event: Record) -> tuple[str, ...]:
    if event.get("type") == "visit" and event.get("guest_country"):
        codes = {event.get("guest_country"), event.get("host_country"), *(event.get("hosts") or [])}
        return tuple(sorted(c for c in codes if c))
    return tuple(sorted(event.get("countries") or event.get("parties") or []))


def _pairs(
    groups: Iterable[tuple[str, tuple[str, ...], Sequence[str]]],
) -> set[tuple[str, tuple[str, ...], str, str]]:
    found = set()
    for kind, countries, docs in groups:
        for a, b in combinations(sorted(set(docs)), 2):
            found.add((kind, countries, a, b))
    return found


def score_merging(
    gold: Sequence[Record], events: Sequence[Record], types: Iterable[str] | None = None
) -> MergeScore:
    """Pairwise precision and recall of ``events`` (bilat's, with ``report_sources``) against
    ``gold`` events, over the gold's documents only."""
    wanted = set(types) if types else {g["type"] for g in gold}
    gold_docs = {d for g in gold for d in g["docs"]}
    gold_pairs = _pairs((g["type"], _countries(g), g["docs"]) for g in gold if g["type"] in wanted)
    predicted = _pairs(
        (e["type"], _countries(e), [d for d in e["report_sources"] if d in gold_docs])
        for e in events
        if e["type"] in wanted
    )
    return MergeScore(
        pairs_gold=len(gold_pairs),
        pairs_predicted=len(predicted),
        pairs_correct_recall=len(gold_pairs & predicted),
        pairs_correct_precision=len(predicted & gold_pairs),
    )
