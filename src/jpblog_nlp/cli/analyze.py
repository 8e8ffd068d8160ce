"""``jpblog analyze``: the report on one post."""

from __future__ import annotations

import click

from ._app import echo_json, main, read_post


@main.command()
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many terms to show.")
def analyze(source: str, fmt: str, top: int) -> None:
    """Analyse one post (a file, or - for standard input)."""
    from ..analysis import analyze as run_analysis

    result = run_analysis(read_post(source), top=top)
    data = result.to_dict()
    if fmt == "json":
        echo_json(data)
        return
    post = data["post"]
    click.echo(click.style(post["title"] or "(no title)", bold=True))
    for label, key in (("blog", "blog"), ("published", "published"), ("url", "url")):
        if post[key]:
            click.echo(f"{label}: {post[key]}")
    click.echo(f"{post['n_chars']} characters, {post['n_sentences']} sentences, {post['n_tokens']} tokens")
    click.echo("")
    click.echo("Top terms:")
    for item in data["top_terms"]:
        click.echo(f"  {item['term']}  {item['count']}")
