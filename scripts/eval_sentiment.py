"""Evaluate sentiment and emotions on WRIME dev and chABSA, side by side with oseti and pymlask.

Data (read from ../shared/data, never copied into the project):

* WRIME ver1 dev (1,200 SNS posts, three readers' intensities 0-3 for Plutchik's eight emotions).
  WRIME ver1 has no sentiment column, so labels are derived from the averaged readers' intensities:
  P = Joy + Anticipation + Trust, N = Sadness + Anger + Fear + Disgust (Surprise has no valence);
  positive if P > N, negative if N > P, neutral if P == N (in practice both 0).
* chABSA sentences_pos_neg_neu.tsv (2,402 sentences of securities reports, labels pos/neg/neu).

Systems:

* jpblog (lexicon rules), each text scored as one unit (``score_lines``);
* oseti and pymlask in their own setting (MeCab + IPAdic): this script makes a venv
  (/tmp/jpblog-eval-venv), pip installs ``oseti pymlask mecab-python3 ipadic`` and runs them there on
  the same texts through a subprocess; they are skipped with a note when installation fails.
  oseti: mean of its per-sentence scores, sign → label.  pymlask: its orientation (POSITIVE,
  mostly_POSITIVE → positive, NEGATIVE, mostly_NEGATIVE → negative, else neutral); its emotion classes
  mapped onto Plutchik as in ``scripts/build_lexicons.py`` for the correlations.

Prints accuracy and macro-F1 per dataset and system, per-class F1, and Pearson/Spearman correlations of
the emotion intensities with WRIME's averaged readers' intensities.

    python scripts/eval_sentiment.py [--no-baselines] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
WRIME = SHARED / "wrime" / "wrime-ver1.dev.tsv"
CHABSA = SHARED / "chabsa" / "sentences_pos_neg_neu.tsv"
VENV = Path("/tmp/jpblog-eval-venv")
sys.path.insert(0, str(ROOT / "src"))

from jpblog_nlp.sentiment import EMOTIONS  # noqa: E402  (the one list of emotion names)

LABELS = ("positive", "negative", "neutral")

# Runs inside the baseline venv: reads JSON texts on stdin, writes one JSON result per line.
RUNNER = r"""
import json, sys
import ipadic, MeCab
import oseti, mlask
SHARES = {"yorokobi": {"joy": 1.0}, "aware": {"sadness": 1.0}, "ikari": {"anger": 1.0},
          "kowa": {"fear": 1.0}, "iya": {"disgust": 1.0}, "odoroki": {"surprise": 1.0},
          "suki": {"trust": 0.7, "joy": 0.3}, "yasu": {"trust": 0.5, "joy": 0.5},
          "takaburi": {"anticipation": 0.6, "surprise": 0.4}, "haji": {"fear": 0.5, "disgust": 0.5}}
os_an = oseti.Analyzer(mecab_args=ipadic.MECAB_ARGS)
ml = mlask.MLAsk(ipadic.MECAB_ARGS)
for line in sys.stdin:
    text = json.loads(line)
    try:
        scores = os_an.analyze(text)
        o = sum(scores) / len(scores) if scores else 0.0
    except Exception:
        o = 0.0
    r = ml.analyze(text)
    orient = r.get("orientation") or ""
    emo = {}
    for cls, words in (r.get("emotion") or {}).items():
        for e, s in SHARES.get(cls, {}).items():
            emo[e] = emo.get(e, 0.0) + s * len(words)
    print(json.dumps({"oseti": o, "mlask": orient, "mlask_emotions": emo}), flush=True)
"""


def ensure_venv() -> Path | None:
    """Create the baseline venv once; return its python, or None (with a note) when it cannot be made."""
    python = VENV / "bin" / "python"
    check = [str(python), "-c", "import oseti, mlask, MeCab, ipadic"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    try:
        if not python.exists():
            venv.create(VENV, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "oseti", "pymlask", "mecab-python3", "ipadic"],
            check=True,
            capture_output=True,
        )
        subprocess.run(check, check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError) as err:
        print(f"note: baselines skipped: could not install oseti/pymlask in {VENV}: {err}", file=sys.stderr)
        return None
    return python


def run_baselines(python: Path, texts: list[str]) -> list[dict] | None:
    """oseti and pymlask results for each text, from the venv."""
    payload = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts)
    proc = subprocess.run(
        [str(python), "-c", RUNNER], input=payload, capture_output=True, text=True, encoding="utf-8"
    )
    if proc.returncode != 0:
        print(f"note: baselines failed: {proc.stderr[-500:]}", file=sys.stderr)
        return None
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return rows if len(rows) == len(texts) else None


def load_wrime(limit: int | None) -> tuple[list[str], list[str], dict[str, list[float]]]:
    """WRIME texts, derived labels and averaged readers' intensities."""
    import pandas as pd

    frame = pd.read_csv(WRIME, sep="\t", quoting=3)
    if limit:
        frame = frame.head(limit)
    texts = [t.replace("\\n", "\n") for t in frame["Sentence"].astype(str)]
    avg = {e: frame[f"Avg. Readers_{e.capitalize()}"].astype(float).tolist() for e in EMOTIONS}
    labels = []
    for i in range(len(texts)):
        p = avg["joy"][i] + avg["anticipation"][i] + avg["trust"][i]
        n = avg["sadness"][i] + avg["anger"][i] + avg["fear"][i] + avg["disgust"][i]
        labels.append("positive" if p > n else "negative" if n > p else "neutral")
    return texts, labels, avg


def load_chabsa(limit: int | None) -> tuple[list[str], list[str]]:
    """chABSA sentences and labels."""
    names = {"pos": "positive", "neg": "negative", "neu": "neutral"}
    texts, labels = [], []
    for line in CHABSA.read_text(encoding="utf-8").splitlines()[1:]:
        text, _, label = line.rpartition("\t")
        if text and label in names:
            texts.append(text)
            labels.append(names[label])
    if limit:
        texts, labels = texts[:limit], labels[:limit]
    return texts, labels


def scores_table(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Accuracy, macro-F1 and per-class F1 (over the classes present in gold)."""
    from sklearn.metrics import accuracy_score, f1_score

    classes = [c for c in LABELS if c in gold]
    per = f1_score(gold, pred, labels=classes, average=None, zero_division=0)
    out = {
        "acc": accuracy_score(gold, pred),
        "macroF1": f1_score(gold, pred, labels=classes, average="macro", zero_division=0),
    }
    out.update({f"F1-{c[:3]}": float(v) for c, v in zip(classes, per, strict=True)})
    return out


def sign_label(score: float) -> str:
    """Label of a baseline score by its sign."""
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def mlask_label(orientation: str) -> str:
    """Label of ML-Ask's orientation."""
    if orientation.endswith("POSITIVE"):
        return "positive"
    if orientation.endswith("NEGATIVE"):
        return "negative"
    return "neutral"


def correlations(pred: dict[str, list[float]], gold: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
    """Pearson and Spearman correlation per emotion (nan when a side is constant)."""
    import numpy as np
    from scipy.stats import pearsonr, spearmanr

    out = {}
    for e in EMOTIONS:
        x, y = np.asarray(pred[e], float), np.asarray(gold[e], float)
        if x.std() == 0 or y.std() == 0:
            out[e] = (float("nan"), float("nan"))
        else:
            out[e] = (float(pearsonr(x, y)[0]), float(spearmanr(x, y)[0]))
    return out


def main() -> None:
    """Run the evaluation and print the tables."""
    parser = argparse.ArgumentParser(description="Evaluate sentiment on WRIME dev and chABSA.")
    parser.add_argument("--no-baselines", action="store_true", help="skip oseti and pymlask")
    parser.add_argument("--limit", type=int, help="only the first N texts of each dataset")
    args = parser.parse_args()
    if not WRIME.exists() or not CHABSA.exists():
        sys.exit(f"data not found under {SHARED}")
    from jpblog_nlp.sentiment import score_lines

    python = None if args.no_baselines else ensure_venv()
    wrime_texts, wrime_gold, wrime_avg = load_wrime(args.limit)
    chabsa_texts, chabsa_gold = load_chabsa(args.limit)
    rows: list[tuple[str, str, dict[str, float]]] = []
    emotion_rows: list[tuple[str, dict[str, tuple[float, float]]]] = []
    for name, texts, gold in (("WRIME dev", wrime_texts, wrime_gold), ("chABSA", chabsa_texts, chabsa_gold)):
        t0 = time.perf_counter()
        ours = score_lines(texts)
        elapsed = time.perf_counter() - t0
        rows.append((name, "jpblog", scores_table(gold, [r.label for r in ours])))
        print(f"{name}: {len(texts)} texts, jpblog {elapsed:.1f} s", file=sys.stderr)
        if name == "WRIME dev":
            pred = {e: [dict(r.emotions)[e] for r in ours] for e in EMOTIONS}
            emotion_rows.append(("jpblog", correlations(pred, wrime_avg)))
        base = run_baselines(python, texts) if python else None
        if base is None:
            if python:
                print(f"note: baselines gave no result on {name}", file=sys.stderr)
            continue
        rows.append((name, "oseti (IPAdic)", scores_table(gold, [sign_label(b["oseti"]) for b in base])))
        rows.append((name, "pymlask (IPAdic)", scores_table(gold, [mlask_label(b["mlask"]) for b in base])))
        if name == "WRIME dev":
            pred = {e: [b["mlask_emotions"].get(e, 0.0) for b in base] for e in EMOTIONS}
            emotion_rows.append(("pymlask (IPAdic)", correlations(pred, wrime_avg)))
    gold_counts = {n: {c: g.count(c) for c in LABELS} for n, g in (("WRIME dev", wrime_gold), ("chABSA", chabsa_gold))}
    print("\nGold label counts:", json.dumps(gold_counts, ensure_ascii=False))
    print("\n| dataset | system | accuracy | macro-F1 | F1 pos | F1 neg | F1 neu |")
    print("|---|---|---|---|---|---|---|")
    for dataset, system, s in rows:
        print(
            f"| {dataset} | {system} | {s['acc']:.3f} | {s['macroF1']:.3f} | {s.get('F1-pos', 0):.3f} "
            f"| {s.get('F1-neg', 0):.3f} | {s.get('F1-neu', 0):.3f} |"
        )
    print("\nEmotion intensity vs WRIME averaged readers (Pearson / Spearman):")
    print("| system | " + " | ".join(EMOTIONS) + " |")
    print("|---|" + "---|" * len(EMOTIONS))
    for system, corr in emotion_rows:
        print(f"| {system} | " + " | ".join(f"{corr[e][0]:.3f} / {corr[e][1]:.3f}" for e in EMOTIONS) + " |")
    wrime_rows = {system: s["macroF1"] for dataset, system, s in rows if dataset == "WRIME dev"}
    baselines = [v for k, v in wrime_rows.items() if k != "jpblog"]
    if baselines:
        margin = 100 * (wrime_rows["jpblog"] - max(baselines))
        print(f"\nWRIME dev macro-F1: jpblog {wrime_rows['jpblog']:.3f}, best baseline {max(baselines):.3f} "
              f"({margin:+.1f} points; target +10)")


if __name__ == "__main__":
    main()
