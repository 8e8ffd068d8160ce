"""Reports rendered from the post-analysis dict: terminal, Markdown, HTML, and writing them to files."""

from __future__ import annotations

import base64
import copy
import hashlib
import html as html_lib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpblog_nlp.errors import InputError
from jpblog_nlp.render.post import render, render_markdown, render_terminal, write_report
from jpblog_nlp.render.post_html import render_html, script_json
from jpblog_nlp.render.text import md_escape, sparkline, strip
from jpblog_nlp.render.view import arc_phrase

FIXTURE = Path(__file__).parents[1] / "data" / "analysis_fixture.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Payloads that would announce themselves if any of them ran in a browser.
HOSTILE_SCRIPT = '<script>document.title="PWNED"</script>'
HOSTILE_CLOSE = '</script><script>document.body.setAttribute("data-pwned","1")</script>'
HOSTILE_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
HOSTILE_URL = "javascript:document.title='PWNED'"


@pytest.fixture()
def data() -> dict:
    """A fresh copy of the hand-written analysis of the sample post (20 sentences)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def hostile(data: dict) -> dict:
    """The fixture with attacker-controlled text in every field that comes from the post."""
    data = copy.deepcopy(data)
    post = data["post"]
    post["title"] = f"{HOSTILE_SCRIPT} | # 見出し"
    post["blog"] = HOSTILE_IMG
    post["author"] = "<b>太字</b>"
    post["url"] = HOSTILE_URL
    post["hashtags"] = ["#<svg onload=alert(1)>"]
    data["keywords"][0]["term"] = "</script><b>x"
    data["keywords"][1]["term"] = "a|b"
    data["themes"][0]["label"] = HOSTILE_IMG
    data["themes"][0]["terms"][0]["term"] = HOSTILE_SCRIPT
    data["summary"]["sentences"][0]["text"] = f"{HOSTILE_CLOSE}\n- list\u2028{HOSTILE_IMG}"
    data["sentences"][1]["text"] = HOSTILE_CLOSE
    data["sentences"][2]["text"] = f"<!-- {HOSTILE_SCRIPT} -->\u2029"
    return data


# ---------------------------------------------------------------------------------------------------
# Sparklines and strips
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "kwargs", "expected"),
    [
        ([], {}, ""),
        ([None, "x"], {}, ""),
        ([0.0], {}, "▅"),  # zero sits at the boundary between ▄ and ▅
        ([-1.0, 0.0, 1.0], {}, "▁▅█"),
        ([0.1, -0.1], {}, "▆▃"),  # small scores use the floor (±0.25), not the full ±1 scale
        ([0.5, -0.5, 0.25, -0.25], {}, "█▁▇▃"),
        ([1.0, 1.0, -1.0, -1.0], {"width": 2}, "█▁"),  # longer input is averaged into buckets
        ([-1.0, float("nan"), 1.0], {}, "▁█"),
    ],
)
def test_sparkline(values, kwargs, expected):
    assert sparkline(values, **kwargs) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ""),
        ([0.5, 0.5], ""),  # too short to have a start and an end
        ([0.0, 0.0, 0.0], "starts neutral (+0.00), ends neutral (+0.00)"),
        ([-0.5, 0.0, 0.5], "starts negative (−0.50), rises to positive (+0.50)"),
        ([0.3, 0.3, 0.1, 0.1, -0.2, -0.4], "starts positive (+0.30), falls to negative (−0.30)"),
        ([0.2, 0.1, 0.25], "starts positive (+0.20), ends positive (+0.25)"),
    ],
)
def test_arc_phrase(values, expected):
    assert arc_phrase(values) == expected


@pytest.mark.parametrize(
    ("positions", "expected"),
    [([], "▁▁▁▁"), ([0.0, 1.0], "█▁▁█"), ([0.3, 0.49], "▁█▁▁"), ([-0.1, 1.5], "▁▁▁▁")],
)
def test_strip(positions, expected):
    assert strip(positions, width=4) == expected


# ---------------------------------------------------------------------------------------------------
# Terminal
# ---------------------------------------------------------------------------------------------------


def test_terminal_exact_lines(data):
    text = render_terminal(data, color=False)
    lines = text.splitlines()
    assert lines[:5] == [
        "【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる",
        "イトーちゃんのあたまの中 · 2018-10-09 22:26 · by イトーちゃん",
        "890 characters · 20 sentences · 612 tokens · about 2 min read",
        "https://www.example.com/entry/2018/10/09/222632",
        "tags: #しなやかフェス2018秋, SNS, コミュニティ",
    ]
    assert "   1  影響力                    ██████████████    0.93  ×9" in lines
    assert "  mixed  +0.11   positive 45% · neutral 25% · negative 30%" in lines
    arc = lines.index("  arc  start ▄▄▄▄▄▃▄▃▄▄▄▅▇▆▇█████ end")
    assert lines[arc + 1] == "       starts neutral (−0.08), rises to positive (+0.42)"
    assert "  影響力                  ▁██▁▁▁▁▁▁▁▁██▁▁███▁▁    7 sent.  stance mixed −0.03" in lines
    assert "      影響力×9, インフルエンサー×2" in lines
    assert "  • 今思えば本当に不毛な時間を使っていたように思います。" in lines
    assert text.endswith("\n")


def test_terminal_wraps_japanese_with_kinsoku(data):
    lines = render_terminal(data, color=False).splitlines()
    summary = lines[lines.index("Summary") + 1:]
    # The 。 that would start a line hangs at the end of the previous one instead.
    assert not any(line.strip().startswith("。") for line in summary)
    assert "    傘に守られて自分にも影響力がついたような錯覚を覚えるときもあるのだと思います。" in summary


def test_terminal_without_colour_has_no_ansi(data):
    assert not ANSI.search(render_terminal(data, color=False))


def test_terminal_with_colour_has_ansi(data, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = render_terminal(data, color=True)
    assert "\x1b[1;36mKeywords\x1b[0m" in text
    assert "\x1b[33mmixed\x1b[0m" in text
    # Stripping the escapes gives back the plain report.
    assert ANSI.sub("", text) == render_terminal(data, color=False)


def test_terminal_respects_no_color(data, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(render_terminal(data, color=True))


def test_terminal_hostile_text_cannot_inject_escapes(data):
    data["post"]["title"] = "題名\x1b[2J\x1b]0;x\x07"
    text = render_terminal(data, color=False)
    assert "\x1b" not in text and "\x07" not in text
    assert text.startswith("題名[2J]0;x\n")


# ---------------------------------------------------------------------------------------------------
# Missing and malformed sections
# ---------------------------------------------------------------------------------------------------

MINIMAL = {"schema": "jpblog.post-analysis/1", "post": {"title": "短い投稿", "n_chars": 12}}
NULLS = {"schema": None, "post": None, "keywords": None, "sentiment": None, "emotions": None, "themes": None,
         "summary": None, "sentences": None}
JUNK = {
    "post": {"title": 42, "n_chars": "many", "hashtags": "not a list"},
    "keywords": [None, {"term": None}, {"term": "語", "score": "high", "count": True}],
    "sentiment": {"score": "NaN", "label": None, "trajectory": [None, {"position": 0.5}]},
    "emotions": {"joy": None, "anger": "x"},
    "themes": [None, {"name": None, "label": None}],
    "summary": {"sentences": [None, {"text": None}]},
    "sentences": [None],
}


@pytest.mark.parametrize("doc", [MINIMAL, NULLS, {}, JUNK], ids=["minimal", "nulls", "empty", "junk"])
def test_terminal_placeholders(doc):
    text = render_terminal(doc)
    for placeholder in ("no keywords found", "no sentiment scores", "no emotion scores", "no themes found",
                        "no summary"):
        assert placeholder in text or (doc is JUNK and placeholder == "no keywords found"), placeholder


@pytest.mark.parametrize("doc", [MINIMAL, NULLS, {}, JUNK], ids=["minimal", "nulls", "empty", "junk"])
def test_markdown_placeholders(doc):
    text = render_markdown(doc)
    for placeholder in ("_No sentiment scores._", "_No emotion scores._", "_No themes found._", "_No summary._"):
        assert placeholder in text
    if doc is not JUNK:
        assert "_No keywords found._" in text


@pytest.mark.parametrize("doc", [MINIMAL, NULLS, {}, JUNK], ids=["minimal", "nulls", "empty", "junk"])
def test_html_placeholders(doc):
    text = render_html(doc)
    assert "No themes found." in text
    assert "No summary." in text
    assert "No emotion scores." in text
    assert 'data-charts-expected="0"' in text
    assert "<canvas" not in text


def test_minimal_headers():
    assert render_terminal(MINIMAL).splitlines()[:2] == ["短い投稿", "12 characters · about 1 min read"]
    assert render_markdown(MINIMAL).startswith("# 短い投稿\n\n12 characters · about 1 min read\n\n## Keywords\n")
    assert render_terminal({}).splitlines()[0] == "(no title)"


def test_emotions_all_zero(data):
    data["emotions"] = dict.fromkeys(data["emotions"], 0.0)
    assert "  no emotions detected" in render_terminal(data)
    assert "_No emotions detected._" in render_markdown(data)


def test_trajectory_as_bare_scores_and_neutral_share_derived(data):
    data["sentiment"]["trajectory"] = [-0.5, 0.0, 0.5]
    del data["sentiment"]["neutral_share"]
    text = render_terminal(data)
    assert "  mixed  +0.11   positive 45% · neutral 25% · negative 30%" in text
    assert "  arc  start ▁▅█ end" in text
    assert json.loads(inline_scripts(render_html(data))[0][1])["trajectory"] == [
        {"x": 0.0, "y": -0.5}, {"x": 50.0, "y": 0.0}, {"x": 100.0, "y": 0.5}]


def test_theme_positions_derived_from_sentences_when_missing(data):
    for theme in data["themes"]:
        del theme["positions"]
    assert "| 影響力 (influence) | 0.82 | 7 | `▁██▁▁▁▁▁▁▁▁▁▁█▁█▁▁█▁██▁▁` |" in render_markdown(data)


@pytest.mark.parametrize("bad", [None, [], "text", 3])
def test_not_a_dict(bad):
    with pytest.raises(InputError, match="JSON object"):
        render_markdown(bad)


# ---------------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("普通の文です。", "普通の文です。"),
        ("a|b", r"a\|b"),
        ("# 見出し", r"\# 見出し"),
        ("#しなやかフェス2018秋", r"\#しなやかフェス2018秋"),  # not an Obsidian tag
        ("- 項目", r"\- 項目"),
        ("+ 項目", r"\+ 項目"),
        ("1. 項目", r"1\. 項目"),
        ("2018) 年", r"2018\) 年"),
        ("> 引用", r"\> 引用"),
        ("*強調* _斜体_ `code`", r"\*強調\* \_斜体\_ \`code\`"),
        ("[[ウィキリンク]]", r"\[\[ウィキリンク\]\]"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("&lt; $x$ ==印== ~~消~~", r"\&lt; \$x\$ \=\=印\=\= \~\~消\~\~"),
        ("C:\\path", r"C:\\path"),
        ("改行\nあり\r\n\tタブ", "改行 あり タブ"),
        ("全角　スペース", "全角 スペース"),
        ("絵文字😀 OK", "絵文字😀 OK"),
    ],
)
def test_md_escape(text, expected):
    assert md_escape(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_md_escape_stays_on_one_line_and_in_its_cell(text):
    escaped = md_escape(text)
    assert "\n" not in escaped and "\r" not in escaped
    # Every | is escaped (preceded by an odd number of backslashes), so it cannot split a table row.
    for match in re.finditer(r"(\\*)\|", escaped):
        assert len(match[1]) % 2 == 1


def test_markdown_exact_snippets(data):
    text = render_markdown(data)
    assert text.startswith(
        "# 【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる\n\n"
        "**イトーちゃんのあたまの中** · 2018-10-09 22:26 · イトーちゃん  \n"
        "890 characters · 20 sentences · 612 tokens · about 2 min read  \n"
        "Source: <https://www.example.com/entry/2018/10/09/222632>  \n"
        "Tags: \\#しなやかフェス2018秋, SNS, コミュニティ\n\n"
    )
    assert (
        "## Keywords\n\n"
        "| # | Keyword | Score | Count | First seen |\n"
        "|--:|:--|--:|--:|--:|\n"
        "| 1 | 影響力 | 0.93 | 9 | sentence 2 |\n"
    ) in text
    assert "| 10 | \\#しなやかフェス2018秋 | 0.18 | 1 | sentence 1 |\n" in text
    assert ("Overall: **mixed** (+0.11) · positive 45% · neutral 25% · negative 30%\n\n"
            "Arc (start → end): `▄▄▄▄▄▃▄▃▄▄▄▅▇▆▇█████`  \n"
            "The post starts neutral (−0.08), rises to positive (+0.42).\n") in text
    assert "| joy 喜び | 0.12 |\n" in text
    assert (
        "| Theme | Score | Sentences | Where (start → end) | Stance | Terms |\n"
        "|:--|--:|--:|:--|:--|:--|\n"
        "| 影響力 (influence) | 0.82 | 7 | `▁██▁▁▁▁▁▁▁▁▁▁█▁█▁▁█▁██▁▁` | mixed (−0.03) | 影響力 ×9, インフルエンサー ×2 |\n"
    ) in text
    assert "| セルフブランディング (self\\_branding) |" in text
    assert ("## Summary\n\n> 今思えば本当に不毛な時間を使っていたように思います。\n>\n"
            "> 確かに一時的には") in text
    assert text.endswith("_Extracted with lexrank._\n")
    assert "<" not in text.replace("<https://www.example.com/entry/2018/10/09/222632>", "")


def test_markdown_hostile(data):
    text = render_markdown(hostile(data))
    assert text.startswith("# \\<script\\>document.title\\=\"PWNED\"\\</script\\> \\| \\# 見出し\n")
    # No raw HTML tag survives: every < is escaped.
    assert not re.search(r"(?<!\\)<(?!https://)", text)
    # The javascript: URL is shown as text, never as a link.
    assert "Source: javascript:document.title\\='PWNED'" in text
    assert "](javascript" not in text and "<javascript" not in text
    assert "| 2 | a\\|b | 0.71 | 5 | sentence 2 |" in text
    # The newline and U+2028 in the summary do not end the blockquote or start a list.
    summary = text.split("## Summary\n\n", 1)[1]
    first = summary.split("\n")[0]
    assert first.startswith("> \\</script\\>\\<script\\>") and "- list" in first


def markdown_to_html(text: str) -> str:
    """Render Markdown the permissive way: CommonMark, GFM tables, raw HTML allowed (as Obsidian does)."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)


def test_markdown_renders_as_intended(data):
    page = markdown_to_html(render_markdown(data))
    assert page.count("<table>") == 3  # keywords, emotions, themes
    assert "<h1>【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる</h1>" in page
    assert '<a href="https://www.example.com/entry/2018/10/09/222632">' in page
    assert "<td style=\"text-align:left\">#しなやかフェス2018秋</td>" in page
    assert "<td style=\"text-align:left\">セルフブランディング (self_branding)</td>" in page
    assert page.count("<blockquote>") == 1


def test_markdown_hostile_renders_no_html(data):
    page = markdown_to_html(render_markdown(hostile(data)))
    assert not re.search(r"<(script|img|svg|b)\b", page)
    assert "<a " not in page
    assert "<td style=\"text-align:left\">a|b</td>" in page
    assert "<h1>&lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt; | # 見出し</h1>" in page
    assert "<ul>" not in page  # "- list" inside the summary did not start a list


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&|#*_`[]()!-+=~$\\:.1 \n影響力")), min_size=1, max_size=30))
def test_markdown_cells_hold_any_text(text):
    doc = {"keywords": [{"term": text, "score": 0.5, "count": 1, "first_sentence": 0}]}
    page = markdown_to_html(render_markdown(doc))
    if not text.strip():
        assert "<table>" not in page
        return
    row = re.search(r"<tbody>\n<tr>\n(.*?)</tr>", page, flags=re.DOTALL)[1]
    assert row.count("<td") == 5
    assert not re.search(r"<(?!/?td)[a-z]", row)  # no element inside the cells: no HTML, links, emphasis


# ---------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------


def inline_scripts(html: str) -> list[tuple[str, str]]:
    """(attributes, body) of every <script> element."""
    return re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL | re.IGNORECASE)


def test_script_json_escapes():
    assert script_json({"a": "</script>&\u2028\u2029'\"", "b": "日本語"}) == (
        '{"a":"\\u003c/script\\u003e\\u0026\\u2028\\u2029\'\\"","b":"日本語"}'
    )
    assert json.loads(script_json({"a": "</script>&\u2028"})) == {"a": "</script>&\u2028"}


def test_html_is_self_contained(data):
    html = render_html(data)
    assert html.startswith('<!DOCTYPE html>\n<html lang="ja">')
    assert '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP"' in html
    assert "Chart.js v4.6.1" in html
    # Nothing is fetched: no src/href to anywhere but the post's own link, no CSS imports or url().
    assert not re.search(r"\ssrc\s*=", html)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://www.example.com/entry/2018/10/09/222632"]
    assert '<a href="https://www.example.com/entry/2018/10/09/222632" rel="noopener noreferrer"' in html
    assert "@import" not in html and "url(" not in html and "sourceMappingURL" not in html


def test_html_csp_lists_exactly_the_inline_scripts(data):
    html = render_html(data)
    csp = html_lib.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)[1])
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    # The one inline stylesheet is allowed by its hash; sizes are set through the CSSOM, never style="".
    style = re.search(r"<style>(.*?)</style>", html, flags=re.DOTALL)[1]
    style_hash = "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
    assert f"style-src {style_hash}; img-src data:" in csp
    assert "'unsafe-inline'" not in csp
    assert not re.search(r"\sstyle=", html)
    assert "'unsafe-inline'" not in csp.split(";")[1]  # no inline scripts beyond the hashed ones
    scripts = inline_scripts(html)
    assert [attrs for attrs, _ in scripts] == [' type="application/json" id="report-data"', "", ""]
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for attrs, body in scripts if not attrs
    }
    assert set(re.search(r"script-src ([^;]+)", csp)[1].split()) == hashes


def test_html_chart_data(data):
    html = render_html(data)
    payload = json.loads(inline_scripts(html)[0][1])
    assert payload["keywords"][0] == {"term": "影響力", "score": 0.93, "count": 9}
    assert payload["trajectory"][0] == {"x": 0.0, "y": -0.067}
    # Sentences by number: their text is on the page once, in the sentence list the tooltips read.
    assert payload["sentences"][1] == {"x": 5.26, "y": 0.0, "n": 2}
    assert ('<li value="2" class="neutral"><span class="text">さて今日は SNS歴7年のボクの経験から感じる影響力という言葉について'
            "あれこれと話していきたなと思います。</span>") in html
    assert [t["label"] for t in payload["themes"]] == ["影響力", "コミュニティ・つながり", "SNS", "数字・スコア",
                                                       "セルフブランディング"]
    assert payload["themes"][0]["points"][0]["x"] == 5.3
    assert [e["key"] for e in payload["emotions"]] == ["joy", "trust", "fear", "surprise", "sadness", "disgust",
                                                       "anger", "anticipation"]
    assert 'data-charts-expected="4"' in html
    for chart in ("chart-arc", "chart-themes", "chart-keywords", "chart-emotions"):
        assert f'<canvas id="{chart}"' in html


def test_html_hostile(data):
    doc = hostile(data)
    html = render_html(doc)
    # The only <script> elements are ours: the data block, Chart.js and the page script.
    assert len(re.findall(r"<script", html, flags=re.IGNORECASE)) == 3
    assert len(re.findall(r"</script", html, flags=re.IGNORECASE)) == 3
    for needle in ("<img", "<svg", "<b>", "onerror=\"", "<!--", '="javascript'):
        assert needle not in html.replace(inline_scripts(html)[1][1], ""), needle
    assert "&lt;script&gt;document.title=&#34;PWNED&#34;&lt;/script&gt; | # 見出し" in html
    assert "&lt;img src=x onerror=" in html
    # The javascript: URL is not a link.
    assert re.findall(r'href="([^"]*)"', html) == []
    # The chart data carries the hostile strings intact, as data.
    payload = json.loads(inline_scripts(html)[0][1])
    assert payload["keywords"][0]["term"] == "</script><b>x"
    assert payload["sentences"][1] == {"x": 5.26, "y": 0.0, "n": 2}  # its text is on the page, escaped


@pytest.mark.parametrize(
    ("url", "hrefs"),
    [
        ("https://example.com/a?b=1&c=2", ["https://example.com/a?b=1&amp;c=2"]),
        ("HTTP://EXAMPLE.JP/日本語", ["HTTP://EXAMPLE.JP/日本語"]),
        ("javascript:alert(1)", []),
        ("JavaScript:alert(1)", []),
        (" javascript:alert(1)", []),
        ('https://x.jp/" onmouseover="alert(1)', []),
        ("data:text/html,<script>alert(1)</script>", []),
        ("//evil.example/", []),
        ("ftp://example.com/", []),
        ("", []),
    ],
)
def test_html_links_only_http(url, hrefs):
    html = render_html({"post": {"title": "t", "url": url}})
    assert re.findall(r'href="([^"]*)"', html) == hrefs
    assert "onmouseover=\"" not in html


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/&\"'`=script imgonerror!-[]\u2028\u2029影響力")), max_size=40))
def test_html_never_gains_a_script(text):
    doc = {"post": {"title": text, "blog": text, "url": text},
           "keywords": [{"term": text, "score": 0.5, "count": 1}],
           "themes": [{"name": text, "label": text, "positions": [0.5], "sentences": [0]}],
           "summary": {"sentences": [{"index": 0, "text": text}]},
           "sentences": [{"index": 0, "text": text, "sentiment": {"score": 0.1}}]}
    html = render_html(doc)
    assert len(re.findall(r"<script", html, flags=re.IGNORECASE)) == 3
    payload = json.loads(inline_scripts(html)[0][1])  # the data block still parses as JSON
    assert len(payload["themes"]) == (1 if " ".join(text.split()) else 0)


# ---------------------------------------------------------------------------------------------------
# Writing reports
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json", "markdown", "terminal", "HTML"])
def test_write_report_to_file(data, tmp_path, fmt):
    target = tmp_path / "report.out"
    text = write_report(data, fmt, target, color=True)
    assert target.read_text(encoding="utf-8") == text
    assert not ANSI.search(text)  # colours never go into files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"]  # no temporary file left
    if fmt == "json":
        assert json.loads(text) == data


def test_write_report_replaces_existing_file(data, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_report(data, "md", target)
    assert target.read_text(encoding="utf-8").startswith("# 【SNS】")
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "new.md"
    write_report(data, "md", fresh)
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_write_report_returns_text_without_path(data, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert write_report(data, "md") == render_markdown(data)
    assert write_report(data, "text", color=True) == render(data, "text", color=True)
    assert ANSI.search(write_report(data, "text", color=True))


def test_write_report_errors(data, tmp_path):
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        write_report(data, "pdf")
    with pytest.raises(InputError, match="cannot write the report"):
        write_report(data, "md", tmp_path / "missing" / "report.md")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(InputError, match="cannot write the report"):
        write_report(data, "md", tmp_path / "dir.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.md"]


def test_template_cache_is_written_and_optional(tmp_path, monkeypatch):
    from jpblog_nlp.render import post_html as report

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    report.environment.cache_clear()
    first = report.render_html({"schema": "jpblog.post-analysis/1", "post": {"title": "キャッシュ"}})
    assert list((tmp_path / "cache" / "jpblog-nlp" / "templates").iterdir())
    report.environment.cache_clear()
    assert report.render_html({"schema": "jpblog.post-analysis/1", "post": {"title": "キャッシュ"}}) == first
    # A cache folder that cannot be created costs speed, never the report.
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    report.environment.cache_clear()
    assert report.render_html({"schema": "jpblog.post-analysis/1", "post": {"title": "キャッシュ"}}) == first
    report.environment.cache_clear()
