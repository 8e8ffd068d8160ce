"""``jpblog batch``: analyse a corpus folder into tables and a corpus report (resumable)."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from ..registry import SOURCE_READERS
from .app import main, note_unfindable_terms

#: Seconds between plain progress lines when stderr is not a terminal (logs stay short).
PLAIN_EVERY = 30.0


def _duration(seconds: float | None) -> str:
    """m:ss or h:mm:ss."""
    if seconds is None:
        return "?"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressPrinter:
    """Draw the progress of a batch on stderr: a bar redrawn in place on a terminal, else a plain line
    every ``PLAIN_EVERY`` seconds."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_plain = time.monotonic()
        self.drawn = False

    def __call__(self, p: Any) -> None:
        share = p.processed / p.total if p.total else 0.0
        text = (f"{p.analyzed} analysed, {p.reused} unchanged, {p.failed} failed; "
                f"{p.rate:.1f} posts/s, ETA {_duration(p.eta)}")
        if self.tty:
            width = 24
            filled = int(share * width)
            click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {share:4.0%} {text}\x1b[K", err=True, nl=False)
            self.drawn = True
        elif time.monotonic() - self.last_plain >= PLAIN_EVERY:
            self.last_plain = time.monotonic()
            click.echo(f"jpblog batch: {p.processed}/{p.total} posts, {text}", err=True)

    def done(self) -> None:
        """End the bar's line."""
        if self.drawn:
            click.echo("", err=True)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Results folder (created; rerun with the same one to resume).")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Processes analysing posts [default: 1; with --engine dask and no scheduler, one per core].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool on this machine; dask: a Dask cluster (pip install 'jpblog-nlp[dask]').")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running scheduler, e.g. tcp://HOST:8786 [default: start a local "
                   "cluster].")
@click.option("--themes", "themes", type=click.Path(exists=True, dir_okay=False),
              help="A TOML file of theme definitions for the theme detector.")
@click.option("--topics", "topics", type=click.IntRange(1, 100), default=None,
              help="Number of topics to discover (default: chosen from the data).")
@click.option("--format", "fmt", type=click.Choice(SOURCE_READERS.names()), default=None,
              help="Force a source format for every file.")
def batch(directory: str, out: str, workers: int | None, engine: str, scheduler: str | None, themes: str | None,
          topics: int | None, fmt: str | None) -> None:
    """Analyse every post under DIRECTORY into tables and a corpus report.

    Writes posts, sentences, keywords, themes, topics, post_topics and errors as Parquet and CSV, the
    corpus site (report/index.html, whose path is printed last) and report.md, into the --out folder.
    Run the same command again after an interruption: only new or changed posts are analysed.

    Exit code: 0 when every post was analysed, 1 when some files or posts failed (listed in errors.csv).

    With --engine dask the files are read and analysed on the workers of a Dask cluster (the corpus must
    be on a file system they share) and the Parquet tables are written as dataset folders of parts.
    """
    from ..batch.runner import run_batch

    options: dict[str, Any] = {}
    if themes:
        note_unfindable_terms(themes)
        options["themes"] = themes
    printer = ProgressPrinter()
    try:
        result = run_batch(directory, out, workers=workers, engine=engine, scheduler=scheduler, options=options,
                           topics=topics, format=fmt, progress=printer)
    finally:
        printer.done()
    for note in result.notes:
        click.echo(f"jpblog: note: {note}", err=True)
    stats = result.stats
    click.echo(f"jpblog batch: {stats.n_analyzed} analysed in this run, {stats.n_reused} unchanged, "
               f"{stats.n_removed} removed; {stats.seconds:.1f} s", err=True)
    noun = "post" if stats.n_posts == 1 else "posts"
    click.echo(f"analyzed {stats.n_posts} {noun}, {stats.n_failed} failed; results in {out}")
    if not stats.interrupted and result.report_html.is_file():
        # The last line: where to open the corpus site (a file path, so a terminal can open it).
        click.echo(f"site: {result.report_html}")
    if stats.n_failed:
        click.get_current_context().exit(1)
