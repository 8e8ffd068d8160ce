"""The records ``sources`` hands to its callers and to its format readers.

They live apart from the code that makes them so that the readers (``text``, ``markdown``, ``html``,
``mtexport``, ``feeds``) can name ``LoadFailure`` and ``ReaderOptions`` without importing the package that
imports them, and so that a caller sees every type of the hand-off in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from ..errors import printable
from ..text.records import Post

#: What a reader does with an entry it cannot read: raise its ``JpblogError``, skip it, or yield a
#: ``LoadFailure`` in its place and go on (a batch records the failure and reads the next entry).
ErrorMode = Literal["raise", "skip", "yield"]


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A post or file that could not be loaded, recorded instead of stopping a batch."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        # The source is a file name, which may not be valid UTF-8; failures are written to SQLite and CSV.
        object.__setattr__(self, "source", printable(self.source))


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """How a format reader treats what it reads, given once to ``posts_from_text`` instead of loose keywords.

    The defaults are what ``load_post`` and ``post_from_text`` have always used: published posts only, and
    the first bad entry raises. A batch asks for ``errors="yield"`` so that one bad entry of an export does
    not hide the others.

    Attributes:
        include_drafts: Also read drafts (Movable Type entries whose STATUS is not Publish, Markdown posts
            whose front matter says ``draft: true``).
        errors: What to do with an entry that cannot be read (see ``ErrorMode``).
    """

    include_drafts: bool = False
    errors: ErrorMode = "raise"


class Reader(Protocol):
    """A format reader: decoded text in, posts out (one file may hold many: an export, a feed).

    Readers take their options as keywords rather than a ``ReaderOptions``, so that a reader registered
    by a user (``registry.SOURCE_READERS.register``) with ``**options`` keeps working, and so that a
    caller outside ``sources`` can call one reader directly (``read_feed(..., errors="skip")``).
    """

    def __call__(
        self, text: str, source: str, post_id: str, *, include_drafts: bool = ..., errors: ErrorMode = ...
    ) -> Iterator[Post | LoadFailure]:
        """Read the posts of ``text``; ``source`` names it in messages, ``post_id`` is its id or id prefix."""
        ...


@dataclass(frozen=True, slots=True)
class ChosenPost:
    """One post of a file that may hold many (an export, a feed), and where it stands among them.

    Attributes:
        post: The post.
        index: Its number in the file, from 1, in the order ``iter_posts`` yields (drafts left out).
        count: How many posts the file holds (entries that cannot be read included).
    """

    post: Post
    index: int
    count: int


@dataclass(frozen=True, slots=True)
class FolderScan:
    """What a corpus folder holds: the files to read, and a record of everything else, so that nothing
    with a post's name is dropped without a word.

    Attributes:
        files: Regular files with a supported suffix, in a stable order (folder by folder, depth first,
            names sorted; the order ``os.walk`` with sorted names gives).
        failures: Entries that cannot be read as posts: a sub-folder that cannot be listed (its posts are
            unknown), and a file with a post's suffix that is not a regular file (a FIFO would block a reader
            forever, a device never ends, a broken link has nothing behind it).
        skipped: jpblog results folders and corpus sites left out on purpose (see ``is_results_folder``
            and ``is_jpblog_site``).
    """

    files: tuple[Path, ...]
    failures: tuple[LoadFailure, ...]
    skipped: tuple[Path, ...]


__all__ = ["ChosenPost", "ErrorMode", "FolderScan", "LoadFailure", "Reader", "ReaderOptions"]
