"""One family of exceptions: every error a user can cause is a ``JpblogError``.

Messages are written for the person at the keyboard: what went wrong, where, and how to fix it.
"""

from __future__ import annotations


class JpblogError(Exception):
    """Base class of every error jpblog-nlp raises on purpose.

    Attributes:
        source: The file, URL or label the error is about, if any.
        hint: How to fix it, if we know.
    """

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.source = source
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
