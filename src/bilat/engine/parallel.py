"""Parse and extract on every core: worker processes that each load the model once.

:class:`ParallelProcessor` has :class:`~bilat.engine.pipeline.Processor`'s interface (documents
in, processed documents out, in input order), so ``ingest`` and ``extract`` use either. Work
goes out in batches, at most a few batches per worker in flight, so memory stays flat however
long the input is; only the facts, sentences and persons come back, never a spaCy ``Doc``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from bilat.engine.base import ProcessedDocument
from bilat.engine.pipeline import Processor
from bilat.kb.places import world_cities
from bilat.settings import Settings

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from bilat.ingest import Document

# Batches in flight per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 3
# Documents per task: small, so that the last tasks of a run keep every worker busy.
TASK_SIZE = 8
# The worker's own processor, built once by the pool's initializer (one per process).
_worker: Processor | None = None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def single_threaded_math() -> None:
    """One BLAS thread per process: with a worker per core, more threads only contend."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _start_worker(settings: Settings) -> None:
    global _worker
    single_threaded_math()
    _worker = Processor(settings)
    _worker.nlp  # noqa: B018 - load the model now, once, not with the first batch
    world_cities()  # and the city index the extractors read, likewise


def _process_batch(documents: list[Document]) -> list[ProcessedDocument]:
    assert _worker is not None, "the pool initializer builds the worker's processor"
    return list(_worker.process(documents))


class ParallelProcessor:
    """Documents through ``jobs`` worker processes, results in input order."""

    def __init__(self, settings: Settings, jobs: int | None = None) -> None:
        self.settings = settings
        self.jobs = max(1, jobs or default_jobs())
        self._pool: Any = None

    def start(self) -> ParallelProcessor:
        """Start the workers now (each loads the model) and keep them for every run."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # no inherited threads or locks
            self._pool = context.Pool(
                self.jobs, initializer=_start_worker, initargs=(self.settings,)
            )
            # wait until every worker has its model: a task per worker, each blocking briefly
            self._pool.map(_ready, range(self.jobs), chunksize=1)
        return self

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> ParallelProcessor:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def process(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument]:
        iterator = iter(documents)
        first = list(islice(iterator, self.settings.batch_size))
        if not first:
            return  # nothing new: no worker started, no model loaded
        second = list(islice(iterator, self.settings.batch_size))
        if (not second and self._pool is None) or self.jobs == 1:
            # one batch: starting workers (a model load each) would cost more than it saves
            local = Processor(self.settings)
            yield from local.process(chain(first, second, iterator))
            return
        owned = self._pool is None
        pool = self.start()._pool
        try:
            pending: deque[AsyncResult[list[ProcessedDocument]]] = deque()
            for batch in _batches(first, iter(second), iterator, TASK_SIZE):
                pending.append(pool.apply_async(_process_batch, (batch,)))
                while len(pending) >= self.jobs * IN_FLIGHT_PER_WORKER:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
        finally:
            if owned:
                self.close()


def _batches(
    first: list[Document], second: Iterator[Document], rest: Iterator[Document], size: int
) -> Iterator[list[Document]]:
    documents = chain(first, second, rest)
    while batch := list(islice(documents, size)):
        yield batch


def _ready(_: int) -> bool:
    import time

    time.sleep(0.2)  # long enough that every worker takes one of these tasks
    return _worker is not None
