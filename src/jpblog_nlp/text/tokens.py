"""Tokenize with MeCab (fugashi + unidic-lite); terms are rebuilt from the morphemes by ``compounds``.

This module stays the one place callers import from: it re-exports ``Morpheme`` (``text.morpheme``) and
the term building (``build_terms``, ``stopwords``, from ``text.compounds``).

Speed: fugashi builds a Python node object per morpheme, which costs about twice what MeCab itself
spends.  We ask MeCab for exactly the fields we use, in one string, through a node format built from
the *names* of UniDic's feature fields (and a known word's left context id, which stands for its POS
labels), and split that string ourselves, once.  Each morpheme is a plain tuple; its labels, unit class
and matching key come from caches, since the same few thousand label sets and words recur.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from .compounds import build_terms, pos_unit, stopwords, surface_unit
from .morpheme import Morpheme
from .normalize import norm_key, strip_gloss
from .records import Term, Token

# Fields we read, by UniDic name; their indices come from fugashi's own field list.
_FIELDS = ("pos1", "pos2", "pos3", "pos4", "cForm", "lemma", "orthBase", "pron")
# MeCab's lattice grows with the input; long texts are fed in pieces cut at a natural boundary.
MAX_CHUNK = 4096
_CHUNK_BREAK = re.compile(r"[。！？!?\n、，, \u3000]")



_local = threading.local()


def _build_tagger(readings: bool) -> object:
    """Build a MeCab tagger with a node format naming only the fields we use (``pron`` only if asked)."""
    try:
        import fugashi
        import unidic_lite
    except ImportError as err:  # pragma: no cover - dependency missing
        raise ResourceError(
            "fugashi or unidic-lite is not installed", hint="pip install fugashi unidic-lite"
        ) from err
    names = fugashi.UnidicFeatures26._fields
    # A known word's four POS levels and conjugation form are fixed by its left context id, which the
    # dictionary's left-id.def spells out: MeCab prints the id (%phl) and parse() maps it to shared
    # label strings with one dictionary lookup, which is cheaper for both than five feature fields.
    # Without that file, the five fields come comma-joined (no UniDic label holds a comma).
    _LEFT_IDS[:] = _read_left_ids(Path(unidic_lite.DICDIR) / "left-id.def")
    fallback = ",".join(f"%f[{names.index(name)}]" for name in _FIELDS[:5]) + ",1"
    labels = "%phl" if _LEFT_IDS else fallback
    # The reading is for ``tokenize`` only: no analysis reads it, and leaving it out of the analysis
    # tagger's output spares MeCab and parse() a field per morpheme (about 8% of MeCab's part).
    wanted = _FIELDS[5:] if readings else _FIELDS[5:-1]
    fields = r"\t".join(f"%f[{names.index(name)}]" for name in wanted)
    # Every field, the last included, ends in a tab: parse() splits MeCab's whole output once and reads
    # it a morpheme's fields at a time, rather than splitting line by line (a third less Python work).
    # fugashi strips the output's trailing white space, so an "EOS" mark keeps the last empty fields.
    # %pS prints the white space MeCab skipped before the word (line breaks included): parse() steps over
    # it by its length instead of searching the text for each word.
    node = rf"%pS\t%m\t{labels}\t{fields}\t"
    # Unknown words have only the POS levels, printed out: their context ids are shared by unrelated
    # classes (an unknown symbol has a noun's id). The trailing 0 marks them unknown.
    unk = r"%pS\t%m\t%f[0],%f[1],%f[2],%f[3],,0\t" + r"\t" * len(wanted)  # as many fields as a known word
    args = (
        f"-d '{unidic_lite.DICDIR}' -r /dev/null -O '' --node-format='{node}' "
        f"--unk-format='{unk}' --bos-format='' --eos-format='EOS'"
    )
    try:
        return fugashi.GenericTagger(args)
    except RuntimeError as err:  # pragma: no cover - broken install
        raise ResourceError(
            "MeCab could not load the unidic-lite dictionary", hint="pip install --force-reinstall unidic-lite"
        ) from err


# left-id.def's lines: line N describes left context id N. Read whole at start-up (a millisecond);
# a line is split into labels only when its id first shows up (``_left_id_labels``).
_LEFT_IDS: list[str] = []


def _read_left_ids(path: Path) -> list[str]:
    """Lines of a UniDic left-id.def (``ID pos1,pos2,pos3,pos4,cType,cForm,...``); [] when it is missing."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover - every unidic-lite release ships it
        return []


def _left_id_labels(ident: str) -> tuple[str, ...] | None:
    """pos1, pos2, pos3, pos4, cForm of the known words with this left context id (None if unknown)."""
    index = int(ident) if ident.isdigit() else -1
    number, _, feature = _LEFT_IDS[index].partition(" ") if 0 <= index < len(_LEFT_IDS) else ("", "", "")
    fields = feature.split(",")
    if number != ident or len(fields) < 6:
        return None
    # UniDic writes an empty level as "*"; MeCab's %f prints those as "", and so do we.
    return tuple("" if f == "*" else f for f in (*fields[:4], fields[5]))


def get_tagger(*, readings: bool = False) -> object:
    """Return this thread's tagger, built once on first use (one per process in practice).

    Args:
        readings: The tagger that also prints each word's reading (for ``tokenize``), a second one.
    """
    name = "reading_tagger" if readings else "tagger"
    tagger = getattr(_local, name, None)
    if tagger is None:
        tagger = _build_tagger(readings)
        setattr(_local, name, tagger)
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

# parse() looks these caches up with a bound dict.get: a plain dict's lookup is twice as fast as a
# subscript on a dict subclass with __missing__, and parse does two per morpheme. On a miss it calls the
# cache's filler, made by _filler.


def _filler(cache: dict[str, Any], compute: Callable[[str], Any], limit: int) -> Callable[[str], Any]:
    """A function that computes a missing value, stores it in ``cache`` and returns it.

    The cache is emptied when it outgrows ``limit`` (a long batch meets ever new words).
    """

    def fill(text: str) -> Any:
        if len(cache) > limit:
            cache.clear()
        value = cache[text] = compute(text)
        return value

    return fill


# Verbs, adjectives and auxiliaries are matched on their lemma (楽しかった → 楽しい), the rest as written.
_INFLECTING = frozenset(("動詞", "形容詞", "助動詞"))
INFLECTING = _INFLECTING  #: Public name: the pos1 values keyed by lemma, for callers keying words as token_norm does.

# Written form or lemma -> norm_key.
_KEYS: dict[str, str] = {}
_new_key = _filler(_KEYS, norm_key, 300_000)
# A known word's left context id, or an unknown word's "pos1,pos2,pos3,pos4,,0", as MeCab prints it ->
# the five labels, the known flag, the unit class and whether it inflects (a few thousand combinations).
_LABELS: dict[str, tuple] = {}
_new_labels = _filler(_LABELS, lambda tags: _labels(tags), 100_000)  # _labels is defined below
# UniDic lemma -> the lemma without its English gloss (サロン-salon → サロン).
_GLOSS_FREE: dict[str, str] = {}
_gloss_free = _filler(_GLOSS_FREE, strip_gloss, 100_000)
_new_morpheme = tuple.__new__  # skips NamedTuple's Python-level __new__: parse is the hot loop


def _labels(tags: str) -> tuple:
    """Shared label strings, known flag and unit class (None when the surface decides) of a tag field.

    A blank (U+3000) has unit None too: parse() tests the rare None case only, not every word's POS.

    The field is a known word's left context id, or the comma-joined labels and known flag.
    """
    if "," not in tags:
        left = _left_id_labels(tags)
        if left is None:  # pragma: no cover - the dictionary and its left-id.def disagree
            raise ResourceError(
                f"unidic-lite's left-id.def does not describe context id {tags}",
                hint="pip install --force-reinstall unidic-lite",
            )
        pos1, pos2, pos3, pos4, cform = (intern(x) for x in left)
        known = True
    else:
        pos1, pos2, pos3, pos4, cform, known_flag = (intern(x) for x in tags.split(","))
        known = known_flag == "1"
    unit: str | None = pos_unit(pos1, pos2, pos3)
    # The surface decides for symbols (a middle dot joins katakana names) and for unknown words outside
    # the noun classes (alphanumerics such as KLOUT are nouns).
    if (pos1 == "補助記号" and pos2 == "一般") or (not known and not unit) or pos1 == "空白":
        unit = None
    return pos1, pos2, pos3, pos4, cform, known, unit, pos1 in _INFLECTING


def parse(text: str, *, readings: bool = False) -> list[Morpheme]:
    """Parse text into light morphemes with character offsets into ``text``.

    Args:
        text: Any text; NUL characters are treated as spaces (MeCab stops at them), tabs too (they
            separate the fields of MeCab's output).
        readings: Fill ``Morpheme.reading`` (otherwise ""): no analysis needs it, ``tokenize`` shows it.

    Returns:
        Morphemes in order. Whitespace is not a morpheme.
    """
    tagger = get_tagger(readings=readings)
    out: list[Morpheme] = []
    append = out.append
    labels_of = _LABELS.get
    new = _new_morpheme
    cls = Morpheme
    # One character for one: offsets into the text stay true.
    if "\x00" in text:
        text = text.replace("\x00", " ")
    if "\t" in text:
        text = text.replace("\t", " ")
    gloss_free = _GLOSS_FREE.get
    key_of = _KEYS.get
    for base_offset, piece in _chunks(text):
        pos = base_offset
        fields = iter(tagger.parse(piece).split("\t"))  # type: ignore[attr-defined]
        # Five or six fields per morpheme; the closing EOS is left over by zip.
        reading_fields = fields if readings else repeat("")
        for blank, surface, tags, lemma, base, reading in zip(fields, fields, fields, fields, fields,
                                                              reading_fields, strict=False):
            if blank:  # the white space before the word (MeCab drops it)
                pos += len(blank)
            # POS and conjugation labels come from a small vocabulary: one shared tuple of strings per
            # combination instead of fresh strings per morpheme (a third of a long post's memory).
            pos1, pos2, pos3, pos4, cform, known, unit, inflecting = labels_of(tags) or _new_labels(tags)
            end = pos + len(surface)
            if unit is None:
                if pos1 == "空白":  # U+3000 comes back as a "blank" morpheme: white space, not a word.
                    pos = end
                    continue
                unit = surface_unit(surface, pos1, pos2, pos3, known)
            if known:
                if "-" in lemma:
                    lemma = gloss_free(lemma) or _gloss_free(lemma)
                if base == surface:
                    base = surface  # share the surface's string rather than keep an equal copy
                lemma = lemma or surface
                base = base or surface
                written = lemma if inflecting else base
                append(new(cls, (surface, pos, end, pos1, pos2, pos3, pos4, cform, lemma, base, reading, True,
                                 unit, key_of(written) or _new_key(written))))
            else:
                # Unknown words (SNS, KLOUT, emoji) have no lemma: fall back to the surface.
                append(new(cls, (surface, pos, end, pos1, pos2, pos3, pos4, "", surface, surface, "", False, unit,
                                 key_of(surface) or _new_key(surface))))
            pos = end
    return out


@lru_cache(maxsize=256)
def parse_label(text: str) -> tuple[Morpheme, ...]:
    """``parse`` of a short label (a post's title, a category), remembered.

    The keywords and the summary both read a post's title, and a blog's categories recur from post to
    post: MeCab runs once per label. A few hundred are kept (a title's morphemes take some kilobytes).
    """
    return tuple(parse(text))


def _pos_string(m: Morpheme) -> str:
    """Join the POS levels that are set: 名詞-普通名詞-一般."""
    return "-".join(p for p in (m.pos1, m.pos2, m.pos3, m.pos4) if p and p != "*")


def token_norm(m: Morpheme) -> str:
    """Matching key of one morpheme: the lemma for inflecting words, the written base otherwise.

    UniDic lemmas of nouns are often katakana or kanji spellings the author did not use (東京 →
    トウキョウ), so nouns are matched on what was written; verbs and adjectives on their lemma so that
    楽しかった and 楽しく meet at 楽しい. ``parse`` computes it once per morpheme (``Morpheme.norm``).
    """
    return m.norm


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
        for m in parse(text, readings=True)
    ]


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


__all__ = [
    "INFLECTING",
    "MAX_CHUNK",
    "Morpheme",
    "build_terms",
    "extract_terms",
    "get_tagger",
    "parse",
    "parse_label",
    "stopwords",
    "token_norm",
    "tokenize",
]
