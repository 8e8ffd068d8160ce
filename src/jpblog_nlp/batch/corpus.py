"""The notebook entry point of a batch: ``load_corpus(path).analyze()``.

    corpus = jpblog_nlp.load_corpus("corpus/")
    result = corpus.analyze(workers=2)          # or out="results/" to choose the results folder
    result.posts.head()                          # pandas DataFrames, columns in docs/batch.md
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import InputError
from ..sources import discover_files, iter_posts
from ..text.records import Post
from .results import BatchResult
from .runner import Progress, run_batch


def default_results_folder(root: Path) -> Path:
    """Where ``Corpus.analyze`` keeps results when no folder is given: a per-corpus cache folder."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache / "jpblog" / "batch" / f"{root.resolve().name}-{digest}"


class Corpus:
    """A folder (or export/feed file) of posts.

    Args:
        root: The folder or file.
        format: Force a source format for every file.
        include_drafts: Also include draft entries of Movable Type exports.
    """

    def __init__(self, root: str | os.PathLike[str], *, format: str | None = None,
                 include_drafts: bool = False) -> None:
        self.root = Path(root)
        if not self.root.exists():
            raise InputError("no such file or folder", source=str(self.root), hint="check the path")
        self.format = format
        self.include_drafts = include_drafts

    @property
    def files(self) -> list[Path]:
        """The supported files of the corpus."""
        return discover_files(self.root) if self.root.is_dir() else [self.root]

    def __iter__(self) -> Iterator[Post]:
        """The posts that load (failures are skipped; ``analyze`` records them)."""
        for item in iter_posts(self.root, format=self.format, include_drafts=self.include_drafts, errors="skip"):
            if isinstance(item, Post):
                yield item

    def analyze(
        self,
        out: str | os.PathLike[str] | None = None,
        *,
        workers: int | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        topics: int | None = None,
        progress: Callable[[Progress], None] | None = None,
        **options: object,
    ) -> BatchResult:
        """Analyse every post (resumable: only new or changed posts are analysed again).

        Args:
            out: Results folder; default: a cache folder per corpus (``~/.cache/jpblog/batch/...``).
            workers: Processes analysing posts (see ``run_batch``).
            engine: A key of ``engines.ENGINES`` ("local", "serial" or "dask").
            scheduler: A Dask scheduler address (engine "dask"); None starts a local cluster.
            topics: Number of topics to discover (None: topic discovery chooses).
            progress: Progress callback (see ``run_batch``).
            **options: Fields of ``AnalysisOptions``, as ``analysis.analyze`` takes them (e.g.
                ``themes="my-themes.toml"``).

        Returns:
            The result with its DataFrames.
        """
        folder = Path(out) if out is not None else default_results_folder(self.root)
        return run_batch(self.root, folder, workers=workers, engine=engine, scheduler=scheduler, options=options,
                         topics=topics,
                         format=self.format, include_drafts=self.include_drafts, progress=progress)

    def __repr__(self) -> str:
        return f"Corpus({str(self.root)!r})"


def load_corpus(path: str | os.PathLike[str], *, format: str | None = None, include_drafts: bool = False) -> Corpus:
    """Open a corpus folder (or an export/feed file) for batch analysis.

    Args:
        path: The folder (searched recursively) or file.
        format: Force a source format for every file.
        include_drafts: Also include draft entries of Movable Type exports.

    Returns:
        The corpus; call ``.analyze()`` on it.
    """
    return Corpus(path, format=format, include_drafts=include_drafts)
