"""Finding lexicon entries in a sentence, and the words whose sense is no judgement.

Longest entries first, left to right.  A lexicon word inside a compound term counts only if it covers
the whole compound or is its head of at least two characters (影響力 does not count as 力); a compound
led by a negating prefix (不, 無, 非, 未) flips its inner word (不安定 is not 安定).  Some matches are
senses without a judgement and are dropped: 高い with a non-price subject (評価が高い), いいね as the like
button.  Volitional verbs (行こう) become matches of the grammar entry う.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import chain

from ..text.records import Term
from ..text.tokens import Morpheme
from .lexicon import GRAMMAR_KEYS, Lexicon
from .negation import NEGATION
from .records import Match

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
SUBJECT_DEPENDENT = frozenset(("高い",))
INTERJECTION_ONLY = frozenset(("いや", "嫌", "否"))
_NEG_PREFIXES = frozenset(["不", "無", "非", "未"])
VOLITIONAL_HINT = re.compile("[おこそとのほもろごぞどぼよょ]う")

_NOMINAL = frozenset(("名詞", "接尾辞", "接頭辞", "形状詞"))


def find_matches(
    ms: Sequence[Morpheme], keys: list[str], lexicon: Lexicon, hits: list[int], compounds: PostCompounds
) -> list[Match]:
    """Longest lexicon matches, left to right, with the compound rule applied.

    ``hits``: the indices where an entry may match (a one-word entry, or the first two words of a
    longer one); ``compounds``: the post's compound terms.
    """
    index = lexicon.index
    spans: tuple[list[int], list[int]] | None = None
    out: list[Match] = []
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
        if size == 1 and (ms[i][5] == "助数詞" or (keys[i] in GRAMMAR_KEYS and ms[i][3] != "助動詞")):
            # A counter (3通, 2品) is no judgement; the noun よう (〜ように) is not the volitional auxiliary.
            continue
        match = Match(i, last, " ".join(keys[i : i + size]) if size > 1 else keys[i])
        if ms[i][3] in _NOMINAL or ms[last][3] in _NOMINAL or not ms[i][11]:
            # Only nominal units can sit inside a compound term (verbs and adjectives end them).
            if spans is None:
                spans = compounds.spans
            if spans[0] and not _compound_ok(ms, match, spans):
                continue
        out.append(match)
        done = last + 1
    return out


class PostCompounds:
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


def _compound_ok(ms: Sequence[Morpheme], match: Match, compounds: tuple[list[int], list[int]]) -> bool:
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


def subject_is_not_price(ms: Sequence[Morpheme], keys: list[str], first: int) -> bool:
    """For 高い: True when a non-price noun is its subject (評価が高い, 影響力の高い)."""
    if first >= 2 and ms[first - 1][3] == "助詞" and keys[first - 1] in ("が", "の", "は", "も"):
        return keys[first - 2] not in _PRICE_NOUNS and ms[first - 2][3] in ("名詞", "接尾辞")
    return False


# いいね as the SNS button (いいね!が付く, いいね!ボタン, 「いいね」を押す) is a thing, not the writer's
# approval: written with ! and followed by a particle or a noun, or quoted.
LIKE_BUTTON = re.compile(r"いいね|イイね|ｲｲﾈ")
LIKE_BANG = re.compile(r"(いいね|イイね|ｲｲﾈ)[!！]+")
_LIKE_AS_NOUN = re.compile(r"[!！]*(?:[をがやのにはも]|し[たてま]|ボタン|数|返し|周り|稼ぎ|」|』)")


def is_like_button(match: Match, ms: Sequence[Morpheme], text: str, offset: int) -> bool:
    """Whether a match is いいね used as the name of the like button."""
    if match.key not in ("良い ね", "いい ね"):
        return False
    start = ms[match.first][1] - offset
    end = ms[match.last][2] - offset
    if start > 0 and text[start - 1] in "「『":
        return True
    return bool(_LIKE_AS_NOUN.match(text, end))


def add_volition(ms: Sequence[Morpheme], matches: list[Match], volitional: list[int]) -> None:
    """Volitional verbs (行こう, 頑張ろう: one UniDic unit) count as the grammar entry "う" (anticipation)."""
    taken = {i for m in matches for i in range(m.first, m.last + 1)}
    n = len(ms)
    added = [
        Match(k, k, "う")
        for k in volitional
        if k not in taken
        # 〜ようとする is "about to" (6年が経とうとしている), not a wish
        and not (k + 2 < n and ms[k + 1][0] == "と" and ms[k + 2][8] in ("為る", "する"))
    ]
    if added:
        matches.extend(added)
        matches.sort(key=lambda m: m.first)
