"""Which sentences a summary may pick: statements, not headings, list fragments or very short lines.

Blog posts are full of section titles (【...】, （まとめ）...) that have many key terms but say nothing;
every method asks these rules, and picks a fragment only when the post has nothing else.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import TYPE_CHECKING

from ..text.document import Document
from ..text.records import Sentence
from ..text.tokens import Morpheme

if TYPE_CHECKING:  # numpy is imported where it is used: short posts never need it
    import numpy as np

_FINAL_PUNCT = re.compile(r"[。．.！？!?][」』）)】〉》\]”’ｗw〜～ー…・笑]*$")
# 【SNS】..., ■見出し, ・項目, 1. 項目, (まとめ)... : headings and list items of blog markup.
_HEADING_MARK = re.compile(
    r"^(?:【[^】]*】|[（(][^）)]{1,12}[）)](?!.*[。．！？!?])|[■□●○◆◇▼▽▲△★☆♪◎※・\-*＊>＞]|"
    r"[0-9０-９]{1,2}[.．、)）]|[①-⑳])"
)
_MIN_CHARS = 15
SHORT_UNPUNCTUATED = 40
_PREDICATE_POS = frozenset(("動詞", "形容詞", "助動詞"))


_POS1 = itemgetter(3)  # Morpheme.pos1, read in C


def _has_predicate(morphemes: tuple[Morpheme, ...] | list[Morpheme]) -> bool:
    """True when a verb, an adjective or an auxiliary (copula です/だ, ます, た) occurs."""
    return not _PREDICATE_POS.isdisjoint(map(_POS1, morphemes))


def ends_with_full_stop(text: str) -> bool:
    """Whether a sentence ends with full-stop punctuation (possibly followed by closers, 笑, ー ...)."""
    return _FINAL_PUNCT.search(text) is not None


def is_fragment(sentence: Sentence, morphemes: tuple[Morpheme, ...] | list[Morpheme], *,
                punctuated_post: bool = True) -> bool:
    """Whether a sentence is a heading, list fragment or too-short line rather than a statement.

    Args:
        sentence: The sentence.
        morphemes: Its morphemes.
        punctuated_post: Whether the post's author ends sentences with 。！？; when not, a missing
            full stop says nothing and the "short, unpunctuated" rule is off.

    Returns:
        True for: fewer than 15 characters; starting with a particle (a cut-off tail); no predicate
        (no verb, adjective or auxiliary); a bracketed heading or list marker (【...】, （まとめ）...,
        ■, ・, 1.); or no sentence-final punctuation and fewer than 40 characters.
    """
    return _is_fragment(sentence.text, morphemes, None, punctuated_post)


def _is_fragment(text: str, morphemes: tuple[Morpheme, ...] | list[Morpheme], ends_punctuated: bool | None,
                 punctuated_post: bool) -> bool:
    """``is_fragment``, given whether the text ends punctuated when that is already known (else None)."""
    if len(text) < _MIN_CHARS or not _has_predicate(morphemes) or _HEADING_MARK.match(text):
        return True
    if morphemes and morphemes[0].pos1 in ("助詞", "助動詞"):
        return True  # the tail of a sentence cut at いいね! or an emoji: が付き..., を。
    if not punctuated_post or len(text) >= SHORT_UNPUNCTUATED:
        return False
    return not (ends_with_full_stop(text) if ends_punctuated is None else ends_punctuated)


def eligible_sentences(doc: Document, ends_punctuated: list[bool] | None = None) -> list[bool]:
    """``eligible_mask`` as a list, given each sentence's ``_ends_punctuated`` when already known."""
    if ends_punctuated is None:
        ends_punctuated = [ends_with_full_stop(s.text) for s in doc.sentences]
    # The author uses sentence-final punctuation when at least a fifth of the sentences end with it.
    punctuated = bool(ends_punctuated) and sum(ends_punctuated) * 5 >= len(ends_punctuated)
    mask = [not _is_fragment(s.text, m, punct, punctuated)
            for s, m, punct in zip(doc.sentences, doc.morphemes, ends_punctuated, strict=True)]
    if not any(mask):
        # Nothing but headings and short lines: a summary of fragments beats no summary.
        mask = [True] * len(mask)
    return mask


def eligible_mask(doc: Document) -> np.ndarray:
    """Boolean array: which sentences may be picked (all of them when every one is a fragment)."""
    import numpy as np

    return np.array(eligible_sentences(doc), dtype=bool)


__all__ = ["SHORT_UNPUNCTUATED", "eligible_mask", "eligible_sentences", "ends_with_full_stop", "is_fragment"]
