"""Write output files without ever clobbering what is at the path: the one way jpblog-nlp writes a file.

Why a module of its own: the usual atomic write (a temporary file renamed over the target) is right for a
regular file -- a reader sees the old file or the new one, never half of it -- but wrong for anything
else. Renamed over ``/dev/null`` it replaces the device with a regular file (for every program on the
machine, when run as root); over a FIFO it replaces the pipe a reader waits on; over a symlink it replaces
the link instead of updating the file it points to. So what is at the path decides how it is written:

- nothing, or a regular file: atomic replace (temporary file in the same folder, fsync, ``os.replace``);
  an existing file keeps its mode (and owner where allowed), a new one gets ``rw-r--r--``;
- a symlink: the same rules applied to what it points to (a dangling link creates its target, a link to
  a device writes to the device), and the link stays a link;
- a character device or a FIFO: written through (opened ``O_WRONLY``, never truncated nor renamed); a FIFO
  that no process reads is refused at once instead of blocking for ever;
- a directory, a socket or a block device (a disk): refused with an ``InputError`` that says what is there.

Folders that jpblog owns and rewrites on every run (a batch's tables, ``fetch``'s saved posts) use
``check_replaceable`` instead: there a symlink or a device is not what the user asked to write to, so it is
refused rather than followed out of the folder.

Every ``OSError`` becomes a ``JpblogError`` (``os_error``): a full disk is a ``ResourceError`` (exit 3),
anything else an ``InputError`` (exit 2), each naming the path and the fix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError, JpblogError, ResourceError

#: Mode of a new file: an output is an ordinary document (mkstemp alone would make it private, 0600).
NEW_FILE_MODE = 0o644


def os_error(err: OSError, path: str | os.PathLike[str], what: str) -> JpblogError:
    """The clean error for an ``OSError`` met while writing ``path``.

    A full disk or quota is a ``ResourceError`` (exit code 3: nothing about the command is wrong, run it
    again once there is room); a read-only, missing or forbidden place is an ``InputError`` (exit 2).

    Args:
        err: The error raised by the operating system (or by pyarrow, whose I/O errors are ``OSError``).
        path: The path being written (named in the message).
        what: What is being written ("report", "table", ...).
    """
    code = err.errno
    source = os.fspath(path)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return ResourceError(f"cannot write the {what}: no space left on the device", source=source,
                             hint="free some space and run the command again")
    if code == errno.EROFS:
        return InputError(f"cannot write the {what}: the file system is read-only", source=source,
                          hint="choose a folder on a writable disk")
    if code in (errno.EACCES, errno.EPERM):
        return InputError(f"cannot write the {what}: permission denied", source=source,
                          hint="choose a folder you can write to")
    if code == errno.ENOENT:
        return InputError(f"cannot write the {what}: its folder does not exist", source=source,
                          hint="create the folder first, or check the path")
    if code == errno.ELOOP:
        return InputError(f"cannot write the {what}: the symlink loops back on itself", source=source,
                          hint="fix or remove the link")
    reason = err.strerror or str(err) or type(err).__name__
    return InputError(f"cannot write the {what}: {reason}", source=source,
                      hint="check that the path is a writable file")


def _refused(st: os.stat_result, source: str, what: str) -> InputError | None:
    """The error for a kind of file that is never written to (directory, socket, disk), else None."""
    if stat.S_ISDIR(st.st_mode):
        return InputError(f"cannot write the {what}: it is a directory", source=source,
                          hint="give the path of a file")
    if stat.S_ISSOCK(st.st_mode):
        return InputError(f"cannot write the {what}: it is a socket", source=source,
                          hint="give the path of a file, a FIFO or a character device")
    if stat.S_ISBLK(st.st_mode):
        # A report written over a disk destroys its file system: never what was meant.
        return InputError(f"cannot write the {what}: it is a block device (a disk)", source=source,
                          hint="give the path of a file")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        return InputError(f"cannot write the {what}: it is not a file", source=source, hint="give the path of a file")
    return None


def _lstat(path: Path, source: str, what: str) -> os.stat_result | None:
    """``lstat`` of the path, None when nothing is there."""
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise os_error(err, source, what) from err


def _resolve(path: Path, source: str, what: str) -> Path:
    """The path a symlink (chain) points to; the path itself when it is no symlink."""
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    if real.is_symlink():  # realpath gives up on a loop and returns a link
        raise InputError(f"cannot write the {what}: the symlink loops back on itself", source=source,
                         hint="fix or remove the link")
    return real


def _flag(name: str) -> int:
    """An ``os.O_*`` flag, or 0 where the platform has none (Windows lacks O_NOCTTY, O_NOFOLLOW ...)."""
    return int(getattr(os, name, 0))


def _write_through(path: Path, data: bytes, st: os.stat_result, source: str, what: str) -> None:
    """Write into a character device or a FIFO as it is: opened for writing, never truncated nor renamed."""
    fifo = stat.S_ISFIFO(st.st_mode)
    # O_NONBLOCK on a FIFO: opening it for writing with no reader fails at once (ENXIO) instead of
    # waiting for ever; once open, writes block again as a pipe's should.
    flags = os.O_WRONLY | _flag("O_NOCTTY") | _flag("O_CLOEXEC") | _flag("O_NOFOLLOW")
    if fifo:
        flags |= _flag("O_NONBLOCK")
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if fifo and err.errno == errno.ENXIO:
            raise InputError(f"cannot write the {what}: no process reads this FIFO", source=source,
                             hint="start the reader first, e.g. `cat FIFO &`, or write to a regular file") from err
        raise os_error(err, source, what) from err
    try:
        now = os.fstat(fd)
        if stat.S_IFMT(now.st_mode) != stat.S_IFMT(st.st_mode):  # swapped for something else meanwhile
            raise InputError(f"cannot write the {what}: the file changed while it was opened", source=source,
                             hint="run the command again")
        if fifo:
            os.set_blocking(fd, True)
        with open(fd, "wb", closefd=False) as handle:
            handle.write(data)
    except OSError as err:
        if err.errno == errno.EPIPE:
            raise InputError(f"cannot write the {what}: the reader closed the FIFO", source=source,
                             hint="keep the reading process running until the command ends") from err
        raise os_error(err, source, what) from err
    finally:
        os.close(fd)


def _replace_atomically(path: Path, data: bytes, st: os.stat_result | None, source: str, what: str) -> None:
    """Write a regular file (or a new one) whole: temporary file, fsync, rename over the target."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise os_error(err, source, what) from err
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # the data is on disk before the name points to it
        # Keep what the replaced file had: its mode, and its owner when we may (root writing a user's file).
        os.chmod(tmp, stat.S_IMODE(st.st_mode) & 0o777 if st is not None else NEW_FILE_MODE)
        if st is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise os_error(err, source, what) from err
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes, *, what: str = "file") -> Path:
    """Write ``data`` to ``path`` by the rules of the module docstring (atomic only for regular files).

    Args:
        path: Where to write.
        data: The whole content.
        what: What is written, named in error messages ("report", "manifest", ...).

    Returns:
        The path actually written (the target of a symlink).

    Raises:
        InputError: A directory, socket or disk at the path, a FIFO nobody reads, or a write that fails.
        ResourceError: The disk is full.
    """
    source = os.fspath(path)
    target = _resolve(Path(path), source, what)
    st = _lstat(target, source, what)
    if st is not None:
        refused = _refused(st, source, what)
        if refused is not None:
            raise refused
        if not stat.S_ISREG(st.st_mode):
            _write_through(target, data, st, source, what)
            return target
    _replace_atomically(target, data, st, source, what)
    return target


def write_text(path: str | os.PathLike[str], text: str, *, what: str = "file", encoding: str = "utf-8") -> Path:
    """Write ``text`` (``\\n`` line ends kept as they are) by the rules of ``write_bytes``."""
    return write_bytes(path, text.encode(encoding), what=what)


def check_replaceable(path: str | os.PathLike[str], *, what: str = "file", dir_ok: bool = False) -> None:
    """Refuse a path that an owned folder's atomic replace would clobber: anything but a regular file.

    For the files a command owns and replaces on every run (a batch's tables, ``fetch``'s posts and
    manifest) a symlink, device or FIFO at the path is not an output the user chose; following it could
    write outside the folder, replacing it would destroy it. Nothing at the path is fine.

    Args:
        path: The file about to be replaced.
        what: What is written, named in the message.
        dir_ok: A real directory is fine too (a table written as a dataset folder of parts).

    Raises:
        InputError: Something other than a regular file (or directory, with ``dir_ok``) is at the path.
    """
    source = os.fspath(path)
    st = _lstat(Path(path), source, what)
    if st is None or stat.S_ISREG(st.st_mode) or (dir_ok and stat.S_ISDIR(st.st_mode)):
        return
    kinds = ((stat.S_ISLNK, "a symlink"), (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    kind = next((name for test, name in kinds if test(st.st_mode)), "not a regular file")
    raise InputError(f"cannot write the {what}: it is {kind}, which jpblog would replace", source=source,
                     hint="remove it or move it away; this file is rewritten by every run")


__all__ = ["NEW_FILE_MODE", "check_replaceable", "os_error", "write_bytes", "write_text"]
