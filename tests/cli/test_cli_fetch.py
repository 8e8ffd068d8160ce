"""``jpblog fetch`` against a real local HTTP server (--delay 0 keeps it fast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from blogserver import BlogServer, running, serve_yamadattt
from jpblog_nlp.cli import main

FILES = {
    "2023-04-01-071500.md",
    "2021-07-28-grafanaでcsvが読めないのはこれが原因かな.md",
    "2021-05-11-お酒を飲んだら-睡眠の質が下がる.md",
    "2020-11-02-希望の糸_ー_東野圭吾.md",
}


@pytest.fixture
def blog():
    for server in running():
        serve_yamadattt(server)
        yield server


def run(*args: str):
    return CliRunner().invoke(main, ["fetch", *args])


def test_fetch_blog_then_resume(blog: BlogServer, tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = run(blog.url("/"), "--out", str(out), "--delay", "0", "--contact", "me@example.com")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"saved 4, skipped 0, disallowed by robots.txt 1, failed 0 (9 requests) into {out}\n"
    assert result.stderr == f"jpblog fetch: skipped {blog.url('/private/secret')}: robots.txt disallows it\n"
    assert {p.name for p in out.glob("*.md")} == FILES
    assert {h["User-Agent"] for _, h in blog.log} == {
        "jpblog-nlp/0.1.0 (+https://example.invalid/jpblog-nlp; me@example.com)"
    }
    again = run(blog.url("/"), "--out", str(out), "--delay", "0")
    assert again.exit_code == 0
    assert again.stdout == f"saved 0, skipped 4, disallowed by robots.txt 1, failed 0 (5 requests) into {out}\n"


def test_fetch_since_and_max_posts(blog: BlogServer, tmp_path: Path) -> None:
    result = run(blog.url("/"), "--out", str(tmp_path), "--delay", "0", "--since", "2021-06-01", "--max-posts", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"saved 1, skipped 0, older than --since 2, disallowed by robots.txt 0, failed 0 (6 requests) into {tmp_path}\n"
    )
    assert [p.name for p in tmp_path.glob("*.md")] == ["2023-04-01-071500.md"]


def test_fetch_failures_exit_4_with_one_line_each(blog: BlogServer, tmp_path: Path) -> None:
    result = run(blog.url("/entry/gone"), "file:///etc/passwd", blog.url("/entry/sjis"), "--out", str(tmp_path),
                 "--delay", "0")
    assert result.exit_code == 4  # FetchError's code, as the README says
    assert result.stdout == f"saved 1, skipped 0, disallowed by robots.txt 0, failed 2 (3 requests) into {tmp_path}\n"
    assert result.stderr == (
        "jpblog fetch: failed file:///etc/passwd: only http and https URLs are fetched, not file: "
        "(give the post's or blog's web address, starting with https://)\n"
        f"jpblog fetch: failed {blog.url('/entry/gone')}: HTTP 404 Not Found "
        "(the page does not exist (any more); check the URL)\n"
    )
    assert [p.name for p in tmp_path.glob("*.md")] == ["sjis.md"]


def test_fetch_out_is_a_file(blog: BlogServer, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    result = run(blog.url("/entry/sjis"), "--out", str(target), "--delay", "0")
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--out': Directory '{target}' is a file.\n")


def test_fetch_options_are_checked() -> None:
    result = run("https://example.com/", "--out", "x", "--since", "yesterday")
    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.stderr
    result = run("--out", "x")
    assert result.exit_code == 2
    assert "Missing argument 'URLS...'" in result.stderr


def test_fetch_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--out", "--since", "--max-posts", "--delay", "--contact", "--timeout", "--deadline", "--refresh"):
        assert option in result.stdout


def test_fetch_does_not_touch_the_network_for_bad_urls(tmp_path: Path) -> None:
    for server in running():
        result = run("javascript:alert(1)", "--out", str(tmp_path), "--delay", "0")
        assert result.exit_code == 4
        assert server.log == []


def test_progress_line_only_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from jpblog_nlp.cli.fetch import FetchProgress
    from jpblog_nlp.web.report import CrawlReport

    report = CrawlReport(skipped=2, failures=[("u", "r")], total=5, requests=7)
    progress = FetchProgress()
    progress.tty = False
    progress(report, "u")
    progress.close()
    assert capsys.readouterr().err == ""
    progress = FetchProgress()
    progress.tty = True
    progress(report, "u")
    progress(report, "v")
    progress.close()
    # click drops the erase-to-end-of-line code when the stream is not a real terminal, as here.
    assert capsys.readouterr().err == (
        "\r[1/5] saved 0, skipped 2, failed 1, 7 requests\r[2/5] saved 0, skipped 2, failed 1, 7 requests\n"
    )
