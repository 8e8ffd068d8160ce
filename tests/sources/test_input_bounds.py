"""Reading inputs with bounds: non-regular files, size caps, YAML front matter, Movable Type exports, feeds.

Every case ends in one clean ``JpblogError`` (exit code 2 on the command line) whose message names the
file and the cap, and every bound is by design (a size, depth or count cap, a linear parser), never by
a timeout: the scale tests count the parser's work, not seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpblog_nlp import sources
from jpblog_nlp.cli import main
from jpblog_nlp.errors import FormatError, InputError, JpblogError
from jpblog_nlp.sources import LoadFailure, iter_posts, load_post, mtexport, reading
from jpblog_nlp.sources import feeds as feeds_module
from jpblog_nlp.sources.localfile import read_regular_file, read_upto
from jpblog_nlp.sources.markdown import split_front_matter

DATA = Path(__file__).resolve().parents[1] / "data"
HINT = "give a post file; pipe text through `jpblog analyze -` instead"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or not hasattr(os, "mknod"), reason="mknod needs root"
)


def _cli_error(path: Path) -> tuple[int, str]:
    """Exit code and output of `jpblog analyze PATH`."""
    result = CliRunner().invoke(main, ["analyze", str(path)])
    return result.exit_code, result.output


# ---------------------------------------------------------------- files that are not regular files


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero_device(path: Path) -> None:
    """A stand-in of /dev/zero in the test folder (never the real one)."""
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))


@needs_fifo
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "post.txt"
    _fifo(fifo)
    message = f"{fifo}: is a FIFO (named pipe), not a regular file ({HINT})"
    with pytest.raises(InputError) as info:
        load_post(fifo)
    assert str(info.value) == message
    assert _cli_error(fifo) == (2, f"jpblog: error: {message}\n")
    # As a single file given to iter_posts: one failure, no hang.
    assert list(iter_posts(fifo, errors="yield")) == [LoadFailure(str(fifo), message)]


@needs_root
def test_character_device_and_a_link_to_it_are_refused(tmp_path: Path) -> None:
    device = tmp_path / "zero.txt"
    _zero_device(device)
    link = tmp_path / "random.txt"
    link.symlink_to(device)
    assert _cli_error(device) == (2, f"jpblog: error: {device}: is a character device, not a regular file ({HINT})\n")
    assert _cli_error(link) == (
        2,
        f"jpblog: error: {link}: is a symbolic link to a character device ({device}), not a regular file ({HINT})\n",
    )


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        with pytest.raises(InputError) as info:
            load_post(path)
    finally:
        server.close()
    assert str(info.value) == f"{path}: is a socket, not a regular file ({HINT})"


@needs_fifo
def test_folder_holding_a_fifo_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("一つ目の記事です。\n", encoding="utf-8")
    _fifo(tmp_path / "b.txt")
    got = list(iter_posts(tmp_path, errors="yield"))
    assert [p.text for p in got if not isinstance(p, LoadFailure)] == ["一つ目の記事です。"]
    [failure] = [f for f in got if isinstance(f, LoadFailure)]
    assert failure.source == str(tmp_path / "b.txt")
    assert "FIFO" in failure.reason


@needs_fifo
def test_batch_records_a_fifo_as_failed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("今日は良い天気だった。散歩に出かけた。\n", encoding="utf-8")
    _fifo(corpus / "b.txt")
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["batch", str(corpus), "--out", str(out), "--topics", "1"])
    assert result.exit_code == 1, result.output
    assert "1 failed" in result.stdout
    assert "b.txt" in (out / "errors.csv").read_text(encoding="utf-8")


# ---------------------------------------------------------------- size caps


def test_sparse_file_over_the_file_cap_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.export"
    with big.open("wb") as f:
        f.truncate(sources.MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert _cli_error(big) == (
        2,
        f"jpblog: error: {big}: file is over 200 MB, more than a blog export or feed can reasonably be "
        "(split it into smaller files)\n",
    )


def test_post_file_over_the_post_cap_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(sources.MAX_POST_FILE_BYTES + 1)
    with pytest.raises(InputError) as info:
        load_post(big)
    assert str(info.value) == (
        f"{big}: file is over 16 MB, more than a blog post can reasonably be "
        "(split it into posts; only an export or a feed may be up to 200 MB)"
    )


def _export(n: int, body: str = "<p>本文です。</p>") -> str:
    """A Movable Type export of n entries."""
    return "".join(
        f"AUTHOR: a\nTITLE: t{k}\nBASENAME: b{k}\nSTATUS: Publish\nDATE: 01/02/2020 10:00:00\n-----\n"
        f"BODY:\n{body}\n-----\nEXTENDED BODY:\n\n-----\n--------\n"
        for k in range(n)
    )


def test_export_may_be_bigger_than_a_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The caps scaled down so the test is fast: the same code path as a 100 MB export.
    monkeypatch.setattr(reading, "MAX_POST_FILE_BYTES", 4096)  # read at call time from sources.reading
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 64 * 1024)
    export = tmp_path / "blog.txt"  # a .txt name: the content says it is an export
    export.write_text(_export(100), encoding="utf-8")
    assert 4096 < export.stat().st_size < 64 * 1024
    assert len([p for p in iter_posts(export)]) == 100
    post = tmp_path / "post.txt"
    post.write_text("長い記事。" * 1000, encoding="utf-8")
    with pytest.raises(InputError, match=r"file is over 4 KB, more than a blog post can reasonably be"):
        load_post(post)
    bigger = tmp_path / "bigger.export"
    bigger.write_text(_export(1000), encoding="utf-8")
    with pytest.raises(InputError, match=r"file is over 64 KB, more than a blog export or feed"):
        load_post(bigger)


def test_reading_stops_at_the_cap_whatever_the_size_says() -> None:
    # A pipe reports no size and holds more than the cap: reading stops at the cap, without waiting.
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"x" * 5000)
        chunks: list[bytes] = []
        assert read_upto(read_end, 1001, chunks, size_hint=0) == 1001
        assert b"".join(chunks) == b"x" * 1001
    finally:
        os.close(read_end)
        os.close(write_end)


def test_read_regular_file_cap(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_bytes(b"a" * 2048)
    assert read_regular_file(path, 2048) == b"a" * 2048
    with pytest.raises(InputError) as info:
        read_regular_file(path, 1024, what="a theme file")
    assert str(info.value) == f"{path}: file is over 1 KB, more than a theme file can reasonably be (check that it is the right file)"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
def test_proc_file_reporting_size_zero_is_read() -> None:
    assert os.stat("/proc/self/status").st_size == 0
    assert "Name:" in load_post("/proc/self/status").text


# ---------------------------------------------------------------- YAML front matter


def _laughs() -> str:
    """A billion laughs in YAML: nine levels of nine aliases."""
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for k in range(1, 10):
        name, prev = chr(97 + k), chr(96 + k)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(levels) + "\ntitle: x\ntags: *j"


FIX = "fix the YAML between the '---' lines (quote values holding ':' or '#')"


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            _laughs(),
            "line 7: aliases expand the front matter to more than 100,000 values (write the values out instead of "
            "repeating them through &anchors and *aliases)",
        ),
        (
            "title: " + "[" * 20000 + "]" * 20000,
            "line 2: the front matter nests deeper than 50 levels (front matter is 'key: value' lines; flatten the "
            "nesting)",
        ),
        (
            "title: t\ncount: " + "9" * 5000,
            "line 3: a number of 5,000 characters, longer than any date, count or id (quote it to keep it as text)",
        ),
        ("title: t\nid: 0x" + "f" * 200, "line 3: a number of 202 characters, longer than any date, count or id "
         "(quote it to keep it as text)"),
        ("title: t\ndate: 2021-13-45", f"line 3: broken YAML front matter (month must be in 1..12) ({FIX})"),
        ("title: t\ndate: 0000-01-01", f"line 3: broken YAML front matter (year 0 is out of range) ({FIX})"),
        (
            "title: &a [x, *a]",
            "line 2: the alias *a refers to a collection that holds it (write the value out instead of a recursive "
            "alias)",
        ),
        ("title: t\nn: !!int", f"line 3: broken YAML front matter (string index out of range) ({FIX})"),
        ('title: "\\U00110000"', f"line 2: broken YAML front matter (chr() arg not in range(0x110000)) ({FIX})"),
        (
            "title: a\x01b",
            "line 2: broken YAML front matter (unacceptable character #x0001: special characters are not allowed) "
            f"({FIX})",
        ),
        (
            "title: !!python/object/apply:os.system [ls]",
            "line 2: broken YAML front matter (could not determine a constructor for the tag "
            f"'tag:yaml.org,2002:python/object/apply:os.system') ({FIX})",
        ),
        (
            "title: t\nbody: " + "あ" * 30000,
            "lines 2-3: the front matter is over 64 KB, more than front matter can reasonably be (move long text "
            "into the post's body)",
        ),
    ],
    ids=["alias-bomb", "deep", "long-int", "long-hex", "month-13", "year-0", "recursive-alias", "empty-int", "bad-escape",
         "control-char", "python-tag", "oversized"],
)
def test_front_matter_refused(tmp_path: Path, front: str, message: str) -> None:
    path = tmp_path / "post.md"
    path.write_text(f"---\n{front}\n---\n本文です。\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_post(path)
    assert str(info.value) == f"{path}: {message}"
    assert _cli_error(path) == (2, f"jpblog: error: {path}: {message}\n")


def test_front_matter_lone_surrogates_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        '---\ntitle: "a\\ud800b\\ud83d\\ude00"\ntags: ["\\udfff"]\nnote: "\\udc80"\n---\n本文です。\n', encoding="utf-8"
    )
    post = load_post(path)
    assert (post.title, post.categories, dict(post.meta)) == ("a\ufffdb😀", ("\ufffd",), {"note": "\ufffd"})
    json.dumps([post.title, post.categories, post.meta], ensure_ascii=False).encode("utf-8")  # no UnicodeEncodeError


def test_front_matter_anchors_within_bounds_still_work(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "---\nbase: &b {lang: ja}\nother:\n  <<: *b\n  x: 1\ntags: &t [旅, 京都]\ncategories: *t\ntitle: 題\n---\n本文。\n",
        encoding="utf-8",
    )
    post = load_post(path)
    assert (post.title, post.categories) == ("題", ("旅", "京都"))


# ---------------------------------------------------------------- Movable Type exports


_EXPORT_LINES = mtexport.export_lines


class _CountingLines(list):  # type: ignore[type-arg]
    """A list of lines that counts every line handed out (an index is one, a slice its length)."""

    visits = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        item = super().__getitem__(key)
        _CountingLines.visits += len(item) if isinstance(key, slice) else 1
        return item

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in super().__iter__():
            _CountingLines.visits += 1
            yield item


def _line_visits(monkeypatch: pytest.MonkeyPatch, text: str, *, first_only: bool = False) -> int:
    """How many times the export parser looks at a line while reading ``text``."""
    monkeypatch.setattr(mtexport, "export_lines", lambda t: _CountingLines(_EXPORT_LINES(t)))
    _CountingLines.visits = 0
    entries = mtexport.iter_entries(text, "export")
    if first_only:
        next(entries)
    else:
        for _ in entries:
            pass
    return _CountingLines.visits


@pytest.mark.parametrize(
    "body",
    [
        "<p>本文です。</p>",
        # Dash lines inside bodies, each followed by blank lines: what made the old look-ahead quadratic.
        "<pre>\n--------\n\n\n-----\n\nx</pre>",
    ],
    ids=["plain", "dash-lines-in-bodies"],
)
def test_export_parsing_is_linear(monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    small = _line_visits(monkeypatch, _export(300, body))
    large = _line_visits(monkeypatch, _export(1200, body))
    assert small > 0
    assert large / small < 4.5  # quadratic work would give ~16


def test_first_post_of_an_export_does_not_parse_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    small = _line_visits(monkeypatch, _export(10), first_only=True)
    large = _line_visits(monkeypatch, _export(5000), first_only=True)
    assert small == large < 100


def _entry(title: str, body: str, *, sep: str = "-----\n--------\n") -> str:
    return (
        f"AUTHOR: a\nTITLE: {title}\nBASENAME: {title}\nSTATUS: Publish\nDATE: 01/02/2020 10:00:00\n"
        f"-----\nBODY:\n<p>{body}</p>\n{sep}"
    )


@pytest.mark.parametrize(
    "text",
    [
        _entry("one", "一つ目。", sep="-----\n") + _entry("two", "二つ目。"),  # '--------' missing
        _entry("one", "一つ目。", sep="--------\n") + _entry("two", "二つ目。"),  # '-----' missing
        _entry("one", "一つ目。", sep="\n") + _entry("two", "二つ目。"),  # both missing, a blank line between
        _entry("one", "一つ目。", sep="-----\nEXTENDED BODY:\n<p>続き。</p>\n-----\n") + _entry("two", "二つ目。"),
    ],
    ids=["no-entry-separator", "no-section-end", "neither", "after-extended-body"],
)
def test_export_entry_without_its_separator_is_not_merged(tmp_path: Path, text: str) -> None:
    path = tmp_path / "blog.export"
    path.write_text(text, encoding="utf-8")
    posts = list(iter_posts(path))
    assert [(p.id, p.text.split("\n")[0], p.source) for p in posts] == [
        ("one", "一つ目。", f"{path}#1"),
        ("two", "二つ目。", f"{path}#2"),
    ]
    assert "AUTHOR" not in posts[0].text and "二つ目" not in posts[0].text


def test_export_header_lines_quoted_in_a_body_stay_in_the_body(tmp_path: Path) -> None:
    # Code in a Hatena body starts on its <pre> line, and a comment's AUTHOR:/DATE: follow COMMENT:.
    path = tmp_path / "blog.export"
    path.write_text(
        _entry("one", "一つ目。</p><pre>AUTHOR: x\nTITLE: y\nSTATUS: Publish\n</pre><p>後。", sep="-----\n")
        + "COMMENT:\nAUTHOR: 読者\nDATE: 01/03/2020 10:00:00\n\nTITLE: 良い\nDATE: 記事\n-----\n--------\n",
        encoding="utf-8",
    )
    [post] = iter_posts(path)
    assert post.text == "一つ目。\n\n後。"


def test_broken_export_yields_the_posts_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "blog.export"
    path.write_text(_export(2) + "TITLE: x\nnot a header\n", encoding="utf-8")
    got = list(iter_posts(path, errors="yield"))
    assert [type(x).__name__ for x in got] == ["Post", "Post", "LoadFailure"]
    assert got[2].reason == (
        f"{path}: line 28: expected a header line such as 'TITLE: ...', got 'not a header' "
        "(check that the file is a Movable Type / Hatena Blog export)"
    )


# ---------------------------------------------------------------- feeds

REFUSED = (
    "the feed declares a DOCTYPE or entities, refused (entity expansion and external entity attacks) "
    "(remove the DOCTYPE declaration)"
)
ITEM = "<rss><channel><item><title>&lol;</title><description>本文。</description></item></channel></rss>"


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (  # the old guard looked for '<!DOCTYPE' before the first '<x': a comment hid it
            '<?xml version="1.0"?>\n<!-- <x -->\n<!DOCTYPE r [<!ENTITY lol0 "lol"><!ENTITY lol '
            '"&lol0;&lol0;&lol0;&lol0;&lol0;&lol0;&lol0;&lol0;&lol0;&lol0;">]>\n' + ITEM,
            REFUSED,
        ),
        ('<?xml version="1.0"?>\n<?pi <x ?>\n<!DOCTYPE r [<!ENTITY lol "lol">]>\n' + ITEM, REFUSED),
        ('<!DOCTYPE r [<!ENTITY lol SYSTEM "file:///etc/passwd">]>\n' + ITEM, REFUSED),
        ('<!DOCTYPE rss SYSTEM "http://example.invalid/rss.dtd">\n' + ITEM.replace("&lol;", "t"), REFUSED),
        ("<!DOCTYPE rss>\n" + ITEM.replace("&lol;", "t"), REFUSED),
        (
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><content type="xhtml">'
            + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</content></entry></feed>",
            "elements nest more than 200 deep, more than a feed has (check that the file is an RSS or Atom feed)",
        ),
    ],
    ids=["comment-before-doctype", "pi-before-doctype", "xxe", "external-dtd", "plain-doctype", "deep-xhtml"],
)
def test_feed_refused(tmp_path: Path, xml: str, message: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(iter_posts(path))
    assert str(info.value) == f"{path}: {message}"
    assert list(iter_posts(path, errors="yield")) == [LoadFailure(str(path), f"{path}: {message}")]


def test_feed_undefined_entity_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ITEM, encoding="utf-8")
    with pytest.raises(FormatError, match=r"^\S+: line 1, column \d+: malformed XML \(undefined entity\) \(check"):
        list(iter_posts(path))


def test_feed_element_flood_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds_module, "MAX_FEED_ELEMENTS", 1000)  # the real cap is 500,000
    path = tmp_path / "feed.rss"
    path.write_text("<rss>" + "<a/>" * 5000 + "</rss>", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(iter_posts(path))
    assert str(info.value) == (
        f"{path}: more than 1,000 elements, more than a feed has (check that the file is an RSS or Atom feed)"
    )


def test_nested_xhtml_within_bounds_is_read_without_recursion(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><content type="xhtml">'
        '<div xmlns="http://www.w3.org/1999/xhtml">' + "<span>" * 150 + '前&amp;<br/>後 <a href="https://e.example/?a=1&amp;b=2">リンク</a>'
        + "</span>" * 150 + "</div></content></entry></feed>",
        encoding="utf-8",
    )
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)  # fewer frames than levels: a recursive serializer would fail
    try:
        [post] = iter_posts(path)
    finally:
        sys.setrecursionlimit(limit)
    assert (post.text, post.urls) == ("前&\n後 リンク", ("https://e.example/?a=1&b=2",))


def test_real_feeds_still_read() -> None:
    assert len(list(iter_posts(DATA / "blog.3qe.us_rss.xml"))) == 3
    assert len(list(iter_posts(DATA / "blog.3qe.us_feed_atom.xml"))) == 3


# ---------------------------------------------------------------- fuzz: only JpblogError escapes

_YAML_BITS = st.sampled_from(
    ["&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ", ", ": ", "- ", "\n", "  ", "? ", "!!int ", "!!binary ",
     "!!timestamp ", "<<: ", '"\\ud800"', '"\\U0010ffff"', "'", "9" * 120, "2021-13-45", "0x", "1:30", "#",
     "title", "タイトル", "\t", "|", ">", "%YAML 1.1\n", "--- ", "...", "\x00", "\x85"]
)
_EXPORT_BITS = st.sampled_from(
    ["AUTHOR: a\n", "TITLE: t\n", "DATE: 01/02/2020 10:00:00\n", "DATE: x\n", "STATUS: Draft\n", "-----\n",
     "--------\n", "BODY:\n", "COMMENT:\n", "EXTENDED BODY:\n", "<p>本文。</p>\n", "\n", "\r\n", "\ufeff", "x\n"]
)
_XML_BITS = st.sampled_from(
    ["<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<title>", "</title>", "<!DOCTYPE r>",
     '<!ENTITY a "b">', "&a;", "&amp;", "<!-- c -->", "<?pi x?>", "<![CDATA[<p>本文</p>]]>", "<description>",
     "</description>", '<feed xmlns="http://www.w3.org/2005/Atom">', "<entry>", '<content type="xhtml">', "<div>",
     "</div>", "</content>", "</entry>", "</feed>", "<x/>", "本文", '<?xml version="1.0" encoding="bz2"?>']
)
_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(st.lists(_YAML_BITS, max_size=40).map("".join) | st.text(max_size=200))
def test_fuzz_front_matter(front: str) -> None:
    with contextlib.suppress(JpblogError):
        split_front_matter(f"---\n{front}\n---\n本文。\n", "post.md")


@_FUZZ
@given(st.lists(_EXPORT_BITS, max_size=40).map("".join))
def test_fuzz_export_structure(text: str) -> None:
    with contextlib.suppress(JpblogError):
        for _ in mtexport.iter_entries(text, "blog.export"):
            pass


@_FUZZ
@given(st.lists(_XML_BITS, max_size=30).map("".join) | st.text(max_size=200))
def test_fuzz_feed_parser(xml: str) -> None:
    with contextlib.suppress(JpblogError):
        list(feeds_module.read_feed(xml, "feed.xml", "feed", errors="yield"))
