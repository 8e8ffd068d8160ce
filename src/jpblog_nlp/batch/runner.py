"""Run a batch: analyse every post of a corpus folder, resumably, into tidy tables and a corpus report.

Notebook use goes through ``load_corpus(path).analyze()`` (``batch.corpus``); ``read_results`` reads a
finished results folder back (``batch.results``).

How a run goes (``run_batch``):

1. The parent walks the corpus (``scan.Scan``, one file at a time) and computes each post's content hash:
   sha256 of its id, title, text and metadata, of the analysis options (``AnalysisOptions.fingerprint``)
   and of the analysis version. A post whose key (its source relative to the corpus folder) is stored
   with the same hash is reused; the others become ``Task`` records for the engine.
2. The engine (``engines.ENGINES``) maps the analysis over them (``engine="local"``: a multiprocessing
   pool whose workers build the tagger and load the resources once, fed through ``imap_unordered`` with
   a bounded number of posts in flight; ``"dask"``: the files are read on the workers of a Dask cluster
   by the same scan code). Workers return ``Outcome`` records, the analysis already JSON-encoded and
   compressed.
3. The parent writes each outcome, and each event of the scan, to the SQLite store (``store.ResultStore``)
   in small transactions: a Ctrl-C or a kill loses at most one transaction, redone by the next run.
4. After a complete scan, posts no longer in the corpus are dropped (decision: removed posts disappear
   from the tables; their rows are deleted from the store), topics are discovered over the stored term
   lists, tables are streamed from SQLite into Parquet and CSV, and the corpus report is written
   (``outputs``).

A post that cannot be loaded or analysed is recorded in the ``errors`` table and the run goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import queue
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import InputError
from ..options import AnalysisOptions, analysis_version
from .engines import ENGINES
from .outputs import write_outputs
from .results import BATCH_FILE, BatchResult, BatchStats, read_summary
from .scan import Event, FileRead, FileUnchanged, PostUnchanged, ReadOptions, Scan
from .store import ResultStore


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


def _table_layout() -> str:
    """A short fingerprint of the tables' columns and types (``tables.COLUMNS``)."""
    from .tables import COLUMNS

    return hashlib.sha256(json.dumps(COLUMNS, sort_keys=True).encode()).hexdigest()[:12]


def run_batch(
    root: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    options: AnalysisOptions | Mapping[str, object] | None = None,
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
        engine: A key of ``engines.ENGINES``: "local" (multiprocessing), "serial" or "dask".
        scheduler: With the Dask engine, the address of a running scheduler (``tcp://HOST:8786``); without
            one a local cluster is started.
        options: The analysis options, or keyword arguments of ``analysis.analyze`` for them (e.g.
            ``{"themes": "my-themes.toml"}``).
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
    chosen = ENGINES.lookup(engine)  # UnknownNameError, naming the engines, for another name
    partitioned = chosen.partitioned  # tables as dataset folders of parts
    if scheduler and chosen.files is None:
        raise InputError("a scheduler address needs the dask engine", hint="add --engine dask")
    if scheduler and engine == "dask":
        from .engines.dask import check_scheduler_address, probe_scheduler

        # Before the results folder is touched: a wrong address costs nothing and is said at once.
        scheduler = check_scheduler_address(scheduler)
        probe_scheduler(scheduler)
    if not isinstance(options, AnalysisOptions):
        options = AnalysisOptions.from_mapping(options)  # checked before any worker starts
    folder = Path(out)
    with ResultStore(folder) as store:
        store.begin_run()
        errors_before = store.errors()
        scan = Scan(root, store.known_hashes(), store.known_files(), options.fingerprint(),
                    ReadOptions(format, include_drafts), exclude=folder)
        counts = {"analyzed": 0, "reused": 0, "failed": 0}

        def record(event: Event) -> None:
            if isinstance(event, PostUnchanged):
                store.touch_post(event.key, event.ord)
                counts["reused"] += 1
            elif isinstance(event, FileRead):
                store.put_file(event.path, event.signature, event.posts)
            elif isinstance(event, FileUnchanged):
                store.touch_file(event.path)
            else:
                store.put_error(event.source, event.reason, event.ord)
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
        if chosen.files is not None:
            outcomes = chosen.files(scan, options=options, workers=workers, chunksize=chunksize, scheduler=scheduler)
        else:
            assert chosen.posts is not None
            outcomes = chosen.posts(scan.tasks(), options=options, workers=workers or 1, chunksize=chunksize or 8)
        try:
            for outcome in outcomes:
                drain()
                if outcome.error is None and outcome.data is not None and outcome.terms is not None:
                    store.put_post(outcome.key, outcome.post_id, outcome.ord, outcome.hash, outcome.data,
                                   outcome.terms)
                    counts["analyzed"] += 1
                else:
                    store.put_error(outcome.key, outcome.error or "analysis failed", outcome.ord)
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
                notes = write_outputs(store, folder, topics=topics, partitioned=partitioned, workers=workers or 1)
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
            "corpus": str(root), "options": {k: str(v) for k, v in options.changed().items()},
            "version": analysis_version(), "stats": stats.to_dict(), "notes": notes,
        })
    return BatchResult(folder, stats, scan.notes)


def _outputs_exist(folder: Path) -> bool:
    """True when every table, the report and the batch summary are in the folder."""
    from .outputs import NETWORK_FILES
    from .tables import TABLES

    names = [f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")] + ["report.html", "report.md", BATCH_FILE,
                                                                           "report/index.html"]
    names += NETWORK_FILES.values()
    return all((folder / name).exists() for name in names)


def _previous_notes(folder: Path) -> list[str]:
    """The notes of the last complete run (none when its summary is damaged; it is written again)."""
    try:
        notes = read_summary(folder / BATCH_FILE).get("notes")  # size-capped, never blocks on a FIFO
    except InputError:
        return []
    return [str(note) for note in notes] if isinstance(notes, list) else []


def _write_json(path: Path, data: dict[str, object]) -> None:
    """Write JSON with ``safe_io`` (atomic for a regular file; a symlink or device is never replaced)."""
    from ..safe_io import write_text

    write_text(path, json.dumps(data, ensure_ascii=False, indent=2), what="batch summary")
