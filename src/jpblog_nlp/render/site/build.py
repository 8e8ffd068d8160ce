"""Build the static corpus site of a results folder: ``report/index.html``, ``report/posts/NNNN.html`` and
``report/assets/`` (one stylesheet, the page scripts, Chart.js once).

The site is opened from disk (file://): no server, no request leaves the disk. It is rebuilt from the
stored results alone (tables + results store), so ``jpblog report`` can redo it after the analysis without
analysing again. It is written into a fresh sibling folder and swapped in at the end, so a failed build
leaves the previous site as it was and a rebuild with fewer posts leaves no stale pages behind.

``site.json`` in the site folder records each post's content hash at the last build (``changes``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...safe_io import os_error
from ..post_html import CHART_SCRIPT, PAGE_SCRIPT, STYLESHEET, template_file
from .changes import GENERATOR, MANIFEST, compare, read_manifest
from .data import PostLink, page_name
from .index import INDEX_SCRIPT, NETWORK_SCRIPT, render_index

#: Folder of the site inside a results folder, and the files it holds.
SITE_DIR = "report"
POSTS_DIR = "posts"
ASSETS_DIR = "assets"


@dataclass(frozen=True, slots=True)
class SiteFiles:
    """Where ``build_site`` wrote the site, how many post pages, their total size, and how long it took."""

    folder: Path
    index: Path
    n_pages: int
    page_bytes: int
    index_bytes: int
    asset_bytes: int
    seconds: float


def _check_out(out: Path) -> None:
    """Refuse a site folder we must not replace: a symlink, a file, or a folder that is not a jpblog site."""
    if out.is_symlink():
        raise InputError("the site folder is a symbolic link", source=str(out),
                         hint="give a real folder with --out, or remove the link")
    if not out.exists():
        return
    if not out.is_dir():
        raise InputError("the site folder is a file", source=str(out), hint="give a folder with --out")
    if any(out.iterdir()) and read_manifest(out) is None:
        raise InputError("the folder exists and is not a site written by jpblog (it has no site.json)",
                         source=str(out), hint="give a new or empty folder with --out, or remove this one")


def _write(path: Path, text: str) -> int:
    """Write a file of the fresh site folder (ours alone: created by this build); return its size."""
    data = text.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
    return len(data)


def _swap(new: Path, out: Path) -> None:
    """Put the freshly built folder in place of the old site (renames: the old site stays whole until then)."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        if old.exists():
            os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build_site(results: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, *,
               store: Any = None, notes: list[str] | None = None, title: str | None = None,
               workers: int = 1) -> SiteFiles:
    """Build the static site of a results folder from its tables and stored analyses.

    Args:
        results: A results folder written by ``jpblog batch`` (tables and ``results.sqlite``).
        out: The site folder (default ``RESULTS/report``); replaced if it holds an earlier jpblog site.
        store: The open ``ResultStore`` of the folder (the batch passes its own); opened here when None.
        notes: Remarks of the run, shown on the index.
        title: The index's title (default: the blog's name, or "Corpus report").
        workers: Processes writing the post pages (``pages.write_pages``); a batch gives its own count.

    Returns:
        Where the site is, and its sizes.

    Raises:
        InputError: Not a results folder, or the site folder cannot be written or replaced.
    """
    from ...batch.store import DB_NAME, ResultStore
    from .data import build_index
    from .network import read_network
    from .pages import write_pages

    started = time.perf_counter()
    results = Path(results)
    if not (results / "posts.parquet").exists() or not (results / DB_NAME).is_file():
        raise InputError("is not a results folder (no posts table or results database)", source=str(results),
                         hint="give the --out folder of a finished `jpblog batch` run")
    out = Path(out) if out is not None else results / SITE_DIR
    _check_out(out)
    own_store = store is None
    if own_store:
        store = ResultStore(results)
    tmp = out.with_name(f".{out.name}.new-{os.getpid()}")
    try:
        content = build_index(results, posts_dir=POSTS_DIR)
        titles = [row[1] for row in content.data["posts"]]
        n = content.n_posts
        if store.count()[0] != n:
            raise InputError("the tables and the results database disagree on the number of posts",
                             source=str(results), hint="run the same `jpblog batch` again to rewrite the tables")
        import pandas as pd

        sources = pd.read_parquet(results / "posts.parquet", columns=["source"])["source"].tolist()
        ordinal = {str(s): i + 1 for i, s in reversed(list(enumerate(sources)))}
        hashes = store.known_hashes()
        current = {str(k): (hashes.get(str(k), ""), titles[i]) for i, k in enumerate(sources)}

        def link(o: int) -> PostLink:
            return PostLink(o, f"{POSTS_DIR}/{page_name(o, n)}", titles[o - 1], content.data["posts"][o - 1][2])

        changes = compare(read_manifest(out) if out.is_dir() else None, current, ordinal, link)
        network = read_network(results)
        try:
            if tmp.exists():
                shutil.rmtree(tmp)
            (tmp / POSTS_DIR).mkdir(parents=True)
            (tmp / ASSETS_DIR).mkdir()
        except OSError as err:
            raise os_error(err, out, "site") from err
        try:
            asset_bytes = sum(_write(tmp / ASSETS_DIR / name, template_file(name))
                              for name in (STYLESHEET, PAGE_SCRIPT, CHART_SCRIPT, NETWORK_SCRIPT, INDEX_SCRIPT))
            written = write_pages(store.iter_packed(), tmp / POSTS_DIR, n, titles, workers=workers)
            page_bytes, n_pages = written.n_bytes, written.n_pages
            index_html = render_index(content, network, changes, notes=list(notes or []), title=title,
                                      graph_href=_relative(results, out))
            index_bytes = _write(tmp / "index.html", index_html)
            built = time.strftime("%Y-%m-%d %H:%M:%S")
            _write(tmp / MANIFEST, json.dumps({
                "generator": GENERATOR, "built": built, "changes": changes.to_dict(),
                "posts": {k: [h, t] for k, (h, t) in current.items()},
            }, ensure_ascii=False))
            _swap(tmp, out)
        except OSError as err:
            raise os_error(err, out, "site") from err
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if own_store:
            store.close()
    return SiteFiles(out, out / "index.html", n_pages, page_bytes, index_bytes, asset_bytes,
                     time.perf_counter() - started)


def _relative(results: Path, out: Path) -> str:
    """The URL of the results folder as seen from the site's index (for the network's GraphML/GEXF links)."""
    from urllib.parse import quote

    try:
        rel = os.path.relpath(results.resolve(), out.resolve())
    except ValueError:  # another drive (Windows): an absolute file URL instead
        return results.resolve().as_uri() + "/"
    return quote(Path(rel).as_posix()) + "/"
