"""Keyword candidates: a post's compound-aware terms, counted once per post and shared by every method.

Candidates are the document's compound-aware terms (``Document.terms``): whole compounds (影響力,
オンラインサロン), single nouns and hashtags, matched on their ``norm`` key so that KLOUT/Klout and
コミュニティ/コミュニティー are one keyword shown in its most frequent written form.  Verbs, adjectives and
adjectival nouns are left out by default: in Japanese blog posts they are mostly evaluative or light
(思う, 楽しい, 大切) and a reader never lists them as what a post is *about*; pass ``kinds=`` to change
that.  Stopwords, numbers, dates, URLs, lone kana and symbols never reach the candidates (``tokens``
filters them).

The author's own labels (title, categories, hashtags) are collected here too, as ``TermStats.title_norms``:
``ranking.rank`` boosts the candidates found in them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from operator import attrgetter

from ..text.document import Document
from ..text.normalize import norm_key
from ..text.records import Post, Term
from ..text.tokens import Morpheme, build_terms, parse_label, stopwords

#: Term kinds that can be keywords by default (see the module docstring for why not verbs/adjectives).
DEFAULT_KINDS: tuple[str, ...] = ("compound", "noun", "hashtag")


class TermStats:
    """Per-post statistics of the keyword candidates, computed once and shared by every method.

    Plain parallel lists indexed by candidate number (no object per occurrence), because keyword
    extraction must stay cheap next to tokenization.

    Attributes:
        norms: Candidate keys in order of first occurrence.
        index: key → candidate number.
        counts: Occurrences as a whole term.
        forms: Written forms and their counts.
        first_offset / first_sentence / kinds: Where each candidate first occurs and its kind.
        units: The unit keys of each candidate (one unit for single nouns and hashtags).
        morphemes: The document's morphemes per sentence (read by ``names``).
        sequences: For each sentence, the candidate numbers in text order.
        title_norms: Keys of the terms of the post's title.
    """

    __slots__ = ("_names", "counts", "first_offset", "first_sentence", "forms", "index", "kinds", "morphemes",
                 "norms", "sequences", "title_norms", "units")

    def __init__(self) -> None:
        self.norms: list[str] = []
        self.index: dict[str, int] = {}
        self.counts: list[int] = []
        self.forms: list[dict[str, int]] = []
        self.first_offset: list[int] = []
        self.first_sentence: list[int] = []
        self.kinds: list[str] = []
        self.units: list[tuple[str, ...]] = []
        self.morphemes: tuple[tuple[Morpheme, ...], ...] = ()
        self._names: list[bool] | None = None
        self.sequences: list[list[int]] = []
        self.title_norms: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.norms)

    def names(self) -> list[bool]:
        """Whether each candidate is a name: one proper noun of the dictionary (固有名詞: a person, place
        or organisation UniDic knows) or a hashtag (the author's own label), which ``hybrid`` does not
        count as an everyday word.

        Looked up on first use (``hybrid`` asks on long posts only): the morpheme where the candidate's
        first occurrence begins, one binary search per candidate.
        """
        if self._names is None:
            self._names = [self._is_name(i) for i in range(len(self.norms))]
        return self._names

    def _is_name(self, i: int) -> bool:
        if self.kinds[i] == "hashtag":
            return True
        if len(self.units[i]) != 1 or self.first_sentence[i] >= len(self.morphemes):
            return False
        morphs, start = self.morphemes[self.first_sentence[i]], self.first_offset[i]
        at = bisect_left(morphs, start, key=_MORPHEME_START)
        return at < len(morphs) and morphs[at].start == start and morphs[at].pos2 == "固有名詞"

    def display(self, i: int) -> str:
        """Most frequent written form of candidate i (the first seen wins ties)."""
        forms = self.forms[i]
        if len(forms) == 1:  # most candidates are written one way only
            return next(iter(forms))
        # max keeps the first of equal maxima, and dicts keep insertion order: the first seen wins ties.
        return max(forms, key=forms.__getitem__)


#: Last units that make a compound say "for/during/after X" or add an honorific or plural to a name
#: (サラダ用, 練習中, 藤村正宏さん, 野村氏, 独女たち, 皇帝殿): the keyword is X itself, so they are trimmed
#: and the occurrence counts for X (独女, 独女たち and 独女達 are one keyword).
TRIM_SUFFIXES = frozenset((
    "用", "中", "後", "前", "時", "等", "など", "向け", "別", "済み", "付き", "以上", "以下", "以外", "毎", "ごと",
    "たち", "達", "さん", "ちゃん", "くん", "君", "氏", "様", "さま", "殿", "選手",
))
#: First units, UniDic prefixes, that point at an instance of X rather than name a kind of X: "each",
#: "about", "this", "all", "both", "the said", "current" (各店舗, 約紀元, 本ブログ, 全世界, 両外題, 諸外国,
#: 同年, 当サイト, 現政権).  A reader names X, so the prefix is trimmed and the occurrence counts for X.
#: Prefixes that change the meaning (非, 不, 無, 未, 再, 超, 大, 新, 旧, 第) stay: 非永続型伝搬 and
#: 大不況 are terms of their own.
TRIM_PREFIXES = frozenset(("各", "約", "本", "全", "両", "諸", "同", "当", "現", "某", "毎", "計", "翌"))
#: First units that say when or how much, relative to the writing (今回紹介, 当初談林派, 全部解体, 今年上半期):
#: written without a particle, they modify the clause, not the noun after them, and a reader names that
#: noun.  Trimmed when at least two characters are left (現在地 stays).
DEICTIC_HEADS = frozenset((
    "今回", "今年", "昨年", "来年", "今後", "最近", "今日", "当時", "当初", "現在", "以前", "全部",
))
#: Polite prefixes: お母さん, お客様 keep their honorific suffix, since お母 and お客 are not words a
#: reader writes.  The prefix itself stays (ご応募, お茶): trimming it merged livedoor's present-campaign
#: 応募 across categories and gained nothing measurable on keyphrase-dev.
POLITE_PREFIXES = frozenset(("お", "ご", "御"))
_UNSEEN = object()
# Morpheme offsets, read in C by the binary searches of _compound_entry.
_MORPHEME_START = attrgetter("start")
_MORPHEME_END = attrgetter("end")
_MORPHEME_NORM = attrgetter("norm")


_Entry = tuple[str, str, int, int, tuple[str, ...]]


def _compound_entry(
    morphs: tuple[Morpheme, ...], j: int, term: Term, stop: frozenset[str]
) -> tuple[_Entry | None, int]:
    """Key, kind, characters to cut at the start and at the end, and unit keys of a compound candidate
    (None: drop it); new scan position.

    The morphemes covering the term are searched from ``j`` on (terms come in text order); morpheme
    starts and ends both increase along a sentence, so binary searches find them.
    """
    j = bisect_left(morphs, term.start, j, key=_MORPHEME_START)
    k = bisect_right(morphs, term.end, j, key=_MORPHEME_END)
    covered = morphs[j:k]
    # Compound units are nouns and affixes, keyed on their written base: their token_norm, which parse
    # computed once per morpheme (Morpheme.norm).
    units = tuple(map(_MORPHEME_NORM, covered)) or (term.norm,)
    if len(units) < 2:
        return (term.norm, "compound", 0, 0, units), k
    head = tail = 0
    first = covered[0]
    if (first.pos1 == "接頭辞" and first.surface in TRIM_PREFIXES) or (
        first.surface in DEICTIC_HEADS and len(term.text) - len(first.surface) >= 2
    ):
        head = 1
    if units[-1] in TRIM_SUFFIXES and not (
        len(units) == 3 and first.pos1 == "接頭辞" and first.surface in POLITE_PREFIXES
    ):
        tail = 1
    if not head and not tail:
        return (term.norm, "compound", 0, 0, units), k
    front = len(covered[0].surface) if head else 0
    cut = len(covered[-1].surface) if tail else 0
    units = units[head:len(units) - tail]
    rest = term.text[front:len(term.text) - cut]
    if not units or not rest:
        return None, k
    if len(units) == 1:
        key, kind = units[0], "noun"
    else:
        key, kind = norm_key(rest), "compound"
    if key in stop or (len(rest) < 2 and not ("\u4e00" <= rest[0] <= "\u9fff")):
        return None, k  # 自分用, ご用: nothing left worth a keyword
    return (key, kind, front, cut, units), k


# A reading in brackets right after a kanji word: 蕉風（しょうふう）, 黄檗宗 (おうばくしゅう).
_READING = re.compile(r"[\u4e00-\u9fff々](?:\s?)[（(]\s*([\u3041-\u309fー・ ]+?)\s*[）)]")


def _reading_starts(text: str) -> frozenset[int]:
    """Offsets inside the kana readings the author gives in brackets after a kanji word.

    Japanese writers give the reading of a rare word (ruby written inline): it is how the word is said,
    not a word of its own, but MeCab cuts it into kana nouns (しょう, しゅう, こい) that fill a short
    post's slots.  Terms that begin inside one are no candidates.
    """
    if "（" not in text and "(" not in text:
        return frozenset()
    return frozenset(i for m in _READING.finditer(text) for i in range(m.start(1), m.end(1)))


def term_stats(doc: Document, *, kinds: Iterable[str] = DEFAULT_KINDS) -> TermStats:
    """Collect the keyword candidates of a document.

    Args:
        doc: A prepared document.
        kinds: Term kinds admitted as candidates.

    Returns:
        The candidates' statistics.
    """
    kinds = frozenset(kinds)
    stop = stopwords()
    st = TermStats()
    index = st.index
    counts = st.counts
    forms = st.forms
    # The per-candidate lists' appends, looked up once: this loop runs once per term of the post.
    add_norm = st.norms.append
    add_offset = st.first_offset.append
    add_sentence = st.first_sentence.append
    add_kind = st.kinds.append
    add_units = st.units.append
    compounds: dict[str, _Entry | None] = {}
    readings = _reading_starts(doc.post.text)
    for s_index, (sentence_terms, morphs) in enumerate(zip(doc.terms, doc.morphemes, strict=False)):
        seq: list[int] = []
        j = 0
        for term in sentence_terms:
            kind = term.kind
            if kind not in kinds:
                continue
            key = term.norm
            # A lone Latin letter is what is left of 3D, S-MAX or Wi-Fi once numbers and hyphens split.
            if len(key) == 1 and key.isascii():
                continue
            if readings and term.start in readings:
                continue
            text, units, front = term.text, None, 0
            if kind == "compound":
                entry = compounds.get(key, _UNSEEN)
                if entry is _UNSEEN:
                    entry, j = _compound_entry(morphs, j, term, stop)
                    compounds[key] = entry
                if entry is None:
                    continue
                key, kind, front, cut, units = entry  # type: ignore[misc]
                if front or cut:
                    text = text[front:len(text) - cut]
            i = index.get(key)
            if i is None:
                i = index[key] = len(counts)
                add_norm(key)
                counts.append(1)
                forms.append({text: 1})
                add_offset(term.start + front)  # where the keyword's own text begins
                add_sentence(s_index)
                add_kind(kind)
                add_units(units or (key,))
            else:
                counts[i] += 1
                f = forms[i]
                f[text] = f.get(text, 0) + 1
            seq.append(i)
        st.sequences.append(seq)
    st.title_norms = _label_norms(doc.post)
    st.morphemes = doc.morphemes
    return st


@lru_cache(maxsize=4096)
def _text_norms(text: str) -> frozenset[str]:
    """Keys of the terms of a title or category (cached: categories repeat across a blog's posts)."""
    return frozenset(t.norm for t in build_terms(parse_label(text), text, content_words=False))


def _label_norms(post: Post) -> frozenset[str]:
    """Keys of the author's own labels: title terms, category terms, and hashtags without their '#'.

    Hashtags are kept whole ("しなやかフェス2018秋"); ``rank`` matches a candidate inside them.
    """
    keys: set[str] = set()
    if post.title:
        keys |= _text_norms(post.title)
    for category in post.categories:
        keys |= _text_norms(category)
    keys.update(norm_key(tag.lstrip("#＃")) for tag in post.hashtags)
    return frozenset(keys)



__all__ = ["DEFAULT_KINDS", "DEICTIC_HEADS", "POLITE_PREFIXES", "TRIM_PREFIXES", "TRIM_SUFFIXES", "TermStats",
           "term_stats"]
