"""Commands and library functions over a folder: one bad post is skipped and counted, never fatal; nothing
is dropped without a word (unreadable folders, FIFOs, old results folders); Dask scheduler addresses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

import jpblog_nlp
from jpblog_nlp.batch.engines.dask import check_scheduler_address
from jpblog_nlp.cli import main
from jpblog_nlp.errors import InputError
from jpblog_nlp.explore.compare import compare_groups
from jpblog_nlp.explore.frequency import term_frequencies
from jpblog_nlp.render.site.changes import GENERATOR, MANIFEST
from jpblog_nlp.sources import LoadFailure, discover_files, is_results_folder, iter_posts, scan_folder
from jpblog_nlp.sources.folders import SITE_GENERATOR, SITE_MARKER, is_jpblog_site

HINT = "(check that it is a blog post in a supported format)"
RESULTS_NOTE = "left out: a jpblog results folder (its reports and tables are not posts)"
SITE_NOTE = "left out: a jpblog site (its pages are an analysis, not posts)"
SUBJECTS = {
    "run": "今日はマラソンの練習をした。ランニングシューズでペースを守って完走した。ジョギングは楽しい。",
    "food": "今日はカフェでランチをした。パスタとケーキとコーヒーを頼んだ。デザートのメニューが多い。",
}




def corpus(root: Path, per_group: int = 2) -> Path:
    """Two category folders (compare groups by folder name) of short posts."""
    for group, text in SUBJECTS.items():
        (root / group).mkdir(parents=True)
        for i in range(per_group):
            (root / group / f"{i}.txt").write_text(text * (i + 1), encoding="utf-8")
    return root


@pytest.fixture()
def raising_reader(monkeypatch: pytest.MonkeyPatch):
    """Make the Markdown reader raise a given exception for files named bad.md (a reader's bug)."""
    import jpblog_nlp.sources.markdown as markdown

    original = markdown.read_markdown

    def install(error: BaseException) -> None:
        def read(text, source, post_id, **options):
            if Path(source).name == "bad.md":
                raise error
            return original(text, source, post_id, **options)

        monkeypatch.setattr(markdown, "read_markdown", read)

    return install


def locked(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make one folder unlistable, as chmod 000 does for anyone but root (the tests may run as root)."""
    real = os.scandir

    def scandir(path=".", *args):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)


# -- 1. one bad post does not end a corpus command ------------------------------------------------------


@pytest.mark.parametrize("command", [["topics", "--k", "2"], ["compare", "--no-themes"], ["freq"], ["cooc"]])
def test_corpus_commands_skip_a_post_whose_reader_raises(runner, tmp_path, raising_reader, command):
    root = corpus(tmp_path / "c")
    bad = root / "run" / "bad.md"
    bad.write_text("---\ntitle: t\n---\n本文です。\n", encoding="utf-8")
    raising_reader(ValueError("Exceeds the limit (4300 digits) for integer string conversion"))
    result = runner.invoke(main, [command[0], str(root), *command[1:]])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"jpblog: note: skipped 1 of 5 posts: {bad}: cannot be read as a post (ValueError: "
                             f"Exceeds the limit (4300 digits) for integer string conversion) {HINT}\n")


@pytest.mark.parametrize("command", [["topics", "--k", "2"], ["compare", "--no-themes"], ["freq"], ["cooc"]])
def test_corpus_commands_skip_a_5000_digit_front_matter(runner, tmp_path, command):
    root = corpus(tmp_path / "c")
    bad = root / "food" / "big.md"
    bad.write_text("---\ntitle: t\nn: " + "1" * 5000 + "\n---\n本文です。\n", encoding="utf-8")
    result = runner.invoke(main, [command[0], str(root), *command[1:]])
    assert result.exit_code == 0, result.output
    # The reason is the front-matter reader's to word (a clean FormatError, or the wrapped ValueError).
    assert result.stderr.startswith(f"jpblog: note: skipped 1 of 5 posts: {bad}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_note_quotes_three_reasons_and_counts_the_rest(runner, tmp_path):
    root = corpus(tmp_path / "c", per_group=1)
    for name in "abcde":
        (root / f"{name}.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    result = runner.invoke(main, ["freq", str(root)])
    assert result.exit_code == 0, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("jpblog: note: skipped 5 of 7 posts: ")
    assert [part.split(":")[0] for part in line.split("posts: ", 1)[1].split("; ")] == [
        str(root / "a.txt"), str(root / "b.txt"), str(root / "c.txt"), "and 2 more"]


def test_compare_error_comes_after_the_note(runner, tmp_path, raising_reader):
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "a.txt").write_text(SUBJECTS["run"], encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\ntitle: t\n---\n本文です。\n", encoding="utf-8")
    raising_reader(RecursionError("maximum recursion depth exceeded"))
    result = runner.invoke(main, ["compare", str(tmp_path), "--no-themes"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"jpblog: note: skipped 1 of 2 posts: {tmp_path / 'bad.md'}: cannot be read as a post (RecursionError: "
        f"maximum recursion depth exceeded) {HINT}\n"
        "jpblog: error: comparison needs at least two groups, found 1 (group by another field, or give posts "
        "from several groups)\n")


@pytest.mark.parametrize(("error", "reason"), [
    (ValueError("bad int"), "ValueError: bad int"),
    (RecursionError("too deep"), "RecursionError: too deep"),
    (UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
     "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed"),
    (MemoryError(), "MemoryError: no detail"),
    (OverflowError("x" * 300), "OverflowError: " + "x" * 159 + "…"),
])
def test_iter_posts_turns_any_reader_error_into_a_failure(tmp_path, raising_reader, error, reason):
    (tmp_path / "a.txt").write_text("一つ目。", encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\ntitle: t\n---\n本文です。\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("三つ目。", encoding="utf-8")
    raising_reader(error)
    message = f"{tmp_path / 'bad.md'}: cannot be read as a post ({reason}) {HINT}"
    got = list(iter_posts(tmp_path, errors="yield"))
    assert got[1] == LoadFailure(str(tmp_path / "bad.md"), message)
    assert [p.id for p in got if not isinstance(p, LoadFailure)] == ["a", "c"]
    assert [p.id for p in iter_posts(tmp_path, errors="skip")] == ["a", "c"]
    with pytest.raises(InputError) as raised:
        list(iter_posts(tmp_path))
    assert str(raised.value) == message and raised.value.__cause__ is error


def test_keyboard_interrupt_is_never_swallowed(tmp_path, raising_reader):
    (tmp_path / "bad.md").write_text("---\ntitle: t\n---\n本文です。\n", encoding="utf-8")
    raising_reader(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        list(iter_posts(tmp_path, errors="yield"))


def test_library_functions_over_a_folder_go_on(tmp_path, raising_reader):
    root = corpus(tmp_path / "c")
    (root / "bad.md").write_text("---\ntitle: t\n---\n本文です。\n", encoding="utf-8")
    raising_reader(ValueError("boom"))
    failures: list[LoadFailure] = []
    frame = term_frequencies(root, level="term", failures=failures)
    assert "マラソン" in set(frame["term"]) and [f.source for f in failures] == [str(root / "bad.md")]
    model = jpblog_nlp.discover_topics(iter_posts(root, errors="skip"), k=2)
    assert len(model.post_ids) == 4
    assert [p.id for p in jpblog_nlp.load_corpus(root)] == ["0", "1", "0", "1"]


def test_compare_groups_leaves_out_a_post_that_fails_whole(tmp_path, monkeypatch):
    import jpblog_nlp.explore.compare as compare

    posts = [jpblog_nlp.Post(id=f"{g}{i}", title="", text=text, source=f"{g}/{i}.txt")
             for g, text in SUBJECTS.items() for i in range(3)]
    real = compare.theme_counts

    def theme_counts(doc, theme_set):
        if doc.post.id == "food1":
            raise RecursionError("deep rule")
        return real(doc, theme_set)

    monkeypatch.setattr(compare, "theme_counts", theme_counts)
    failures: list[LoadFailure] = []
    rows = compare_groups(posts, min_count=1, failures=failures)
    expected = compare_groups([p for p in posts if p.id != "food1"], min_count=1)
    assert rows == expected
    assert failures == [LoadFailure("food/1.txt", "food/1.txt: cannot be read as a post (RecursionError: deep "
                                                  f"rule) {HINT}")]
    with pytest.raises(RecursionError):
        compare_groups(posts, min_count=1)


# -- 2. nothing dropped without a word ---------------------------------------------------------------------


def test_an_unlistable_folder_is_a_failure(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("一つ目。", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("二つ目。", encoding="utf-8")
    locked(monkeypatch, tmp_path / "locked")
    message = (f"{tmp_path / 'locked'}: cannot list the folder (permission denied), so its posts are left out "
               "(check the folder's permissions)")
    scan = scan_folder(tmp_path)
    assert scan.files == (tmp_path / "a.txt",)
    assert scan.failures == (LoadFailure(str(tmp_path / "locked"), message),)
    assert next(iter_posts(tmp_path, errors="yield")) == scan.failures[0]
    with pytest.raises(InputError, match="cannot list the folder"):
        list(iter_posts(tmp_path))


def test_batch_counts_an_unlistable_folder(runner, tmp_path, monkeypatch):
    root = corpus(tmp_path / "c", per_group=1)
    locked(monkeypatch, root / "food")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(root), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stdout == (f"analyzed 1 post, 1 failed; results in {out}\n"
                             f"site: {out / 'report' / 'index.html'}\n")
    errors = pd.read_csv(out / "errors.csv")
    assert list(errors["source"]) == ["food"]
    assert list(errors["reason"]) == [f"{root / 'food'}: cannot list the folder (permission denied), so its posts "
                                      "are left out (check the folder's permissions)"]


def test_freq_notes_an_unlistable_folder(runner, tmp_path, monkeypatch):
    root = corpus(tmp_path / "c", per_group=1)
    locked(monkeypatch, root / "run")
    result = runner.invoke(main, ["freq", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"jpblog: note: skipped 1 of 2 posts: {root / 'run'}: cannot list the folder "
                             "(permission denied), so its posts are left out (check the folder's permissions)\n")


@pytest.mark.parametrize(("make", "kind"), [
    (lambda p: os.mkfifo(p), "a FIFO (named pipe)"),
    (lambda p: os.symlink(os.devnull, p), "a character device"),
    (lambda p: os.symlink(p.parent / "nowhere.txt", p), "a broken symbolic link"),
    (lambda p: (p.parent / "elsewhere").mkdir() or os.symlink(p.parent / "elsewhere", p),
     "a folder behind a symbolic link (not followed)"),
])
def test_a_non_regular_file_is_a_failure_never_read(tmp_path, make, kind):
    (tmp_path / "a.txt").write_text("一つ目。", encoding="utf-8")
    make(tmp_path / "x.txt")
    scan = scan_folder(tmp_path)
    assert scan.files == (tmp_path / "a.txt",)
    assert scan.failures == (LoadFailure(str(tmp_path / "x.txt"), f"{tmp_path / 'x.txt'}: not a regular file but "
                                         f"{kind} (only regular files are read as posts)"),)
    assert [type(x).__name__ for x in iter_posts(tmp_path, errors="yield")] == ["LoadFailure", "Post"]


def test_a_link_to_a_post_is_a_post(tmp_path):
    (tmp_path / "real.txt").write_text("本文。", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "real.txt", tmp_path / "sub" / "link.txt")
    assert scan_folder(tmp_path).files == (tmp_path / "real.txt", tmp_path / "sub" / "link.txt")


def test_batch_finishes_with_a_fifo_in_the_corpus(runner, tmp_path):
    root = corpus(tmp_path / "c", per_group=1)
    os.mkfifo(root / "x.txt")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(root), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stdout == (f"analyzed 2 posts, 1 failed; results in {out}\n"
                             f"site: {out / 'report' / 'index.html'}\n")
    assert list(pd.read_csv(out / "errors.csv")["source"]) == ["x.txt"]


@pytest.mark.parametrize(("names", "expected"), [
    ({"results.sqlite"}, True),
    ({"results.sqlite", "report.md", "report.html", "posts.csv"}, True),
    ({"batch.json", "report.html"}, True),
    ({"batch.json", "report.md"}, True),
    ({"report.md", "report.html"}, False),  # a blog's own posts may be called report
    ({"batch.json", "post.md"}, False),
    (set(), False),
])
def test_is_results_folder(names, expected):
    assert is_results_folder(names) is expected


def old_results(folder: Path) -> Path:
    """A results folder of an earlier `jpblog batch --out`, as far as a scan can tell."""
    folder.mkdir()
    for name in ("results.sqlite", "batch.json", "posts.csv"):
        (folder / name).write_text("", encoding="utf-8")
    (folder / "report.md").write_text("# コーパスの報告\n\n本文のように見える。\n", encoding="utf-8")
    (folder / "report.html").write_text("<html><body><p>報告です。</p></body></html>", encoding="utf-8")
    return folder


def test_an_old_results_folder_is_left_out_with_a_note(runner, tmp_path):
    root = corpus(tmp_path / "c", per_group=1)
    old = old_results(root / "food" / "old")
    scan = scan_folder(root)
    assert scan.skipped == (old,) and not scan.failures
    assert discover_files(root) == [root / "food" / "0.txt", root / "run" / "0.txt"]
    notes: list[str] = []
    assert len(list(iter_posts(root, notes=notes))) == 2
    assert notes == [f"{old}: {RESULTS_NOTE}"]
    result = runner.invoke(main, ["freq", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"jpblog: note: {old}: {RESULTS_NOTE}\n"


def test_batch_leaves_out_an_old_results_folder(runner, tmp_path):
    root = corpus(tmp_path / "c", per_group=1)
    old = old_results(root / "old")
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"analyzed 2 posts, 0 failed; results in {out}\n"
                             f"site: {out / 'report' / 'index.html'}\n")
    assert result.stderr.startswith(f"jpblog: note: {old}: {RESULTS_NOTE}\n")
    # Its own --out inside the corpus is no news: no note for it on a rerun.
    inside = root / "results"
    first = runner.invoke(main, ["batch", str(root), "--out", str(inside)])
    again = runner.invoke(main, ["batch", str(root), "--out", str(inside)])
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert again.stdout == (f"analyzed 2 posts, 0 failed; results in {inside}\n"
                            f"site: {inside / 'report' / 'index.html'}\n")
    assert again.stderr.count("jpblog: note:") == 1


def test_scan_order_is_os_walk_order_and_deep_trees_need_no_recursion(tmp_path):
    for rel in ["b/z.txt", "b/a/y.md", "a.txt", "c/d/e/f.html", ".hidden/h.txt", "README.md", "b/notes.csv"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("本文。", encoding="utf-8")
    walked = []
    for dirpath, dirnames, filenames in os.walk(tmp_path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        walked += [Path(dirpath) / n for n in sorted(filenames)
                   if not n.startswith((".", "README")) and Path(n).suffix in (".txt", ".md", ".html")]
    assert discover_files(tmp_path) == walked
    deep = tmp_path / "deep"
    deep.mkdir()
    levels = [deep]
    for _ in range(1200):  # deeper than Python's recursion limit (one level at a time: makedirs recurses)
        levels.append(levels[-1] / "d")
        levels[-1].mkdir()
    post = levels[-1] / "post.txt"
    post.write_text("本文。", encoding="utf-8")
    try:
        assert discover_files(deep) == [post]
    finally:  # removed here, bottom up: pytest's cleanup (shutil.rmtree) recurses and would fail on it
        post.unlink()
        for level in reversed(levels):
            level.rmdir()


# -- 3. Dask scheduler addresses ---------------------------------------------------------------------------

FORM = "(give it as tcp://HOST:8786, the address `dask scheduler` prints; tls://, ucx://, ws:// and wss:// work too)"


@pytest.mark.parametrize(("address", "message"), [
    ("not a url", "'not a url' is not a Dask scheduler address: HOST:PORT expected after tcp://"),
    ("http://127.0.0.1:8787", "'http://127.0.0.1:8787' is a web address (the dashboard's?), not a Dask scheduler "
                              "address"),
    ("https://dask.example.com", "'https://dask.example.com' is a web address (the dashboard's?), not a Dask "
                                 "scheduler address"),
    ("foo://host:1", "'foo://host:1' is not a Dask scheduler address: unknown scheme 'foo://'"),
    ("tcp://host", "'tcp://host' is not a Dask scheduler address: HOST:PORT expected after tcp://"),
    ("tcp://host:99999", "'tcp://host:99999' is not a Dask scheduler address: port 99999 is out of range (1-65535)"),
    ("tcp://[::1:8786", "'tcp://[::1:8786' is not a Dask scheduler address: HOST:PORT expected after tcp://"),
])
def test_a_malformed_scheduler_address_is_refused_before_anything_is_written(runner, tmp_path, address, message):
    root = corpus(tmp_path / "c", per_group=1)
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(root), "--out", str(out), "--engine", "dask", "--scheduler", address])
    assert (result.exit_code, result.stderr) == (2, f"jpblog: error: {message} {FORM}\n")
    assert not out.exists()
    with pytest.raises(InputError) as raised:  # the library says the same
        jpblog_nlp.load_corpus(root).analyze(out, engine="dask", scheduler=address)
    assert str(raised.value) == f"{message} {FORM}"


def test_an_empty_address_is_refused_by_the_check():
    with pytest.raises(InputError, match=r"^'' is not a Dask scheduler address: HOST:PORT expected after tcp://"):
        check_scheduler_address("  ")


@pytest.mark.parametrize(("address", "normal"), [
    ("tcp://192.0.2.5:8786", "tcp://192.0.2.5:8786"),
    ("192.0.2.5:8786", "tcp://192.0.2.5:8786"),
    (" TLS://sched.example.com:8786 ", "tls://sched.example.com:8786"),
    ("tcp://[::1]:8786", "tcp://[::1]:8786"),
    ("ucx://node-1:13337", "ucx://node-1:13337"),
    ("ws://localhost:8786", "ws://localhost:8786"),
    ("inproc://192.0.2.5/1234/1", "inproc://192.0.2.5/1234/1"),
])
def test_scheduler_address_forms_distributed_takes(address, normal):
    assert check_scheduler_address(address) == normal


def test_nothing_listening_is_said_at_once(runner, tmp_path):
    root = corpus(tmp_path / "c", per_group=1)
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(root), "--out", str(out), "--engine", "dask",
                                  "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert result.stderr == ("jpblog: error: cannot reach the Dask scheduler at tcp://127.0.0.1:1 (connection "
                             "refused) (check the address and that `dask scheduler` runs there)\n")
    assert not out.exists()


def test_a_stranger_at_the_address_is_a_clean_error(runner, tmp_path, monkeypatch):
    """Something answers the TCP probe but is no scheduler: distributed's own error becomes a clean one."""
    pytest.importorskip("distributed")
    import distributed

    import jpblog_nlp.batch.engines.dask as dask_engine

    def client(*args, **kwargs):
        raise ValueError("unexpected bytes from the peer")

    monkeypatch.setattr(distributed, "Client", client)
    monkeypatch.setattr(dask_engine, "probe_scheduler", lambda address: None)
    root = corpus(tmp_path / "c", per_group=1)
    result = runner.invoke(main, ["batch", str(root), "--out", str(tmp_path / "out"), "--engine", "dask",
                                  "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.stderr == (
        "jpblog: error: no Dask scheduler answers at tcp://127.0.0.1:8786 (ValueError: unexpected bytes from the "
        "peer) (check the address: the scheduler's port (8786 by default), not the dashboard's, and that `dask "
        "scheduler` runs there)\n")


def test_the_site_marker_is_the_site_builders():
    # Reading a corpus may not import the renderer, so the scan keeps its own copy of the marker.
    assert (SITE_MARKER, SITE_GENERATOR) == (MANIFEST, GENERATOR)


def jpblog_site(folder: Path, manifest: bytes | None = None) -> Path:
    """A corpus site as ``render.site.build_site`` writes it, as far as a scan can tell."""
    (folder / "posts").mkdir(parents=True)
    (folder / "index.html").write_text("<html><body><h1>ブログの分析</h1><p>投稿の一覧です。</p></body></html>",
                                       encoding="utf-8")
    (folder / "posts" / "0001.html").write_text("<html><body><p>今日はカフェでランチをした。</p></body></html>",
                                                encoding="utf-8")
    if manifest is None:
        manifest = json.dumps({"generator": GENERATOR, "built": "2026-01-01 00:00:00", "posts": {}}).encode()
    (folder / MANIFEST).write_bytes(manifest)
    return folder


@pytest.mark.parametrize(("manifest", "expected"), [
    (json.dumps({"generator": "jpblog-nlp site", "posts": {"a": ["h", "題名"]}}).encode(), True),
    (json.dumps({"generator": "hugo", "posts": {}}).encode(), False),  # a blog's own site.json
    (json.dumps(["jpblog-nlp site"]).encode(), False),
    (b"{not json", False),
    (b"", False),
    (b"\xff\xfe", False),
])
def test_is_jpblog_site(tmp_path, manifest, expected):
    site = jpblog_site(tmp_path / "site", manifest)
    assert is_jpblog_site(site, {p.name for p in site.iterdir()}) is expected


def test_is_jpblog_site_needs_a_regular_site_json(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert not is_jpblog_site(site, set())
    (site / MANIFEST).mkdir()
    assert not is_jpblog_site(site, {MANIFEST})
    real = jpblog_site(tmp_path / "real")
    link = tmp_path / "linked"
    link.mkdir()
    (link / MANIFEST).symlink_to(real / MANIFEST)
    assert not is_jpblog_site(link, {MANIFEST})


def test_a_site_inside_a_corpus_is_left_out_with_a_note(runner, tmp_path):
    root = corpus(tmp_path / "c", per_group=1)
    site = jpblog_site(root / "food" / "site")
    other = jpblog_site(root / "run" / "hugo", json.dumps({"generator": "hugo"}).encode())
    scan = scan_folder(root)
    assert scan.skipped == (site,) and not scan.failures
    assert set(scan.files) == {root / "food" / "0.txt", root / "run" / "0.txt", other / "index.html",
                               other / "posts" / "0001.html"}
    notes: list[str] = []
    assert len(list(iter_posts(root, notes=notes))) == 4
    assert notes == [f"{site}: {SITE_NOTE}"]
    result = runner.invoke(main, ["batch", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"jpblog: note: {site}: {SITE_NOTE}\n" in result.stderr
    assert result.stdout.startswith("analyzed 4 posts, 0 failed")
