"""``jpblog tokenize``: morphemes or compound terms of a post."""

from __future__ import annotations

import click

from .app import echo_json, echo_tsv, main, read_post


@main.command("tokenize")
@click.argument("source")
@click.option("--terms", is_flag=True, help="Print compound-aware terms instead of morphemes.")
@click.option("--format", "fmt", type=click.Choice(["tsv", "json"]), default="tsv", show_default=True)
def tokenize_command(source: str, terms: bool, fmt: str) -> None:
    """Tokenize a post (a file, or - for standard input)."""
    from ..text.tokens import extract_terms, tokenize

    post = read_post(source)
    if terms:
        items = extract_terms(post.text)
        if fmt == "json":
            echo_json([{"term": t.text, "norm": t.norm, "kind": t.kind, "start": t.start, "end": t.end,
                        "units": t.n_units} for t in items])
        else:
            echo_tsv(["term", "norm", "kind", "start", "end", "units"],
                     ([t.text, t.norm, t.kind, t.start, t.end, t.n_units] for t in items))
        return
    tokens = tokenize(post.text)
    if fmt == "json":
        echo_json([{"surface": t.surface, "lemma": t.lemma, "base": t.base, "norm": t.norm, "pos": t.pos,
                    "reading": t.reading, "start": t.start, "end": t.end} for t in tokens])
    else:
        echo_tsv(["surface", "lemma", "pos", "reading", "start", "end"],
                 ([t.surface, t.lemma, t.pos, t.reading, t.start, t.end] for t in tokens))
