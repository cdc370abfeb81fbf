"""``bilat``: ingest, extract, evaluate, query and benchmark from the command line.

Every command is a thin wrapper: it parses options, calls a function that returns data, and
renders it. Errors are one line on stderr (no traceback unless ``--debug``).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from bilat.errors import E, BilatError
from bilat.settings import Settings

app = typer.Typer(
    name="bilat",
    help="Turn French diplomatic news into a sourced, queryable record of relations between states.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store URL or SQLite file (default: BILAT_DB, else the user data dir)."),
]
_state: dict[str, bool] = {"debug": False}


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """bilat: a sourced record of relations between states, read from the news."""
    _state["debug"] = debug


def one_line_errors(function: F) -> F:
    """Turn any error into one line on stderr and a non-zero exit, unless --debug."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except typer.Exit:
            raise
        except BilatError as error:
            if _state["debug"]:
                raise
            err.print(f"error: {error}", markup=False, highlight=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted", markup=False)
            raise typer.Exit(130) from None
        except Exception as error:  # noqa: BLE001 - the CLI's last line of defence
            if _state["debug"]:
                raise
            err.print(f"error: {type(error).__name__}: {error}", markup=False, highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def settings_for(db: str | None = None, **overrides: Any) -> Settings:
    return Settings.from_env(db_url=db, debug=_state["debug"], **overrides)


# ---------------------------------------------------------------------------- ingest
@app.command()
@one_line_errors
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    db: DbOption = None,
    kb: Annotated[Path | None, typer.Option(help="Your own YAML of persons and organisations.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles, extract their facts and store them (one transaction per document)."""
    from bilat.cli.progress import ingest_progress
    from bilat.engine import ingest as run_ingest
    from bilat.store import open_store

    settings = settings_for(db, user_kb=kb)
    with open_store(settings.db_url) as store, ingest_progress(err, quiet) as progress:
        report = run_ingest(paths, settings, store, progress=progress)
    for message in report.messages:
        err.print(message, markup=False, highlight=False)
    out.print(report.summary(), markup=False, highlight=False)
    if not report.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------- extract
@app.command()
@one_line_errors
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Facts JSONL file (- for stdout).")] = "-",
    kb: Annotated[Path | None, typer.Option(help="Your own YAML of persons and organisations.")] = None,
) -> None:
    """Extract facts to JSONL (the FORMAT.md contract), without a store."""
    from bilat.engine import IngestReport, Processor, process_paths

    settings = settings_for(None, user_kb=kb)
    report = IngestReport()
    processor = Processor(settings)
    handle = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for processed in process_paths(paths, settings, processor, report):
            if processed.error:
                report.failed += 1
                report.messages.append(processed.error)
                continue
            report.new += 1
            for fact in processed.facts:
                report.facts[fact.type] += 1
                handle.write(json.dumps(fact.to_record(processed.document.name), ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdout:
            handle.close()
    for message in report.messages:
        err.print(message, markup=False, highlight=False)
    by_type = ", ".join(f"{t} {n}" for t, n in sorted(report.facts.items())) or "none"
    err.print(
        f"{report.new} documents, {report.skipped} skipped, {report.failed} failed; facts: {by_type}",
        markup=False,
        highlight=False,
    )
    if not report.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------- evaluate
@app.command()
@one_line_errors
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold facts JSONL.")],
    pred: Annotated[Path, typer.Argument(help="Predicted facts JSONL.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List misses and spurious facts.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Scores as JSON.")] = False,
) -> None:
    """Score predicted facts against gold facts (FORMAT.md's scoring)."""
    from bilat.evaluation.facts_io import read_facts
    from bilat.evaluation.report import render_text
    from bilat.evaluation.scoring import score

    files = {}
    for role, path in (("gold", gold), ("pred", pred)):
        try:
            files[role] = read_facts(path)
        except OSError as error:
            raise BilatError(E.E001, path=str(path), reason=error.strerror or error) from error
    for role, facts_file in files.items():
        for problem in facts_file.errors:
            err.print(f"warning ({role}): {problem}", markup=False, highlight=False)
    scores = score(files["gold"].facts, files["pred"].facts)
    if as_json:
        out.print_json(json.dumps(scores.to_dict()))
    else:
        out.print(render_text(scores, verbose=verbose), markup=False, highlight=False)


# ---------------------------------------------------------------------------- facts
@app.command()
@one_line_errors
def facts(
    pair: Annotated[
        tuple[str, str] | None, typer.Option(help="Two countries (codes or names): --pair VN KZ.")
    ] = None,
    fact_type: Annotated[str | None, typer.Option("--type", help="visit, meeting, agreement, relation, indicator or commitment.")] = None,
    since: Annotated[str | None, typer.Option(help="Only facts dated on or after YYYY[-MM[-DD]].")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, json or csv.")] = OutputFormat.table,
    limit: Annotated[int | None, typer.Option(help="At most this many facts.")] = None,
    db: DbOption = None,
) -> None:
    """List stored facts, filtered by country pair, type and date."""
    from bilat.query.facts import FactQuery, query_facts
    from bilat.store import open_store

    settings = settings_for(db)
    with open_store(settings.db_url) as store:
        rows = query_facts(store, FactQuery.parse(pair, fact_type, since, limit))
    if fmt is OutputFormat.json:
        out.print(json.dumps(rows, ensure_ascii=False, indent=2), markup=False, highlight=False)
    elif fmt is OutputFormat.csv:
        sys.stdout.write(_csv(rows))
    else:
        from bilat.cli.render import facts_table

        out.print(facts_table(rows))


def _csv(rows: list[dict[str, Any]]) -> str:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: "|".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )
    return buffer.getvalue()


# ---------------------------------------------------------------------------- bench
@app.command()
@one_line_errors
def bench(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of articles.")],
    min_docs: Annotated[int, typer.Option(help="Repeat the texts until at least this many documents.")] = 100,
) -> None:
    """Docs/s of bilat extract and of bare nlp.pipe over the same texts, and their ratio."""
    from bilat.bench import run_bench

    result = run_bench(paths, settings_for(None), min_docs=min_docs)
    out.print(result.render(), markup=False, highlight=False)


def run() -> None:
    """The ``bilat`` executable: usage errors as one line too, not a framed help box."""
    try:  # Typer >= 0.20 vendors click; older releases use click itself.
        from typer._click import exceptions as click_errors
    except ImportError:  # pragma: no cover - depends on the Typer release
        from click import exceptions as click_errors  # type: ignore[no-redef]

    try:
        code = app(standalone_mode=False)
    except click_errors.UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            app(["--help"])
        command = error.ctx.command_path if error.ctx else "bilat"
        err.print(f"error: {error.format_message()} (see: {command} --help)", markup=False, highlight=False)
        raise SystemExit(2) from None
    except typer.Abort:
        raise SystemExit(130) from None
    except BrokenPipeError:  # output piped into `head`: not an error
        raise SystemExit(0) from None
    except click_errors.ClickException as error:
        err.print(f"error: {error.format_message()}", markup=False, highlight=False)
        raise SystemExit(error.exit_code) from None
    raise SystemExit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    run()
