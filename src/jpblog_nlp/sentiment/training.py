"""Training the sentence sentiment classifier (``model``) on labelled texts, with a cross-validated report.

Apart from the model so that scoring with a trained model never imports scikit-learn or scipy (they are
imported only inside ``train_model``).  Labelled data is a user file: ``read_labelled`` bounds it and
names the line of any fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from .api import score_unit
from .files import read_resource_text
from .lexicon import Lexicon, load_lexicon
from .model import SentimentModel, sentence_features

_LABEL_NAMES = {
    "pos": "positive",
    "positive": "positive",
    "p": "positive",
    "1": "positive",
    "+1": "positive",
    "neg": "negative",
    "negative": "negative",
    "n": "negative",
    "-1": "negative",
    "neu": "neutral",
    "neutral": "neutral",
    "0": "neutral",
}


def normalize_label(label: str) -> str:
    """positive/negative/neutral for the usual spellings (pos, neg, neu, 1, -1, 0); other labels as given."""
    key = label.strip().lower()
    return _LABEL_NAMES.get(key, key)


#: Labelled data is sentences or short posts (WRIME's are tweets): a line longer than this is a file that
#: lost its line breaks, and a file larger than this is not hand-labelled data.
MAX_LABELLED_CHARS = 5_000
MAX_LABELLED_BYTES = 64 * 1024 * 1024


def read_labelled(path: str | Path) -> tuple[list[str], list[str]]:
    """Read a labelled TSV: ``text<TAB>label`` per line; a ``text<TAB>label`` header is skipped.

    Raises:
        ResourceError: The file cannot be read or a line has no label (the message names the line).
    """
    path = Path(path)
    hint = "one labelled text per line, the label after the last tab, in UTF-8"
    lines = read_resource_text(path, what="labelled data", limit=MAX_LABELLED_BYTES, hint=hint,
                               encoding="utf-8-sig").splitlines()
    texts: list[str] = []
    labels: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        text, tab, label = line.rpartition("\t")
        if number == 1 and text.strip().lower() == "text" and label.strip().lower() == "label":
            continue
        if not tab or not text.strip() or not label.strip():
            raise ResourceError(
                f"line {number}: expected text<TAB>label, got {line[:60]!r}",
                source=str(path),
                hint="one labelled text per line, the label after the last tab",
            )
        if len(text) > MAX_LABELLED_CHARS:
            raise ResourceError(
                f"line {number}: the text is {len(text):,} characters, more than the {MAX_LABELLED_CHARS:,} "
                "a labelled sentence or paragraph can have",
                source=str(path),
                hint="label sentences or short paragraphs, one per line",
            )
        texts.append(text)
        labels.append(normalize_label(label))
    if len(set(labels)) < 2:
        raise ResourceError("labelled data needs at least two classes", source=str(path))
    return texts, labels


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """Cross-validated quality of a trained model.

    Attributes:
        n: Number of labelled texts.
        folds: Number of cross-validation folds.
        accuracy: Cross-validated accuracy.
        macro_f1: Cross-validated macro-averaged F1.
        per_class: (class, precision, recall, F1, support) rows.
        n_features: Size of the vocabulary.
    """

    n: int
    folds: int
    accuracy: float
    macro_f1: float
    per_class: tuple[tuple[str, float, float, float, int], ...]
    n_features: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "n": self.n,
            "folds": self.folds,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class": [
                {"class": c, "precision": p, "recall": r, "f1": f, "support": s} for c, p, r, f, s in self.per_class
            ],
            "n_features": self.n_features,
        }


def train_model(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    c: float = 1.0,
    min_count: int = 2,
    lexicon: Lexicon | str | Path | None = None,
    seed: int = 0,
) -> tuple[SentimentModel, TrainingReport]:
    """Train a LogisticRegression on ``sentence_features`` and report cross-validated quality.

    Args:
        texts: One unit (sentence, post, review) per item.
        labels: Its label (positive/negative/neutral or any other classes).
        folds: Cross-validation folds (fewer when a class is smaller).
        c: Inverse regularization strength.
        min_count: Features seen in fewer texts are dropped.
        lexicon: User lexicon for the lexicon features.
        seed: Random state of the folds.

    Returns:
        The model fitted on all data, and the cross-validated report.
    """
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold, cross_val_predict


    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    lex = load_lexicon(lexicon)
    feats = []
    for text in texts:
        result, ms, terms = score_unit(text, lex)
        feats.append(sentence_features(ms, terms, result))
    counts: dict[str, int] = {}
    for f in feats:
        for name in f:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, k in counts.items() if k >= min_count or n == "lex")
    vocab = {n: i for i, n in enumerate(names)}
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for name, value in f.items():
            col = vocab.get(name)
            if col is not None and value:
                rows.append(r)
                cols.append(col)
                vals.append(value)
    x = csr_matrix((vals, (rows, cols)), shape=(len(feats), len(names)))
    y = np.asarray(labels)
    classes = sorted(set(labels))
    smallest = min(int((y == k).sum()) for k in classes)
    n_folds = max(2, min(folds, smallest))
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    cv = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    pred = cross_val_predict(clf, x, y, cv=cv)
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=classes, zero_division=0)
    report = TrainingReport(
        n=len(texts),
        folds=n_folds,
        accuracy=float(accuracy_score(y, pred)),
        macro_f1=float(f1_score(y, pred, labels=classes, average="macro", zero_division=0)),
        per_class=tuple(
            (k, float(pi), float(ri), float(fi), int(si)) for k, pi, ri, fi, si in zip(classes, p, r, f, s, strict=True)
        ),
        n_features=len(names),
    )
    clf.fit(x, y)
    model = SentimentModel(
        tuple(str(k) for k in clf.classes_), vocab, np.asarray(clf.coef_), np.asarray(clf.intercept_)
    )
    return model, report
