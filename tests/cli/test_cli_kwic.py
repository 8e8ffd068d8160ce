"""CLI: jpblog kwic."""

import json

from jpblog_nlp.cli import main


def test_kwic_table(runner):
    result = runner.invoke(main, ["kwic", "-", "影響力", "--width", "4"], input="オンラインサロンの影響力。影響力とは何か。")
    assert result.exit_code == 0
    assert result.stdout == (
        "     9  サロンの 【影響力】 。影響力\n"
        "    13  影響力。 【影響力】 とは何か\n"
    )


def test_kwic_json_width_variants(runner):
    result = runner.invoke(main, ["kwic", "-", "ｓｎｓ", "--width", "2", "--format", "json"], input="SNSとＳＮＳの話。")
    assert result.exit_code == 0
    assert [(x["left"], x["match"], x["right"], x["start"]) for x in json.loads(result.stdout)] == [
        ("", "SNS", "とＳ", 0),
        ("Sと", "ＳＮＳ", "の話", 4),
    ]


def test_kwic_tsv(runner):
    result = runner.invoke(main, ["kwic", "-", "楽しい", "--format", "tsv", "--width", "2"], input="楽しかった。")
    assert result.exit_code == 0
    assert result.stdout == "start\tsentence\tleft\tmatch\tright\tterm\n0\t0\t\t楽しかっ\tた。\t楽しかっ\n"


def test_kwic_not_found(runner):
    result = runner.invoke(main, ["kwic", "-", "ライン"], input="オンラインサロン")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "jpblog: 'ライン' not found\n"
