"""Load posts from files, folders and strings.

Formats, chosen by file name and confirmed by a look at the content:

=============  ==========================================  ==================================
format         files                                       module
=============  ==========================================  ==================================
``text``       ``.txt`` (scraped page, dump, bare text)    ``sources.text``
``markdown``   ``.md``/``.markdown`` with YAML front matter ``sources.markdown``
``html``       ``.html``/``.htm`` (Hatena Blog or any)     ``sources.html``
``mt``         Hatena Blog / Movable Type export           ``sources.mtexport``
``feed``       RSS 2.0 / Atom (``.xml``, ``.rss``, ...)     ``sources.feeds``
=============  ==========================================  ==================================

A reader is ``read(text, source, post_id, **options) -> Iterator[Post]``; one file may hold many posts.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import FormatError, InputError, JpblogError, printable, without_surrogates
from ..registry import SOURCE_READERS, Registry
from ..text.records import Post
from .decode import decode_bytes
from .localfile import file_kind, megabytes, open_regular_file, read_upto

Reader = Callable[..., Iterator[Post]]

#: The readers by format name (``jpblog_nlp.registry.SOURCE_READERS``), each imported when first used.
READERS: Registry[Reader] = SOURCE_READERS
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".export": "mt",
}
#: The biggest file read at all: an export or a feed holding many posts (a real Hatena export of tens of
#: thousands of entries is ~100 MB). Files bigger than this are refused as not being blog files at all.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: The biggest file holding one post (.txt, .md, .html): a long post is ~100 KB of text, a page saved
#: with its scripts, styles and inline images a few MB. Only a file whose first bytes show an export or a
#: feed may be bigger, up to ``MAX_FILE_BYTES``.
MAX_POST_FILE_BYTES = 16 * 1024 * 1024
#: How much of a big file is looked at to tell an export or a feed from one post.
_SNIFF_BYTES = 64 * 1024

_MT_HEAD = re.compile(r"^(?:AUTHOR|TITLE|BASENAME|STATUS|DATE|CATEGORY):", re.M)
# A comment's text never holds '-->' (``(?:(?!-->).)*``, not ``.*?``): with ``.*?`` a comment could also
# swallow the next ones, so k comments had 2^k ways to be split and a file opening with 30 of them hung.
_FEED_HEAD = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_HTML_HEAD = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_FRONT_MATTER = re.compile(r"^(?:\ufeff)?---\s*\n")


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A post or file that could not be loaded, recorded instead of stopping a batch."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        # The source is a file name, which may not be valid UTF-8; failures are written to SQLite and CSV.
        object.__setattr__(self, "source", printable(self.source))


def _reader(fmt: str) -> Reader:
    """Import the reader function of a format."""
    return READERS.lookup(fmt)


def sniff_format(text: str, suffix: str = "") -> str:
    """Decide a text's format from its file suffix and its first bytes.

    Args:
        text: Decoded content.
        suffix: File suffix including the dot ("" for strings).

    Returns:
        One of the keys of ``READERS``.
    """
    head = text[:4096]
    if _FEED_HEAD.match(head):
        return "feed"
    if len(_MT_HEAD.findall(head)) >= 3 and "\n-----\n" in text[:20000].replace("\r\n", "\n"):
        return "mt"
    by_suffix = SUFFIXES.get(suffix.lower())
    if by_suffix in ("html", "markdown"):
        return by_suffix
    if _FRONT_MATTER.match(head):
        return "markdown"
    if _HTML_HEAD.match(head):
        return "html"
    return by_suffix or "text"


def _holds_many_posts(head: bytes, suffix: str) -> bool:
    """True when a file's first bytes show an export or a feed, which may be far bigger than one post.

    The head is decoded leniently: the marks looked for (``TITLE:``, ``-----``, ``<rss``) are ASCII, which
    UTF-8 with replacement reads in CP932 and EUC-JP files too.
    """
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    return sniff_format(head.decode(encoding, errors="replace"), suffix) in ("mt", "feed")


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


def _read_file(path: Path) -> str:
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
            if not _holds_many_posts(head[:_SNIFF_BYTES], path.suffix):
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


def _text_id(text: str) -> str:
    """A stable id for a post given as a string."""
    return "text-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


#: A string longer than this is text whatever its shape: no one means a path or a URL this long.
NAME_SHAPE_MAX = 1024
#: Longer than any path the operating system takes (Linux's PATH_MAX): such a "path" is text.
MAX_PATH_CHARS = 4096
_URL_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+\Z")
_PATH_SHAPE = re.compile(r"(?:~?/|\.\.?[/\\]|~\\|[A-Za-z]:[/\\])")


def name_shape(value: str) -> str | None:
    """Say whether a string meant as a post's text has the shape of a file name or a URL.

    A string given where text is expected is always analysed as text; this only tells a caller who
    meant a path or a URL (``analyze("post.txt")``) that it was not read. It looks at the string's shape
    and never at the file system: checking whether such a file exists would tell whoever supplies the
    string which files exist on the machine.

    Args:
        value: The string.

    Returns:
        ``"a URL"`` for a bare URL (``https://...``), ``"a file name"`` for a single word that ends in a
        post file's suffix (``.txt``, ``.md``, ``.html`` ...) or starts like a path (``/``, ``./``, ``~/``,
        ``C:\\``), None for anything else (text with spaces or line breaks, long strings, plain words).
    """
    if len(value) > NAME_SHAPE_MAX:  # before strip(): no copy of a long post's text
        return None
    line = value.strip()
    if not line or any(c.isspace() for c in line):
        return None
    if _URL_SHAPE.match(line):
        return "a URL"
    if os.path.splitext(line)[1].lower() in SUFFIXES or _PATH_SHAPE.match(line):
        return "a file name"
    return None


def _as_path(path: str | os.PathLike[str]) -> Path:
    """The path a caller gave ``load_post``, refusing what cannot be one (text, bytes, NUL, huge strings)."""
    if isinstance(path, str) and ("\n" in path or "\r" in path):
        raise InputError(
            "load_post reads a file, and this string holds a line break: it is a post's text, not a path",
            hint="use jpblog_nlp.post_from_text(text) to make a post from a string",
        )
    if not isinstance(path, str | os.PathLike):
        raise InputError(
            f"load_post takes a path (str or os.PathLike), not {type(path).__name__}",
            hint="use jpblog_nlp.post_from_text(text) for a post's text",
        )
    name = os.fspath(path)
    if not isinstance(name, str):
        raise InputError("load_post takes a str path, not bytes", hint="decode the path first")
    if len(name) > MAX_PATH_CHARS:
        raise InputError(
            f"load_post reads a file, and this string of {len(name):,} characters is longer than any path",
            hint="use jpblog_nlp.post_from_text(text) to make a post from a string",
        )
    if "\0" in name:
        raise InputError("the path holds a NUL character, which no file name can", source=repr(name[:80]),
                         hint="check the path")
    return Path(name)


def posts_from_text(
    text: str, source: str, post_id: str, fmt: str | None, suffix: str, **options: object
) -> Iterator[Post]:
    """Run the right reader over decoded text (``fmt`` or sniffed): the door every loader goes through.

    For text that is no user's file or string: a fetched page gives its URL as ``source``, its own
    ``post_id`` and a ``suffix`` hint, and needs none of ``post_from_text``'s caps and clean-ups.
    ``options`` go to the reader; an unknown ``fmt`` raises ``InputError``.
    """
    source, post_id = printable(source), printable(post_id)
    fmt = fmt or sniff_format(text, suffix)
    if fmt not in READERS:
        raise READERS.unknown(fmt, source=source)
    return _reader(fmt)(text, source, post_id, **options)


def load_post(path: str | os.PathLike[str], *, format: str | None = None) -> Post:
    """Load one post from a file.

    The argument is always a path: a string is never taken for the post's text (a service passing on a
    user's string must not read files). For text, use ``post_from_text``.

    Args:
        path: A path (``str`` or ``os.PathLike``) to a post file.
        format: Force a format (``text``, ``markdown``, ``html``, ``mt``, ``feed``) instead of sniffing.

    Returns:
        The post (the first one, for a file that holds many: use ``iter_posts`` for all, or
        ``select_post`` for one by number or id).

    Raises:
        InputError: Text given instead of a path (a string with a line break); a missing, unreadable,
            binary or undecodable file; an empty post.
    """
    file = _as_path(path)
    source = str(file)
    if isinstance(path, str) and name_shape(path) is None and not os.path.lexists(path):
        # "影響力について" given as a path: a missing file whose name does not even look like one.
        raise InputError("no such file", source=source if len(source) <= 80 else source[:80] + "…",
                         hint="check the path, or use jpblog_nlp.post_from_text(text) for a post's text")
    for post in posts_from_text(_read_file(file), source, file.stem, format, file.suffix):
        return post
    raise FormatError("holds no post", source=source, hint="check the file's format")


def _check_text_size(text: str, source: str) -> None:
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


def post_from_text(text: str, *, format: str | None = None, source: str = "<text>") -> Post:
    """Make a post from a string holding its text (plain text, Markdown, HTML, an export or a feed).

    The explicit way to analyse a string: nothing in it is read as a path or fetched as a URL.

    Args:
        text: The post's content.
        format: Force a format instead of sniffing it from the content.
        source: A label for messages and ``Post.source`` (``<stdin>``, a URL).

    Returns:
        The post (the first one, for a string that holds many). Its id is ``text-`` and a hash of the text.

    Raises:
        InputError: Not a string, bigger than a file may be (``MAX_POST_FILE_BYTES`` of UTF-8 for one post,
            ``MAX_FILE_BYTES`` for an export or a feed), or empty once cleaned.
    """
    if not isinstance(text, str):
        raise InputError(f"post_from_text takes a str, not {type(text).__name__}", source=source,
                         hint="decode bytes first, or save them to a file and use load_post(path)")
    _check_text_size(text, source)
    text = without_surrogates(text)
    for post in posts_from_text(text, source, _text_id(text), format, ""):
        return post
    raise FormatError("holds no post", source=source, hint="check the text's format")


@dataclass(frozen=True, slots=True)
class ChosenPost:
    """One post of a file that may hold many (an export, a feed), and where it stands among them.

    Attributes:
        post: The post.
        index: Its number in the file, from 1, in the order ``iter_posts`` yields (drafts left out).
        count: How many posts the file holds (entries that cannot be read included).
    """

    post: Post
    index: int
    count: int


def _wanted_index(which: int | str | None) -> int | None:
    """The 1-based index ``which`` names, or None when it names an id (or nothing)."""
    if isinstance(which, bool):  # bool is an int: True is no post number
        raise InputError(f"{which!r} is not a post number or id", hint="give a number from 1, or a post's id")
    if isinstance(which, int):
        return which
    if isinstance(which, str) and which.isascii() and which.isdigit():
        # Past 18 digits no file holds that many posts (and int() refuses past 4,300 digits): match nothing.
        return int(which) if len(which) <= 18 else -1
    return None


def select_post(
    path: str | os.PathLike[str], which: int | str | None = None, *, format: str | None = None
) -> ChosenPost:
    """Load one post of a file by its number or id, and count the posts the file holds.

    The file is read and parsed once: the posts are built one at a time and only the chosen one is kept.

    Args:
        path: A post file, an export or a feed.
        which: A number from 1 (an int, or a string of ASCII digits), a post's id (an export's BASENAME,
            a feed entry's path), or None for the first post.
        format: Force a format instead of sniffing it.

    Returns:
        The chosen post with its index and the file's post count.

    Raises:
        InputError: What ``load_post`` raises; no post with that number or id; the chosen entry cannot be
            read (its own message).
    """
    file = _as_path(path)
    source = str(file)
    index = _wanted_index(which)
    chosen: tuple[int, Post | LoadFailure] | None = None
    first_id = ""
    count = 0
    items = posts_from_text(_read_file(file), source, file.stem, format, file.suffix, errors="yield")
    for item in items:
        count += 1
        if count == 1 and isinstance(item, Post):
            first_id = item.id
        if chosen is not None:
            continue
        if (count == index if index is not None
                else which is None or (isinstance(item, Post) and which in (item.id, dict(item.meta).get("basename")))):
            chosen = (count, item)
    if chosen is None:
        if count == 0:
            raise FormatError("holds no post", source=source, hint="check the file's format")
        numbers = "1" if count == 1 else f"1 to {count:,}"
        posts = "post" if count == 1 else "posts"
        shown = str(which) if len(str(which)) <= 40 else str(which)[:40] + "…"
        wanted = f"no post {shown}" if index is not None else f"no post with the id {shown!r}"
        example = f", e.g. {first_id!r}" if first_id else ""
        raise InputError(f"holds {count:,} {posts}, and {wanted}", source=source,
                         hint=f"give a number from {numbers} or a post's id{example}")
    number, item = chosen
    if isinstance(item, LoadFailure):
        raise InputError(item.reason)  # the entry's own message, source and hint, as load_post gives them
    return ChosenPost(item, number, count)


_NOT_POSTS = ("LICENSE", "README", "CHANGES", "CREDITS", "SOURCES")

#: A folder holding one of these is a results folder of ``jpblog batch --out`` (``store.DB_NAME``), not
#: posts: its report.md and report.html would otherwise be read as two posts.
RESULTS_MARKER = "results.sqlite"
#: ...or holding the batch summary (``corpus.BATCH_FILE``) beside a report: a results folder copied
#: without its SQLite store.
RESULTS_SUMMARY, RESULTS_REPORTS = "batch.json", ("report.md", "report.html")


@dataclass(frozen=True, slots=True)
class FolderScan:
    """What a corpus folder holds: the files to read, and a record of everything else, so that nothing
    with a post's name is dropped without a word.

    Attributes:
        files: Regular files with a supported suffix, in a stable order (folder by folder, depth first,
            names sorted; the order ``os.walk`` with sorted names gives).
        failures: Entries that cannot be read as posts: a sub-folder that cannot be listed (its posts are
            unknown), and a file with a post's suffix that is not a regular file (a FIFO would block a reader
            forever, a device never ends, a broken link has nothing behind it).
        skipped: jpblog results folders left out on purpose (see ``is_results_folder``).
    """

    files: tuple[Path, ...]
    failures: tuple[LoadFailure, ...]
    skipped: tuple[Path, ...]


def is_results_folder(names: set[str] | frozenset[str]) -> bool:
    """True when a folder's file names show a results folder of ``jpblog batch --out``.

    Its reports and tables are results, never posts; a corpus that holds an old results folder would
    otherwise gain ``report.md`` and ``report.html`` as two posts.
    """
    return RESULTS_MARKER in names or (RESULTS_SUMMARY in names and any(r in names for r in RESULTS_REPORTS))


def results_folder_note(folder: Path) -> str:
    """The note said once for a results folder left out of a corpus."""
    return f"{folder}: left out: a jpblog results folder (its reports and tables are not posts)"


def _not_regular(path: Path) -> str:
    """What a non-regular entry is, for its failure message."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a broken symbolic link" if path.is_symlink() else "an entry that cannot be examined"
    if stat.S_ISDIR(mode):
        return "a folder behind a symbolic link (not followed)"
    return file_kind(mode)


def scan_folder(root: str | os.PathLike[str]) -> FolderScan:
    """List a corpus folder recursively: the files to read, what cannot be read, what is left out.

    Hidden files and folders are skipped, and so are the notes that travel with corpora rather than
    posts: LICENSE*, README*, CHANGES*, CREDITS*, SOURCES* (the livedoor corpus, ``../shared/data``).
    Symbolic links to files are followed; links to folders are not (no loops). The walk keeps its own
    stack (no recursion) and stats nothing but the entries with a post's suffix.
    """
    files: list[Path] = []
    failures: list[LoadFailure] = []
    skipped: list[Path] = []
    stack = [Path(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as err:
            reason = "permission denied" if isinstance(err, PermissionError) else (err.strerror or str(err))
            error = InputError(f"cannot list the folder ({reason}), so its posts are left out", source=str(folder),
                               hint="check the folder's permissions")
            failures.append(LoadFailure(str(folder), str(error)))
            continue
        if is_results_folder({entry.name for entry in entries}):
            skipped.append(folder)
            continue
        subfolders: list[Path] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                subfolders.append(Path(entry.path))
                continue
            if name.upper().startswith(_NOT_POSTS) or Path(name).suffix.lower() not in SUFFIXES:
                continue
            path = Path(entry.path)
            try:
                regular = entry.is_file()  # follows a symbolic link: a link to a post is a post
            except OSError:
                regular = False
            if regular:
                files.append(path)
            else:
                error = InputError(f"not a regular file but {_not_regular(path)}", source=str(path),
                                   hint="only regular files are read as posts")
                failures.append(LoadFailure(str(path), str(error)))
        stack.extend(reversed(subfolders))
    return FolderScan(tuple(files), tuple(failures), tuple(skipped))


def discover_files(root: Path) -> list[Path]:
    """Every supported regular file under a folder, recursively, in a stable order (see ``scan_folder``,
    which also says what could not be listed or was left out)."""
    return list(scan_folder(root).files)


def unexpected_load_error(err: BaseException, source: str) -> InputError:
    """The clean error for an exception a reader was not meant to raise on one file or post.

    A ``ValueError`` from a 5,000-digit number in front matter, a ``RecursionError`` from deep nesting, a
    ``MemoryError`` on one huge post: whatever a reader raises on one input must not end a corpus run, and
    must never reach the user as a traceback.
    """
    detail = " ".join(str(err).split()) or "no detail"
    if len(detail) > 160:
        detail = detail[:159] + "…"
    return InputError(f"cannot be read as a post ({type(err).__name__}: {detail})", source=source,
                      hint="check that it is a blog post in a supported format")


def iter_posts(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    include_drafts: bool = False,
    errors: Literal["raise", "skip", "yield"] = "raise",
    notes: list[str] | None = None,
) -> Iterator[Post | LoadFailure]:
    """Iterate over every post in a file or, recursively, in a folder.

    Args:
        path: A file (a post, an export or a feed: one file may hold many posts) or a folder.
        format: Force a format for every file.
        include_drafts: Also yield draft entries of Movable Type exports.
        errors: What to do with a file or post that cannot be loaded: ``"raise"`` the ``JpblogError``,
            ``"skip"`` it, or ``"yield"`` a ``LoadFailure`` in its place and go on. Whatever a reader
            raises on one file (a ``ValueError``, ``RecursionError`` or ``MemoryError`` included) counts as
            that file's failure (an ``InputError``); only ``KeyboardInterrupt`` and ``SystemExit`` pass.
            A sub-folder that cannot be listed and a non-regular file with a post's name (a FIFO, a
            device) are failures too, met before the files are read.
        notes: When given, a note is appended for each jpblog results folder left out of a folder.

    Yields:
        ``Post`` records in file order (and ``LoadFailure`` records when ``errors="yield"``).
    """
    root = Path(path)
    if not root.exists():
        raise InputError("no such file or folder", source=str(root), hint="check the path")
    if root.is_dir():
        scan = scan_folder(root)
        files, listing_failures = scan.files, scan.failures
        if notes is not None:
            notes.extend(results_folder_note(folder) for folder in scan.skipped)
    else:
        files, listing_failures = (root,), ()
    for failure in listing_failures:
        if errors == "raise":
            raise InputError(failure.reason)  # the reason already names the source and the fix
        if errors == "yield":
            yield failure
    for file in files:
        try:
            text = _read_file(file)
            yield from _iter_file_posts(text, file, format, include_drafts, errors)
        except JpblogError as err:
            if errors == "raise":
                raise
            if errors == "yield":
                yield LoadFailure(str(file), str(err))
        except Exception as err:  # a reader's bug on one odd file must not end the run (nor be a traceback)
            error = unexpected_load_error(err, str(file))
            if errors == "raise":
                raise error from err
            if errors == "yield":
                yield LoadFailure(str(file), str(error))


def _iter_file_posts(
    text: str, file: Path, fmt: str | None, include_drafts: bool, errors: str
) -> Iterator[Post | LoadFailure]:
    """Posts of one file; with errors != "raise", a bad entry does not stop the others."""
    options: dict[str, object] = {"include_drafts": include_drafts, "errors": errors}
    yield from posts_from_text(text, str(file), file.stem, fmt, file.suffix, **options)


__all__ = [
    "READERS",
    "FolderScan",
    "LoadFailure",
    "discover_files",
    "is_results_folder",
    "iter_posts",
    "load_post",
    "posts_from_text",
    "results_folder_note",
    "scan_folder",
    "sniff_format",
    "unexpected_load_error",
]
