"""The click group, error handling and input/output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

import click

from .. import __version__
from ..errors import InputError, JpblogError
from ..records import Post


class JpblogGroup(click.Group):
    """A group that turns our errors into one clean line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JpblogError as err:
            click.echo(f"jpblog: error: {err}", err=True)
            ctx.exit(err.exit_code)
        except BrokenPipeError:  # `jpblog ... | head` closed the pipe: not an error.
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("jpblog: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=JpblogGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jpblog")
def main() -> None:
    """Read Japanese blog posts and tell what they say."""


def read_post(source: str) -> Post:
    """Load the post a command argument names: a file path, an http(s) post URL, or ``-`` for standard input."""
    from ..sources import load_post
    from ..sources.decode import decode_bytes

    if source == "-":
        data = sys.stdin.buffer.read()
        text, _ = decode_bytes(data, "<stdin>")
        if not text.strip():
            raise InputError("standard input is empty", source="<stdin>", hint="pipe a post into the command")
        return load_post(text, source="<stdin>")
    if source.startswith(("http://", "https://")) and not any(c.isspace() for c in source):
        from ..fetch import fetch_post

        return fetch_post(source)
    if "\n" in source:
        raise InputError("not a file name", source=source[:40], hint="give a path or - for standard input")
    from pathlib import Path

    return load_post(Path(source))


def note_unfindable_terms(theme_file: str | None) -> None:
    """On stderr, name the terms of a user's theme file that can never be found (a note, not an error)."""
    if not theme_file:
        return
    from ..themes import unfindable_terms

    # Given the path, the themes come from the loader the analysis then reuses: the file is parsed once.
    for theme, term in unfindable_terms(theme_file, source=theme_file):
        click.echo(f"jpblog: note: {theme_file}: theme '{theme}': {term!r} is never found as a term "
                   "(pronouns and function words are not counted); use a noun, a verb or a phrase", err=True)


def echo_json(data: Any) -> None:
    """Print data as indented UTF-8 JSON (Japanese stays readable)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def echo_tsv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    """Print tab-separated rows with a header; tabs and newlines inside values become spaces."""

    def cell(value: Any) -> str:
        return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")

    click.echo("\t".join(header))
    for row in rows:
        click.echo("\t".join(cell(v) for v in row))
