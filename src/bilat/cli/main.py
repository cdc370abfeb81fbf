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

from bilat.errors import BilatError, E
from bilat.settings import Settings

app = typer.Typer(
    name="bilat",
    help=(
        "Turn French diplomatic news into a sourced, queryable record of relations between states."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])
# The two axes of time (see bilat.timeline): the world on a day, what articles had told by a day.
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The world on this day, YYYY[-MM[-DD]]: only what had happened by then.",
    ),
]
KnownByOption = Annotated[
    str | None,
    typer.Option(
        "--known-by",
        help="A reader's view on this day, YYYY[-MM[-DD]]: only articles published by then.",
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store URL or SQLite file (default: BILAT_DB, else the user data dir)."
    ),
]
_state: dict[str, bool] = {"debug": False}


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _print_version(wanted: bool) -> None:
    if wanted:
        from bilat import __version__

        out.print(f"bilat {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and stop."
        ),
    ] = False,
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
    kb: Annotated[
        Path | None, typer.Option(help="Your own YAML of persons and organisations.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes (default: all cores).", min=1),
    ] = None,
    engine: Annotated[str, typer.Option(help="local, or ray for a Ray cluster.")] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address (default: start a local Ray).")
    ] = None,
) -> None:
    """Read articles, extract their facts and store them; each document is stored whole or
    not at all."""
    from bilat.cli.progress import ingest_progress
    from bilat.engine import make_processor
    from bilat.engine.parallel import default_jobs

    settings = settings_for(db, user_kb=kb)
    # built first: a bad --engine creates no store (workers start only when documents come)
    processor = make_processor(settings, engine, jobs or default_jobs(), address)
    try:
        with (
            _open_api(db, writing=True, settings=settings) as api,
            ingest_progress(err, quiet) as progress,
        ):
            report = api.ingest(paths, progress=progress, processor=processor)
    finally:
        processor.close()
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
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="Facts JSONL file (- for stdout), or a .parquet file."),
    ] = "-",
    kb: Annotated[
        Path | None, typer.Option(help="Your own YAML of persons and organisations.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (default: 1).", min=1)
    ] = None,
    engine: Annotated[str, typer.Option(help="local, or ray for a Ray cluster.")] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address (default: start a local Ray).")
    ] = None,
) -> None:
    """Extract facts to JSONL (the FORMAT.md contract), without a store."""
    from bilat.engine import make_processor, run_extract
    from bilat.export.tables import FactsSink

    settings = settings_for(None, user_kb=kb)
    processor = make_processor(settings, engine, jobs, address)
    try:
        with FactsSink(output) as sink:  # JSONL, or Parquet row groups for a bulk load
            report = run_extract(paths, settings, processor, sink)
    finally:
        processor.close()
    for message in report.messages:
        err.print(message, markup=False, highlight=False)
    err.print(report.summary(), markup=False, highlight=False)
    if not report.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------- evaluate
@app.command()
@one_line_errors
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold facts JSONL.")],
    pred: Annotated[Path, typer.Argument(help="Predicted facts JSONL.")],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List misses and spurious facts.")
    ] = False,
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
    fact_type: Annotated[
        str | None,
        typer.Option(
            "--type", help="visit, meeting, agreement, relation, indicator or commitment."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only facts dated on or after YYYY[-MM[-DD]].")
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
    limit: Annotated[int | None, typer.Option(help="At most this many facts.")] = None,
    db: DbOption = None,
) -> None:
    """List stored facts, filtered by country pair, type and date."""
    with _open_api(db) as api:
        rows = api.facts(pair or (), fact_type, since, limit)
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


# ---------------------------------------------------------------------------- knowledge
class DossierFormat(str, Enum):
    md = "md"
    json = "json"
    html = "html"


def _open_api(
    db: str | None, writing: bool = False, settings: Settings | None = None, create: bool = True
) -> Any:
    """The store through the Python API: read-only (never created nor changed) unless the
    command writes."""
    from bilat.api import Bilat

    api = Bilat(settings=settings or settings_for(db), readonly=not writing, create=create)
    api.store  # noqa: B018 - opened now: a missing or older store fails before any output
    return api


def _print_json(data: Any) -> None:
    out.print(json.dumps(data, ensure_ascii=False, indent=2), markup=False, highlight=False)


@app.command()
@one_line_errors
def events(
    pair: Annotated[
        tuple[str, str] | None, typer.Option(help="Two countries: --pair VN KZ.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Events touching one country.")] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            help="visit, meeting, agreement, relation, indicator, commitment (repeatable).",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Events ending on or after YYYY[-MM[-DD]].")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Events starting on or before YYYY[-MM[-DD]].")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    explain: Annotated[
        bool, typer.Option(help="Show every report with the reason it joined.")
    ] = False,
    as_of: AsOfOption = None,
    known_by: KnownByOption = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Events merged across articles: one line per real event, with its sources."""
    codes = list(pair or ()) + ([country] if country else [])
    with _open_api(db) as api:
        rows = api.events(
            codes,
            event_type or (),
            since,
            until,
            limit,
            explain=explain,
            as_of=as_of,
            known_by=known_by,
        )
    if fmt is OutputFormat.json:
        _print_json(rows)
    elif fmt is OutputFormat.csv:
        sys.stdout.write(_csv([{k: v for k, v in r.items() if k != "members"} for r in rows]))
    else:
        from bilat.cli.render import events_table, members_lines

        out.print(events_table(rows))
        if explain:
            for row in rows:
                out.print(members_lines(row), markup=False, highlight=False)


@app.command()
@one_line_errors
def event(
    event_id: Annotated[int, typer.Argument(help="An event id from `bilat events`.")],
    db: DbOption = None,
) -> None:
    """One event: its merged record and every report, with why it joined."""
    with _open_api(db) as api:
        row = api.event(event_id)
    if row is None:
        raise BilatError(E.E038, what="event", value=event_id)
    _print_json(row)


@app.command()
@one_line_errors
def entity(
    name: Annotated[str, typer.Argument(help="A person's name or any form of it.")],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """A person: aliases, offices with when they were seen, and the events they took part in."""
    with _open_api(db) as api:
        row = api.entity(name)
    if row is None:
        raise BilatError(E.E038, what="person", value=name)
    if fmt is OutputFormat.json:
        _print_json(row)
        return
    from bilat.cli.render import entity_text

    out.print(entity_text(row), markup=False, highlight=False)


@app.command()
@one_line_errors
def partners(
    country: Annotated[str, typer.Argument(help="A country code or name.")],
    level: Annotated[
        str | None, typer.Option(help="Only partners at this level (strategic_partnership...).")
    ] = None,
    as_of: AsOfOption = None,
    known_by: KnownByOption = None,
    at_least: Annotated[
        bool, typer.Option("--at-least", help="Partners at this level or higher.")
    ] = False,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """A country's partners and their level on a date, beside the counts articles state."""
    with _open_api(db) as api:
        result = api.partners(country, level, as_of, at_least, known_by)
    if fmt is OutputFormat.json:
        _print_json(result)
    elif fmt is OutputFormat.csv:
        sys.stdout.write(_csv(result["partners"]))
    else:
        from bilat.cli.render import partners_text

        out.print(partners_text(result), markup=False, highlight=False)


@app.command()
@one_line_errors
def commitments(
    a: Annotated[str, typer.Argument(help="First country.")],
    b: Annotated[str, typer.Argument(help="Second country.")],
    status: Annotated[str | None, typer.Option(help="open, in_progress or fulfilled.")] = None,
    as_of: AsOfOption = None,
    known_by: KnownByOption = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """What a pair committed to, and whether later facts carried it out."""
    with _open_api(db) as api:
        rows = api.commitments(a, b, status, as_of, known_by)
    if fmt is OutputFormat.json:
        _print_json(rows)
        return
    from bilat.cli.render import commitments_text

    out.print(commitments_text(rows), markup=False, highlight=False)


@app.command()
@one_line_errors
def dossier(
    a: Annotated[str, typer.Argument(help="First country.")],
    b: Annotated[str, typer.Argument(help="Second country.")],
    as_of: AsOfOption = None,
    known_by: KnownByOption = None,
    fmt: Annotated[
        DossierFormat, typer.Option("--format", help="md, json or html.")
    ] = DossierFormat.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    db: DbOption = None,
) -> None:
    """The country pair at a glance, every line with numbered citations."""
    from bilat.export.dossier import to_html, to_markdown

    with _open_api(db) as api:
        data = api.dossier(a, b, as_of, known_by)
    if fmt is DossierFormat.json:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    elif fmt is DossierFormat.html:
        text = to_html(data)
    else:
        text = to_markdown(data)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


class ListFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
@one_line_errors
def search(
    q: Annotated[str, typer.Argument(help="Text to find in sentences and names.")],
    limit: Annotated[int, typer.Option(help="At most this many facts and persons.", min=1)] = 20,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json.")] = ListFormat.table,
    db: DbOption = None,
) -> None:
    """Facts whose sentence contains Q, persons whose name does, and the country Q names."""
    with _open_api(db) as api:
        result = api.search(q, limit)
    if fmt is ListFormat.json:
        _print_json(result)
        return
    from bilat.cli.render import search_tables

    for table in search_tables(result):
        out.print(table)


@app.command()
@one_line_errors
def pairs(
    limit: Annotated[int, typer.Option(help="At most this many pairs.", min=1)] = 50,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json.")] = ListFormat.table,
    db: DbOption = None,
) -> None:
    """Pairs of countries with events, most covered first."""
    with _open_api(db) as api:
        rows = api.pairs(limit)
    if fmt is ListFormat.json:
        _print_json(rows)
        return
    from bilat.cli.render import pairs_table

    out.print(pairs_table(rows))


@app.command()
@one_line_errors
def resolve(db: DbOption = None) -> None:
    """Rebuild every event from the stored facts (after changing the merging rules)."""
    with _open_api(db, writing=True, create=False) as api:
        count = api.resolve()
    err.print(f"events rebuilt from {count} documents", markup=False, highlight=False)


@app.command()
@one_line_errors
def upgrade(db: DbOption = None) -> None:
    """Bring the store to this bilat's schema version and rebuild its events if needed."""
    with _open_api(db, writing=True, create=False) as api:
        report = api.upgrade()
    err.print(report.summary(), markup=False, highlight=False)


@app.command()
@one_line_errors
def check(db: DbOption = None) -> None:
    """Verify the store's integrity; exit status 1 when a problem is found."""
    with _open_api(db) as api:
        report = api.check()
    counts = ", ".join(f"{n} {table}" for table, n in report.counts.items())
    for problem in report.problems:
        err.print(problem, markup=False, highlight=False)
    verdict = "sound" if report.ok else f"{len(report.problems)} problems"
    out.print(
        f"store {verdict}: {len(report.checks)} checks over {counts}", markup=False, highlight=False
    )
    if not report.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------- web and exports
@app.command()
@one_line_errors
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    allow_ingest: Annotated[
        bool, typer.Option("--allow-ingest", help="Accept POST /api/ingest (needs --token).")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            help="Bearer token for POST /api/ingest (or BILAT_INGEST_TOKEN).",
            envvar="BILAT_INGEST_TOKEN",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /openapi.json, docs at /api/docs)."""
    import uvicorn

    from bilat.web.app import create_app

    if allow_ingest and not token:
        raise BilatError(E.E041)
    application = create_app(settings_for(db), ingest_token=token if allow_ingest else None)
    application.state.bilat.store  # noqa: B018 - opened now: a missing store fails here
    err.print(f"bilat serving http://{host}:{port}/", markup=False, highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"
    jsonld = "jsonld"


class ExportWhat(str, Enum):
    facts = "facts"
    events = "events"
    entities = "entities"
    relations = "relations"
    all = "all"


@app.command()
@one_line_errors
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="jsonl, csv, parquet, graphml or jsonld.")
    ],
    what: Annotated[
        ExportWhat,
        typer.Option(
            help="facts, events, entities, relations, or all: the whole store as JSONL "
            "(.gz compresses), for `bilat import`."
        ),
    ] = ExportWhat.facts,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")] = Path("-"),
    bom: Annotated[
        bool, typer.Option(help="CSV only: start with a UTF-8 BOM for spreadsheets.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Export facts, events, entities or relations for other tools, or back up the whole store."""
    from bilat.export.tables import export_store

    with _open_api(db) as api:
        count = export_store(api, what.value, fmt.value, output, bom=bom)
    written = "rows of the store" if what is ExportWhat.all else what.value
    err.print(f"{count} {written} written to {output}", markup=False, highlight=False)


@app.command("import")
@one_line_errors
def import_dump(
    dump: Annotated[
        Path,
        typer.Argument(help="A dump of `bilat export --what all` (.jsonl[.gz]; - for stdin)."),
    ],
    db: DbOption = None,
) -> None:
    """Load a whole-store dump into an empty store, in one transaction: all of it or nothing."""
    with _open_api(db, writing=True) as api:
        counts = api.load(dump)
    tables = sum(1 for n in counts.values() if n)
    err.print(
        f"{sum(counts.values())} rows of {tables} tables imported from {dump}",
        markup=False,
        highlight=False,
    )


@app.command()
@one_line_errors
def plot(
    kind: Annotated[
        str, typer.Argument(help="trade (a pair), events (a pair) or partners (a country).")
    ],
    countries: Annotated[list[str], typer.Argument(help="The pair, or the country for partners.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="A .png or .svg file.")] = Path(
        "plot.svg"
    ),
    db: DbOption = None,
) -> None:
    """Draw a plot to PNG or SVG: trade over time, events per month, partners by level."""
    from bilat.export.plots import render_plot

    fmt = output.suffix.lstrip(".").lower()
    with _open_api(db) as api:
        output.write_bytes(render_plot(api, kind, countries, fmt))
    err.print(f"{kind} plot written to {output}", markup=False, highlight=False)


# ---------------------------------------------------------------------------- bench
@app.command()
@one_line_errors
def bench(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders of articles.")] = None,
    min_docs: Annotated[
        int, typer.Option(help="Repeat the texts until at least this many documents.")
    ] = 100,
    processes: Annotated[
        list[int] | None,
        typer.Option(
            "--processes",
            "-p",
            help="Also time bilat in this many worker processes (repeatable; default 2).",
        ),
    ] = None,
    synthetic: Annotated[
        int, typer.Option(help="Benchmark this many generated articles instead of PATHS.")
    ] = 0,
    off_topic: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="With --synthetic: this share of the articles is other news (sport, weather…).",
        ),
    ] = 0.0,
    full_parse: Annotated[
        bool,
        typer.Option(
            help="Also time bilat parsing every sentence (no skipping of irrelevant text)."
        ),
    ] = False,
) -> None:
    """Docs/s of bare nlp.pipe, of bilat in one process and in N processes, same texts."""
    from bilat.bench import run_bench

    if not paths and not synthetic:
        raise BilatError(E.E010, path="(no PATHS and no --synthetic N)")
    result = run_bench(
        paths or [],
        settings_for(None),
        min_docs=min_docs,
        processes=tuple(processes or (2,)),
        synthetic=synthetic,
        off_topic=off_topic,
        full_parse=full_parse,
    )
    out.print(result.render(), markup=False, highlight=False)


def run() -> None:
    """The ``bilat`` executable: usage errors as one line too, not a framed help box."""
    from bilat.engine.parallel import single_threaded_math

    single_threaded_math()  # before numpy loads: spaCy on CPU is faster without BLAS threads
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
        err.print(
            f"error: {error.format_message()} (see: {command} --help)",
            markup=False,
            highlight=False,
        )
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
