"""Plain-text posts: a scraped page, a dump with URL/date header lines, or bare text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text.records import Post
from .base import make_post
from .records import ErrorMode

_URL_LINE = re.compile(r"^https?://\S+$")
# ISO 8601 date or date-time as in the livedoor corpus (2010-05-22T14:30:00+0900) or plain 2018-10-09.
_DATE_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_SENTENCE_END = re.compile(r"[。．!?！？]$")
_HEADING_MAX = 100


def _is_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a title, not a paragraph."""
    return 0 < len(line) <= _HEADING_MAX and not _SENTENCE_END.search(line)


def _normalize_date(value: str) -> str:
    """Return an ISO 8601 string (2010-05-22T14:30:00+0900 → 2010-05-22T14:30:00+09:00)."""
    match = re.match(r"^(.*[T ]\d{2}:\d{2}(?::\d{2})?)([+-]\d{2})(\d{2})$", value)
    if match:
        return f"{match.group(1)}{match.group(2)}:{match.group(3)}".replace(" ", "T")
    return value.replace(" ", "T")


def read_text(
    text: str, source: str, post_id: str, *, include_drafts: bool = False, errors: ErrorMode = "raise"
) -> Iterator[Post]:
    """Read one plain-text post (``include_drafts`` and ``errors`` are unused: a text file is one published post).

    Layouts recognised, in order:

    * a dump header: a URL line then an ISO date line (livedoor news corpus), then the title line;
    * a scraped blog page: blog title, blog subtitle and post title as three short lines, each followed
      by a blank line, then the body (the blog title and subtitle become metadata);
    * a title line followed by a blank line, then the body;
    * anything else: all body, no title.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped = [line.strip() for line in lines]
    url = published = blog = subtitle = None
    title = ""
    pos = 0
    # Dump header: URL line, date line, title line.
    if len(stripped) >= 3 and _URL_LINE.match(stripped[0]) and _DATE_LINE.match(stripped[1]):
        url, published = stripped[0], _normalize_date(stripped[1])
        title = stripped[2]
        pos = 3
    else:
        heads = _leading_blocks(stripped)
        if len(heads) >= 3 and all(_is_heading(stripped[i]) for i in heads[:3]) and len(heads) > 3:
            blog, subtitle, title = (stripped[i] for i in heads[:3])
            pos = heads[2] + 1
        elif heads and _is_heading(stripped[heads[0]]) and len(heads) > 1:
            title = stripped[heads[0]]
            pos = heads[0] + 1
    body = "\n".join(lines[pos:])
    meta = {"subtitle": subtitle} if subtitle else {}
    yield make_post(
        source=source, post_id=post_id, title=title, body=body,
        url=url, published=published, blog=blog, meta=meta,
    )


def _leading_blocks(lines: list[str], limit: int = 4) -> list[int]:
    """Indices of the first ``limit`` non-empty lines that each stand alone (a blank line after them).

    Stops at the first non-empty line that runs straight into another one: a paragraph, not a heading.
    """
    found: list[int] = []
    i = 0
    n = len(lines)
    while i < n and len(found) < limit:
        if not lines[i]:
            i += 1
            continue
        found.append(i)
        if i + 1 < n and lines[i + 1]:
            break
        i += 1
    return found
