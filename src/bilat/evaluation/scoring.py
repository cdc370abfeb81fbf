"""Score predicted facts against gold facts, as described in the facts format (FORMAT.md).

Per type, facts are matched one-to-one within each document by the type's match key;
among the candidate pairs the ones agreeing on most other fields are taken first.
Commitments are not matched fact by fact: each document's set of commitment domains is
scored instead, since clause boundaries are a matter of taste.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard

from bilat.facts import MatchRule, fact_types, type_names
from bilat.facts.compare import string_set


def match_rules() -> dict[str, MatchRule]:
    """The match key and slot agreement of every type scored fact by fact."""
    return {t.name: t.match for t in fact_types() if t.match is not None}


FACT_TYPES = type_names()
# The types matched fact by fact, micro-averaged; the others (commitments) are scored apart.
MICRO_TYPES = tuple(match_rules())

Fact = dict[str, Any]
MatchStatus = Literal["matched", "missed", "spurious"]


@dataclass
class TypeScore:
    """Counts of true positives, false positives and false negatives, and their ratios.

    An empty denominator gives 0.0, except when there is nothing on either side
    (no gold, no prediction): that is perfect agreement and gives 1.0 everywhere.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        if self._nothing_on_either_side():
            return 1.0
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _nothing_on_either_side(self) -> bool:
        return self.tp == self.fp == self.fn == 0

    def _ratio(self, numerator: int, denominator: int) -> float:
        if self._nothing_on_either_side():
            return 1.0
        return numerator / denominator if denominator else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def sum_scores(scores: Iterable[TypeScore]) -> TypeScore:
    """Micro-average: the counts added up, the ratios recomputed from them."""
    total = TypeScore()
    for part in scores:
        total.tp += part.tp
        total.fp += part.fp
        total.fn += part.fn
    return total


@dataclass
class Match:
    """A matched pair, a missed gold fact (``pred`` None) or a spurious one (``gold`` None)."""

    type: str
    doc: str
    gold: Fact | None
    pred: Fact | None

    @property
    def status(self) -> MatchStatus:
        if self.gold is None:
            return "spurious"
        return "missed" if self.pred is None else "matched"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "doc": self.doc,
            "status": self.status,
            "gold": self.gold,
            "pred": self.pred,
        }


@dataclass(frozen=True)
class DocumentDomains:
    """The commitment domains of one document, in gold and in the prediction."""

    doc: str
    gold: frozenset[str]
    pred: frozenset[str]

    @property
    def missed(self) -> frozenset[str]:
        return self.gold - self.pred

    @property
    def spurious(self) -> frozenset[str]:
        return self.pred - self.gold

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "gold": sorted(self.gold),
            "pred": sorted(self.pred),
            "missed": sorted(self.missed),
            "spurious": sorted(self.spurious),
        }


@dataclass
class Scores:
    """Everything `bilat evaluate` reports. ``per_type["commitment"]`` is the domain-set score."""

    per_type: dict[str, TypeScore]
    micro: TypeScore
    commitment_domains: TypeScore
    matches: list[Match]
    commitment_by_doc: list[DocumentDomains] = field(default_factory=list)

    def to_dict(self, include_matches: bool = False) -> dict[str, Any]:
        """JSON-ready scores; with ``include_matches``, every pair, miss and spurious fact too."""
        result: dict[str, Any] = {
            "per_type": {name: score.to_dict() for name, score in self.per_type.items()},
            "micro": self.micro.to_dict(),
            "micro_types": list(MICRO_TYPES),
            "commitment_domains": self.commitment_domains.to_dict(),
        }
        if include_matches:
            result["matches"] = [match.to_dict() for match in self.matches]
            result["commitment_by_doc"] = [doc.to_dict() for doc in self.commitment_by_doc]
        return result


# --- match keys and slot agreement, one pair of functions per type ---------------------------


# --- matching --------------------------------------------------------------------------------


def match_one_to_one(gold: Sequence[Fact], pred: Sequence[Fact], rule: MatchRule) -> dict[int, int]:
    """Greedy one-to-one matching of one document's facts of one type: gold index -> pred index.

    All pairs satisfying the match key are ranked by the number of agreeing slots (most
    first; ties keep gold-then-prediction order) and taken while both sides are still free.
    """
    candidates = [
        (rule.slots_agreeing(g, p), gold_index, pred_index)
        for gold_index, g in enumerate(gold)
        for pred_index, p in enumerate(pred)
        if rule.key_matches(g, p)
    ]
    candidates.sort(key=lambda candidate: -candidate[0])  # stable: ties keep their order
    pairs: dict[int, int] = {}
    taken_preds: set[int] = set()
    for _, gold_index, pred_index in candidates:
        if gold_index not in pairs and pred_index not in taken_preds:
            pairs[gold_index] = pred_index
            taken_preds.add(pred_index)
    return pairs


def _is_scorable(fact: object) -> TypeGuard[Fact]:
    """Facts the scorer can place: objects with a known type and a string doc."""
    return (
        isinstance(fact, dict)
        and fact.get("type") in FACT_TYPES
        and isinstance(fact.get("doc"), str)
    )


def _group_by_doc_and_type(facts: Iterable[object]) -> dict[tuple[str, str], list[Fact]]:
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if _is_scorable(fact):
            groups[(fact["doc"], fact["type"])].append(fact)
    return groups


def _docs_in_order(*groups: dict[tuple[str, str], list[Fact]]) -> list[str]:
    return list(dict.fromkeys(doc for group in groups for doc, _ in group))


def _score_type_in_doc(
    doc: str, fact_type: str, gold: list[Fact], pred: list[Fact], rule: MatchRule
) -> tuple[TypeScore, list[Match]]:
    pairs = match_one_to_one(gold, pred, rule)
    matches = [
        Match(fact_type, doc, g, pred[pairs[i]] if i in pairs else None) for i, g in enumerate(gold)
    ]
    taken = set(pairs.values())
    matches += [Match(fact_type, doc, None, p) for i, p in enumerate(pred) if i not in taken]
    counts = TypeScore(tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs))
    return counts, matches


def commitment_domains(commitments: Iterable[Fact]) -> frozenset[str]:
    """The union of the domains of a document's commitments (malformed lists contribute nothing)."""
    domains: set[str] = set()
    for commitment in commitments:
        domains |= string_set(commitment.get("domains")) or frozenset()
    return frozenset(domains)


def score(gold: list[Fact], pred: list[Fact], *, only_gold_docs: bool = False) -> Scores:
    """Score predicted facts against gold facts.

    Facts that are not objects, or lack a known ``type`` or a string ``doc``, are ignored
    (:func:`bilat.evaluation.facts_io.read_facts` reports them). With ``only_gold_docs``,
    predictions for documents that have no gold fact are left out, for a prediction run
    over a larger corpus than the annotated one.
    """
    gold_groups = _group_by_doc_and_type(gold)
    pred_groups = _group_by_doc_and_type(pred)
    docs = (
        _docs_in_order(gold_groups) if only_gold_docs else _docs_in_order(gold_groups, pred_groups)
    )

    rules = match_rules()
    per_type = {fact_type: TypeScore() for fact_type in MICRO_TYPES}
    matches: list[Match] = []
    commitment_by_doc: list[DocumentDomains] = []
    for doc in docs:
        for fact_type in MICRO_TYPES:
            counts, doc_matches = _score_type_in_doc(
                doc,
                fact_type,
                gold_groups.get((doc, fact_type), []),
                pred_groups.get((doc, fact_type), []),
                rules[fact_type],
            )
            per_type[fact_type] = sum_scores((per_type[fact_type], counts))
            matches += doc_matches
        domains = DocumentDomains(
            doc,
            commitment_domains(gold_groups.get((doc, "commitment"), [])),
            commitment_domains(pred_groups.get((doc, "commitment"), [])),
        )
        if domains.gold or domains.pred:
            commitment_by_doc.append(domains)

    commitment_score = TypeScore(
        tp=sum(len(d.gold & d.pred) for d in commitment_by_doc),
        fp=sum(len(d.spurious) for d in commitment_by_doc),
        fn=sum(len(d.missed) for d in commitment_by_doc),
    )
    per_type["commitment"] = commitment_score
    return Scores(
        per_type=per_type,
        micro=sum_scores(per_type[fact_type] for fact_type in MICRO_TYPES),
        commitment_domains=commitment_score,
        matches=matches,
        commitment_by_doc=commitment_by_doc,
    )
