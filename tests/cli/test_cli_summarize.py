"""``jpblog summarize``: text and JSON output, length options, errors."""

from __future__ import annotations

import json

import pytest

from jpblog_nlp.cli import main

MIXED = (
    "【ランニング日記】\n"
    "今日は朝から公園でランニングをしました。\n"
    "ランニングのあとに飲むコーヒーは最高においしいです。\n"
    "マジかよ。\n"
    "明日もランニングを続けようと思います。"
)




@pytest.mark.parametrize(
    ("args", "output"),
    [
        ([], "今日は朝から公園でランニングをしました。\nランニングのあとに飲むコーヒーは最高においしいです。\n"
             "明日もランニングを続けようと思います。\n"),
        (["-n", "1"], "今日は朝から公園でランニングをしました。\n"),
        (["--ratio", "0.4"], "今日は朝から公園でランニングをしました。\n明日もランニングを続けようと思います。\n"),
        (["--max-chars", "20"], "今日は朝から公園でランニングをしました。\n"),
        (["--max-chars", "5"], ""),
        (["--method", "lead", "-n", "2"],
         "今日は朝から公園でランニングをしました。\nランニングのあとに飲むコーヒーは最高においしいです。\n"),
    ],
)
def test_text_output(runner, args, output):
    result = runner.invoke(main, ["summarize", "-", *args], input=MIXED)
    assert result.exit_code == 0, result.output
    assert result.output == output


def test_json_output(runner):
    result = runner.invoke(main, ["summarize", "-", "-n", "2", "--format", "json"], input=MIXED)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["method"] == "lexrank"
    assert [(s["index"], s["text"], s["start"], s["end"]) for s in data["sentences"]] == [
        (1, "今日は朝から公園でランニングをしました。", 10, 30),
        (4, "明日もランニングを続けようと思います。", 64, 83),
    ]


def test_sample_file(runner, sample_path):
    result = runner.invoke(main, ["summarize", str(sample_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "そんな風に機械的に数を増やしていくことにいつしか虚しさを感じていたボクは自分と向き合って SNSの使い方を"
        "抜本的に変えようと考えました。",
        "大きなカリスマの指示命令や号令ではなくて、小さなつながりの共感や信用から桁違いの行動が生まれる。",
        "彼のブログの中にある球体型のコミュニティという考え方に惹かれているからボクは彼のオンラインサロンにいます。",
    ]


@pytest.mark.parametrize(
    ("args", "stdin", "message", "code"),
    [
        (["-", "-n", "2", "--ratio", "0.5"], MIXED,
         "jpblog: error: give only one of n, ratio and max_chars (got n and ratio) "
         "(they are three ways to say how long the summary is)\n", 1),
        (["-", "-n", "0"], MIXED, "jpblog: error: n must be at least 1 (got 0)\n", 1),
        (["-"], "", "jpblog: error: <stdin>: standard input is empty (pipe a post into the command)\n", 2),
        (["missing.txt"], None, "jpblog: error: missing.txt: no such file (check the path)\n", 2),
    ],
)
def test_errors(runner, args, stdin, message, code):
    result = runner.invoke(main, ["summarize", *args], input=stdin)
    assert result.exit_code == code
    assert result.output == message


def test_unknown_method(runner):
    result = runner.invoke(main, ["summarize", "-", "--method", "nope"], input=MIXED)
    assert result.exit_code == 2  # click.Choice over the registry's names refuses it before reading the post
    assert "Invalid value for '--method': 'nope' is not one of 'lexrank', 'lead'." in result.output


def test_single_post_path_does_not_import_pandas_or_sklearn():
    import subprocess
    import sys

    code = (
        "import sys; from jpblog_nlp.summary import summarize; "
        "summarize('今日は朝から公園でランニングをしました。'); "
        "print(sorted(m for m in ('pandas', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"
