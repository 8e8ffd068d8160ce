"""``jpblog keywords``, ``jpblog kwic``, ``jpblog freq`` and ``jpblog cooc``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..registry import KEYWORD_METHODS
from ..render.text import display_width
from ._app import echo_json, echo_tsv, main, read_post
from ._corpus import corpus_log

if TYPE_CHECKING:
    from ..text.records import Post


def _echo_csv(frame: Any) -> None:
    """Print a frame as CSV, its text cells made safe to open in a spreadsheet (terms come from posts)."""
    import sys

    from pandas.api.types import is_numeric_dtype

    from ..batch.tables import spreadsheet_safe

    text = [c for c in frame.columns if not is_numeric_dtype(frame[c])]  # numbers (and bools) print as numbers
    frame.assign(**{c: frame[c].map(spreadsheet_safe) for c in text}).to_csv(
        sys.stdout, index=False, lineterminator="\n")


def _corpus_source(source: str) -> Path | Post:
    """A folder or file path for the corpus commands; ``-`` reads one post from standard input."""
    if source == "-":
        return read_post(source)
    return Path(source)


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
        frame = term_frequencies(log.documents(_corpus_source(source)), level=level, min_count=min_count)
    if top is not None:
        frame = frame.groupby("level", sort=False).head(top)
    _echo_csv(frame)


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
        frame = term_cooccurrences(log.documents(_corpus_source(source)), min_count=min_count, max_terms=max_terms)
    _echo_csv(frame)
