"""What LexRank weighs besides centrality: key terms, the title, and blog-aware priors.

A blog post's topic shows in the compounds it keeps coming back to and in its title; its conclusion
(まとめ) restates the point, while greetings, meta-discourse and quoted definitions are asides. Each
feature is one score per sentence, scaled by ``normalized`` before ``lexrank`` blends them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain

from ..text.document import Document
from ..text.tokens import build_terms, parse_label
from .eligibility import SHORT_UNPUNCTUATED

_TERM_KINDS = frozenset(("compound", "noun", "verb", "adjective", "adjectival_noun", "hashtag"))
_KEY_KINDS = frozenset(("compound", "noun", "hashtag"))


def sentence_terms(doc: Document) -> tuple[list[dict[str, int]], dict[str, float]]:
    """Per sentence, counts of its term keys (URLs left out: they say nothing about content), and the
    post's key-term weights (see ``key_term_weights``), from one pass over the terms."""
    counts: list[dict[str, int]] = []
    key_norms: list[list[str]] = []
    compound: set[str] = set()
    for terms in doc.terms:
        sentence: dict[str, int] = {}
        keys: list[str] = []
        for t in terms:
            kind = t.kind
            if kind not in _TERM_KINDS:
                continue
            norm = t.norm
            sentence[norm] = sentence.get(norm, 0) + 1
            if kind in _KEY_KINDS:
                keys.append(norm)
                if kind == "compound":
                    compound.add(norm)
        counts.append(sentence)
        key_norms.append(keys)
    return counts, key_term_weights(key_norms, compound)


def key_term_weights(key_norms: list[list[str]], compound: set[str]) -> dict[str, float]:
    """Weight of each term in the post as a whole: frequency, boosted for compounds and repetition.

    ``key_norms`` holds each sentence's nouns, compounds and hashtags (topics are things; verbs like
    持つ/使う recur in any post), ``compound`` the keys seen as compounds. A blog post's topic shows in
    the compounds it keeps coming back to (影響力, 球体型のコミュニティ); single common nouns weigh less.
    """
    freq = Counter(chain.from_iterable(key_norms))
    spread = Counter(chain.from_iterable(map(set, key_norms)))
    weights: dict[str, float] = {}
    for key, count in freq.items():
        if spread[key] < 2:
            continue  # said in one sentence only: not a key term of the post
        weight = math.log(count)
        if key in compound:
            weight *= 1.5
        weights[key] = weight
    return weights


def sentence_idf(n: int, frequency: int) -> float:
    """Smoothed IDF of a key said in ``frequency`` of the post's ``n`` sentences (each one a document)."""
    return math.log((n + 1) / (frequency + 1)) + 1.0


def keyword_scores(counts: list[dict[str, int]], weights: dict[str, float]) -> list[float]:
    """How rich each sentence is in the post's key terms (sum of weights over √ distinct terms)."""
    return [sum(weights.get(k, 0.0) for k in c) / math.sqrt(len(c) + 2) if c else 0.0 for c in counts]


def title_scores(doc: Document, counts: list[dict[str, int]], df: Counter[str]) -> list[float]:
    """Share of the title's terms (weighted by their IDF within the post) each sentence repeats.

    Bloggers put their thesis in the title (SNSは楽しくも虚しくもなる); a sentence that says it again
    (虚しさを感じていた, matched on lemmas) states the point. ``df`` counts the sentences each key
    occurs in.
    """
    scores = [0.0] * len(counts)
    title = doc.post.title.strip()
    if not title or not counts:
        return scores
    keys = {t.norm for t in build_terms(parse_label(title), title) if t.kind in _TERM_KINDS}
    if not keys:
        return scores
    n = len(counts)
    idf = {k: sentence_idf(n, df[k]) for k in keys}
    total = sum(idf.values())
    for i, c in enumerate(counts):
        if not keys.isdisjoint(c):
            scores[i] = sum(idf[k] for k in keys if k in c) / total
    return scores


# A heading that opens the conclusion: まとめ, 結論, 最後に, おわりに, 終わりに.
_CONCLUSION = re.compile(r"まとめ|結論|最後に|おわりに|終わりに|さいごに")
# Quoted dictionary definitions: 「Xとは、...である。」 (Wikipedia style) or a heading "Xとは".
_DEFINITION = re.compile(r"^.{1,40}?とは[、，,]|である。?$|とは$")
# Greetings, self-introductions and sign-offs: asides in every post.
_FORMULA = re.compile(
    r"こんにちは|こんばんは|おはようございます|ごきげんよう|はじめまして|以上です|以上となります|"
    r"ありがとうございました|ありがとうございます|よろしくお願い|ではまた|それでは[、,また]|またね|"
    r"読んでいただ|お読みいただ|参加します$"
)

# Meta-discourse: the post talking about itself (今日は...について話していきたい) says what it will do,
# not what it says.
_META = re.compile(r"話していき|話しします|お伝えし|紹介し(?:ます|てい)|書いていき|今日のお題|本日のテーマ")
# Argument markers: contrast (AではなくB), emphasis (大切なのは), conclusion (つまり, 結局).
_CLAIM = re.compile(r"ではなく|じゃなく|でなく|大切なのは|大事なのは|重要なのは|つまり|要するに|結局は?|本質")
# Openers that lean on the previous sentence (これは, そして) or mark an aside (ちなみに): such a
# sentence read alone in a summary is unclear.
_DEPENDENT_OPENER = re.compile(
    r"^(?:これ[はがも]|それ[はがも]|そして|でも|しかし|だから|また[、,]|さらに|ちなみに|なお[、,])"
)


def priors(doc: Document, mask: list[bool], ends_punctuated: list[bool]) -> list[float]:
    """Multiplicative prior per sentence: section-lead and conclusion boosts, aside penalties."""
    prior: list[float] = []
    in_conclusion = False
    after_heading = False
    definition_paragraphs: set[int] = set()
    for s, eligible, punctuated in zip(doc.sentences, mask, ends_punctuated, strict=True):
        text = s.text
        weight = 1.0
        heading_like = not punctuated and len(text) < SHORT_UNPUNCTUATED
        if heading_like and _CONCLUSION.search(text):
            in_conclusion = True
        if not eligible:
            after_heading = after_heading or heading_like
        elif after_heading:
            # The first statement under a heading usually states what the section is about.
            weight *= 1.25
            after_heading = False
        if in_conclusion:
            # Bloggers restate their point under (まとめ): the conclusion is the summary's best source.
            weight *= 1.3
        # Every branch of _DEFINITION holds とは or である: the substring test skips most sentences.
        if ("とは" in text or "である" in text) and _DEFINITION.search(text):
            definition_paragraphs.add(s.paragraph)
            if heading_like:
                # The paragraph after a "Xとは" heading is the quoted definition.
                definition_paragraphs.add(s.paragraph + 1)
        if _FORMULA.search(text):
            weight *= 0.3
        if _META.search(text):
            weight *= 0.6
        if _CLAIM.search(text):
            weight *= 1.2
        if _DEPENDENT_OPENER.match(text):
            weight *= 0.85
        prior.append(weight)
    if definition_paragraphs:
        for i, s in enumerate(doc.sentences):
            if s.paragraph in definition_paragraphs:
                # A quoted definition explains a word; it is not the author's argument.
                prior[i] *= 0.4
    return prior


def normalized(values: list[float], mask: list[bool]) -> list[float]:
    """Scale values so that the largest eligible one is 1 (zeros stay zeros)."""
    top = max((value for value, eligible in zip(values, mask, strict=True) if eligible), default=0.0)
    return [value / top for value in values] if top > 0 else values


__all__ = ["key_term_weights", "keyword_scores", "normalized", "priors", "sentence_idf", "sentence_terms",
           "title_scores"]
