"""``jpblog freq``: the term frequency table of a post, an export file or a folder of posts."""

from __future__ import annotations

import click

from .app import echo_frame_csv, main
from .corpus_log import corpus_log, corpus_source


@main.command("freq")
@click.argument("source")
@click.option("--level", type=click.Choice(["term", "unit", "both"]), default="both", show_default=True,
              help="Compound-aware terms, short units by POS, or both.")
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Print only the most frequent rows.")
def freq_command(source: str, level: str, min_count: int, top: int | None) -> None:
    """Term frequency table (CSV) of a post, an export file or a folder of posts."""
    from ..explore.frequency import term_frequencies

    with corpus_log() as log:  # a post that cannot be read or prepared is skipped and counted, not fatal
        frame = term_frequencies(log.documents(corpus_source(source)), level=level, min_count=min_count)
    if top is not None:
        frame = frame.groupby("level", sort=False).head(top)
    echo_frame_csv(frame)
