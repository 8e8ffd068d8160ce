"""KWIC concordance: every occurrence of a term with its left and right context.

Matching is done on morpheme keys, not on characters, so that:

* conjugated forms meet at the lemma: 楽しい finds 楽しかった and 楽しく (``tokens.token_norm``), and a
  conjugated query (楽しかった) finds every form too;
* width and case variants meet: sns finds ＳＮＳ and SNS, コミュニティー finds コミュニティ (``norm_key``);
* a word is not found inside an unrelated word: ライン is not found in オンラインサロン.

The query is parsed into units (影響力 → 影響 + 力) and an occurrence is a run of morphemes with the same
keys.  Compound terms decide what counts, with this rule:

* the run is a whole term (影響力 alone), or spans whole terms: it is reported;
* the run lies inside a longer compound term: it is reported when it starts or ends that compound
  *and* the query has at least two characters (影響力 in 影響力指数 or in SNS影響力, サロン in オンラインサロン),
  never when it sits in the middle (ライン in オンライン|サロン) nor for a one-character query (力 is not
  reported in every 影響力 — a reader asking for 力 wants the word 力);
* a run that cuts a term in two at one end only (half inside, half outside) is not reported.

As a fallback for a query MeCab segments differently alone than in context, a term whose key equals the
query's key is always reported.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..errors import InputError
from ..text.document import Document, prepare
from ..text.normalize import norm_key
from ..text.records import Post
from ..text.tokens import parse, token_norm

_SKIPPED_POS = frozenset(("補助記号", "記号", "空白"))
_TRAILING_POS = frozenset(("助動詞", "助詞"))
_INFLECTING_POS = frozenset(("動詞", "形容詞", "助動詞"))


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One occurrence of the query.

    Attributes:
        left: Up to ``width`` characters before the occurrence (line breaks as spaces).
        match: The occurrence as written (楽しかっ for 楽しい: the matched morphemes only).
        right: Up to ``width`` characters after it.
        start: Offset of the occurrence in ``post.text``.
        end: Offset after it.
        sentence: Index of its sentence.
        term: The whole term it belongs to (影響力指数 for 影響力), or the match itself.
    """

    left: str
    match: str
    right: str
    start: int
    end: int
    sentence: int
    term: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


#: A query is a word or a phrase; a longer one is a mistake (a file pasted as the term), and echoing it
#: back in an error would fill the screen.
MAX_QUERY_CHARS = 200


def query_units(query: str) -> tuple[str, ...]:
    """Morpheme keys of a query (symbols and blanks dropped).

    Raises:
        InputError: The query holds no word, or is longer than a phrase can be.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"the term is {len(query):,} characters long, more than the {MAX_QUERY_CHARS} a word "
                         "or phrase can have", hint="give a word or a short phrase, e.g. 影響力")
    morphs = [m for m in parse(query.strip()) if m.pos1 not in _SKIPPED_POS]
    if not morphs:
        raise InputError(f"the term {query!r} holds no word to look for", hint="give a word, e.g. 影響力")
    # A conjugated query (楽しかった, 走った) stands for its word: its trailing auxiliaries and particles
    # are dropped so that every form of 楽しい is found, as for the dictionary form.
    while len(morphs) > 1 and morphs[-1].pos1 in _TRAILING_POS and morphs[-2].pos1 in _INFLECTING_POS:
        morphs.pop()
    return tuple(token_norm(m) for m in morphs)


def _flat(text: str) -> str:
    """Context on one line."""
    return text.replace("\r", " ").replace("\n", " ")


def kwic(source: str | Post | Document, query: str, *, width: int = 20) -> list[KwicLine]:
    """Find every occurrence of a term in a post, with context.

    Args:
        source: The post's text (a str is always text), a ``Post`` or a ``Document``; a path is refused
            (``load_post(path)`` reads one).
        query: The term (a word, a compound, a conjugated or dictionary form, any width/case).
        width: Characters of context on each side.

    Returns:
        Occurrences in text order.

    Raises:
        InputError: Empty query, or a post that cannot be loaded.

    >>> [line.match for line in kwic("楽しかった。楽しく遊ぶ。", "楽しい")]
    ['楽しかっ', '楽しく']
    """
    units = query_units(query)
    q_norm = norm_key(query.strip())
    long_query = len(q_norm) >= 2
    n_units = len(units)
    doc = prepare(source)
    text = doc.post.text
    width = max(width, 0)
    found: dict[int, KwicLine] = {}

    def add(start: int, end: int, s_index: int, term: str) -> None:
        if start not in found:
            found[start] = KwicLine(_flat(text[max(0, start - width):start]), text[start:end],
                                    _flat(text[end:end + width]), start, end, s_index, term)

    first = units[0]
    for s_index, (morphs, terms) in enumerate(zip(doc.morphemes, doc.terms, strict=False)):
        n = len(morphs)
        for i in range(n - n_units + 1):
            if token_norm(morphs[i]) != first:
                continue
            if any(token_norm(morphs[i + k]) != units[k] for k in range(1, n_units)):
                continue
            start, end = morphs[i].start, morphs[i + n_units - 1].end
            verdict = _accept(start, end, terms, long_query)
            if verdict is not None:
                add(start, end, s_index, verdict or text[start:end])
        for t in terms:
            if t.norm == q_norm:
                add(t.start, t.end, s_index, t.text)
    return [found[k] for k in sorted(found)]


def _accept(start: int, end: int, terms: tuple, long_query: bool) -> str | None:
    """Apply the compound rule (module docstring): the enclosing term's text, "" for none, None to reject."""
    enclosing = ""
    for t in terms:
        if t.end <= start or t.start >= end:
            continue  # no overlap
        if start <= t.start and t.end <= end:
            continue  # a whole term inside the run
        if t.start <= start and end <= t.end:
            if (t.start, t.end) == (start, end):
                return t.text
            if long_query and (t.start == start or t.end == end):
                enclosing = t.text
                continue
            return None  # in the middle of a compound, or a one-character query inside one
        return None  # cuts a term at one end
    return enclosing


__all__ = ["KwicLine", "kwic", "query_units"]
