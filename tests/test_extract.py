"""Extraction on short articles of our own, one behaviour at a time, for pairs beyond ../shared."""

from __future__ import annotations

from typing import Any

import pytest

from bilat.engine import Processor
from bilat.extract.context import DocumentInfo
from bilat.extract.registry import extract_facts


def facts_of(
    processor: Processor, text: str, date: str = "2024-03", kind: str | None = None
) -> list[dict[str, Any]]:
    doc = processor.nlp(text)
    facts = extract_facts(doc, DocumentInfo("t", date), processor.kb)
    for fact in facts:  # provenance: every fact points at its own sentence
        assert (
            text[fact.evidence.sent_start : fact.evidence.sent_end].strip()
            == fact.evidence.sentence
        )
        assert (
            fact.evidence.sent_start
            <= fact.evidence.start
            < fact.evidence.end
            <= fact.evidence.sent_end
        )
    return [f.fields for f in facts if kind is None or f.type == kind]


def test_state_visit_with_range_and_role(processor: Processor) -> None:
    text = (
        "À l'invitation du président français, Emmanuel Macron, le Premier ministre indien, "
        "Narendra Modi, effectue une visite d'État en France du 13 au 15 juillet 2023."
    )
    (visit,) = facts_of(processor, text, "2023-07", "visit")
    assert visit["guest_country"] == "IN" and visit["host_country"] == "FR"
    assert (visit["kind"], visit["status"]) == ("state", "ongoing")
    assert (visit["start"], visit["end"]) == ("2023-07-13", "2023-07-15")
    assert "Modi" in visit["guest"]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        (
            "Le président sénégalais, Bassirou Diomaye Faye, effectuera une visite officielle au Maroc.",
            "announced",
        ),
        (
            "Le président sénégalais, Bassirou Diomaye Faye, a effectué une visite officielle au Maroc.",
            "done",
        ),
        (
            "Le président sénégalais, Bassirou Diomaye Faye, se rendra au Maroc les 12 et 13 juin.",
            "announced",
        ),
    ],
)
def test_visit_status_from_tense(processor: Processor, sentence: str, status: str) -> None:
    (visit,) = facts_of(processor, sentence, "2024-06", "visit")
    assert (visit["guest_country"], visit["host_country"], visit["status"]) == ("SN", "MA", status)


def test_tour_and_its_legs(processor: Processor) -> None:
    text = (
        "Le chancelier allemand, Olaf Scholz, a achevé sa tournée au Kenya, en Éthiopie et au "
        "Nigeria du 4 au 8 mai."
    )
    visits = facts_of(processor, text, "2023-05", "visit")
    tour = [v for v in visits if v["kind"] == "tour"]
    assert len(tour) == 1 and tour[0]["hosts"] == ["KE", "ET", "NG"]
    assert tour[0]["start"] == "2023-05-04" and tour[0]["guest_country"] == "DE"
    assert {v["host_country"] for v in visits if v["kind"] != "tour"} == {"KE", "ET", "NG"}


def test_meetings_one_per_counterpart(processor: Processor) -> None:
    text = (
        "Le président indonésien, Joko Widodo, s'est entretenu avec le Premier ministre japonais, "
        "Fumio Kishida, et a rencontré l'empereur Naruhito."
    )
    meetings = facts_of(processor, text, "2023-06", "meeting")
    assert meetings[0]["kind"] == "talks" and set(meetings[0]["countries"]) == {"ID", "JP"}
    assert any("Kishida" in p for p in meetings[0]["participants"])


def test_phone_call(processor: Processor) -> None:
    text = (
        "Le président turc, Recep Tayyip Erdogan, s'est entretenu au téléphone avec son homologue "
        "azerbaïdjanais, Ilham Aliyev."
    )
    (meeting,) = facts_of(processor, text, "2024-02", "meeting")
    assert meeting["kind"] == "call" and set(meeting["countries"]) == {"TR", "AZ"}


def test_agreements_actions(processor: Processor) -> None:
    text = (
        "Le Maroc et le Sénégal ont signé un accord de coopération dans le domaine de la pêche maritime. "
        "Les deux pays envisagent la signature d'une convention sur la sécurité sociale. "
        "Le protocole d'entraide judiciaire, signé en 2019, est entré en vigueur le 1er mars 2021."
    )
    agreements = facts_of(processor, text, "2024-01", "agreement")
    by_action = {(a["action"], a["title"].split()[0].lower()) for a in agreements}
    assert ("signed", "accord") in by_action
    assert ("planned", "convention") in by_action
    assert ("entered_into_force", "protocole") in by_action and ("signed", "protocole") in by_action
    force = next(a for a in agreements if a["action"] == "entered_into_force")
    assert force["date"] == "2021-03-01" and set(force["parties"]) == {"MA", "SN"}
    fishing = next(a for a in agreements if a["action"] == "signed" and "pêche" in a["title"])
    assert "agriculture" in fishing["domains"]


def test_agreement_count_is_an_indicator_and_one_bundle(processor: Processor) -> None:
    text = (
        "Lors de la visite du président chinois au Brésil, une vingtaine d'accords ont été signés."
    )
    facts = facts_of(processor, text, "2024-11")
    # FORMAT.md: a bundle tied to a given signing is one agreement, titled by its noun phrase
    (bundle,) = [f for f in facts if "title" in f]
    assert (bundle["title"], bundle["action"]) == ("vingtaine d'accords", "signed")
    (indicator,) = [f for f in facts if f.get("metric")]
    assert (indicator["metric"], indicator["value"]) == ("agreements_signed", 20)


def test_relation_upgrade_and_diplomatic_anniversary(processor: Processor) -> None:
    text = (
        "La France et l'Inde ont décidé d'élever leurs relations au rang de partenariat stratégique global. "
        "Les deux pays célèbrent cette année le 25e anniversaire de l'établissement de leurs relations "
        "diplomatiques."
    )
    relations = facts_of(processor, text, "2023-07", "relation")
    levels = {(r["level"], r["action"], r.get("date")) for r in relations}
    assert ("comprehensive_strategic_partnership", "established", "2023-07") in levels
    assert ("diplomatic_relations", "established", "1998") in levels
    assert all(set(r["countries"]) == {"FR", "IN"} for r in relations)


def test_indicators_values_and_targets(processor: Processor) -> None:
    text = (
        "Les échanges commerciaux entre l'Égypte et la Grèce ont atteint 2,3 milliards d'euros en 2023. "
        "Les deux pays entendent porter ce volume à 5 milliards d'euros d'ici 2030."
    )
    indicators = facts_of(processor, text, "2024-04", "indicator")
    assert [(i["metric"], i["value"], i["unit"]) for i in indicators] == [
        ("trade_volume", 2_300_000_000, "EUR"),
        ("trade_volume", 5_000_000_000, "EUR"),
    ]
    assert indicators[0]["period"] == "2023" and "target" not in indicators[0]
    assert indicators[1].get("target") is True


def test_commitment_with_many_domains(processor: Processor) -> None:
    text = (
        "Les deux parties ont également convenu de renforcer la coopération dans les domaines de "
        "l'agriculture, de la santé, du tourisme et des énergies renouvelables."
    )
    (commitment,) = facts_of(processor, text, "2024-04", "commitment")
    assert commitment["modality"] == "agreed"
    assert set(commitment["domains"]) == {"agriculture", "health", "tourism", "energy"}


def test_no_facts_from_unrelated_text(processor: Processor) -> None:
    text = (
        "Le festival de musique de Rabat a accueilli des milliers de spectateurs. "
        "La population de la ville compte 580 000 habitants."
    )
    assert facts_of(processor, text, "2024-05") == []


def test_relations_set_up_by_participle_tie_and_back_reference(processor: Processor) -> None:
    text = (
        "Le Kenya et l'Allemagne ont salué leurs relations diplomatiques, établies en décembre 1963. "
        "Les deux pays, liés depuis 2012 par un partenariat stratégique, veulent aller plus loin. "
        "Ils ont rappelé les relations diplomatiques qui les unissent."
    )
    relations = facts_of(processor, text, "2024-05", "relation")
    found = {(r["level"], r["action"], r["date"]) for r in relations}
    assert found == {
        ("diplomatic_relations", "established", "1963-12"),
        ("strategic_partnership", "established", "2012"),
    }
    assert all(set(r["countries"]) == {"KE", "DE"} for r in relations)


def test_restated_level_and_demonstrative(processor: Processor) -> None:
    text = (
        "Le Maroc et le Nigeria ont réaffirmé le partenariat stratégique qui unit leurs pays. "
        "Ce partenariat avait été lancé en 2016. Ce partenariat doit encore produire ses fruits."
    )
    relations = facts_of(processor, text, "2018-06", "relation")
    assert sorted((r["level"], r["action"], r["date"]) for r in relations) == [
        ("strategic_partnership", "established", "2016"),
        ("strategic_partnership", "reaffirmed", None),
    ]


def test_announced_visit_on_a_weekday_ahead(processor: Processor) -> None:
    text = "Le président kényan, William Ruto, est attendu dimanche à Séoul pour une visite officielle."
    (visit,) = facts_of(processor, text, "2024-05-30", "visit")  # a Thursday
    assert (visit["status"], visit["start"], visit["host_country"]) == (
        "announced",
        "2024-06-02",
        "KR",
    )
