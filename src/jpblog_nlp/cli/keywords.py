"""``jpblog keywords``: the terms that say what one post is about, scored by a method of the registry."""

from __future__ import annotations

from pathlib import Path

import click

from ..registry import KEYWORD_METHODS
from ..render.text import display_width
from .app import echo_json, main, read_post
from .corpus_log import corpus_log


@main.command("keywords")
@click.argument("source")
@click.option("--top", "top", type=click.IntRange(min=1), default=10, show_default=True, help="How many keywords.")
@click.option("--method", type=click.Choice(KEYWORD_METHODS.names()), default=None,
              help="Scoring method: hybrid (default), flr, textrank, tfidf.")
@click.option("--background", type=click.Path(exists=True), default=None,
              help="A folder (or export file) of your own posts to compare against (tfidf, hybrid).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def keywords_command(source: str, top: int, method: str | None, background: str | None, fmt: str) -> None:
    """Keywords of a post (a file, or - for standard input)."""
    from ..keywords import DEFAULT_METHOD, build_background, extract_keywords

    method = method or DEFAULT_METHOD  # an unknown name never gets here: click.Choice refuses it first
    post = read_post(source)
    bg = None
    if background:
        with corpus_log() as log:  # a background post that cannot be read is skipped and counted
            bg = build_background(log.documents(Path(background)))
    items = extract_keywords(post, top_k=top, method=method, background=bg)
    if fmt == "json":
        echo_json([k.to_dict() for k in items])
        return
    if fmt == "csv":
        import csv
        import sys

        from ..batch.tables import spreadsheet_safe

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["rank", "term", "score", "count", "first_offset", "first_sentence", "kind", "norm"])
        for i, k in enumerate(items, 1):
            row = [i, k.term, k.score, k.count, k.first_offset, k.first_sentence, k.kind, k.norm]
            writer.writerow([spreadsheet_safe(v) for v in row])  # a term may start with = + - @
        return
    term_width = max([display_width(k.term) for k in items] + [4])
    click.echo(f"{'rank':>4}  {'term'}{' ' * (term_width - 4)}  {'score':>9}  {'count':>5}  {'offset':>6}  "
               f"{'sent':>4}  kind")
    for i, k in enumerate(items, 1):
        pad = " " * (term_width - display_width(k.term))
        click.echo(f"{i:>4}  {k.term}{pad}  {k.score:>9.2f}  {k.count:>5}  {k.first_offset:>6}  "
                   f"{k.first_sentence:>4}  {k.kind}")
