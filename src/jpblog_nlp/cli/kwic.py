"""``jpblog kwic``: every occurrence of a term in a post, with its context (a concordance)."""

from __future__ import annotations

import click

from ..render.text import display_width
from .app import echo_json, echo_tsv, main, read_post


@main.command("kwic")
@click.argument("source")
@click.argument("term")
@click.option("--width", type=click.IntRange(min=0), default=20, show_default=True, help="Characters of context.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "tsv"]), default="table", show_default=True)
def kwic_command(source: str, term: str, width: int, fmt: str) -> None:
    """Every occurrence of TERM in a post, with context (conjugated and width/case variants included)."""
    from ..explore.kwic import kwic

    lines = kwic(read_post(source), term, width=width)
    if fmt == "json":
        echo_json([line.to_dict() for line in lines])
        return
    if fmt == "tsv":
        echo_tsv(["start", "sentence", "left", "match", "right", "term"],
                 ([x.start, x.sentence, x.left, x.match, x.right, x.term] for x in lines))
        return
    if not lines:
        click.echo(f"jpblog: {term!r} not found", err=True)
        return
    left_width = max(display_width(x.left) for x in lines)
    for x in lines:
        pad = " " * (left_width - display_width(x.left))
        click.echo(f"{x.start:>6}  {pad}{x.left} 【{x.match}】 {x.right}")
