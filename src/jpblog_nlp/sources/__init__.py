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

A reader is ``read(text, source, post_id, **options) -> Iterator[Post]``; one file may hold many posts.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import FormatError, InputError, JpblogError
from ..records import Post
from .decode import decode_bytes

Reader = Callable[..., Iterator[Post]]

READERS: dict[str, str] = {
    "text": "jpblog_nlp.sources.text:read_text",
    "markdown": "jpblog_nlp.sources.markdown:read_markdown",
    "html": "jpblog_nlp.sources.html:read_html",
    "mt": "jpblog_nlp.sources.mtexport:read_mt",
    "feed": "jpblog_nlp.sources.feeds:read_feed",
}
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".export": "mt",
}
#: Posts bigger than this are still processed (tokenized in pieces); files bigger than this are refused
#: as not being blog posts at all.
MAX_FILE_BYTES = 200 * 1024 * 1024

_MT_HEAD = re.compile(r"^(?:AUTHOR|TITLE|BASENAME|STATUS|DATE|CATEGORY):", re.M)
_FEED_HEAD = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_HTML_HEAD = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_FRONT_MATTER = re.compile(r"^(?:\ufeff)?---\s*\n")


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A post or file that could not be loaded, recorded instead of stopping a batch."""

    source: str
    reason: str


def _reader(fmt: str) -> Reader:
    """Import the reader function of a format."""
    module_name, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(module_name), func)  # type: ignore[no-any-return]


def sniff_format(text: str, suffix: str = "") -> str:
    """Decide a text's format from its file suffix and its first bytes.

    Args:
        text: Decoded content.
        suffix: File suffix including the dot ("" for strings).

    Returns:
        One of the keys of ``READERS``.
    """
    head = text[:4096]
    if _FEED_HEAD.match(head):
        return "feed"
    if len(_MT_HEAD.findall(head)) >= 3 and "\n-----\n" in text[:20000].replace("\r\n", "\n"):
        return "mt"
    by_suffix = SUFFIXES.get(suffix.lower())
    if by_suffix in ("html", "markdown"):
        return by_suffix
    if _FRONT_MATTER.match(head):
        return "markdown"
    if _HTML_HEAD.match(head):
        return "html"
    return by_suffix or "text"


def _read_file(path: Path) -> str:
    """Read and decode a file, turning OS errors into messages that say what to do."""
    source = str(path)
    try:
        # One stat answers "missing?", "a folder?" and "how big?".
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError) as err:
        raise InputError("no such file", source=source, hint="check the path") from err
    except OSError:
        info = None  # e.g. a permission problem: reading below says what it is
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(
            "is a directory, not a file", source=source, hint="give a file, or use `jpblog batch` for a folder"
        )
    try:
        size = info.st_size if info is not None else 0
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"file is {size // (1024 * 1024)} MB, more than the {MAX_FILE_BYTES // (1024 * 1024)} MB a "
                "blog file can reasonably be",
                source=source,
                hint="split it into posts",
            )
        data = path.read_bytes()
    except PermissionError as err:
        raise InputError("permission denied", source=source, hint="check the file's permissions") from err
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror})", source=source) from err
    text, _ = decode_bytes(data, source)
    return text


def _text_id(text: str) -> str:
    """A stable id for a post given as a string."""
    return "text-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _looks_like_path(value: str) -> bool:
    """True when a string is meant as a file name rather than as the post's text."""
    if "\n" in value or len(value) > 1024:
        return False
    if os.path.exists(value):
        return True
    return Path(value).suffix.lower() in SUFFIXES or value.endswith(("/", os.sep))


def _posts_from_text(
    text: str, source: str, post_id: str, fmt: str | None, suffix: str, **options: object
) -> Iterator[Post]:
    """Run the right reader over decoded text."""
    fmt = fmt or sniff_format(text, suffix)
    if fmt not in READERS:
        raise InputError(f"unknown format {fmt!r}", source=source, hint="use one of " + ", ".join(READERS))
    return _reader(fmt)(text, source, post_id, **options)


def load_post(
    path_or_text: str | os.PathLike[str], *, format: str | None = None, source: str | None = None
) -> Post:
    """Load one post from a file or from a string of text.

    Args:
        path_or_text: A path (``str`` or ``Path``) to a post file, or the post's text itself. A string
            without line breaks that names an existing file or ends in a known suffix is a path.
        format: Force a format (``text``, ``markdown``, ``html``, ``mt``, ``feed``) instead of sniffing.
        source: A label for text given as a string (``<stdin>``, a URL), used in errors and ``Post.source``.

    Returns:
        The post (the first one, for a file that holds many: use ``iter_posts`` for all).

    Raises:
        InputError: Missing, unreadable, binary or undecodable file; empty post.
    """
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(str(path_or_text)):
        path = Path(path_or_text)
        text = _read_file(path)
        posts = _posts_from_text(text, str(path), path.stem, format, path.suffix)
        source = str(path)
    else:
        text = str(path_or_text)
        source = source or "<text>"
        posts = _posts_from_text(text, source, _text_id(text), format, "")
    for post in posts:
        return post
    raise FormatError("holds no post", source=source, hint="check the file's format")


_NOT_POSTS = ("LICENSE", "README", "CHANGES", "CREDITS", "SOURCES")


def discover_files(root: Path) -> list[Path]:
    """Every supported file under a folder, recursively, in a stable order.

    Hidden files and folders are skipped, and so are the notes that travel with corpora rather than
    posts: LICENSE*, README*, CHANGES*, CREDITS*, SOURCES* (the livedoor corpus, ``../shared/data``).
    """
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.upper().startswith(_NOT_POSTS):
                continue
            if Path(name).suffix.lower() in SUFFIXES:
                found.append(Path(dirpath) / name)
    return found


def iter_posts(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    include_drafts: bool = False,
    errors: Literal["raise", "skip", "yield"] = "raise",
) -> Iterator[Post | LoadFailure]:
    """Iterate over every post in a file or, recursively, in a folder.

    Args:
        path: A file (a post, an export or a feed: one file may hold many posts) or a folder.
        format: Force a format for every file.
        include_drafts: Also yield draft entries of Movable Type exports.
        errors: What to do with a file or post that cannot be loaded: ``"raise"`` the ``JpblogError``,
            ``"skip"`` it, or ``"yield"`` a ``LoadFailure`` in its place and go on.

    Yields:
        ``Post`` records in file order (and ``LoadFailure`` records when ``errors="yield"``).
    """
    root = Path(path)
    if not root.exists():
        raise InputError("no such file or folder", source=str(root), hint="check the path")
    files = discover_files(root) if root.is_dir() else [root]
    for file in files:
        try:
            text = _read_file(file)
            yield from _iter_file_posts(text, file, format, include_drafts, errors)
        except JpblogError as err:
            if errors == "raise":
                raise
            if errors == "yield":
                yield LoadFailure(str(file), str(err))


def _iter_file_posts(
    text: str, file: Path, fmt: str | None, include_drafts: bool, errors: str
) -> Iterator[Post | LoadFailure]:
    """Posts of one file; with errors != "raise", a bad entry does not stop the others."""
    options: dict[str, object] = {"include_drafts": include_drafts, "errors": errors}
    yield from _posts_from_text(text, str(file), file.stem, fmt, file.suffix, **options)


__all__ = ["READERS", "LoadFailure", "discover_files", "iter_posts", "load_post", "sniff_format"]
