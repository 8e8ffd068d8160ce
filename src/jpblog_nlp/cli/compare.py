"""``jpblog compare``: the terms and themes that set each group of posts apart from the rest."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from ..render.text import display_width
from .app import csv_text, main
from .corpus_log import corpus_log


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
        click.echo(csv_text(COLUMNS, ([getattr(r, c) for c in COLUMNS] for r in rows)), nl=False)
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
