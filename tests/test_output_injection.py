"""Post text in outputs people open elsewhere: CSV/TSV cells are not run by spreadsheets, report.md runs no HTML.

A post (or its file name) may start a title, category, sentence or term with ``=HYPERLINK(...)``: every CSV
and TSV writer prefixes such text cells with ``'`` (``tables.spreadsheet_safe``), numbers stay numbers and
Parquet keeps the values as they are.  The corpus ``report.md`` escapes post text with ``render.text.md_escape``.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from jpblog_nlp.batch.tables import FORMULA_TRIGGERS, spreadsheet_safe
from jpblog_nlp.cli import main

FORMULA = '=HYPERLINK("http://x","y")'
# A file name cannot hold "/", so the post id formula points elsewhere.
EVIL_ID = '=HYPERLINK("evil.example","y")'
IMG = "<img src=x onerror=alert(1)>"
EVIL_POST = f"""---
title: '{FORMULA} {IMG}'
categories: ['{FORMULA}', '@SUM(1+1)']
---
{FORMULA}と書いた記事は最悪で本当に嫌いだ。

-1+2のような式も最悪だ。カフェのケーキは最悪だった。
"""
LINK_POST = """---
title: '[click](javascript:alert(1)) ![i](http://x/i.png) & <b>bold</b>'
categories: ['<script>alert(1)</script>']
---
カフェのケーキとコーヒーが美味しかった。ランチのパスタも楽しい。
"""
PLAIN_POST = "ジョギングのペースとシューズの話。カフェのケーキも好き。\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        (FORMULA, "'" + FORMULA),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("- a list item", "'- a list item"),
        # Plain numbers are read as numbers, never as formulas: unchanged.
        ("-0.3", "-0.3"), ("+1", "+1"), ("-1e-05", "-1e-05"), ("-.5", "-.5"), ("0.25", "0.25"),
        # Not at the start, or not a trigger: unchanged.
        ("a=1", "a=1"), ("カフェ", "カフェ"), ("'quoted", "'quoted"), ("", ""), ("＝1+1", "＝1+1"),
        # A lone sign (a "-" token) holds no formula: unchanged.
        ("-", "-"), ("=", "="), ("@", "@"),
        # Numbers and None are not text: unchanged (a negative score stays a number).
        (-0.3, -0.3), (-1, -1), (None, None), (True, True),
    ],
)
def test_spreadsheet_safe(value: object, expected: object) -> None:
    assert spreadsheet_safe(value) == expected
    assert type(spreadsheet_safe(value)) is type(expected)


def test_triggers_are_owasps() -> None:
    assert FORMULA_TRIGGERS == ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("injection") / "corpus"
    root.mkdir()
    (root / f"{EVIL_ID}.md").write_text(EVIL_POST, encoding="utf-8")
    (root / "b.md").write_text(LINK_POST, encoding="utf-8")
    (root / "c.txt").write_text(PLAIN_POST, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def results(corpus: Path) -> Path:
    out = corpus.parent / "results"
    result = CliRunner().invoke(main, ["batch", str(corpus), "--out", str(out), "--topics", "2", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _assert_safe_text(rows: list[dict[str, str]], numeric: set[str]) -> None:
    """No text cell starts with a trigger unless it is a plain number; numeric columns are plain numbers."""
    for row in rows:
        for column, cell in row.items():
            if column in numeric:
                assert cell == "" or float(cell) == float(cell), (column, cell)
            else:
                assert spreadsheet_safe(cell) == cell, (column, cell)


def test_batch_csv_tables_are_safe(results: Path) -> None:
    posts = {r["source"]: r for r in _rows(results / "posts.csv")}
    evil = posts[f"'{EVIL_ID}.md"]
    assert evil["id"] == "'" + EVIL_ID
    assert evil["title"] == f"'{FORMULA} {IMG}"
    assert evil["categories"] == f"'{FORMULA} | @SUM(1+1)"
    assert evil["summary"].startswith(f"'{FORMULA}と書いた")
    # Numbers stay numbers: a negative sentiment score is -1, not '-1.
    assert evil["sentiment_score"] == "-1" and float(evil["topic_weight"]) > 0
    numeric = {"n_chars", "n_sentences", "n_tokens", "sentiment_score", "positive_share", "negative_share",
               "neutral_share", "top_theme_score", "topic", "topic_weight"} | {c for c in evil if c.startswith("emotion_")}
    _assert_safe_text(list(posts.values()), numeric)

    sentences = [r for r in _rows(results / "sentences.csv") if r["post_id"] == "'" + EVIL_ID]
    assert [r["text"] for r in sentences] == [f"'{FORMULA}と書いた記事は最悪で本当に嫌いだ。", "'-1+2のような式も最悪だ。",
                                              "カフェのケーキは最悪だった。"]
    assert [r["sentiment_score"] for r in sentences] == ["-1", "-1", "-1"]
    _assert_safe_text(_rows(results / "sentences.csv"),
                      {"index", "start", "end", "paragraph", "sentiment_score"})

    for table, numeric in (("keywords", {"rank", "score", "count"}), ("post_topics", {"topic", "weight"}),
                           ("themes", {"score", "n_sentences", "first_position", "stance_score"})):
        rows = _rows(results / f"{table}.csv")
        assert rows, table
        _assert_safe_text(rows, numeric)
    for table in ("keywords", "post_topics"):
        assert "'" + EVIL_ID in {r["post_id"] for r in _rows(results / f"{table}.csv")}, table


def test_parquet_keeps_the_values(results: Path) -> None:
    posts = pd.read_parquet(results / "posts.parquet").set_index("source")
    assert posts.loc[f"{EVIL_ID}.md", "id"] == EVIL_ID
    assert posts.loc[f"{EVIL_ID}.md", "title"] == f"{FORMULA} {IMG}"
    sentences = pd.read_parquet(results / "sentences.parquet")
    assert f"{FORMULA}と書いた記事は最悪で本当に嫌いだ。" in set(sentences["text"])
    assert EVIL_ID in set(pd.read_parquet(results / "keywords.parquet")["post_id"])


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


class _Elements(HTMLParser):
    """Every element and attribute name of an HTML text (what a browser would build, not what it shows)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


# What the Markdown renderer may build from our report: headings, paragraphs and tables, nothing else.
REPORT_TAGS = {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td"}


def test_corpus_report_md_runs_no_html(results: Path) -> None:
    md = (results / "report.md").read_text(encoding="utf-8")
    html = _html(md)
    elements = _Elements(html)
    assert elements.tags <= REPORT_TAGS and not elements.attributes  # no <img>, <script>, <a>, no onerror=
    # The titles are still there, as text.
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;) &lt;img src=x onerror=alert(1)&gt;" in html
    assert "[click](javascript:alert(1)) ![i](http://x/i.png) &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    # Numbers the report formats itself are not escaped.
    assert "| -1.0…-0.8 | 1 |" in md and "| +0.8…+1.0 | 2 |" in md


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (IMG, "&lt;img src=x onerror=alert(1)&gt;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("![x](http://x/i.png)", "![x](http://x/i.png)"),
        ("[x]: http://evil.example", "[x]: http://evil.example"),
        ("<https://evil.example>", "&lt;https://evil.example&gt;"),
        ("&lt;script&gt;", "&amp;lt;script&amp;gt;"),
        ("a | b\n# c", "a | b # c"),
        ("**bold** _em_ `code`", "**bold** _em_ `code`"),
    ],
)
def test_report_md_text_is_text(text: str, shown: str) -> None:
    from jpblog_nlp.render.corpus import Section, Table, render_markdown

    # In a table cell, in a paragraph (a note of the run), in a heading.
    md = render_markdown(text, [Section(text, [Table([text], [[text]]), text])])
    html = _html(md)
    assert _Elements(html).tags <= REPORT_TAGS and not _Elements(html).attributes
    assert html.count(shown) == 5


def _cli(*args: str, stdin: str | None = None):
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_topics_and_compare_csv(corpus: Path) -> None:
    rows = list(csv.reader(io.StringIO(_cli("topics", str(corpus), "--k", "2", "--format", "csv"))))
    assert [r[0] for r in rows[1:] if EVIL_ID in r[0]] == ["'" + EVIL_ID]
    for row in rows:
        assert [spreadsheet_safe(c) for c in row] == row
    rows = list(csv.reader(io.StringIO(_cli("compare", str(corpus), "--no-themes", "--format", "csv"))))
    for row in rows:
        assert [spreadsheet_safe(c) for c in row] == row


def test_keywords_freq_cooc_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tokenizer keeps no sign at the start of a term today, so the writers are given such terms directly:
    # they must not rely on that.
    from jpblog_nlp import keywords
    from jpblog_nlp.explore import frequency

    kw = SimpleNamespace(term=FORMULA, score=-1.5, count=2, first_offset=0, first_sentence=0, kind="noun",
                         norm="@sum(1+1)")
    monkeypatch.setattr(keywords, "extract_keywords", lambda *args, **kwargs: [kw])
    freq = pd.DataFrame({"level": ["term"], "term": [FORMULA], "norm": ["-x+1"], "kind": ["noun"], "count": [-2],
                         "docs": [1]})
    monkeypatch.setattr(frequency, "term_frequencies", lambda *args, **kwargs: freq)
    cooc = pd.DataFrame({"source": ["+cmd"], "target": ["@A1"], "cooc": [2], "pmi": [-0.5]})
    monkeypatch.setattr(frequency, "term_cooccurrences", lambda *args, **kwargs: cooc)
    post = tmp_path / "p.txt"
    post.write_text("カフェ。\n", encoding="utf-8")
    quoted = "\"'" + FORMULA.replace('"', '""') + '"'  # the CSV cell of '=HYPERLINK("http://x","y")
    assert _cli("keywords", str(post), "--format", "csv").splitlines()[1] == f"1,{quoted},-1.5,2,0,0,noun,'@sum(1+1)"
    assert _cli("freq", str(post)).splitlines()[1] == f"term,{quoted},'-x+1,noun,-2,1"
    assert _cli("cooc", str(post)).splitlines() == ["source,target,cooc,pmi", "'+cmd,'@A1,2,-0.5"]


def test_tsv_outputs(tmp_path: Path) -> None:
    text = f"{FORMULA}は最悪だ。\n"
    kwic = _cli("kwic", "-", "最悪", "--format", "tsv", "--width", "40", stdin=text).splitlines()
    assert kwic[1].split("\t")[2] == "'" + FORMULA + "は"  # the left context
    sentiment = _cli("sentiment", "-", stdin=text).splitlines()
    # The score is a number (-1.00), the sentence text is made safe.
    cells = sentiment[1].split("\t")
    assert (cells[1], cells[2], cells[-1]) == ("negative", "-1.00", "'" + FORMULA + "は最悪だ。")
    tokens = [line.split("\t")[0] for line in _cli("tokenize", "-", stdin="-- +1 @a\n").splitlines()]
    assert all(spreadsheet_safe(c) == c for c in tokens)
