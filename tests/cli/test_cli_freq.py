"""CLI: jpblog freq."""

import csv
import io

from jpblog_nlp.cli import main


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
