"""``jpblog themes``, ``jpblog topics`` and ``jpblog compare``: what posts and corpora are about."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from ..render.text import display_width
from ._app import echo_json, main, note_unfindable_terms, read_post
from ._corpus import corpus_log


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], right: Sequence[bool]) -> list[str]:
    """Lay rows out in columns aligned by display width (numbers right-aligned)."""
    cells = [[str(h) for h in header]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = []
        for i, value in enumerate(row):
            pad = " " * (widths[i] - display_width(value))
            parts.append(pad + value if right[i] else value + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text (RFC 4180 quoting, \\n line ends), text cells made safe to open in a spreadsheet."""
    from ..batch.tables import spreadsheet_safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(h) for h in header])  # topic labels are made of post terms
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    return out.getvalue()


def _fmt_score(value: float | None) -> str:
    """A sentiment score with its sign, or '-' when absent."""
    return "-" if value is None else f"{value:+.2f}"


@main.command("themes")
@click.argument("source", required=False)
@click.option("--themes", "theme_file", type=click.Path(dir_okay=False),
              help="A TOML theme file that adds to or overrides the built-in themes.")
@click.option("--list", "list_themes", is_flag=True, help="Print the themes and their terms, then exit.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--stance/--no-stance", default=True, show_default=True,
              help="Compute the writer's stance (sentiment of the sentences mentioning each theme).")
@click.option("--sentences", "max_sentences", type=click.IntRange(0, 10000), default=5, show_default=True,
              help="Sentences shown per theme in text output.")
def themes_command(source: str | None, theme_file: str | None, list_themes: bool, fmt: str, stance: bool,
                   max_sentences: int) -> None:
    """Themes of a post (a file, or - for standard input): strength, where, terms and stance."""
    from ..themes import detect_themes, load_themes

    theme_set = load_themes(theme_file)
    note_unfindable_terms(theme_file)
    if list_themes:
        if fmt == "json":
            echo_json([t.to_dict() for t in theme_set])
            return
        for theme in theme_set:
            click.echo(click.style(f"{theme.name}  {theme.label}", bold=True) + f"  {theme.description}")
            click.echo("  terms: " + ", ".join(f"{t}({w:g})" for t, w in theme.terms))
            if theme.rules:
                click.echo("  rules: " + " | ".join(r.text for r in theme.rules))
        return
    if source is None:
        raise click.UsageError("give a post (a file, or - for standard input), or --list")
    note = None
    if stance and importlib.util.find_spec("jpblog_nlp.sentiment") is None:
        stance = False
        note = "stance not shown: the sentiment module (jpblog_nlp.sentiment) is not installed"
    results = detect_themes(read_post(source), theme_set, stance=stance)
    if note:
        click.echo(f"jpblog: {note}", err=True)
    if fmt == "json":
        echo_json([r.to_dict() for r in results])
        return
    if not results:
        click.echo("No theme found.")
        return
    for r in results:
        head = f"{r.label} ({r.name})  score {r.score:.2f}  {len(r.hits)} sentence(s)"
        if r.stance is not None:
            arc = " → ".join(_fmt_score(v) for v in r.stance.trajectory)
            head += f"  stance {r.stance.label} {_fmt_score(r.stance.score)}  arc {arc}"
        click.echo(click.style(head, bold=True))
        counts: dict[str, int] = {}
        for t in r.terms:  # a word found both as a term and by a rule is shown once
            counts[t.term] = max(counts.get(t.term, 0), t.count)
        click.echo("  terms: " + ", ".join(f"{term}×{n}" for term, n in list(counts.items())[:12]))
        points = {p.sentence: p for p in r.stance.points} if r.stance is not None else {}
        for hit in r.hits[:max_sentences]:
            point = points.get(hit.sentence)
            feel = f" {_fmt_score(point.score)}" if point is not None else ""
            evidence = f"  〔{'、'.join(point.evidence)}〕" if point is not None and point.evidence else ""
            text = hit.text if len(hit.text) <= 60 else hit.text[:59] + "…"
            click.echo(f"  [{hit.sentence}] @{hit.position:.2f}{feel}  {text}  ({'、'.join(hit.terms)}){evidence}")
        if len(r.hits) > max_sentences:
            click.echo(f"  … {len(r.hits) - max_sentences} more sentence(s)")


@main.command("topics")
@click.argument("directory", type=click.Path(exists=True))
@click.option("--k", "k", type=click.IntRange(1, 100), default=None,
              help="Number of topics (default: chosen by silhouette among 2-10).")
@click.option("--terms", "n_terms", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Top terms per topic.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="text: topics; json: topics and post weights; csv: post-topic weights.")
def topics_command(directory: str, k: int | None, n_terms: int, fmt: str) -> None:
    """Topics discovered across a folder of posts (NMF over compound terms, no dictionary)."""
    from ..explore.topics import discover_topics

    with corpus_log() as log:  # a post that cannot be read or prepared is skipped and counted, not fatal
        model = discover_topics(list(log.documents(Path(directory))), k=k, n_terms=n_terms)
    if fmt == "json":
        echo_json(model.to_dict())
        return
    if fmt == "csv":
        header = ["post", *[t.label for t in model.topics], "dominant"]
        labels = {t.index: t.label for t in model.topics}
        rows = [[pid, *[f"{w:.4f}" for w in row], labels.get(dom, "")]
                for pid, row, dom in zip(model.post_ids, model.weights, model.dominant(), strict=True)]
        click.echo(_csv(header, rows), nl=False)
        return
    click.echo(f"{model.k} topics over {len(model.post_ids)} posts")
    for topic in model.topics:
        click.echo(click.style(f"[{topic.index}] {topic.label}", bold=True) + f"  ({topic.n_posts} posts)")
        click.echo("    " + ", ".join(topic.terms))


@main.command("compare")
@click.argument("directory", type=click.Path(exists=True))
@click.option("--by", "by", type=click.Choice(["category", "author", "year"]), default="category",
              show_default=True, help="How to group the posts (category falls back to the folder name).")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="Terms per group.")
@click.option("--themes", "theme_file", type=click.Path(dir_okay=False),
              help="A TOML theme file that adds to or overrides the built-in themes.")
@click.option("--no-themes", is_flag=True, help="Compare terms only (faster).")
@click.option("--negative", is_flag=True, help="Also show what each group uses less than the rest.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def compare_command(directory: str, by: str, top: int, theme_file: str | None, no_themes: bool, negative: bool,
                    fmt: str) -> None:
    """Terms and themes that distinguish each group of posts (G² keyness, log ratio)."""
    from ..explore.compare import COLUMNS, compare_groups

    with corpus_log() as log:  # streamed: one post prepared at a time; failures skipped and counted
        failed: list[Any] = []
        try:
            rows = compare_groups(log.documents(Path(directory)), by, themes=theme_file,
                                  include_themes=not no_themes, top=top, negative=negative, failures=failed)
        finally:
            log.later_failures(failed)
    if fmt == "csv":
        click.echo(_csv(COLUMNS, ([getattr(r, c) for c in COLUMNS] for r in rows)), nl=False)
        return
    if not rows:
        click.echo("No significant difference between the groups (G² < 3.84).")
        return
    header = ["group", "kind", "item", "count", "rest", "G2", "log_ratio"]
    lines = _table(header, ([r.group, r.kind, r.label, r.count, r.rest, f"{r.sign * r.g2:+.2f}",
                             f"{r.log_ratio:+.2f}"] for r in rows),
                   right=[False, False, False, True, True, True, True])
    for line in lines:
        click.echo(line)
    sys.stdout.flush()
