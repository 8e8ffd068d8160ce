"""Save PNG screenshots of the HTML report of the sample post, or of a batch's corpus site, to look at.

Usage: python scripts/screenshot_report.py [OUT.png] [--fixture]   (default OUT: $TMPDIR/jpblog-report.png)
       python scripts/screenshot_report.py --site RESULTS [PREFIX]  (default PREFIX: $TMPDIR/jpblog-site)

With ``--site``, the site of a results folder (``RESULTS/report/``) is opened from file:// in Chromium
through Python playwright: PREFIX-index.png (the whole index), PREFIX-network.png (the network with its
tooltip on the largest term), PREFIX-posts.png (the posts table filtered by the most frequent theme) and
PREFIX-post.png (the first post page); requests that leave file:// and console errors are printed.

Renders ``corpus/itochan-influence.txt`` with ``jpblog_nlp.analysis.analyze(...).to_dict()`` when that
carries every section of the report, else the hand-written fixture ``tests/data/analysis_fixture.json``,
and photographs it with headless Chromium (Debian package ``chromium``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "itochan-influence.txt"
FIXTURE = ROOT / "tests" / "data" / "analysis_fixture.json"
SECTIONS = ("keywords", "sentiment", "emotions", "themes", "summary", "sentences")


def load_data(use_fixture: bool) -> tuple[dict, str]:
    """The analysis of the sample post, or the fixture when the analysis lacks report sections."""
    if not use_fixture:
        from jpblog_nlp.analysis import analyze

        data = analyze(SAMPLE).to_dict()
        missing = [key for key in SECTIONS if key not in data]
        if not missing:
            return data, f"analysis of {SAMPLE.name}"
        print(f"analysis lacks {', '.join(missing)}: using the fixture", file=sys.stderr)
    return json.loads(FIXTURE.read_text(encoding="utf-8")), f"fixture {FIXTURE.name}"


def shoot_site(results: Path, prefix: Path, browser: str) -> int:
    """Screenshots of a corpus site, as a reader would see it."""
    from playwright.sync_api import sync_playwright

    index = results / "report" / "index.html"
    if not index.is_file():
        print(f"{index}: not found (run `jpblog batch` or `jpblog report` first)", file=sys.stderr)
        return 1
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"]
    problems: list[str] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser, args=args)
        page = chromium.new_page(viewport={"width": 1200, "height": 900})
        page.on("request", lambda r: None if r.url.startswith("file://") else problems.append(f"request {r.url}"))
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.goto(index.as_uri())
        page.wait_for_selector("body[data-site-ready='1']")
        page.screenshot(path=f"{prefix}-index.png", full_page=True)
        if page.evaluate("!!window.jpblogNetwork"):
            page.evaluate("document.getElementById('network').scrollIntoView()")
            at = page.evaluate("window.jpblogNetwork.nodeAt(window.jpblogNetwork.labels()[0])")
            page.mouse.move(at["x"], at["y"])
            page.screenshot(path=f"{prefix}-network.png")
        if page.locator("#f-theme option").count() > 1:
            page.select_option("#f-theme", index=1)
        page.evaluate("document.getElementById('posts').scrollIntoView()")
        page.screenshot(path=f"{prefix}-posts.png")
        page.goto((results / "report" / "posts" / sorted(p.name for p in (results / "report" / "posts").iterdir())[0])
                  .as_uri())
        page.screenshot(path=f"{prefix}-post.png", full_page=True)
        chromium.close()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{prefix}-{{index,network,posts,post}}.png")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    """Render, screenshot, print where the PNG went."""
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0]) if args else Path(tempfile.gettempdir()) / "jpblog-report.png"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: apt-get install -y chromium", file=sys.stderr)
        return 1
    if "--site" in argv:
        rest = [a for a in argv[argv.index("--site") + 1:] if not a.startswith("--")]
        if not rest:
            print("--site needs a results folder", file=sys.stderr)
            return 2
        prefix = Path(rest[1]) if len(rest) > 1 else Path(tempfile.gettempdir()) / "jpblog-site"
        return shoot_site(Path(rest[0]), prefix, browser)
    from jpblog_nlp.render.post import write_report

    data, origin = load_data("--fixture" in argv)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        write_report(data, "html", page)
        cmd = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={Path(tmp) / 'profile'}", "--virtual-time-budget=5000",
            f"--screenshot={out.resolve()}", "--window-size=1200,2400", page.as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    print(f"{out} ({origin})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
