"""CLI: jpblog themes, and the note on a theme file's terms that can never be found."""

from __future__ import annotations

import json

import pytest

from jpblog_nlp.cli import main


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
