"""``jpblog summarize``: the sentences that best represent a post."""

from __future__ import annotations

import click

from ..registry import SUMMARY_METHODS
from .app import echo_json, main, read_post


@main.command("summarize")
@click.argument("source")
@click.option("-n", "n", type=int, default=None, help="How many sentences [default: 3].")
@click.option("--ratio", type=float, default=None, help="Share of the post's sentences to keep, in (0, 1].")
@click.option("--max-chars", type=int, default=None, help="Most characters in all.")
@click.option("--method", type=click.Choice(SUMMARY_METHODS.names()), default="lexrank", show_default=True,
              help="Summary method (lexrank, lead).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def summarize_command(source: str, n: int | None, ratio: float | None, max_chars: int | None, method: str,
                      fmt: str) -> None:
    """Summarize one post (a file, or - for standard input): its key sentences, in order."""
    from ..summary import summarize

    summary = summarize(read_post(source), n, ratio=ratio, max_chars=max_chars, method=method)
    if fmt == "json":
        echo_json(summary.to_dict())
        return
    for sentence in summary.sentences:
        click.echo(sentence.text)
