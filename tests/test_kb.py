"""The knowledge base: complete country table, demonyms, dated offices, the user's YAML."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from bilat.errors import BilatError
from bilat.kb import load_kb
from bilat.text import fold


def test_every_iso_country_is_present_with_names() -> None:
    kb = load_kb()
    codes = {c.alpha_2 for c in pycountry.countries}
    assert codes <= set(kb.countries)
    assert all(kb.countries[c].names for c in codes)
    assert kb.countries["VN"].name_en and kb.countries["FR"].name_fr == "France"


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("kazakh", "KZ"),
        ("kazakhe", "KZ"),
        ("kazakhs", "KZ"),
        ("kazakhes", "KZ"),
        ("vietnamienne", "VN"),
        ("Vietnam", "VN"),
        ("Viêt Nam", "VN"),
        ("biélorusse", "BY"),
        ("azerbaïdjanaise", "AZ"),
        ("Russie", "RU"),
        ("Union économique eurasienne", "EAEU"),
        ("ASEAN", "ASEAN"),
        ("Union soviétique", "SU"),
        ("Nations unies", "UN"),
        ("Union européenne", "EU"),
    ],
)
def test_country_surfaces(surface: str, code: str) -> None:
    assert load_kb().country_code(surface) == code


def test_titles_cover_offices() -> None:
    kb = load_kb()
    phrases = {fold(p) for t in kb.titles.values() for p in t.phrases}
    for title in (
        "secrétaire général",
        "président",
        "Premier ministre",
        "ministre des Affaires étrangères",
        "président de l'Assemblée nationale",
        "vice-Premier ministre",
        "ambassadeur",
    ):
        assert fold(title) in phrases


def test_dated_office_holders() -> None:
    kb = load_kb()
    assert [p.name for p in kb.office_holders("president", "KZ", "2025-05")] == [
        "Kassym-Jomart Tokaïev"
    ]
    assert kb.office_holders("president", "KZ", "1985-01") == []


def test_user_yaml_adds_persons_and_organisations(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "persons:\n"
        "  - name: Jeanne Exemple\n"
        "    aliases: [J. Exemple]\n"
        "    country: FR\n"
        "    offices: [{office: ambassador, from: 2024-01-01, to: null}]\n"
        "organisations:\n"
        "  - {code: CICA, kind: organisation, names: [CICA]}\n",
        encoding="utf-8",
    )
    kb = load_kb("fr", user)
    assert kb.person("J. Exemple").name == "Jeanne Exemple"
    assert kb.office_holders("ambassador", "FR", "2025-03")[0].name == "Jeanne Exemple"
    assert "CICA" in kb.organisations
    assert "CICA" not in load_kb().organisations  # the shipped KB is left untouched


def test_bad_user_yaml_is_one_clear_error(tmp_path: Path) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text("persons: [\n", encoding="utf-8")
    with pytest.raises(BilatError, match=r"E030.*bad.yaml"):
        load_kb("fr", user)
