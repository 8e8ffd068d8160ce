"""Reading a corpus for the commands over folders (topics, compare, freq, cooc, keywords --background).

Every such command isolates failures per post as ``jpblog batch`` does: a file or post that cannot be
read or prepared, whatever it raises, is left out and counted, and the command goes on with the rest.
What was left out is said on stderr once, after the work, in one line a log keeps::

    jpblog: note: skipped 1 of 12 posts: a.md: cannot be read as a post (ValueError: ...) (...)

Results folders of ``jpblog batch --out`` inside the corpus are left out too, with a note each.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import read_post

if TYPE_CHECKING:  # imported when a command runs: `jpblog --help` stays quick
    from ..sources import LoadFailure
    from ..text.document import Document
    from ..text.records import Post

#: Reasons quoted in the note on skipped posts (the others are only counted: a note stays one line).
SHOWN_REASONS = 3


def skipped_note(failures: list[LoadFailure], total: int) -> str:
    """The note on posts left out: how many of how many, and the first few reasons."""
    reasons = []
    for failure in failures[:SHOWN_REASONS]:
        # A reason made from a JpblogError already starts with its source.
        reason = failure.reason if failure.reason.startswith(failure.source) else f"{failure.source}: {failure.reason}"
        reasons.append(reason)
    more = len(failures) - len(reasons)
    if more:
        reasons.append(f"and {more} more")
    noun = "post" if total == 1 else "posts"
    return f"skipped {len(failures)} of {total} {noun}: " + "; ".join(reasons)


def corpus_source(source: str) -> Path | Post:
    """A folder or file path for the corpus commands; ``-`` reads one post from standard input."""
    if source == "-":
        return read_post(source)
    return Path(source)


@dataclasses.dataclass
class CorpusLog:
    """What a command met while reading a corpus: failures, notes and the posts read (mutable by design:
    it fills up while the corpus streams through the command)."""

    failures: list[LoadFailure] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    loaded: int = 0

    def documents(self, source: str | os.PathLike[str] | Post) -> Iterator[Document]:
        """The prepared posts of a folder, file or post, one at a time; the failures are kept here."""
        from ..explore.frequency import iter_documents

        for doc in iter_documents(source, self.failures, self.notes):
            self.loaded += 1
            yield doc

    def later_failures(self, failures: list[LoadFailure]) -> None:
        """Count posts that were read but failed in the command's own work (they were counted as read)."""
        self.loaded -= len(failures)
        self.failures.extend(failures)

    def report(self) -> None:
        """Say on stderr what was left out."""
        for note in self.notes:
            click.echo(f"jpblog: note: {note}", err=True)
        if self.failures:
            click.echo(f"jpblog: note: {skipped_note(self.failures, self.loaded + len(self.failures))}", err=True)


@contextlib.contextmanager
def corpus_log() -> Iterator[CorpusLog]:
    """A ``CorpusLog`` reported when the command ends, also when it ends in an error (which then has its
    context: e.g. "fewer than two posts" after "skipped 3 of 4 posts")."""
    log = CorpusLog()
    try:
        yield log
    finally:
        log.report()
