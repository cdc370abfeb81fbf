"""Backups and moves between backends: `bilat export --what all` and `bilat import`.

A store built by ingesting real French articles is dumped, loaded into an empty store (SQLite,
and PostgreSQL when BILAT_TEST_POSTGRES is set), dumped again and loaded into a new SQLite
store: every table must come back row for row, and the loaded store must go on working.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import EXAMPLES, FRENCH_ARTICLE, ROOT, bilat_process
from typer.testing import CliRunner

from bilat.api import Bilat
from bilat.cli.main import app
from bilat.engine import Processor, ingest
from bilat.errors import BilatError
from bilat.settings import Settings
from bilat.store import Store, portable, schema
from bilat.store.integrity import check_store
from bilat.store.migrations import LATEST
from bilat.store.portable import TABLES, dump_file, load_file

EVENTS = ROOT / "tests" / "data" / "events"
SOURCES = [str(EVENTS), str(EXAMPLES / "000_d10cde046292583f.txt")]
runner = CliRunner()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, processor: Processor) -> Path:
    """A SQLite store of 16 ingested articles, with events and persons merged across them."""
    db = tmp_path_factory.mktemp("portable") / "source.db"
    settings = Settings(db_url=f"sqlite:///{db}")
    with Store(settings.db_url) as store:
        report = ingest(SOURCES, settings, store, processor)
    assert report.new == 16 and report.ok
    return db


@pytest.fixture(scope="module")
def dump(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "store.jsonl.gz"
    with Store(f"sqlite:///{source}") as store:
        dump_file(store.engine, path)
    return path


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted (the order of rows is not part of a store)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted(
                    (tuple(row) for row in conn.execute(sa.select(table))),
                    key=lambda row: json.dumps(row, sort_keys=True),
                )
                for table in TABLES
            }
    finally:
        engine.dispose()


def answers(url: str) -> dict[str, Any]:
    with Bilat(url) as api:
        with api.store.engine.connect() as conn:
            person = conn.execute(sa.select(schema.persons.c.name).order_by("id")).scalar()
        return {
            "facts": api.store.facts(),
            "events": api.events(explain=True),
            "dossier": api.dossier("CI", "TR"),
            "relations": api.relations("CI", "TR"),
            "entity": api.entity(person),
        }


def test_round_trip_through_another_backend_and_back(
    source: Path, dump: Path, store_url: str, tmp_path: Path, processor: Processor
) -> None:
    source_url = f"sqlite:///{source}"
    with Store(store_url) as middle:
        loaded = load_file(middle.engine, dump)
        assert check_store(middle.engine).ok
        again = tmp_path / "again.jsonl"
        dumped = dump_file(middle.engine, again)
    with Store(f"sqlite:///{tmp_path / 'final.db'}") as final:
        assert load_file(final.engine, again) == dumped == loaded
        assert check_store(final.engine).ok

    original = table_rows(source_url)
    assert all(original[t.name] for t in TABLES if t is not schema.meta)  # every table tested
    assert {name: len(rows) for name, rows in original.items()} == {
        **loaded,
        "bilat_meta": 1,  # the store's own schema version, not dumped
    }
    assert table_rows(store_url) == original
    assert table_rows(f"sqlite:///{tmp_path / 'final.db'}") == original
    assert answers(store_url) == answers(source_url)

    # The imported store goes on: new ids after the imported ones (PostgreSQL's sequences were
    # moved on), and documents already imported are recognised.
    article = tmp_path / "new.txt"
    article.write_text(FRENCH_ARTICLE, encoding="utf-8")
    settings = Settings(db_url=store_url)
    with Store(store_url) as store:
        report = ingest([str(article)], settings, store, processor)
        assert report.new == 1 and sum(report.facts.values()) > 0, report.messages
        again_report = ingest(SOURCES, settings, store, processor)
        assert again_report.unchanged == 16 and again_report.new == 0
        assert check_store(store.engine).ok
    after = table_rows(store_url)
    for table in (schema.facts, schema.events, schema.persons):
        old_ids = {row[0] for row in original[table.name]}
        new_ids = {row[0] for row in after[table.name]} - old_ids
        assert old_ids < {row[0] for row in after[table.name]}
        if new_ids:
            assert min(new_ids) > max(old_ids)
    assert len(after["documents"]) == len(original["documents"]) + 1


def test_dump_header_and_rows(dump: Path, source: Path) -> None:
    with gzip.open(dump, "rt", encoding="utf-8") as lines:
        header = json.loads(next(lines))
        rows = [json.loads(line) for line in lines]
    assert header["format"] == "bilat-store" and header["format_version"] == 1
    assert header["schema_version"] == LATEST and header["bilat_version"]
    assert list(header["tables"]) == [t.name for t in TABLES]
    order = [t.name for t in TABLES]
    positions = [order.index(r["table"]) for r in rows]
    assert positions == sorted(positions)  # parents before children
    assert len(rows) == sum(header["tables"].values())
    assert not any(r["table"] == "bilat_meta" for r in rows)  # the version is in the header
    fact = next(r["row"] for r in rows if r["table"] == "facts")
    assert isinstance(fact["id"], int) and isinstance(fact["data"], dict)
    assert isinstance(fact["span_start"], int)


def test_small_batches_give_the_same_store(
    dump: Path, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portable, "BATCH", 7)  # many batches per table, and a partial last one
    progress: list[tuple[str, int]] = []
    url = f"sqlite:///{tmp_path / 'batched.db'}"
    with Store(url) as store:
        counts = load_file(store.engine, dump, progress=lambda t, n: progress.append((t, n)))
    assert table_rows(url) == table_rows(f"sqlite:///{source}")
    assert ("facts", 7) in progress and ("facts", 14) in progress
    assert ("facts", counts["facts"]) in progress


def test_import_into_a_store_that_is_not_empty_is_refused(dump: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    with Store(url) as store:
        load_file(store.engine, dump)
        before = table_rows(url)
        with pytest.raises(BilatError, match=r"\[E047\].*not empty \(documents has rows\)"):
            load_file(store.engine, dump)
    assert table_rows(url) == before


def _lines(dump: Path) -> list[str]:
    with gzip.open(dump, "rt", encoding="utf-8") as lines:
        return list(lines)


def _edit_row(line: str, **changes: Any) -> str:
    item = json.loads(line)
    item["row"].update(changes)
    item["row"] = {k: v for k, v in item["row"].items() if v != "<drop>"}
    return json.dumps(item, ensure_ascii=False) + "\n"


def _last_table_start(lines: list[str]) -> int:
    """The index of the first row of the last table: every other table is inserted before it,
    so a failure there must roll back more than one batch."""
    last = TABLES[-1].name
    return next(i for i, line in enumerate(lines) if json.loads(line).get("table") == last)


CORRUPTIONS = {
    "bad JSON": (lambda line: line[: len(line) // 2] + "\n", r"\[E006\] {path}:{line}: invalid"),
    "unknown column": (
        lambda line: _edit_row(line, colour="red"),
        r"\[E046\] {path}:{line}: table 'fact_countries': unknown column 'colour'",
    ),
    "missing column": (
        lambda line: _edit_row(line, country="<drop>"),
        r"\[E046\] {path}:{line}: table 'fact_countries': missing column 'country'",
    ),
    "wrong type": (
        lambda line: _edit_row(line, fact_id="12"),
        r"\[E046\] {path}:{line}: table 'fact_countries': column 'fact_id' holds \"12\"",
    ),
    "integer past 64 bits": (
        lambda line: _edit_row(line, fact_id=10**30),
        r"\[E046\] {path}:{line}: table 'fact_countries': column 'fact_id' holds 1000000000000"
        r"000000000000000000, beyond a 64-bit integer",
    ),
    "not a number": (
        lambda line: _edit_row(line, fact_id=float("nan")),
        r"\[E046\] {path}:{line}: table 'fact_countries': column 'fact_id' holds NaN, not int",
    ),
    "unknown table": (
        lambda line: json.dumps({"table": "treaties", "row": {}}) + "\n",
        r"\[E046\] {path}:{line}: table 'treaties': unknown table",
    ),
    "missing parent": (
        lambda line: _edit_row(line, fact_id=999_999),
        r"\[E046\] {path}:\d+(-\d+)?: table 'fact_countries': ",
    ),
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_a_bad_line_leaves_the_store_empty(
    corruption: str, dump: Path, store_url: str, tmp_path: Path
) -> None:
    lines = _lines(dump)
    index = _last_table_start(lines) + 3  # every other table is inserted by then
    edit, expected = CORRUPTIONS[corruption]
    lines[index] = edit(lines[index])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines), encoding="utf-8")
    with Store(store_url) as store:
        before = table_rows(store_url)
        with pytest.raises(BilatError) as error:
            load_file(store.engine, bad)
    message = str(error.value)
    assert "\n" not in message
    assert re.search(expected.format(path=re.escape(str(bad)), line=index + 1), message), message
    assert table_rows(store_url) == before
    assert all(not rows for name, rows in before.items() if name != "bilat_meta")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("truncated", r"\[E048\] .*: \d+ rows of fact_countries, its header announces \d+"),
        ("no header", r"\[E043\] .*:1: not a bilat store dump"),
        ("format version", r"\[E044\] .*: dump format version 99"),
        (
            "schema version",
            r"\[E045\] .*: a dump of schema version 3, the store .* is at " + str(LATEST),
        ),
        ("cut gzip", r"\[E001\] .*\.gz:\d+: cannot read"),
    ],
)
def test_a_bad_file_is_one_line_error_and_changes_nothing(
    edit: str, expected: str, dump: Path, tmp_path: Path
) -> None:
    lines = _lines(dump)
    header = json.loads(lines[0])
    bad = tmp_path / "bad.jsonl"
    if edit == "truncated":
        bad.write_text("".join(lines[:-5]), encoding="utf-8")
    elif edit == "no header":
        bad.write_text("".join(lines[1:]), encoding="utf-8")
    elif edit in ("format version", "schema version"):
        key = "format_version" if edit == "format version" else "schema_version"
        header[key] = 99 if edit == "format version" else 3
        bad.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    else:
        bad = tmp_path / "cut.jsonl.gz"
        data = dump.read_bytes()
        bad.write_bytes(data[: len(data) * 2 // 3])
    url = f"sqlite:///{tmp_path / 'target.db'}"
    with Store(url) as store, pytest.raises(BilatError, match=expected) as error:
        load_file(store.engine, bad)
    assert "\n" not in str(error.value)
    assert all(not rows for name, rows in table_rows(url).items() if name != "bilat_meta")


def test_cli_export_all_and_import(source: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(source, tmp_path / "source.db")  # the CLI's store, apart from the fixture's
    backup = tmp_path / "store.jsonl.gz"
    exported = runner.invoke(
        app,
        ["export", "--what", "all", "--format", "jsonl", "-o", str(backup)]
        + ["--db", str(tmp_path / "source.db")],
    )
    assert exported.exit_code == 0, exported.output
    assert "rows of the store written to" in exported.stderr
    assert backup.read_bytes()[:2] == b"\x1f\x8b"  # gzip, from the suffix
    imported = runner.invoke(app, ["import", str(backup), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    assert "tables imported from" in imported.stderr
    assert table_rows(f"sqlite:///{db}") == table_rows(f"sqlite:///{source}")
    assert runner.invoke(app, ["check", "--db", str(db)]).exit_code == 0

    again = runner.invoke(app, ["import", str(backup), "--db", str(db)])
    assert again.exit_code == 2 and "[E047]" in again.stderr
    assert again.stderr.strip().count("\n") == 0


def test_cli_export_all_needs_jsonl(source: Path, tmp_path: Path) -> None:
    output = tmp_path / "store.csv"
    result = runner.invoke(
        app,
        ["export", "--what", "all", "--format", "csv", "-o", str(output), "--db", str(source)],
    )
    assert result.exit_code == 2
    assert "[E049]" in result.stderr and "'csv'" in result.stderr
    assert result.stderr.strip().count("\n") == 0 and not output.exists()


def test_dumps_pipe_through_standard_streams_gzipped_or_not(source: Path, tmp_path: Path) -> None:
    """``-o -`` writes UTF-8 whatever the locale; ``import -`` reads it plain or gzipped."""
    url = f"sqlite:///{source}"
    environment = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    dumped = bilat_process(
        "export", "--what", "all", "--format", "jsonl", "-o", "-", url=url,
        stdout=subprocess.PIPE, env_extra=environment,
    )  # fmt: skip
    plain, _ = dumped.communicate(timeout=120)
    assert dumped.returncode == 0 and "é".encode() in plain  # French text, not escaped
    for stream in (plain, gzip.compress(plain)):
        target = f"sqlite:///{tmp_path / f'{len(stream)}.db'}"
        loaded = bilat_process("import", "-", url=target, stdin=subprocess.PIPE)
        loaded.communicate(stream, timeout=120)
        assert loaded.returncode == 0
        assert table_rows(target) == table_rows(url)


def test_gzipped_dumps_of_one_store_are_the_same_bytes(source: Path, tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{source}")
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    dump_file(engine, first)
    dump_file(engine, second)
    engine.dispose()
    assert first.read_bytes() == second.read_bytes()
