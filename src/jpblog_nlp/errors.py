"""One family of exceptions: every error a user can cause is a ``JpblogError``.

Messages are written for the person at the keyboard: what went wrong, where, and how to fix it.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Text with every lone surrogate replaced by U+FFFD, one character for one (offsets stay valid).

    A str from Python code may hold lone surrogates (``"\\ud800"``), which no UTF-8 encoder takes: MeCab,
    JSON, SQLite and CSV would each fail on them. Decoded files never hold them.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def printable(name: str | os.PathLike[str]) -> str:
    """A file name or label as text every output can hold.

    A file name that is not valid UTF-8 (``b"\\xff.txt"`` on Linux) reaches Python as a string with lone
    surrogates, which SQLite, JSON, CSV and Parquet writers refuse to encode: one such file would stop a
    batch. Its bad bytes are written as ``\\xff`` instead; a valid name is returned unchanged.
    """
    text = os.fspath(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")  # the bytes the file system holds
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "backslashreplace")  # a lone surrogate that came from elsewhere
        return raw.decode("utf-8", "backslashreplace")
    return text


class JpblogError(Exception):
    """Base class of every error jpblog-nlp raises on purpose.

    Attributes:
        source: The file, URL or label the error is about, if any.
        hint: How to fix it, if we know.
    """

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.source = None if source is None else printable(source)
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"{self.source}: {self.message}" if self.source else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(JpblogError):
    """The input cannot be read: missing file, directory, undecodable or binary bytes."""

    exit_code = 2


class EmptyPostError(InputError):
    """The post holds no text once cleaned."""


class FormatError(InputError):
    """The file is readable but not in the format it claims (broken export, feed, front matter)."""


class ResourceError(JpblogError):
    """A data resource (lexicon, theme file, model) is missing or malformed."""

    exit_code = 3


class FetchError(JpblogError):
    """A URL could not be fetched politely (robots.txt, HTTP error, timeout, size cap)."""

    exit_code = 4
