"""Engines: how a batch maps the analysis over a corpus, by name (``ENGINES``).

A post-level engine (``Engine.posts``) receives the tasks of the parent's scan and yields outcomes; a
file-level engine (``Engine.files``) receives the scan itself, reads the files where it runs and reports
back through the scan (``Scan.files_to_read``, ``record``, ``post_met``, ``files_read``, ``finish``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Protocol

from ...options import AnalysisOptions
from ...registry import BATCH_ENGINES
from ..scan import Outcome, Scan, Task
from .local import local_engine, serial_engine


class PostEngine(Protocol):
    """Maps the analysis over the tasks of the parent's scan."""

    def __call__(self, tasks: Iterable[Task], *, options: AnalysisOptions, workers: int,
                 chunksize: int) -> Iterator[Outcome]: ...


class FileEngine(Protocol):
    """Reads and analyses the scan's files where it runs."""

    def __call__(self, scan: Scan, *, options: AnalysisOptions, workers: int | None, chunksize: int | None,
                 scheduler: str | None) -> Iterator[Outcome]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Engine:
    """An engine: exactly one of ``posts`` and ``files``.

    Attributes:
        posts: A post-level engine.
        files: A file-level engine (takes a scheduler address).
        partitioned: Its Parquet tables are written as dataset folders of parts.
    """

    posts: PostEngine | None = None
    files: FileEngine | None = None
    partitioned: bool = False

    def __post_init__(self) -> None:
        if (self.posts is None) == (self.files is None):
            raise ValueError("an engine is either post-level or file-level")


def _dask_engine(scan: Scan, *, options: AnalysisOptions, workers: int | None, chunksize: int | None,
                 scheduler: str | None) -> Iterator[Outcome]:
    """The Dask engine (``engines.dask``), imported when used: ``dask`` and ``distributed`` are optional."""
    from .dask import dask_engine

    return dask_engine(scan, options=options, workers=workers, chunksize=chunksize, scheduler=scheduler)


LOCAL = Engine(posts=local_engine)
SERIAL = Engine(posts=serial_engine)
DASK = Engine(files=_dask_engine, partitioned=True)
#: Engines by name: the registry's table (``jpblog_nlp.registry.BATCH_ENGINES``), where users add theirs.
ENGINES = BATCH_ENGINES
