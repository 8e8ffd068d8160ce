"""Scoring the sentences of a document: one pass over its morphemes applies every rule.

This is the hot loop (``scripts/bench_sentiment.py``).  The rules live in their own modules
(``matching``, ``negation``, ``clauses``, ``modifiers``, ``markers``) and are called straight from here,
without wrappers; C-level tests over the whole post decide which sentences, and which rules, need any
Python work at all.

A sentence's score is the sum of its signed evidence weights over the sum of their magnitudes (at least
1), so one full-weight word gives ±1 and damped evidence stays small; |score| < ``LABEL_THRESHOLD`` is
neutral.  Questions (〜か？) are damped; 〜ばよかった is regret and 〜たらいいな a hope.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import chain, compress
from pathlib import Path
from typing import TYPE_CHECKING

from ..text.tokens import Morpheme
from .clauses import (
    CLAUSE_KEYS,
    CLAUSE_SURFACES,
    CONDITIONAL_SURFACES,
    SPLIT_CONTRAST_TEXT,
    apply_clauses,
    clause_markers,
)
from .emotions import EMOTION_INDEX, EMOTION_NEGATED, EMOTIONS, OPPOSITE, ZERO_EMOTIONS, intensities
from .lexicon import Lexicon, lexicon_keys, load_lexicon
from .markers import EXCLAMATION_MARK, MARKERS, TRAILING_SIGH, has_marker, is_quiet, read_signals
from .matching import (
    INTERJECTION_ONLY,
    LIKE_BANG,
    LIKE_BUTTON,
    SUBJECT_DEPENDENT,
    VOLITIONAL_HINT,
    PostCompounds,
    add_volition,
    find_matches,
    is_like_button,
    subject_is_not_price,
)
from .modifiers import (
    DOWNTONE,
    INTENSIFIERS,
    INTENSIFY,
    MODIFIER_KEYS,
    PAIR_MODIFIERS,
    is_intensifier_use,
    modifier_before,
)
from .negation import NEGATION_SCOPE_KEYS, apply_negation
from .records import Evidence, SentenceSentiment, make_evidence, make_sentence_sentiment

if TYPE_CHECKING:  # pragma: no cover
    from ..text.document import Document

# Tuning constants of the sentence-level rules, set on WRIME dev and chABSA (``scripts/eval_sentiment.py``).
QUESTION = 0.1
REGRET = -0.5  # 〜ばよかった
HOPE = 0.5  # 〜たらいいな
LABEL_THRESHOLD = 0.15  # |sentence score| below this is neutral
_QUESTION_END = re.compile(r"[?？][\s」』)）!！?？]*$")

# Keys some rule of the match loop singles out, with the rule: one dict lookup per match.
_KEY_RULES = {
    **dict.fromkeys(INTENSIFIERS, "intensifier"),
    **dict.fromkeys(INTERJECTION_ONLY, "interjection"),
    **dict.fromkeys(SUBJECT_DEPENDENT, "subject"),
    "良い": "good",
    **{first: "modifier-head" for first, _ in PAIR_MODIFIERS},
}
_NO_ENTRY = (None, None)


def _score_sentence(
    ms: Sequence[Morpheme],
    keys: list[str],
    text: str,
    offset: int,
    index: int,
    lexicon: Lexicon,
    hits: list[int],
    clause_words: list[int],
    compounds: PostCompounds,
) -> SentenceSentiment:
    """Score one sentence: its morphemes and their keys, its text starting at ``offset`` in the post.

    The sentence's ``hits`` (where an entry may match) and ``clause_words`` (words whose surface may end
    a clause), indices into ``ms``, come from the post's first pass (see ``score_sentences``).
    """
    end = offset + len(text)
    # Volitional verbs (行こう, 食べよう) end in an o-row kana + う; a regex test spares most sentences the scan.
    volitional = None
    if VOLITIONAL_HINT.search(text):
        volitional = [k for k, m in enumerate(ms) if m[7] == "意志推量形" and m[3] == "動詞"]
    matches = find_matches(ms, keys, lexicon, hits, compounds) if hits else []
    if matches and "正直" in text:
        # 正直に / 正直、 are "frankly" and "straightforwardly", not praise of honesty (正直な人).
        matches = [m for m in matches if not (m.key == "正直" and m.last + 1 < len(ms)
                                              and ms[m.last + 1][0] in ("に", "、", "言う", "いう", "言っ", "いっ"))]
    # What markers, exclamations and sighs are read in (the sentence itself is kept as written).
    signals = text
    if matches and LIKE_BUTTON.search(text):
        buttons = [m for m in matches if is_like_button(m, ms, text, offset)]
        if buttons:
            matches = [m for m in matches if m not in buttons]
            # The button's own ! (いいね!) is part of its name, not an exclamation.
            signals = LIKE_BANG.sub(lambda g: g.group(1) + " " * (len(g.group()) - len(g.group(1))), text)
    markers = list(MARKERS.finditer(signals)) if has_marker(signals) else []
    if volitional:
        add_volition(ms, matches, volitional)
    quiet = is_quiet(signals)
    if not matches and not markers and (
        quiet or len(text) < 2 or not (EXCLAMATION_MARK.search(signals) or TRAILING_SIGH.search(signals))
    ):
        return make_sentence_sentiment(index, text, offset, end, 0.0, "neutral", (), ZERO_EMOTIONS, ())
    n = len(ms)
    # Most sentences hold none of the words _split_contrasts looks for and skip its scan.
    split = bool(matches) and any(map(text.__contains__, SPLIT_CONTRAST_TEXT))
    if matches and (clause_words or split):
        contrast, conditional = clause_markers(ms, keys, clause_words, split)
        bounds = sorted(contrast + conditional)
    else:
        contrast, conditional, bounds = [], [], []
    question = (("?" in signals or "？" in signals) and bool(_QUESTION_END.search(signals))) or (
        n > 0 and ms[-1][4] == "終助詞" and keys[-1] == "か"
    )
    if n > 1 and ms[-1][3] == "補助記号" and ms[-2][4] == "終助詞" and keys[-2] == "か":
        question = True
    # Sentence-level C-level set tests decide which per-match rules can apply at all.
    may_negate = not NEGATION_SCOPE_KEYS.isdisjoint(keys)
    may_modify = not MODIFIER_KEYS.isdisjoint(keys)
    entries = lexicon.entries
    evidence: list[Evidence] = []
    weights: list[float] = []
    emo_evidence: list[Evidence] = []
    raw: list[float] | None = None  # intensity per emotion, in EMOTIONS order, once there is any
    for match in matches:
        key = match.key
        rule = _KEY_RULES.get(key)
        if rule is not None:
            if rule == "intensifier" and is_intensifier_use(ms, keys, match):
                continue
            if rule == "interjection" and ms[match.first][3] == "感動詞":
                continue  # いや、… is "well, no", not 嫌
            if rule == "subject" and subject_is_not_price(ms, keys, match.first):
                continue
            if rule == "modifier-head" and match.first == match.last and match.last + 1 < n and (
                key, keys[match.last + 1]
            ) in PAIR_MODIFIERS:
                continue  # 死ぬほど楽しい: 死ぬ only intensifies
        if bounds:
            stop = next((b for b in bounds if b > match.last), n)
            floor = max((b + 1 for b in bounds if b < match.first), default=0)
        else:
            stop, floor = n, 0
        if may_negate:
            apply_negation(ms, keys, match, stop)
        if may_modify and not MODIFIER_KEYS.isdisjoint(keys[max(floor, match.first - 3) : match.first]):
            mod = modifier_before(ms, keys, match.first, floor)
            if mod:
                match.factor *= INTENSIFY if mod == "intensified" else DOWNTONE
                match.mods.append(mod)
        if rule == "good" and match.first > 0 and ms[match.first - 1][0] in CONDITIONAL_SURFACES:
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
            apply_clauses(match, contrast, conditional)
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
            evidence.append(make_evidence(term, key, t_start, t_end, "positive" if base > 0 else "negative", "",
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
                raw[EMOTION_INDEX[emotion]] += value
                emo_evidence.append(make_evidence(term, key, t_start, t_end, "", emotion, negated, value, mods))
    if markers or not evidence or not quiet:
        raw = read_signals(ms, keys, text, signals, offset, markers, quiet, evidence, weights, emo_evidence, raw)
    score, label = _score_of(weights)
    emotions = intensities(raw) if emo_evidence else ZERO_EMOTIONS
    return make_sentence_sentiment(index, text, offset, end, score, label, tuple(evidence), emotions,
                                   tuple(emo_evidence))


def score_and_label(evidence: Sequence[Evidence]) -> tuple[float, str]:
    """A sentence's score and label from its evidence (see ``_score_of``)."""
    return _score_of([e.weight for e in evidence])


def _score_of(weights: Sequence[float]) -> tuple[float, str]:
    """A sentence's score (signed evidence weights over their magnitudes, at least 1) and its label."""
    score = max(-1.0, min(1.0, sum(weights) / max(sum(map(abs, weights)), 1.0)))
    return score, "positive" if score >= LABEL_THRESHOLD else "negative" if score <= -LABEL_THRESHOLD else "neutral"


def score_sentences(doc: Document, lexicon: Lexicon | str | Path | None = None) -> list[SentenceSentiment]:
    """Score each sentence of a prepared document with the lexicon rules (see the module docstring)."""
    lex = load_lexicon(lexicon)
    terms = doc.terms
    morphemes = doc.morphemes
    # Keys of the whole post in one pass, then a C-level test per sentence: most sentences of a post hold
    # no lexicon word, marker, exclamation or sigh and are neutral without further work.  (A Python step
    # per word, even over only the fifth of them that some rule needs, costs more than these C passes.)
    flat = list(chain.from_iterable(morphemes))
    all_keys = lexicon_keys(flat)
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
    clauses = [j for j in compress(everything, map(CLAUSE_KEYS.__contains__, all_keys))
               if flat[j][0] in CLAUSE_SURFACES]
    clauses.append(n_all)
    compounds = PostCompounds(terms)
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
        if not sentence_hits and VOLITIONAL_HINT.search(text) is None and not has_marker(text) and (
            # What _score_sentence would find neutral without looking further: no entry can match, no
            # volitional verb (書こう: one unit whose lemma need be no entry), no marker, and no
            # exclamation or sigh to read.
            len(text) < 2 or is_quiet(text) or not (EXCLAMATION_MARK.search(text) or TRAILING_SIGH.search(text))
        ):
            out.append(make_sentence_sentiment(s.index, text, s.start, s.end, 0.0, "neutral", (), ZERO_EMOTIONS, ()))
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
