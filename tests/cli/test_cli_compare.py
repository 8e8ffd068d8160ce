"""CLI: jpblog compare."""

import pytest

from jpblog_nlp.cli import main
from synthetic_corpus import write_corpus


@pytest.fixture()
def corpus_dir(tmp_path):
    """The synthetic three-subject corpus (synthetic_corpus.py), category = folder name."""
    return write_corpus(tmp_path)


def test_compare_by_folder_category(runner, corpus_dir):
    result = runner.invoke(main, ["compare", str(corpus_dir), "--by", "category", "--top", "1", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "group,kind,item,label,count,rest,group_total,rest_total,g2,sign,log_ratio"
    terms = [line.split(",")[:3] for line in lines[1:] if line.split(",")[1] == "term"]
    assert terms == [["food", "term", "カフェ"], ["run", "term", "シューズ"], ["tech", "term", "アプリ"]]
    themes = {tuple(line.split(",")[:3]) for line in lines[1:] if line.split(",")[1] == "theme"}
    assert ("food", "theme", "food") in themes and ("tech", "theme", "technology") in themes


def test_compare_table(runner, corpus_dir):
    result = runner.invoke(main, ["compare", str(corpus_dir), "--top", "1", "--no-themes"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["group", "kind", "item", "count", "rest", "G2", "log_ratio"]
    assert lines[1].split() == ["food", "term", "カフェ", "4", "0", "+8.79", "+4.00"]
    assert lines[3].split() == ["tech", "term", "アプリ", "4", "0", "+8.79", "+4.00"]
    assert len(lines) == 4


def test_compare_single_group_fails(runner, corpus_dir):
    result = runner.invoke(main, ["compare", str(corpus_dir / "food"), "--no-themes"])
    assert result.exit_code == 2
    assert "comparison needs at least two groups, found 1" in result.stderr
