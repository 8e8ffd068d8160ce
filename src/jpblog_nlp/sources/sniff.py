"""Tell what a text or a string is before reading it: which format, and whether it looks like a name.

A file's suffix is a hint and its first bytes decide: a ``.txt`` file may be a Hatena export, an ``.xml``
file an Atom feed. This looks at content only, never at the file system, so that the loaders, the caps of
``reading`` and a caller holding a fetched page (``web.fetch``) all decide the same way.
"""

from __future__ import annotations

import codecs
import os
import re

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

_MT_HEAD = re.compile(r"^(?:AUTHOR|TITLE|BASENAME|STATUS|DATE|CATEGORY):", re.M)
# A comment's text never holds '-->' (``(?:(?!-->).)*``, not ``.*?``): with ``.*?`` a comment could also
# swallow the next ones, so k comments had 2^k ways to be split and a file opening with 30 of them hung.
_FEED_HEAD = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_HTML_HEAD = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_FRONT_MATTER = re.compile(r"^(?:\ufeff)?---\s*\n")


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


def holds_many_posts(head: bytes, suffix: str) -> bool:
    """True when a file's first bytes show an export or a feed, which may be far bigger than one post.

    The head is decoded leniently: the marks looked for (``TITLE:``, ``-----``, ``<rss``) are ASCII, which
    UTF-8 with replacement reads in CP932 and EUC-JP files too.
    """
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    return sniff_format(head.decode(encoding, errors="replace"), suffix) in ("mt", "feed")


#: A string longer than this is text whatever its shape: no one means a path or a URL this long.
NAME_SHAPE_MAX = 1024
_URL_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+\Z")
_PATH_SHAPE = re.compile(r"(?:~?/|\.\.?[/\\]|~\\|[A-Za-z]:[/\\])")


def name_shape(value: str) -> str | None:
    """Say whether a string meant as a post's text has the shape of a file name or a URL.

    A string given where text is expected is always analysed as text; this only tells a caller who
    meant a path or a URL (``analyze("post.txt")``) that it was not read. It looks at the string's shape
    and never at the file system: checking whether such a file exists would tell whoever supplies the
    string which files exist on the machine.

    Args:
        value: The string.

    Returns:
        ``"a URL"`` for a bare URL (``https://...``), ``"a file name"`` for a single word that ends in a
        post file's suffix (``.txt``, ``.md``, ``.html`` ...) or starts like a path (``/``, ``./``, ``~/``,
        ``C:\\``), None for anything else (text with spaces or line breaks, long strings, plain words).
    """
    if len(value) > NAME_SHAPE_MAX:  # before strip(): no copy of a long post's text
        return None
    line = value.strip()
    if not line or any(c.isspace() for c in line):
        return None
    if _URL_SHAPE.match(line):
        return "a URL"
    if os.path.splitext(line)[1].lower() in SUFFIXES or _PATH_SHAPE.match(line):
        return "a file name"
    return None


__all__ = ["NAME_SHAPE_MAX", "SUFFIXES", "holds_many_posts", "name_shape", "sniff_format"]
