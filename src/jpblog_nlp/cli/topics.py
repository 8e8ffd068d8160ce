"""``jpblog topics``: the topics a folder of posts is about, found without a dictionary (NMF)."""

from __future__ import annotations

from pathlib import Path

import click

from .app import csv_text, echo_json, main
from .corpus_log import corpus_log


@main.command("topics")
@click.argument("directory", type=click.Path(exists=True))
@click.option("--k", "k", type=click.IntRange(1, 100), default=None,
              help="Number of topics (default: the most stable across subsamples among 3-10).")
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
        click.echo(csv_text(header, rows), nl=False)
        return
    click.echo(f"{model.k} topics over {len(model.post_ids)} posts")
    # How far the grouping holds on other subsets of the posts (1 = the same), so a reader can judge k.
    click.echo("stability by k: " + ", ".join(f"{k}: {s:.2f}" for k, s in model.k_stability))
    for topic in model.topics:
        click.echo(click.style(f"[{topic.index}] {topic.label}", bold=True) + f"  ({topic.n_posts} posts)")
        click.echo("    " + ", ".join(topic.terms))
