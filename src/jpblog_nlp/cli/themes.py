"""``jpblog themes``: the themes of a post, where they are, and the writer's stance on each."""

from __future__ import annotations

import importlib.util

import click

from .app import echo_json, main, note_unfindable_terms, read_post


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
