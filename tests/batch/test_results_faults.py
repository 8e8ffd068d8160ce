"""Faults of a results folder are clean one-line errors, and nothing already stored is lost.

A foreign, truncated or damaged ``results.sqlite``, a directory in its place, a read-only database, a full
disk, a damaged stored analysis, and damaged files read back by ``read_results``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import jpblog_nlp
from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.batch.store import DB_NAME, ResultStore, pack, unpack
from jpblog_nlp.cli import main
from jpblog_nlp.errors import InputError

TEXTS = {
    "a.txt": "今日は天気が良いので公園に行きました。とても楽しかったです。\n",
    "b.txt": "新しいカメラを買いました。写真を撮るのが楽しみです。\n",
}
OTHER_HINT = "(choose another results folder (--out), or remove it to start over)"


def make_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in TEXTS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def batch(root: Path, out: Path):
    return CliRunner().invoke(main, ["batch", str(root), "--out", str(out)])


def stored(out: Path) -> dict[str, bytes]:
    """key -> data blob of the posts in a results database (read directly)."""
    conn = sqlite3.connect(out / DB_NAME)
    try:
        return dict(conn.execute("SELECT key, data FROM posts"))
    finally:
        conn.close()


def sqlite_file(path: Path, sql: list[str]) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database at all\n" * 200)


def _truncated(db: Path) -> None:
    """A real results database cut after its first page."""
    with ResultStore(db.parent) as store:
        store.begin_run()
        for i in range(40):
            store.put_post(f"p{i}.txt", f"p{i}", i, "h", pack({"text": "本文" * 500}), pack([]))
    with db.open("r+b") as handle:
        handle.truncate(4096)


def _foreign(db: Path) -> None:
    sqlite_file(db, ["CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO photos(name) VALUES ('x')"])


def _other_app(db: Path) -> None:
    sqlite_file(db, ["PRAGMA application_id = 42"])


def _columns(db: Path) -> None:
    sqlite_file(db, [f"CREATE TABLE {t}(a)" for t in ("posts", "errors", "files", "meta")])


def _directory(db: Path) -> None:
    db.mkdir()


def _fifo_wal(db: Path) -> None:
    os.mkfifo(db.with_name(DB_NAME + "-wal"))


@pytest.mark.parametrize(("make", "message"), [
    (_garbage, "not a jpblog results database, or a damaged one"),
    (_truncated, "not a jpblog results database, or a damaged one"),
    (_foreign, "not a jpblog results database: it has no table 'posts'"),
    (_other_app, "not a jpblog results database: another program's SQLite file"),
    (_columns, "not a jpblog results database: table 'posts' has no column 'key', 'post_id', 'ord', 'hash', "
               "'seen_run', 'data', 'terms'"),
    (_directory, "not a jpblog results database: it is a directory"),
    (_fifo_wal, "not a jpblog results database: it is not a regular file"),
], ids=["garbage", "truncated", "foreign", "other-app", "columns", "directory", "fifo-wal"])
def test_unusable_results_database(tmp_path, make, message):
    root = make_corpus(tmp_path)
    out = tmp_path / "results"
    out.mkdir()
    db = out / DB_NAME
    make(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest() if db.is_file() else None
    result = batch(root, out)
    assert result.exit_code == 2, result.output
    named = db.with_name(DB_NAME + "-wal") if make is _fifo_wal else db
    assert result.stderr == f"jpblog: error: {named}: {message} {OTHER_HINT}\n"
    if before is not None:  # another program's file is left exactly as it was
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(DB_NAME)) == []


def test_results_folder_is_a_file(tmp_path):
    root = make_corpus(tmp_path)
    (tmp_path / "results").write_text("x")
    with pytest.raises(InputError) as caught:
        run_batch(root, tmp_path / "results")
    assert str(caught.value) == f"{tmp_path / 'results'}: the results folder is a file (give a folder for the results (--out))"


def _connect_with(monkeypatch, pragma: str) -> None:
    """Make every results database connection run ``pragma`` first (a read-only file, a size limit)."""
    real = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real(*args, **kwargs)
        if str(args[0]).endswith(DB_NAME):
            value = pragma
            if "{pages}" in value:
                value = value.format(pages=conn.execute("PRAGMA page_count").fetchone()[0])
            conn.execute(value)
        return conn

    monkeypatch.setattr("jpblog_nlp.batch.store.sqlite3.connect", connect)


def test_read_only_database(tmp_path, monkeypatch):
    root = make_corpus(tmp_path)
    out = tmp_path / "results"
    _connect_with(monkeypatch, "PRAGMA query_only = 1")  # SQLite then fails as on a read-only file
    result = batch(root, out)
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"jpblog: error: {out / DB_NAME}: cannot write the results database (a read-only "
                             "folder or file?) (choose a writable results folder (--out), or make this one writable)\n")


def test_full_disk_is_reported_as_such_and_keeps_what_was_stored(tmp_path, monkeypatch):
    root = make_corpus(tmp_path)
    out = tmp_path / "results"
    assert batch(root, out).exit_code == 0
    first = stored(out)
    # More posts, each too big to fit in the pages the database has; the database may not grow.
    for i in range(3):
        (root / f"long{i}.txt").write_text(f"長い記事{i}です。" * 300 + "\n", encoding="utf-8")
    _connect_with(monkeypatch, "PRAGMA max_page_count = {pages}")
    result = batch(root, out)
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines()[-1] == (
        f"jpblog: error: {out / DB_NAME}: the disk is full; the analyses stored before this are kept "
        "(free some space and run the same command again to resume)")
    assert "cannot commit" not in result.output
    assert stored(out) == first  # the committed rows stay
    monkeypatch.undo()
    again = batch(root, out)
    assert again.exit_code == 0, again.output
    assert "3 analysed in this run, 2 unchanged, 0 removed" in again.stderr


def _damage(out: Path, key: str, column: str) -> None:
    sqlite_file(out / DB_NAME, [f"UPDATE posts SET {column} = x'789c0000dead' WHERE key = '{key}'"])


def test_damaged_stored_analyses_are_analysed_again(tmp_path):
    root = make_corpus(tmp_path)
    out = tmp_path / "results"
    assert batch(root, out).exit_code == 0
    _damage(out, "a.txt", "data")
    _damage(out, "b.txt", "terms")
    (root / "c.txt").write_text("週末は友達と映画を見ました。\n", encoding="utf-8")  # the tables are rewritten
    result = batch(root, out)
    assert result.exit_code == 0, result.output
    # The repair pass analyses the two damaged posts again; the new one is stored by then.
    assert "2 analysed in this run, 1 unchanged, 0 removed" in result.stderr
    assert result.stdout == (f"analyzed 3 posts, 0 failed; results in {out}\n"
                             f"site: {out / 'report' / 'index.html'}\n")
    blobs = stored(out)
    assert sorted(blobs) == ["a.txt", "b.txt", "c.txt"]
    assert all(isinstance(unpack(blob), dict) for blob in blobs.values())
    assert sorted(jpblog_nlp.read_results(out).posts["source"]) == ["a.txt", "b.txt", "c.txt"]


def test_store_drops_a_damaged_analysis_when_met(tmp_path):
    with ResultStore(tmp_path) as store:
        store.begin_run()
        store.put_post("a.txt", "a", 1, "h1", pack({"post": {"id": "a"}}), pack([]))
        store.put_post("b.txt", "b", 2, "h2", b"\x78\x9c broken", pack([]))
        store.put_post("c.txt", "c", 3, "h3", pack({"post": {"id": "c"}}), b"not zlib")
        store.commit()
        assert [key for key, _ in store.iter_analyses(batch=1)] == ["a.txt", "c.txt"]
        assert [post_id for post_id, _ in store.iter_terms()] == ["a"]
        assert store.dropped == ["b.txt", "c.txt"]
        # Dropped: the next scan finds them missing and analyses them again.
        assert store.known_hashes() == {"a.txt": "h1"}


def test_without_repair_a_note_says_what_was_dropped(tmp_path):
    root = make_corpus(tmp_path)
    out = tmp_path / "results"
    run_batch(root, out)
    _damage(out, "a.txt", "data")
    (out / "report.md").unlink()  # the outputs are written again, so the damage is met
    result = run_batch(root, out, repair=False)
    assert result.stats.n_posts == 1
    summary = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert summary["notes"][-1] == ("1 stored analyses were unreadable and dropped; "
                                    "run the batch again to analyse those posts again")
    assert run_batch(root, out).stats.n_analyzed == 1


# -- read_results -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("finished")
    out = tmp_path / "results"
    run_batch(make_corpus(tmp_path), out)
    return out


def copy_results(finished: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(finished, tmp_path / "results"))


SUMMARY_HINT = "(run the same `jpblog batch` again to write it again (nothing is re-analysed))"


@pytest.mark.parametrize(("damage", "message"), [
    (lambda p: p.write_text("{not json", encoding="utf-8"), "the batch summary is damaged (not JSON)"),
    (lambda p: p.write_bytes(b"\xff\xfe garbage"), "the batch summary is damaged (not JSON)"),
    (lambda p: p.write_text("[1, 2]", encoding="utf-8"), "the batch summary is damaged (not a JSON object)"),
    (lambda p: p.write_text("[" * 100_000, encoding="utf-8"), "the batch summary is damaged (not JSON)"),
    (lambda p: (p.unlink(), p.mkdir()), "the batch summary is not a file"),
    (lambda p: (p.unlink(), os.mkfifo(p)), "the batch summary is not a file"),
], ids=["json", "utf8", "array", "deep", "directory", "fifo"])
def test_read_results_damaged_summary(finished, tmp_path, damage, message):
    out = copy_results(finished, tmp_path)
    damage(out / "batch.json")
    with pytest.raises(InputError) as caught:
        jpblog_nlp.read_results(out)
    assert str(caught.value) == f"{out / 'batch.json'}: {message} {SUMMARY_HINT}"


def test_read_results_ignores_summary_values_of_the_wrong_kind(finished, tmp_path):
    out = copy_results(finished, tmp_path)
    (out / "batch.json").write_text(json.dumps({"stats": {"n_posts": "many", "n_failed": 1, "seconds": 2,
                                                          "interrupted": "no"}}), encoding="utf-8")
    stats = jpblog_nlp.read_results(out).stats
    assert (stats.n_posts, stats.n_failed, stats.seconds, stats.interrupted) == (0, 1, 2, False)


TABLE_HINT = "(remove it and run the same batch again: the tables are written again, nothing is re-analysed)"


def test_read_results_damaged_table(finished, tmp_path):
    out = copy_results(finished, tmp_path)
    (out / "posts.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(InputError) as caught:
        jpblog_nlp.read_results(out).table("posts")
    assert str(caught.value).startswith(f"{out / 'posts.parquet'}: cannot read the posts table (")
    assert str(caught.value).endswith(TABLE_HINT)


def test_read_results_foreign_table(finished, tmp_path):
    import pandas as pd

    out = copy_results(finished, tmp_path)
    pd.DataFrame({"x": [1, 2]}).to_parquet(out / "keywords.parquet")
    with pytest.raises(InputError) as caught:
        jpblog_nlp.read_results(out).table("keywords")
    assert str(caught.value) == (f"{out / 'keywords.parquet'}: not a jpblog keywords table: it has no column "
                                 f"'post_id', 'rank', 'term', 'norm', 'score', 'count', 'kind' {TABLE_HINT}")


def test_removed_damaged_table_is_written_again_without_analysis(finished, tmp_path):
    out = copy_results(finished, tmp_path)
    (out / "posts.parquet").unlink()
    result = run_batch(finished.parent / "corpus", out)
    assert result.stats.n_analyzed == 0
    assert len(jpblog_nlp.read_results(out).posts) == 2
