"""Read local files with bounds: regular files only, and never more bytes than a cap.

``Path.read_bytes()`` trusts the file: ``/dev/zero`` or a link to ``/dev/urandom`` never ends (until
``MemoryError``), a FIFO blocks the open until a writer comes, and ``st_size`` says nothing of a file
that grows or of ``/proc`` files (which report 0). So a file is stat'ed after resolving symbolic links
and refused unless regular, opened with ``O_NONBLOCK`` (a FIFO swapped in after the stat cannot block
the open), checked again with ``fstat`` on the opened descriptor (the file read is the file checked),
and read in chunks up to the cap plus one byte, whatever its size claims.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open
    | getattr(os, "O_NOCTTY", 0)  # a terminal must not become ours
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows
)
_READ_CHUNK = 1024 * 1024
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
#: The hint for a post file that is no regular file.
POST_FILE_HINT = "give a post file; pipe text through `jpblog analyze -` instead"


def megabytes(limit: int) -> str:
    """A byte cap as the "N MB" (or "N KB") said in messages: binary units, as the caps are written."""
    if limit < 1024 * 1024:
        return f"{limit // 1024:,} KB"
    return f"{limit // (1024 * 1024):,} MB"


class NotRegularFile(InputError):
    """The path is a folder, a FIFO, a device or a socket: readers of other files (theme files, models)
    turn it into their own message without parsing this one's."""


class MissingFile(InputError):
    """No file at the path (or a file where a folder of the path should be)."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file or a folder is, for messages ("a FIFO (named pipe)")."""
    return next((label for test, label in _KINDS if test(mode)), "a special file")


def check_regular(mode: int, path: Path, *, hint: str = POST_FILE_HINT) -> None:
    """Refuse anything but a regular file, saying what it is.

    Raises:
        InputError: A folder, a FIFO, a device or a socket (through a symbolic link or not).
    """
    if stat.S_ISREG(mode):
        return
    source = str(path)
    if stat.S_ISDIR(mode):
        raise NotRegularFile(
            "is a directory, not a file", source=source, hint="give a file, or use `jpblog batch` for a folder"
        )
    kind = file_kind(mode)
    if os.path.islink(path):
        kind = f"a symbolic link to {kind} ({os.path.realpath(path)})"
    raise NotRegularFile(f"is {kind}, not a regular file", source=source, hint=hint)


def _os_error(err: OSError, source: str) -> InputError:
    """The message for an OS error met while opening or reading a file."""
    if isinstance(err, (FileNotFoundError, NotADirectoryError)):
        return MissingFile("no such file", source=source, hint="check the path")
    if isinstance(err, PermissionError):
        return InputError("permission denied", source=source, hint="check the file's permissions")
    return InputError(f"cannot read the file ({err.strerror or err})", source=source)


def open_regular_file(path: Path, *, hint: str = POST_FILE_HINT) -> tuple[int, os.stat_result]:
    """Open a regular file for reading without ever blocking on what is not one.

    Returns:
        (file descriptor, ``fstat`` of the opened file): the caller closes the descriptor.

    Raises:
        InputError: Missing, unreadable, or not a regular file (``hint`` is said for the latter).
    """
    source = str(path)
    try:
        # Follows symbolic links: what matters is what would be read. Refusing here never opens a device
        # (opening some has side effects).
        check_regular(path.stat().st_mode, path, hint=hint)
    except OSError as err:
        if isinstance(err, (FileNotFoundError, NotADirectoryError)):
            raise _os_error(err, source) from err
        # A permission problem or a link loop: the open below says what it is.
    except ValueError as err:  # "embedded null byte"
        raise InputError("the path holds a NUL character, which no file name can", source=repr(source[:80]),
                         hint="check the path") from err
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        raise _os_error(err, source) from err
    try:
        info = os.fstat(fd)
        check_regular(info.st_mode, path, hint=hint)  # the file swapped in after the stat, if any
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_upto(fd: int, limit: int, chunks: list[bytes], size_hint: int = 0) -> int:
    """Append what ``fd`` holds to ``chunks`` until its end or until ``chunks`` hold ``limit`` bytes.

    One read asks for the whole file when its size is known (no copying of chunks in the usual case);
    a size of 0 (``/proc``) or a file that grows is read a chunk at a time, and never past ``limit``.

    Returns:
        How many bytes ``chunks`` hold.
    """
    total = sum(len(chunk) for chunk in chunks)
    while total < limit:
        chunk = os.read(fd, min(limit - total, max(_READ_CHUNK, size_hint + 1 - total)))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return total


def read_regular_file(path: Path, limit: int, *, what: str = "a file", hint: str = POST_FILE_HINT) -> bytes:
    """Read a regular file of at most ``limit`` bytes (a theme file, a lexicon, a list of lines).

    Args:
        path: The file.
        limit: The most bytes the file may hold.
        what: What such a file is, for the message when it is bigger (``"a theme file"``).
        hint: Said when the path is no regular file.

    Raises:
        InputError: Missing, unreadable, no regular file, or over ``limit`` bytes.
    """
    source = str(path)
    fd, info = open_regular_file(path, hint=hint)
    chunks: list[bytes] = []
    try:
        total = read_upto(fd, limit + 1, chunks, info.st_size)
    except OSError as err:
        raise _os_error(err, source) from err
    finally:
        os.close(fd)
    if total > limit:
        raise InputError(f"file is over {megabytes(limit)}, more than {what} can reasonably be", source=source,
                         hint="check that it is the right file")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


__all__ = [
    "POST_FILE_HINT", "MissingFile", "NotRegularFile", "check_regular", "file_kind", "megabytes",
    "open_regular_file", "read_regular_file", "read_upto",
]
