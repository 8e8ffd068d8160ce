"""Intensifiers and downtoners before a lexicon match, and intensifiers that are not judgements.

とても, すごく, 本当に, めっちゃ, 全然 … strengthen the word they precede and 少し, ちょっと, やや weaken it;
some of them (すごい, 最高) are lexicon entries too, and only judge when they do not modify the next
predicate (すごく嬉しい is one judgement, not two).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.tokens import Morpheme
from .records import Match

INTENSIFY = 1.5
DOWNTONE = 0.5
INTENSIFIERS = frozenset(
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
# Modifiers UniDic cuts in two, as key pairs (実に is 実 + に, 死ぬほど 死ぬ + ほど; unidic-lite reads the
# ガチ of ガチで as two symbols).
PAIR_MODIFIERS = {
    ("実", "に"): "intensified",
    ("心", "から"): "intensified",
    ("死ぬ", "ほど"): "intensified",
    ("ガ", "チ"): "intensified",
    ("比較", "的"): "downtoned",
}
# Keys that show a modifier may be near: single-word ones and the first words of the pairs.
MODIFIER_KEYS = INTENSIFIERS | _DOWNTONERS | {first for first, _ in PAIR_MODIFIERS}


def modifier_before(ms: Sequence[Morpheme], keys: list[str], first: int, floor: int) -> str:
    """ "intensified"/"downtoned" when such an adverb stands just before the match (within 3 words)."""
    for k in range(first - 1, max(floor, first - 4) - 1, -1):
        key = keys[k]
        if key in INTENSIFIERS:
            return "intensified"
        if key in _DOWNTONERS:
            return "downtoned"
        if k > floor:
            pair = PAIR_MODIFIERS.get((keys[k - 1], key))
            if pair:
                return pair
        if ms[k][3] in ("補助記号", "動詞") or ms[k][4] == "接続助詞":
            break
    return ""


def is_intensifier_use(ms: Sequence[Morpheme], keys: list[str], match: Match) -> bool:
    """すごく嬉しい, 最高に楽しい: the word modifies the next predicate instead of judging."""
    if match.first != match.last or keys[match.first] not in INTENSIFIERS:
        return False
    m = ms[match.first]
    nxt = match.last + 1
    if m[3] == "副詞":
        return True  # めちゃめちゃ軽い: an intensifying adverb never judges by itself
    if m[7].startswith("連用形") and nxt < len(ms) and ms[nxt][3] in ("形容詞", "動詞", "形状詞"):
        return True
    return nxt + 1 < len(ms) and keys[nxt] in ("に", "だ") and ms[nxt + 1][3] in ("形容詞", "動詞", "形状詞")
