"""``jpblog sentiment FILE|-`` and ``jpblog sentiment train``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jpblog_nlp.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "itochan-influence.txt"


def run(*args: str, stdin: str | None = None):
    """Invoke the CLI."""
    return CliRunner().invoke(main, list(args), input=stdin)


def test_table_for_stdin() -> None:
    result = run("sentiment", "-", stdin="楽しかった。\n全然楽しくなかった。\n")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "unit\tlabel\tscore\tevidence\temotions\ttext\n"
        "0\tpositive\t+1.00\t楽しかっ(+1.00)\tjoy=0.63\t楽しかった。\n"
        "1\tnegative\t-1.00\t楽しく(NEG -1.12)\tsadness=0.43\t全然楽しくなかった。\n"
        "post\tmixed\t+0.00\tpositive=0.50 negative=0.50\tjoy=0.32 sadness=0.22\t\n"
    )


def test_jsonl_lines() -> None:
    result = run("sentiment", "--lines", "--format", "jsonl", "-", stdin="楽しかった！\n\n😭\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["text"], r["label"], r["score"]) for r in rows] == [("楽しかった！", "positive", 1.0), ("😭", "negative", -0.5)]
    assert rows[0]["evidence"] == [
        {"term": "楽しかっ", "key": "楽しい", "start": 0, "end": 4, "polarity": "positive", "emotion": "",
         "negated": False, "weight": 1.0, "modifiers": []}
    ]
    assert set(rows[0]["emotions"]) == {"joy", "sadness", "anticipation", "surprise", "anger", "fear", "disgust",
                                        "trust"}


def test_json_for_the_sample_post() -> None:
    result = run("sentiment", str(SAMPLE), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["label"] == "positive"
    assert len(data["trajectory"]) == len(data["sentences"])


def test_explicit_score_subcommand_and_lexicon(tmp_path: Path) -> None:
    lex = tmp_path / "lex.tsv"
    lex.write_text("高い\tpositive\n", encoding="utf-8")
    result = run("sentiment", "score", "--lines", "--lexicon", str(lex), "--format", "jsonl", "-",
                 stdin="美味しいけど高い。\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["label"] == "positive"


def test_malformed_lexicon_is_a_clean_error(tmp_path: Path) -> None:
    lex = tmp_path / "lex.tsv"
    lex.write_text("高い\n", encoding="utf-8")
    result = run("sentiment", "--lexicon", str(lex), "-", stdin="楽しい。\n")
    assert result.exit_code == 3
    assert f"{lex}: line 1:" in result.output


def test_train_then_score_with_the_model(tmp_path: Path) -> None:
    data = tmp_path / "labelled.tsv"
    rows = [("売上高は増加しました", "pos"), ("利益は増加しました", "pos"), ("受注は好調でした", "pos"),
            ("業績は改善しました", "pos"), ("売上高は減少しました", "neg"), ("利益は減少しました", "neg"),
            ("受注は不振でした", "neg"), ("業績は悪化しました", "neg")]
    data.write_text("".join(f"{t}\t{lab}\n" for t, lab in rows), encoding="utf-8")
    model = tmp_path / "model.json"
    result = run("sentiment", "train", str(data), "-o", str(model), "--folds", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("trained on 8 texts")
    assert lines[1].startswith("cross-validated (2 folds): accuracy ")
    assert lines[2].split() == ["class", "precision", "recall", "F1", "support"]
    assert [line.split()[0] for line in lines[3:]] == ["negative", "positive"]
    assert json.loads(model.read_text(encoding="utf-8"))["classes"] == ["negative", "positive"]
    scored = run("sentiment", "--model", str(model), "--lines", "--format", "jsonl", "-",
                 stdin="売上高は増加しました\n売上高は減少しました\n")
    assert scored.exit_code == 0, scored.output
    assert [json.loads(line)["label"] for line in scored.output.splitlines()] == ["positive", "negative"]


def test_missing_file() -> None:
    result = run("sentiment", "no-such-file.txt")
    assert result.exit_code == 2
    assert "no-such-file.txt" in result.output


def test_help_lists_train() -> None:
    result = run("sentiment", "--help")
    assert result.exit_code == 0
    assert "train" in result.output and "score" in result.output
