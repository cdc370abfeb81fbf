"""Fact queries with validated parameters."""

from __future__ import annotations

from dataclasses import dataclass

from bilat.errors import BilatError, E
from bilat.extract.base import FACT_TYPES
from bilat.ingest.document import is_calendar_date
from bilat.kb import load_kb


@dataclass(frozen=True)
class FactQuery:
    pair: tuple[str, ...] = ()
    fact_type: str | None = None
    since: str | None = None
    limit: int | None = None

    @classmethod
    def parse(
        cls,
        pair: tuple[str, ...] | list[str] | None = None,
        fact_type: str | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> FactQuery:
        """Validate user input: country names or codes, a known type, an ISO date."""
        codes = tuple(resolve_country(value) for value in pair or ())
        if fact_type is not None and fact_type not in FACT_TYPES:
            raise BilatError(E.E033, value=fact_type, choices=", ".join(FACT_TYPES))
        if since is not None:
            since = validate_date(since)
        return cls(codes, fact_type, since, limit)


def validate_date(value: str) -> str:
    """An ISO date at year, month or day precision, checked for real months and days."""
    value = value.strip()
    if not is_calendar_date(value):
        raise BilatError(E.E032, value=value)
    return value


def resolve_country(value: str) -> str:
    """An ISO code (or bloc tag) from a code or a name in French or English."""
    kb = load_kb()
    upper = value.strip().upper()
    if upper in kb.countries or upper in kb.organisations:
        return upper
    code = kb.country_code(value)
    if code is None:
        raise BilatError(E.E031, value=value)
    return code
