"""Typed records of the knowledge base and the lookups the extractors need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bilat.errors import BilatError, E
from bilat.kb.places import normalise, world_cities
from bilat.text import fold

if TYPE_CHECKING:
    from bilat.kb.lexicon import Lexicon
    from bilat.kb.pack import LanguagePack


@dataclass(frozen=True)
class Country:
    code: str
    name_fr: str
    name_en: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    # Forms that open a compound of two nationalities ("germano" in "germano-polonais").
    combining: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organisation:
    code: str
    kind: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...] = ()
    country: str | None = None
    leader_office: str | None = None


@dataclass(frozen=True)
class Title:
    office: str
    rank: int
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Office:
    office: str
    start: str | None  # ISO date at any precision; None = unknown
    end: str | None  # None = still in office

    def holds_on(self, on: str | None) -> bool:
        """Whether the office was held on ``on`` (compared at the coarser precision)."""
        if on is None:
            return self.end is None
        if self.start and _coarse(self.start, on) > _coarse(on, self.start):
            return False
        return not (self.end and _coarse(self.end, on) < _coarse(on, self.end))


def _coarse(value: str, other: str) -> str:
    return value[: min(len(value), len(other))]


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()

    def offices_on(self, on: str | None) -> list[str]:
        return [o.office for o in self.offices if o.holds_on(on)]


@dataclass
class KnowledgeBase:
    """All reference data, loaded once per process and shared read-only."""

    countries: dict[str, Country]
    organisations: dict[str, Organisation]
    titles: dict[str, Title]
    persons: dict[str, Person]
    # The lexicon files as read, by file name: for callers that look words up by path.
    lexicons: dict[str, Any]
    # The language pack the lexicons come from; extractors read its typed ``lexicon``.
    pack: LanguagePack | None = None
    # Folded surface form -> code, for lookups outside the span ruler.
    _country_index: dict[str, str] = field(default_factory=dict, repr=False)
    _person_index: dict[str, str] = field(default_factory=dict, repr=False)
    # Lexicons compiled for matching, built on first use by the extractors.
    _compiled: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for country in self.countries.values():
            for form in (*country.names, *country.adjectives, country.code):
                self._country_index.setdefault(fold(form).strip(), country.code)
        for org in self.organisations.values():
            for form in (*org.names, org.code):
                self._country_index.setdefault(fold(form).strip(), org.code)
        for person in self.persons.values():
            for form in (person.name, *person.aliases):
                self._person_index.setdefault(fold(form).strip(), person.key)

    @property
    def lexicon(self) -> Lexicon:
        """The typed lexicon of the knowledge base's language pack."""
        if self.pack is None:
            raise ValueError("this knowledge base was built without a language pack")
        return self.pack.lexicon

    def resolve_country(self, value: str) -> str:
        """An ISO code (or bloc tag) from a code or a name in French or English; a one-line
        error for anything else."""
        upper = value.strip().upper()
        if upper in self.countries or upper in self.organisations:
            return upper
        code = self.country_code(value)
        if code is None:
            raise BilatError(E.E031, value=value)
        return code

    def country_code(self, text: str) -> str | None:
        """ISO code (or bloc tag) for a country name, adjective, code or organisation name."""
        return self._country_index.get(fold(text).strip())

    def city_countries(self, name: str) -> tuple[tuple[str, int], ...]:
        """(ISO code, population) of the countries with a city of that name, the most
        populous city's first ("Samarcande": UZ; "Saint-Louis": US, then SN); none for a name
        the knowledge base knows as a country's."""
        if self.country_code(name) is not None:
            return ()
        # Once per process, outside the knowledge base: a KB sent to a worker does not carry it
        found: tuple[tuple[str, int], ...] = world_cities().get(normalise(name), ())
        return found

    def person(self, name: str) -> Person | None:
        key = self._person_index.get(fold(name).strip())
        if key is None:
            # Fall back on the longest name token known as an alias (surname alone).
            for token in sorted(fold(name).replace("-", " ").split(), key=len, reverse=True):
                if len(token) > 3 and (key := self._person_index.get(token)):
                    break
        return self.persons.get(key) if key else None

    def office_holders(self, office: str, country: str, on: str | None) -> list[Person]:
        """Who held ``office`` in ``country`` on date ``on`` (petrarch's dated roles)."""
        return [
            p
            for p in self.persons.values()
            if p.country == country
            and any(o.office == office and o.holds_on(on) for o in p.offices)
        ]

    def compiled(self, name: str, build: Callable[[KnowledgeBase], Any]) -> Any:
        """A lexicon compiled once for this knowledge base (a matcher, a regex, a set)."""
        if name not in self._compiled:
            self._compiled[name] = build(self)
        return self._compiled[name]

    def country_name(self, code: str) -> str:
        if code in self.countries:
            return self.countries[code].name_fr
        org = self.organisations.get(code)
        return org.names[0] if org else code
