"""``jpblog analyze``: the report on one post."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..registry import REPORT_FORMATS
from .app import main, note_unfindable_terms, read_post

_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json",
                   ".txt": "text"}


@main.command()
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS.names()), default=None,
              help="Report format [default: from the -o suffix, else text].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many keywords to keep.")
@click.option("--summary", "summary_n", type=click.IntRange(1, 100), default=3, show_default=True,
              help="Sentences in the summary.")
@click.option("--themes", "themes_file", type=click.Path(dir_okay=False), default=None,
              help="A TOML file of your own themes, added to the built-in ones.")
@click.option("--lexicon", type=click.Path(dir_okay=False), default=None,
              help="A TSV sentiment lexicon of your own (term, polarity or emotion, weight).")
@click.option("--model", type=click.Path(dir_okay=False), default=None,
              help="A sentiment model trained with `jpblog sentiment train` (used instead of the lexicon).")
@click.option("--post", "which", metavar="N|ID", default=None,
              help="Of a file holding many posts (an export, a feed): the Nth (from 1) or the one with this id "
                   "[default: the first, with a note].")
@click.option("--color/--no-color", default=None, help="Colours in the text report [default: on a terminal].")
def analyze(source: str, fmt: str | None, output: str | None, top: int, summary_n: int, themes_file: str | None,
            lexicon: str | None, model: str | None, which: str | None, color: bool | None) -> None:
    """Analyse one post: a file, a post URL, or - for standard input (always read as the post's text).

    Shows the post's keywords, sentiment and its arc, themes with the writer's stance, and a summary. Of
    an export or a feed, analyses one post (--post); `jpblog batch FILE` analyses them all.
    """
    from ..analysis import analyze as run_analysis
    from ..render.post import write_report

    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(Path(output).suffix.lower(), "text") if output else "text"
    note_unfindable_terms(themes_file)
    post = read_post(source, which=which, note_many=True)
    result = run_analysis(post, top=top, summary=summary_n, themes=themes_file, lexicon=lexicon, model=model)
    use_color = sys.stdout.isatty() if color is None else color
    text = write_report(result.to_dict(), fmt, output, color=use_color)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"), color=use_color)
    else:
        click.echo(f"jpblog: wrote {fmt} report to {output}", err=True)
