"""The write path's layers: the store imports nothing above it, migrations are frozen, stores
opened for reading never change, and one factory picks the processor."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import ROOT
from typer.testing import CliRunner

from bilat.api import Bilat
from bilat.cli.main import app
from bilat.engine import DocumentProcessor, Processor, make_processor
from bilat.engine.base import check_language
from bilat.engine.parallel import ParallelProcessor
from bilat.engine.ray_engine import RayProcessor
from bilat.errors import BilatError
from bilat.ingest import Document
from bilat.settings import Settings
from bilat.store import Store, schema
from bilat.store.migrations import LATEST, upgrade

runner = CliRunner()
SRC = ROOT / "src" / "bilat"
ARTICLE = (
    "Le président indonésien, Joko Widodo, effectue une visite officielle au Japon du 4 au 6 "
    "mars 2024. Il s'est entretenu avec le Premier ministre japonais, Fumio Kishida."
)
RELATION = {
    "countries": ["CI", "MA"],
    "level": "strategic_partnership",
    "action": "established",
    "date": "2024-06",
}


def imports_of(path: Path) -> set[str]:
    """Every module a file imports (at any depth: lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


# ----------------------------------------------------------------------------- imports
def test_the_store_imports_nothing_above_it() -> None:
    above = (
        "bilat.resolve",
        "bilat.engine",
        "bilat.extract",
        "bilat.query",
        "bilat.api",
        "bilat.web",
        "bilat.cli",
        "bilat.export",
        "bilat.evaluation",
        "bilat.nlp",
    )
    for path in sorted((SRC / "store").glob("*.py")):
        wrong = {m for m in imports_of(path) if m.startswith(above)}
        assert not wrong, f"{path.name} imports {sorted(wrong)}"


def test_the_merging_runs_no_sql() -> None:
    for name in ("events.py", "rules.py"):
        modules = imports_of(SRC / "resolve" / name)
        assert not {m for m in modules if m.startswith(("sqlalchemy", "bilat.store"))}, name


def test_the_engine_modules_import_no_cycle() -> None:
    graph = {
        f"bilat.engine.{path.stem}": {m for m in imports_of(path) if m.startswith("bilat.engine.")}
        for path in (SRC / "engine").glob("*.py")
        if path.stem != "__init__"
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for module in graph.get(start, ()):
            if module == goal or (module not in seen and reaches(module, goal, seen | {module})):
                return True
        return False

    assert not [module for module in graph if reaches(module, module, set())]


# ----------------------------------------------------------------------------- read-only
READ_COMMANDS = [
    ["facts"],
    ["events"],
    ["event", "1"],
    ["entity", "Tô Lâm"],
    ["partners", "VN"],
    ["commitments", "VN", "KZ"],
    ["dossier", "VN", "KZ"],
    ["check"],
    ["export", "--format", "jsonl", "-o", "{dir}/out.jsonl"],
    ["plot", "trade", "VN", "KZ", "-o", "{dir}/plot.svg"],
    ["serve", "--port", "1"],
    ["resolve"],
    ["upgrade"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_command_on_a_missing_store_errs_in_one_line_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "nowhere" / "missing.db"
    args = [a.replace("{dir}", str(tmp_path)) for a in command]
    result = runner.invoke(app, [*args, "--db", str(missing)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert f"[E064] no store at {missing}" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no store, no folder, no output file


def test_a_store_opened_read_only_is_never_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Bilat(url) as writer:
        writer.ingest_documents([{"text": ARTICLE, "date": "2024-03-04"}])
    with Bilat(url, readonly=True) as reader:
        assert reader.store.counts()["documents"] == 1
        with pytest.raises(BilatError, match="E066"):
            reader.ingest_documents([{"text": ARTICLE + " Encore.", "date": "2024-03-05"}])
        with pytest.raises(BilatError, match="E066"), reader.store.write_events():
            pass
        refused = pytest.raises(sa.exc.OperationalError, match="readonly")  # SQLite refuses
        with refused, reader.store.engine.begin() as conn:
            conn.execute(schema.documents.delete())
        assert reader.store.counts()["documents"] == 1


def test_read_only_on_each_backend(store_url: str) -> None:
    """An empty database (PostgreSQL) is no store either; a read-only session cannot write."""
    with pytest.raises(BilatError, match="E064"):
        Store(store_url, readonly=True)
    if store_url.startswith("sqlite"):
        assert not Path(sa.make_url(store_url).database or "").exists()
    Store(store_url).close()
    with Store(store_url, readonly=True) as reader:
        assert reader.counts() == {"documents": 0}
        with pytest.raises(sa.exc.DBAPIError), reader.engine.begin() as conn:
            conn.execute(schema.documents.delete())


def v3_store(url: str) -> None:
    """A store as bilat's schema version 3 left it, with a document and its event."""
    with Bilat(url) as api:
        api.ingest_documents([{"text": ARTICLE, "date": "2024-03-04"}])
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_documents_date"))
        conn.execute(sa.text("DROP INDEX ix_events_type_start"))
        conn.execute(schema.meta.update().values(value="3"))
    engine.dispose()


def test_an_older_store_is_refused_for_reading_until_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    url = f"sqlite:///{db}"
    v3_store(url)
    with pytest.raises(BilatError, match=r"E065.*schema version 3.*bilat upgrade"):
        Store(url, readonly=True)
    refused = runner.invoke(app, ["events", "--db", str(db)])
    assert refused.exit_code == 2 and "bilat upgrade" in refused.stderr
    assert refused.stderr.strip().count("\n") == 0

    upgraded = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"from schema version 3 to {LATEST}" in upgraded.stderr
    with Store(url, readonly=True) as store:
        assert store.version == LATEST
    again = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert f"already at schema version {LATEST}" in again.stderr
    listed = runner.invoke(app, ["events", "--format", "json", "--db", str(db)])
    assert listed.exit_code == 0 and '"visit"' in listed.stdout


# ----------------------------------------------------------------------------- migrations
def v2_store_with_facts(url: str) -> None:
    engine = sa.create_engine(url)
    upgrade(engine, url, target=2)
    with engine.begin() as conn:
        for n, day in enumerate(("2024-06-11", "2024-06-12"), start=1):
            conn.execute(
                schema.documents.insert().values(
                    id=f"d{n}",
                    name=f"r{n}",
                    source=f"r{n}.txt",
                    format="corpus",
                    date=day,
                    text=f"Relations élevées ({n}).",
                    ingested_at="2024-06-12",
                )
            )
            fact_id = conn.execute(
                schema.facts.insert().values(
                    doc_id=f"d{n}",
                    type="relation",
                    data=RELATION,
                    date="2024-06",
                    span_start=0,
                    span_end=5,
                    evidence="Relations élevées.",
                )
            ).inserted_primary_key[0]
            for code in RELATION["countries"]:
                conn.execute(schema.fact_countries.insert().values(fact_id=fact_id, country=code))
    engine.dispose()


def test_migration_3_creates_tables_and_leaves_the_events_to_the_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = SRC / "store" / "migrations.py"
    assert not {m for m in imports_of(migrations) if m.startswith("bilat.resolve")}
    url = f"sqlite:///{tmp_path / 'v2.db'}"
    v2_store_with_facts(url)

    def no_merging(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a migration ran the merging rules")

    with monkeypatch.context() as patched:
        patched.setattr("bilat.resolve.rules.joins", no_merging)
        patched.setattr("bilat.resolve.rules.summarise", no_merging)
        with Store(url) as store:  # migrates 2 -> LATEST, the store layer only
            assert store.previous_version == 2 and store.version == LATEST
            assert store.events_stale()
            with store.engine.connect() as conn:
                assert (
                    conn.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar()
                    == 0
                )
    with pytest.raises(BilatError, match="E065.*events not rebuilt"):
        Store(url, readonly=True)

    with Bilat(url) as api:  # a writer rebuilds the events a migration left
        assert api.events_rebuilt
        report = api.upgrade()
    # the store was migrated above: the upgrade had the events left to rebuild
    assert (report.from_version, report.to_version, report.events_rebuilt) == (LATEST, LATEST, True)
    assert report.summary() == f"store at schema version {LATEST}; events rebuilt"
    with Bilat(url, readonly=True) as reader:
        assert not reader.store.events_stale()
        (event,) = reader.events()
        assert event["type"] == "relation" and event["sources"] == ["r1", "r2"]


def test_a_new_store_has_nothing_to_rebuild(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'new.db'}") as store:
        assert store.previous_version == 0 and not store.events_stale()


# ----------------------------------------------------------------------------- engines
def test_make_processor_returns_the_right_kinds(settings: Settings) -> None:
    local = make_processor(settings)
    assert type(local) is Processor and isinstance(local, DocumentProcessor)
    assert type(make_processor(settings, jobs=1)) is Processor
    parallel = make_processor(settings, jobs=2)
    assert isinstance(parallel, ParallelProcessor) and parallel.jobs == 2
    ray = make_processor(settings, engine="ray", jobs=3, address="ray://example:10001")
    assert isinstance(ray, RayProcessor) and (ray.jobs, ray.address) == (3, "ray://example:10001")
    for processor in (local, parallel, ray):
        assert isinstance(processor, DocumentProcessor)
        processor.close()  # nothing was started: closing is a no-op
    with pytest.raises(BilatError, match="E037.*spark"):
        make_processor(settings, engine="spark")


def test_the_language_checked_is_the_settings_one() -> None:
    english = Document(name="d", source="d.txt", text="The president visited.", lang="en")
    assert check_language(english, "en") is None
    error = check_language(english, "fr")
    assert error is not None and "[E011] d.txt: language is 'en', not French" in str(error)
    french = Document(name="d", source="d.txt", text="Le président.", lang="fr")
    assert "[E011] d.txt: language is 'fr', not 'en'" in str(check_language(french, "en"))


def test_documents_in_memory_are_stored_with_their_facts(tmp_path: Path) -> None:
    with Bilat(f"sqlite:///{tmp_path / 'memory.db'}") as api:
        report = api.ingest_documents(
            [
                Document(name="widodo", source="memory", text=ARTICLE, date="2024-03-04"),
                {"text": "Le président a parlé.", "date": "2024-13-01"},
                {"text": "The president of France visited India.", "id": "english"},
                {"text": "  "},
            ],
            source="batch",
        )
        assert (report.new, report.skipped, report.failed) == (1, 1, 2)
        assert report.facts["visit"] >= 1
        assert report.messages[0].startswith("[E013] batch:2: invalid date '2024-13-01'")
        assert any(m.startswith("[E011] batch:3: ") for m in report.messages)
        assert any(m.startswith("[E007] batch:4: ") for m in report.messages)
        visits = api.store.facts(fact_type="visit")
        assert visits and {v["doc"] for v in visits} == {"widodo"}
        assert api.events(types=["visit"])[0]["sources"] == ["widodo"]
        again = api.ingest_documents([{"text": ARTICLE, "date": "2024-03-04"}])
        assert (again.new, again.unchanged) == (0, 1)
