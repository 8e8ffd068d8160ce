"""CLI: jpblog themes, topics and compare."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jpblog_nlp.cli import main

# The three-subject corpus of test_topics.py, written to files.
SUBJECTS = {
    "run": ["ランニング", "マラソン", "シューズ", "ペース", "練習", "完走", "ジョギング", "筋肉"],
    "food": ["カフェ", "ランチ", "ケーキ", "パスタ", "コーヒー", "デザート", "メニュー", "スイーツ"],
    "tech": ["スマートフォン", "アプリ", "カメラ", "バッテリー", "画面", "充電", "プログラミング", "端末"],
}


def synthetic_text(words: list[str], i: int) -> str:
    """A short post about six of a subject's words, starting at word i."""
    pick = [words[(i + j) % len(words)] for j in range(6)]
    return "".join(f"今日は{w}について考えた。" for w in pick) + f"{pick[0]}と{pick[1]}の話。"


@pytest.fixture()
def runner():
    return CliRunner()


def test_themes_from_stdin(runner):
    result = runner.invoke(main, ["themes", "-", "--no-stance"], input="コミュニティーに参加した。影響力のある人。\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "コミュニティ (community)  score 0.99  1 sentence(s)\n"
        "  terms: コミュニティー×1\n"
        "  [0] @0.00  コミュニティーに参加した。  (コミュニティー)\n"
        "影響力 (influence)  score 0.99  1 sentence(s)\n"
        "  terms: 影響力×1\n"
        "  [1] @1.00  影響力のある人。  (影響力)\n"
    )


def test_themes_none_found(runner):
    result = runner.invoke(main, ["themes", "-", "--no-stance"], input="今日は晴れ。\n")
    assert (result.exit_code, result.stdout) == (0, "No theme found.\n")


def test_themes_json_on_sample(runner, sample_path):
    result = runner.invoke(main, ["themes", str(sample_path), "--no-stance", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [t["name"] for t in data[:3]] == ["influence", "community", "empathy"]
    assert data[0]["label"] == "影響力" and data[0]["terms"][0]["term"] == "影響力"
    assert len(data[0]["sentences"]) == len(data[0]["positions"]) > 10


def test_themes_with_stance(runner, sample_path):
    result = runner.invoke(main, ["themes", str(sample_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0]["sentiment"]["label"] in {"positive", "negative", "neutral", "mixed"}


def test_themes_list(runner):
    result = runner.invoke(main, ["themes", "--list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "influence  影響力  影響力・発信・SNSでの存在感、フォロワーや拡散、インフルエンサー"
    assert lines[1].startswith("  terms: 影響力(3), インフルエンサー(3), 発信力(3), フォロワー(2)")
    assert lines[2] == "  rules: near(影響, 与える, 4) | near(影響, 受ける, 2)"


def test_themes_list_with_user_file(runner, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[themes.running]\nlabel = "ランニング"\nterms = { "ランニング" = 2 }\n', encoding="utf-8")
    result = runner.invoke(main, ["themes", "--list", "--themes", str(path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data[-1] == {"name": "running", "label": "ランニング", "description": "",
                        "terms": [{"term": "ランニング", "weight": 2.0}], "rules": []}


@pytest.mark.parametrize("command", [["themes", "--list"], ["analyze", "corpus/itochan-influence.txt"]])
def test_user_theme_term_never_found_gets_a_note(runner, tmp_path, command):
    path = tmp_path / "pets.toml"
    path.write_text('[themes.pets]\nterms = ["犬", "彼女", "猫"]\n', encoding="utf-8")
    result = runner.invoke(main, [*command, "--themes", str(path)])
    assert result.exit_code == 0
    assert result.stderr == (
        f"jpblog: note: {path}: theme 'pets': '彼女' is never found as a term (pronouns and function words "
        "are not counted); use a noun, a verb or a phrase\n"
    )


def test_theme_term_note_for_a_file_named_with_dot_slash(runner, tmp_path, monkeypatch):
    (tmp_path / "pets.toml").write_text('[themes.pets]\nterms = ["犬", "彼女"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["themes", "--list", "--themes", "./pets.toml"])
    assert result.exit_code == 0
    assert result.stderr == (
        "jpblog: note: ./pets.toml: theme 'pets': '彼女' is never found as a term (pronouns and function words "
        "are not counted); use a noun, a verb or a phrase\n"
    )


def test_themes_broken_file(runner, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[themes.a]\nterms = ["x"]\nrules = ["x AND"]\n', encoding="utf-8")
    result = runner.invoke(main, ["themes", "--list", "--themes", str(path)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"jpblog: error: {path}: line 3: theme 'a': rule 'x AND': expected a word, '(' or near(...)/seq(...) "
        "at the end (see docs/themes.md for the theme file format)\n"
    )


def test_themes_needs_a_source(runner):
    result = runner.invoke(main, ["themes"])
    assert result.exit_code == 2
    assert "give a post (a file, or - for standard input), or --list" in result.stderr


@pytest.fixture()
def corpus_dir(tmp_path):
    """<subject>/<n>.txt: the synthetic three-subject corpus, category = folder name."""
    for name, words in SUBJECTS.items():
        folder = tmp_path / name
        folder.mkdir()
        for i in range(4):
            (folder / f"{name}{i}.txt").write_text(synthetic_text(words, i * 2) + "\n", encoding="utf-8")
    return tmp_path


def test_topics_text(runner, corpus_dir):
    result = runner.invoke(main, ["topics", str(corpus_dir), "--terms", "3"])
    assert result.exit_code == 0, result.output
    # The three topics tie in weight and their terms tie within each: this exact text comes from the
    # discrete tie-breaks (term keys, then topics by their terms' keys), the same on any CPU.
    assert result.stdout == (
        "3 topics over 12 posts\n"
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
