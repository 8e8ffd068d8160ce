"""The resumable results store of a batch: one SQLite database (WAL mode) inside the results folder.

One row per post holds its analysis as compressed JSON, keyed by the post's source relative to the corpus
folder, with the content hash it was computed from. A rerun skips posts whose hash did not change, so an
interrupted or killed run loses at most the last small transaction, and nothing is ever duplicated.

Tables::

    posts(key PRIMARY KEY, post_id, ord, hash, seen_run, data BLOB, terms BLOB)
    errors(source PRIMARY KEY, reason, ord, seen_run)
    files(path PRIMARY KEY, sig, posts, seen_run)
    meta(name PRIMARY KEY, value)

``files`` lets an unchanged rerun skip reading files: a file whose signature (size, modification time,
analysis options) is the one recorded, and whose posts are all stored with the recorded hashes, is not
read again.

``ord`` is the post's position in the corpus scan of the latest run, so tables come out in corpus order
whatever order the workers finished in. ``seen_run`` is the number of the last run whose scan met the
post; after a complete scan, rows not seen are posts removed from the corpus and are deleted.

Faults of the results folder are errors a user can fix, never tracebacks: every ``sqlite3.Error`` becomes
a ``JpblogError`` naming ``results.sqlite`` (``database_error``). A file that is not ours (another
program's SQLite database, a truncated or foreign file, our tables with other columns) is refused before
anything is written into it. A full disk is reported as such: SQLite rolls the open transaction back, and
the rows committed before it stay. A stored analysis whose blob no longer decompresses is dropped when met
(``dropped``), so the next scan sees its post as missing and analyses it again -- keeping it would make
every rerun reuse it, since its content hash still matches.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from ..errors import InputError, JpblogError, ResourceError
from ..safe_io import os_error

DB_NAME = "results.sqlite"
#: ``PRAGMA application_id`` of our databases ("JPBL"): a file holding another id is another program's.
APPLICATION_ID = 0x4A50424C
#: The columns each table must have (a database from an older or another layout is refused, not altered).
TABLE_COLUMNS = {
    "posts": ("key", "post_id", "ord", "hash", "seen_run", "data", "terms"),
    "errors": ("source", "reason", "ord", "seen_run"),
    "files": ("path", "sig", "posts", "seen_run"),
    "meta": ("name", "value"),
}
_OTHER_FILE_HINT = "choose another results folder (--out), or remove it to start over"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    key TEXT PRIMARY KEY,
    post_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    hash TEXT NOT NULL,
    seen_run INTEGER NOT NULL,
    data BLOB NOT NULL,
    terms BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_ord ON posts(ord);
CREATE TABLE IF NOT EXISTS errors (
    source TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    ord INTEGER NOT NULL,
    seen_run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sig TEXT NOT NULL,
    posts TEXT NOT NULL,
    seen_run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def pack(data: Any) -> bytes:
    """Compress a JSON-ready value (workers call it so the parent only moves bytes).

    orjson writes the same compact UTF-8 JSON as ``json.dumps(..., ensure_ascii=False,
    separators=(",", ":"))`` in half the time: a post's analysis is some thousand keys and hundreds
    of small dicts and lists, where the standard encoder's per-object cost dominates.
    """
    # Non-string keys become strings, as json.dumps does.
    return zlib.compress(orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS), 1)


def unpack(blob: bytes) -> Any:
    """Inverse of ``pack`` (also reads what the standard ``json`` module wrote)."""
    return orjson.loads(zlib.decompress(blob))


def database_error(err: sqlite3.Error, path: str | os.PathLike[str]) -> JpblogError:
    """The clean error for an SQLite failure on a results database: what is wrong, and the fix.

    Args:
        err: The error the ``sqlite3`` module raised.
        path: The database file (named in the message).
    """
    source = os.fspath(path)
    # The primary result code (the low byte of an extended one); None when Python itself raised.
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == sqlite3.SQLITE_FULL:
        return ResourceError("the disk is full; the analyses stored before this are kept", source=source,
                             hint="free some space and run the same command again to resume")
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return InputError("cannot write the results database (a read-only folder or file?)", source=source,
                          hint="choose a writable results folder (--out), or make this one writable")
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return InputError("not a jpblog results database, or a damaged one", source=source, hint=_OTHER_FILE_HINT)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return InputError("the results database is in use by another process", source=source,
                          hint="wait until the other run ends, or choose another results folder (--out)")
    if primary == sqlite3.SQLITE_IOERR:
        return InputError(f"cannot read or write the results database ({err})", source=source,
                          hint="check the disk and that there is free space, then run the command again")
    return InputError(f"unusable results database ({err})", source=source, hint=_OTHER_FILE_HINT)


class ResultStore:
    """The SQLite database of a results folder.

    Writes are grouped into small transactions (``commit_every`` rows) so that a killed process loses at
    most that many analyses, which the next run redoes.

    Args:
        folder: The results folder (created if missing).
        commit_every: Rows per transaction.
    """

    def __init__(self, folder: str | Path, *, commit_every: int = 64) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError as err:
            raise InputError("the results folder is a file", source=str(self.folder),
                             hint="give a folder for the results (--out)") from err
        except OSError as err:
            raise os_error(err, self.folder, "results folder") from err
        self.path = self.folder / DB_NAME
        self.commit_every = commit_every
        self._pending = 0
        self.run_id = 0
        #: Keys of stored analyses found unreadable (and deleted) while reading: see ``dropped_keys``.
        self.dropped: list[str] = []
        self._check_file()
        try:
            # isolation_level=None: we open transactions ourselves, and check_same_thread=False lets the
            # progress/feeder threads stay out of our way (only the parent's main thread writes).
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as err:
            raise database_error(err, self.path) from err
        try:
            with self._guard():
                new = self._check_schema()  # before anything is written: a foreign file stays as it was
                self.conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL in WAL mode: a committed transaction survives a process kill (not a power cut),
                # which is what "resume after Ctrl-C or kill" needs, at a fraction of FULL's fsyncs.
                self.conn.execute("PRAGMA synchronous=NORMAL")
                # One transaction: another run opening the same folder meanwhile sees all tables or none.
                mark = f"PRAGMA application_id = {APPLICATION_ID};" if new else ""
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{_SCHEMA}{mark}\nCOMMIT;")
        except BaseException:
            self.conn.close()
            raise

    def _check_file(self) -> None:
        """Refuse a directory, FIFO or device where ``results.sqlite`` (or its WAL files) should be.

        SQLite would fail on them with a vague "disk I/O error", or block on a FIFO.
        """
        for path in (self.path, *(self.path.with_name(DB_NAME + suffix) for suffix in ("-wal", "-shm", "-journal"))):
            try:
                st = path.stat()
            except FileNotFoundError:
                continue  # a new results folder (or a dangling symlink, which SQLite then creates)
            except OSError as err:
                raise InputError(f"cannot read the results database ({err.strerror})", source=str(path),
                                 hint=_OTHER_FILE_HINT) from err
            if not stat.S_ISREG(st.st_mode):
                kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
                raise InputError(f"not a jpblog results database: it is {kind}", source=str(path),
                                 hint=_OTHER_FILE_HINT)

    def _check_schema(self) -> bool:
        """Check that the database is ours (True: a new, empty one); raise when it is another program's."""
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {name for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id not in (0, APPLICATION_ID):
            raise InputError("not a jpblog results database: another program's SQLite file", source=str(self.path),
                             hint=_OTHER_FILE_HINT)
        if not tables:
            return True
        # Databases written before the application id was set have id 0: recognised by their tables.
        for table, columns in TABLE_COLUMNS.items():
            if table not in tables:
                raise InputError(f"not a jpblog results database: it has no table '{table}'", source=str(self.path),
                                 hint=_OTHER_FILE_HINT)
            present = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
            missing = [c for c in columns if c not in present]
            if missing:
                raise InputError(f"not a jpblog results database: table '{table}' has no column "
                                 + ", ".join(f"'{c}'" for c in missing), source=str(self.path), hint=_OTHER_FILE_HINT)
        return False

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn an SQLite failure into a clean error naming the database (``database_error``)."""
        try:
            yield
        except sqlite3.Error as err:
            raise database_error(err, self.path) from err

    # -- runs -------------------------------------------------------------------------------------------

    def get_meta(self, name: str, default: str | None = None) -> str | None:
        """A value of the meta table."""
        with self._guard():
            row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, name: str, value: str) -> None:
        """Set a value of the meta table (in the current transaction, if any)."""
        with self._guard():
            self.conn.execute("INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)", (name, value))

    def begin_run(self) -> int:
        """Start a new run: bump and return its number."""
        last = self.get_meta("last_run", "0") or "0"
        self.run_id = (int(last) if last.isdigit() and len(last) < 18 else 0) + 1
        self.set_meta("last_run", str(self.run_id))
        self.set_meta("complete", "0")
        return self.run_id

    def known_hashes(self) -> dict[str, str]:
        """Key → content hash of every stored post (small: two short strings per post)."""
        with self._guard():
            return dict(self.conn.execute("SELECT key, hash FROM posts"))

    def known_files(self) -> dict[str, tuple[str, list[list[str]]]]:
        """Path → (signature, [[post key, content hash], ...]) of every file read by an earlier run.

        A record that does not parse is left out: its file is then simply read again.
        """
        known: dict[str, tuple[str, list[list[str]]]] = {}
        with self._guard():
            for path, sig, posts in self.conn.execute("SELECT path, sig, posts FROM files"):
                with contextlib.suppress(ValueError, TypeError):
                    pairs = json.loads(posts)
                    if isinstance(pairs, list) and all(isinstance(p, list) and len(p) == 2 for p in pairs):
                        known[path] = (sig, pairs)
        return known

    # -- writes -----------------------------------------------------------------------------------------

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        """Run one statement inside the open small transaction, committing every ``commit_every``."""
        with self._guard():
            if not self.conn.in_transaction:
                # Also after SQLite rolled a failed transaction back by itself (a full disk): start afresh.
                self.conn.execute("BEGIN")
                self._pending = 0
            self.conn.execute(sql, params)
        self._pending += 1
        if self._pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        """Commit the open transaction, if any.

        No transaction is open after SQLite rolled one back on its own (a full disk, an I/O error): there
        is nothing to commit then, and trying would raise "cannot commit - no transaction is active" over
        the error that said why.
        """
        self._pending = 0
        if self.conn.in_transaction:
            with self._guard():
                self.conn.execute("COMMIT")

    def put_post(self, key: str, post_id: str, ord_: int, hash_: str, data: bytes, terms: bytes) -> None:
        """Store (or replace) a post's analysis; clears an earlier error of the same source."""
        self._write(
            "INSERT OR REPLACE INTO posts(key, post_id, ord, hash, seen_run, data, terms) VALUES (?,?,?,?,?,?,?)",
            (key, post_id, ord_, hash_, self.run_id, data, terms),
        )
        self._write("DELETE FROM errors WHERE source = ?", (key,))

    def touch_post(self, key: str, ord_: int) -> None:
        """Mark an unchanged post as seen by this run, at its position in this run's scan."""
        self._write("UPDATE posts SET seen_run = ?, ord = ? WHERE key = ?", (self.run_id, ord_, key))

    def put_error(self, source: str, reason: str, ord_: int) -> None:
        """Record a post or file that failed; a post stored earlier under that source is dropped."""
        self._write(
            "INSERT OR REPLACE INTO errors(source, reason, ord, seen_run) VALUES (?,?,?,?)",
            (source, reason, ord_, self.run_id),
        )
        self._write("DELETE FROM posts WHERE key = ?", (source,))

    def put_file(self, path: str, sig: str, posts: Sequence[Sequence[str]]) -> None:
        """Record a file read by this run with the (key, hash) of each of its posts."""
        self._write("INSERT OR REPLACE INTO files(path, sig, posts, seen_run) VALUES (?,?,?,?)",
                    (path, sig, json.dumps(posts, ensure_ascii=False), self.run_id))

    def touch_file(self, path: str) -> None:
        """Mark an unchanged file as seen by this run."""
        self._write("UPDATE files SET seen_run = ? WHERE path = ?", (self.run_id, path))

    def finish_run(self) -> int:
        """After a complete scan: drop posts and errors the scan did not meet; return how many posts."""
        self.commit()
        with self._guard():
            self.conn.execute("BEGIN")
            removed = self.conn.execute("DELETE FROM posts WHERE seen_run < ?", (self.run_id,)).rowcount
            self.conn.execute("DELETE FROM errors WHERE seen_run < ?", (self.run_id,))
            self.conn.execute("DELETE FROM files WHERE seen_run < ?", (self.run_id,))
            self.set_meta("complete", "1")
            self.conn.execute("COMMIT")
        return removed

    def _drop_unreadable(self, keys: list[str]) -> None:
        """Delete stored analyses whose blobs do not decompress: the next scan analyses their posts again."""
        if not keys:
            return
        self.dropped.extend(keys)
        for key in keys:
            self._write("DELETE FROM posts WHERE key = ?", (key,))
        self.commit()

    # -- reads ------------------------------------------------------------------------------------------

    def count(self) -> tuple[int, int]:
        """(posts, errors) stored."""
        with self._guard():
            n_posts = self.conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
            n_errors = self.conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
        return int(n_posts), int(n_errors)

    def iter_analyses(self, *, batch: int = 256) -> Iterator[tuple[str, dict[str, Any]]]:
        """Stream (key, analysis dict) in corpus order, a few hundred rows at a time (flat memory).

        An analysis that does not decompress or parse is left out and deleted (``dropped``).
        """
        for rows in self._pages_of_data(batch):
            bad: list[str] = []
            for key, data in rows:
                value = _unpacked(data)
                if isinstance(value, dict):
                    yield key, value
                else:
                    bad.append(key)
            self._drop_unreadable(bad)

    def _pages_of_data(self, batch: int) -> Iterator[list[tuple[str, bytes]]]:
        """(key, packed analysis) in corpus order, ``batch`` rows a query (keyset pagination: each query is
        short, so no read transaction stays open for long)."""
        last: tuple[int, str] = (-1, "")
        while True:
            with self._guard():
                rows = self.conn.execute(
                    "SELECT key, ord, data FROM posts WHERE (ord, key) > (?, ?) ORDER BY ord, key LIMIT ?",
                    (*last, batch),
                ).fetchall()
            if not rows:
                return
            last = (rows[-1][1], rows[-1][0])
            yield [(key, data) for key, _, data in rows]

    def iter_packed(self, *, batch: int = 256) -> Iterator[bytes]:
        """Stream each stored analysis still packed (``pack``), in corpus order, for a reader that unpacks
        them elsewhere (the site's page writers, in other processes).  Damage is the reader's to handle."""
        for rows in self._pages_of_data(batch):
            for _, data in rows:
                yield bytes(data)

    def iter_terms(self, *, batch: int = 1024) -> Iterator[tuple[str, Any]]:
        """Stream (post id, term record) in corpus order: the input of topic discovery (a list of terms, or
        the dict ``worker.term_bag`` writes).

        A term list that does not decompress or parse is left out and its post deleted (``dropped``).
        """
        last: tuple[int, str] = (-1, "")
        while True:
            with self._guard():
                rows = self.conn.execute(
                    "SELECT key, ord, post_id, terms FROM posts WHERE (ord, key) > (?, ?) ORDER BY ord, key LIMIT ?",
                    (*last, batch),
                ).fetchall()
            if not rows:
                return
            bad: list[str] = []
            for key, ord_, post_id, terms in rows:
                last = (ord_, key)
                value = _unpacked(terms)
                if isinstance(value, (list, dict)):
                    yield post_id, value
                else:
                    bad.append(key)
            self._drop_unreadable(bad)

    def errors(self) -> list[tuple[str, str]]:
        """(source, reason) of every failure, in corpus order."""
        with self._guard():
            return list(self.conn.execute("SELECT source, reason FROM errors ORDER BY ord, source"))

    def close(self) -> None:
        """Commit and close."""
        try:
            self.commit()
        finally:
            self.conn.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.close()
            return
        # Already failing (Ctrl-C, a full disk ...): keep what can be kept, but never hide the first error
        # behind a second one from the same broken database.
        with contextlib.suppress(JpblogError, sqlite3.Error):
            self.commit()
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


def _unpacked(blob: Any) -> Any:
    """``unpack(blob)``, or None when the blob is damaged (truncated, overwritten, not ours)."""
    try:
        return unpack(blob)
    except (zlib.error, ValueError, TypeError):  # orjson.JSONDecodeError is a ValueError
        return None
