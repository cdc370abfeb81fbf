"""Extraction on a Ray cluster: actors that each hold the model, fed batch by batch.

:class:`RayProcessor` has the local processor's interface, so ``bilat ingest --engine ray``
writes to the same store through the same code and gives the same facts, document for
document. Without ``--address`` a local Ray is started on this machine's cores.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from bilat.engine.base import ProcessedDocument
from bilat.engine.parallel import IN_FLIGHT_PER_WORKER, default_jobs
from bilat.engine.pipeline import Processor
from bilat.settings import Settings

if TYPE_CHECKING:
    from bilat.ingest import Document


class _Extractor:
    """A Ray actor: the pipeline and knowledge base, loaded once in its process."""

    def __init__(self, settings: Settings) -> None:
        self.processor = Processor(settings)
        self.processor.nlp  # noqa: B018 - load the model when the actor starts

    def process(self, documents: list[Document]) -> list[ProcessedDocument]:
        return list(self.processor.process(documents))


class RayProcessor:
    """Documents through ``jobs`` Ray actors, results in input order."""

    def __init__(
        self, settings: Settings, address: str | None = None, jobs: int | None = None
    ) -> None:
        self.settings = settings
        self.address = address
        self.jobs = max(1, jobs or default_jobs())

    def _connect(self) -> Any:
        import ray

        if not ray.is_initialized():
            if self.address:
                ray.init(address=self.address, log_to_driver=False)
            else:
                ray.init(num_cpus=self.jobs, include_dashboard=False, log_to_driver=False)
        return ray

    def close(self) -> None:
        """Nothing to release: each run kills the actors it started."""

    def process(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument]:
        iterator = iter(documents)
        first = list(islice(iterator, self.settings.batch_size))
        if not first:
            return  # nothing new: no cluster needed
        ray = self._connect()
        actor = ray.remote(num_cpus=1)(_Extractor)
        workers = [actor.remote(self.settings) for _ in range(self.jobs)]
        pending: deque[Any] = deque()
        batch, n = first, 0
        while batch:
            pending.append(workers[n % len(workers)].process.remote(batch))
            n += 1
            while len(pending) >= len(workers) * IN_FLIGHT_PER_WORKER:
                yield from ray.get(pending.popleft())
            batch = list(islice(iterator, self.settings.batch_size))
        while pending:
            yield from ray.get(pending.popleft())
        for worker in workers:
            ray.kill(worker)
