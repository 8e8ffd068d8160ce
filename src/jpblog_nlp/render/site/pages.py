"""The site's post pages: the single-post report (``post.html.j2``) with the site's shared assets and a nav.

A page is rendered from the analysis dict stored by the batch, exactly as ``jpblog analyze --format html``
renders it (``post_html.post_context``), with one compiled template for all pages; only the stylesheet
and scripts become links to ``../assets/`` and the nav links the index and the neighbouring posts in
corpus order.
"""

from __future__ import annotations

import multiprocessing
import threading
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ..post_html import CHART_SCRIPT, PAGE_SCRIPT, environment, post_context, site_csp
from .data import page_name

#: The order of the previous/next links, said on every page.
ORDER = "corpus order"
#: Fewer pages than this are written in this process: starting worker processes would cost more.
PARALLEL_MIN_PAGES = 200
#: Pages handed to a worker process at a time.
CHUNK_PAGES = 64


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A linked neighbouring post."""

    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Nav:
    """The nav of a post page: the index, the previous and next posts, where this post stands."""

    index: str
    prev: Neighbour | None
    next: Neighbour | None
    ordinal: int
    total: int
    order: str = ORDER


def nav_for(ordinal: int, total: int, titles: list[str]) -> Nav:
    """The nav of post ``ordinal`` (1-based) among ``total``; ``titles`` are the posts' titles in order."""

    def neighbour(o: int) -> Neighbour | None:
        if not 1 <= o <= total:
            return None
        return Neighbour(page_name(o, total), titles[o - 1] if o - 1 < len(titles) else "")

    return Nav("../index.html#posts", neighbour(ordinal - 1), neighbour(ordinal + 1), ordinal, total)


@dataclass(frozen=True, slots=True)
class PagesWritten:
    """How many post pages were written, and their bytes."""

    n_pages: int
    n_bytes: int


@dataclass(frozen=True, slots=True)
class _PageJob:
    """What every page writer shares: the folder, the number of posts and their titles (for the nav)."""

    folder: Path
    total: int
    titles: list[str]


#: The job of the page writers of this process (set before the pool forks, inherited by its workers).
_JOB: _PageJob | None = None


def write_pages(packed: Iterable[bytes], folder: Path, total: int, titles: list[str], *,
                workers: int = 1) -> PagesWritten:
    """Render and write every post page into ``folder`` from the stored analyses, still packed.

    Rendering a page (the view, the template) costs about a millisecond, as much as the rest of the site
    together on a large corpus, and a batch's analysis runs on several processes: so do the pages.  With
    ``workers`` > 1, at least ``PARALLEL_MIN_PAGES`` pages and a process that may fork safely (Linux, no
    other thread running: a batch on the Dask engine keeps its client's threads, and writes its pages
    here), chunks of packed analyses go to forked processes that unpack, render and write them.  The pages
    are the same either way; a damaged analysis becomes a page without content rather than shifting the
    pages after it.

    Args:
        packed: Each post's analysis as stored (``batch.store.pack``), in corpus order.
        folder: The site's ``posts/`` folder (fresh: created by this build).
        total: Number of posts.
        titles: The posts' titles in corpus order.
        workers: Processes to write pages with.
    """
    global _JOB
    _JOB = _PageJob(folder, total, titles)
    chunks = _chunks(packed)
    try:
        if workers > 1 and total >= PARALLEL_MIN_PAGES and may_fork():
            with multiprocessing.get_context("fork").Pool(min(workers, total // CHUNK_PAGES + 1)) as pool:
                done = list(pool.imap(_write_chunk, chunks))
        else:
            done = [_write_chunk(chunk) for chunk in chunks]
    finally:
        _JOB = None
    return PagesWritten(sum(n for n, _ in done), sum(b for _, b in done))


def may_fork() -> bool:
    """Whether this process can fork page writers: the fork start method exists, and no other thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _chunks(packed: Iterable[bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """(first ordinal, packed analyses) in chunks of ``CHUNK_PAGES``."""
    it = iter(packed)
    first = 1
    while chunk := list(islice(it, CHUNK_PAGES)):
        yield first, chunk
        first += len(chunk)


def _write_chunk(chunk: tuple[int, list[bytes]]) -> tuple[int, int]:
    """Unpack, render and write one chunk of pages; (pages, bytes)."""
    from ...batch.store import unpack

    job = _JOB
    if job is None:  # pragma: no cover - only called by write_pages
        raise RuntimeError("write_pages sets the job before writing")
    first, blobs = chunk
    template = environment().get_template("post.html.j2")
    shared = _shared_context()
    n_bytes = 0
    for ordinal, blob in enumerate(blobs, start=first):
        try:
            data = unpack(blob)
        except (zlib.error, ValueError, TypeError):  # damaged: orjson.JSONDecodeError is a ValueError
            data = None
        context = post_context(data if isinstance(data, dict) else {})
        context.update(shared)
        context["nav"] = nav_for(ordinal, job.total, job.titles)
        page = template.render(**context).encode("utf-8")
        with open(job.folder / page_name(ordinal, job.total), "wb") as handle:
            handle.write(page)
        n_bytes += len(page)
    return len(blobs), n_bytes


def _shared_context() -> dict[str, Any]:
    """What every post page of the site shares: its CSP, the assets' folder and scripts."""
    return {"csp": site_csp(), "assets": "../assets/", "scripts": [CHART_SCRIPT, PAGE_SCRIPT],
            "css": "", "inline_scripts": []}
