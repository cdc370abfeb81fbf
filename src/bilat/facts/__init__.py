"""Fact types: one module per type, collected by a registry (see :mod:`bilat.facts.base`)."""

from bilat.facts.base import (
    FactType,
    MatchRule,
    Record,
    countries_of,
    fact_type,
    fact_types,
    register,
    registry,
    type_names,
    unregister,
)

__all__ = [
    "FactType",
    "MatchRule",
    "Record",
    "countries_of",
    "fact_type",
    "fact_types",
    "register",
    "registry",
    "type_names",
    "unregister",
]
