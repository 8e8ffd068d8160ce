"""The resumable results store: small transactions, reuse by hash, removal of posts gone from the corpus."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from jpblog_nlp.analysis import analyze
from jpblog_nlp.batch.store import ResultStore, pack, unpack


@pytest.mark.parametrize("value", [{}, {"post": {"id": "影響力", "title": "絵文字😀"}}, [1, 2.5, None, "ー"], ""])
def test_pack_roundtrip(value):
    assert unpack(pack(value)) == value


def test_wal_mode_and_meta(tmp_path):
    with ResultStore(tmp_path / "r") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.begin_run() == 1
    with ResultStore(tmp_path / "r") as store:
        assert store.begin_run() == 2


def test_commits_in_small_transactions(tmp_path):
    store = ResultStore(tmp_path, commit_every=2)
    store.begin_run()
    store.commit()
    other = sqlite3.connect(tmp_path / "results.sqlite")
    store.put_post("a.txt", "a", 1, "h1", pack({"x": 1}), pack([]))  # 2 statements: committed
    assert other.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == 1
    store.put_error("b.txt", "cannot decode", 2)  # 2 statements: committed
    assert other.execute("SELECT source, reason FROM errors").fetchall() == [("b.txt", "cannot decode")]
    store.close()


def test_reuse_touch_and_removal(tmp_path):
    with ResultStore(tmp_path) as store:
        store.begin_run()
        for i, key in enumerate(["a.txt", "b.txt", "c.txt"], 1):
            store.put_post(key, key[0], i, f"h{i}", pack({"post": {"id": key[0]}}), pack([]))
        store.put_error("bad.txt", "empty", 4)
        assert store.finish_run() == 0
        assert store.known_hashes() == {"a.txt": "h1", "b.txt": "h2", "c.txt": "h3"}
    with ResultStore(tmp_path) as store:
        store.begin_run()
        store.touch_post("c.txt", 1)  # c moved to the front of the scan
        store.put_post("a.txt", "a", 2, "h1b", pack({"post": {"id": "a2"}}), pack([]))
        # b.txt and bad.txt are gone from the corpus
        assert store.finish_run() == 1
        assert [k for k, _ in store.iter_analyses(batch=1)] == ["c.txt", "a.txt"]
        assert [d["post"]["id"] for _, d in store.iter_analyses()] == ["c", "a2"]
        assert store.errors() == []
        assert store.count() == (2, 0)


def test_error_replaces_post_and_post_clears_error(tmp_path):
    with ResultStore(tmp_path) as store:
        store.begin_run()
        store.put_post("a.txt", "a", 1, "h", pack({}), pack([]))
        store.put_error("a.txt", "now undecodable", 1)
        assert store.count() == (0, 1)
        store.put_post("a.txt", "a", 1, "h", pack({}), pack([["影響力", "影響力", "compound", 2]]))
        assert store.count() == (1, 0)
        assert list(store.iter_terms()) == [("a", [["影響力", "影響力", "compound", 2]])]


def test_interrupted_run_keeps_rows(tmp_path):
    """A run that never finishes (killed) removes nothing."""
    with ResultStore(tmp_path) as store:
        store.begin_run()
        store.put_post("a.txt", "a", 1, "h", pack({}), pack([]))
        store.finish_run()
    with ResultStore(tmp_path) as store:
        store.begin_run()  # the scan meets nothing, then the process dies
    with ResultStore(tmp_path) as store:
        assert store.count() == (1, 0)
        assert store.get_meta("complete") == "0"


def test_files_recorded_and_dropped(tmp_path):
    with ResultStore(tmp_path) as store:
        store.begin_run()
        store.put_file("a.xml", "10:123:fp", [["a.xml#1", "h1"], ["a.xml#2", "h2"]])
        store.put_file("b.txt", "5:9:fp", [["b.txt", "h3"]])
        store.finish_run()
        assert store.known_files() == {"a.xml": ("10:123:fp", [["a.xml#1", "h1"], ["a.xml#2", "h2"]]),
                                       "b.txt": ("5:9:fp", [["b.txt", "h3"]])}
        store.begin_run()
        store.touch_file("b.txt")
        store.finish_run()
        assert list(store.known_files()) == ["b.txt"]


def _json_module_blob(value):
    """What pack wrote before it used orjson: the standard json module, compact, UTF-8."""
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def test_pack_writes_what_the_json_module_wrote_for_a_real_analysis():
    data = analyze("SNSの影響力について考えた。全然楽しくなかった…けど共感が大事だと思う😊").to_dict()
    assert pack(data) == _json_module_blob(data)


@pytest.mark.parametrize(
    "value",
    [{"a": [1, 2.5, None, True, "影響力"]}, {"emotions": {"joy": 0.0001, "trust": 1e-05}}, [], "　全角"],
)
def test_unpack_reads_blobs_written_by_the_json_module(value):
    assert unpack(_json_module_blob(value)) == value


def test_pack_turns_non_string_keys_into_strings_like_json():
    assert unpack(pack({3: "x", "b": (1, 2)})) == {"3": "x", "b": [1, 2]}
