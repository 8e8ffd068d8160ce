"""The engines of one machine: ``serial`` (this process) and ``local`` (a multiprocessing pool).

Both are post-level engines: they map ``worker.analyze_task`` over the tasks of the parent's scan
(``Scan.tasks()``, which reads the files in the parent) and yield each ``Outcome`` as it is ready.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from ...options import AnalysisOptions
from ..scan import Outcome, Task
from ..worker import analyze_task, init_worker, one_blas_thread


def serial_engine(tasks: Iterable[Task], *, options: AnalysisOptions, workers: int = 1,
                  chunksize: int = 1) -> Iterator[Outcome]:
    """Analyse in this process, one post after another (the engine of ``workers=1``).

    BLAS is kept to one thread while posts are analysed, and given back its threads afterwards (topic
    discovery over the whole corpus may use them).
    """
    init_worker(options, ignore_sigint=False)
    with one_blas_thread():
        for task in tasks:
            yield analyze_task(task)


def local_engine(tasks: Iterable[Task], *, options: AnalysisOptions, workers: int = 2,
                 chunksize: int = 8) -> Iterator[Outcome]:
    """Analyse in a multiprocessing pool of ``workers`` processes (``imap_unordered``).

    Posts in flight are bounded: ``Pool.imap_unordered`` pulls its input as fast as it can, which would
    read the whole corpus into the task queue. A semaphore taken for each task handed over and given back
    for each outcome received keeps at most ``4 * workers * chunksize`` posts in flight (flat memory).
    """
    if workers <= 1:
        yield from serial_engine(tasks, options=options)
        return
    import multiprocessing

    bound = threading.Semaphore(4 * workers * chunksize)
    stop = threading.Event()

    def feed() -> Iterator[Task]:
        for task in tasks:
            while not bound.acquire(timeout=0.1):
                if stop.is_set():
                    return
            yield task

    # fork on Linux (the parent's imports are shared); the initializer is spawn-safe as well.
    with multiprocessing.Pool(workers, initializer=init_worker, initargs=(options,)) as pool:
        try:
            for outcome in pool.imap_unordered(analyze_task, feed(), chunksize=chunksize):
                bound.release()
                yield outcome
        finally:
            stop.set()
            pool.terminate()
