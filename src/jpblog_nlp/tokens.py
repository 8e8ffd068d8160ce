"""Tokenize with MeCab (fugashi + unidic-lite) and rebuild the compound terms UniDic cuts short.

UniDic's short units split 影響力 into 影響 + 力 and オンラインサロン into オン + ライン + サロン.  Counting
those units would report 力 and ライン as topics, so terms are rebuilt from runs of nouns, prefixes,
noun suffixes and alphanumerics, the way Japanese term-extraction tools (e.g. termextract) do.

Speed: fugashi builds a Python node object per morpheme, which costs about twice what MeCab itself
spends.  We ask MeCab for exactly the fields we use, in one string, through a node format built from
the *names* of UniDic's feature fields, and split that string ourselves.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .clean import HASHTAG, URL
from .errors import ResourceError
from .normalize import norm_key, strip_gloss
from .records import Term, Token

# Fields we read, by UniDic name; their indices come from fugashi's own field list.
_FIELDS = ("pos1", "pos2", "pos3", "pos4", "cForm", "lemma", "orthBase", "pron")
# MeCab's lattice grows with the input; long texts are fed in pieces cut at a natural boundary.
MAX_CHUNK = 4096
_CHUNK_BREAK = re.compile(r"[。！？!?\n、，, \u3000]")


class Morpheme(NamedTuple):
    """A morpheme as parsed from MeCab's output: the light internal form of ``Token``."""

    surface: str
    start: int
    end: int
    pos1: str
    pos2: str
    pos3: str
    pos4: str
    cform: str
    lemma: str
    base: str
    reading: str
    known: bool


_local = threading.local()


def _build_tagger() -> object:
    """Build the MeCab tagger with a node format naming only the fields we use."""
    try:
        import fugashi
        import unidic_lite
    except ImportError as err:  # pragma: no cover - dependency missing
        raise ResourceError(
            "fugashi or unidic-lite is not installed", hint="pip install fugashi unidic-lite"
        ) from err
    names = fugashi.UnidicFeatures26._fields
    # The four POS levels and the conjugation form come as one comma-joined field (no UniDic label holds
    # a comma): parse() maps it to shared strings with one dictionary lookup.
    labels = ",".join(f"%f[{names.index(name)}]" for name in _FIELDS[:5])
    fields = r"\t".join(f"%f[{names.index(name)}]" for name in _FIELDS[5:])
    node = rf"%m\t{labels}\t{fields}\t1\n"
    # Unknown words have only the POS levels; the trailing 0 marks them unknown.
    unk = r"%m\t%f[0],%f[1],%f[2],%f[3],\t\t\t\t0\n"  # same 6 fields as node
    args = (
        f"-d '{unidic_lite.DICDIR}' -r /dev/null -O '' --node-format='{node}' "
        f"--unk-format='{unk}' --bos-format='' --eos-format=''"
    )
    try:
        return fugashi.GenericTagger(args)
    except RuntimeError as err:  # pragma: no cover - broken install
        raise ResourceError(
            "MeCab could not load the unidic-lite dictionary", hint="pip install --force-reinstall unidic-lite"
        ) from err


def get_tagger() -> object:
    """Return this thread's tagger, built once on first use (one per process in practice)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = _local.tagger = _build_tagger()
    return tagger


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    """Yield (offset, piece) pieces of at most about MAX_CHUNK characters."""
    if len(text) <= MAX_CHUNK:
        yield 0, text
        return
    start = 0
    n = len(text)
    while start < n:
        end = min(start + MAX_CHUNK, n)
        if end < n:
            cut = max((m.end() for m in _CHUNK_BREAK.finditer(text, start + MAX_CHUNK // 2, end)), default=0)
            end = cut or end
        yield start, text[start:end]
        start = end


intern = sys.intern  # bound once: parse is the hot loop
# "pos1,pos2,pos3,pos4,cForm" as MeCab prints it -> the five labels (a few thousand combinations).
_LABELS: dict[str, tuple[str, ...]] = {}
_new_morpheme = tuple.__new__  # skips NamedTuple's Python-level __new__: parse is the hot loop


def parse(text: str) -> list[Morpheme]:
    """Parse text into light morphemes with character offsets into ``text``.

    Args:
        text: Any text; NUL characters are treated as spaces (MeCab stops at them).

    Returns:
        Morphemes in order. Whitespace is not a morpheme.
    """
    tagger = get_tagger()
    out: list[Morpheme] = []
    append = out.append
    label_cache = _LABELS
    new = _new_morpheme
    cls = Morpheme
    if "\x00" in text:
        text = text.replace("\x00", " ")
    for base_offset, piece in _chunks(text):
        pos = 0
        find = piece.find
        for line in tagger.parse(piece).split("\n"):  # type: ignore[attr-defined]
            if not line:
                continue
            surface, tags, lemma, base, reading, known = line.split("\t")
            # POS and conjugation labels come from a small vocabulary: one shared tuple of strings per
            # combination instead of five fresh strings per morpheme (a third of a long post's memory).
            labels = label_cache.get(tags)
            if labels is None:
                labels = label_cache[tags] = tuple(intern(x) for x in tags.split(","))
            pos1, pos2, pos3, pos4, cform = labels
            if pos1 == "空白":  # U+3000 comes back as a "blank" morpheme: white space, not a word.
                continue
            # MeCab drops white space (line breaks included) between morphemes; find where we are.
            found = find(surface, pos)
            if found >= 0:
                pos = found
            end = pos + len(surface)
            if known == "1":
                if "-" in lemma:
                    lemma = strip_gloss(lemma)
                if base == surface:
                    base = surface  # share the surface's string rather than keep an equal copy
                append(new(cls, (surface, base_offset + pos, base_offset + end, pos1, pos2, pos3, pos4, cform,
                                 lemma or surface, base or surface, reading, True)))
            else:
                # Unknown words (SNS, KLOUT, emoji) have no lemma: fall back to the surface.
                append(new(cls, (surface, base_offset + pos, base_offset + end, pos1, pos2, pos3, pos4, "",
                                 surface, surface, "", False)))
            pos = end
    return out


def _pos_string(m: Morpheme) -> str:
    """Join the POS levels that are set: 名詞-普通名詞-一般."""
    return "-".join(p for p in (m.pos1, m.pos2, m.pos3, m.pos4) if p and p != "*")


_INFLECTING = frozenset(("動詞", "形容詞", "助動詞"))


def token_norm(m: Morpheme) -> str:
    """Matching key of one morpheme: the lemma for inflecting words, the written base otherwise.

    UniDic lemmas of nouns are often katakana or kanji spellings the author did not use (東京 →
    トウキョウ), so nouns are matched on what was written; verbs and adjectives on their lemma so that
    楽しかった and 楽しく meet at 楽しい.
    """
    if m.pos1 in _INFLECTING:
        return norm_key(m.lemma)
    return norm_key(m.base)


def tokenize(text: str) -> list[Token]:
    """Tokenize text into ``Token`` records.

    Args:
        text: Japanese text.

    Returns:
        Tokens with surface, lemma, dictionary form, matching key, POS, reading and offsets.

    >>> [t.surface for t in tokenize("影響力")]
    ['影響', '力']
    """
    return [
        Token(m.surface, m.lemma, m.base, token_norm(m), _pos_string(m), m.reading, m.start, m.end, m.known)
        for m in parse(text)
    ]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The built-in stopword keys (``data/stopwords.txt``), normalized."""
    path = resources.files("jpblog_nlp") / "data" / "stopwords.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:  # pragma: no cover - broken install
        raise ResourceError("built-in stopword list is missing", hint="reinstall jpblog-nlp") from err
    return frozenset(norm_key(w) for line in lines if (w := line.split("#", 1)[0].strip()))


# --- compound terms -------------------------------------------------------------------------------

_ALNUM = re.compile(r"^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][A-Za-z0-9Ａ-Ｚａ-ｚ０-９._+&'-]*$")
_NUMBERISH = re.compile(r"^[0-9０-９.,:/年月日時分秒]+$")
_KATAKANA = re.compile(r"^[\u30a0-\u30ffー]+$")
_SYMBOLS = re.compile(r"^[\W_]+$")


def _unit_class(m: Morpheme) -> str:
    """Classify a morpheme for compound building.

    Returns:
        "N" noun-like (may start, continue or end a compound), "P" prefix (only starts one),
        "S" noun suffix (only continues one), "A" adjectival noun (starts one only when a noun follows
        directly, as in しなやかフェス), "D" middle dot, or "" (breaks a compound).
    """
    pos1 = m.pos1
    if pos1 == "名詞":
        if m.pos2 == "数詞":
            return ""
        return "N"
    if pos1 == "接頭辞":
        return "P"
    if pos1 == "接尾辞":
        # 的/化 style suffixes make adjectives and adverbs, not terms (機械的 → 機械).
        return "S" if m.pos2 == "名詞的" else ""
    if pos1 == "形状詞" and m.pos2 == "一般":
        return "A"
    if not m.known and _ALNUM.match(m.surface):
        return "N"
    if m.surface in ("・", "･"):
        return "D"
    if _is_content_word(m):
        return "V"
    return ""


_KIND_BY_POS = {"名詞": "noun", "動詞": "verb", "形容詞": "adjective", "形状詞": "adjectival_noun"}


def _is_content_word(m: Morpheme) -> bool:
    """True for a single verb/adjective/adjectival noun that means something by itself."""
    if m.pos1 in ("動詞", "形容詞"):
        return m.pos2 != "非自立可能"
    return m.pos1 == "形状詞" and m.pos2 == "一般"


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Offsets of every match of pattern."""
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_CLASS_CACHE: dict[tuple[str, str], str] = {}


def _classes(morphemes: Sequence[Morpheme]) -> list[str]:
    """Unit class of every morpheme (see ``_unit_class``), with the number/counter rule applied."""
    cache = _CLASS_CACHE
    out: list[str] = []
    append = out.append
    previous_numeral = False
    for m in morphemes:
        if m.known and m.surface not in ("・", "･"):
            key = (m.pos1, m.pos2)
            cls = cache.get(key)
            if cls is None:
                cls = cache[key] = _unit_class(m)
        else:
            cls = _unit_class(m)
        if previous_numeral and cls == "N" and m.pos3 == "助数詞可能":
            cls = ""  # 30代, 7年: a counter after a number is part of the number, not a term.
        previous_numeral = m.pos2 == "数詞"
        append(cls)
    return out


def _special_spans(text: str) -> list[tuple[int, int, str]]:
    """URL and hashtag spans, which become terms whole."""
    special: list[tuple[int, int, str]] = []
    if "://" in text:
        special += [(s, e, "url") for s, e in _spans(URL, text)]
    if "#" in text or "＃" in text:
        special += [(s, e, "hashtag") for s, e in _spans(HASHTAG, text)]
    special.sort()
    return special


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
    stop = stopwords()
    special = _special_spans(text)
    classes = _classes(morphemes)
    terms: list[Term] = []
    n = len(morphemes)
    run_start = -1  # index of the first unit of the current run, -1 when none

    def flush(run_end: int) -> None:
        # Trim units that cannot stand at an edge: prefixes, dots and adjectival nouns at the end;
        # suffixes and dots at the start.
        first, last = run_start, run_end - 1
        while last >= first and classes[last] in ("P", "D", "A"):
            last -= 1
        while first <= last and classes[first] in ("S", "D"):
            first += 1
        if first <= last:
            _emit_run(morphemes, first, last, text, stop, terms)

    sp_index = 0
    n_special = len(special)
    i = 0
    while i < n:
        m = morphemes[i]
        if n_special:
            # Skip to the special span (URL, hashtag) that covers this morpheme, if any.
            while sp_index < n_special and special[sp_index][1] <= m.start:
                sp_index += 1
            if sp_index < n_special and special[sp_index][0] <= m.start:
                s, e, kind = special[sp_index]
                if run_start >= 0:
                    flush(i)
                    run_start = -1
                surface = text[s:e]
                terms.append(Term(surface, norm_key(surface), kind, s, e, 1))
                while i < n and morphemes[i].start < e:
                    i += 1
                sp_index += 1
                continue
        cls = classes[i]
        if cls and cls != "V" and _can_join(classes, morphemes, run_start, i):
            if run_start < 0:
                run_start = i
            elif cls == "P" or morphemes[i - 1].end != m.start:
                # A prefix starts a new term (みなさん|ご機嫌), and white space ends one.
                flush(i)
                run_start = i if _can_join(classes, morphemes, -1, i) else -1
        else:
            if run_start >= 0:
                flush(i)
                run_start = -1
            if cls and cls != "V" and _can_join(classes, morphemes, -1, i):
                run_start = i
            elif content_words and (cls == "V" or cls == "A"):
                _emit_single(m, stop, terms)
        i += 1
    if run_start >= 0:
        flush(n)
    return terms


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


_ACCEPTABLE: dict[tuple[str, str], bool] = {}


def _acceptable(surface: str, key: str, stop: frozenset[str]) -> bool:
    """Filter out stopwords, numbers, symbols and lone kana (memoized: the same words recur)."""
    result = _ACCEPTABLE.get((surface, key))
    if result is None:
        if len(_ACCEPTABLE) > 500_000:
            _ACCEPTABLE.clear()
        result = _ACCEPTABLE[(surface, key)] = _check_acceptable(surface, key, stop)
    return result


def _check_acceptable(surface: str, key: str, stop: frozenset[str]) -> bool:
    """The test behind ``_acceptable``."""
    if key in stop or _NUMBERISH.match(key) or _SYMBOLS.match(key):
        return False
    # A single hiragana/katakana character is never a term (の, ね, ワ).
    return not (len(surface) == 1 and "\u3040" <= surface <= "\u30ff")


def _emit_run(
    morphemes: Sequence[Morpheme], first: int, last: int, text: str, stop: frozenset[str], terms: list[Term]
) -> None:
    """Append the term that units first..last make, if it is acceptable."""
    start, end = morphemes[first].start, morphemes[last].end
    surface = text[start:end]
    if first == last:
        key = norm_key(morphemes[first].base)
        kind = "noun"
    else:
        key = norm_key(surface)
        kind = "compound"
    if _acceptable(surface, key, stop):
        terms.append(Term(surface, key, kind, start, end, last - first + 1))


def _emit_single(m: Morpheme, stop: frozenset[str], terms: list[Term]) -> None:
    """Append a single content word (verb/adjective in its dictionary form) if acceptable."""
    key = token_norm(m)
    # Verbs and adjectives are shown in their dictionary form as written (楽しかった → 楽しい).
    shown = m.base
    if _acceptable(shown, key, stop):
        terms.append(Term(shown, key, _KIND_BY_POS.get(m.pos1, "word"), m.start, m.end, 1))


def extract_terms(text: str, *, content_words: bool = True) -> list[Term]:
    """Extract compound-aware terms from text.

    Args:
        text: Japanese text.
        content_words: Also return verbs, adjectives and adjectival nouns (in dictionary form).

    Returns:
        Terms in text order: whole compounds (影響力, オンラインサロン, KLOUTスコア), single nouns,
        hashtags and URLs, and content words; without stopwords, numbers, symbols and lone kana.

    >>> [t.text for t in extract_terms("オンラインサロンの影響力", content_words=False)]
    ['オンラインサロン', '影響力']
    """
    return build_terms(parse(text), text, content_words=content_words)
