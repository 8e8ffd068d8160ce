"""CLI: jpblog analyze (the report on one post, its formats and its inputs)."""

import json

import pytest

from jpblog_nlp.cli import main


def test_analyze_json_sample(runner, sample_path):
    result = runner.invoke(main, ["analyze", str(sample_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "jpblog.post-analysis/1"
    post = data["post"]
    assert post["title"] == "【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる"
    assert post["blog"] == "イトーちゃんのあたまの中"
    assert (post["n_sentences"], post["n_tokens"]) == (81, 1860)


def test_a_megabyte_post_below_the_cap_is_processed(runner, tmp_path):
    """A post of 1 MB (some 330,000 characters, ten times the longest real post) is analysed whole; beyond
    MAX_POST_CHARS it is refused (tests/test_hostile_inputs.py)."""
    big = tmp_path / "big.txt"
    paragraph = "影響力のあるオンラインサロンで仲間と共感しあう。" * 20 + "\n\n"
    big.write_text("長い記事\n\n" + paragraph * (1_000_000 // len(paragraph.encode())), encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(big), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["post"]["title"] == "長い記事"
    assert data["keywords"][0]["term"] in ("影響力", "オンラインサロン", "仲間", "共感")
    assert data["post"]["n_sentences"] > 10_000 and len(data["sentences"]) == data["post"]["n_sentences"]


def test_analyze_text_report_sections(runner, sample_path):
    result = runner.invoke(main, ["analyze", str(sample_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        "【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる",
        "イトーちゃんのあたまの中",
        "3,403 characters · 81 sentences · 1,860 tokens · about 7 min read",
    ]
    for heading in ("Keywords", "Sentiment", "Emotions", "Themes", "Summary"):
        assert heading in lines
    assert "\x1b[" not in result.output  # no colours off a terminal


def test_analyze_color_on_request(runner, sample_path):
    result = runner.invoke(main, ["analyze", str(sample_path), "--color"])
    assert "\x1b[" in result.output


@pytest.mark.parametrize(
    ("name", "fmt", "start"),
    [
        ("report.html", None, "<!DOCTYPE html>"),
        ("report.md", None, "# 【SNS】影響力"),
        ("report.json", None, "{"),
        ("report.out", "md", "# 【SNS】影響力"),
    ],
)
def test_analyze_output_file_format_from_suffix(runner, sample_path, tmp_path, name, fmt, start):
    target = tmp_path / name
    args = ["analyze", str(sample_path), "-o", str(target)] + (["--format", fmt] if fmt else [])
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"jpblog: wrote {fmt or name.rsplit('.', 1)[1]} report to {target}\n"
    assert target.read_text(encoding="utf-8").lstrip().upper().startswith(start.upper())


def test_analyze_json_sections(runner, sample_path):
    result = runner.invoke(main, ["analyze", str(sample_path), "--format", "json", "--top", "5", "--summary", "2"])
    data = json.loads(result.output)
    assert len(data["keywords"]) == 5
    assert len(data["summary"]["sentences"]) == 2
    assert [t["name"] for t in data["themes"]][:3] == ["influence", "community", "empathy"]


def test_analyze_user_themes(runner, tmp_path):
    themes = tmp_path / "mine.toml"
    themes.write_text('[themes.coffee]\nlabel = "コーヒー"\nterms = ["コーヒー"]\n', encoding="utf-8")
    result = runner.invoke(main, ["analyze", "-", "--themes", str(themes), "--format", "json"],
                           input="毎朝コーヒーを淹れる。コーヒーは最高だ。")
    assert result.exit_code == 0, result.output
    assert "coffee" in [t["name"] for t in json.loads(result.output)["themes"]]


def test_analyze_broken_theme_file(runner, tmp_path):
    themes = tmp_path / "broken.toml"
    themes.write_text("[themes.x\n", encoding="utf-8")
    result = runner.invoke(main, ["analyze", "-", "--themes", str(themes)], input="テストです。")
    assert result.exit_code != 0
    assert result.output.startswith(f"jpblog: error: {themes}")
    assert "Traceback" not in result.output


def test_analyze_url(runner):
    from blogserver import running, serve_yamadattt

    for server in running():
        serve_yamadattt(server)
        result = runner.invoke(main, ["analyze", server.url("/entry/2023/04/01/071500"), "--format", "json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["post"]["title"] == "朝のランニングを三年続けてわかったこと"
        assert data["post"]["url"] == server.url("/entry/2023/04/01/071500")
        missing = runner.invoke(main, ["analyze", server.url("/entry/no-such-post")])
        assert missing.exit_code == 4
        assert missing.output.startswith("jpblog: error: ")
