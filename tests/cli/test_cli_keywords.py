"""CLI: jpblog keywords."""

from __future__ import annotations

import json

from jpblog_nlp.cli import main

TEXT = "オンラインサロンの影響力。影響力とは何か。オンラインサロンの会員。"




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
