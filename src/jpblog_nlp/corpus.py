"""Analyse a whole corpus folder: in parallel, resumable, into tidy tables and a corpus report.

Notebook use::

    corpus = jpblog_nlp.load_corpus("corpus/")
    result = corpus.analyze(workers=2)          # or out="results/" to choose the results folder
    result.posts.head()                          # pandas DataFrames, columns in docs/batch.md
    again = jpblog_nlp.read_results(result.folder)   # later: load without recomputing

How a run goes (``run_batch``):

1. The parent process streams the corpus (``sources.iter_posts``, one file at a time) and computes each
   post's content hash: sha256 of its id, title, text and metadata, of the analysis options and of the
   analysis version. A post whose key (its source relative to the corpus folder) is stored with the same
   hash is reused; the others are shipped (small ``Post`` records) to the engine.
2. The engine maps ``analyze`` over them (``engine="local"``: a multiprocessing pool whose workers build
   the tagger and load the resources once, fed through ``imap_unordered`` with a bounded number of posts
   in flight). Workers return the analysis already JSON-encoded and compressed.
3. The parent writes each result to the SQLite store (``store.ResultStore``) in small transactions: a
   Ctrl-C or a kill loses at most one transaction, redone by the next run.
4. After a complete scan, posts no longer in the corpus are dropped (decision: removed posts disappear
   from the tables; their rows are deleted from the store), topics are discovered over the stored term
   lists, tables are streamed from SQLite into Parquet and CSV, and the corpus report is written.

A post that cannot be loaded or analysed is recorded in the ``errors`` table and the run goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import importlib.util
import inspect
import json
import os
import queue
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError, JpblogError, printable
from .records import Post, collector_paused
from .sources import (
    FolderScan,
    LoadFailure,
    discover_files,
    iter_posts,
    results_folder_note,
    scan_folder,
    unexpected_load_error,
)
from .store import ResultStore, pack

#: Part of every content hash: a new jpblog version or analysis schema reanalyses everything.
ANALYSIS_VERSION = f"jpblog-nlp {__version__} / jpblog.post-analysis/1"
#: Bundled data files that decide analysis results (lexicons, stopwords, themes, background frequencies).
RESULT_DATA_FILES = ("polarity.tsv", "emotions.tsv", "stopwords.txt", "themes.toml", "background_df.tsv.gz")
#: Summary of a finished batch, beside the tables.
BATCH_FILE = "batch.json"
#: Term kinds kept per post for topic discovery.
TOPIC_TERM_KINDS = ("compound", "noun")
_TOPIC_KINDS = frozenset(TOPIC_TERM_KINDS)
_KIND = attrgetter("kind")
_NORM_TEXT_KIND = attrgetter("norm", "text", "kind")

# A task is (ord, key, hash, post); an outcome is (ord, key, post_id, hash, data, terms, error).
Task = tuple[int, str, str, Post]
Outcome = tuple[int, str, str, str, bytes | None, bytes | None, str | None]


# -- what a run reports ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class BatchStats:
    """Counts of one run.

    Attributes:
        n_posts: Posts in the results (analysed in this run or reused).
        n_failed: Files or posts in the ``errors`` table.
        n_analyzed: Posts analysed by this run.
        n_reused: Posts reused unchanged from an earlier run.
        n_removed: Posts dropped because they left the corpus.
        seconds: Wall time of the run.
        analysis_seconds: Time of the per-post pass (scan + analysis + store).
        analysis_cpu_seconds: CPU time this process spent in the per-post pass: the whole pass with one
            worker (it analyses in this process), only the reading, hashing and storing with more.
        interrupted: True when the run stopped before the end (tables not rewritten).
    """

    n_posts: int = 0
    n_failed: int = 0
    n_analyzed: int = 0
    n_reused: int = 0
    n_removed: int = 0
    seconds: float = 0.0
    analysis_seconds: float = 0.0
    analysis_cpu_seconds: float = 0.0
    interrupted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot handed to the progress callback (about five times a second at most).

    Attributes:
        analyzed: Posts analysed so far in this run.
        reused: Posts found unchanged so far.
        failed: Failures so far.
        processed: analyzed + reused + failed.
        total: Posts expected in all: exact once every file is read, else estimated from the posts per
            file read so far (an export or feed file holds an unknown number of posts).
        files_done: Files read so far.
        files_total: Files in the corpus.
        elapsed: Seconds since the start.
        rate: Posts analysed per second.
        eta: Estimated seconds left (None until a post is analysed).
    """

    analyzed: int
    reused: int
    failed: int
    processed: int
    total: int
    files_done: int
    files_total: int
    elapsed: float
    rate: float
    eta: float | None


# -- hashing ----------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def analysis_version() -> str:
    """What stored analyses are keyed by: ``ANALYSIS_VERSION`` and a hash of the bundled data files.

    Between releases (a git checkout, an editable install) a lexicon or stopword change leaves
    ``__version__`` as it was; with the data's hash in the key, a rerun analyses the posts again with
    the new data instead of keeping analyses made with the old.
    """
    digest = hashlib.sha256()
    folder = resources.files("jpblog_nlp") / "data"
    for name in RESULT_DATA_FILES:
        digest.update(name.encode("utf-8") + b"\0" + (folder / name).read_bytes())
    return f"{ANALYSIS_VERSION} / data {digest.hexdigest()[:12]}"


def options_fingerprint(options: dict[str, Any]) -> str:
    """A hash of analysis options; a value naming an existing file counts by the file's content."""
    parts = {}
    for name, value in sorted(options.items()):
        if isinstance(value, (str, os.PathLike)) and os.path.isfile(value):
            # Streamed: the file is only checked against its size cap when the analysis reads it.
            digest = hashlib.sha256()
            with Path(value).open("rb") as handle:
                for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    digest.update(block)
            parts[name] = "file:" + digest.hexdigest()
        else:
            parts[name] = repr(value)
    blob = json.dumps([analysis_version(), parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_HASHED_FIELDS = tuple(f.name for f in dataclasses.fields(Post) if f.name != "source")


def content_hash(post: Post, fingerprint: str) -> str:
    """sha256 of the post's id, title, text and metadata (not its source path) plus the options hash."""
    # Fields read directly (not Post.to_dict, whose deep copy costs a sixth of the parent's scan time).
    data = [getattr(post, name) for name in _HASHED_FIELDS]
    blob = json.dumps([fingerprint, data], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


# -- the worker side ----------------------------------------------------------------------------------------

_WORKER_OPTIONS: dict[str, Any] = {}


def one_blas_thread() -> Any:
    """Limit numpy's BLAS to one thread (``threadpoolctl``); the returned limiter restores it when closed.

    A post's matrices (sentence similarity, a few dozen rows) are far too small for threads: OpenBLAS
    starts its threads on a product of some 75 rows, and they then spin for tens of milliseconds of CPU
    after every call, which is more than the whole analysis of the post, and takes the core another
    worker needs. Posts are the unit of parallelism here; results are the same with one thread.

    numpy is imported here, since a BLAS library not loaded yet cannot be limited and analysing a short
    post does not load it (``summarize`` ranks it in pure Python unless numpy is loaded and faster).
    """
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def init_worker(options: dict[str, Any], *, ignore_sigint: bool = True) -> None:
    """Prepare a worker: keep the options, build the tagger and load resources once.

    Args:
        options: Keyword arguments for ``analysis.analyze``.
        ignore_sigint: True in pool workers: Ctrl-C is handled by the parent, which stops the pool. Pool
            workers also keep BLAS to one thread for their lifetime (``one_blas_thread``).
    """
    global _WORKER_OPTIONS
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_OPTIONS = dict(options)
    from .analysis import analyze

    # One tiny analysis loads the tagger, dictionaries, lexicons and theme definitions the real ones use.
    with contextlib.suppress(JpblogError):
        analyze(Post(id="warm-up", title="", text="準備です。"), **_WORKER_OPTIONS)
    if ignore_sigint:
        one_blas_thread()  # the process is ours and analyses posts only: no need to restore
    # Those resources live as long as the worker: moved out of the cyclic collector's generations, they
    # are not traversed again by every full collection that the per-post allocations trigger.
    gc.collect()
    gc.freeze()


def analyze_task(task: Task) -> Outcome:
    """Analyse one post in a worker; never raises (a failure becomes the outcome's error)."""
    from .analysis import analyze

    ord_, key, hash_, post = task
    try:
        # The collector waits until the post's objects are packed and freed: leaving the block sets off a
        # collection, which would otherwise scan the whole analysis (about a millisecond a post).
        with collector_paused():
            result = analyze(post, **_WORKER_OPTIONS)
            data = result.to_dict()
            outcome = ord_, key, post.id, hash_, pack(data), pack(_term_bag(result, data)), None
            del result, data
        return outcome
    except JpblogError as err:
        return ord_, key, post.id, hash_, None, None, str(err)
    except Exception as err:  # a bug on one odd post must not stop a batch of thousands
        return ord_, key, post.id, hash_, None, None, f"{type(err).__name__}: {err}"


def _term_bag(result: Any, data: dict[str, Any]) -> list[list[Any]]:
    """The post's [norm, written form, kind, count] over its compound terms and nouns (input of topics)."""
    document = getattr(result, "document", None)
    if document is None:
        from .tables import term_bag

        return [[term, term, "noun", count] for term, count in term_bag(data).items()]
    terms = document.all_terms()
    # Filtered and counted in C (compress, Counter over attrgetter): a post has hundreds of terms.
    wanted = compress(terms, map(_TOPIC_KINDS.__contains__, map(_KIND, terms)))
    counts = Counter(map(_NORM_TEXT_KIND, wanted))
    return [[norm, text, kind, count] for (norm, text, kind), count in counts.items()]


# -- engines: "map analyze over posts" -----------------------------------------------------------------

Engine = Callable[..., Iterator[Outcome]]


def serial_engine(tasks: Iterable[Task], *, options: dict[str, Any], workers: int = 1,
                  chunksize: int = 1) -> Iterator[Outcome]:
    """Analyse in this process, one post after another (the engine of ``workers=1``).

    BLAS is kept to one thread while posts are analysed, and given back its threads afterwards (topic
    discovery over the whole corpus may use them).
    """
    init_worker(options, ignore_sigint=False)
    with one_blas_thread():
        for task in tasks:
            yield analyze_task(task)


def local_engine(tasks: Iterable[Task], *, options: dict[str, Any], workers: int = 2,
                 chunksize: int = 8) -> Iterator[Outcome]:
    """Analyse in a multiprocessing pool of ``workers`` processes (``imap_unordered``).

    Posts in flight are bounded: ``Pool.imap_unordered`` pulls its input as fast as it can, which would
    read the whole corpus into the task queue. A semaphore taken for each task handed over and given back
    for each outcome received keeps at most ``4 * workers * chunksize`` posts in flight (flat memory).
    """
    if workers <= 1:
        yield from serial_engine(tasks, options=options)
        return
    import multiprocessing

    bound = threading.Semaphore(4 * workers * chunksize)
    stop = threading.Event()

    def feed() -> Iterator[Task]:
        for task in tasks:
            while not bound.acquire(timeout=0.1):
                if stop.is_set():
                    return
            yield task

    # fork on Linux (the parent's imports are shared); the initializer is spawn-safe as well.
    with multiprocessing.Pool(workers, initializer=init_worker, initargs=(options,)) as pool:
        try:
            for outcome in pool.imap_unordered(analyze_task, feed(), chunksize=chunksize):
                bound.release()
                yield outcome
        finally:
            stop.set()
            pool.terminate()


def _dask_engine(*args: Any, **kwargs: Any) -> Iterator[Outcome]:
    """The Dask engine (``jpblog_nlp.dask_engine``), imported when used."""
    from .dask_engine import dask_engine

    return dask_engine(*args, **kwargs)


# File-level engines receive the corpus scan itself and read the files where they run.
_dask_engine.file_level = True  # type: ignore[attr-defined]
_dask_engine.partitioned = True  # type: ignore[attr-defined]

#: Engines by name. Post-level engines take ``(tasks, *, options, workers, chunksize)``; file-level ones
#: (``file_level = True``) take the scan and read the files on their workers.
ENGINES: dict[str, Engine] = {"local": local_engine, "serial": serial_engine, "dask": _dask_engine}


# -- the runner ------------------------------------------------------------------------------------------


def _relative(source: str, base: Path) -> str:
    """A source relative to the corpus folder, with / separators (stable whatever the working directory)."""
    try:
        rel = os.path.relpath(source, base)
    except ValueError:  # another drive on Windows
        rel = source
    return printable(rel.replace(os.sep, "/"))


def _table_layout() -> str:
    """A short fingerprint of the tables' columns and types (``tables.COLUMNS``)."""
    from .tables import COLUMNS

    return hashlib.sha256(json.dumps(COLUMNS, sort_keys=True).encode()).hexdigest()[:12]


def _check_options(options: dict[str, Any]) -> None:
    """Refuse options that this version's ``analyze`` does not take, before starting any worker."""
    from .analysis import analyze

    params = inspect.signature(analyze).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    unknown = sorted(set(options) - set(params))
    if unknown:
        raise InputError(
            f"the analysis does not take the option(s) {', '.join(unknown)} yet",
            hint="drop the option, or update jpblog-nlp",
        )


def read_items(file: str | Path, iter_options: dict[str, Any]) -> Iterator[Post | LoadFailure]:
    """The posts of one file; any error of a reader becomes a LoadFailure for the file.

    ``iter_posts`` already turns what a reader raises into failures; this is the last guard (a file gone
    between the scan and the read, a bad option), so that a batch never stops on one file.
    """
    try:
        yield from iter_posts(file, errors="yield", **iter_options)
    except Exception as err:  # a reader bug or a missing reader must not stop the batch
        message = str(err) if isinstance(err, JpblogError) else str(unexpected_load_error(err, str(file)))
        yield LoadFailure(str(file), message)


class _Scan:
    """The corpus scan: yields tasks to analyse, queues what the parent must record (feeder-thread safe)."""

    def __init__(self, root: Path, known: dict[str, str], known_files: dict[str, tuple[str, list[list[str]]]],
                 fingerprint: str, iter_options: dict[str, Any], *, exclude: Path | None = None) -> None:
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
        #: Notes on what the corpus holds but is not read (old results folders), said once.
        self.notes = [results_folder_note(folder) for folder in skipped]
        self.known = known
        self.known_files = known_files
        self.fingerprint = fingerprint
        self.iter_options = iter_options
        # ("touch", key, ord), ("error", source, reason, ord), ("file", path, sig, posts), ("touch_file", path):
        # recorded by the parent's main thread, the only one that writes to SQLite.
        self.events: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self.files_done = 0
        self.seen = 0
        self.finished = False
        # A folder that cannot be listed and a FIFO or device with a post's name are failures of the run
        # (counted, in errors.csv), recorded before any file is read: never posts dropped without a word.
        for failure in failures:
            self.seen += 1
            self.events.put(("error", _relative(failure.source, self.base), failure.reason, 0))

    def _items(self, file: Path) -> Iterator[Post | LoadFailure]:
        """The posts of one file; any error of a reader becomes a LoadFailure for the file."""
        return read_items(file, self.iter_options)

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

    def _signature(self, file: Path) -> str | None:
        """Size, modification time and options of a file: equal signatures mean an unchanged file."""
        try:
            st = file.stat()
        except OSError:
            return None
        options = json.dumps(self.iter_options, sort_keys=True, default=str)
        return f"{st.st_size}:{st.st_mtime_ns}:{self.fingerprint}:{options}"

    def __iter__(self) -> Iterator[Task]:
        ord_ = 0
        for file in self.files:
            path = _relative(str(file), self.base)
            sig = self._signature(file)
            stored = self.unchanged_record(path, sig)
            if stored is not None:
                for key, _ in stored:
                    ord_ += 1
                    self.seen += 1
                    self.events.put(("touch", key, ord_))
                self.events.put(("touch_file", path))
                self.files_done += 1
                continue
            posts: list[list[str]] = []
            failed = False
            for item in self._items(file):
                ord_ += 1
                self.seen += 1
                key = _relative(item.source, self.base)
                if isinstance(item, LoadFailure):
                    failed = True
                    self.events.put(("error", key, item.reason, ord_))
                    continue
                post = dataclasses.replace(item, source=key)
                hash_ = content_hash(post, self.fingerprint)
                posts.append([key, hash_])
                if self.known.get(key) == hash_:
                    self.events.put(("touch", key, ord_))
                    continue
                yield ord_, key, hash_, post
            if sig is not None and not failed and posts:  # a file with failures is always read again
                self.events.put(("file", path, sig, posts))
            self.files_done += 1
        self.finished = True


def run_batch(
    root: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    options: dict[str, Any] | None = None,
    topics: int | None = None,
    format: str | None = None,
    include_drafts: bool = False,
    chunksize: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    stop_after: int | None = None,
    repair: bool = True,
) -> BatchResult:
    """Analyse every post under a folder into a results folder; resume where an earlier run stopped.

    Args:
        root: Corpus folder (searched recursively) or a single file (an export or feed holds many posts).
        out: Results folder (created if missing): ``results.sqlite``, tables, report, ``batch.json``.
        workers: Processes analysing posts (local engine: 1 = in this process, the default; Dask engine:
            worker processes of the local cluster, default one per core).
        engine: A key of ``ENGINES``: "local" (multiprocessing), "serial" or "dask".
        scheduler: With the Dask engine, the address of a running scheduler (``tcp://HOST:8786``); without
            one a local cluster is started.
        options: Keyword arguments for ``analysis.analyze`` (e.g. ``{"themes": "my-themes.toml"}``).
        topics: Number of topics to discover (None: let topic discovery choose).
        format: Force a source format for every file.
        include_drafts: Also analyse draft entries of Movable Type exports.
        chunksize: Posts per task sent to a worker (default: 8 per worker-round, enough to hide the
            inter-process cost of ~10 ms posts).
        progress: Called with a ``Progress`` snapshot now and then (the CLI draws its bar with it).
        stop_after: Test hook: stop as if killed after storing this many new analyses.
        repair: When stored analyses turn out damaged (a blob of ``results.sqlite`` that no longer
            decompresses), analyse those posts again within this call; False leaves it to the next run.

    Returns:
        The result, whose DataFrames are read from the tables written.

    Raises:
        InputError: Missing corpus folder, an option the analysis does not take, or a results folder
            that cannot be used (another program's or a damaged ``results.sqlite``, a read-only folder).
        ResourceError: The disk filled up (the analyses stored until then are kept for the next run).
    """
    started, started_cpu = time.perf_counter(), time.process_time()
    root = Path(root)
    if not root.exists():
        raise InputError("no such file or folder", source=str(root), hint="check the path")
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}", hint="use one of " + ", ".join(ENGINES))
    run = ENGINES[engine]
    file_level = bool(getattr(run, "file_level", False))
    partitioned = bool(getattr(run, "partitioned", False))  # tables as dataset folders of parts
    if scheduler and not file_level:
        raise InputError("a scheduler address needs the dask engine", hint="add --engine dask")
    if scheduler and engine == "dask":
        from .dask_engine import check_scheduler_address, probe_scheduler

        # Before the results folder is touched: a wrong address costs nothing and is said at once.
        scheduler = check_scheduler_address(scheduler)
        probe_scheduler(scheduler)
    options = dict(options or {})
    _check_options(options)
    folder = Path(out)
    with ResultStore(folder) as store:
        store.begin_run()
        errors_before = store.errors()
        scan = _Scan(root, store.known_hashes(), store.known_files(), options_fingerprint(options),
                     {"format": format, "include_drafts": include_drafts}, exclude=folder)
        counts = {"analyzed": 0, "reused": 0, "failed": 0}

        def record(event: tuple[Any, ...]) -> None:
            if event[0] == "touch":
                store.touch_post(event[1], event[2])
                counts["reused"] += 1
            elif event[0] == "file":
                store.put_file(event[1], event[2], event[3])
            elif event[0] == "touch_file":
                store.touch_file(event[1])
            else:
                store.put_error(event[1], event[2], event[3])
                counts["failed"] += 1

        def drain() -> None:
            while True:
                try:
                    record(scan.events.get_nowait())
                except queue.Empty:
                    return

        last_report = 0.0

        def report(force: bool = False) -> None:
            nonlocal last_report
            now = time.perf_counter()
            if progress is None or (not force and now - last_report < 0.2):
                return
            last_report = now
            elapsed = now - started
            rate = counts["analyzed"] / elapsed if elapsed > 0 else 0.0
            n_files = len(scan.files)
            processed = counts["analyzed"] + counts["reused"] + counts["failed"]
            # Posts expected in all: those met so far, scaled by the share of files read.
            total = scan.seen if scan.finished or not scan.files_done else round(
                scan.seen / scan.files_done * n_files)
            total = max(total, processed)
            eta = (total - processed) / rate if rate > 0 else None
            progress(Progress(counts["analyzed"], counts["reused"], counts["failed"], processed, total,
                              scan.files_done, n_files, elapsed, rate, eta))

        interrupted = False
        if file_level:
            outcomes = run(scan, options=options, workers=workers, chunksize=chunksize, scheduler=scheduler)
        else:
            outcomes = run(iter(scan), options=options, workers=workers or 1, chunksize=chunksize or 8)
        try:
            for ord_, key, post_id, hash_, data, terms, error in outcomes:
                drain()
                if error is None and data is not None and terms is not None:
                    store.put_post(key, post_id, ord_, hash_, data, terms)
                    counts["analyzed"] += 1
                else:
                    store.put_error(key, error or "analysis failed", ord_)
                    counts["failed"] += 1
                report()
                if stop_after is not None and counts["analyzed"] >= stop_after:
                    interrupted = True
                    break
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()  # stops the pool (also on Ctrl-C)
            if not interrupted:
                drain()
            store.commit()
        analysis_seconds = time.perf_counter() - started
        analysis_cpu_seconds = time.process_time() - started_cpu
        report(force=True)
        removed = 0
        notes: list[str] = []
        if not interrupted:
            removed = store.finish_run()
            # Nothing changed since the last complete run: the tables and report on disk are already
            # these, so they are kept (topic discovery and table writing dominate an unchanged rerun).
            # The tables' layout is part of it: a version that adds a column rewrites the tables.
            outputs_key = f"{analysis_version()}|{_table_layout()}|topics={topics}|partitioned={partitioned}"
            unchanged = (counts["analyzed"] == 0 and removed == 0 and store.errors() == errors_before
                         and store.get_meta("outputs_key") == outputs_key and _outputs_exist(folder))
            if unchanged:
                notes = _previous_notes(folder)
            else:
                store.set_meta("outputs_key", "")
                notes = write_outputs(store, folder, topics=topics, partitioned=partitioned)
                if not store.dropped:  # else the tables lack the dropped posts: written again below
                    store.set_meta("outputs_key", outputs_key)
        n_posts, n_failed = store.count()
    if store.dropped and repair:
        # Stored analyses found damaged while the tables were written were deleted: the next scan sees
        # their posts as missing (their unchanged hashes would otherwise make every rerun keep the damage),
        # so one more pass analyses just those posts again and rewrites the tables and report with them.
        return run_batch(root, out, workers=workers, engine=engine, scheduler=scheduler, options=options,
                         topics=topics, format=format, include_drafts=include_drafts, chunksize=chunksize,
                         progress=progress, repair=False)
    if store.dropped:
        notes.append(f"{len(store.dropped)} stored analyses were unreadable and dropped; "
                     "run the batch again to analyse those posts again")
    stats = BatchStats(
        n_posts=n_posts,
        n_failed=n_failed,
        n_analyzed=counts["analyzed"],
        n_reused=counts["reused"],
        n_removed=removed,
        seconds=time.perf_counter() - started,
        analysis_seconds=analysis_seconds,
        analysis_cpu_seconds=analysis_cpu_seconds,
        interrupted=interrupted,
    )
    if not interrupted:
        _write_json(folder / BATCH_FILE, {
            "corpus": str(root), "options": {k: str(v) for k, v in options.items()},
            "version": analysis_version(), "stats": stats.to_dict(), "notes": notes,
        })
    return BatchResult(folder, stats, scan.notes)


def _outputs_exist(folder: Path) -> bool:
    """True when every table, the report and the batch summary are in the folder."""
    from .tables import TABLES

    names = [f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")] + ["report.html", "report.md", BATCH_FILE]
    return all((folder / name).exists() for name in names)


def _previous_notes(folder: Path) -> list[str]:
    """The notes of the last complete run (none when its summary is damaged; it is written again)."""
    try:
        notes = _read_summary(folder / BATCH_FILE).get("notes")  # size-capped, never blocks on a FIFO
    except InputError:
        return []
    return [str(note) for note in notes] if isinstance(notes, list) else []


def _write_json(path: Path, data: Any) -> None:
    """Write JSON with ``safe_io`` (atomic for a regular file; a symlink or device is never replaced)."""
    from .safe_io import write_text

    write_text(path, json.dumps(data, ensure_ascii=False, indent=2), what="batch summary")


# -- tables, topics and report ---------------------------------------------------------------------------


def discover_corpus_topics(store: ResultStore, k: int | None) -> tuple[list[dict], list[dict], list[Any], str | None]:
    """Run ``jpblog_nlp.topics.discover_topics`` over the stored term lists, when that module exists.

    Returns:
        (topics rows, post_topics rows, dominant (topic, label, weight) per post in corpus order, note).
        The note says why topics were skipped (None when they were not).
    """
    n_posts = store.count()[0]
    if importlib.util.find_spec("jpblog_nlp.topics") is None:
        return [], [], [None] * n_posts, "topics skipped: topic discovery (jpblog_nlp.topics) is not installed"
    if n_posts < 2:
        return [], [], [None] * n_posts, "topics skipped: fewer than two posts"
    from . import topics as topics_module

    post_ids: list[str] = []
    per_doc: list[list[tuple[str, str]]] = []
    # One (key, written form) pair per distinct term of the corpus, repeated by reference: the whole
    # corpus's term lists are held at once here, so an occurrence must cost a pointer, not an object and
    # two strings. Counts become repetitions, as in running text; nothing is tokenized again.
    shared: dict[tuple[str, str], tuple[str, str]] = {}
    is_topic_term = topics_module.is_topic_term
    for post_id, bag in store.iter_terms():
        post_ids.append(post_id)
        pairs: list[tuple[str, str]] = []
        for norm, text, kind, count in bag:
            if is_topic_term(norm, kind):
                pair = (norm, text)
                pairs += (shared.setdefault(pair, pair),) * count
        per_doc.append(pairs)
    model = topics_module.topics_from_terms(post_ids, per_doc, k=k)
    return _topic_rows(model)


def _topic_rows(model: Any) -> tuple[list[dict], list[dict], list[Any], str | None]:
    """Turn a ``topics.TopicModel`` into our rows."""
    weights = model.weights
    n_posts = len(model.post_ids)
    topic_rows = []
    for topic in model.topics:
        column = [float(row[topic.index]) for row in weights]
        topic_rows.append({
            "topic": int(topic.index),
            "label": topic.label,
            "terms": " | ".join(topic.terms),
            "n_posts": int(topic.n_posts),
            "weight": sum(column) / n_posts if n_posts else 0.0,
        })
    labels = {t.index: t.label for t in model.topics}
    post_rows: list[dict] = []
    dominant: list[Any] = []
    # The model's own choice (ties within its tolerance go to the first topic in its order), so that a
    # post's topic in posts.csv agrees with every topic's n_posts on any CPU.
    for post_id, row, best in zip(model.post_ids, weights, model.dominant(), strict=True):
        values = [float(w) for w in row]
        post_rows.extend({"post_id": post_id, "topic": j, "weight": w} for j, w in enumerate(values) if w > 0)
        dominant.append((best, labels.get(best), values[best]) if best >= 0 else None)
    return topic_rows, post_rows, dominant, None


def write_outputs(store: ResultStore, folder: Path, *, topics: int | None = None,
                  partitioned: bool = False) -> list[str]:
    """Write every table (Parquet + CSV, streamed from the store) and the corpus report.

    Args:
        store: The results store of a finished scan.
        folder: Where the files go.
        topics: Number of topics (None: topic discovery chooses).
        partitioned: Write each Parquet table as a dataset folder of parts (the Dask engine's layout).

    Returns:
        Notes on what was skipped (shown in the report and kept in ``batch.json``).
    """
    from . import tables

    notes: list[str] = []
    try:
        topic_rows, post_topic_rows, dominant, note = discover_corpus_topics(store, topics)
    except Exception as err:  # topics are a bonus: the tables must still be written
        topic_rows, post_topic_rows, dominant = [], [], [None] * store.count()[0]
        note = f"topics skipped: topic discovery failed ({type(err).__name__}: {err})"
    if note:
        notes.append(note)
    writers: dict[str, tables.TableWriter] = {}
    try:
        for name in ("posts", "sentences", "keywords", "themes"):
            writers[name] = tables.TableWriter(folder, name, partitioned=partitioned)
        for i, (key, data) in enumerate(store.iter_analyses()):
            row = tables.post_row(data, source=key)
            if i < len(dominant) and dominant[i] is not None:
                row["topic"], row["topic_label"], row["topic_weight"] = dominant[i]
            writers["posts"].write([row])
            writers["sentences"].write(tables.sentence_rows(data))
            writers["keywords"].write(tables.keyword_rows(data))
            writers["themes"].write(tables.theme_rows(data))
        for writer in writers.values():
            writer.close()
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    tables.write_rows(folder, "topics", topic_rows, partitioned=partitioned)
    tables.write_rows(folder, "post_topics", post_topic_rows, partitioned=partitioned)
    tables.write_rows(folder, "errors", [{"source": s, "reason": r} for s, r in store.errors()],
                      partitioned=partitioned)
    from .render.corpus import write_corpus_report

    write_corpus_report(folder, notes=notes)
    return notes


# -- results -------------------------------------------------------------------------------------------------


class BatchResult:
    """The tables of a finished batch, as pandas DataFrames read lazily from the results folder.

    DataFrames (columns documented in ``docs/batch.md`` and ``tables.COLUMNS``):

    - ``posts``: one row per post: id, source (relative to the corpus folder), title, url, published,
      month (YYYY-MM), author, blog, categories, hashtags (joined with " | "), n_chars, n_sentences,
      n_tokens, sentiment_score, sentiment_label, positive/negative/neutral_share, emotion_<name> for
      Plutchik's eight, dominant_emotion, keywords (top 5), themes (top 3), top_theme, top_theme_score,
      summary, topic, topic_label, topic_weight.
    - ``sentences``: post_id, index, text, start, end, paragraph, sentiment_score, sentiment_label, themes,
      in_summary.
    - ``keywords``: post_id, rank, term, norm, score, count, kind.
    - ``themes``: post_id, theme, label, score, n_sentences, first_position, stance, stance_score.
    - ``topics``: topic, label, terms, n_posts, weight; ``post_topics``: post_id, topic, weight.
    - ``errors``: source, reason.

    Attributes:
        folder: The results folder.
        stats: Counts of the run that produced it.
        notes: What the run's scan left out on purpose, said once (an old results folder inside the
            corpus); empty for a result read back with ``read_results``.
    """

    def __init__(self, folder: str | os.PathLike[str], stats: BatchStats, notes: Iterable[str] = ()) -> None:
        self.folder = Path(folder)
        self.stats = stats
        self.notes = tuple(notes)
        self._frames: dict[str, Any] = {}

    def table(self, name: str) -> Any:
        """A table as a DataFrame (cached)."""
        from . import tables

        if name not in tables.COLUMNS:
            raise KeyError(f"no table {name!r}; tables: {', '.join(tables.COLUMNS)}")
        if name not in self._frames:
            self._frames[name] = tables.read_table(self.folder, name)  # a damaged file: a clean InputError
        return self._frames[name]

    posts = property(lambda self: self.table("posts"), doc="One row per post.")
    sentences = property(lambda self: self.table("sentences"), doc="One row per sentence.")
    keywords = property(lambda self: self.table("keywords"), doc="One row per (post, keyword).")
    themes = property(lambda self: self.table("themes"), doc="One row per (post, theme present).")
    topics = property(lambda self: self.table("topics"), doc="One row per discovered topic.")
    post_topics = property(lambda self: self.table("post_topics"), doc="One row per (post, topic) weight.")
    errors = property(lambda self: self.table("errors"), doc="One row per failed file or post.")

    @property
    def report_html(self) -> Path:
        """The corpus report (self-contained HTML)."""
        return self.folder / "report.html"

    @property
    def report_md(self) -> Path:
        """The corpus report (Markdown)."""
        return self.folder / "report.md"

    def __repr__(self) -> str:
        s = self.stats
        return f"BatchResult({str(self.folder)!r}, posts={s.n_posts}, failed={s.n_failed})"


def read_results(folder: str | os.PathLike[str]) -> BatchResult:
    """Load a finished batch from its results folder, without recomputing anything.

    Args:
        folder: A results folder written by ``jpblog batch`` or ``Corpus.analyze``.

    Returns:
        The result (its DataFrames are read on first use).

    Raises:
        InputError: The folder holds no finished batch, or its ``batch.json`` is damaged.
    """
    folder = Path(folder)
    summary = folder / BATCH_FILE
    if not summary.exists():
        raise InputError("holds no finished batch", source=str(folder),
                         hint="run `jpblog batch DIR --out RESULTS_DIR` to completion first")
    data = _read_summary(summary)
    stats = data.get("stats")
    stats = stats if isinstance(stats, dict) else {}
    defaults = BatchStats()
    values = {}
    for field in dataclasses.fields(BatchStats):
        # A value of the field's kind, else its default: a hand-edited summary is not trusted blindly.
        value, default = stats.get(field.name), getattr(defaults, field.name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, int if isinstance(default, int) else (int, float)) and not isinstance(value, bool)
        if ok:
            values[field.name] = value
    return BatchResult(folder, BatchStats(**values))


#: ``batch.json`` holds counts and a few notes: anything bigger is not ours.
SUMMARY_MAX_BYTES = 4 * 1024 * 1024


def _read_summary(summary: Path) -> dict[str, Any]:
    """The parsed ``batch.json`` of a results folder; an ``InputError`` when it is damaged or not ours."""
    hint = "run the same `jpblog batch` again to write it again (nothing is re-analysed)"
    try:
        if not summary.is_file():  # a directory, or a FIFO that would block the read
            raise InputError("the batch summary is not a file", source=str(summary), hint=hint)
        with summary.open("rb") as handle:
            raw = handle.read(SUMMARY_MAX_BYTES + 1)
        if len(raw) > SUMMARY_MAX_BYTES:
            raise InputError(f"the batch summary is over {SUMMARY_MAX_BYTES // 1024 // 1024} MB: not a jpblog "
                             "batch.json", source=str(summary), hint=hint)
        data = json.loads(raw.decode("utf-8"))
    except OSError as err:
        raise InputError(f"cannot read the batch summary ({err.strerror})", source=str(summary), hint=hint) from err
    except (ValueError, RecursionError) as err:  # bad UTF-8 or JSON (UnicodeDecodeError is a ValueError)
        raise InputError("the batch summary is damaged (not JSON)", source=str(summary), hint=hint) from err
    if not isinstance(data, dict):
        raise InputError("the batch summary is damaged (not a JSON object)", source=str(summary), hint=hint)
    return data


# -- notebook entry point ----------------------------------------------------------------------------------


def default_results_folder(root: Path) -> Path:
    """Where ``Corpus.analyze`` keeps results when no folder is given: a per-corpus cache folder."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache / "jpblog" / "batch" / f"{root.resolve().name}-{digest}"


class Corpus:
    """A folder (or export/feed file) of posts.

    Args:
        root: The folder or file.
        format: Force a source format for every file.
        include_drafts: Also include draft entries of Movable Type exports.
    """

    def __init__(self, root: str | os.PathLike[str], *, format: str | None = None,
                 include_drafts: bool = False) -> None:
        self.root = Path(root)
        if not self.root.exists():
            raise InputError("no such file or folder", source=str(self.root), hint="check the path")
        self.format = format
        self.include_drafts = include_drafts

    @property
    def files(self) -> list[Path]:
        """The supported files of the corpus."""
        return discover_files(self.root) if self.root.is_dir() else [self.root]

    def __iter__(self) -> Iterator[Post]:
        """The posts that load (failures are skipped; ``analyze`` records them)."""
        for item in iter_posts(self.root, format=self.format, include_drafts=self.include_drafts, errors="skip"):
            if isinstance(item, Post):
                yield item

    def analyze(
        self,
        out: str | os.PathLike[str] | None = None,
        *,
        workers: int | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        topics: int | None = None,
        progress: Callable[[Progress], None] | None = None,
        **options: Any,
    ) -> BatchResult:
        """Analyse every post (resumable: only new or changed posts are analysed again).

        Args:
            out: Results folder; default: a cache folder per corpus (``~/.cache/jpblog/batch/...``).
            workers: Processes analysing posts (see ``run_batch``).
            engine: A key of ``ENGINES`` ("local", "serial" or "dask").
            scheduler: A Dask scheduler address (engine "dask"); None starts a local cluster.
            topics: Number of topics to discover (None: topic discovery chooses).
            progress: Progress callback (see ``run_batch``).
            **options: Passed to ``analysis.analyze`` (e.g. ``themes="my-themes.toml"``).

        Returns:
            The result with its DataFrames.
        """
        folder = Path(out) if out is not None else default_results_folder(self.root)
        return run_batch(self.root, folder, workers=workers, engine=engine, scheduler=scheduler, options=options,
                         topics=topics,
                         format=self.format, include_drafts=self.include_drafts, progress=progress)

    def __repr__(self) -> str:
        return f"Corpus({str(self.root)!r})"


def load_corpus(path: str | os.PathLike[str], *, format: str | None = None, include_drafts: bool = False) -> Corpus:
    """Open a corpus folder (or an export/feed file) for batch analysis.

    Args:
        path: The folder (searched recursively) or file.
        format: Force a source format for every file.
        include_drafts: Also include draft entries of Movable Type exports.

    Returns:
        The corpus; call ``.analyze()`` on it.
    """
    return Corpus(path, format=format, include_drafts=include_drafts)
