"""Save, or compare against, the outputs a refactoring must not change.

    python scripts/golden_outputs.py save DIR      # before moving code
    python scripts/golden_outputs.py check DIR     # after each move: exit 1 and the differences if any

What is saved (from ../shared/data when present, else the bundled corpus only):
- ``jpblog analyze --format json`` of the sample post and of 300 livedoor posts (every 24th file);
- the sample's text (no colour), Markdown and HTML reports;
- the batch tables (CSV) and ``report.md`` of those 300 posts.

Timestamps and the run's timing figures are blanked before comparing: everything else must be equal
to the byte. The files are written by this script only, into DIR, which is not part of the project.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "itochan-influence.txt"
LIVEDOOR = ROOT.parent / "shared" / "data" / "livedoor"
# Timestamps and durations vary between runs; nothing else may.
VOLATILE = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?"
    r"|\b\d+(?:\.\d+)? ?s\b|generated [^\n<]*|\"(?:seconds|elapsed|started|finished|created)\": [^,\n}]*"
)


def livedoor_posts() -> list[Path]:
    """Every 24th livedoor article (about 300), in a stable order."""
    if not LIVEDOOR.exists():
        return []
    files = sorted(p for p in LIVEDOOR.glob("*/*.txt") if not p.name.upper().startswith(("LICENSE", "README")))
    return files[::24]


def jpblog(*args: str) -> str:
    """stdout of a jpblog command (run with this Python)."""
    done = subprocess.run([sys.executable, "-m", "jpblog_nlp.cli", *args], capture_output=True, text=True,
                          check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"jpblog {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def collect() -> dict[str, str]:
    """Name -> output text."""
    import jpblog_nlp

    out: dict[str, str] = {}
    posts = [SAMPLE, *livedoor_posts()]
    for path in posts:
        result = jpblog_nlp.analyze(path)
        out[f"analyze/{path.parent.name}/{path.stem}.json"] = json.dumps(result.to_dict(), ensure_ascii=False,
                                                                          indent=1, sort_keys=True)
    for fmt, suffix in (("text", "txt"), ("md", "md"), ("html", "html")):
        out[f"report/sample.{suffix}"] = jpblog("analyze", str(SAMPLE), "--format", fmt, "--no-color")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for path in posts:
            (corpus / f"{path.parent.name}--{path.name}").write_bytes(path.read_bytes())
        results = Path(tmp) / "results"
        jpblog("batch", str(corpus), "--out", str(results), "--workers", "1")
        for table in [*sorted(results.glob("*.csv")), results / "report.md"]:
            out[f"batch/{table.name}"] = table.read_text(encoding="utf-8")
    return {name: VOLATILE.sub("<volatile>", text) for name, text in out.items()}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__)
        return 2
    folder = Path(argv[1])
    outputs = collect()
    if argv[0] == "save":
        for name, text in outputs.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        print(f"saved {len(outputs)} outputs into {folder}")
        return 0
    saved = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    differ = sorted(n for n in set(saved) | set(outputs) if saved.get(n) != outputs.get(n))
    for name in differ[:20]:
        print(f"differs: {name}")
    print(f"{len(outputs) - len(differ)} of {len(set(saved) | set(outputs))} outputs identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
