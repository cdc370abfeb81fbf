"""The ingest progress bar: documents done, their outcome, and docs/s (rich)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class DocsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} docs/s")


@contextmanager
def ingest_progress(console: Console, quiet: bool) -> Iterator[Callable[[str, str], None] | None]:
    if quiet:
        yield None
        return
    outcomes: Counter[str] = Counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} docs"),
        DocsPerSecond(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[outcomes]}"),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=None, outcomes="")

        def update(event: str, _source: str) -> None:
            outcomes[event] += 1
            summary = " ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            progress.update(task, advance=1, outcomes=summary)

        yield update
