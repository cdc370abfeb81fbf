"""Shared fixtures. The spaCy pipeline is built once per test session (it takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.engine import Processor
from bilat.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def base_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    db = tmp_path_factory.mktemp("store") / "session.db"
    return Settings(db_url=f"sqlite:///{db}")


@pytest.fixture(scope="session")
def processor(base_settings: Settings) -> Processor:
    return Processor(base_settings)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp_path / 'bilat.db'}")


FRENCH_ARTICLE = (
    " date 2024-03 Le président indonésien, Joko Widodo, effectue une visite officielle au Japon "
    "du 4 au 6 mars 2024. Il s'est entretenu avec le Premier ministre japonais, Fumio Kishida. "
    "Les deux parties ont convenu de renforcer la coopération dans les domaines de l'énergie et "
    "de l'éducation.\n"
)
