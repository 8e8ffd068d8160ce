"""A trainable sentence sentiment classifier on our own features, stored as plain JSON.

Features of a sentence (or line):

* ``t:<norm>`` for each compound-aware term (影響力, オンラインサロン, 楽しい ...);
* ``not:<key>`` for each content word in the scope of a negation (楽しくない → ``not:楽しい``), so the
  classifier can learn that 楽しい and its negation differ;
* ``e:<key>`` / ``eneg:<key>`` for each lexicon match (negated or not) and ``lex`` = the rule-based
  score, so the lexicon's knowledge is a starting point the data can correct.

Training (``training``, with scikit-learn's LogisticRegression) is apart: scoring with a model needs
numpy only.  The model file holds the vocabulary, weights, intercepts and classes as JSON (never pickle),
and is validated in full before use since it may come from anywhere.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ResourceError
from ..text.records import Term
from ..text.tokens import Morpheme
from .files import read_resource_text
from .lexicon import lexicon_keys
from .negation import NEGATORS

if TYPE_CHECKING:  # pragma: no cover
    from ..text.document import Document
    from .records import SentenceSentiment

FORMAT = "jpblog-sentiment-model"
VERSION = 1
_CONTENT = frozenset(("動詞", "形容詞", "形状詞", "名詞"))


def sentence_features(ms: Sequence[Morpheme], terms: Sequence[Term], result: SentenceSentiment) -> dict[str, float]:
    """Feature dict of one sentence: terms, negation-marked lemmas, lexicon matches and score."""
    feats: dict[str, float] = {}
    for term in terms:
        if term.kind not in ("url", "hashtag"):
            feats["t:" + term.norm] = 1.0
    keys = lexicon_keys(ms)
    for k, key in enumerate(keys):
        if key in NEGATORS:
            # The nearest content word before the negation is what it negates (楽しく|ない).
            for j in range(k - 1, max(-1, k - 5), -1):
                if ms[j].pos1 in _CONTENT and ms[j].pos2 != "非自立可能":
                    feats["not:" + keys[j]] = 1.0
                    break
    for ev in result.evidence:
        feats[("eneg:" if ev.negated else "e:") + ev.key] = 1.0
    feats["lex"] = result.score
    return feats


def _sigmoid(z: float) -> float:
    """The logistic function without overflow: exp() only ever sees a value <= 0 (an intercept of -1000 is 0)."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


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
            p = _sigmoid(float(z[0]))
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
        """Write the model as JSON (``safe_io``: a regular file is replaced atomically, a device or symlink
        is written through, never replaced)."""
        from ..safe_io import write_text

        write_text(path, json.dumps(self.to_dict(), ensure_ascii=False), what="model")


#: Largest model file read (bytes).  A model trained on a big corpus (100,000 features, three classes) is a few
#: MB; anything far beyond is not one of ours, and reading it whole would cost memory for nothing.
MAX_MODEL_BYTES = 64 * 1024 * 1024
#: Largest magnitude of a weight or intercept.  A logistic regression with any sensible regularisation stays
#: within a few hundred; the bound keeps every score computation finite (see ``predict_proba``).
MAX_WEIGHT = 1e6
#: Longest number literal accepted: converting a longer one costs time (or raises) for no possible weight.
MAX_NUMBER_CHARS = 40
_RETRAIN = "retrain with `jpblog sentiment train`"
class _BadNumber:
    """A number literal no weight can be (NaN, Infinity, 1e400, a 400-digit integer), kept for the message."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text if len(self.text) <= 20 else f"{self.text[:12]}… ({len(self.text)} characters)"


def _parse_int(text: str) -> int | _BadNumber:
    """json's integer hook: a long literal is not converted (int() of thousands of digits raises or is slow)."""
    return int(text) if len(text) <= MAX_NUMBER_CHARS else _BadNumber(text)


def _parse_float(text: str) -> float | _BadNumber:
    """json's float hook: a literal that overflows (1e400) or is very long is kept as a bad number."""
    if len(text) > MAX_NUMBER_CHARS:
        return _BadNumber(text)
    value = float(text)
    return value if math.isfinite(value) else _BadNumber(text)


def _weights(value: Any, field: str, length: int, path: Path) -> list[float]:
    """A flat list of ``length`` finite weights within ``MAX_WEIGHT``."""
    if not isinstance(value, list):
        raise _malformed(f"{field} must be a list of numbers", path)
    if len(value) != length:
        raise _malformed(f"{field} has {len(value)} numbers, expected {length}", path)
    for i, x in enumerate(value):
        if isinstance(x, bool) or not isinstance(x, (int, float, _BadNumber)):
            raise _malformed(f"{field}[{i}] must be a number, got {_kind(x)}", path)
        if isinstance(x, _BadNumber) or not abs(x) <= MAX_WEIGHT:
            raise _malformed(f"{field}[{i}] is {x}, not a finite number within ±{MAX_WEIGHT:.0f}", path)
    return [float(x) for x in value]


def _strings(value: Any, field: str, path: Path) -> list[str]:
    """A list of distinct non-empty strings."""
    if not isinstance(value, list):
        raise _malformed(f"{field} must be a list of strings", path)
    for i, x in enumerate(value):
        if not isinstance(x, str) or not x:
            raise _malformed(f"{field}[{i}] must be a non-empty string, got {_kind(x)}", path)
    if len(set(value)) != len(value):
        raise _malformed(f"{field} names an item twice", path)
    return value


def _kind(value: Any) -> str:
    """What a JSON value is, for a message: a number as written (short), else its type, never a long value."""
    if isinstance(value, (_BadNumber, int, float)) and not isinstance(value, bool):
        return str(value)
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(type(value), "null")


def _malformed(message: str, path: Path) -> ResourceError:
    """The error of a model file that parses but does not hold a usable model."""
    return ResourceError(f"malformed sentiment model: {message}", source=str(path), hint=_RETRAIN)


def load_model(model: SentimentModel | str | Path) -> SentimentModel:
    """Load a model saved by ``SentimentModel.save`` (or return a loaded one as is).

    Everything in the file is validated before use, since a model file may come from anywhere: its size
    (``MAX_MODEL_BYTES``), nesting, the shapes of classes, vocabulary and weights, and every weight being a
    finite number within ``MAX_WEIGHT`` -- so that scoring can neither overflow nor put NaN into a result.

    Raises:
        ResourceError: The file is missing, too large, not JSON, or not a valid jpblog sentiment model (the
            message names the field).
    """
    if isinstance(model, SentimentModel):
        return model
    path = Path(model)
    text = read_resource_text(path, what="sentiment model", limit=MAX_MODEL_BYTES, hint=_RETRAIN)
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_BadNumber)
    except json.JSONDecodeError as err:
        raise ResourceError(f"cannot read sentiment model: {err}", source=str(path), hint=_RETRAIN) from err
    except RecursionError as err:  # the C scanner recurses once per [ or {; a model is three levels deep
        raise _malformed("JSON nested too deeply", path) from err
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ResourceError(
            "not a jpblog sentiment model", source=str(path), hint="train one with `jpblog sentiment train`"
        )
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        raise _malformed(f"version must be {VERSION}, got {_kind(data.get('version'))}", path)
    for key in ("classes", "vocabulary", "coef", "intercept"):
        if key not in data:
            raise _malformed(f"no {key!r} field", path)
    classes = tuple(_strings(data["classes"], "classes", path))
    if len(classes) < 2:
        raise _malformed(f"classes must name at least two classes, got {len(classes)}", path)
    names = _strings(data["vocabulary"], "vocabulary", path)
    rows = 1 if len(classes) == 2 else len(classes)
    coef_rows = data["coef"]
    if not isinstance(coef_rows, list) or len(coef_rows) != rows:
        got = f"{len(coef_rows)} rows" if isinstance(coef_rows, list) else _kind(coef_rows)
        raise _malformed(f"coef must be {rows} list(s) of weights for {len(classes)} classes, got {got}", path)
    coef = np.array([_weights(row, f"coef[{r}]", len(names), path) for r, row in enumerate(coef_rows)],
                    dtype=float).reshape(rows, len(names))
    intercept = np.array(_weights(data["intercept"], "intercept", rows, path), dtype=float)
    return SentimentModel(classes, {n: i for i, n in enumerate(names)}, coef, intercept)
