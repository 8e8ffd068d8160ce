"""A trainable sentence sentiment classifier on our own features, stored as plain JSON.

Features of a sentence (or line):

* ``t:<norm>`` for each compound-aware term (影響力, オンラインサロン, 楽しい ...);
* ``not:<key>`` for each content word in the scope of a negation (楽しくない → ``not:楽しい``), so the
  classifier can learn that 楽しい and its negation differ;
* ``e:<key>`` / ``eneg:<key>`` for each lexicon match (negated or not) and ``lex`` = the rule-based
  score, so the lexicon's knowledge is a starting point the data can correct.

Training uses scikit-learn's LogisticRegression (imported only when training).  The model file holds the
vocabulary, weights, intercepts and classes as JSON (never pickle); prediction is numpy only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ResourceError
from .records import Term
from .tokens import Morpheme

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document
    from .sentiment import Lexicon, SentenceSentiment

FORMAT = "jpblog-sentiment-model"
VERSION = 1
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
_CONTENT = frozenset(("動詞", "形容詞", "形状詞", "名詞"))


def normalize_label(label: str) -> str:
    """positive/negative/neutral for the usual spellings (pos, neg, neu, 1, -1, 0); other labels as given."""
    key = label.strip().lower()
    return _LABEL_NAMES.get(key, key)


def sentence_features(ms: Sequence[Morpheme], terms: Sequence[Term], result: SentenceSentiment) -> dict[str, float]:
    """Feature dict of one sentence: terms, negation-marked lemmas, lexicon matches and score."""
    from .sentiment import _NEGATORS, _keys

    feats: dict[str, float] = {}
    for term in terms:
        if term.kind not in ("url", "hashtag"):
            feats["t:" + term.norm] = 1.0
    keys = _keys(ms)
    for k, key in enumerate(keys):
        if key in _NEGATORS:
            # The nearest content word before the negation is what it negates (楽しく|ない).
            for j in range(k - 1, max(-1, k - 5), -1):
                if ms[j].pos1 in _CONTENT and ms[j].pos2 != "非自立可能":
                    feats["not:" + keys[j]] = 1.0
                    break
    for ev in result.evidence:
        feats[("eneg:" if ev.negated else "e:") + ev.key] = 1.0
    feats["lex"] = result.score
    return feats


@dataclass(frozen=True, slots=True)
class SentimentModel:
    """A multinomial (or binary) logistic regression over ``sentence_features``.

    Attributes:
        classes: Class labels in column order.
        vocabulary: Feature name → column.
        coef: Weights, shape (n_classes, n_features); (1, n_features) for two classes.
        intercept: Intercepts, one per row of ``coef``.
    """

    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray

    def predict_proba(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one feature dict."""
        z = self.intercept.astype(float).copy()
        for name, value in features.items():
            col = self.vocabulary.get(name)
            if col is not None:
                z += self.coef[:, col] * value
        if len(self.classes) == 2 and z.shape[0] == 1:
            p = 1.0 / (1.0 + math.exp(-float(z[0])))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        z -= z.max()
        e = np.exp(z)
        e /= e.sum()
        return {c: float(v) for c, v in zip(self.classes, e, strict=True)}

    def rescore_one(
        self, result: SentenceSentiment, ms: Sequence[Morpheme], terms: Sequence[Term]
    ) -> SentenceSentiment:
        """The result with score and label from the model (evidence and emotions kept)."""
        proba = self.predict_proba(sentence_features(ms, terms, result))
        label = max(proba, key=proba.__getitem__)
        score = proba.get("positive", 0.0) - proba.get("negative", 0.0)
        return replace(result, score=score, label=label)

    def rescore(self, doc: Document, sentences: Sequence[SentenceSentiment]) -> list[SentenceSentiment]:
        """Rescore every sentence of a prepared document."""
        return [self.rescore_one(s, doc.morphemes[i], doc.terms[i]) for i, s in enumerate(sentences)]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written by ``save``."""
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "format": FORMAT,
            "version": VERSION,
            "classes": list(self.classes),
            "vocabulary": names,
            "coef": [[round(float(v), 6) for v in row] for row in self.coef],
            "intercept": [round(float(v), 6) for v in self.intercept],
        }

    def save(self, path: str | Path) -> None:
        """Write the model as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False), encoding="utf-8")


def load_model(model: SentimentModel | str | Path) -> SentimentModel:
    """Load a model saved by ``SentimentModel.save`` (or return a loaded one as is).

    Raises:
        ResourceError: The file is missing, not JSON, or not a jpblog sentiment model.
    """
    if isinstance(model, SentimentModel):
        return model
    path = Path(model)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ResourceError(f"cannot read sentiment model: {err}", source=str(path)) from err
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ResourceError(
            "not a jpblog sentiment model", source=str(path), hint="train one with `jpblog sentiment train`"
        )
    try:
        classes = tuple(str(c) for c in data["classes"])
        names = [str(n) for n in data["vocabulary"]]
        coef = np.asarray(data["coef"], dtype=float)
        intercept = np.asarray(data["intercept"], dtype=float)
    except (KeyError, TypeError, ValueError) as err:
        raise ResourceError(f"malformed sentiment model: {err}", source=str(path)) from err
    rows = 1 if len(classes) == 2 else len(classes)
    if coef.shape != (rows, len(names)) or intercept.shape != (rows,):
        raise ResourceError(
            f"malformed sentiment model: weights of shape {coef.shape} for {len(classes)} classes and "
            f"{len(names)} features",
            source=str(path),
        )
    return SentimentModel(classes, {n: i for i, n in enumerate(names)}, coef, intercept)


def read_labelled(path: str | Path) -> tuple[list[str], list[str]]:
    """Read a labelled TSV: ``text<TAB>label`` per line; a ``text<TAB>label`` header is skipped.

    Raises:
        ResourceError: The file cannot be read or a line has no label (the message names the line).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ResourceError(f"cannot read labelled data: {err}", source=str(path)) from err
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

    from .sentiment import load_lexicon, score_unit

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
