"""``jpblog sentiment FILE|-`` (per-sentence sentiment and emotions) and ``jpblog sentiment train``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .app import echo_json, echo_tsv, main, read_post


class _DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, goes to the default command.

    ``jpblog sentiment post.txt`` scores a post while ``jpblog sentiment train data.tsv`` trains.
    """

    default_command = "score"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


#: What ``--lines`` reads at most: lines are sentences or short posts (WRIME's 40,000 tweets are 5 MB).
MAX_LINES_BYTES = 64 * 1024 * 1024


def _read_units(source: str) -> list[str]:
    """Lines of a file or of standard input (``-``) for ``--lines``; blank lines are skipped."""
    from ..errors import InputError
    from ..sources.decode import decode_bytes
    from ..sources.localfile import megabytes, read_regular_file

    if source == "-":
        data, name = sys.stdin.buffer.read(MAX_LINES_BYTES + 1), "<stdin>"
        if len(data) > MAX_LINES_BYTES:
            raise InputError(f"standard input is over {megabytes(MAX_LINES_BYTES)}, more than lines to score can "
                             "reasonably be", source=name, hint="split it into smaller files")
    else:
        data, name = read_regular_file(Path(source), MAX_LINES_BYTES, what="a file of lines to score",
                                       hint="give a file of lines; pipe them through `--lines -` instead"), source
    text, _ = decode_bytes(data, name)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _evidence_cell(evidence: Any) -> str:
    """Evidence as 'term(+1.00) 楽しく(NEG -0.75)'."""
    return " ".join(f"{e.term}({'NEG ' if e.negated else ''}{e.weight:+.2f})" for e in evidence)


def _emotion_cell(emotions: Any) -> str:
    """Emotions above 0.05 as 'joy=0.63 trust=0.20'."""
    return " ".join(f"{k}={v:.2f}" for k, v in emotions if v >= 0.05)


def _unit_json(unit: Any) -> str:
    """One JSON line for a scored unit."""
    data = unit.to_dict()
    return json.dumps(data, ensure_ascii=False)


@main.group("sentiment", cls=_DefaultGroup)
def sentiment_group() -> None:
    """Sentiment and emotions per sentence: `jpblog sentiment FILE|-`; `jpblog sentiment train DATA.tsv`."""


@sentiment_group.command("score")
@click.argument("source")
@click.option("--lines", "by_line", is_flag=True, help="Treat each input line as one unit (tweets, reviews).")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), default=None,
              help="User lexicon TSV (term, polarity or emotion, weight) extending/overriding the built-in one.")
@click.option("--model", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A model from `jpblog sentiment train` to score with instead of the lexicon rules.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True,
              help="table: one row per unit and a post row; jsonl: one JSON object per unit; json: everything.")
def score_command(source: str, by_line: bool, lexicon: str | None, model: str | None, fmt: str) -> None:
    """Score a post (a file, or - for standard input) sentence by sentence."""
    from ..sentiment import aggregate, load_lexicon, score_lines, score_sentiment

    lex = load_lexicon(lexicon)
    if by_line:
        units = score_lines(_read_units(source), lexicon=lex, model=model)
        post = aggregate(units, source, "model" if model else "lexicon")
    else:
        post = score_sentiment(read_post(source), lexicon=lex, model=model)
        units = list(post.sentences)
    if fmt == "json":
        echo_json(post.to_dict())
        return
    if fmt == "jsonl":
        for unit in units:
            click.echo(_unit_json(unit))
        return
    rows = [
        (u.index, u.label, f"{u.score:+.2f}", _evidence_cell(u.evidence), _emotion_cell(u.emotions), u.text)
        for u in units
    ]
    rows.append(
        ("post", post.label, f"{post.score:+.2f}",
         f"positive={post.positive_share:.2f} negative={post.negative_share:.2f}",
         _emotion_cell(post.emotions), "")
    )
    echo_tsv(("unit", "label", "score", "evidence", "emotions", "text"), rows)


@sentiment_group.command("train")
@click.argument("data", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Where to write the model JSON.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds.")
@click.option("--c", "c", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Inverse regularization strength of the logistic regression.")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), default=None,
              help="User lexicon TSV for the lexicon features.")
def train_command(data: str, output: str, folds: int, c: float, lexicon: str | None) -> None:
    """Train a classifier on DATA (text<TAB>label per line) and write it as JSON."""
    from ..sentiment.training import read_labelled, train_model

    texts, labels = read_labelled(data)
    model, report = train_model(texts, labels, folds=folds, c=c, lexicon=lexicon)
    model.save(output)
    click.echo(f"trained on {report.n} texts, {report.n_features} features; model written to {output}")
    click.echo(f"cross-validated ({report.folds} folds): accuracy {report.accuracy:.3f}  "
               f"macro-F1 {report.macro_f1:.3f}")
    click.echo(f"{'class':<12}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>10}")
    for name, p, r, f, s in report.per_class:
        click.echo(f"{name:<12}{p:>10.3f}{r:>10.3f}{f:>10.3f}{s:>10d}")
