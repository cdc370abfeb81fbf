"""Meetings as real news writes them, one class of writing at a time, on sentences of our own."""

from __future__ import annotations

from typing import Any

from bilat.engine import Processor
from bilat.extract.context import DocumentInfo
from bilat.extract.registry import extract_facts


def meetings_of(processor: Processor, text: str, date: str = "2024-03") -> list[dict[str, Any]]:
    doc = processor.nlp(text)
    facts = extract_facts(doc, DocumentInfo("t", date), processor.kb)
    return [f.fields for f in facts if f.type == "meeting"]


def test_meeting_noun_with_entre_names_both_sides(processor: Processor) -> None:
    text = (
        "Les contrats ont été conclus après les pourparlers entre le président chilien Gabriel "
        "Boric et le président argentin Javier Milei."
    )
    (meeting,) = meetings_of(processor, text)
    assert set(meeting["countries"]) == {"CL", "AR"}
    assert {"Boric", "Milei"} <= {w for p in meeting["participants"] for w in p.split()}


def test_meeting_noun_with_avec_takes_the_clause_subject(processor: Processor) -> None:
    text = (
        "Lors de son entretien avec le chancelier allemand Olaf Scholz, le Premier ministre "
        "polonais Donald Tusk a plaidé pour une aide accrue."
    )
    (meeting,) = meetings_of(processor, text)
    assert set(meeting["countries"]) == {"DE", "PL"}
    assert meeting["kind"] == "talks"


def test_title_of_the_object_is_not_the_subject_s(processor: Processor) -> None:
    text = (
        "Selon la presse, le Premier ministre japonais recevra le président colombien Gustavo "
        "Petro."
    )
    (meeting,) = meetings_of(processor, text)
    assert set(meeting["countries"]) == {"JP", "CO"}
    assert any("Petro" in p for p in meeting["participants"])


def test_envoy_of_a_leader_does_not_bring_the_leader(processor: Processor) -> None:
    text = (
        "Le président ghanéen, John Mahama, a reçu en audience le ministre togolais de "
        "l'Énergie, Kofi Mensah, émissaire du président Faure Gnassingbé."
    )
    (meeting,) = meetings_of(processor, text)
    assert not any("Gnassingbé" in p for p in meeting["participants"])


def test_interview_with_a_news_agency_is_no_meeting(processor: Processor) -> None:
    text = (
        "Le ministre marocain des Affaires étrangères a évoqué, lors d'un entretien avec "
        "l'agence chinoise Xinhua, la coopération entre les deux pays."
    )
    assert meetings_of(processor, text) == []


def test_signing_by_two_officials_is_a_meeting_of_kind_other(processor: Processor) -> None:
    text = (
        "Le ministre sénégalais des Mines, Awa Ndiaye, et son homologue malien, Ibrahim Keita, "
        "ont signé mardi un protocole d'accord sur l'exploitation de l'or."
    )
    meetings = meetings_of(processor, text)
    assert any(m["kind"] == "other" and set(m["countries"]) == {"SN", "ML"} for m in meetings)


def test_witnesses_of_a_signing(processor: Processor) -> None:
    text = (
        "Le Ghana et le Nigeria ont signé trois accords, en présence du président ghanéen John "
        "Mahama et de son homologue nigérian Bola Tinubu."
    )
    meetings = meetings_of(processor, text)
    assert any(set(m["countries"]) == {"GH", "NG"} for m in meetings)


def test_trilateral_meeting_takes_every_country_listed(processor: Processor) -> None:
    text = (
        "Une réunion tripartite des ministres de l'Eau du Kenya, de l'Ouganda et de la Tanzanie "
        "aura lieu en mai."
    )
    (meeting,) = meetings_of(processor, text)
    assert set(meeting["countries"]) == {"KE", "UG", "TZ"}


def test_airport_welcome_is_a_meeting_of_kind_other(processor: Processor) -> None:
    text = (
        "Le président portugais Marcelo Rebelo de Sousa a été accueilli à l'aéroport par le "
        "président angolais João Lourenço."
    )
    (meeting,) = meetings_of(processor, text)
    assert meeting["kind"] == "other" and set(meeting["countries"]) == {"PT", "AO"}


def test_military_ranks_are_dropped_from_names(processor: Processor) -> None:
    text = (
        "Le général Amadou Sow, chef d'état-major sénégalais, s'est entretenu avec le ministre "
        "gambien de la Défense, Sering Modou Njie."
    )
    meetings = meetings_of(processor, text)
    assert meetings and not any(p.startswith("Général") for p in meetings[0]["participants"])


def test_signing_with_a_counterpart(processor: Processor) -> None:
    text = (
        "Le ministre ghanéen des Finances, Kwame Asante, a signé mardi avec son homologue "
        "ivoirien, Adama Coulibaly, un accord sur la double imposition."
    )
    meetings = meetings_of(processor, text)
    assert any(m["kind"] == "other" and set(m["countries"]) == {"GH", "CI"} for m in meetings)


def test_speech_in_a_counterpart_s_presence(processor: Processor) -> None:
    text = (
        "Le président sénégalais Macky Sall a inauguré le pont en présence du président "
        "gambien Adama Barrow."
    )
    (meeting,) = meetings_of(processor, text)
    assert meeting["kind"] == "other" and set(meeting["countries"]) == {"SN", "GM"}


def test_credentials_handed_to_a_leader(processor: Processor) -> None:
    text = (
        "L'ambassadeur du Japon, Takeshi Ito, a présenté ses lettres de créance au président "
        "kényan William Ruto."
    )
    (meeting,) = meetings_of(processor, text)
    assert set(meeting["countries"]) == {"JP", "KE"}


def test_held_meeting_told_by_a_relative_clause(processor: Processor) -> None:
    text = (
        "Le président du Ghana, John Mahama, et le président du Togo, Faure Gnassingbé, ont "
        "évoqué la réunion, qui s'est tenue la veille à Lomé."
    )
    meetings = meetings_of(processor, text)
    assert any(set(m["countries"]) == {"GH", "TG"} for m in meetings)


def test_welcome_ceremony_for_a_guest(processor: Processor) -> None:
    text = (
        "Le président ghanéen John Mahama est arrivé à Abidjan. Une cérémonie de bienvenue a "
        "été organisée pour le président du Ghana au palais présidentiel de Côte d'Ivoire."
    )
    meetings = meetings_of(processor, text)
    assert any(m["kind"] == "other" and set(m["countries"]) == {"GH", "CI"} for m in meetings)


def test_political_consultations_of_deputy_ministers(processor: Processor) -> None:
    text = (
        "Le vice-ministre vietnamien des Affaires étrangères, Nguyen Minh Vu, a tenu des "
        "consultations politiques avec le vice-ministre laotien des Affaires étrangères, "
        "Thongphane Savanphet."
    )
    (meeting,) = meetings_of(processor, text)
    assert meeting["kind"] == "other" and set(meeting["countries"]) == {"VN", "LA"}


def test_session_named_by_the_pair_compound(processor: Processor) -> None:
    # A session qualified by the pair, as two nationalities or two country names joined.
    for text in (
        "Les 9e consultations intergouvernementales nippo-coréennes se sont ouvertes lundi à "
        "Séoul.",
        "La 5e réunion de haut niveau Japon-Corée du Sud a eu lieu lundi à Séoul.",
    ):
        (meeting,) = meetings_of(processor, text)
        assert set(meeting["countries"]) == {"JP", "KR"} and meeting["kind"] == "other"


def test_a_session_of_another_pair_is_not_the_article_s(processor: Processor) -> None:
    text = (
        "Le ministre japonais Taro Kono a reçu son homologue coréen Park Jin à Tokyo. "
        "Il a évoqué les consultations sino-russes de la semaine passée."
    )
    assert all(set(m["countries"]) == {"JP", "KR"} for m in meetings_of(processor, text))
    assert len(meetings_of(processor, text)) == 1


def test_exchanges_between_the_two_heads_of_state(processor: Processor) -> None:
    text = (
        "Le président ghanéen John Mahama est arrivé mercredi à Abidjan, où l'attendait "
        "Alassane Ouattara. Les échanges entre les deux présidents se sont concentrés sur le cacao."
    )
    meetings = meetings_of(processor, text)
    assert meetings and all(set(m["countries"]) == {"CI", "GH"} for m in meetings)
    assert any(
        {"Mahama", "Ouattara"} <= {w for p in m["participants"] for w in p.split()}
        for m in meetings
    )


def test_a_compound_names_only_the_two_countries_it_joins(processor: Processor) -> None:
    text = (
        "Le ministre kazakh a rencontré son homologue russe à Moscou. Il avait pris part au "
        "sommet russo-africain de Sotchi, où le Kazakhstan était invité."
    )
    assert all(m["kind"] != "other" for m in meetings_of(processor, text))


def test_an_office_of_no_country_told_is_the_side_its_counterpart_is_not_on(
    processor: Processor,
) -> None:
    text = (
        "La ministre tunisienne des Affaires étrangères est arrivée mercredi à Alger pour une "
        "visite de travail. La ministre s'est, par ailleurs, entretenue avec son homologue "
        "algérien, Karim Saadi, sur la coopération."
    )
    (meeting,) = meetings_of(processor, text)
    assert set(meeting["countries"]) == {"TN", "DZ"} and meeting["participants"] == ["Karim Saadi"]
