"""A string is a post's text, never a path to read or a URL to fetch; `jpblog analyze` on a file of many posts.

Issue 20: `printf /etc/passwd | jpblog analyze -` printed the password file, and `analyze(s)` with an
untrusted string read local files or fetched URLs. Standard input and strings are text; files are read
from a `pathlib.Path` or `load_post(path)`, URLs from `fetch_post(url)`.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest
from click.testing import CliRunner

import jpblog_nlp
from conftest import SAMPLE
from jpblog_nlp import InputError, analyze, load_post, post_from_text
from jpblog_nlp.cli import main
from jpblog_nlp.sources import ChosenPost, name_shape, select_post
from jpblog_nlp.text.document import prepare

DATA = Path(__file__).resolve().parents[1] / "data"
EXPORT = DATA / "yamadattt.hatenablog.jp.export.txt"
ATOM = DATA / "blog.3qe.us_feed_atom.xml"
RSS = DATA / "blog.3qe.us_rss.xml"

SECRET = "これは秘密の内容です。読まれてはならない。"

ANALYZE_HINT = ("pass pathlib.Path(...) to read a file, jpblog_nlp.fetch_post(url) for a URL, or text=... to "
                "analyse the string itself")
PREPARE_HINT = ("use jpblog_nlp.load_post(path) to read a file, jpblog_nlp.fetch_post(url) for a URL, or "
                "jpblog_nlp.post_from_text(s) to analyse the string itself")


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def no_fetch(monkeypatch):
    """Any fetch fails the test: a string must never reach the network."""
    import jpblog_nlp.web.fetch

    def refuse(*args, **kwargs):
        raise AssertionError("fetched")

    monkeypatch.setattr(jpblog_nlp.web.fetch, "fetch_post", refuse)


# -- the shape of a string: decided on the string alone ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("post.txt", "a file name"),
        ("corpus/itochan-influence.txt", "a file name"),
        ("NOTES.MD", "a file name"),
        ("entry.html", "a file name"),
        ("feed.xml", "a file name"),
        ("  post.txt\n", "a file name"),
        ("/etc/passwd", "a file name"),
        ("./notes", "a file name"),
        ("../notes", "a file name"),
        ("~/notes", "a file name"),
        ("C:\\posts\\a", "a file name"),
        ("https://example.com/entry/1", "a URL"),
        ("HTTP://EXAMPLE.COM", "a URL"),
        ("file:///etc/passwd", "a URL"),
        ("x" * 1020 + ".txt", "a file name"),  # 1,024 characters: still short
        ("x" * 1021 + ".txt", None),  # longer: text whatever its shape
        ("影響力について考えた。", None),
        ("楽しい。", None),
        ("README", None),
        ("my post.txt", None),  # a space: text
        ("見て https://example.com", None),
        ("post.txt\nの話", None),
        ("/etc/passwd\n/etc/hosts", None),
        ("", None),
        ("   ", None),
    ],
)
def test_name_shape(value, shape):
    assert name_shape(value) == shape


def test_name_shape_never_looks_at_the_file_system(monkeypatch, secret_file):
    import os

    def no_stat(*args, **kwargs):
        raise AssertionError("looked at the file system")

    monkeypatch.setattr(os, "stat", no_stat)
    monkeypatch.setattr(os, "lstat", no_stat)
    assert name_shape(str(secret_file)) == "a file name"
    assert name_shape("影響力") is None


# -- analyze(): a positional str is the text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("post.txt", "post.txt: a string is analysed as the post's text, and this looks like a file name"),
        ("/etc/passwd", "/etc/passwd: a string is analysed as the post's text, and this looks like a file name"),
        ("https://example.com/entry/1",
         "https://example.com/entry/1: a string is analysed as the post's text, and this looks like a URL"),
        ("x" * 100 + ".txt",
         "x" * 80 + "…: a string is analysed as the post's text, and this looks like a file name"),
    ],
)
def test_analyze_refuses_a_string_shaped_like_a_name(value, message, no_fetch):
    with pytest.raises(InputError) as info:
        analyze(value)
    assert str(info.value) == f"{message} ({ANALYZE_HINT})"
    assert info.value.exit_code == 2


def test_an_existing_file_and_a_missing_one_get_the_same_answer(secret_file):
    """No file-existence oracle: the answer does not depend on what is on disk."""
    answers = []
    for path in (secret_file, secret_file.with_name("missing.txt")):
        with pytest.raises(InputError) as info:
            analyze(str(path))
        answers.append(info.value.message)
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    "call",
    [
        # From their modules (tests/test_public_names.py checks that importing them shadows no public name).
        lambda s: import_module("jpblog_nlp.keywords").extract_keywords(s),
        lambda s: import_module("jpblog_nlp.sentiment").score_sentiment(s),
        lambda s: import_module("jpblog_nlp.themes").detect_themes(s),
        lambda s: import_module("jpblog_nlp.summary").summarize(s),
        lambda s: import_module("jpblog_nlp.explore.kwic").kwic(s, "秘密"),
        prepare,
    ],
)
def test_every_analysis_refuses_a_path_string(call, secret_file):
    with pytest.raises(InputError) as info:
        call(str(secret_file))
    assert str(info.value) == (f"{secret_file}: a string is analysed as the post's text, and this looks like a "
                               f"file name ({PREPARE_HINT})")


def test_text_keyword_takes_any_string(no_fetch):
    assert analyze(text="影響力.txt").post.text == "影響力.txt"
    assert analyze(text="見て https://example.com/a 楽しい。").post.text.startswith("見て")


def test_a_multi_line_string_naming_files_is_text(secret_file):
    result = analyze(f"{secret_file}\n{secret_file}")
    assert result.post.text == f"{secret_file}\n{secret_file}"
    assert SECRET not in json.dumps(result.to_dict(), ensure_ascii=False)
    assert result.post.source == "<text>"


def test_a_path_is_read(secret_file):
    assert analyze(secret_file).post.text == SECRET
    assert analyze(load_post(secret_file)).post.text == SECRET
    assert analyze(SAMPLE).post.title.startswith("【SNS】")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "analyze needs a post (pass text=..., a pathlib.Path, a Post or a Document)"),
        ({"source": "影響力。", "text": "共感。"}, "analyze takes the post as source or as text=, not both (drop one of them)"),
        ({"text": b"\xe5\xbd\xb1"},
         "text= takes a str, not bytes (pass a pathlib.Path, a Post or a Document as the first argument instead)"),
        ({"source": 12}, "cannot analyse a value of type int (pass the post's text (str), a pathlib.Path, a Post or a "
                         "Document)"),
        ({"source": b"/etc/passwd"}, "cannot analyse a value of type bytes (pass the post's text (str), a "
                                     "pathlib.Path, a Post or a Document)"),
    ],
)
def test_analyze_arguments(kwargs, message):
    with pytest.raises(InputError) as info:
        analyze(**kwargs)
    assert str(info.value) == message


# -- load_post(path) and post_from_text(text) -------------------------------------------------------------


POST_FROM_TEXT = "use jpblog_nlp.post_from_text(text) to make a post from a string"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("影響力について。\n共感が大事。",
         f"load_post reads a file, and this string holds a line break: it is a post's text, not a path "
         f"({POST_FROM_TEXT})"),
        ("a\rb", f"load_post reads a file, and this string holds a line break: it is a post's text, not a path "
                 f"({POST_FROM_TEXT})"),
        ("影" * 5000, f"load_post reads a file, and this string of 5,000 characters is longer than any path "
                      f"({POST_FROM_TEXT})"),
        (b"post.txt", "load_post takes a path (str or os.PathLike), not bytes (use jpblog_nlp.post_from_text(text) "
                      "for a post's text)"),
        (None, "load_post takes a path (str or os.PathLike), not NoneType (use jpblog_nlp.post_from_text(text) "
               "for a post's text)"),
        ("a\x00b.txt", "'a\\x00b.txt': the path holds a NUL character, which no file name can (check the path)"),
        ("影響力について考えた。",
         "影響力について考えた。: no such file (check the path, or use jpblog_nlp.post_from_text(text) for a post's text)"),
        ("missing.txt", "missing.txt: no such file (check the path)"),
    ],
)
def test_load_post_takes_only_a_path(value, message):
    with pytest.raises(InputError) as info:
        load_post(value)
    assert str(info.value) == message


def test_load_post_reads_a_str_path(secret_file):
    assert load_post(str(secret_file)).text == SECRET


def test_post_from_text_reads_no_file(secret_file, no_fetch):
    for text in (str(secret_file), f"file://{secret_file}", "https://example.com/a 見て"):
        post = post_from_text(text, format="text") if text.startswith("https") else post_from_text(text)
        assert SECRET not in post.text
    post = post_from_text("影響力について考えた。")
    assert (post.id, post.source, post.text) == ("text-" + post.id[5:], "<text>", "影響力について考えた。")
    assert len(post.id) == len("text-") + 12
    assert post_from_text("# 題\n\n本文です。\n", format="markdown", source="<notebook>").source == "<notebook>"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"x", "<text>: post_from_text takes a str, not bytes (decode bytes first, or save them to a file and "
               "use load_post(path))"),
        (None, "<text>: post_from_text takes a str, not NoneType (decode bytes first, or save them to a file and "
               "use load_post(path))"),
    ],
)
def test_post_from_text_takes_a_str(value, message):
    with pytest.raises(InputError) as info:
        post_from_text(value)
    assert str(info.value) == message


@pytest.fixture
def small_caps(monkeypatch):
    """Caps of 64 KB for one post and 1 MB for an export, so that the tests stay small and fast."""
    import jpblog_nlp.sources
    from jpblog_nlp.sources import reading

    # The loaders read the caps from sources.reading, the CLI's standard input from the package's names.
    for module in (reading, jpblog_nlp.sources):
        monkeypatch.setattr(module, "MAX_POST_FILE_BYTES", 64 * 1024)
        monkeypatch.setattr(module, "MAX_FILE_BYTES", 1024 * 1024)


def _big_export(n_bytes: int) -> str:
    entries, size, n = [], 0, 0
    while size <= n_bytes:
        n += 1
        entry = MT_ENTRY.format(title=f"記事{n}", basename=f"e{n}", date="01/02/2024 10:00:00", body="本文です。" * 50)
        entries.append(entry)
        size += len(entry.encode("utf-8"))
    return "".join(entries)


POST_CAP = "the text is over 64 KB, more than a blog post can reasonably be (split it into posts; only an export or a " \
           "feed may be up to 1 MB)"
EXPORT_CAP = "the text is over 1 MB, more than a blog export or feed can reasonably be (split it into smaller pieces)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: "あ" * (64 * 1024 // 3 + 1), POST_CAP),  # counted in UTF-8 bytes, as a file's size is
        (lambda: "a" * (64 * 1024 + 1), POST_CAP),
        (lambda: "\0" * (64 * 1024 + 1), POST_CAP),
        (lambda: _big_export(1024 * 1024), EXPORT_CAP),
        (lambda: "a" * (1024 * 1024 + 1), EXPORT_CAP),
    ],
)
def test_post_from_text_is_bounded_like_a_file(small_caps, make, message):
    with pytest.raises(InputError) as info:
        post_from_text(make())
    assert str(info.value) == f"<text>: {message}"


def test_an_export_may_be_bigger_than_a_post(small_caps):
    text = _big_export(200 * 1024)
    assert post_from_text(text).id == "e1"
    assert post_from_text("あ" * (64 * 1024 // 3)).text.startswith("あ")


def test_the_library_exports_post_from_text():
    assert "post_from_text" in jpblog_nlp.__all__
    assert jpblog_nlp.post_from_text is post_from_text


# -- the command line: standard input is text -------------------------------------------------------------


def run(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.mark.parametrize("command", ["analyze", "keywords", "sentiment", "themes", "summarize", "tokenize"])
def test_stdin_holding_a_path_is_text(command, secret_file):
    result = run(command, "-", stdin=str(secret_file))
    assert result.exit_code == 0, result.output
    assert "秘密" not in result.stdout


def test_stdin_path_is_analysed_as_those_characters(secret_file):
    result = run("analyze", "-", "--format", "json", stdin=str(secret_file))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["text"] for s in data["sentences"]] == [str(secret_file)]
    assert data["post"]["source"] == "<stdin>"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"\0" * (64 * 1024 + 1),  # `jpblog analyze - < /dev/zero`: 64 KB and one byte read, no more
         "standard input is over 64 KB, more than a blog post can reasonably be (split it into posts; only an export "
         "or a feed may be up to 1 MB)"),
        (lambda: ("影響力。" * 30000).encode(),
         "standard input is over 64 KB, more than a blog post can reasonably be (split it into posts; only an export "
         "or a feed may be up to 1 MB)"),
        (lambda: _big_export(1024 * 1024).encode(),
         "standard input is over 1 MB, more than a blog export or feed can reasonably be (split it into smaller "
         "pieces)"),
    ],
)
def test_stdin_is_bounded(small_caps, make, message):
    result = run("analyze", "-", stdin=make())
    assert (result.exit_code, result.stderr) == (2, f"jpblog: error: <stdin>: {message}\n")


def test_stdin_may_hold_an_export_up_to_its_cap(small_caps):
    result = run("analyze", "-", "--format", "json", stdin=_big_export(200 * 1024).encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["post"]["id"] == "e1"


def test_the_command_line_still_reads_a_path_argument(secret_file):
    result = run("analyze", str(secret_file), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["post"]["n_chars"] == len(SECRET)
    assert result.stderr == ""


# -- `jpblog analyze` on a file of many posts --------------------------------------------------------------


def _note(path: Path, count: int, post_id: str, title: str) -> str:
    return (f'jpblog: note: {path} holds {count} posts; analysed the first ({post_id}, "{title}"); use --post N or '
            f"`jpblog batch {path}` for all\n")


@pytest.mark.parametrize(
    ("path", "which", "post_id", "note"),
    [
        (EXPORT, None, "2021/05/11/お酒を飲んだら、睡眠の質が下がる",
         _note(EXPORT, 3, "2021/05/11/お酒を飲んだら、睡眠の質が下がる", "お酒を飲んだら、睡眠の質が下がる")),
        (EXPORT, "3", "2020/11/02/希望の糸_ー_東野圭吾", ""),  # the draft between #2 and #3 is not counted
        (EXPORT, "2021/07/28/grafanaでcsvが読めないのはこれが原因かな？", "2021/07/28/grafanaでcsvが読めないのはこれが原因かな？", ""),
        (ATOM, None, "2025/02/03/232029",
         _note(ATOM, 3, "2025/02/03/232029", "Scalaで空文字列をNoneにしたいときはfilterすると良い")),
        (ATOM, "2", "2025/02/03/033421", ""),
        (RSS, None, "2024/09/02/223439",
         _note(RSS, 3, "2024/09/02/223439", "なぜDBから引くときに1000件ずつchunkingするのか、説明できますか")),
        (RSS, "2024/08/21/030430", "2024/08/21/030430", ""),
        (DATA / "hatena-entry.html", None, "hatena-entry", ""),  # one post: no note
        (DATA / "hatena-entry.html", "1", "hatena-entry", ""),
    ],
)
def test_analyze_picks_a_post(path, which, post_id, note):
    args = ["analyze", str(path), "--format", "json"] + (["--post", which] if which else [])
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["post"]["id"] == post_id
    assert result.stderr == note


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["analyze", str(RSS), "--post", "4"], None,
         f"{RSS}: holds 3 posts, and no post 4 (give a number from 1 to 3 or a post's id, e.g. '2024/09/02/223439')"),
        (["analyze", str(RSS), "--post", "0"], None,
         f"{RSS}: holds 3 posts, and no post 0 (give a number from 1 to 3 or a post's id, e.g. '2024/09/02/223439')"),
        (["analyze", str(RSS), "--post", "9" * 5000], None,
         f"{RSS}: holds 3 posts, and no post {'9' * 40}… (give a number from 1 to 3 or a post's id, e.g. "
         "'2024/09/02/223439')"),
        (["analyze", str(EXPORT), "--post", "nope"], None,
         f"{EXPORT}: holds 3 posts, and no post with the id 'nope' (give a number from 1 to 3 or a post's id, e.g. "
         "'2021/05/11/お酒を飲んだら、睡眠の質が下がる')"),
        (["analyze", str(DATA / "hatena-entry.html"), "--post", "2"], None,
         f"{DATA / 'hatena-entry.html'}: holds 1 post, and no post 2 (give a number from 1 or a post's id, e.g. "
         "'hatena-entry')"),
        (["analyze", "-", "--post", "2"], "影響力。",
         "<stdin>: --post chooses among the posts of a file (save the input to a file, or leave out --post)"),
        (["analyze", "https://example.com/feed", "--post", "2"], None,
         "https://example.com/feed: --post chooses among the posts of a file (save the input to a file, or leave out "
         "--post)"),
    ],
)
def test_analyze_post_errors(args, stdin, message, no_fetch):
    result = run(*args, stdin=stdin)
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"jpblog: error: {message}\n", "")


MT_ENTRY = """AUTHOR: me
TITLE: {title}
BASENAME: {basename}
STATUS: Publish
DATE: {date}
-----
BODY:
<p>{body}</p>
-----
--------
"""


def _export(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> Path:
    path = tmp_path / "blog.export.txt"
    path.write_text("".join(MT_ENTRY.format(title=t, basename=b, date=d, body=x) for t, b, d, x in entries),
                    encoding="utf-8")
    return path


def test_an_unreadable_entry_is_counted_and_named_when_chosen(tmp_path):
    path = _export(tmp_path, [("一", "one", "01/02/2024 10:00:00", "一つ目の記事です。"),
                              ("二", "two", "someday", "二つ目の記事です。"),
                              ("三", "three", "01/04/2024 10:00:00", "三つ目の記事です。")])
    chosen = select_post(path)
    assert (chosen.post.id, chosen.index, chosen.count) == ("one", 1, 3)
    assert (select_post(path, "three").index, select_post(path, 3).post.id) == (3, "three")
    with pytest.raises(InputError) as info:
        select_post(path, 2)
    with pytest.raises(InputError) as direct:
        list(jpblog_nlp.iter_posts(path))
    assert str(info.value) == str(direct.value)  # the entry's own message, as reading it gives it
    assert str(info.value).startswith(f"{path}#2: ")


def test_select_post_record(tmp_path):
    chosen = select_post(ATOM, 2)
    assert isinstance(chosen, ChosenPost)
    assert (chosen.index, chosen.count, chosen.post.title) == (2, 3, "文章は長ければ長いほど良いし、想いは言葉になっているほど良い")
    with pytest.raises(InputError) as info:
        select_post(ATOM, True)
    assert str(info.value) == "True is not a post number or id (give a number from 1, or a post's id)"


@pytest.mark.parametrize(("path", "reader"), [(EXPORT, "jpblog_nlp.sources.mtexport:read_mt"),
                                               (ATOM, "jpblog_nlp.sources.feeds:read_feed")])
@pytest.mark.parametrize("which", [None, "2"])
def test_the_file_is_parsed_once(monkeypatch, path, reader, which):
    """The note's count and the chosen post come from one pass over the file."""
    import importlib

    module_name, name = reader.split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = []

    def counted(*args, **kwargs):
        calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    result = run("analyze", str(path), "--format", "json", *(["--post", which] if which else []))
    assert result.exit_code == 0, result.output
    assert calls == [str(path)]
