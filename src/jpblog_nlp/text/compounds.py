"""Rebuild the compound terms UniDic cuts short, from parsed morphemes.

UniDic's short units split 影響力 into 影響 + 力 and オンラインサロン into オン + ライン + サロン.  Counting
those units would report 力 and ライン as topics, so terms are rebuilt from runs of nouns, prefixes,
noun suffixes and alphanumerics, the way Japanese term-extraction tools (e.g. termextract) do.  Each
morpheme gets a unit class from its part of speech when it is parsed (``pos_unit``); ``unit_classes``
then applies the rules that look at neighbours, and ``build_terms`` walks the runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from operator import itemgetter

from ..errors import ResourceError
from .clean import HASHTAG, URL
from .morpheme import Morpheme
from .normalize import norm_key
from .records import Term, make_term


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The built-in stopword keys (``data/stopwords.txt``), normalized."""
    path = resources.files("jpblog_nlp") / "data" / "stopwords.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:  # pragma: no cover - broken install
        raise ResourceError("built-in stopword list is missing", hint="reinstall jpblog-nlp") from err
    return frozenset(norm_key(w) for line in lines if (w := line.split("#", 1)[0].strip()))



_ALNUM = re.compile(r"^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][A-Za-z0-9Ａ-Ｚａ-ｚ０-９._+&'-]*$")
_NUMBERISH = re.compile(r"^[0-9０-９.,:/年月日時分秒]+$")
_ASCII_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_ASCII_DIGITS = re.compile(r"^[0-9]+$")
_KATAKANA = re.compile(r"^[\u30a0-\u30ffー]+$")
_SYMBOLS = re.compile(r"^[\W_]+$")


def pos_unit(pos1: str, pos2: str, pos3: str) -> str:
    """Classify a morpheme for compound building by its part of speech.

    Returns:
        "N" noun-like (may start, continue or end a compound), "C" a noun that is a counter after a
        number (30代, 7年) and noun-like otherwise, "P" prefix (only starts one), "S" noun suffix (only
        continues one), "A" adjectival noun (starts one only when a noun follows directly, as in
        しなやかフェス), "V" a verb or adjective that stands alone, or "" (breaks a compound).
        Two classes are decided in context by ``unit_classes``: "#" a numeral (a number, unless a kanji
        numeral begins a lexical compound: 二酸化炭素) and "T" an adjectival suffix such as 的 (part of
        a term only between two nouns: 統計的手法).
    """
    if pos1 == "名詞":
        if pos2 == "数詞":
            return "#"
        # The hearsay そう of 降るそうだ, 結婚するそうです is tagged a noun (名詞-助動詞語幹): grammar, no
        # term (livedoor's dokujo-tsushin had そう among its most distinctive terms).
        if pos2 == "助動詞語幹":
            return ""
        return "C" if pos3 == "助数詞可能" else "N"
    if pos1 == "接頭辞":
        return "P"
    if pos1 == "接尾辞":
        # 的/化 style suffixes make adjectives and adverbs, not terms (機械的 → 機械), unless 的 sits
        # between two nouns (see unit_classes).
        if pos2 == "名詞的":
            return "S"
        return "T" if pos2 == "形状詞的" else ""
    if pos1 == "形状詞" and pos2 == "一般":
        return "A"
    if pos1 in ("動詞", "形容詞") and pos2 != "非自立可能":
        return "V"
    return ""


def surface_unit(surface: str, pos1: str, pos2: str, pos3: str, known: bool) -> str:
    """Unit class where the surface decides: alphanumeric unknown words are nouns, a middle dot or hyphen is "D"."""
    # Nouns, affixes and adjectival nouns keep the class their part of speech gives.
    if pos1 not in ("名詞", "接頭辞", "接尾辞") and not (pos1 == "形状詞" and pos2 == "一般"):
        if not known and _ALNUM.match(surface):
            return "N"
        if surface in ("・", "･", "-"):
            return "D"
    return pos_unit(pos1, pos2, pos3)


_KIND_BY_POS = {"名詞": "noun", "動詞": "verb", "形容詞": "adjective", "形状詞": "adjectival_noun"}


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Offsets of every match of pattern."""
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_UNIT = itemgetter(12)  # Morpheme.unit, read in C


def unit_classes(morphemes: Sequence[Morpheme]) -> list[str]:
    """Unit class of every morpheme, with the rules that read the neighbours applied.

    A counter after a number is part of the number (30代 and 7年 are not terms); a numeral is a number
    unless ``_starts_compound``; 的 joins two nouns (``_joins_nouns``). Every class in the result is one
    ``build_terms`` walks ("N", "P", "S", "A", "D", "V" or "").
    """
    classes = list(map(_UNIT, morphemes))
    # list.index finds the few counters, numerals and 的 without a Python-level pass over every morpheme.
    for cls in ("C", "#", "T"):
        if cls not in classes:
            continue
        i = classes.index(cls)
        try:
            while True:
                if cls == "C":
                    classes[i] = "" if i and morphemes[i - 1].pos2 == "数詞" else "N"
                elif cls == "#":
                    classes[i] = "N" if _starts_compound(classes, morphemes, i) or _numbers_a_name(morphemes, i) else ""
                else:
                    classes[i] = "S" if _joins_nouns(classes, morphemes, i) else ""
                i = classes.index(cls, i + 1)
        except ValueError:
            pass
    return classes


# One kanji numeral: the ones that begin lexical compounds (二酸化炭素, 四字熟語, 三権分立).
_KANJI_NUMERALS = frozenset("一二三四五六七八九十百千万")
# Suffixes UniDic files as 名詞的-一般 that still count people or things after a numeral (五人以上).
_COUNTING_SUFFIXES = frozenset("人名件点位")
# Units that may continue a compound after a numeral.
_CONTINUES = frozenset("NS")


def _starts_compound(classes: list[str], morphemes: Sequence[Morpheme], i: int) -> bool:
    """Whether the numeral ``i`` begins a lexical compound rather than counting something.

    UniDic keeps 三角形 and 一般 whole but cuts 二酸化炭素 into 二 + 酸化 + 炭素 and 四字熟語 into
    四 + 字 + 熟語, so the numeral rule would drop 二 (酸化炭素). A single kanji numeral is kept when at
    least two more units follow it without a break and the first is an ordinary noun or suffix, not a
    counter (三つ, 一日中, 三か月 and 十年 stay numbers; the counter rule has already made 年 a break),
    except the ordinal 次 (二次会, 一次関数, 第二次世界大戦).
    With one unit after it, a numeral and a noun is as often a count (三店舗, 二大会) as a term
    (三原色), so the number reading is kept. Arabic digits always count (3店舗).
    """
    m = morphemes[i]
    if m.surface not in _KANJI_NUMERALS or i + 2 >= len(morphemes):
        return False
    first, second = morphemes[i + 1], morphemes[i + 2]
    if i and morphemes[i - 1].end == m.start and morphemes[i - 1].pos2 == "数詞":
        return False  # inside a longer number
    return (
        first.start == m.end and second.start == first.end
        and classes[i + 1] in _CONTINUES and classes[i + 2] in _CONTINUES
        and (first.pos3 not in ("助数詞", "助数詞可能", "副詞可能") or first.surface == "次")
        and first.surface not in _COUNTING_SUFFIXES
    )


def _numbers_a_name(morphemes: Sequence[Morpheme], i: int) -> bool:
    """Whether the numeral ``i`` is the number of an English name after a hyphen (COVID-19, F-16, GPT-4).

    The number is part of the name a reader writes (COVID alone is not the disease's name); a number
    after a number (2020-2021) stays a number.
    """
    if i < 2:
        return False
    word, hyphen, m = morphemes[i - 2], morphemes[i - 1], morphemes[i]
    return (
        hyphen.surface == "-" and word.end == hyphen.start and hyphen.end == m.start
        and _ASCII_WORD.match(word.surface) is not None and _ASCII_DIGITS.match(m.surface) is not None
    )


def _joins_nouns(classes: list[str], morphemes: Sequence[Morpheme], i: int) -> bool:
    """Whether an adjectival suffix ``i`` joins the nouns on both sides into one term.

    「X的Y」 is a term of its own in Japanese writing (統計的手法, 地理的表示, 基本的人権, 生態学的健全性),
    so 的 directly between two nouns continues the compound. Before な, に or a verb it makes an adjective or adverb
    (機械的に), and the term stays X. Only 的 does this; げ, そう and the like follow verb and adjective stems.
    """
    m = morphemes[i]
    if m.surface != "的" or not i or i + 1 >= len(morphemes):
        return False
    before, after = morphemes[i - 1], morphemes[i + 1]
    # The noun after it may be an adjectival noun made a noun by its suffix (生態学的健全性).
    noun_after = classes[i + 1] == "N" or (
        classes[i + 1] == "A" and i + 2 < len(morphemes) and morphemes[i + 2].surface in _ABSTRACT_SUFFIXES
        and classes[i + 2] == "S" and morphemes[i + 2].start == after.end
    )
    return before.end == m.start and after.start == m.end and classes[i - 1] in _CONTINUES and noun_after


def _special_spans(text: str) -> list[tuple[int, int, str]]:
    """URL and hashtag spans, which become terms whole."""
    special: list[tuple[int, int, str]] = []
    if "://" in text:
        special += [(s, e, "url") for s, e in _spans(URL, text)]
    if "#" in text or "＃" in text:
        special += [(s, e, "hashtag") for s, e in _spans(HASHTAG, text)]
    special.sort()
    return special


def _special_marks(
    morphemes: Sequence[Morpheme], special: list[tuple[int, int, str]]
) -> dict[int, tuple[int, int, str, int]]:
    """Index of the morpheme where each special span is emitted -> (start, end, kind, next index).

    A span is emitted at the first morpheme that starts inside it, and swallows every morpheme that
    starts before its end; a span no morpheme starts in is dropped.
    """
    starts = [m.start for m in morphemes]
    n = len(starts)
    marks: dict[int, tuple[int, int, str, int]] = {}
    i = 0
    for s, e, kind in special:
        i = bisect_left(starts, s, i)
        if i >= n:
            break
        if starts[i] >= e:
            continue
        following = bisect_left(starts, e, i)
        marks[i] = (s, e, kind, following)
        i = following
    return marks


def build_terms(morphemes: Sequence[Morpheme], text: str, *, content_words: bool = True) -> list[Term]:
    """Rebuild compound terms (and optionally single content words) from parsed morphemes.

    Args:
        morphemes: The output of ``parse(text)``.
        text: The text that was parsed (for hashtags, URLs and term surfaces).
        content_words: Also return single verbs, adjectives and adjectival nouns.

    Returns:
        Terms in text order. Hashtags and URLs come out whole (kinds "hashtag", "url"); stopwords,
        numbers, symbols and lone kana are left out.
    """
    classes = unit_classes(morphemes)
    special = _special_spans(text)
    marks = _special_marks(morphemes, special) if special else {}
    # The loop walks its own copy of the classes, where a special span's first morpheme reads "X" and
    # the rest "x"; the rules that look at neighbours keep reading the true classes.
    walk = classes
    if marks:
        walk = classes.copy()
        for i, (_, _, _, following) in marks.items():
            walk[i] = "X"
            walk[i + 1:following] = ["x"] * (following - i - 1)
    terms: list[Term] = []
    append = terms.append
    accepted = _ACCEPTED
    run_start = -1  # index of the first unit of the current run, -1 when none

    def emit(surface: str, key: str, kind: str, start: int, end: int, n_units: int) -> None:
        # A single hiragana/katakana character is never a term (の, ね, ワ); nor are stopwords, numbers
        # and symbols (the answer per key is remembered).
        if len(surface) == 1 and "\u3040" <= surface <= "\u30ff":
            return
        ok = accepted.get(key)
        if ok is None:
            ok = _accept_key(key)
        if ok:
            append(make_term(surface, key, kind, start, end, n_units))

    def flush(run_end: int) -> None:
        # Trim units that cannot stand at an edge: prefixes, dots and adjectival nouns at the end;
        # suffixes and dots at the start.
        first, last = run_start, run_end - 1
        while last >= first and classes[last] in _NO_END:
            last -= 1
        while first <= last and classes[first] in _NO_START:
            first += 1
        if first == last:
            m = morphemes[first]
            emit(m.surface, m.norm, "noun", m.start, m.end, 1)  # a noun's key is its written base's
        elif first < last:
            start, end = morphemes[first].start, morphemes[last].end
            surface = text[start:end]
            emit(surface, norm_key(surface), "compound", start, end, last - first + 1)

    for i, cls in enumerate(walk):
        # Nouns and breaks are most units: they take the short paths.
        if cls == "N":
            if run_start < 0:
                run_start = i
            elif morphemes[i - 1].end != morphemes[i].start and not _name_gap(morphemes, i, text):
                # White space ends a term, except the single space inside an English name.
                flush(i)
                run_start = i
        elif not cls:
            if run_start >= 0:
                if run_start == i - 1 and classes[run_start] == "N":
                    # A lone noun is the most common run: emitted here, without flush()'s trimming.
                    m = morphemes[run_start]
                    emit(m.surface, m.norm, "noun", m.start, m.end, 1)
                else:
                    flush(i)
                run_start = -1
        elif cls == "x":  # inside a URL or hashtag, emitted whole at its first morpheme
            continue
        elif cls == "X":
            if run_start >= 0:
                flush(i)
                run_start = -1
            s, e, kind, _ = marks[i]
            surface = text[s:e]
            append(make_term(surface, norm_key(surface), kind, s, e, 1))
        elif cls != "V" and _can_join(classes, morphemes, run_start, i):
            if run_start < 0:
                run_start = i
            elif cls == "P" or morphemes[i - 1].end != morphemes[i].start:
                # A prefix starts a new term (みなさん|ご機嫌), and white space ends one.
                flush(i)
                run_start = i if _can_join(classes, morphemes, -1, i) else -1
        else:
            if run_start >= 0:
                flush(i)
                run_start = -1
            if cls != "V" and _can_join(classes, morphemes, -1, i):
                run_start = i
            elif content_words and (cls == "V" or cls == "A"):
                # A single content word, shown in its dictionary form as written (楽しかった → 楽しい)
                # and keyed like token_norm(): inflecting words on their lemma.
                m = morphemes[i]
                emit(m.base, m.norm, _KIND_BY_POS.get(m.pos1, "word"), m.start, m.end, 1)
    if run_start >= 0:
        flush(len(classes))
    return terms


# A capitalised ASCII word (Performance, K-Map, JAPA), a word of a multi-word English name.
_CAPITALISED = re.compile(r"^[A-Z][A-Za-z0-9&'.-]*$")


def _name_gap(morphemes: Sequence[Morpheme], i: int, text: str) -> bool:
    """Whether the white space before noun ``i`` is the single space inside a multi-word English name.

    Japanese posts write English names with their spaces (Performance Treasure Map, Tokyo Art Research
    Lab); UniDic gives each word as a noun, so the name would come out as three terms. Capitalised words
    separated by one space stay one term; a lowercase word (on, by, the) ends it, and so does anything
    other than one space (a line break, a full stop and a space). A lone "I" is a pronoun, not a name.
    """
    prev, cur = morphemes[i - 1], morphemes[i]
    return (
        cur.start - prev.end == 1 and text[prev.end] == " "
        and _CAPITALISED.match(prev.surface) is not None and _CAPITALISED.match(cur.surface) is not None
        and prev.surface != "I" and cur.surface != "I"
    )


# Suffixes that make an abstract noun of an adjectival noun (重要性, 透明度): the noun is a term of its
# own.  Others stay out (頑固者, 清楚系, 大切さ, 深刻化, 不安感): the adjectival noun there is an
# evaluation the sentiment lexicon reads, and the word is rarely a keyword.
_ABSTRACT_SUFFIXES = frozenset(("性", "度"))

# Units that cannot end a term, and units that cannot start one.
_NO_END = frozenset("PDA")
_NO_START = frozenset("SD")


def _can_join(classes: list[str], morphemes: Sequence[Morpheme], run_start: int, i: int) -> bool:
    """Whether morpheme ``i`` may start (run_start < 0) or continue the current run."""
    cls = classes[i]
    if cls == "N":
        return True
    nxt_ok = i + 1 < len(morphemes) and morphemes[i + 1].start == morphemes[i].end
    if cls == "S":
        # An abstract-noun suffix after an adjectival noun makes a noun of it (重要性, 健全性, 透明度).
        return run_start >= 0 and (
            classes[i - 1] in ("N", "S") or (classes[i - 1] == "A" and morphemes[i].surface in _ABSTRACT_SUFFIXES)
        )
    if cls == "D":
        # A middle dot joins katakana names (ジューン・ブライド), not lists (断捨離・片づけ); a hyphen
        # joins English words (Wi-Fi, K-Map) and a word to its number (COVID-19), not numbers (2020-2021).
        hyphen = morphemes[i].surface == "-"
        word = _ASCII_WORD if hyphen else _KATAKANA
        return (
            run_start >= 0 and nxt_ok and morphemes[i - 1].end == morphemes[i].start
            and word.match(morphemes[i - 1].surface) is not None
            and (word.match(morphemes[i + 1].surface) is not None
                 or (hyphen and _ASCII_DIGITS.match(morphemes[i + 1].surface) is not None))
        )
    if cls == "A":
        # An adjectival noun only when a noun follows directly (しなやか|フェス), or a suffix that makes an
        # abstract noun of it (重要|性, 持続可能|性, 透明|度).
        return nxt_ok and (
            classes[i + 1] == "N" or (classes[i + 1] == "S" and morphemes[i + 1].surface in _ABSTRACT_SUFFIXES)
        )
    if cls == "P":
        # A prefix (各|メンバー) only when a noun follows directly.
        return nxt_ok and classes[i + 1] == "N"
    return False


# Matching key -> whether it may be a term (memoized: the same words recur).
_ACCEPTED: dict[str, bool] = {}


def _accept_key(key: str) -> bool:
    """Whether a key may be a term: not a stopword, a number or symbols (and remember the answer)."""
    if len(_ACCEPTED) > 500_000:
        _ACCEPTED.clear()
    ok = _ACCEPTED[key] = not (key in stopwords() or _NUMBERISH.match(key) or _SYMBOLS.match(key))
    return ok
