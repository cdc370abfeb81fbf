"""The city index: every Latin-script name of a city leads to its country, and a name several
cities share lists their countries from the most populous city down."""

from __future__ import annotations

from bilat.kb.places import city_index, world_cities


def test_a_shared_name_lists_the_most_populous_city_s_country_first() -> None:
    cities = [
        {"name": "Portville", "countrycode": "AA", "population": 20_000, "alternatenames": []},
        {
            "name": "Harbour",
            "countrycode": "BB",
            "population": 90_000,
            "alternatenames": ["Portville"],
        },
        {
            "name": "Port Ville",
            "countrycode": "AA",
            "population": 50_000,
            "alternatenames": ["Portville"],
        },
    ]
    index = city_index(cities)
    assert index["Portville"] == (("BB", 90_000), ("AA", 50_000))
    assert index["Harbour"] == (("BB", 90_000),)


def test_names_outside_the_latin_script_and_codes_are_left_out() -> None:
    cities = [
        {
            "name": "Kutaisi",
            "countrycode": "GE",
            "population": 140_000,
            "alternatenames": ["Koutaïssi", "Кутаиси", "KT", "KUT", "Kutaisi’s"],
        }
    ]
    index = city_index(cities)
    assert index["Koutaïssi"] == (("GE", 140_000),) and "Kutaisi's" in index
    assert not {"Кутаиси", "KT", "KUT"} & set(index)


def test_the_world_index_knows_french_spellings() -> None:
    index = world_cities()
    assert index["Samarcande"][0][0] == "UZ" and index["Aix-la-Chapelle"][0][0] == "DE"
    assert "SN" in dict(index["Saint-Louis"])
