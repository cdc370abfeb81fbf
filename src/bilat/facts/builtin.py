"""The fact types bilat ships: importing this module registers them."""

from bilat.facts import agreement, commitment, indicator, meeting, relation, visit

__all__ = ["agreement", "commitment", "indicator", "meeting", "relation", "visit"]
