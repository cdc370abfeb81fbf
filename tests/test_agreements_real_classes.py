"""Agreements in the shapes real news gives them: lists of documents, counted bundles, long
titles, planned signings. Sentences of our own."""

from __future__ import annotations

from typing import Any

from bilat.engine import Processor
from bilat.extract.context import DocumentInfo
from bilat.extract.registry import extract_facts


def agreements(processor: Processor, text: str, date: str = "2024-06") -> list[dict[str, Any]]:
    doc = processor.nlp(text)
    facts = extract_facts(doc, DocumentInfo("t", date), processor.kb)
    return [f.fields for f in facts if f.type == "agreement"]


def titles(found: list[dict[str, Any]]) -> list[str]:
    return [a["title"] for a in found]


def test_numbered_list_after_its_introducer(processor: Processor) -> None:
    text = (
        "Le président chilien a achevé sa visite d'État au Portugal.\n\n"
        "En présence des deux présidents, les textes suivants ont été paraphés et signés :\n\n"
        "1.\n\nAccord entre le Gouvernement du Chili et le Gouvernement du Portugal sur "
        "la double imposition.\n\n"
        "2.\n\nMémorandum d'entente dans le domaine des énergies renouvelables.\n\n"
        "Les deux présidents ont ensuite déjeuné ensemble."
    )
    found = agreements(processor, text)
    assert titles(found) == [
        "Accord entre le Gouvernement du Chili et le Gouvernement du Portugal sur la double "
        "imposition",
        "Mémorandum d'entente dans le domaine des énergies renouvelables",
    ]
    assert all(a["action"] == "signed" and set(a["parties"]) == {"CL", "PT"} for a in found)


def test_dashed_items_run_together_take_a_planned_signing(processor: Processor) -> None:
    text = (
        "La commission mixte entre le Chili et le Portugal a préparé plusieurs textes. "
        "Voici la liste des accords qui seront signés le 12 juin à Lisbonne :\n"
        "-Un accord sur la pêche artisanale -Un programme exécutif de "
        "coopération culturelle pour 2025-2027 -Un mémorandum d'entente entre les deux "
        "agences de presse."
    )
    found = agreements(processor, text)
    assert len(found) == 3
    assert {a["action"] for a in found} == {"planned"}
    assert "programme exécutif de coopération culturelle pour 2025-2027" in titles(found)


def test_a_bundle_is_one_fact_titled_by_its_noun_phrase(processor: Processor) -> None:
    text = (
        "Le Chili et le Portugal ont signé 12 nouveaux accords de coopération lors de la "
        "visite du président chilien à Lisbonne."
    )
    (bundle,) = agreements(processor, text)
    assert bundle["title"] == "12 nouveaux accords de coopération"
    assert bundle["action"] == "signed"


def test_a_bundle_listed_document_by_document_is_not_repeated(processor: Processor) -> None:
    text = (
        "Le Chili et le Portugal ont signé 3 accords lors de la visite. "
        "Les documents suivants ont été signés :\n"
        "- un accord sur la double imposition ;\n"
        "- un accord relatif à la pêche en haute mer ;\n"
        "- un mémorandum d'entente sur le tourisme."
    )
    found = agreements(processor, text)
    assert len(found) == 3
    assert not [a for a in found if a["title"].startswith("3")]


def test_counted_documents_shared_over_their_complements(processor: Processor) -> None:
    text = (
        "Trois mémorandums sur la coopération dans l'agriculture, la pêche et le tourisme "
        "ont été signés entre le Chili et le Portugal devant les deux ministres."
    )
    found = agreements(processor, text)
    assert len(found) == 3
    assert "mémorandums sur la coopération dans la pêche" in titles(found)


def test_title_never_ends_on_a_preposition(processor: Processor) -> None:
    text = (
        "Le Chili et le Portugal ont adopté une déclaration commune visant à consolider leur "
        "partenariat stratégique. Ils ont aussi signé une feuille de route sur l'énergie "
        "jusqu'en 2030."
    )
    found = agreements(processor, text)
    assert "déclaration commune visant à consolider leur partenariat stratégique" in titles(found)
    route = next(a for a in found if a["title"].startswith("feuille"))
    assert route["title"].endswith("2030") and route["date"] != "2030"


def test_near_future_and_future_forms_are_planned(processor: Processor) -> None:
    text = (
        "Le Chili et le Portugal signeront une convention fiscale. "
        "Entre le Chili et le Portugal, plusieurs accords économiques vont être signés."
    )
    found = agreements(processor, text)
    assert {a["action"] for a in found} == {"planned"}
    assert len(found) == 2


def test_references_and_domestic_deals_are_not_documents(processor: Processor) -> None:
    text = (
        "Le Chili et le Portugal ont signé lesdits accords de pêche le 3 juin. "
        "Au Portugal, un accord de coalition a été conclu entre deux partis."
    )
    assert agreements(processor, text) == []


def test_a_bundle_in_the_headline_and_the_body_is_one_signing(processor: Processor) -> None:
    text = (
        "Signature de plusieurs accords de coopération entre le Chili et le Pérou\n\n"
        "Le président chilien Gabriel Boric est arrivé lundi à Lima. Le 4 juin, les deux "
        "gouvernements ont signé quatorze nouveaux accords."
    )
    (bundle,) = agreements(processor, text)
    assert bundle["title"] == "quatorze nouveaux accords" and bundle["date"] == "2024-06-04"


def test_bundles_of_two_signings_stay_two(processor: Processor) -> None:
    text = (
        "Le Chili et le Pérou ont signé mardi 4 juin trois accords de coopération. "
        "En 2019, les deux pays avaient déjà signé cinq accords de coopération."
    )
    assert len(agreements(processor, text)) == 2


def test_respectively_gives_each_counted_document_its_complement(processor: Processor) -> None:
    text = (
        "Le Mali et le Niger ont signé jeudi trois mémorandums d'entente portant respectivement "
        "sur la sécurité des frontières, sur les transports routiers et sur la santé animale."
    )
    facts = agreements(processor, text)
    named = sorted(f["title"] for f in facts)
    assert len(named) == 3 and all(t.startswith("mémorandums d'entente sur ") for t in named)
    assert {"transport", "security"} <= {d for f in facts for d in f["domains"]}
