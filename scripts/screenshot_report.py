"""Save a PNG screenshot of the HTML report of the sample post, for a person to look at.

Usage: python scripts/screenshot_report.py [OUT.png] [--fixture]   (default OUT: $TMPDIR/jpblog-report.png)

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


def main(argv: list[str]) -> int:
    """Render, screenshot, print where the PNG went."""
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0]) if args else Path(tempfile.gettempdir()) / "jpblog-report.png"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: apt-get install -y chromium", file=sys.stderr)
        return 1
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
