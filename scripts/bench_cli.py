"""Cold start-up of the command line, measured in fresh processes.

Prints the wall time of `jpblog --help` and of `jpblog analyze` on the sample post (median of N fresh
processes, each paying for interpreter start, imports, Tagger and resource loading), the same for a
bare fugashi process that tokenizes the post, and whether the single-post path imported pandas,
scikit-learn or numpy (it must not: numpy alone takes about 100 ms to import, and the summary ranks a
post of this length in pure Python). Targets: --help well under 0.5 s, analyze under 0.5 s.

The package is byte-compiled first, as `pip install .` does: with PYTHONDONTWRITEBYTECODE set (as on
our machines) an editable checkout would otherwise recompile every module in every run. The bare
interpreter start (`python -c pass`) is printed too: a site-wide .pth file can make it slow.

Usage: python scripts/bench_cli.py [--runs 5] [--format text|json|html|md]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "itochan-influence.txt"
BARE = (
    "import fugashi, sys; t = fugashi.Tagger(); "
    "[(w.surface, w.feature.lemma) for w in t(open(sys.argv[1], encoding='utf-8').read())]"
)
CHECK_IMPORTS = (
    "import sys, runpy; sys.argv = ['jpblog', 'analyze', sys.argv[1], '--format', sys.argv[2]];\n"
    "try:\n    runpy.run_module('jpblog_nlp.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    "heavy = sorted(m for m in ('pandas', 'sklearn', 'scipy', 'pyarrow', 'numpy') if m in sys.modules)\n"
    "print('HEAVY=' + ','.join(heavy), file=sys.stderr)"
)


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of running cmd in a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", default="text")
    args = parser.parse_args()
    import compileall

    import jpblog_nlp

    compileall.compile_dir(Path(jpblog_nlp.__file__).parent, quiet=1)
    jpblog = [sys.executable, "-m", "jpblog_nlp.cli"]
    start_time = wall([sys.executable, "-c", "pass"], args.runs)
    help_time = wall([*jpblog, "--help"], args.runs)
    analyze_time = wall([*jpblog, "analyze", str(SAMPLE), "--format", args.format], args.runs)
    bare_time = wall([sys.executable, "-c", BARE, str(SAMPLE)], args.runs)
    probe = subprocess.run(
        [sys.executable, "-c", CHECK_IMPORTS, str(SAMPLE), args.format], capture_output=True, text=True, check=False
    )
    heavy = next((line[6:] for line in probe.stderr.splitlines() if line.startswith("HEAVY=")), "?")
    print(f"runs per figure: {args.runs} (median of fresh processes)")
    print(f"{'python -c pass (interpreter start)':<45} {start_time:6.3f} s")
    print(f"{'jpblog --help':<45} {help_time:6.3f} s  (target < 0.5 s)")
    print(f"{'jpblog analyze sample --format ' + args.format:<45} {analyze_time:6.3f} s  (target < 0.5 s)")
    print(f"{'bare fugashi: import, Tagger, tokenize sample':<45} {bare_time:6.3f} s")
    print(f"analyze / bare fugashi: {analyze_time / bare_time:.2f}x")
    print(f"heavy modules imported by analyze: {heavy or 'none'}")
    return 0 if analyze_time < 0.5 and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
