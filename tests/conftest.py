"""Shared fixtures. The spaCy pipeline is built once per test session (it takes seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bilat.engine import Processor
from bilat.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# A PostgreSQL server's URL (its maintenance database): the store tests then run against it
# too, each in a database of its own. `.ci/run` starts one with .ci/postgres.sh and sets it.
POSTGRES = os.environ.get("BILAT_TEST_POSTGRES")
BACKENDS = ["sqlite", "postgresql"]
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


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty store on each backend: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bilat.db'}"
        return
    if not POSTGRES:
        pytest.skip("BILAT_TEST_POSTGRES is not set (.ci/run starts a server and sets it)")
    with postgres_database(POSTGRES) as url:
        yield url


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A database of its own on the PostgreSQL ``server``, dropped afterwards."""
    name = f"bilat_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def store_settings(store_url: str) -> Settings:
    """Settings whose store is ``store_url`` (each backend in turn)."""
    return Settings(db_url=store_url)


def bilat_process(
    *args: str, url: str, env_extra: dict[str, str] | None = None, **popen: Any
) -> subprocess.Popen[bytes]:
    """The ``bilat`` executable of this environment on the store ``url``, in the background."""
    command = [str(Path(sys.executable).with_name("bilat")), *args, "--db", url]
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    environment = {**os.environ, "BILAT_DB": url, **(env_extra or {})}
    return subprocess.Popen(command, env=environment, **popen)
