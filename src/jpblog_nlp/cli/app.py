"""The click group, error handling and input/output helpers shared by every command.

Every command module (one per command) registers itself on ``main`` and takes its helpers from here, so
that the way a post argument is read, an error is reported and a table is printed is the same for all.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import click

from .. import __version__
from ..errors import InputError, JpblogError
from ..text.records import Post

#: Exit code of an unexpected failure (sysexits' EX_SOFTWARE): neither bad input (2) nor a bad resource (3).
EXIT_INTERNAL = 70


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
        except (MemoryError, RecursionError) as err:
            # Inputs are capped so that these should not happen; if one does, the user still gets one line
            # that says what to try, not a traceback of several screens.
            kind = "out of memory" if isinstance(err, MemoryError) else "input nested too deeply"
            click.echo(f"jpblog: error: {kind} (this is a bug: please report it with the input that caused it; "
                       "split the input into smaller posts meanwhile)", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=JpblogGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jpblog")
def main() -> None:
    """Read Japanese blog posts and tell what they say."""


def read_post(source: str, *, which: str | None = None, note_many: bool = False) -> Post:
    """Load the post a command argument names: a file path, an http(s) post URL, or ``-`` for standard input.

    The argument is the user's own command line, so a path is read and a URL fetched; standard input,
    though, is always the post's text (``printf /etc/passwd | jpblog analyze -`` analyses those 11
    characters, it does not read the file).

    Args:
        source: The argument.
        which: For a file that holds many posts (an export, a feed), the post to take: a number from 1 or
            a post's id (``--post``). None takes the first.
        note_many: Say on stderr when the file holds more than one post and ``which`` is None (for the
            commands that take ``--post``).
    """
    from ..sources import MAX_FILE_BYTES, MAX_POST_FILE_BYTES, post_from_text, select_post, sniff_format
    from ..sources.decode import decode_bytes
    from ..sources.localfile import megabytes

    is_url = source.startswith(("http://", "https://")) and not any(c.isspace() for c in source)
    if which is not None and (source == "-" or is_url):
        raise InputError("--post chooses among the posts of a file", source="<stdin>" if source == "-" else source,
                         hint="save the input to a file, or leave out --post")
    if source == "-":
        # Bounded like a file: `jpblog analyze - < /dev/zero` must stop, not fill the memory. The text's
        # own caps (one post, or an export or a feed) are post_from_text's.
        data = sys.stdin.buffer.read(MAX_POST_FILE_BYTES + 1)
        if len(data) > MAX_POST_FILE_BYTES:
            if sniff_format(data[:65536].decode("utf-8", errors="replace")) not in ("mt", "feed"):
                raise InputError(f"standard input is over {megabytes(MAX_POST_FILE_BYTES)}, more than a blog post "
                                 "can reasonably be", source="<stdin>",
                                 hint=f"split it into posts; only an export or a feed may be up to "
                                      f"{megabytes(MAX_FILE_BYTES)}")
            data += sys.stdin.buffer.read(MAX_FILE_BYTES + 1 - len(data))
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"standard input is over {megabytes(MAX_FILE_BYTES)}, more than a blog export or "
                             "feed can reasonably be", source="<stdin>", hint="split it into smaller pieces")
        text, _ = decode_bytes(data, "<stdin>")
        if not text.strip():
            raise InputError("standard input is empty", source="<stdin>", hint="pipe a post into the command")
        return post_from_text(text, source="<stdin>")
    if is_url:
        from ..web.fetch import fetch_post

        return fetch_post(source)
    if "\n" in source:
        raise InputError("not a file name", source=source[:40], hint="give a path or - for standard input")
    from pathlib import Path

    chosen = select_post(Path(source), which)
    if note_many and which is None and chosen.count > 1:
        post = chosen.post
        title = " ".join(post.title.split())  # one line, whatever a feed's title holds
        title = title if len(title) <= 60 else title[:60] + "…"
        named = f'{post.id}, "{title}"' if title else post.id
        click.echo(f"jpblog: note: {source} holds {chosen.count:,} posts; analysed the first ({named}); "
                   f"use --post N or `jpblog batch {source}` for all", err=True)
    return chosen.post


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
    """Print tab-separated rows with a header; tabs and newlines inside values become spaces.

    Text that a spreadsheet would run as a formula (``=HYPERLINK(...)`` in a post) is made safe to open
    (``tables.spreadsheet_safe``); numbers are printed as they are.
    """
    from ..batch.tables import spreadsheet_safe

    def cell(value: Any) -> str:
        return "" if value is None else str(spreadsheet_safe(value)).replace("\t", " ").replace("\n", " ")

    click.echo("\t".join(header))
    for row in rows:
        click.echo("\t".join(cell(v) for v in row))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text (RFC 4180 quoting, \\n line ends), text cells made safe to open in a spreadsheet."""
    from ..batch.tables import spreadsheet_safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(h) for h in header])  # topic labels are made of post terms
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    return out.getvalue()


def frame_csv_text(frame: Any) -> str:
    """A frame as CSV text, its text cells made safe to open in a spreadsheet (terms come from posts)."""
    from pandas.api.types import is_numeric_dtype

    from ..batch.tables import spreadsheet_safe

    text = [c for c in frame.columns if not is_numeric_dtype(frame[c])]  # numbers (and bools) print as numbers
    return str(frame.assign(**{c: frame[c].map(spreadsheet_safe) for c in text}).to_csv(
        index=False, lineterminator="\n"))


def echo_frame_csv(frame: Any) -> None:
    """Print a frame as CSV, its text cells made safe to open in a spreadsheet (terms come from posts)."""
    sys.stdout.write(frame_csv_text(frame))
