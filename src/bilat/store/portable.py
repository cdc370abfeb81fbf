"""Backups and moves between backends: the whole store as one JSONL stream, and back.

A dump is a header line, then one line per row, ``{"table": "facts", "row": {...}}``, tables
in dependency order (parents before children) and rows in primary-key order, so two dumps of
one store are identical, byte for byte when gzipped (across backends the rows are the same, but
text keys may come in another order: each backend sorts by its own collation), and a dump loads
with foreign keys enforced. Values are those the
store holds: integers, text, None, and the JSON columns as JSON. The header names the format,
the schema version and every table with its row count, which lets a load detect a truncated
file. The store's own ``schema_version`` row is not dumped: the header carries it, and the
target store keeps its own.

Dumping reads one snapshot, streamed (server-side cursors on PostgreSQL); loading is one
transaction under the store's write lock, in batches, so a bad line leaves the target as it
was.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

import sqlalchemy as sa

from bilat import __version__
from bilat.errors import BilatError, E
from bilat.store import schema
from bilat.store.migrations import current_version
from bilat.store.transactions import writing

FORMAT = "bilat-store"
FORMAT_VERSION = 1
KNOWN_FORMAT_VERSIONS = (1,)
BATCH = 1000
TABLES: list[sa.Table] = list(schema.metadata.sorted_tables)  # parents before children
BY_NAME = {table.name: table for table in TABLES}
VERSION_KEY = "schema_version"
GZIP_MAGIC = b"\x1f\x8b"
INT64 = (-(2**63), 2**63 - 1)  # what both backends store in an integer column

# progress(table, rows of it done so far), after each batch
Progress = Callable[[str, int], None]
Counts = dict[str, int]


# ----------------------------------------------------------------------------- dump
def dump_store(engine: sa.Engine, out: IO[str], progress: Progress | None = None) -> Counts:
    """Write the whole store to ``out`` (header, then every row); return rows per table."""
    with _snapshot(engine) as conn:
        counts = {table.name: _count(conn, table) for table in TABLES}
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": current_version(conn),
            "bilat_version": __version__,
            "backend": engine.dialect.name,
            "tables": counts,
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        streamed = conn.execution_options(yield_per=BATCH)
        for table in TABLES:
            query = _rows_query(table).order_by(*table.primary_key.columns)
            for done, row in enumerate(streamed.execute(query).mappings(), 1):
                line = {"table": table.name, "row": dict(row)}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                if progress and done % BATCH == 0:
                    progress(table.name, done)
    return counts


def dump_file(engine: sa.Engine, path: Path, progress: Progress | None = None) -> Counts:
    """Dump to ``path`` (gzip when it ends in .gz, stdout for -), whole or not at all: the
    file appears under its name only once complete."""
    if str(path) == "-":
        stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
        try:
            return dump_store(engine, stdout, progress)
        finally:
            stdout.flush()
            stdout.detach()  # stdout stays open for whoever comes next
    partial = path.with_name(path.name + ".part")
    try:
        with _open_for_writing(partial, gzipped=path.suffix == ".gz") as out:
            counts = dump_store(engine, out, progress)
        os.replace(partial, path)
    except OSError as error:
        raise BilatError(E.E042, path=path, reason=error.strerror or str(error)) from error
    finally:
        partial.unlink(missing_ok=True)  # gone already once renamed
    return counts


@contextmanager
def _snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One read transaction: every table as of one moment, while writers go on."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # SQLite: a WAL read transaction sees one snapshot
            yield conn


def _rows_query(table: sa.Table) -> sa.Select[Any]:
    query = sa.select(table)
    if table is schema.meta:
        query = query.where(table.c.key != VERSION_KEY)
    return query


def _count(conn: sa.Connection, table: sa.Table) -> int:
    rows = _rows_query(table).subquery()
    return conn.execute(sa.select(sa.func.count()).select_from(rows)).scalar_one()


def _open_for_writing(path: Path, gzipped: bool) -> IO[str]:
    if not gzipped:
        return path.open("w", encoding="utf-8", newline="\n")
    # No name and no time in the gzip header: one store gives the same bytes on every dump.
    compressed = gzip.GzipFile(filename="", mode="wb", fileobj=path.open("wb"), mtime=0)
    return _CompressedText(compressed)


class _CompressedText(io.TextIOWrapper):
    """UTF-8 text into a GzipFile that closes the file it was given, too."""

    def __init__(self, compressed: gzip.GzipFile) -> None:
        super().__init__(compressed, encoding="utf-8", newline="\n")
        # the file object we opened ourselves, which GzipFile leaves open
        self._file: IO[bytes] | None = compressed.fileobj  # type: ignore[assignment]

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._file is not None:
                self._file.close()


# ----------------------------------------------------------------------------- load
def load_store(
    engine: sa.Engine, lines: Iterable[str], source: str, progress: Progress | None = None
) -> Counts:
    """Load a dump into the empty store of ``engine``, in one transaction; return rows per
    table. Any problem (a bad line, a truncated file, a store not empty) raises a BilatError
    naming ``source`` and the line, and leaves the store as it was."""
    url = engine.url.render_as_string(hide_password=True)
    numbered = _numbered(lines, source)
    with writing(engine) as conn:
        expected = _read_header(next(numbered, (1, "")), source, current_version(conn), url)
        _require_empty(conn, url)
        loaded = _insert_rows(conn, numbered, source, progress)
        for name in BY_NAME:
            if loaded.get(name, 0) != expected.get(name, 0):
                raise BilatError(
                    E.E048,
                    path=source,
                    table=name,
                    found=loaded.get(name, 0),
                    expected=expected.get(name, 0),
                )
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    return {name: loaded.get(name, 0) for name in BY_NAME}


def load_file(engine: sa.Engine, path: Path, progress: Progress | None = None) -> Counts:
    """Load a dump file (gzip or not, whatever its name; - for stdin)."""
    if str(path) == "-":
        stdin = cast(io.BufferedReader, sys.stdin.buffer)
        raw: IO[bytes] | gzip.GzipFile = (
            gzip.GzipFile(fileobj=stdin) if stdin.peek(2)[:2] == GZIP_MAGIC else stdin
        )
        return load_store(engine, io.TextIOWrapper(raw, encoding="utf-8"), "-", progress)
    try:
        opened = _open_for_reading(path)
    except FileNotFoundError as error:
        raise BilatError(E.E010, path=path) from error
    except OSError as error:
        raise BilatError(E.E001, path=path, reason=error.strerror or str(error)) from error
    with opened as lines:
        return load_store(engine, lines, str(path), progress)


def _open_for_reading(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _numbered(lines: Iterable[str], source: str) -> Iterator[tuple[int, str]]:
    """The lines with their numbers; a file that cannot be read on is an error at its line."""
    iterator = iter(lines)
    number = 0
    while True:
        number += 1
        try:
            line = next(iterator)
        except StopIteration:
            return
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
            raise BilatError(E.E001, path=f"{source}:{number}", reason=str(error)) from error
        yield number, line


def _parse(number: int, line: str, source: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise BilatError(E.E006, path=source, line=number, reason=error.msg) from error


def _read_header(first: tuple[int, str], source: str, version: int, url: str) -> Counts:
    number, line = first
    header = _parse(number, line, source) if line.strip() else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        reason = f"its first line is not a '{FORMAT}' header"
        raise BilatError(E.E043, path=source, line=number, reason=reason)
    found = header.get("format_version")
    if found not in KNOWN_FORMAT_VERSIONS:
        known = ", ".join(map(str, KNOWN_FORMAT_VERSIONS))
        raise BilatError(E.E044, path=source, found=found, known=known)
    if header.get("schema_version") != version:
        raise BilatError(
            E.E045, path=source, found=header.get("schema_version"), url=url, expected=version
        )
    tables = header.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in tables.values()
    ):
        reason = "the header has no table counts"
        raise BilatError(E.E043, path=source, line=number, reason=reason)
    for name in tables:
        if name not in BY_NAME:
            raise BilatError(E.E046, path=source, line=number, table=name, reason="unknown table")
    return tables


def _require_empty(conn: sa.Connection, url: str) -> None:
    for table in TABLES:
        if conn.execute(_rows_query(table).limit(1)).first() is not None:
            raise BilatError(E.E047, url=url, table=table.name)


def _insert_rows(
    conn: sa.Connection,
    numbered: Iterator[tuple[int, str]],
    source: str,
    progress: Progress | None,
) -> Counts:
    """Insert the rows in batches of one table; tables must come in dependency order."""
    loaded: Counts = {}
    position = {table.name: i for i, table in enumerate(TABLES)}
    checkers = {table.name: RowChecker(table) for table in TABLES}
    current: sa.Table | None = None
    batch: list[dict[str, Any]] = []
    first_line = 0

    def flush(last_line: int) -> None:
        if not batch or current is None:
            return
        try:
            conn.execute(current.insert(), batch)
        except sa.exc.StatementError as error:  # a key twice, a parent missing: the lines
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            lines = f"{first_line}-{last_line}" if last_line > first_line else first_line
            raise BilatError(
                E.E046, path=source, line=lines, table=current.name, reason=reason
            ) from error
        loaded[current.name] = loaded.get(current.name, 0) + len(batch)
        if progress:
            progress(current.name, loaded[current.name])
        batch.clear()

    last = 0
    for number, line in numbered:
        if not line.strip():
            continue  # a trailing newline, or blank lines, carry nothing
        item = _parse(number, line, source)
        if not isinstance(item, dict) or set(item) != {"table", "row"}:
            reason = 'a row line is {"table": ..., "row": {...}}'
            raise BilatError(E.E043, path=source, line=number, reason=reason)
        name = item["table"]
        if name not in BY_NAME:
            raise BilatError(E.E046, path=source, line=number, table=name, reason="unknown table")
        if current is None or name != current.name:
            if current is not None and position[name] <= position[current.name]:
                reason = f"comes after '{current.name}' (each table once, parents first)"
                raise BilatError(E.E046, path=source, line=number, table=name, reason=reason)
            flush(last)
            current = BY_NAME[name]
        problem = checkers[name].problem(item["row"])
        if problem:
            raise BilatError(E.E046, path=source, line=number, table=name, reason=problem)
        if not batch:
            first_line = number
        batch.append(item["row"])
        last = number
        if len(batch) >= BATCH:
            flush(last)
    flush(last)
    return loaded


class RowChecker:
    """What a row of one table must be: exactly its columns, each of its type or null where
    the column allows it (SQLite would otherwise store a text in an integer column)."""

    def __init__(self, table: sa.Table) -> None:
        self.columns = {column.name: column for column in table.columns}
        self.kinds = {column.name: _python_types(column.type) for column in table.columns}

    def problem(self, row: Any) -> str | None:
        if not isinstance(row, dict):
            return "the row is not an object"
        unknown = sorted(set(row) - set(self.columns))
        if unknown:
            return f"unknown column '{unknown[0]}'"
        missing = [name for name in self.columns if name not in row]
        if missing:
            return f"missing column '{missing[0]}'"
        for name, value in row.items():
            if value is None:
                if not self.columns[name].nullable:
                    return f"column '{name}' is null"
                continue
            kinds = self.kinds[name]
            if kinds and (not isinstance(value, kinds) or isinstance(value, bool)):
                expected = " or ".join(kind.__name__ for kind in kinds)
                return f"column '{name}' holds {json.dumps(value)[:40]}, not {expected}"
            if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
                return f"column '{name}' holds {str(value)[:40]}, beyond a 64-bit integer"
            if isinstance(value, float) and not math.isfinite(value):
                return f"column '{name}' holds {value}, not a finite number"
        return None


def _python_types(column_type: sa.types.TypeEngine[Any]) -> tuple[type, ...]:
    """The JSON values a column accepts; () for a JSON column, which takes any."""
    if isinstance(column_type, sa.JSON):
        return ()
    if isinstance(column_type, sa.Integer):
        return (int,)
    if isinstance(column_type, sa.Float | sa.Numeric):
        return (int, float)
    if isinstance(column_type, sa.String):  # Text is a String
        return (str,)
    raise TypeError(f"no dump rule for column type {column_type!r}")


def _reset_sequences(conn: sa.Connection) -> None:
    """Explicit ids do not move PostgreSQL's sequences: set each to its table's largest id,
    so the next ingest numbers on from there."""
    quote = conn.dialect.identifier_preparer.quote
    for table in TABLES:
        column = table.autoincrement_column
        if column is None:
            continue
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE(MAX({quote(column.name)}), 1), MAX({quote(column.name)}) IS NOT NULL) "
                f"FROM {quote(table.name)}"
            ),
            {"table": table.name, "column": column.name},
        )
