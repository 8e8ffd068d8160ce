"""A sentiment model file or user lexicon from anywhere: validated before use, never an overflow, NaN or hang.

Each bad file gives one ``ResourceError`` (exit code 3 in the CLI) that names the file, the field and the fix.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from jpblog_nlp import sentiment
from jpblog_nlp.cli import main
from jpblog_nlp.errors import ResourceError
from jpblog_nlp.sentiment import lexicon as sentiment_lexicon
from jpblog_nlp.sentiment import load_lexicon, score_lines
from jpblog_nlp.sentiment import model as sentiment_model
from jpblog_nlp.sentiment.model import load_model

RETRAIN = "(retrain with `jpblog sentiment train`)"
NOT_A_FILE = "(give the path of a file, not of a folder, device or pipe)"
# A binary model over two features: "lex" (the lexicon score) and one term.
GOOD = {"format": "jpblog-sentiment-model", "version": 1, "classes": ["negative", "positive"],
        "vocabulary": ["lex", "t:楽しい"], "coef": [[1.5, 0.25]], "intercept": [0.5]}


def _model(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    return path


def _with(**fields: object) -> str:
    return json.dumps({**GOOD, **fields}, ensure_ascii=False)


def _weight(literal: str) -> str:
    """The good model with its second weight written as ``literal`` (JSON text, not a Python value)."""
    return _with(coef="COEF").replace('"COEF"', f"[[1.5, {literal}]]")


BAD_MODELS = [
    # Numbers that overflowed or put NaN into the output.
    (_weight("1e308"), "malformed sentiment model: coef[0][1] is 1e+308, not a finite number within ±1000000"),
    (_weight("1e400"), "malformed sentiment model: coef[0][1] is 1e400, not a finite number within ±1000000"),
    (_weight("-1000001"), "malformed sentiment model: coef[0][1] is -1000001, not a finite number within ±1000000"),
    (_weight("9" * 400),
     "malformed sentiment model: coef[0][1] is 999999999999… (400 characters), not a finite number within ±1000000"),
    (_weight("9" * 5000),
     "malformed sentiment model: coef[0][1] is 999999999999… (5000 characters), not a finite number within ±1000000"),
    (_weight("NaN"), "malformed sentiment model: coef[0][1] is NaN, not a finite number within ±1000000"),
    (_weight("Infinity"), "malformed sentiment model: coef[0][1] is Infinity, not a finite number within ±1000000"),
    (_with(intercept="I").replace('"I"', "[-Infinity]"),
     "malformed sentiment model: intercept[0] is -Infinity, not a finite number within ±1000000"),
    (_weight("true"), "malformed sentiment model: coef[0][1] must be a number, got true/false"),
    (_weight('"2"'), "malformed sentiment model: coef[0][1] must be a number, got a string"),
    (_weight("[2]"), "malformed sentiment model: coef[0][1] must be a number, got a list"),
    # Nested thousands deep: json's scanner recurses once per bracket.
    (_weight("[" * 100_000 + "]" * 100_000), "malformed sentiment model: JSON nested too deeply"),
    # Shapes.
    (_with(vocabulary=["lex"]), "malformed sentiment model: coef[0] has 2 numbers, expected 1"),
    (_with(coef=[[1.0, 2.0], [3.0, 4.0]]),
     "malformed sentiment model: coef must be 1 list(s) of weights for 2 classes, got 2 rows"),
    (_with(classes=["a", "b", "c"]),
     "malformed sentiment model: coef must be 3 list(s) of weights for 3 classes, got 1 rows"),
    (_with(coef={"a": 1}), "malformed sentiment model: coef must be 1 list(s) of weights for 2 classes, got an object"),
    (_with(coef=[3]), "malformed sentiment model: coef[0] must be a list of numbers"),
    (_with(intercept=[0.5, 0.5]), "malformed sentiment model: intercept has 2 numbers, expected 1"),
    (_with(intercept=None), "malformed sentiment model: intercept must be a list of numbers"),
    (_with(classes=["positive"]), "malformed sentiment model: classes must name at least two classes, got 1"),
    (_with(classes="positive"), "malformed sentiment model: classes must be a list of strings"),
    (_with(classes=["negative", 1]), "malformed sentiment model: classes[1] must be a non-empty string, got 1"),
    (_with(vocabulary=["lex", "lex"]), "malformed sentiment model: vocabulary names an item twice"),
    (_with(vocabulary=["lex", ""]), "malformed sentiment model: vocabulary[1] must be a non-empty string, got a string"),
    (_with(version=2), "malformed sentiment model: version must be 1, got 2"),
    (_with(version=True), "malformed sentiment model: version must be 1, got true/false"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "coef"}), "malformed sentiment model: no 'coef' field"),
]


@pytest.mark.parametrize(("text", "message"), BAD_MODELS, ids=[m[:60] for _, m in BAD_MODELS])
def test_bad_model_is_a_clean_error(tmp_path: Path, text: str, message: str) -> None:
    path = _model(tmp_path, text)
    with pytest.raises(ResourceError) as info:
        load_model(path)
    assert str(info.value) == f"{path}: {message} {RETRAIN}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "cannot read sentiment model: Expecting property name enclosed in double quotes: line 1 column 2 "
              f"(char 1) {RETRAIN}"),
        ('{"format": "pickle"}', "not a jpblog sentiment model (train one with `jpblog sentiment train`)"),
        ("[]", "not a jpblog sentiment model (train one with `jpblog sentiment train`)"),
    ],
)
def test_not_a_model(tmp_path: Path, text: str, message: str) -> None:
    path = _model(tmp_path, text)
    with pytest.raises(ResourceError) as info:
        load_model(path)
    assert str(info.value) == f"{path}: {message}"


def test_binary_model(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b'{"format": \xff\xfe}')
    with pytest.raises(ResourceError) as info:
        load_model(path)
    assert str(info.value) == f"{path}: sentiment model is not UTF-8 text (byte 11) {RETRAIN}"


def test_model_file_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A cap of 1 MB stands in for the real 64 MB: the file is never read past the cap.
    monkeypatch.setattr(sentiment_model, "MAX_MODEL_BYTES", 1024 * 1024)
    path = _model(tmp_path, _with(vocabulary=["lex", "x" * (1024 * 1024)]))
    with pytest.raises(ResourceError) as info:
        load_model(path)
    assert str(info.value) == f"{path}: sentiment model is larger than 1 MB {RETRAIN}"
    assert sentiment_model.MAX_MODEL_BYTES == 1024 * 1024 and sentiment_model.MAX_WEIGHT == 1e6


def _special_files(tmp_path: Path) -> list[Path]:
    """A FIFO (would block forever), a folder, and a symlink to an endless device."""
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    return [fifo, link, folder]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_model_that_is_no_regular_file(tmp_path: Path) -> None:
    for path in _special_files(tmp_path):
        with pytest.raises(ResourceError) as info:
            load_model(path)
        assert str(info.value) == f"{path}: sentiment model is not a regular file {NOT_A_FILE}"
    with pytest.raises(ResourceError) as info:
        load_model(tmp_path / "missing.json")
    assert str(info.value) == f"{tmp_path / 'missing.json'}: cannot read sentiment model: no such file (check the path)"


@pytest.mark.parametrize(
    ("intercept", "label", "score"),
    [(-1000.0, "negative", -1.0), (1000.0, "positive", 1.0), (-1e6, "negative", -1.0), (0.0, "positive", None)],
)
def test_extreme_but_valid_weights_score_without_overflow(tmp_path: Path, intercept: float, label: str,
                                                          score: float | None) -> None:
    path = _model(tmp_path, _with(intercept=[intercept]))
    (result,) = score_lines(["楽しい"], model=path)
    assert result.label == label and math.isfinite(result.score)
    if score is not None:
        assert result.score == score


def test_multiclass_with_large_weights_stays_finite(tmp_path: Path) -> None:
    path = _model(tmp_path, _with(classes=["negative", "neutral", "positive"], coef=[[1e6, -1e6]] * 3,
                                  intercept=[-1e6, 0.0, 1e6]))
    (result,) = score_lines(["楽しい"], model=path)
    assert result.label == "positive" and math.isfinite(result.score)


def _cli(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.mark.parametrize("command", [["sentiment"], ["analyze", "--format", "json"]])
@pytest.mark.parametrize(
    ("text", "message"),
    [BAD_MODELS[0], BAD_MODELS[5], BAD_MODELS[11], BAD_MODELS[12]],
    ids=["1e308", "NaN", "deep", "shape"],
)
def test_cli_bad_model(tmp_path: Path, command: list[str], text: str, message: str) -> None:
    post = tmp_path / "post.txt"
    post.write_text("楽しかった。\n", encoding="utf-8")
    path = _model(tmp_path, text)
    result = _cli(*command, str(post), "--model", str(path))
    assert result.exit_code == 3
    assert result.stderr == f"jpblog: error: {path}: {message} {RETRAIN}\n"
    assert result.stdout == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_cli_model_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = _special_files(tmp_path)[0]
    result = _cli("sentiment", "-", "--model", str(fifo), stdin="楽しい。\n")
    assert result.exit_code == 3
    assert result.stderr == f"jpblog: error: {fifo}: sentiment model is not a regular file {NOT_A_FILE}\n"


def test_cli_extreme_intercept_gives_plain_json(tmp_path: Path) -> None:
    path = _model(tmp_path, _with(intercept=[-1000]))
    result = _cli("analyze", "--format", "json", "-", "--model", str(path), stdin="楽しかった。\n")
    assert result.exit_code == 0, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the output")

    data = json.loads(result.stdout, parse_constant=refuse)
    assert data["sentiment"]["label"] == "negative" and data["sentiment"]["score"] == -1.0


# --- user lexicon (--lexicon) ----------------------------------------------------------------------------

LEX_HINT = "(a lexicon is a UTF-8 TSV: term<TAB>polarity-or-emotion[<TAB>weight])"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("楽しい\tpositive\tinf\n", "line 1: weight 'inf' is not a finite number within ±1000 (the usual weight is 1)"),
        ("楽しい\tpositive\tnan\n", "line 1: weight 'nan' is not a finite number within ±1000 (the usual weight is 1)"),
        ("楽しい\tpositive\t1e400\n",
         "line 1: weight '1e400' is not a finite number within ±1000 (the usual weight is 1)"),
        ("楽しい\tpositive\t-1e308\n",
         "line 1: weight '-1e308' is not a finite number within ±1000 (the usual weight is 1)"),
        ("楽しい\tjoy\t" + "9" * 5000 + "\n",
         f"line 1: weight '{'9' * 40}' is not a finite number within ±1000 (the usual weight is 1)"),
        ("楽しい\tpositive\t" + "x" * 5000 + "\n", f"line 1: weight '{'x' * 40}' is not a number"),
        ("# ok\n" + "あ" * 201 + "\tpositive\n",
         "line 2: term of 201 characters, more than 200 (a lexicon term is a word or a short phrase)"),
        ("a" * 1_000_000 + "\n",
         f"line 1: expected term<TAB>polarity-or-emotion[<TAB>weight], got '{'a' * 60}' "
         "(separate the columns with tabs)"),
        ("楽しい\t" + "z" * 100_000 + "\n",
         f"line 1: '{'z' * 40}' is neither positive/negative nor an emotion (emotions: "
         + ", ".join(sentiment.EMOTIONS) + ")"),
    ],
    ids=["inf", "nan", "1e400", "-1e308", "5000 digits", "5000 letters", "long term", "1 MB line", "long label"],
)
def test_bad_lexicon_is_a_clean_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lex.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError) as info:
        load_lexicon(path)
    assert str(info.value) == f"{path}: {message}"


def test_lexicon_weight_at_the_cap_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "lex.tsv"
    path.write_text("楽しい\tpositive\t1000\n楽しい\tjoy\t1000\n", encoding="utf-8")
    (result,) = score_lines(["楽しい楽しい楽しい"], lexicon=path)
    assert result.label == "positive" and math.isfinite(result.score)
    assert all(math.isfinite(v) for _, v in result.emotions)


def test_binary_and_oversized_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ResourceError) as info:
        load_lexicon(binary)
    assert str(info.value) == f"{binary}: lexicon is not UTF-8 text (byte 0) {LEX_HINT}"
    monkeypatch.setattr(sentiment_lexicon, "MAX_LEXICON_BYTES", 1024 * 1024)
    big = tmp_path / "big.tsv"
    big.write_text("楽しい\tpositive\n" * 100_000, encoding="utf-8")
    with pytest.raises(ResourceError) as info:
        load_lexicon(big)
    assert str(info.value) == f"{big}: lexicon is larger than 1 MB {LEX_HINT}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_lexicon_that_is_no_regular_file(tmp_path: Path) -> None:
    for path in _special_files(tmp_path):
        with pytest.raises(ResourceError) as info:
            load_lexicon(path)
        assert str(info.value) == f"{path}: lexicon is not a regular file {NOT_A_FILE}"


@pytest.mark.parametrize("command", [["sentiment"], ["analyze", "--format", "json"]])
def test_cli_bad_lexicon(tmp_path: Path, command: list[str]) -> None:
    lex = tmp_path / "lex.tsv"
    lex.write_text("楽しい\tpositive\t1e400\n", encoding="utf-8")
    result = _cli(*command, "-", "--lexicon", str(lex), stdin="楽しい。\n")
    assert result.exit_code == 3
    assert result.stderr == (f"jpblog: error: {lex}: line 1: weight '1e400' is not a finite number within ±1000 "
                             "(the usual weight is 1)\n")
