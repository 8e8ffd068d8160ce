"""Load one post: from a path (``load_post``, ``select_post``) or from a string (``post_from_text``).

Every loader goes through ``posts_from_text``, which picks the reader (forced or sniffed) from the one
table of readers, ``registry.SOURCE_READERS``. A path is always a path and a string always text: nothing
here takes a user's string for a file name, so that a service passing one on never reads files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import FormatError, InputError, printable, without_surrogates
from ..registry import SOURCE_READERS
from ..text.records import Post
from .reading import check_text_size, read_file
from .records import ChosenPost, LoadFailure, Reader, ReaderOptions
from .sniff import name_shape, sniff_format

#: The readers by format name (``jpblog_nlp.registry.SOURCE_READERS``), each imported when first used.
READERS = SOURCE_READERS
#: Longer than any path the operating system takes (Linux's PATH_MAX): such a "path" is text.
MAX_PATH_CHARS = 4096
_DEFAULT_OPTIONS = ReaderOptions()


def _text_id(text: str) -> str:
    """A stable id for a post given as a string."""
    return "text-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _as_path(path: str | os.PathLike[str]) -> Path:
    """The path a caller gave ``load_post``, refusing what cannot be one (text, bytes, NUL, huge strings)."""
    if isinstance(path, str) and ("\n" in path or "\r" in path):
        raise InputError(
            "load_post reads a file, and this string holds a line break: it is a post's text, not a path",
            hint="use jpblog_nlp.post_from_text(text) to make a post from a string",
        )
    if not isinstance(path, str | os.PathLike):
        raise InputError(
            f"load_post takes a path (str or os.PathLike), not {type(path).__name__}",
            hint="use jpblog_nlp.post_from_text(text) for a post's text",
        )
    name = os.fspath(path)
    if not isinstance(name, str):
        raise InputError("load_post takes a str path, not bytes", hint="decode the path first")
    if len(name) > MAX_PATH_CHARS:
        raise InputError(
            f"load_post reads a file, and this string of {len(name):,} characters is longer than any path",
            hint="use jpblog_nlp.post_from_text(text) to make a post from a string",
        )
    if "\0" in name:
        raise InputError("the path holds a NUL character, which no file name can", source=repr(name[:80]),
                         hint="check the path")
    return Path(name)


def posts_from_text(
    text: str, source: str, post_id: str, fmt: str | None, suffix: str, options: ReaderOptions = _DEFAULT_OPTIONS
) -> Iterator[Post | LoadFailure]:
    """Run the right reader over decoded text (``fmt`` or sniffed): the door every loader goes through.

    For text that is no user's file or string: a fetched page gives its URL as ``source``, its own
    ``post_id`` and a ``suffix`` hint, and needs none of ``post_from_text``'s caps and clean-ups.
    ``options`` go to the reader (as keywords: see ``Reader``); an unknown ``fmt`` raises
    ``UnknownNameError`` (an ``InputError``). ``LoadFailure`` records come only with ``errors="yield"``.
    """
    source, post_id = printable(source), printable(post_id)
    fmt = fmt or sniff_format(text, suffix)
    if fmt not in READERS:
        raise READERS.unknown(fmt, source=source)
    reader: Reader = READERS.lookup(fmt)
    return reader(text, source, post_id, include_drafts=options.include_drafts, errors=options.errors)


def _first_post(items: Iterator[Post | LoadFailure], source: str, what: str) -> Post:
    """The first post a reader yields (readers raise rather than yield failures with the default options)."""
    for post in items:
        if isinstance(post, Post):
            return post
    raise FormatError("holds no post", source=source, hint=f"check the {what}'s format")


def load_post(path: str | os.PathLike[str], *, format: str | None = None) -> Post:
    """Load one post from a file.

    The argument is always a path: a string is never taken for the post's text (a service passing on a
    user's string must not read files). For text, use ``post_from_text``.

    Args:
        path: A path (``str`` or ``os.PathLike``) to a post file.
        format: Force a format (``text``, ``markdown``, ``html``, ``mt``, ``feed``) instead of sniffing.

    Returns:
        The post (the first one, for a file that holds many: use ``iter_posts`` for all, or
        ``select_post`` for one by number or id).

    Raises:
        InputError: Text given instead of a path (a string with a line break); a missing, unreadable,
            binary or undecodable file; an empty post.
    """
    file = _as_path(path)
    source = str(file)
    if isinstance(path, str) and name_shape(path) is None and not os.path.lexists(path):
        # "影響力について" given as a path: a missing file whose name does not even look like one.
        raise InputError("no such file", source=source if len(source) <= 80 else source[:80] + "…",
                         hint="check the path, or use jpblog_nlp.post_from_text(text) for a post's text")
    return _first_post(posts_from_text(read_file(file), source, file.stem, format, file.suffix), source, "file")


def post_from_text(text: str, *, format: str | None = None, source: str = "<text>") -> Post:
    """Make a post from a string holding its text (plain text, Markdown, HTML, an export or a feed).

    The explicit way to analyse a string: nothing in it is read as a path or fetched as a URL.

    Args:
        text: The post's content.
        format: Force a format instead of sniffing it from the content.
        source: A label for messages and ``Post.source`` (``<stdin>``, a URL).

    Returns:
        The post (the first one, for a string that holds many). Its id is ``text-`` and a hash of the text.

    Raises:
        InputError: Not a string, bigger than a file may be (``MAX_POST_FILE_BYTES`` of UTF-8 for one post,
            ``MAX_FILE_BYTES`` for an export or a feed), or empty once cleaned.
    """
    if not isinstance(text, str):
        raise InputError(f"post_from_text takes a str, not {type(text).__name__}", source=source,
                         hint="decode bytes first, or save them to a file and use load_post(path)")
    check_text_size(text, source)
    text = without_surrogates(text)
    return _first_post(posts_from_text(text, source, _text_id(text), format, ""), source, "text")


def _wanted_index(which: int | str | None) -> int | None:
    """The 1-based index ``which`` names, or None when it names an id (or nothing)."""
    if isinstance(which, bool):  # bool is an int: True is no post number
        raise InputError(f"{which!r} is not a post number or id", hint="give a number from 1, or a post's id")
    if isinstance(which, int):
        return which
    if isinstance(which, str) and which.isascii() and which.isdigit():
        # Past 18 digits no file holds that many posts (and int() refuses past 4,300 digits): match nothing.
        return int(which) if len(which) <= 18 else -1
    return None


def select_post(
    path: str | os.PathLike[str], which: int | str | None = None, *, format: str | None = None
) -> ChosenPost:
    """Load one post of a file by its number or id, and count the posts the file holds.

    The file is read and parsed once: the posts are built one at a time and only the chosen one is kept.

    Args:
        path: A post file, an export or a feed.
        which: A number from 1 (an int, or a string of ASCII digits), a post's id (an export's BASENAME,
            a feed entry's path), or None for the first post.
        format: Force a format instead of sniffing it.

    Returns:
        The chosen post with its index and the file's post count.

    Raises:
        InputError: What ``load_post`` raises; no post with that number or id; the chosen entry cannot be
            read (its own message).
    """
    file = _as_path(path)
    source = str(file)
    index = _wanted_index(which)
    chosen: tuple[int, Post | LoadFailure] | None = None
    first_id = ""
    count = 0
    items = posts_from_text(read_file(file), source, file.stem, format, file.suffix, ReaderOptions(errors="yield"))
    for item in items:
        count += 1
        if count == 1 and isinstance(item, Post):
            first_id = item.id
        if chosen is not None:
            continue
        if (count == index if index is not None
                else which is None or (isinstance(item, Post) and which in (item.id, dict(item.meta).get("basename")))):
            chosen = (count, item)
    if chosen is None:
        if count == 0:
            raise FormatError("holds no post", source=source, hint="check the file's format")
        numbers = "1" if count == 1 else f"1 to {count:,}"
        posts = "post" if count == 1 else "posts"
        shown = str(which) if len(str(which)) <= 40 else str(which)[:40] + "…"
        wanted = f"no post {shown}" if index is not None else f"no post with the id {shown!r}"
        example = f", e.g. {first_id!r}" if first_id else ""
        raise InputError(f"holds {count:,} {posts}, and {wanted}", source=source,
                         hint=f"give a number from {numbers} or a post's id{example}")
    number, item = chosen
    if isinstance(item, LoadFailure):
        raise InputError(item.reason)  # the entry's own message, source and hint, as load_post gives them
    return ChosenPost(item, number, count)


__all__ = ["MAX_PATH_CHARS", "READERS", "load_post", "post_from_text", "posts_from_text", "select_post"]
