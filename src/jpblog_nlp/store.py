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
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

DB_NAME = "results.sqlite"

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
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / DB_NAME
        # isolation_level=None: we open transactions ourselves, and check_same_thread=False lets the
        # progress/feeder threads stay out of our way (only the parent's main thread writes).
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a committed transaction survives a process kill (not a power cut), which
        # is what "resume after Ctrl-C or kill" needs, at a fraction of FULL's fsyncs.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_SCHEMA)
        self.commit_every = commit_every
        self._pending = 0
        self.run_id = 0

    # -- runs -------------------------------------------------------------------------------------------

    def get_meta(self, name: str, default: str | None = None) -> str | None:
        """A value of the meta table."""
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else default

    def set_meta(self, name: str, value: str) -> None:
        """Set a value of the meta table (in the current transaction, if any)."""
        self.conn.execute("INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)", (name, value))

    def begin_run(self) -> int:
        """Start a new run: bump and return its number."""
        self.run_id = int(self.get_meta("last_run", "0") or 0) + 1
        self.set_meta("last_run", str(self.run_id))
        self.set_meta("complete", "0")
        return self.run_id

    def known_hashes(self) -> dict[str, str]:
        """Key → content hash of every stored post (small: two short strings per post)."""
        return dict(self.conn.execute("SELECT key, hash FROM posts"))

    def known_files(self) -> dict[str, tuple[str, list[list[str]]]]:
        """Path → (signature, [[post key, content hash], ...]) of every file read by an earlier run."""
        return {path: (sig, json.loads(posts)) for path, sig, posts in
                self.conn.execute("SELECT path, sig, posts FROM files")}

    # -- writes -----------------------------------------------------------------------------------------

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        """Run one statement inside the open small transaction, committing every ``commit_every``."""
        if self._pending == 0:
            self.conn.execute("BEGIN")
        self.conn.execute(sql, params)
        self._pending += 1
        if self._pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        """Commit the open transaction, if any."""
        if self._pending:
            self.conn.execute("COMMIT")
            self._pending = 0

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

    def put_file(self, path: str, sig: str, posts: list[list[str]]) -> None:
        """Record a file read by this run with the (key, hash) of each of its posts."""
        self._write("INSERT OR REPLACE INTO files(path, sig, posts, seen_run) VALUES (?,?,?,?)",
                    (path, sig, json.dumps(posts, ensure_ascii=False), self.run_id))

    def touch_file(self, path: str) -> None:
        """Mark an unchanged file as seen by this run."""
        self._write("UPDATE files SET seen_run = ? WHERE path = ?", (self.run_id, path))

    def finish_run(self) -> int:
        """After a complete scan: drop posts and errors the scan did not meet; return how many posts."""
        self.commit()
        self.conn.execute("BEGIN")
        removed = self.conn.execute("DELETE FROM posts WHERE seen_run < ?", (self.run_id,)).rowcount
        self.conn.execute("DELETE FROM errors WHERE seen_run < ?", (self.run_id,))
        self.conn.execute("DELETE FROM files WHERE seen_run < ?", (self.run_id,))
        self.set_meta("complete", "1")
        self.conn.execute("COMMIT")
        return removed

    # -- reads ------------------------------------------------------------------------------------------

    def count(self) -> tuple[int, int]:
        """(posts, errors) stored."""
        n_posts = self.conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
        n_errors = self.conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
        return int(n_posts), int(n_errors)

    def iter_analyses(self, *, batch: int = 256) -> Iterator[tuple[str, dict[str, Any]]]:
        """Stream (key, analysis dict) in corpus order, a few hundred rows at a time (flat memory)."""
        last: tuple[int, str] = (-1, "")
        while True:
            # Keyset pagination: each query is short, so no read transaction stays open for long.
            rows = self.conn.execute(
                "SELECT key, ord, data FROM posts WHERE (ord, key) > (?, ?) ORDER BY ord, key LIMIT ?",
                (*last, batch),
            ).fetchall()
            if not rows:
                return
            for key, ord_, data in rows:
                yield key, unpack(data)
                last = (ord_, key)

    def iter_terms(self) -> Iterator[tuple[str, dict[str, int]]]:
        """Stream (post id, {term: count}) in corpus order: the input of topic discovery."""
        cursor = self.conn.execute("SELECT post_id, terms FROM posts ORDER BY ord, key")
        for post_id, terms in cursor:
            yield post_id, unpack(terms)

    def errors(self) -> list[tuple[str, str]]:
        """(source, reason) of every failure, in corpus order."""
        return list(self.conn.execute("SELECT source, reason FROM errors ORDER BY ord, source"))

    def close(self) -> None:
        """Commit and close."""
        self.commit()
        self.conn.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
