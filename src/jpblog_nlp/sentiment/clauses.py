"""Clause structure: contrast and conditional clauses, which damp the words inside them.

In X けど Y, X が Y (conjunctive が), X のに Y, X ものの Y, X、でも Y, X、ところが Y and X。でも Y the latter
part weighs more; words in a conditional clause (〜たら, 〜れば, 〜なら) and after it are hypothetical.
UniDic tags some of these markers unhelpfully (a conjunctive が as a case particle, のに as の + に), so
they are recognised from part of speech and neighbours, not from surface alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ..text.tokens import Morpheme
from .records import Match

CONTRAST_FORMER = 0.4  # weight of the clause before けど / が / のに
CONDITIONAL_CLAUSE = 0.1  # polarity inside 〜たら / 〜れば / 〜なら
AFTER_CONDITIONAL = 0.7  # the main clause of a conditional is hypothetical too

_INFLECTING = frozenset(("動詞", "形容詞", "助動詞"))
# Conjunctive particles that end a clause; those that introduce a contrasting clause.
_CONTRAST_PARTICLES = frozenset(("けど", "けれど", "けれども", "が", "のに", "ものの", "ものを"))
_CONTRAST_CONJUNCTIONS = frozenset(
    ("しかし", "でも", "だが", "けど", "けれど", "けれども", "ところが", "だけど", "ただ")
)
CONTRAST_OPENINGS = tuple(sorted(_CONTRAST_CONJUNCTIONS))  # for one str.startswith call

CONDITIONAL_SURFACES = frozenset(("ば", "たら", "だら", "なら"))
CLAUSE_SURFACES = frozenset((*_CONTRAST_PARTICLES, *_CONTRAST_CONJUNCTIONS, "ば", "たら", "だら", "なら"))

# Keys of the words clause_markers may flag: particles and conjunctions are keyed as written, and the
# conditional たら, だら and なら by their lemmas た and だ.
CLAUSE_KEYS = frozenset((*_CONTRAST_PARTICLES, *_CONTRAST_CONJUNCTIONS, "ば", "た", "だ"))


def clause_markers(
    ms: Sequence[Morpheme], keys: list[str], found: list[int], split: bool = False
) -> tuple[list[int], list[int]]:
    """Indices of contrast boundaries and of conditional markers in a sentence.

    ``found``: indices of the morphemes whose surface is in ``CLAUSE_SURFACES``; ``split``: whether the
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
SPLIT_CONTRAST_TEXT = ("のに", "ものの", "、でも", "，でも", "、ところが", "，ところが")
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


def apply_clauses(match: Match, contrast: list[int], conditional: list[int]) -> None:
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
