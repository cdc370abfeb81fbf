"""The one place that picks a processor: in this process, in worker processes, or on Ray."""

from __future__ import annotations

from bilat.engine.base import DocumentProcessor
from bilat.errors import BilatError, E
from bilat.settings import Settings

ENGINES = ("local", "ray")


def make_processor(
    settings: Settings, engine: str = "local", jobs: int | None = None, address: str | None = None
) -> DocumentProcessor:
    """A processor for ``engine``: ``local`` runs in this process (``jobs`` <= 1) or in
    ``jobs`` worker processes; ``ray`` runs on Ray actors (a local Ray, or the cluster at
    ``address``). Close it when done."""
    if engine == "ray":
        from bilat.engine.ray_engine import RayProcessor

        return RayProcessor(settings, address=address, jobs=jobs)
    if engine != "local":
        raise BilatError(E.E037, value=engine, choices=", ".join(ENGINES))
    if jobs is not None and jobs > 1:
        from bilat.engine.parallel import ParallelProcessor

        return ParallelProcessor(settings, jobs)
    from bilat.engine.pipeline import Processor

    return Processor(settings)
