"""Read a post file, or take a string, within the caps: the one place that says how big a post may be.

A file and a string given as a post's text are held to the same caps, in UTF-8 bytes, so that neither
is a way around the other: one post ``MAX_POST_FILE_BYTES``, an export or a feed (told by its first bytes)
``MAX_FILE_BYTES``. The caps are read at call time from this module, so a test may scale them down here.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from .decode import decode_bytes
from .localfile import megabytes, open_regular_file, read_upto
from .sniff import holds_many_posts, sniff_format

#: The biggest file read at all: an export or a feed holding many posts (a real Hatena export of tens of
#: thousands of entries is ~100 MB). Files bigger than this are refused as not being blog files at all.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: The biggest file holding one post (.txt, .md, .html): a long post is ~100 KB of text, a page saved
#: with its scripts, styles and inline images a few MB. Only a file whose first bytes show an export or a
#: feed may be bigger, up to ``MAX_FILE_BYTES``.
MAX_POST_FILE_BYTES = 16 * 1024 * 1024
#: How much of a big file is looked at to tell an export or a feed from one post.
_SNIFF_BYTES = 64 * 1024


def _too_big(source: str, many: bool) -> InputError:
    """The error for a file over its cap, saying the cap."""
    if many:
        return InputError(
            f"file is over {megabytes(MAX_FILE_BYTES)}, more than a blog export or feed can reasonably be",
            source=source,
            hint="split it into smaller files",
        )
    return InputError(
        f"file is over {megabytes(MAX_POST_FILE_BYTES)}, more than a blog post can reasonably be",
        source=source,
        hint=f"split it into posts; only an export or a feed may be up to {megabytes(MAX_FILE_BYTES)}",
    )


def read_file(path: Path) -> str:
    """Read and decode a post, export or feed file, with bounds.

    Only a regular file is read (a FIFO would block, a device never ends), and never more than its cap
    plus one byte, whatever its size claims (files grow; ``/proc`` files report 0): a one-post file may
    hold ``MAX_POST_FILE_BYTES``, an export or a feed ``MAX_FILE_BYTES``.

    Raises:
        InputError: Missing, unreadable, not a regular file, over its cap, binary or undecodable.
    """
    source = str(path)
    fd, info = open_regular_file(path)
    chunks: list[bytes] = []
    try:
        if info.st_size > MAX_FILE_BYTES:  # refused unread (a sparse file of terabytes costs nothing)
            raise _too_big(source, many=True)
        total = read_upto(fd, MAX_POST_FILE_BYTES + 1, chunks, info.st_size)
        if total > MAX_POST_FILE_BYTES:
            head = chunks[0] if len(chunks[0]) >= _SNIFF_BYTES else b"".join(chunks)[:_SNIFF_BYTES]
            if not holds_many_posts(head[:_SNIFF_BYTES], path.suffix):
                raise _too_big(source, many=False)
            if read_upto(fd, MAX_FILE_BYTES + 1, chunks, info.st_size) > MAX_FILE_BYTES:
                raise _too_big(source, many=True)
    except PermissionError as err:
        raise InputError("permission denied", source=source, hint="check the file's permissions") from err
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror or err})", source=source) from err
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    del chunks  # one copy of a big file at a time
    text, _ = decode_bytes(data, source)
    return text


def check_text_size(text: str, source: str) -> None:
    """Hold a string to a file's caps, in UTF-8 bytes: one post ``MAX_POST_FILE_BYTES``, an export or a
    feed (told by its first bytes) ``MAX_FILE_BYTES``; a string is no way around them."""
    if len(text) > MAX_FILE_BYTES:  # a character is at least one byte: too big without encoding it
        size = len(text)
    else:
        size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise InputError(f"the text is over {megabytes(MAX_FILE_BYTES)}, more than a blog export or feed can "
                         "reasonably be", source=source, hint="split it into smaller pieces")
    if size > MAX_POST_FILE_BYTES and sniff_format(text[:_SNIFF_BYTES]) not in ("mt", "feed"):
        raise InputError(f"the text is over {megabytes(MAX_POST_FILE_BYTES)}, more than a blog post can "
                         "reasonably be", source=source,
                         hint=f"split it into posts; only an export or a feed may be up to {megabytes(MAX_FILE_BYTES)}")


__all__ = ["MAX_FILE_BYTES", "MAX_POST_FILE_BYTES", "check_text_size", "read_file"]
