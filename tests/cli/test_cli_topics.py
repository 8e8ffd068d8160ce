"""CLI: jpblog topics."""

import json

import pytest

from jpblog_nlp.cli import main
from synthetic_corpus import write_corpus


@pytest.fixture()
def corpus_dir(tmp_path):
    """The synthetic three-subject corpus (synthetic_corpus.py), category = folder name."""
    return write_corpus(tmp_path)


def test_topics_text(runner, corpus_dir):
    result = runner.invoke(main, ["topics", str(corpus_dir), "--terms", "3"])
    assert result.exit_code == 0, result.output
    # The three topics tie in weight and their terms tie within each: this exact text comes from the
    # discrete tie-breaks (term keys, then topics by their terms' keys), the same on any CPU.
    assert result.stdout.startswith("3 topics over 12 posts\nstability by k: 3: 1.00, 4: ")
    stability = result.stdout.splitlines()[1]
    assert stability.count(": ") == 1 + 8  # k = 3..10
    assert result.stdout.split(stability + "\n", 1)[1] == (
        "[0] アプリ・カメラ・スマートフォン  (4 posts)\n"
        "    アプリ, カメラ, スマートフォン\n"
        "[1] カフェ・ケーキ・コーヒー  (4 posts)\n"
        "    カフェ, ケーキ, コーヒー\n"
        "[2] シューズ・ジョギング・ペース  (4 posts)\n"
        "    シューズ, ジョギング, ペース\n"
    )


def test_topics_csv_and_json(runner, corpus_dir):
    result = runner.invoke(main, ["topics", str(corpus_dir), "--k", "3", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "post,アプリ・カメラ・スマートフォン,カフェ・ケーキ・コーヒー,シューズ・ジョギング・ペース,dominant"
    assert len(lines) == 13
    # The partition: each subject's four posts are wholly in their topic (weights to 4 decimals).
    expected = {"food": "0.0000,1.0000,0.0000,カフェ・ケーキ・コーヒー", "run": "0.0000,0.0000,1.0000,シューズ・ジョギング・ペース",
                "tech": "1.0000,0.0000,0.0000,アプリ・カメラ・スマートフォン"}
    assert sorted(lines[1:]) == sorted(f"{name}{i},{cells}" for name, cells in expected.items() for i in range(4))
    assert lines[1] == "food0,0.0000,1.0000,0.0000,カフェ・ケーキ・コーヒー"
    result = runner.invoke(main, ["topics", str(corpus_dir), "--k", "2", "--format", "json"])
    assert json.loads(result.stdout)["k"] == 2
