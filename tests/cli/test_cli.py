"""The command group: version, and one clean line and an exit code for bad input (any command)."""

import pytest

from jpblog_nlp import __version__
from jpblog_nlp.cli import main


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"jpblog, version {__version__}\n"


@pytest.mark.parametrize(
    ("args", "stdin", "message", "code"),
    [
        (["analyze", "missing.txt"], None, "jpblog: error: missing.txt: no such file (check the path)\n", 2),
        (["analyze", "-"], "", "jpblog: error: <stdin>: standard input is empty (pipe a post into the command)\n", 2),
        (["analyze", "-"], "\u3000\n\n", "jpblog: error: <stdin>: standard input is empty (pipe a post into the command)\n", 2),
        (["analyze", "-"], "[:contents]\nf:id:a:20181009222632j:plain\n", "jpblog: error: <stdin>: the post is empty once "
         "cleaned (no text besides blank lines, images or links) (check that the file holds the post's text)\n", 2),
        (["tokenize", "-"], "f:id:SOMASOMA0416:20181009222632j:plain", None, 2),
    ],
)
def test_bad_input_is_one_line(runner, args, stdin, message, code):
    result = runner.invoke(main, args, input=stdin)
    assert result.exit_code == code
    assert "Traceback" not in result.output
    if message is not None:
        assert result.output == message


def test_file_on_the_way_to_a_path(runner, tmp_path):
    # A file where a folder should be: the post is missing, not an OS error.
    (tmp_path / "notes.txt").write_text("メモ", encoding="utf-8")
    path = tmp_path / "notes.txt" / "post.txt"
    result = runner.invoke(main, ["analyze", str(path)])
    assert (result.exit_code, result.output) == (2, f"jpblog: error: {path}: no such file (check the path)\n")


def test_directory_and_binary_file(runner, tmp_path):
    result = runner.invoke(main, ["analyze", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == (
        f"jpblog: error: {tmp_path}: is a directory, not a file "
        "(give a file, or use `jpblog batch` for a folder)\n"
    )
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(main, ["analyze", str(binary)])
    assert result.exit_code == 2
    assert result.output.startswith(f"jpblog: error: {binary}: looks like a binary file")
