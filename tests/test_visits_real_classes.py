"""Visits as real news writes them: history in passing, relative dates, tours told by a verb,
visits implied by an act in the other country. Sentences of our own, one class each."""

from __future__ import annotations

from typing import Any

from test_extract import facts_of

from bilat.engine import Processor


def _visits(processor: Processor, text: str, date: str) -> list[dict[str, Any]]:
    return facts_of(processor, text, date, "visit")


def _keys(visits: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {(v["guest_country"], v["host_country"], v["start"]) for v in visits}


def test_earlier_visit_dated_relative_to_the_article(processor: Processor) -> None:
    text = (
        "Le ministre kazakh s'est félicité des chantiers ouverts pendant la visite du président "
        "français Jean Dupont à Astana l'année dernière."
    )
    assert ("FR", "KZ", "2023") in _keys(_visits(processor, text, "2024-05"))


def test_visit_named_by_a_participle_clause_is_not_dated_by_the_document(
    processor: Processor,
) -> None:
    text = (
        "Selon les deux ministres, les contrats conclus lors de la visite d'État du président "
        "ouzbek Karim Rakhimov en Azerbaïdjan avancent bien."
    )
    (visit,) = _visits(processor, text, "2023-07")
    assert (visit["guest_country"], visit["host_country"]) == ("UZ", "AZ")
    assert visit["start"] is None and visit["kind"] == "state"


def test_tour_told_by_a_verb_dates_the_trip_not_its_legs(processor: Processor) -> None:
    text = (
        "Le président brésilien, Paulo Mendes, se rendra du 3 au 7 mars au Kenya, en Éthiopie et "
        "au Ghana."
    )
    visits = _visits(processor, text, "2025-02")
    (tour,) = [v for v in visits if v["kind"] == "tour"]
    assert tour["hosts"] == ["KE", "ET", "GH"] and tour["host_country"] is None
    assert (tour["start"], tour["end"], tour["status"]) == ("2025-03-03", "2025-03-07", "announced")
    legs = [v for v in visits if v["kind"] != "tour"]
    assert {v["host_country"] for v in legs} == {"KE", "ET", "GH"}
    assert all(v["start"] is None and v["status"] == "announced" for v in legs)


def test_fronted_year_dates_a_past_tour_and_each_leg(processor: Processor) -> None:
    text = "En 2016, le président indien Arun Mehta s'est rendu au Mozambique et en Tanzanie."
    visits = _visits(processor, text, "2024-09")
    assert _keys(visits) == {("IN", None, "2016"), ("IN", "MZ", "2016"), ("IN", "TZ", "2016")}


def test_countries_a_relative_clause_refers_to(processor: Processor) -> None:
    text = (
        "Le Premier ministre japonais Kenji Sato est attendu au Bénin, après le Mali et le "
        "Niger, où il s'était rendu en 2019."
    )
    keys = _keys(_visits(processor, text, "2021-04"))
    assert {("JP", "ML", "2019"), ("JP", "NE", "2019"), ("JP", "BJ", None)} <= keys


def test_act_placed_in_the_other_capital_is_a_visit(processor: Processor) -> None:
    text = (
        "À Hanoï, le ministre laotien des Affaires étrangères, Somsak Vongsa, a signé un "
        "protocole avec son homologue vietnamien."
    )
    (visit,) = _visits(processor, text, "2022-03")
    assert (visit["guest_country"], visit["host_country"], visit["kind"]) == ("LA", "VN", "other")
    assert (visit["start"], visit["status"]) == ("2022-03", "done")


def test_received_by_the_other_side_is_a_visit_but_an_ambassador_is_not(
    processor: Processor,
) -> None:
    received = "Le Premier ministre tunisien Karim Ben Ali a accueilli son homologue algérien, Samir Haddad."
    (visit,) = _visits(processor, received, "2017-03")
    assert (visit["guest_country"], visit["host_country"], visit["start"]) == (
        "DZ",
        "TN",
        "2017-03",
    )
    resident = "Le président tunisien a reçu l'ambassadeur algérien à Tunis."
    assert _visits(processor, resident, "2017-03") == []


def test_visit_under_way_with_copula_takes_the_document_month(processor: Processor) -> None:
    text = "Le président kényan Daniel Otieno est en visite au Rwanda."
    (visit,) = _visits(processor, text, "2023-04")
    assert (visit["host_country"], visit["start"], visit["status"]) == ("RW", "2023-04", "ongoing")


def test_appositive_state_visit_without_a_named_host(processor: Processor) -> None:
    text = (
        "Le président sud-africain Sipho Dlamini, en visite d'État, a eu mardi des entretiens "
        "avec le président chinois."
    )
    (visit,) = _visits(processor, text, "2024-09")
    assert (visit["guest_country"], visit["host_country"], visit["kind"]) == ("ZA", "CN", "state")


def test_visit_a_modal_announces_stays_undated(processor: Processor) -> None:
    text = (
        "Le président ouzbek Karim Rakhimov devrait effectuer bientôt une visite au Kirghizistan."
    )
    (visit,) = _visits(processor, text, "2023-07")
    assert (visit["status"], visit["start"]) == ("announced", None)


def test_guest_told_after_the_place_by_a_passive_agent(processor: Processor) -> None:
    text = (
        "La visite d'État effectuée du 2 au 4 mai au Ghana par le président ivoirien Koffi Yao, "
        "à l'invitation de son homologue ghanéen Kwame Mensah, s'est bien déroulée. Kwame Mensah "
        "a salué cette visite. Kwame Mensah a remercié son hôte."
    )
    visits = _visits(processor, text, "2024-05")
    assert ("CI", "GH", "2024-05-02") in _keys(visits)


def test_talks_held_in_a_capital_place_the_other_side_there(processor: Processor) -> None:
    # Talks named by a noun, with the place tied to it or fronted before the first comma.
    told = (
        "Le Premier ministre cambodgien Hun Manet et son homologue laotien Sonexay Siphandone "
        "ont salué leurs liens lors de leur entretien du mardi 4 juin à Vientiane."
    )
    assert _keys(_visits(processor, told, "2024-06")) == {("KH", "LA", "2024-06")}
    fronted = (
        "Le 12 avril à Pékin, le président russe Vladimir Poutine a eu une réunion informelle "
        "avec Xi Jinping."
    )
    assert _keys(_visits(processor, fronted, "2024-04")) == {("RU", "CN", "2024-04")}


def test_a_call_or_coming_talks_place_no_one(processor: Processor) -> None:
    for text in (
        "Depuis l'Élysée, le président français Emmanuel Macron a salué la rencontre à Dakar "
        "entre les ministres des deux pays.",
        "Le président russe Vladimir Poutine a eu un entretien téléphonique avec Xi Jinping "
        "depuis Moscou.",
        "Le président chinois Xi Jinping aura un entretien à Moscou avec Vladimir Poutine "
        "la semaine prochaine.",
    ):
        assert [v for v in _visits(processor, text, "2024-04") if v["status"] != "announced"] == []


def test_a_tour_told_by_its_coming_legs_is_under_way_from_the_current_one(
    processor: Processor,
) -> None:
    text = (
        "Le chef de la diplomatie turque, Hakan Fidan, est arrivé lundi à Niamey pour une "
        "visite de travail. Il se rendra ensuite au Mali et au Sénégal."
    )
    (tour,) = [v for v in _visits(processor, text, "2024-06") if v["kind"] == "tour"]
    assert tour["hosts"][0] == "NE" and set(tour["hosts"]) == {"NE", "ML", "SN"}
    assert (tour["status"], tour["start"][:7]) == ("ongoing", "2024-06")


def test_a_date_in_a_phrase_opened_by_since_is_not_the_visit_s(processor: Processor) -> None:
    text = (
        "Le président chilien Gabriel Boric est arrivé lundi à Lima pour la première visite "
        "d'un chef d'État chilien au Pérou depuis l'ouverture de la frontière en 1999."
    )
    starts = {v["start"] for v in _visits(processor, text, "2024-05")}
    assert starts and not any(str(s).startswith("1999") for s in starts)


def test_a_day_the_parser_takes_for_an_object_does_not_hide_the_guest(
    processor: Processor,
) -> None:
    text = (
        "Le président chilien Gabriel Boric a reçu lundi M. José Ortega, ministre péruvien "
        "des Affaires étrangères."
    )
    assert ("PE", "CL", "2024-05") in _keys(_visits(processor, text, "2024-05"))


def test_talks_held_in_a_city_other_than_the_capital_place_the_visitor_there(
    processor: Processor,
) -> None:
    text = (
        "Le ministre arménien des Affaires étrangères, Aram Petrossian, s'est entretenu mardi à "
        "Koutaïssi avec son homologue géorgien, Levan Tchikovani."
    )
    (visit,) = _visits(processor, text, "2024-03")
    assert (visit["guest_country"], visit["host_country"], visit["kind"]) == ("AM", "GE", "other")


def test_a_city_name_two_countries_share_is_the_article_s_country(processor: Processor) -> None:
    # Saint-Louis of Missouri is more populous; an article about Senegal means Senegal's.
    text = (
        "Le président sénégalais Amadou Ndiaye et le roi du Maroc, Hassan Idrissi, sont arrivés "
        "jeudi à Saint-Louis, où ils ont inauguré un lycée."
    )
    keys = _keys(_visits(processor, text, "2024-03"))
    assert ("MA", "SN", "2024-03") in keys and not any(host == "US" for _, host, _ in keys)


def test_a_visit_in_the_future_is_announced_though_the_model_tags_it_past(
    processor: Processor,
) -> None:
    # The model tags this "rendra" as a past tense; its form says future.
    text = "Il y a reçu un accueil chaleureux. Après le Kenya, le président turc Ahmet Kaya se rendra mardi en Ouganda."
    visits = _visits(processor, text, "2024-05-26")
    (visit,) = [v for v in visits if v["host_country"] == "UG"]
    assert (visit["status"], visit["start"]) == ("announced", "2024-05-28")


def test_a_leg_left_behind_makes_the_coming_legs_a_tour_under_way(processor: Processor) -> None:
    text = "Après le Kenya, le président turc Ahmet Kaya se rendra mardi en Ouganda puis au Rwanda."
    visits = _visits(processor, text, "2024-05-26")
    (tour,) = [v for v in visits if v["kind"] == "tour"]
    assert tour["hosts"] == ["KE", "UG", "RW"]
    assert (tour["status"], tour["start"]) == ("ongoing", "2024-05")
    legs = {v["host_country"]: (v["start"], v["status"]) for v in visits if v["kind"] != "tour"}
    # The leg made takes the month; the first coming leg, the day told; the next, none.
    assert legs == {
        "KE": ("2024-05", "done"),
        "UG": ("2024-05-28", "announced"),
        "RW": (None, "announced"),
    }


def test_the_place_a_guest_leaves_or_began_in_is_a_leg_of_the_tour(processor: Processor) -> None:
    left = (
        "Le président kényan, Samuel Otieno, quittera Kigali vendredi et poursuivra sa tournée "
        "en Ouganda et en Tanzanie."
    )
    (tour,) = [v for v in _visits(processor, left, "2024-05-26") if v["kind"] == "tour"]
    assert tour["hosts"] == ["RW", "UG", "TZ"] and tour["status"] == "ongoing"
    began = (
        "Après l'étape ougandaise, le ministre indien Ravi Sharma se rendra au Rwanda et au "
        "Burundi, au terme d'une tournée commencée le 20 mai à Nairobi."
    )
    visits = _visits(processor, began, "2024-05-26")
    legs = {v["host_country"]: v["start"] for v in visits if v["kind"] != "tour"}
    assert legs == {"UG": "2024-05", "KE": "2024-05-20", "RW": None, "BI": None}


def test_places_of_an_earlier_trip_are_no_legs_of_the_coming_one(processor: Processor) -> None:
    text = (
        "Après le Maroc et la Tunisie, où il s'était rendu en janvier, le président brésilien "
        "Paulo Mendes est attendu le 20 octobre au Togo et au Bénin."
    )
    visits = _visits(processor, text, "2024-10-02")
    tours = {tuple(v["hosts"]): v["start"] for v in visits if v["kind"] == "tour"}
    # The earlier trip is a tour of its own, in January.
    assert tours == {("TG", "BJ"): "2024-10-20", ("MA", "TN"): "2024-01"}


def test_a_year_told_after_the_act_is_not_the_date_of_an_implied_visit(
    processor: Processor,
) -> None:
    text = (
        "La ministre ougandaise Grace Akello s'est entretenue lundi à Nairobi avec son homologue "
        "kényan Peter Mwangi, qu'elle a remercié pour son appui à la candidature de Kampala aux "
        "Jeux africains de 2031."
    )
    assert ("UG", "KE", "2024-05") in _keys(_visits(processor, text, "2024-05"))


def test_a_former_office_holder_named_in_passing_is_not_the_office_today(
    processor: Processor,
) -> None:
    text = (
        "Les liens entre les deux royaumes remontent au temps du roi Hassan II. Le roi Mohammed VI a reçu hier le ministre espagnol. Le roi du Maroc "
        "effectuera la semaine prochaine une visite officielle en Espagne."
    )
    (visit,) = [v for v in _visits(processor, text, "2015-05") if v["host_country"] == "ES"]
    assert visit["guest"] == "Mohammed VI"


def test_leaving_or_after_outside_the_visit_s_clause_tells_no_leg(processor: Processor) -> None:
    texts = [
        "Le président turc Ahmet Kaya, qui a quitté Nairobi il y a dix ans après ses études, se "
        "rendra mardi en Ouganda et au Rwanda.",
        "Alors que les troupes françaises ont quitté le Mali, le président nigérien Amadou Issa "
        "se rendra lundi au Burkina Faso.",
        "Le président turc Ahmet Kaya se rendra mardi en Ouganda, deuxième pays africain après "
        "le Kenya à accueillir un sommet de ce type.",
    ]
    for text in texts:
        hosts = {v["host_country"] for v in _visits(processor, text, "2024-05-26")}
        assert not hosts & {"KE", "ML"}, text


def test_a_small_namesake_in_the_article_s_country_does_not_take_a_large_city(
    processor: Processor,
) -> None:
    text = (
        "Le président français Jean Dupont et le président américain John Miller se sont "
        "entretenus mardi à Naples, en marge du sommet du G7."
    )
    assert not any(v["host_country"] == "US" for v in _visits(processor, text, "2024-05-26"))
