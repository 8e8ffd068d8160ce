"""Inputs found by attacking the project beyond the reliability issue's list: file names that are not
UTF-8, lone surrogates, a post the length of several novels, labelled data without line breaks, a query
that is a pasted file, and the last guard of the command line."""

from __future__ import annotations

import os
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jpblog_nlp
from jpblog_nlp.cli import main
from jpblog_nlp.errors import InputError, JpblogError, printable, without_surrogates
from jpblog_nlp.explore.kwic import MAX_QUERY_CHARS
from jpblog_nlp.sources import LoadFailure
from jpblog_nlp.sources.htmltext import closed_markup, html_to_text
from jpblog_nlp.text.document import MAX_POST_CHARS, prepare


@pytest.mark.parametrize(("name", "shown"), [
    ("post.txt", "post.txt"),
    ("影響力.md", "影響力.md"),
    (os.fsdecode(b"bad\xff\xfe.txt"), "bad\\xff\\xfe.txt"),  # bytes a file system holds, not UTF-8
    ("lone\ud800.txt", "lone\\ud800.txt"),  # a surrogate that came from Python code
    ("", ""),
])
def test_printable_names(name, shown):
    assert printable(name) == shown
    printable(name).encode("utf-8")


@pytest.mark.parametrize(("text", "clean"), [
    ("", ""),
    ("影響力", "影響力"),
    ("a\ud800b", "a\ufffdb"),
    ("\udfff\ud800", "\ufffd\ufffd"),
])
def test_lone_surrogates_become_replacement_characters_one_for_one(text, clean):
    assert without_surrogates(text) == clean
    assert len(without_surrogates(text)) == len(text)  # sentence and term offsets stay valid


def test_errors_and_failures_name_files_printably():
    bad = os.fsdecode(b"/x/\xff.txt")
    assert str(InputError("no such file", source=bad)) == "/x/\\xff.txt: no such file"
    assert LoadFailure(bad, "why").source == "/x/\\xff.txt"


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes are a Linux/POSIX matter")
def test_a_batch_over_a_file_name_that_is_not_utf8(runner, tmp_path):
    """One file whose name is not UTF-8 stopped a batch with a traceback from SQLite; it is a post now."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / os.fsdecode(b"bad\xff\xfename.txt")).write_text("今日は楽しかった。影響力について考えた。\n", encoding="utf-8")
    (corpus / "ok.txt").write_text("テストです。\n", encoding="utf-8")
    out = tmp_path / "out"
    first = runner.invoke(main, ["batch", str(corpus), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert "analyzed 2 posts, 0 failed" in first.output
    ids = jpblog_nlp.read_results(out).posts["id"].tolist()
    assert sorted(ids) == ["bad\\xff\\xfename", "ok"]
    again = runner.invoke(main, ["batch", str(corpus), "--out", str(out)])
    assert "0 analysed in this run, 2 unchanged" in again.stderr


def test_a_post_longer_than_a_blog_post_can_be_is_refused_before_any_work():
    text = "あ" * (MAX_POST_CHARS + 1)
    with pytest.raises(InputError) as raised:
        prepare(jpblog_nlp.post_from_text(text))
    assert str(raised.value).endswith(
        ": the post is 500,001 characters long, more than the 500,000 a blog post can have (split it into several "
        "posts)")


def test_a_post_at_the_cap_is_analysed():
    doc = prepare("あ。" * (MAX_POST_CHARS // 2))
    assert len(doc.post.text) == MAX_POST_CHARS


def test_the_cap_is_said_on_the_command_line(runner, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("影響力の話。" * (MAX_POST_CHARS // 6 + 1), encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (f"jpblog: error: {path}: the post is 500,004 characters long, more than the 500,000 a "
                             "blog post can have (split it into several posts)\n")


@pytest.mark.parametrize(("content", "message"), [
    ("楽しい\tpositive\n悲しい\tnegative\n" + "x" * 10_000 + "\tpositive\n",
     "line 3: the text is 10,000 characters, more than the 5,000 a labelled sentence or paragraph can have "
     "(label sentences or short paragraphs, one per line)"),
    (b"\xff\xfe\x00\x01",
     "labelled data is not UTF-8 text (byte 0) (one labelled text per line, the label after the last tab, in UTF-8)"),
])
def test_labelled_data_that_is_no_labelled_data(runner, tmp_path, content, message):
    path = tmp_path / "train.tsv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["sentiment", "train", str(path), "-o", str(tmp_path / "m.json")])
    assert (result.exit_code, result.stderr) == (3, f"jpblog: error: {path}: {message}\n")
    assert not (tmp_path / "m.json").exists()


def test_labelled_data_from_a_fifo_is_refused_without_blocking(runner, tmp_path):
    fifo = tmp_path / "train.tsv"
    os.mkfifo(fifo)
    result = runner.invoke(main, ["sentiment", "train", str(fifo), "-o", str(tmp_path / "m.json")])
    assert (result.exit_code, result.stderr) == (
        3, f"jpblog: error: {fifo}: labelled data is not a regular file (give the path of a file, not of a folder, "
           "device or pipe)\n")


def test_a_query_that_is_a_pasted_file_is_refused_in_one_short_line(runner, sample_path):
    result = runner.invoke(main, ["kwic", str(sample_path), "影" * 20_000])
    assert (result.exit_code, result.stderr) == (
        2, f"jpblog: error: the term is 20,000 characters long, more than the {MAX_QUERY_CHARS} a word or phrase can "
           "have (give a word or a short phrase, e.g. 影響力)\n")


@pytest.mark.parametrize(("error", "kind"), [(MemoryError(), "out of memory"),
                                             (RecursionError(), "input nested too deeply")])
def test_the_last_guard_of_the_command_line(runner, sample_path, monkeypatch, error, kind):
    """Inputs are capped so that these cannot happen; should one, the user gets one line, not a traceback."""
    import jpblog_nlp.analysis

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(jpblog_nlp.analysis, "analyze", fail)
    result = runner.invoke(main, ["analyze", str(sample_path)])
    assert result.exit_code == 70
    assert result.stderr == (f"jpblog: error: {kind} (this is a bug: please report it with the input that caused it; "
                             "split the input into smaller posts meanwhile)\n")


def test_only_our_errors_escape_a_post_of_control_characters():
    text = "".join(chr(c) for c in range(0, 0x20)) + "影響力。"
    try:
        result = jpblog_nlp.analyze(text=text)
    except JpblogError:
        return
    assert [k.term for k in result.keywords] == ["影響力"]


class _Data(HTMLParser):
    """The text the standard-library parser finds in markup (what the converter builds on)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))


def _events(html: str) -> list[tuple[str, str]]:
    parser = _Data()
    parser.feed(html)
    parser.close()
    return parser.events


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>a /!-?='\"&;p本\n", max_size=40))
def test_closing_markup_changes_no_tag_and_no_text(html):
    """Escaping the '<' after the last '>' is invisible to the parser, and leaves none for it to rescan."""
    closed = closed_markup(html)
    assert "<" not in closed[closed.rfind(">") + 1:]
    assert "".join(d for kind, d in _events(closed) if kind == "data") == \
        "".join(d for kind, d in _events(html) if kind == "data")
    assert [e for e in _events(closed) if e[0] != "data"] == [e for e in _events(html) if e[0] != "data"]


@pytest.mark.parametrize("unit", ["<a ", "<a\n", "<a b='", '<a b="x" ', "</", "<!--", "<?", "<![CDATA["])
def test_unclosed_markup_is_read_in_one_pass(unit):
    """100 KB of a start that nothing closes took 82 s in Python 3.11.7's HTMLParser (quadratic); with the
    tail escaped, the parser finds only text there, whatever the length."""
    html = "<p>本文</p>" + unit * (100_000 // len(unit))
    events = _events(closed_markup(html))
    assert events[:3] == [("start", "p"), ("data", "本文"), ("end", "p")]
    assert "".join(d for kind, d in events[3:] if kind == "data") == html[len("<p>本文</p>"):]
    assert html_to_text(html).text.startswith("本文")


@pytest.mark.parametrize(("table", "message"), [
    ('terms = ["走る"]\nrule = "NOT 駅伝"', "unknown key 'rule' (did you mean 'rules'?)"),
    ('terms = ["走る"]\nweight = 2', "unknown key 'weight' (did you mean 'rule_weight'?)"),
    ('terms = ["走る"]\ncolour = "red"', "unknown key 'colour'"),
])
def test_a_theme_key_nobody_reads_is_an_error_not_silence(runner, tmp_path, sample_path, table, message):
    path = tmp_path / "my.toml"
    path.write_text(f'[themes.running]\nlabel = "ランニング"\n{table}\n', encoding="utf-8")
    result = runner.invoke(main, ["themes", str(sample_path), "--themes", str(path)])
    assert (result.exit_code, result.stderr) == (
        3, f"jpblog: error: {path}: line 1: theme 'running': {message}; a theme takes description, extend, label, "
           "rule_weight, rules, terms (see docs/themes.md for the theme file format)\n")
