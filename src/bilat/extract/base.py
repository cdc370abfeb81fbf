"""What every extractor shares: the Fact record and its Evidence (defined with the fact types
in :mod:`bilat.facts.base`), and the names of the types shipped."""

from __future__ import annotations

from bilat.facts import type_names
from bilat.facts.base import Evidence, Fact

__all__ = ["FACT_TYPES", "Evidence", "Fact"]

# The fact types shipped (bilat.facts registers them; plugins may add more).
FACT_TYPES = type_names()
