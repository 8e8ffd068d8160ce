"""Hatena Blog / Movable Type export files: many entries in one text file.

Layout of one entry::

    AUTHOR: yamadattt
    TITLE: 年末年始の計画というか、やりたいこと
    BASENAME: 2021/12/28/年末年始の計画というか、やりたいこと
    STATUS: Publish
    DATE: 12/28/2021 07:16:11
    CATEGORY: 生活
    -----
    BODY:
    <p>...rendered HTML...</p>
    -----
    EXTENDED BODY:
    -----
    --------

A line of five dashes ends the header and each section; a line of eight dashes ends the entry.  Bodies
may hold such lines themselves (a ``<pre>`` block of a terminal session), so a dash line only counts as
a separator where what follows it is a section header, the next entry or the end of the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import FormatError, JpblogError
from ..text.records import Post
from .base import make_post
from .htmltext import html_to_text
from .records import ErrorMode, LoadFailure

SECTION_END = "-----"
ENTRY_END = "--------"
# Sections whose content spans lines, after a header line of their name and a colon.
MULTILINE_SECTIONS = ("BODY", "EXTENDED BODY", "EXCERPT", "KEYWORDS", "COMMENT", "PING")
_SECTION_HEAD = re.compile(r"^(" + "|".join(MULTILINE_SECTIONS) + r"):\s*$")
_HEADER_LINE = re.compile(r"^([A-Z][A-Z ]*[A-Z]):(?: (.*))?$")
# A header key that starts an entry: what may follow an entry separator.
_ENTRY_START = re.compile(r"^(?:AUTHOR|TITLE|BASENAME|STATUS|DATE|PRIMARY CATEGORY|CATEGORY|ALLOW COMMENTS):")
# yamadattt.hatenablog.jp.export.txt → the blog's domain, from which entry URLs are built.
_DOMAIN_FILE = re.compile(r"^((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})\.export(?:\.txt)?$", re.I)
_DATE_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y")


@dataclass(slots=True)
class MTEntry:
    """One raw entry of an export: header fields (repeatable keys keep every value) and sections."""

    line: int
    fields: list[tuple[str, str]] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict)  # first line of each header key
    sections: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        """The first value of a header key, "" when absent."""
        return next((v for k, v in self.fields if k == key), "")

    def get_all(self, key: str) -> list[str]:
        """Every value of a repeatable header key (CATEGORY), in order."""
        return [v for k, v in self.fields if k == key]


def export_lines(text: str) -> list[str]:
    """The lines of an export, with Windows and old Mac line ends and a byte order mark normalised.

    The parser looks at each line a bounded number of times (a dash line looks ahead over the blank lines
    after it, never over the rest of the file), so reading an export is linear in its size.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")


def _is_entry_boundary(lines: list[str], i: int) -> bool:
    """True when lines[i] is the entry separator: what follows is another entry or the end."""
    if lines[i] != ENTRY_END:
        return False
    n = len(lines)
    j = i + 1
    while j < n and not lines[j].strip():  # blank lines after a dash line: a run no other dash line scans
        j += 1
    return j == n or bool(_ENTRY_START.match(lines[j]))


def _ends_section(lines: list[str], i: int) -> bool:
    """True when lines[i] (five dashes) closes a section: a section header or the entry separator follows."""
    if lines[i] != SECTION_END:
        return False
    if i + 1 >= len(lines):
        return True
    nxt = lines[i + 1]
    return bool(_SECTION_HEAD.match(nxt)) or _is_entry_boundary(lines, i + 1)


def _starts_unseparated_entry(lines: list[str], i: int) -> bool:
    """True when lines[i] starts a whole entry header inside a section: the previous entry lacks its
    ``--------`` line (a hand-edited or cut-and-pasted export), and would otherwise swallow this one.

    The shape must be complete: after a blank or ``-----`` line, at least two header lines starting with an
    entry key (AUTHOR:, TITLE:, BASENAME:, STATUS:, DATE: ...), then ``-----`` and a section header
    (``BODY:``). A COMMENT's own AUTHOR:/DATE: lines follow its ``COMMENT:`` line, and code in a body
    starts on its ``<pre>`` line, so neither has that shape.
    """
    if i == 0 or not _ENTRY_START.match(lines[i]) or (lines[i - 1].strip() and lines[i - 1] != SECTION_END):
        return False
    n = len(lines)
    j = i
    while j < n and lines[j] != SECTION_END and _HEADER_LINE.match(lines[j]):  # one header run: scanned once
        j += 1
    return j - i >= 2 and j + 1 < n and lines[j] == SECTION_END and bool(_SECTION_HEAD.match(lines[j + 1]))


def iter_entries(text: str, source: str) -> Iterator[MTEntry]:
    """The raw entries of an export, one at a time: the first is read without parsing the rest.

    An entry whose ``--------`` line is missing (or whose last section lacks its ``-----``) ends where the
    next entry's header starts, instead of swallowing it (see ``_starts_unseparated_entry``).

    Raises:
        FormatError: A header line or a section is not where the format wants it (raised when reached:
            the entries before it have been yielded).
    """
    lines = export_lines(text)
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        entry = MTEntry(line=i + 1)
        # Header: KEY: value lines up to the first five-dash line.
        while i < n and lines[i] != SECTION_END:
            match = _HEADER_LINE.match(lines[i])
            if lines[i].strip() and not match:
                raise FormatError(
                    f"line {i + 1}: expected a header line such as 'TITLE: ...', got {lines[i][:40]!r}",
                    source=source,
                    hint="check that the file is a Movable Type / Hatena Blog export",
                )
            if match:
                entry.fields.append((match.group(1), (match.group(2) or "").strip()))
                entry.field_lines.setdefault(match.group(1), i + 1)
            i += 1
        if i >= n:
            raise FormatError(
                f"line {entry.line}: the entry's header is not followed by a '-----' line",
                source=source,
                hint="the export looks truncated",
            )
        i += 1
        # Sections: NAME: line, content, five dashes; the entry ends at eight dashes.
        while i < n and not _is_entry_boundary(lines, i) and not _starts_unseparated_entry(lines, i):
            if not lines[i].strip():
                i += 1
                continue
            head = _SECTION_HEAD.match(lines[i])
            if not head:
                raise FormatError(
                    f"line {i + 1}: expected a section such as 'BODY:', got {lines[i][:40]!r}",
                    source=source,
                    hint="check that the file is a Movable Type / Hatena Blog export",
                )
            start = i = i + 1
            while (
                i < n
                and not _ends_section(lines, i)
                and not _is_entry_boundary(lines, i)
                and not _starts_unseparated_entry(lines, i)
            ):
                i += 1
            stop = i - 1 if i > start and lines[i - 1] == SECTION_END else i  # a next entry's '-----' before it
            name = head.group(1)
            content = "\n".join(lines[start:stop])
            # COMMENT may repeat; keep them all.
            entry.sections[name] = entry.sections[name] + "\n" + content if name in entry.sections else content
            if i < n and lines[i] == SECTION_END:
                i += 1
        if i < n and lines[i] == ENTRY_END:
            i += 1
        yield entry


def split_entries(text: str, source: str) -> list[MTEntry]:
    """Every raw entry of an export (``iter_entries`` as a list).

    Raises:
        FormatError: A header line or a section is not where the format wants it.
    """
    return list(iter_entries(text, source))


def mt_date(value: str) -> str | None:
    """Convert an export date (MM/DD/YYYY HH:MM:SS, optionally AM/PM) to ISO 8601; None when empty.

    Raises:
        ValueError: The date is in none of the known layouts.
    """
    value = value.strip()
    if not value:
        return None
    for layout in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, layout)
        except ValueError:
            continue
        return parsed.date().isoformat() if layout == "%m/%d/%Y" else parsed.isoformat()
    raise ValueError(f"unknown date {value!r} (expected MM/DD/YYYY HH:MM:SS)")


def blog_domain(source: str) -> str | None:
    """The blog's domain when the file is named after it (``yamadattt.hatenablog.jp.export.txt``)."""
    match = _DOMAIN_FILE.match(os.path.basename(source.split("#", 1)[0]))
    return match.group(1).lower() if match else None


def entry_to_post(entry: MTEntry, source: str, post_id: str, domain: str | None) -> Post:
    """Build the post of one export entry.

    Raises:
        FormatError: Unknown date layout.
        EmptyPostError: The entry has no text.
    """
    try:
        published = mt_date(entry.get("DATE"))
    except ValueError as err:
        line = entry.field_lines.get("DATE", entry.line)
        raise FormatError(f"line {line}: {err}", source=source) from err
    basename = entry.get("BASENAME")
    html = entry.sections.get("BODY", "") + "\n" + entry.sections.get("EXTENDED BODY", "")
    converted = html_to_text(html)
    meta = {
        "basename": basename,
        "status": entry.get("STATUS"),
        "image": entry.get("IMAGE"),
        "excerpt": " ".join(html_to_text(entry.sections.get("EXCERPT", "")).text.split()),
    }
    return make_post(
        source=source,
        post_id=basename or post_id,
        title=entry.get("TITLE"),
        body=converted.text,
        url=f"https://{domain}/entry/{basename}" if domain and basename else None,
        published=published,
        author=entry.get("AUTHOR"),
        categories=entry.get_all("CATEGORY"),
        meta=meta,
        extra_urls=converted.urls,
    )


def read_mt(
    text: str,
    source: str,
    post_id: str,
    *,
    include_drafts: bool = False,
    errors: ErrorMode = "raise",
) -> Iterator[Post | LoadFailure]:
    """Read every published entry of a Hatena Blog / Movable Type export.

    Args:
        text: The export's content.
        source: File name, for messages and ``Post.source`` (``{source}#{n}``, n counting entries from 1).
        post_id: Id prefix for entries without BASENAME (``{post_id}#{n}``).
        include_drafts: Also read entries whose STATUS is not Publish.
        errors: ``"raise"`` on a bad entry, ``"skip"`` it, or ``"yield"`` a ``LoadFailure`` and go on.

    Yields:
        One post per entry, in file order. The URL is built from the blog's domain when the file is named
        after it, and ``Post.id`` is the entry's BASENAME.

    Raises:
        FormatError: The file's structure is broken (raised whatever ``errors`` says: no entry after the
            break can be trusted then). Entries are read lazily, so the posts before it come first.
    """
    domain = blog_domain(source)
    for n, entry in enumerate(iter_entries(text, source), start=1):
        status = entry.get("STATUS").lower()
        if status and status != "publish" and not include_drafts:
            continue
        entry_source = f"{source}#{n}"
        try:
            yield entry_to_post(entry, entry_source, f"{post_id}#{n}", domain)
        except JpblogError as err:
            if errors == "raise":
                raise
            if errors == "yield":
                yield LoadFailure(source=entry_source, reason=str(err))

