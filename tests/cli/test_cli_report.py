"""``jpblog report``: rebuild the corpus site of a results folder without analysing again; clean errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.cli import main

SLICE = Path(__file__).resolve().parents[1] / "data" / "yamadattt.hatenablog.jp.export.txt"


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """The small slice of the real MT export (3 posts), batched once."""
    out = tmp_path_factory.mktemp("report") / "out"
    run_batch(SLICE, out, workers=1)
    return out


def test_report_rebuilds_the_site(runner, results, monkeypatch):
    import jpblog_nlp
    import jpblog_nlp.batch.runner as runner_module

    def no_analysis(*args, **kwargs):
        raise AssertionError("jpblog report must not analyse")

    monkeypatch.setattr(runner_module, "run_batch", no_analysis)
    monkeypatch.setattr(jpblog_nlp, "analyze", no_analysis)
    (results / "report" / "posts" / "0002.html").unlink()
    (results / "report.md").unlink()
    result = runner.invoke(main, ["report", str(results)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"site: {results / 'report' / 'index.html'}\n"
    assert re.fullmatch(r"jpblog report: 3 post pages, \d+\.\d s\n", result.stderr)
    assert sorted(p.name for p in (results / "report" / "posts").iterdir()) == ["0001.html", "0002.html", "0003.html"]
    assert (results / "report.md").read_text("utf-8").startswith("# Corpus report (3 posts)")


def test_report_elsewhere_with_a_title(runner, results, tmp_path):
    md_before = (results / "report.md").read_bytes()
    out = tmp_path / "public" / "blog"
    result = runner.invoke(main, ["report", str(results), "--out", str(out), "--title", "<b>私の</b>ブログ"])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text("utf-8")
    assert "<title>&lt;b&gt;私の&lt;/b&gt;ブログ</title>" in index
    assert len(list((out / "posts").iterdir())) == 3 and (out / "assets" / "site.js").is_file()
    assert (results / "report.md").read_bytes() == md_before  # --out leaves the results folder alone
    assert json.loads((out / "site.json").read_text("utf-8"))["generator"] == "jpblog-nlp site"


@pytest.mark.parametrize(("setup", "message"), [
    ("empty", "holds no finished batch"),
    ("missing", "holds no finished batch"),
    ("no-tables", "is not a results folder"),
    ("foreign-out", "not a site written by jpblog"),
    ("file-out", "the site folder is a file"),
    ("damaged-summary", "the batch summary is damaged"),
])
def test_report_errors_are_one_line(runner, results, tmp_path, setup, message):
    folder, args = tmp_path / "results", []
    if setup == "empty":
        folder.mkdir()
    elif setup == "no-tables":
        folder.mkdir()
        (folder / "batch.json").write_text("{}", encoding="utf-8")
    elif setup == "damaged-summary":
        folder.mkdir()
        (folder / "batch.json").write_text("{not json", encoding="utf-8")
    elif setup == "foreign-out":
        folder = results
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "a.txt").write_text("x", encoding="utf-8")
        args = ["--out", str(tmp_path / "mine")]
    elif setup == "file-out":
        folder = results
        (tmp_path / "f").write_text("x", encoding="utf-8")
        args = ["--out", str(tmp_path / "f")]
    result = runner.invoke(main, ["report", str(folder), *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("jpblog: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
