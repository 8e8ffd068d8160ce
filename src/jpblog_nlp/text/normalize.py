"""Normalization for matching, kept apart from the text we show.

What we show is what the author wrote (cleaned, never NFKC'd), so sentence offsets map back to it.
What we *match* on is a key:

* NFKC: full-width ASCII ``ＳＮＳ`` → ``SNS``, half-width katakana ``ｺﾐｭﾆﾃｨ`` → ``コミュニティ``,
  compatibility forms (``㈱`` → ``(株)``, ``①`` → ``1``) to their plain form.
* case folding: ``KLOUT`` / ``Klout`` / ``klout`` meet.
* one trailing long-vowel mark dropped from katakana words of four characters or more: the JIS/JTC
  spelling rule lets writers choose between ``コミュニティー`` and ``コミュニティ``, ``サーバー`` and
  ``サーバ``; UniDic's lemma takes one, the author the other, and both must meet.
* UniDic lemmas of loan words carry an English gloss (``コミュニティー-community``); it is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KATAKANA_WORD = re.compile(r"^[\u30a0-\u30ffー]{4,}$")
_GLOSS = re.compile(r"-[A-Za-z][A-Za-z0-9 .,'&/-]*$")
# Half-width katakana and its marks (U+FF61-U+FF9F): MeCab mis-splits them, so cleaning widens them.
HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")


@lru_cache(maxsize=200_000)
def norm_key(text: str) -> str:
    """Return the matching key of a word or term.

    Args:
        text: A word or term as written.

    Returns:
        NFKC-normalized, case-folded text, with a katakana word's trailing ``ー`` dropped.

    >>> norm_key("コミュニティー") == norm_key("コミュニティ") == "コミュニティ"
    True
    >>> norm_key("ＫＬＯＵＴ")
    'klout'
    """
    key = unicodedata.normalize("NFKC", text).casefold().strip()
    if key.endswith("ー") and _KATAKANA_WORD.match(key):
        key = key[:-1]
    return key


def strip_gloss(lemma: str) -> str:
    """Drop the English gloss UniDic appends to loan-word lemmas (サロン-salon → サロン)."""
    if "-" in lemma:
        return _GLOSS.sub("", lemma) or lemma
    return lemma


def widen_halfwidth_kana(text: str) -> str:
    """Turn half-width katakana into full-width (ｶﾞ → ガ), leaving every other character alone."""
    return HALFWIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
