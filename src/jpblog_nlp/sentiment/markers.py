"""Evidence beyond the lexicon: emoji, emoticons, (笑) and ｗ, exclamations, sighs, a negated action.

😊 reads positive and 😭 negative, (笑) mildly positive.  With no other evidence an exclamation reads as
mild excitement and a trailing ellipsis (…, 。。) as a sigh, and a negated action (踏み出せない) as mild
frustration.  Cheap C-level tests (``has_marker``, ``is_quiet``) let most sentences skip the regexes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.tokens import Morpheme
from .emotions import EMOTION_INDEX, EMOTIONS
from .negation import NEGATORS
from .records import Evidence, make_evidence

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
MARKERS = re.compile(
    "(?P<emoji>[" + "".join(_EMOJI) + "])"
    rf"|(?P<pos>{_POS_EMOTICON})|(?P<neg>{_NEG_EMOTICON})"
    r"|(?P<laugh>(?<![\u4e00-\u9fff])笑(?![\u3040-\u309f\u4e00-\u9fff])"
    r"|(?<=[\u3040-\u30ff\u4e00-\u9fff！!。…])[wｗＷ]+(?![A-Za-zＡ-Ｚａ-ｚ]))"
)
_LAUGH = 0.3
# Characters a marker can start with: one C-level scan rules most sentences out before MARKERS runs.
# (A small character class and a code-point range: a class of every emoji would be slow to search.)
_MARKER_HINT = re.compile(
    "[" + re.escape("".join(c for c in _EMOJI if c < "\U0001F000") + "^≧´;>笑wｗＷ") + "\U0001F000-\U0001FAFF]"
)
# With no other evidence, an exclamation reads as excitement and a trailing ellipsis as a sigh in SNS
# and blog writing (やるぞー！！ / 気づかなかった…); ML-Ask counts both as signs of emotiveness.
EXCLAMATION_MARK = re.compile(r"[!！]")
_LOUD = re.compile("[!！…]")  # exclamation and ellipsis characters
TRAILING_SIGH = re.compile(r"(?:…|\.{3}|。。|、、|・・・)[\s…。.、・]*$")
NEGATED_ACTION = -0.25
# Auxiliaries before ない that do not negate an action: です/ます politeness, だ in じゃない (a tag question
# or a copula), 〜ざるを得ない.
_NOT_ACTIONS = frozenset(("だ", "です", "ます", "た"))
EXCLAIM = 0.25
SIGH = -0.25


def read_signals(
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
                make_evidence(found, found, s, e, "positive" if weight > 0 else "negative", "", False, weight,
                              ("marker",))
            )
        for emotion in emos:
            value = abs(weight) or 0.5
            raw[EMOTION_INDEX[emotion]] += value
            emo_evidence.append(make_evidence(found, found, s, e, "", emotion, False, value, ("marker",)))
    if not evidence and len(ms) > 1:
        _negated_action(ms, keys, evidence, weights, emo_evidence, raw)
    if not quiet and len(text) > 1:
        found = TRAILING_SIGH.search(signals) or (not evidence and EXCLAMATION_MARK.search(signals))
        if found:
            weight = EXCLAIM if found.re is EXCLAMATION_MARK else SIGH
            emotion = "joy" if weight > 0 else "sadness"
            s, e = found.start() + offset, found.end() + offset
            weights.append(weight)
            evidence.append(
                make_evidence(found.group(), found.group(), s, e, "positive" if weight > 0 else "negative", "",
                          False, weight, ("marker",))
            )
            raw[EMOTION_INDEX[emotion]] += abs(weight)
            emo_evidence.append(make_evidence(found.group(), found.group(), s, e, "", emotion, False, abs(weight),
                                          ("marker",)))
    return raw


def has_marker(text: str) -> bool:
    """Whether an emoji, emoticon or laugh marker may be in the text (a cheap test before ``MARKERS``)."""
    return (
        _MARKER_HINT.search(text) is not None or "orz" in text or "OTL" in text or "T_T" in text or "T-T" in text
    )


def is_quiet(text: str) -> bool:
    """True when the text holds no exclamation and no sigh (…, 。。, ...)."""
    return _LOUD.search(text) is None and not (
        "。。" in text or "、、" in text or "・・" in text or ".." in text
    )


def _negated_action(ms: Sequence[Morpheme], keys: list[str], evidence: list[Evidence], weights: list[float],
                    emo_evidence: list[Evidence], raw: list[float]) -> None:
    """With no other evidence, "could not / did not manage" (踏み出せない, できず) reads as frustration."""
    for k in range(1, len(ms)):
        if keys[k] in NEGATORS and ms[k - 1][3] in ("動詞", "助動詞") and keys[k - 1] not in _NOT_ACTIONS:
            m = ms[k - 1]
            term = m[0] + ms[k][0]
            weights.append(NEGATED_ACTION)
            evidence.append(Evidence(term, keys[k - 1] + " ない", m.start, ms[k][2], "negative", "", True,
                                     NEGATED_ACTION, ("negated-predicate",)))
            raw[EMOTION_INDEX["sadness"]] += -NEGATED_ACTION
            emo_evidence.append(Evidence(term, keys[k - 1] + " ない", m.start, ms[k][2], "", "sadness", True,
                                         -NEGATED_ACTION, ("negated-predicate",)))
            return
