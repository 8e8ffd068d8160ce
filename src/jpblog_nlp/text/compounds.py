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
_KATAKANA = re.compile(r"^[\u30a0-\u30ffー]+$")
_SYMBOLS = re.compile(r"^[\W_]+$")


def pos_unit(pos1: str, pos2: str, pos3: str) -> str:
    """Classify a morpheme for compound building by its part of speech.

    Returns:
        "N" noun-like (may start, continue or end a compound), "C" a noun that is a counter after a
        number (30代, 7年) and noun-like otherwise, "P" prefix (only starts one), "S" noun suffix (only
        continues one), "A" adjectival noun (starts one only when a noun follows directly, as in
        しなやかフェス), "V" a verb or adjective that stands alone, or "" (breaks a compound).
    """
    if pos1 == "名詞":
        if pos2 == "数詞":
            return ""
        return "C" if pos3 == "助数詞可能" else "N"
    if pos1 == "接頭辞":
        return "P"
    if pos1 == "接尾辞":
        # 的/化 style suffixes make adjectives and adverbs, not terms (機械的 → 機械).
        return "S" if pos2 == "名詞的" else ""
    if pos1 == "形状詞" and pos2 == "一般":
        return "A"
    if pos1 in ("動詞", "形容詞") and pos2 != "非自立可能":
        return "V"
    return ""


def surface_unit(surface: str, pos1: str, pos2: str, pos3: str, known: bool) -> str:
    """Unit class where the surface decides: alphanumeric unknown words are nouns, a middle dot is "D"."""
    # Nouns, affixes and adjectival nouns keep the class their part of speech gives.
    if pos1 not in ("名詞", "接頭辞", "接尾辞") and not (pos1 == "形状詞" and pos2 == "一般"):
        if not known and _ALNUM.match(surface):
            return "N"
        if surface in ("・", "･"):
            return "D"
    return pos_unit(pos1, pos2, pos3)


_KIND_BY_POS = {"名詞": "noun", "動詞": "verb", "形容詞": "adjective", "形状詞": "adjectival_noun"}


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Offsets of every match of pattern."""
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_UNIT = itemgetter(12)  # Morpheme.unit, read in C


def unit_classes(morphemes: Sequence[Morpheme]) -> list[str]:
    """Unit class of every morpheme, with the counter rule applied: 30代 and 7年 are numbers, not terms."""
    classes = list(map(_UNIT, morphemes))
    if "C" in classes:
        # list.index finds the few counter nouns without a Python-level pass over every morpheme.
        i = classes.index("C")
        try:
            while True:
                classes[i] = "" if i and morphemes[i - 1].pos2 == "数詞" else "N"
                i = classes.index("C", i + 1)
        except ValueError:
            pass
    return classes


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
            elif morphemes[i - 1].end != morphemes[i].start:  # white space ends a term
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
        return run_start >= 0 and classes[i - 1] in ("N", "S")
    if cls == "D":
        # A middle dot joins katakana names (ジューン・ブライド), not lists (断捨離・片づけ).
        return (
            run_start >= 0 and nxt_ok
            and _KATAKANA.match(morphemes[i - 1].surface) is not None
            and _KATAKANA.match(morphemes[i + 1].surface) is not None
        )
    if cls in ("A", "P"):
        # An adjectival noun (しなやか|フェス) or a prefix (各|メンバー) only when a noun follows directly.
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
