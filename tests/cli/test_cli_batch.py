"""``jpblog batch``: output, exit code, resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from jpblog_nlp.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def make_corpus(root: Path, *, bad: bool) -> Path:
    root.mkdir()
    shutil.copy(CORPUS / "itochan-influence.txt", root)
    shutil.copytree(CORPUS / "livedoor", root / "livedoor")
    if bad:
        (root / "zz-bad.txt").write_bytes(b"\xff\xfe\x00\xd8garbage\x80\x81")
    return root


def test_batch_with_a_failure(tmp_path):
    root = make_corpus(tmp_path / "corpus", bad=True)
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--topics", "3"])
    assert result.exit_code == 1, result.output
    assert result.stdout == (f"analyzed 21 posts, 1 failed; results in {out}\n"
                             f"site: {out / 'report' / 'index.html'}\n")
    assert "21 analysed in this run, 0 unchanged, 0 removed" in result.stderr
    errors = pd.read_csv(out / "errors.csv")
    assert list(errors["source"]) == ["zz-bad.txt"]
    # rerun: nothing to analyse, same outcome
    again = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--topics", "3"])
    assert again.exit_code == 1
    assert again.stdout == (f"analyzed 21 posts, 1 failed; results in {out}\n"
                            f"site: {out / 'report' / 'index.html'}\n")
    assert "0 analysed in this run, 21 unchanged, 0 removed" in again.stderr


def test_batch_all_good_with_two_workers(tmp_path):
    root = make_corpus(tmp_path / "corpus", bad=False)
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--workers", "2", "--topics", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"analyzed 21 posts, 0 failed; results in {out}\n"
                             f"site: {out / 'report' / 'index.html'}\n")
    assert len(pd.read_parquet(out / "posts.parquet")) == 21


def test_batch_missing_folder(tmp_path):
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_batch_help_mentions_exit_codes():
    result = CliRunner().invoke(main, ["batch", "--help"])
    assert result.exit_code == 0
    assert "Exit code: 0 when every post was analysed, 1 when some" in result.output


def test_batch_notes_a_theme_term_never_found(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    shutil.copy(CORPUS / "itochan-influence.txt", root)
    themes = tmp_path / "pets.toml"
    themes.write_text('[themes.pets]\nterms = ["犬", "彼女"]\n', encoding="utf-8")
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--themes", str(themes)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"jpblog: note: {themes}: theme 'pets': '彼女' is never found as a term (pronouns and function words "
        "are not counted); use a noun, a verb or a phrase"
    )
