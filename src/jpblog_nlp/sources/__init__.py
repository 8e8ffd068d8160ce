"""Load posts from files, folders and strings.

Formats, chosen by file name and confirmed by a look at the content:

=============  ==========================================  ==================================
format         files                                       module
=============  ==========================================  ==================================
``text``       ``.txt`` (scraped page, dump, bare text)    ``sources.text``
``markdown``   ``.md``/``.markdown`` with YAML front matter ``sources.markdown``
``html``       ``.html``/``.htm`` (Hatena Blog or any)     ``sources.html``
``mt``         Hatena Blog / Movable Type export           ``sources.mtexport``
``feed``       RSS 2.0 / Atom (``.xml``, ``.rss``, ...)     ``sources.feeds``
=============  ==========================================  ==================================

A reader is ``read(text, source, post_id, *, include_drafts, errors) -> Iterator[Post]`` (``Reader``);
one file may hold many posts. The package is split by concern, and this module only gathers the names:

=============  =====================================================================================
module         holds
=============  =====================================================================================
``records``    the hand-off records: ``LoadFailure``, ``ReaderOptions``, ``Reader``, ``ChosenPost``,
               ``FolderScan``
``sniff``      which format a text is (``sniff_format``), whether a string looks like a name
``reading``    reading a file or taking a string within the caps (``MAX_POST_FILE_BYTES`` ...)
``loading``    one post: ``load_post``, ``post_from_text``, ``select_post``, ``posts_from_text``
``folders``    listing a corpus folder (``scan_folder``), results folders left out
``iterate``    every post of a file or a folder: ``iter_posts``
=============  =====================================================================================

The caps are read from ``sources.reading`` at call time: patch them there, not here.
"""

from __future__ import annotations

from .folders import (
    RESULTS_MARKER,
    RESULTS_REPORTS,
    RESULTS_SUMMARY,
    discover_files,
    is_results_folder,
    results_folder_note,
    scan_folder,
)
from .iterate import iter_posts, unexpected_load_error
from .loading import MAX_PATH_CHARS, READERS, load_post, post_from_text, posts_from_text, select_post
from .reading import MAX_FILE_BYTES, MAX_POST_FILE_BYTES
from .records import ChosenPost, ErrorMode, FolderScan, LoadFailure, Reader, ReaderOptions
from .sniff import NAME_SHAPE_MAX, SUFFIXES, name_shape, sniff_format

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PATH_CHARS",
    "MAX_POST_FILE_BYTES",
    "NAME_SHAPE_MAX",
    "READERS",
    "RESULTS_MARKER",
    "RESULTS_REPORTS",
    "RESULTS_SUMMARY",
    "SUFFIXES",
    "ChosenPost",
    "ErrorMode",
    "FolderScan",
    "LoadFailure",
    "Reader",
    "ReaderOptions",
    "discover_files",
    "is_results_folder",
    "iter_posts",
    "load_post",
    "name_shape",
    "post_from_text",
    "posts_from_text",
    "results_folder_note",
    "scan_folder",
    "select_post",
    "sniff_format",
    "unexpected_load_error",
]
