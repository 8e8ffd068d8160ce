"""The corpus scan: the one walk over a corpus that both engines use, and the typed records it hands on.

``Scan.walk`` goes through the corpus files in order. An unchanged file (same size, modification time and
options, every post stored with the hash it gave last time) is not read: its posts are recorded as
unchanged. Any other file is read by ``read_file``, which keys, numbers and hashes each post and yields a
``Task`` for each post that needs analysing. The local engines iterate ``Scan.tasks()`` (the parent reads
every file); the Dask engine iterates ``Scan.files_to_read()`` (the same walk, handing on the files to
read instead of reading them) and its workers call ``read_file`` themselves. So a post is keyed, numbered
and hashed, and an unchanged file skipped, in one place whatever the engine.

What the parent must record is an ``Event``: ``PostUnchanged``, ``ItemFailed``, ``FileRead``,
``FileUnchanged``. The scan may run in a pool's feeder thread, so events wait in ``Scan.events`` until the
parent's main thread, the only one that writes to SQLite, records them. Every record here is a frozen
dataclass: picklable for pool processes and Dask workers, and typed where tuples were positional.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import queue
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import JpblogError, printable
from ..sources import (
    FolderScan,
    LoadFailure,
    iter_posts,
    results_folder_note,
    scan_folder,
    unexpected_load_error,
)
from ..text.records import Post

#: Posts of one file are numbered after the file: order = file index × STRIDE + place in the file (from 1).
#: Tables are written in this order, whichever order workers finish in; a worker numbers a file's posts
#: without knowing how many posts the files before it hold.
STRIDE = 1 << 24


# -- the records ------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Task:
    """A post to analyse.

    Attributes:
        ord: The post's place in corpus order.
        key: Its source relative to the corpus folder (the store's key).
        hash: Its content hash (``content_hash``).
        post: The post, its source replaced by the key.
    """

    ord: int
    key: str
    hash: str
    post: Post


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker returns for a task: the analysis packed for the store, or why it failed.

    Attributes:
        ord, key, hash: The task's.
        post_id: The post's id.
        data: The analysis, JSON-encoded and compressed (``store.pack``); None when it failed.
        terms: The post's term bag for topic discovery, packed; None when it failed.
        error: Why the analysis failed; None when it succeeded.
    """

    ord: int
    key: str
    post_id: str
    hash: str
    data: bytes | None = None
    terms: bytes | None = None
    error: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class PostUnchanged:
    """A post stored with the hash it has now: reused, and marked as met by this run."""

    key: str
    ord: int


@dataclasses.dataclass(frozen=True, slots=True)
class ItemFailed:
    """A file or post that could not be loaded (or a file whose worker failed): an ``errors`` row."""

    source: str
    reason: str
    ord: int


@dataclasses.dataclass(frozen=True, slots=True)
class FileRead:
    """A file read in full without failures, with the (key, hash) of each of its posts.

    Recorded so that the next run can skip reading the file while it is unchanged.
    """

    path: str
    signature: str
    posts: tuple[tuple[str, str], ...]


@dataclasses.dataclass(frozen=True, slots=True)
class FileUnchanged:
    """A file not read again (``Scan.unchanged_record``): marked as met by this run."""

    path: str


#: What the parent records in the store as the scan goes.
Event = PostUnchanged | ItemFailed | FileRead | FileUnchanged


@dataclasses.dataclass(frozen=True, slots=True)
class ReadOptions:
    """How the corpus files are read (``sources.iter_posts``'s options)."""

    format: str | None = None
    include_drafts: bool = False

    def signature_text(self) -> str:
        """The options as they enter a file's signature: a change of options reads every file again."""
        return json.dumps({"format": self.format, "include_drafts": self.include_drafts}, sort_keys=True,
                          default=str)


@dataclasses.dataclass(frozen=True, slots=True)
class FileEntry:
    """A corpus file to read.

    Attributes:
        index: Its place in the corpus listing (``first_ord`` derives from it).
        path: The path to open (absolute when a Dask worker opens it).
        rel: The path relative to the corpus folder (the store's key of the file).
        signature: Size, modification time and options (``Scan.signature``); None when it cannot be read.
    """

    index: int
    path: str
    rel: str
    signature: str | None

    @property
    def first_ord(self) -> int:
        """The order just before the file's first post."""
        return self.index * STRIDE


@dataclasses.dataclass(frozen=True, slots=True)
class ReadContext:
    """What reading a corpus file needs besides the file (sent once to each Dask worker).

    Attributes:
        base: The corpus folder that keys are relative to.
        fingerprint: The analysis options' fingerprint (part of every content hash).
        read_options: How files are read.
    """

    base: str
    fingerprint: str
    read_options: ReadOptions


# -- reading ----------------------------------------------------------------------------------------------


def relative(source: str, base: str | os.PathLike[str]) -> str:
    """A source relative to the corpus folder, with / separators (stable whatever the working directory)."""
    try:
        rel = os.path.relpath(source, base)
    except ValueError:  # another drive on Windows
        rel = source
    return printable(rel.replace(os.sep, "/"))


_HASHED_FIELDS = tuple(f.name for f in dataclasses.fields(Post) if f.name != "source")


def content_hash(post: Post, fingerprint: str) -> str:
    """sha256 of the post's id, title, text and metadata (not its source path) plus the options hash."""
    # Fields read directly (not Post.to_dict, whose deep copy costs a sixth of the parent's scan time).
    data = [getattr(post, name) for name in _HASHED_FIELDS]
    blob = json.dumps([fingerprint, data], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def read_items(file: str | Path, read_options: ReadOptions) -> Iterator[Post | LoadFailure]:
    """The posts of one file; any error of a reader becomes a LoadFailure for the file.

    ``iter_posts`` already turns what a reader raises into failures; this is the last guard (a file gone
    between the scan and the read, a bad option), so that a batch never stops on one file.
    """
    try:
        yield from iter_posts(file, errors="yield", format=read_options.format,
                              include_drafts=read_options.include_drafts)
    except Exception as err:  # a reader bug or a missing reader must not stop the batch
        message = str(err) if isinstance(err, JpblogError) else str(unexpected_load_error(err, str(file)))
        yield LoadFailure(str(file), message)


def read_file(entry: FileEntry, known: Mapping[str, str], context: ReadContext) -> Iterator[Task | Event]:
    """Read one file: a ``Task`` per post to analyse, events for the rest, ``FileRead`` at the end.

    Args:
        entry: The file.
        known: Stored content hashes by key (at least those of this file's posts).
        context: The corpus folder, options fingerprint and read options.
    """
    base = Path(context.base)
    posts: list[tuple[str, str]] = []
    failed = False
    ord_ = entry.first_ord
    for item in read_items(entry.path, context.read_options):
        ord_ += 1
        key = relative(item.source, base)
        if isinstance(item, LoadFailure):
            failed = True
            yield ItemFailed(key, item.reason, ord_)
            continue
        post = dataclasses.replace(item, source=key)
        hash_ = content_hash(post, context.fingerprint)
        posts.append((key, hash_))
        if known.get(key) == hash_:
            yield PostUnchanged(key, ord_)
            continue
        yield Task(ord_, key, hash_, post)
    if entry.signature is not None and not failed and posts:  # a file with failures is always read again
        yield FileRead(entry.rel, entry.signature, tuple(posts))


# -- the walk ----------------------------------------------------------------------------------------------


class Scan:
    """The corpus scan of one run: the files, what the store knows of them, the events to record.

    Args:
        root: The corpus folder, or a single file.
        known: Stored content hashes by key.
        known_files: Stored (signature, [[key, hash], ...]) by file path.
        fingerprint: The analysis options' fingerprint.
        read_options: How files are read.
        exclude: The results folder of this run, when it lies inside the corpus: never read.

    Attributes:
        files: The corpus files, in corpus order.
        notes: What the corpus holds but is not read (old results folders), said once.
        events: Events waiting for the parent's main thread.
        files_done, seen, finished: Progress: files dealt with, posts and failures met, walk complete.
    """

    def __init__(self, root: Path, known: dict[str, str], known_files: dict[str, tuple[str, list[list[str]]]],
                 fingerprint: str, read_options: ReadOptions, *, exclude: Path | None = None) -> None:
        self.root = root
        self.base = root if root.is_dir() else root.parent
        listing = scan_folder(root) if root.is_dir() else FolderScan((root,), (), ())
        self.files = list(listing.files)
        failures, skipped = list(listing.failures), list(listing.skipped)
        if exclude is not None:
            # The results folder of this run, inside the corpus: never posts, and no news to the user.
            excluded = exclude.resolve()
            self.files = [f for f in self.files if not f.resolve().is_relative_to(excluded)]
            failures = [f for f in failures if not Path(f.source).resolve().is_relative_to(excluded)]
            skipped = [s for s in skipped if not s.resolve().is_relative_to(excluded)]
        self.notes = [results_folder_note(folder) for folder in skipped]
        self.known = known
        self.known_files = known_files
        self.read_options = read_options
        self.context = ReadContext(str(self.base), fingerprint, read_options)
        self.events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.files_done = 0
        self.seen = 0
        self.finished = False
        # A folder that cannot be listed and a FIFO or device with a post's name are failures of the run
        # (counted, in errors.csv), recorded before any file is read: never posts dropped without a word.
        for failure in failures:
            self.record(ItemFailed(relative(failure.source, self.base), failure.reason, 0))

    @property
    def fingerprint(self) -> str:
        """The analysis options' fingerprint."""
        return self.context.fingerprint

    def record(self, event: Event) -> None:
        """Queue an event for the parent; a post or failure met counts towards the progress's total."""
        if isinstance(event, (PostUnchanged, ItemFailed)):
            self.seen += 1
        self.events.put(event)

    def post_met(self) -> None:
        """Count a post handed on for analysis (the walk's own, or one a Dask worker read)."""
        self.seen += 1

    def files_read(self, n: int) -> None:
        """Count files read elsewhere (by Dask workers)."""
        self.files_done += n

    def finish(self) -> None:
        """Every file has been dealt with: the progress's total is exact from now on."""
        self.finished = True

    def unchanged_record(self, path: str, sig: str | None) -> list[list[str]] | None:
        """The stored [key, hash] pairs of a file that need not be read again, or None.

        Unchanged file whose posts are all stored with the hashes it gave last time: not read again (an
        unchanged rerun costs a stat per file). A post re-hashed but not stored yet when a run was killed
        still has its old hash in the store, so its file is read again.
        """
        record = self.known_files.get(path)
        if (sig is not None and record is not None and record[0] == sig and record[1]
                and all(self.known.get(key) == hash_ for key, hash_ in record[1])):
            return record[1]
        return None

    def signature(self, file: Path) -> str | None:
        """Size, modification time and options of a file: equal signatures mean an unchanged file."""
        try:
            st = file.stat()
        except OSError:
            return None
        return f"{st.st_size}:{st.st_mtime_ns}:{self.fingerprint}:{self.read_options.signature_text()}"

    def walk(self, *, read: bool) -> Iterator[Task | FileEntry]:
        """The walk: unchanged files recorded; the others read here (``read``) or handed on to read elsewhere.

        With ``read`` the walk yields tasks and finishes the scan; without, it yields the files to read,
        and the engine that reads them reports back (``record``, ``post_met``, ``files_read``, ``finish``).
        """
        for index, file in enumerate(self.files):
            entry = FileEntry(index, str(file), relative(str(file), self.base), self.signature(file))
            stored = self.unchanged_record(entry.rel, entry.signature)
            if stored is not None:
                for i, (key, _) in enumerate(stored, 1):
                    self.record(PostUnchanged(key, entry.first_ord + i))
                self.record(FileUnchanged(entry.rel))
                self.files_done += 1
                continue
            if not read:
                yield entry
                continue
            for item in read_file(entry, self.known, self.context):
                if isinstance(item, Task):
                    self.post_met()
                    yield item
                else:
                    self.record(item)
            self.files_done += 1
        if read:
            self.finish()

    def tasks(self) -> Iterator[Task]:
        """The posts to analyse, every file read in this process (the local engines' input)."""
        return self.walk(read=True)  # type: ignore[return-value]  # reading, the walk yields tasks only

    def files_to_read(self) -> Iterator[FileEntry]:
        """The files to read elsewhere; unchanged files are recorded on the way (the Dask engine's input)."""
        return self.walk(read=False)  # type: ignore[return-value]  # not reading, it yields files only
