"""The same batch with the local engine (2 workers) and with Dask on a local cluster of 2 workers.

Prints both times, their ratio (target: Dask within 1.3x of the local engine; on one machine Dask can
only add overhead), the time to start the local cluster, and the scheduler's task count and the
partition size the engine chose. Each run writes a fresh results folder; the corpus is read in place.

Usage::

    python scripts/bench_dask.py                   # the full livedoor corpus (../shared/data/livedoor)
    python scripts/bench_dask.py --limit 1000      # the first 1000 files
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "livedoor"


def subset(data: Path, limit: int | None, into: Path) -> Path:
    """A folder of symlinks to the first ``limit`` files of the corpus (the corpus itself when None)."""
    if limit is None:
        return data
    from jpblog_nlp.sources import discover_files

    for i, file in enumerate(discover_files(data)[:limit]):
        link = into / f"{i:05d}-{file.name}"
        link.symlink_to(file.resolve())
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found (the livedoor corpus lives in ../shared/data/livedoor)", file=sys.stderr)
        return 2
    try:
        import distributed
    except ImportError:
        print("dask and distributed are not installed: pip install 'jpblog-nlp[dask]'", file=sys.stderr)
        return 2
    import logging

    logging.getLogger("distributed").setLevel(logging.WARNING)
    from jpblog_nlp.batch.engines import dask as dask_engine
    from jpblog_nlp.batch.runner import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "corpus").mkdir()
        corpus = subset(args.data, args.limit, work / "corpus")

        start = time.perf_counter()
        local = run_batch(corpus, work / "local", workers=args.workers, engine="local")
        local_time = time.perf_counter() - start

        start = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None)
        startup = time.perf_counter() - start
        try:
            start = time.perf_counter()
            dask = run_batch(corpus, work / "dask", engine="dask", scheduler=cluster.scheduler_address)
            dask_time = time.perf_counter() - start
        finally:
            cluster.close()
        run = dask_engine.LAST_RUN

    same = (local.stats.n_posts, local.stats.n_failed) == (dask.stats.n_posts, dask.stats.n_failed)
    print(f"corpus: {local.stats.n_posts} posts ({local.stats.n_failed} failed), {args.workers} workers each")
    for name, seconds, stats in (("local engine (multiprocessing pool)", local_time, local.stats),
                                  ("dask engine (LocalCluster, started before)", dask_time, dask.stats)):
        print(f"{name:<44} {seconds:7.1f} s  (analysis {stats.analysis_seconds:.1f} s)")
    print(f"{'  cluster start-up (not counted above)':<44} {startup:7.1f} s")
    ratio = dask_time / local_time
    print(f"dask / local: {ratio:.2f}x (target <= 1.3x)")
    print(f"scheduler tasks: {run.n_tasks}, files per task (partition size): {run.partition_size}, "
          f"workers: {run.n_workers}, files sent: {run.n_files}")
    print(f"same post and failure counts: {'yes' if same else 'NO'}")
    return 0 if ratio <= 1.3 and same else 1


if __name__ == "__main__":
    sys.exit(main())
