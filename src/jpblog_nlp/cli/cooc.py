"""``jpblog cooc``: which terms are found together in the sentences of a post or a corpus."""

from __future__ import annotations

import click

from .app import echo_frame_csv, main
from .corpus_log import corpus_log, corpus_source


@main.command("cooc")
@click.argument("source")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Keep pairs found together in at least this many sentences.")
@click.option("--max-terms", type=click.IntRange(min=2), default=None,
              help="Only pairs among the N most frequent terms.")
def cooc_command(source: str, min_count: int, max_terms: int | None) -> None:
    """Term co-occurrence within sentences (CSV: source, target, cooc, jaccard, pmi, ...)."""
    from ..explore.frequency import term_cooccurrences

    with corpus_log() as log:  # a post that cannot be read or prepared is skipped and counted, not fatal
        frame = term_cooccurrences(log.documents(corpus_source(source)), min_count=min_count, max_terms=max_terms)
    echo_frame_csv(frame)
