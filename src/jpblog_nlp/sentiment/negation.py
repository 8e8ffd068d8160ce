"""Negation scope: which negations after a matched predicate flip, damp or hedge it.

ない/なかった, ず/ぬ, ません, じゃない/ではない after the predicate (through auxiliaries and は/も) flip and
damp it; わけではない partly cancels (楽しくないわけではない is mildly positive) and 〜とは限らない hedges it;
a denied opinion (楽しいとは思わない, 良いとは言えない) denies what it quotes, though not 〜ざるを得ない or a
question (思いませんか？).  UniDic cuts these into several morphemes, so the scope is walked word by word
up to the end of the clause.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.tokens import Morpheme
from .records import Match

# Tuning constants, set by reading errors on WRIME dev and chABSA (``scripts/eval_sentiment.py``).
NEGATION = -0.75  # 楽しくない is clearly negative but less so than 楽しい is positive
PARTIAL_NEGATION = -0.5  # 〜わけではない
HEDGE = 0.1  # 〜とは限らない
# Keys of the negating auxiliaries: ぬ and ません's ん have the lemma ず, and ``lexicon_keys`` keys 無い as ない.
NEGATORS = frozenset(("ない", "ず"))


def _is_functional(m: Morpheme) -> bool:
    """Words a negation may follow the predicate through: auxiliaries, は/も, light verbs (ある, いる)."""
    pos1 = m[3]
    if pos1 == "助動詞" or pos1 == "接尾辞":
        return True
    if pos1 == "助詞":
        return m[4] in ("係助詞", "副助詞") or (m[4] == "接続助詞" and m[0] == "て")
    return pos1 in ("動詞", "形容詞") and m[4] == "非自立可能"


def apply_negation(ms: Sequence[Morpheme], keys: list[str], match: Match, stop: int) -> None:
    """Find the negations in scope after the matched predicate and apply them."""
    k = match.last + 1
    noun = ms[match.last][3] in ("名詞", "形状詞")
    while k < stop:
        key = keys[k]
        m = ms[k]
        if key in NEGATORS:
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
            if j < stop and keys[j] in NEGATORS and j > k + 1:
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
    while k < stop and keys[k] not in NEGATORS and _is_functional(ms[k]):
        k += 1  # 思え|ない, 考え|られ|ない, 思っ|て|い|ない
    if k >= stop or keys[k] not in NEGATORS:
        return 0
    # 言わざるを得ない (must say) affirms, and so does 思いませんか (don't you think?).
    after = keys[k + 1 : k + 3]
    if after == ["を", "得る"] or after[:1] == ["か"]:
        return 0
    return k


# Keys without which no negation rule (ない, ず, わけではない, とは限らない) can fire in a sentence.
NEGATION_SCOPE_KEYS = frozenset((*NEGATORS, "わけ", "訳", "限る"))
