"""``jpblog report``: rebuild the static corpus site of a results folder without analysing again."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .app import main


@main.command("report")
@click.argument("results", type=click.Path(file_okay=False, dir_okay=True))
@click.option("--out", "out", type=click.Path(), default=None,
              help="Folder of the site [default: RESULTS/report, which also refreshes report.md and report.html].")
@click.option("--title", default=None, help="Title of the index page [default: the blog's name].")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Processes writing the post pages [default: one per CPU].")
def report_command(results: str, out: str | None, title: str | None, workers: int | None) -> None:
    """Rebuild the corpus site of RESULTS (a `jpblog batch --out` folder) from its stored results.

    Writes index.html, one page per post (posts/0001.html ...) and the shared assets (assets/), to be
    opened from disk: no server, nothing fetched. Run it after changing a template, or to put the site
    somewhere else with --out; nothing is analysed again.
    """
    from ..batch.results import read_results, read_summary
    from ..render.corpus import write_corpus_report
    from ..render.site import build_site

    folder = Path(results)
    read_results(folder)  # a clean error for a folder that holds no finished batch
    notes = read_summary(folder / "batch.json").get("notes")
    notes = [str(n) for n in notes] if isinstance(notes, list) else []
    site = build_site(folder, out, notes=notes, title=title, workers=workers or os.cpu_count() or 1)
    if out is None:
        write_corpus_report(folder, notes=notes)
    noun = "page" if site.n_pages == 1 else "pages"
    click.echo(f"jpblog report: {site.n_pages} post {noun}, {site.seconds:.1f} s", err=True)
    click.echo(f"site: {site.index}")
