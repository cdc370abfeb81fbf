"""Commitments in the ways real news writes them: sentences of our own, one class each."""

from __future__ import annotations

import pytest
from test_extract import facts_of

from bilat.engine import Processor

PAIR = "Le président chilien a reçu son homologue péruvien à Santiago. "


def domains(processor: Processor, sentence: str) -> set[str]:
    found = facts_of(processor, PAIR + sentence, "2024-05", "commitment")
    return {d for fact in found for d in fact["domains"]}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # First person, feminine and pluperfect forms of the triggers.
        (
            "« Nous avons convenu de lancer des projets communs dans la pêche et le tourisme. »",
            {"agriculture", "tourism"},
        ),
        (
            "La Bolivie et l'Équateur s'étaient déjà engagées pour la sécurité "
            "de leurs frontières communes.",
            {"security"},
        ),
        # A noun trigger with its clause.
        (
            "Les deux ministres ont rappelé l'engagement des deux pays à développer les "
            "liaisons ferroviaires.",
            {"transport"},
        ),
        # Appeals and pleas.
        (
            "Les deux présidents ont appelé à une coopération accrue dans la lutte contre le "
            "terrorisme.",
            {"security"},
        ),
        # A pledge in the future tense, first person plural.
        (
            "« Nous renforcerons nos échanges dans le domaine de l'énergie solaire », a dit le "
            "président chilien.",
            {"energy"},
        ),
        # "ces domaines" takes the domains of the sentence before.
        (
            "La discussion a couvert la santé et l'agriculture. Les deux parties ont "
            "convenu de poursuivre leurs efforts dans ces domaines.",
            {"agriculture", "health"},
        ),
        # An amount with no domain word: a trade target.
        (
            "Les deux pays souhaitent porter leurs échanges à deux milliards de dollars.",
            {"trade"},
        ),
        # Importance and ambition with an infinitive right after them; readiness.
        (
            "Les deux ministres ont souligné l'importance d'intensifier les échanges "
            "commerciaux entre leurs pays.",
            {"trade"},
        ),
        (
            "Le Chili est disposé à accroître ses achats de produits agricoles péruviens.",
            {"agriculture"},
        ),
        (
            "Les deux nations sont convenues de relier leurs réseaux électriques.",
            {"energy"},
        ),
        # A circumstance after the clause is not part of it.
        (
            "Les deux capitales souhaitent resserrer leurs liens à une époque de fortes "
            "turbulences économiques et sanitaires.",
            {"politics"},
        ),
    ],
)
def test_commitment_classes(processor: Processor, sentence: str, expected: set[str]) -> None:
    assert domains(processor, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # A wish of courtesy.
        "Le président chilien a souhaité une excellente santé à son hôte.",
        # A noun trigger without a clause.
        "Le message réaffirmait la volonté de Lima.",
        # A forecast whose subject is not a party.
        "Les échanges entre les deux pays ont atteint un record et devraient encore croître.",
        # A reporting verb after a quote.
        "« La coopération avance bien », a assuré Gabriel Boric.",
        # Importance given to a thing, not to an act; an idiom of "prête à".
        "Cette formulation prête à confusion, a noté le ministre chilien.",
        # Importance given to a thing, not to an act.
        "Les deux ministres ont souligné l'importance des relations entre leurs pays.",
        # "doivent" whose subject is not a party.
        "Les négociations doivent reprendre en juin.",
        # A modal governing an agenda verb.
        "Les deux ministres doivent évoquer la coopération portuaire mardi.",
        # An agenda item in the future tense.
        "Les deux pays se réuniront de nouveau en juin à Lima.",
    ],
)
def test_not_commitments(processor: Processor, sentence: str) -> None:
    assert domains(processor, sentence) == set()
