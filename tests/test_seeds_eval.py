"""Score floors on the seeds of ../shared, enforced through `bilat extract` and `bilat evaluate`.

The seeds are development data; these floors only guard against regressions. Generality is
guarded by tests/data (articles of our own, about other pairs).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, SHARED
from typer.testing import CliRunner

from bilat.cli.main import app

runner = CliRunner()
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "eval" / "seeds.gold.jsonl"
DATA = Path(__file__).parent / "data"
EXAMPLES_GOLD = DATA / "examples.gold.jsonl"

# Floors: micro-F1 over the five matched types, every type's F1, commitment-domain F1.
SEED_FLOORS = {"micro": 0.90, "type": 0.80, "commitment": 0.80}
# Our own articles about other pairs: the examples corpus (rules were developed on it), the
# held-out sets (10 articles each, written apart from the code; heldout and heldout2 were
# later used to find error classes, heldout3 was not).
OWN_SETS = {
    "examples": (EXAMPLES, EXAMPLES_GOLD, {"micro": 0.78, "type": 0.65, "commitment": 0.70}),
    "heldout": (
        DATA / "heldout",
        DATA / "heldout.gold.jsonl",
        {"micro": 0.78, "type": 0.70, "commitment": 0.70},
    ),
    "heldout2": (
        DATA / "heldout2",
        DATA / "heldout2.gold.jsonl",
        {"micro": 0.76, "type": 0.60, "commitment": 0.65},
    ),
    # heldout3 was scored once, untouched, when issue 3 closed: micro 0.774.
    "heldout3": (
        DATA / "heldout3",
        DATA / "heldout3.gold.jsonl",
        {"micro": 0.74, "type": 0.60, "commitment": 0.70},
    ),
}


def evaluate(corpus: Path, gold: Path, tmp_path: Path) -> dict:
    predicted = tmp_path / "pred.jsonl"
    extracted = runner.invoke(app, ["extract", str(corpus), "-o", str(predicted)])
    assert extracted.exit_code == 0, extracted.output
    scored = runner.invoke(app, ["evaluate", str(gold), str(predicted), "--json"])
    assert scored.exit_code == 0, scored.output
    return json.loads(scored.stdout)


def check_floors(scores: dict, floors: dict[str, float]) -> None:
    assert scores["micro"]["f1"] >= floors["micro"], scores["micro"]
    for fact_type in ("visit", "meeting", "agreement", "relation", "indicator"):
        assert scores["per_type"][fact_type]["f1"] >= floors["type"], (
            fact_type,
            scores["per_type"][fact_type],
        )
    assert scores["commitment_domains"]["f1"] >= floors["commitment"], scores["commitment_domains"]


def test_seeds_meet_the_floors(tmp_path: Path) -> None:
    if not SEEDS_GOLD.exists():
        pytest.skip(f"{SEEDS_GOLD} is absent: the seeds live in ../shared beside the checkout")
    check_floors(evaluate(SEEDS, SEEDS_GOLD, tmp_path), SEED_FLOORS)


@pytest.mark.parametrize("name", sorted(OWN_SETS))
def test_own_articles_meet_the_floors(name: str, tmp_path: Path) -> None:
    corpus, gold, floors = OWN_SETS[name]
    assert gold.exists(), f"{gold} is part of the repository"
    check_floors(evaluate(corpus, gold, tmp_path), floors)
