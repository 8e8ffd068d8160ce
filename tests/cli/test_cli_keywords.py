"""CLI: jpblog keywords, kwic, freq, cooc."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from jpblog_nlp.cli import main

TEXT = "オンラインサロンの影響力。影響力とは何か。オンラインサロンの会員。"


@pytest.fixture
def runner():
    return CliRunner()


# --- keywords ------------------------------------------------------------------------------------------


def test_keywords_json(runner):
    result = runner.invoke(main, ["keywords", "-", "--format", "json", "--top", "2"], input=TEXT)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"term": "オンラインサロン", "norm": "オンラインサロン", "score": 23.909, "count": 2, "first_offset": 0,
         "first_sentence": 0, "kind": "compound"},
        {"term": "影響力", "norm": "影響力", "score": 21.3005, "count": 2, "first_offset": 9, "first_sentence": 0,
         "kind": "compound"},
    ]


def test_keywords_csv(runner):
    result = runner.invoke(main, ["keywords", "-", "--format", "csv", "--method", "flr"], input=TEXT)
    assert result.exit_code == 0
    assert result.stdout == (
        "rank,term,score,count,first_offset,first_sentence,kind,norm\n"
        "1,オンラインサロン,3.1748,2,0,0,compound,オンラインサロン\n"
        "2,影響力,2.8284,2,9,0,compound,影響力\n"
        "3,会員,1.0,1,30,2,noun,会員\n"
    )


def test_keywords_table(runner):
    result = runner.invoke(main, ["keywords", "-", "--top", "2"], input=TEXT)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "rank  term                  score  count  offset  sent  kind",
        "   1  オンラインサロン      23.91      2       0     0  compound",
        "   2  影響力                21.30      2       9     0  compound",
    ]


def test_keywords_sample_file(runner, sample_path):
    result = runner.invoke(main, ["keywords", str(sample_path), "--format", "json"])
    assert result.exit_code == 0
    terms = [k["term"] for k in json.loads(result.stdout)]
    assert terms[:2] == ["影響力", "SNS"] and len(terms) == 10


def test_keywords_background_folder(runner, tmp_path):
    (tmp_path / "a.txt").write_text("オンラインサロンの話。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("オンラインサロンに入った。", encoding="utf-8")
    result = runner.invoke(
        main, ["keywords", "-", "--method", "tfidf", "--background", str(tmp_path), "--format", "csv"], input=TEXT
    )
    assert result.exit_code == 0
    # オンラインサロン is in both background posts (idf 1); 影響力 and 会員 in none (idf log 3 + 1).
    assert result.stdout.splitlines()[1:] == [
        "1,影響力,4.1972,2,9,0,compound,影響力",
        "2,会員,2.0986,1,30,2,noun,会員",
        "3,オンラインサロン,2.0,2,0,0,compound,オンラインサロン",
    ]


def test_keywords_unknown_method(runner):
    result = runner.invoke(main, ["keywords", "-", "--method", "yake"], input=TEXT)
    assert result.exit_code == 2  # click.Choice over the registry's names refuses it before reading the post
    assert "Invalid value for '--method': 'yake' is not one of 'hybrid', 'flr', 'textrank', 'tfidf'." in result.stderr


def test_keywords_empty_input(runner):
    result = runner.invoke(main, ["keywords", "-"], input="")
    assert result.exit_code == 2
    assert "standard input is empty" in result.stderr


# --- kwic ----------------------------------------------------------------------------------------------


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


# --- freq / cooc -----------------------------------------------------------------------------------------


def test_freq_csv(runner):
    result = runner.invoke(main, ["freq", "-", "--level", "term"], input="SNSの影響力。ＳＮＳで影響力を持つ。")
    assert result.exit_code == 0
    assert result.stdout == (
        "level,term,norm,kind,count,docs\n"
        "term,SNS,sns,noun,2,1\n"
        "term,影響力,影響力,compound,2,1\n"
        "term,持つ,持つ,verb,1,1\n"
    )


def test_freq_default_both_levels(runner):
    result = runner.invoke(main, ["freq", "-", "--top", "1"], input="SNSの影響力。")
    assert result.exit_code == 0
    assert result.stdout == (
        "level,term,norm,kind,count,docs\n"
        "term,SNS,sns,noun,1,1\n"
        "unit,SNS,sns,名詞-普通名詞-一般,1,1\n"
    )


def test_freq_units_top(runner):
    result = runner.invoke(main, ["freq", "-", "--level", "unit", "--top", "2"], input="SNSの影響力。")
    assert result.exit_code == 0
    assert result.stdout == (
        "level,term,norm,kind,count,docs\n"
        "unit,SNS,sns,名詞-普通名詞-一般,1,1\n"
        "unit,の,の,助詞-格助詞,1,1\n"
    )


def test_freq_folder_reports_failures(runner, tmp_path):
    (tmp_path / "a.txt").write_text("SNSの影響力。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("影響力と共感。", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    result = runner.invoke(main, ["freq", str(tmp_path), "--level", "term"])
    assert result.exit_code == 0
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["level", "term", "norm", "kind", "count", "docs"],
        ["term", "影響力", "影響力", "compound", "2", "2"],
        ["term", "SNS", "sns", "noun", "1", "1"],
        ["term", "共感", "共感", "noun", "1", "1"],
    ]
    assert result.stderr.startswith(f"jpblog: note: skipped 1 of 3 posts: {tmp_path / 'c.txt'}: ")


def test_cooc_csv(runner):
    result = runner.invoke(main, ["cooc", "-", "--min-count", "1"], input="SNSの影響力。SNSで影響力を持つ。共感と影響力。共感。")
    assert result.exit_code == 0
    assert result.stdout == (
        "source,target,cooc,source_count,target_count,jaccard,pmi,npmi,source_norm,target_norm\n"
        "SNS,影響力,2,2,3,0.6667,0.415,0.415,sns,影響力\n"
        "影響力,共感,1,3,2,0.25,-0.585,-0.2925,影響力,共感\n"
    )


def test_cooc_missing_folder(runner, tmp_path):
    result = runner.invoke(main, ["cooc", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
