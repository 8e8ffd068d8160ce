"""List a corpus folder: the post files to read, what cannot be read, and what is left out on purpose.

Apart from reading, so that the batch scan (``batch.scan``) lists a folder exactly as ``iter_posts`` does
and can record the failures and notes itself, before any file is read.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from ..errors import InputError
from .localfile import file_kind, read_regular_file
from .records import FolderScan, LoadFailure
from .sniff import SUFFIXES

_NOT_POSTS = ("LICENSE", "README", "CHANGES", "CREDITS", "SOURCES")

#: A folder holding one of these is a results folder of ``jpblog batch --out`` (``store.DB_NAME``), not
#: posts: its report.md and report.html would otherwise be read as two posts.
RESULTS_MARKER = "results.sqlite"
#: ...or holding the batch summary (``corpus.BATCH_FILE``) beside a report: a results folder copied
#: without its SQLite store.
RESULTS_SUMMARY, RESULTS_REPORTS = "batch.json", ("report.md", "report.html")


#: A folder holding this file, written by jpblog (its ``generator``), is a corpus site of ``jpblog batch`` or
#: ``jpblog report --out`` (``render/site``): its index.html and post pages are an analysis, not posts.
#: The values are the site builder's (``render.site.changes``); they are repeated here because reading a
#: corpus comes before rendering in the layout and must not import it (a test keeps the two equal).
SITE_MARKER, SITE_GENERATOR = "site.json", "jpblog-nlp site"
#: The largest ``site.json`` read to check its generator (one line a post: a few MB for a big blog).
SITE_MARKER_LIMIT = 64 * 1024 * 1024


def is_results_folder(names: set[str] | frozenset[str]) -> bool:
    """True when a folder's file names show a results folder of ``jpblog batch --out``.

    Its reports and tables are results, never posts; a corpus that holds an old results folder would
    otherwise gain ``report.md`` and ``report.html`` as two posts.
    """
    return RESULTS_MARKER in names or (RESULTS_SUMMARY in names and any(r in names for r in RESULTS_REPORTS))


def is_jpblog_site(folder: Path, names: set[str] | frozenset[str]) -> bool:
    """True when a folder, whose file names are ``names``, holds a corpus site written by jpblog.

    A ``site.json`` alone is not enough (a blog export may carry one): its ``generator`` must be jpblog's.
    A site moved out of its results folder, or written into a corpus with ``jpblog report --out``, would
    otherwise come back as one post per page (HTML is a post format) and, worse, as the next analysis of
    the blog's own words.
    """
    if SITE_MARKER not in names or (folder / SITE_MARKER).is_symlink():
        return False
    try:
        data = json.loads(read_regular_file(folder / SITE_MARKER, SITE_MARKER_LIMIT, what="a site.json"))
    except (InputError, ValueError, RecursionError):
        return False  # unreadable or not JSON: not ours, the folder is read as usual
    return isinstance(data, dict) and data.get("generator") == SITE_GENERATOR


def results_folder_note(folder: Path) -> str:
    """The note said once for a results folder or a jpblog site left out of a corpus."""
    if (folder / SITE_MARKER).is_file() and not (folder / RESULTS_MARKER).exists():
        return f"{folder}: left out: a jpblog site (its pages are an analysis, not posts)"
    return f"{folder}: left out: a jpblog results folder (its reports and tables are not posts)"


def _not_regular(path: Path) -> str:
    """What a non-regular entry is, for its failure message."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a broken symbolic link" if path.is_symlink() else "an entry that cannot be examined"
    if stat.S_ISDIR(mode):
        return "a folder behind a symbolic link (not followed)"
    return file_kind(mode)


def scan_folder(root: str | os.PathLike[str]) -> FolderScan:
    """List a corpus folder recursively: the files to read, what cannot be read, what is left out.

    Hidden files and folders are skipped, and so are the notes that travel with corpora rather than
    posts: LICENSE*, README*, CHANGES*, CREDITS*, SOURCES* (the livedoor corpus, ``../shared/data``).
    Symbolic links to files are followed; links to folders are not (no loops). The walk keeps its own
    stack (no recursion) and stats nothing but the entries with a post's suffix.
    """
    files: list[Path] = []
    failures: list[LoadFailure] = []
    skipped: list[Path] = []
    stack = [Path(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as err:
            reason = "permission denied" if isinstance(err, PermissionError) else (err.strerror or str(err))
            error = InputError(f"cannot list the folder ({reason}), so its posts are left out", source=str(folder),
                               hint="check the folder's permissions")
            failures.append(LoadFailure(str(folder), str(error)))
            continue
        names = {entry.name for entry in entries}
        if is_results_folder(names) or is_jpblog_site(folder, names):
            skipped.append(folder)
            continue
        subfolders: list[Path] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                subfolders.append(Path(entry.path))
                continue
            if name.upper().startswith(_NOT_POSTS) or Path(name).suffix.lower() not in SUFFIXES:
                continue
            path = Path(entry.path)
            try:
                regular = entry.is_file()  # follows a symbolic link: a link to a post is a post
            except OSError:
                regular = False
            if regular:
                files.append(path)
            else:
                error = InputError(f"not a regular file but {_not_regular(path)}", source=str(path),
                                   hint="only regular files are read as posts")
                failures.append(LoadFailure(str(path), str(error)))
        stack.extend(reversed(subfolders))
    return FolderScan(tuple(files), tuple(failures), tuple(skipped))


def discover_files(root: Path) -> list[Path]:
    """Every supported regular file under a folder, recursively, in a stable order (see ``scan_folder``,
    which also says what could not be listed or was left out)."""
    return list(scan_folder(root).files)


__all__ = [
    "RESULTS_MARKER",
    "RESULTS_REPORTS",
    "RESULTS_SUMMARY",
    "SITE_GENERATOR",
    "SITE_MARKER",
    "discover_files",
    "is_jpblog_site",
    "is_results_folder",
    "results_folder_note",
    "scan_folder",
]
