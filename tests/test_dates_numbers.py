"""Dates and numbers in French text, the traps of dateparser included."""

from __future__ import annotations

import pytest

from bilat.extract.dates import find_dates
from bilat.extract.numbers import find_quantities
from bilat.kb import load_kb

KB = load_kb()
DATES = KB.lexicons["dates"]


def dates(text: str, doc_date: str | None = "2025-05") -> list[tuple[str, str | None]]:
    return [(d.value, d.until) for d in find_dates(text, DATES, doc_date)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("effectue une visite du 5 au 7 mai 2025.", [("2025-05-05", "2025-05-07")]),
        ("se tiendra les 12 et 13 juin.", [("2025-06-12", "2025-06-13")]),
        ("du 28 février au 2 mars 2024", [("2024-02-28", "2024-03-02")]),
        ("du 20 au 22 août une visite", [("2025-08-20", "2025-08-22")]),
        # dates.range_words: "à" joins a range as "au" does
        ("du 3 à 5 juin", [("2025-06-03", "2025-06-05")]),
        ("du 30 mai à 2 juin 2025", [("2025-05-30", "2025-06-02")]),
        ("Le 25 mai 2024, l'accord est entré en vigueur", [("2024-05-25", None)]),
        ("le 8 mai, à Moscou", [("2025-05-08", None)]),
        ("le 1er juillet", [("2025-07-01", None)]),
        ("en octobre 2022", [("2022-10", None)]),
        ("En 2024, l'accord signé en 2023", [("2024", None), ("2023", None)]),
        ("le 33e anniversaire (1992-2025)", [("1992", "2025")]),
        ("le 31 février 2025", [("2025-02", None)]),  # no such day: the month alone stands
        ("près de 2 500 entreprises", []),
    ],
)
def test_dates(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert dates(text) == expected


def test_the_dates_lexicon_may_be_typed_or_as_read() -> None:
    assert find_dates("le 1er juillet", KB.lexicon.dates, "2025-05") == find_dates(
        "le 1er juillet", DATES, "2025-05"
    )


def test_implicit_year_needs_a_document_date() -> None:
    assert dates("le 8 mai", doc_date=None) == []
    assert dates("le 8 mai", doc_date="2019-05-03") == [("2019-05-08", None)]


def quantities(text: str) -> list[tuple[float, str, bool]]:
    return [(q.value, q.unit, q.ordinal) for q in find_quantities(text, KB)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("atteignant près d'un milliard de dollars en 2024", [(1e9, "USD", False)]),
        ("325 millions de dollars", [(325e6, "USD", False)]),
        ("2,5 milliards d'euros", [(2.5e9, "EUR", False)]),
        ("une soixantaine d'accords", [(60, "count", False)]),
        ("portant le nombre total à 37", [(37, "count", False)]),
        ("le 66e anniversaire", [(66, "count", True)]),
        ("1 200 étudiants", [(1200, "count", False)]),
        ("vingt-cinq projets", [(25, "count", False)]),
        ("un accord a été signé", []),
        ("en 2024", []),
    ],
)
def test_quantities(text: str, expected: list[tuple[float, str, bool]]) -> None:
    assert quantities(text) == expected
