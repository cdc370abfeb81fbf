"""Relations and indicators: classes of real news writing, on sentences of our own."""

from __future__ import annotations

from typing import Any

import pytest
from test_extract import facts_of

from bilat.engine import Processor


def relations(processor: Processor, text: str, date: str = "2024-03") -> set[tuple[Any, ...]]:
    return {
        (frozenset(f["countries"]), f["level"], f["action"])
        for f in facts_of(processor, text, date, "relation")
    }


def indicators(processor: Processor, text: str, date: str = "2024-03") -> list[dict[str, Any]]:
    return facts_of(processor, text, date, "indicator")


MA_CL = frozenset({"MA", "CL"})


@pytest.mark.parametrize(
    ("text", "year", "years"),
    [
        (
            "Le Maroc et le Chili célèbrent cette année trente ans de relations diplomatiques.",
            "1994",
            30,
        ),
        (
            "Rabat accueille une exposition pour le 40e anniversaire de l'établissement des "
            "relations diplomatiques entre le Maroc et le Chili.",
            "1984",
            40,
        ),
    ],
)
def test_anniversary_dates_the_relations(
    processor: Processor, text: str, year: str, years: int
) -> None:
    facts = facts_of(processor, text, "2024-03", "relation")
    assert [(f["level"], f["action"], f["date"]) for f in facts] == [
        ("diplomatic_relations", "established", year)
    ]
    (anniversary,) = indicators(processor, text)
    assert (anniversary["metric"], anniversary["value"]) == ("anniversary", years)


def test_since_dates_diplomatic_relations(processor: Processor) -> None:
    text = "Le Maroc et le Chili entretiennent des relations diplomatiques depuis 1961."
    (fact,) = facts_of(processor, text, "2024-03", "relation")
    assert (fact["action"], fact["date"]) == ("established", "1961")


def test_signing_a_partnership_sets_it_up(processor: Processor) -> None:
    text = "Le Maroc et le Chili signent un partenariat stratégique à Santiago."
    assert relations(processor, text) == {(MA_CL, "strategic_partnership", "established")}


def test_a_partnership_signed_in_a_year(processor: Processor) -> None:
    text = (
        "Le ministre a salué le renforcement du partenariat stratégique global avec le Chili "
        "signé en 2016, a rapporté l'agence marocaine."
    )
    facts = facts_of(processor, text, "2024-03", "relation")
    assert [(f["level"], f["action"], f["date"]) for f in facts] == [
        ("comprehensive_strategic_partnership", "established", "2016")
    ]


def test_making_relations_into_a_partnership(processor: Processor) -> None:
    text = (
        "Le Maroc et le Chili veulent développer leurs relations pour en faire un partenariat "
        "stratégique global."
    )
    assert relations(processor, text) == {
        (MA_CL, "comprehensive_strategic_partnership", "established")
    }


@pytest.mark.parametrize(
    ("text", "level"),
    [
        (
            "Les deux ministres ont évoqué les relations traditionnellement amicales entre le "
            "Maroc et le Chili.",
            "traditional_friendship",
        ),
        (
            "Le roi a rappelé les relations privilégiées entre le Maroc et le Chili.",
            "other",
        ),
        (
            "Le Maroc et le Chili ont salué leur alliance stratégique dans tous les domaines.",
            "other",
        ),
    ],
)
def test_named_ties(processor: Processor, text: str, level: str) -> None:
    assert relations(processor, text) == {(MA_CL, level, "reaffirmed")}


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre a salué les relations fraternelles entre le Maroc et le Chili.",
        "Le Maroc et le Chili entretiennent d'excellentes relations d'amitié.",
        "Le Maroc et le Chili ont signé une feuille de route pour un partenariat stratégique "
        "dans l'énergie.",
    ],
)
def test_no_level(processor: Processor, text: str) -> None:
    assert relations(processor, text) == set()


def test_deepened_is_no_level(processor: Processor) -> None:
    text = "Le Maroc et le Chili ont réaffirmé leur partenariat stratégique approfondi."
    assert relations(processor, text) == {(MA_CL, "strategic_partnership", "reaffirmed")}


def test_shorthand_of_a_higher_level_is_dropped(processor: Processor) -> None:
    text = (
        "Le Maroc et le Chili ont salué leur partenariat stratégique global. Plusieurs "
        "projets communs consolident le partenariat stratégique entre Rabat et Santiago."
    )
    assert relations(processor, text) == {
        (MA_CL, "comprehensive_strategic_partnership", "reaffirmed")
    }


def test_the_two_countries_just_named(processor: Processor) -> None:
    text = (
        "Le président chilien a ensuite rencontré le président péruvien à Lima. "
        "Les deux pays ont établi des relations diplomatiques en 1950."
    )
    (fact,) = facts_of(processor, text, "2024-03", "relation")
    assert set(fact["countries"]) == {"CL", "PE"}


def test_count_of_documents_and_its_breakdown(processor: Processor) -> None:
    text = (
        "Le Maroc et le Chili ont signé 24 nouveaux accords, dont 5 contrats commerciaux "
        "d'une valeur de 1,5 milliard d'euros."
    )
    found = {(f["metric"], f["value"], f["unit"]) for f in indicators(processor, text)}
    assert found == {("agreements_signed", 24, "count"), ("other", 1500000000, "EUR")}


def test_bare_sum_takes_the_currency_and_metric(processor: Processor) -> None:
    text = (
        "Les échanges commerciaux entre le Maroc et le Chili ont atteint 300 millions de "
        "dollars. C'est trop peu. Nous souhaitons atteindre les 800 millions."
    )
    found = {(f["metric"], f["value"], f["unit"]) for f in indicators(processor, text)}
    assert ("trade_volume", 800000000, "USD") in found


def test_approximate_and_target(processor: Processor) -> None:
    text = (
        "Le Maroc et le Chili veulent porter leurs échanges commerciaux à près de deux "
        "milliards de dollars d'ici 2030."
    )
    (fact,) = indicators(processor, text)
    assert (fact["metric"], fact["value"]) == ("trade_volume", 2000000000)
    assert fact["target"] is True and fact["approximate"] is True


def test_counts_of_bilateral_things(processor: Processor) -> None:
    text = "Plus de 300 entreprises marocaines sont installées au Chili."
    (fact,) = indicators(processor, text)
    assert (fact["metric"], fact["value"], fact["unit"]) == ("other", 300, "count")


@pytest.mark.parametrize(
    "text",
    [
        "Les deux projets communs du Maroc et du Chili avancent.",
        "Des dizaines d'entreprises marocaines sont installées au Chili.",
        "Le Maroc occupe le 3e rang des partenaires du Chili, avec 12 % des échanges.",
    ],
)
def test_no_figure(processor: Processor, text: str) -> None:
    assert indicators(processor, text) == []


def test_repeated_figure_once(processor: Processor) -> None:
    text = (
        "Le Maroc et le Chili fêtent le 60e anniversaire de leurs relations diplomatiques. "
        "Un timbre marque ce 60e anniversaire de leurs relations."
    )
    assert [f["value"] for f in indicators(processor, text)] == [60]


def test_count_told_after_its_noun(processor: Processor) -> None:
    text = (
        "Les conventions bilatérales, au nombre de 14, seront signées demain à Rabat par le "
        "Maroc et le Chili."
    )
    (fact,) = indicators(processor, text)
    assert (fact["metric"], fact["value"]) == ("agreements_signed", 14)


def test_other_currency_keeps_its_code(processor: Processor) -> None:
    text = (
        "Le Maroc et le Chili ont signé des contrats d'une valeur de 40 millions de francs suisses."
    )
    (fact,) = indicators(processor, text)
    assert (fact["value"], fact["unit"]) == (40000000, "CHF")


def test_a_raising_only_wished_for_sets_up_no_level(processor: Processor) -> None:
    wished = (
        "Le ministre chilien a dit que Santiago souhaite porter un jour ses liens avec Lima "
        "au rang de partenariat stratégique global."
    )
    assert not any(action == "established" for *_, action in relations(processor, wished))
    done = "Le Chili et le Pérou ont élevé leurs relations au niveau d'un partenariat stratégique."
    assert (frozenset({"CL", "PE"}), "strategic_partnership", "established") in relations(
        processor, done
    )
