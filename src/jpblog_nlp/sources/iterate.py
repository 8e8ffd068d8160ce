"""Every post of a file or a folder, one at a time, with the failures told apart from the posts.

The corpus commands, the explorers and the batch all read through ``iter_posts``, so that they agree on
which files are posts and on what one bad file costs: a failure in its place, never the end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, JpblogError
from ..text.records import Post
from .folders import results_folder_note, scan_folder
from .loading import posts_from_text
from .reading import read_file
from .records import ErrorMode, LoadFailure, ReaderOptions


def unexpected_load_error(err: BaseException, source: str) -> InputError:
    """The clean error for an exception a reader was not meant to raise on one file or post.

    A ``ValueError`` from a 5,000-digit number in front matter, a ``RecursionError`` from deep nesting, a
    ``MemoryError`` on one huge post: whatever a reader raises on one input must not end a corpus run, and
    must never reach the user as a traceback.
    """
    detail = " ".join(str(err).split()) or "no detail"
    if len(detail) > 160:
        detail = detail[:159] + "…"
    return InputError(f"cannot be read as a post ({type(err).__name__}: {detail})", source=source,
                      hint="check that it is a blog post in a supported format")


def iter_posts(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    include_drafts: bool = False,
    errors: ErrorMode = "raise",
    notes: list[str] | None = None,
) -> Iterator[Post | LoadFailure]:
    """Iterate over every post in a file or, recursively, in a folder.

    Args:
        path: A file (a post, an export or a feed: one file may hold many posts) or a folder.
        format: Force a format for every file.
        include_drafts: Also yield draft entries of Movable Type exports.
        errors: What to do with a file or post that cannot be loaded: ``"raise"`` the ``JpblogError``,
            ``"skip"`` it, or ``"yield"`` a ``LoadFailure`` in its place and go on. Whatever a reader
            raises on one file (a ``ValueError``, ``RecursionError`` or ``MemoryError`` included) counts as
            that file's failure (an ``InputError``); only ``KeyboardInterrupt`` and ``SystemExit`` pass.
            A sub-folder that cannot be listed and a non-regular file with a post's name (a FIFO, a
            device) are failures too, met before the files are read.
        notes: When given, a note is appended for each jpblog results folder left out of a folder.

    Yields:
        ``Post`` records in file order (and ``LoadFailure`` records when ``errors="yield"``).
    """
    root = Path(path)
    if not root.exists():
        raise InputError("no such file or folder", source=str(root), hint="check the path")
    if root.is_dir():
        scan = scan_folder(root)
        files, listing_failures = scan.files, scan.failures
        if notes is not None:
            notes.extend(results_folder_note(folder) for folder in scan.skipped)
    else:
        files, listing_failures = (root,), ()
    for failure in listing_failures:
        if errors == "raise":
            raise InputError(failure.reason)  # the reason already names the source and the fix
        if errors == "yield":
            yield failure
    options = ReaderOptions(include_drafts=include_drafts, errors=errors)
    for file in files:
        try:
            text = read_file(file)
            yield from posts_from_text(text, str(file), file.stem, format, file.suffix, options)
        except JpblogError as err:
            if errors == "raise":
                raise
            if errors == "yield":
                yield LoadFailure(str(file), str(err))
        except Exception as err:  # a reader's bug on one odd file must not end the run (nor be a traceback)
            error = unexpected_load_error(err, str(file))
            if errors == "raise":
                raise error from err
            if errors == "yield":
                yield LoadFailure(str(file), str(error))


__all__ = ["iter_posts", "unexpected_load_error"]
