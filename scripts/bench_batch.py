"""Benchmark ``jpblog batch`` on the livedoor corpus; prints ratios measured in this one run.

Figures (targets of issue 7):

- full analysis with 1 worker vs bare fugashi tokenization of the same texts (at most 2.0x), on this
  process's CPU time and on the wall clock. One worker analyses in this process, so its CPU time is the
  pass's own. Bare fugashi is timed inside the pass, over each block of 50 posts just before their
  analysis (``InterleavedBare``), so that the machine's drifting speed (a core shared with other tenants)
  touches both sides alike; its time is taken out of the pass's figures. Bare fugashi is also timed
  apart, just before and just after the pass, and the ratio to their mean is printed as well;
- 2 workers vs 1 (at least 1.7x faster);
- peak memory (RSS of the process and its children) of a whole run over 1/4, 1/2 and all of the corpus,
  each in a fresh subprocess (flat, under 500 MB);
- a second run over an unchanged corpus vs the first (at least 20x faster);
- the corpus site (``report/``) built at the end of the 2-worker run: its build time as a share of that
  run's wall time (at most 15%), and its size per post beyond the shared assets (at most about 20 KB).

Usage::

    python scripts/bench_batch.py                 # the full corpus (../shared/data/livedoor)
    python scripts/bench_batch.py --limit 800     # a quick run on the first 800 files
    python scripts/bench_batch.py --limit 1000 --site-only   # one 2-worker batch: the site's figures only
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "livedoor"


def subset(data: Path, limit: int | None, into: Path) -> Path:
    """A folder of symlinks to the first ``limit`` files of the corpus (all when None)."""
    from jpblog_nlp.sources import discover_files

    files = discover_files(data)
    if limit is not None:
        files = files[:limit]
    for file in files:
        link = into / file.relative_to(data)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(file.resolve())
    return into


def peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child (a pool worker), in MB (Linux: KiB).

    Their sum over-counts: a forked worker shares the parent's pages and the mmap'd dictionary, which
    each RSS counts in full.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, children / 1024


def _pss_kb(pid: int) -> int:
    """Proportional set size of a process (Linux): shared pages (the mmap'd dictionary) split among users."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    """Direct children of a process (Linux)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # the task ended meanwhile
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


class PssSampler:
    """Sample the PSS of this process plus its children every 0.2 s; keep the peak."""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.2):
            total = _pss_kb(me) + sum(_pss_kb(c) for c in _children(me))
            self.peak_kb = max(self.peak_kb, total)

    def __enter__(self) -> PssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def child_memory(data: Path, limit: int | None, workers: int) -> None:
    """Run one batch in this (fresh) process and print its figures as JSON."""
    from jpblog_nlp.batch.runner import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        corpus = subset(data, limit, Path(tmp) / "corpus")
        started = time.perf_counter()
        with PssSampler() as sampler:
            result = run_batch(corpus, Path(tmp) / "out", workers=workers)
        seconds = time.perf_counter() - started
    parent, worker = peak_rss_mb()
    print(json.dumps({"posts": result.stats.n_posts, "seconds": seconds, "parent_mb": parent, "worker_mb": worker,
                      "pss_mb": sampler.peak_kb / 1024}))


class SiteTimer:
    """Record every build of the corpus site during a batch (``write_outputs`` calls ``render.site.build_site``
    at its end): the build's own seconds and sizes, measured inside the same run as the batch's wall time."""

    def __init__(self) -> None:
        self.builds: list[Any] = []

    def __enter__(self) -> SiteTimer:
        import jpblog_nlp.render.site as site

        self._module, self._original = site, site.build_site

        def timed(*args: Any, **kwargs: Any) -> Any:
            files = self._original(*args, **kwargs)
            self.builds.append(files)
            return files

        site.build_site = timed
        return self

    def __exit__(self, *exc: object) -> None:
        self._module.build_site = self._original


def site_rows(files: Any, batch_seconds: float, n_posts: int) -> list[tuple[str, str, str]]:
    """The site's figures: build time against the whole batch's, and bytes per post."""
    n = max(n_posts, 1)
    per_post = (files.page_bytes + files.index_bytes) / n
    return [
        ("site build (report/), inside the 2-worker run", f"{files.seconds:.1f} s",
         f"{files.seconds / batch_seconds:.1%} of that run's {batch_seconds:.1f} s wall time (target <= 15%)"),
        ("site size per post", f"{per_post / 1024:.1f} KB",
         f"pages {files.page_bytes / n / 1024:.1f} KB + index {files.index_bytes / n / 1024:.2f} KB per post; "
         f"shared assets {files.asset_bytes / 1024:.0f} KB once (target <= ~20 KB)"),
    ]


def bare_fugashi(texts: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds to tokenize the texts with fugashi's default node objects, reading three fields."""
    import fugashi

    tagger = fugashi.Tagger()
    started, started_cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for w in tagger(text):
            _ = (w.surface, w.feature.pos1, w.feature.lemma)
    return time.perf_counter() - started, time.process_time() - started_cpu


#: Posts per block of the interleaved timing: bare fugashi over a block's texts, then their analysis.
BLOCK = 50


class InterleavedBare:
    """A 1-worker engine that times bare fugashi on each block of posts just before analysing them.

    The machine's speed drifts by 15% and more within a run (a core shared with other tenants), so a bare
    timing taken minutes apart from the pass can move the ratio that much. Timed block by block inside
    the pass (as ``bench_tokenize.py`` does), both sides see the same machine. The engine wraps the serial
    engine that ``workers=1`` uses, so the analysis, its reading and its storing are those of a normal run;
    the bare time spent inside is taken out of the pass's figures afterwards.
    """

    def __init__(self) -> None:
        import fugashi

        self.tagger = fugashi.Tagger()
        self.cpu = self.wall = 0.0

    def _blocks(self, tasks: Any) -> Any:
        """The tasks as they come, bare fugashi timed over each block of texts before the block goes on."""
        from itertools import islice

        tasks = iter(tasks)
        while block := list(islice(tasks, BLOCK)):
            started, started_cpu = time.perf_counter(), time.process_time()
            for task in block:
                for w in self.tagger(task.post.text):
                    _ = (w.surface, w.feature.pos1, w.feature.lemma)
            self.wall += time.perf_counter() - started
            self.cpu += time.process_time() - started_cpu
            yield from block

    def __call__(self, tasks: Any, *, options: Any, workers: int = 1, chunksize: int = 1) -> Any:
        from jpblog_nlp.batch.engines.local import serial_engine

        return serial_engine(self._blocks(tasks), options=options)


def corpus_steps(folder: Path) -> dict[str, float]:
    """Seconds of the corpus steps over a finished batch, timed again on its stored results.

    ``cleaning``: boilerplate and names decided (one pass over the term lists); ``network``: its pair
    count over every post (a pass of its own here; in a batch it shares the table pass) and the graph,
    communities and layout; ``keyness``: the table from the gathered terms; ``outputs``: the whole outputs
    step (``write_outputs`` into a scratch folder: tables, topics, network, keyness, report).
    """
    from jpblog_nlp.batch import outputs
    from jpblog_nlp.batch.cleaning import iter_clean, scan_cleaning
    from jpblog_nlp.batch.store import ResultStore
    from jpblog_nlp.explore.network import PairTally, TermTally, assemble_network

    store = ResultStore(folder)
    times: dict[str, float] = {}
    try:
        started = time.perf_counter()
        cleaning = scan_cleaning(store)
        times["cleaning"] = time.perf_counter() - started
        tally = TermTally()
        terms = outputs.gather_terms(store, cleaning, tally)
        groups: dict[str, list[str]] = {facet: [] for facet in outputs.KEYNESS_FACETS}
        for key, data in store.iter_analyses():  # the table pass collects these anyway
            for facet, value in outputs.groups_of(data, key).items():
                groups[facet].append(value)
        started = time.perf_counter()
        chosen, common = tally.choose()
        pairs = PairTally(chosen)
        for post in iter_clean(store, cleaning):
            pairs.add(outputs.post_terms(post, by_post=False))
        assemble_network(tally, pairs, common)
        times["network"] = time.perf_counter() - started
        started = time.perf_counter()
        outputs.keyness_rows(terms, groups)
        times["keyness"] = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            outputs.write_outputs(store, Path(scratch))
            times["outputs"] = time.perf_counter() - started
    finally:
        store.close()
    return times


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--site-only", action="store_true",
                        help="one 2-worker batch; print only the corpus site's build time and size")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_memory(args.data, args.limit, args.workers)
        return
    if not args.data.exists():
        sys.exit(f"{args.data}: not found (the livedoor corpus lives in ../shared/data/livedoor)")

    if args.site_only:
        from jpblog_nlp.batch.runner import run_batch

        with tempfile.TemporaryDirectory() as tmp:
            corpus = subset(args.data, args.limit, Path(tmp) / "corpus")
            with SiteTimer() as timer:
                result = run_batch(corpus, Path(tmp) / "out", workers=2)
        print(f"corpus: {result.stats.n_posts} posts")
        for name, value, ratio in site_rows(timer.builds[-1], result.stats.seconds, result.stats.n_posts):
            print(f"{name:<46}  {value:>9}  {ratio}")
        return

    # Memory first, while this process is small: Linux keeps a process's peak RSS across fork+exec, so a
    # child started from a big parent would report the parent's size.
    rows: list[tuple[str, str, str]] = []
    if not args.skip_memory:
        from jpblog_nlp.sources import discover_files

        n = len(discover_files(args.data))
        if args.limit is not None:
            n = min(n, args.limit)
        for label, limit in (("1/4", n // 4), ("1/2", n // 2), ("all", n)):
            out = subprocess.run(
                [sys.executable, __file__, "--child", "--data", str(args.data), "--limit", str(limit),
                 "--workers", "2"],
                check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append((f"peak PSS, {label} of corpus ({figures['posts']} posts, 2 workers)",
                         f"{figures['pss_mb']:.0f} MB",
                         f"(target < 500 MB, flat); peak RSS: parent {figures['parent_mb']:.0f} MB, "
                         f"worker {figures['worker_mb']:.0f} MB (RSS counts the shared mmap'd UniDic in each)"))

    from jpblog_nlp.batch.engines import ENGINES, Engine
    from jpblog_nlp.batch.runner import run_batch
    from jpblog_nlp.sources import iter_posts

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = subset(args.data, args.limit, tmp_path / "corpus")
        texts = [p.text for p in iter_posts(corpus, errors="skip")]
        n_chars = sum(len(t) for t in texts)
        print(f"corpus: {len(texts)} posts, {n_chars / 1e6:.2f} M characters")

        before = bare_fugashi(texts)
        interleaved = InterleavedBare()
        ENGINES.register("bench-interleaved", Engine(posts=interleaved))
        one = run_batch(corpus, tmp_path / "out1", workers=1, engine="bench-interleaved")
        after = bare_fugashi(texts)
        with SiteTimer() as timer:
            two = run_batch(corpus, tmp_path / "out2", workers=2)
        started = time.perf_counter()
        rerun = run_batch(corpus, tmp_path / "out1", workers=1)
        t_rerun = time.perf_counter() - started
        assert rerun.stats.n_analyzed == 0, rerun.stats
        steps = corpus_steps(tmp_path / "out1")

    s1, s2 = one.stats, two.stats
    # The 1-worker run's own figures, without the bare timing done inside it.
    pass_cpu = s1.analysis_cpu_seconds - interleaved.cpu
    pass_wall = s1.analysis_seconds - interleaved.wall
    whole = s1.seconds - interleaved.wall
    t_fugashi = (before[0] + after[0]) / 2
    c_fugashi = (before[1] + after[1]) / 2
    rows[:0] = [
        ("bare fugashi, block by block inside the 1-worker pass", f"{interleaved.cpu:.1f} s",
         f"CPU ({interleaved.wall:.1f} s wall), over blocks of {BLOCK} posts just before their analysis"),
        ("1 worker: per-post pass (read+analyse+store), CPU", f"{pass_cpu:.1f} s",
         f"{pass_cpu / interleaved.cpu:.2f}x fugashi's CPU time, timed interleaved (target <= 2.0x)"),
        ("1 worker: per-post pass, wall clock", f"{pass_wall:.1f} s",
         f"{pass_wall / interleaved.wall:.2f}x fugashi, timed interleaved (target <= 2.0x)"),
        ("bare fugashi, timed apart (before; after the pass)", f"{c_fugashi:.1f} s",
         f"CPU {before[1]:.1f} s; {after[1]:.1f} s (wall {before[0]:.1f} s; {after[0]:.1f} s): "
         f"the pass is {pass_cpu / c_fugashi:.2f}x their mean CPU, {pass_wall / t_fugashi:.2f}x wall"),
        ("1 worker: whole run (incl. topics, tables, report)", f"{whole:.1f} s",
         f"{whole / interleaved.wall:.2f}x fugashi"),
        ("cleaning + network + keyness (over the stored results)",
         f"{steps['cleaning'] + steps['network'] + steps['keyness']:.2f} s",
         f"{(steps['cleaning'] + steps['network'] + steps['keyness']) / whole:.1%} of the 1-worker whole run "
         f"(cleaning {steps['cleaning']:.2f} s, network {steps['network']:.2f} s, keyness {steps['keyness']:.2f} s); "
         f"the whole outputs step {steps['outputs']:.1f} s = {steps['outputs'] / whole:.1%}"),
        ("2 workers: per-post pass", f"{s2.analysis_seconds:.1f} s",
         f"{pass_wall / s2.analysis_seconds:.2f}x faster than 1 (target >= 1.7x)"),
        ("2 workers: whole run", f"{s2.seconds:.1f} s", f"{whole / s2.seconds:.2f}x faster than 1"),
        ("rerun, unchanged corpus", f"{t_rerun:.2f} s",
         f"{whole / t_rerun:.1f}x faster than first (target >= 20x)"),
    ]
    rows += site_rows(timer.builds[-1], s2.seconds, s2.n_posts)
    width = max(len(r[0]) for r in rows)
    for name, value, ratio in rows:
        print(f"{name:<{width}}  {value:>9}  {ratio}")


if __name__ == "__main__":
    main()
