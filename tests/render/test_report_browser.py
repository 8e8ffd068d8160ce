"""The HTML report in a real browser: headless Chromium loads it from a file and we read the rendered DOM.

Skips cleanly when the ``chromium`` binary is absent (Debian package ``chromium``; .ci/run installs it).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_report import FIXTURE, hostile  # this folder is on sys.path (pytest rootdir-relative import)

from jpblog_nlp.render.post import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")


def dump_dom(page: Path, profile: Path) -> str:
    """Load the page in headless Chromium (scripts run, network off) and return the DOM it ends with."""
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<body" in done.stdout
    return done.stdout


def body_attrs(dom: str) -> str:
    return re.search(r"<body([^>]*)>", dom)[1]


def canvases(dom: str) -> dict[str, str]:
    """Canvas id -> its attributes, as the page ended up."""
    return {m[1]: m[0] for m in re.finditer(r'<canvas id="([^"]+)"[^>]*>', dom)}


def render_to(tmp_path: Path, data: dict, name: str) -> str:
    page = tmp_path / name
    write_report(data, "html", page)
    return dump_dom(page, tmp_path / "profile")


def test_charts_draw(tmp_path):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    dom = render_to(tmp_path, data, "report.html")
    attrs = body_attrs(dom)
    assert 'data-charts-expected="4"' in attrs
    assert 'data-charts-drawn="4"' in attrs
    assert "data-chart-error" not in attrs
    found = canvases(dom)
    assert sorted(found) == ["chart-arc", "chart-emotions", "chart-keywords", "chart-themes"]
    for name, tag in found.items():
        assert 'data-drawn="1"' in tag, name
        assert "data-error" not in tag, name
        width, height = (int(re.search(rf'\s{dim}="(\d+)"', tag)[1]) for dim in ("width", "height"))
        assert width > 100 and height > 100, (name, width, height)
    assert "<title>【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる · jpblog report</title>" in dom


def test_hostile_post_runs_nothing(tmp_path):
    data = hostile(json.loads(FIXTURE.read_text(encoding="utf-8")))
    dom = render_to(tmp_path, data, "hostile.html")
    attrs = body_attrs(dom)
    # The payloads would set document.title to PWNED, or data-pwned on <body>, or add <img>/<svg> elements.
    title = html.unescape(re.search(r"<title>(.*?)</title>", dom, flags=re.DOTALL)[1])
    assert title == '<script>document.title="PWNED"</script> | # 見出し · jpblog report'
    assert "data-pwned" not in attrs
    assert not re.search(r"<(img|svg|iframe|object)\b", dom)
    assert not re.search(r'href="javascript', dom, flags=re.IGNORECASE)
    # Our own scripts still ran, hostile labels and all.
    assert 'data-charts-drawn="4"' in attrs


def test_empty_analysis_draws_nothing_and_does_not_fail(tmp_path):
    dom = render_to(tmp_path, {"schema": "jpblog.post-analysis/1", "post": {"title": "空の投稿"}}, "empty.html")
    attrs = body_attrs(dom)
    assert 'data-charts-expected="0"' in attrs
    assert 'data-charts-drawn="0"' in attrs
    assert "data-chart-error" not in attrs
    assert canvases(dom) == {}
    assert "No themes found." in dom
