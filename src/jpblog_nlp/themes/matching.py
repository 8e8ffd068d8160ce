"""Where a theme set's terms, phrases and rule words occur in a post: the plan, the index, the hits.

This is the hot part of theme detection, run for every post of a batch, so its shape is chosen for
speed and documented where it is unusual: a ``Plan`` per theme set (built once, kept by identity) holds
the key sets that let matching skip what no theme wants; ``index_post`` indexes only the sentences that
offer some theme something; ``sentence_hits`` matches one theme in one such sentence.  Hits are plain
tuples (``Hit``) because a post makes many and they never leave the package.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import attrgetter, itemgetter, or_

from ..text.document import Document
from ..text.normalize import norm_key
from ..text.records import Term
from ..text.tokens import INFLECTING, Morpheme, build_terms, parse, token_norm
from .records import Theme, ThemeSet
from .rules import Span, evaluate, rule_atoms, word_keys

# Term kinds that count as content in a post (the denominator of a theme's density).
CONTENT_KINDS = frozenset(("compound", "noun", "verb", "adjective", "adjectival_noun"))
# How much a match counts, by how the theme term sits in the post's term.
EXACT, HEAD, MODIFIER, PHRASE = "exact", "head", "modifier", "phrase"
RELATION_FACTOR = {EXACT: 1.0, HEAD: 1.0, MODIFIER: 0.5, PHRASE: 1.0}
_RELATION_RANK = {EXACT: 0, PHRASE: 0, HEAD: 1, MODIFIER: 2}


@dataclass(slots=True)
class SentenceIndex:
    """What one sentence offers for matching."""

    # Only the terms with a key some theme knows: (first, last, written form, [(key, relation, a, b)]) with
    # candidate keys for the exact term and its head and modifier sub-spans.
    candidates: list[tuple[int, int, str, list[tuple[str, str, int, int]]]]
    # Key -> spans of every unit-aligned morpheme run (for rule words and phrase terms).
    runs: dict[str, list[Span]]
    # Every key found in the sentence (candidates and runs): a theme sharing none of them has no hit here.
    keys: frozenset[str] = frozenset()


# Sub-spans of compounds repeat across posts (影響 in 影響力, 影響者 ...): their keys are worth caching.
_cached_key = lru_cache(maxsize=1 << 13)(norm_key)


class _WordFilter:
    """Which words have their key among ``keys``, remembered per word: a batch meets the same words again and again."""

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys
        # (every word met, those of them whose key is in keys): replaced as one, so that a thread always
        # reads a matching pair.
        self._state: tuple[set[str], set[str]] = (set(), set())

    def select(self, words: set[str]) -> set[str]:
        """The words whose key is in ``keys``."""
        seen, hits = self._state
        new = words - seen  # set operations run in C: only words never met before are normalized
        if new:
            if len(seen) > _MEMO_LIMIT:
                seen, hits = self._state = (set(), set())
                new = words
            hits.update(w for w in new if _cached_key(w) in self.keys)
            seen.update(new)  # after hits: a word counts as met only once its answer is recorded
        return words & hits


_START = itemgetter(1)  # Morpheme.start, read in C
_NORM = itemgetter(13)  # Morpheme.norm, read in C
_KIND = attrgetter("kind")  # Term fields, read in C
_TERM_NORM = attrgetter("norm")
_TEXT = attrgetter("text")
_IS_COMPOUND = "compound".__eq__
_MEMO_LIMIT = 1 << 13  # entries a per-plan memo keeps before starting afresh: a batch meets ever new
# words, and a worker must stay flat in memory over a whole corpus (at 1 << 17 it grew by 100 MB)


def _run_starts(text: str, flat: Sequence[Morpheme], starts: Sequence[int], bounds: Sequence[int],
                plan: Plan) -> dict[int, list[int]]:
    """Per sentence number, the morphemes (in order) where a phrase or rule word may start; others left out.

    Testing the written form, lemma and base of every morpheme costs more than all the rest of the matching,
    and almost every morpheme fails.  So the few that may pass are found in bulk first: a written form
    begins with the text's character at the morpheme's offset (one regular expression over the post finds
    those offsets), and a lemma or base that begins otherwise (受け → 受ける, つながっ → 繋がる) can only
    make a run of that one morpheme, by its key being wanted (one set lookup per morpheme, in C).  The full
    first-character test of ``_runs`` then runs on these candidates only.
    """
    found = set(compress(count(), map(plan.wanted_norms.__contains__, map(_NORM, flat))))
    n = len(starts)
    for match in plan.wanted_start_re.finditer(text):
        g = bisect_left(starts, match.start())
        if g < n and starts[g] == match.start():
            found.add(g)
    out: dict[int, list[int]] = {}
    for g in sorted(found):
        k = bisect_right(bounds, g) - 1  # the sentence: bounds[k] <= g < bounds[k + 1]
        out.setdefault(k, []).append(g - bounds[k])
    return out


def _maybe_matching(doc: Document, plan: Plan, spanned: set[str]) -> Iterator[tuple[int, Term]]:
    """(sentence number, term) of the terms that may match: compounds, terms with a known key, and ``spanned``.

    Most terms belong to no theme; this drops them in C, before any Python step per term.
    """
    terms = list(chain.from_iterable(doc.terms))
    sentence_of = chain.from_iterable(map(repeat, count(), map(len, doc.terms)))
    maybe = map(or_, map(_IS_COMPOUND, map(_KIND, terms)), map(plan.known.__contains__, map(_TERM_NORM, terms)))
    if spanned:
        maybe = map(or_, maybe, map(spanned.__contains__, map(_TEXT, terms)))
    return compress(zip(sentence_of, terms, strict=True), maybe)


def _sub_span_candidates(morphs: Sequence[Morpheme], first: int, last: int, text: str,
                         plan: Plan) -> list[tuple[str, str, int, int]]:
    """The head and modifier sub-spans with a known key of the compound ``morphs[first:last + 1]``.

    Worked out afresh for each compound: most of its words fail the first-character test, and a memo
    keyed by the compound's forms cost more to look up than the work it saved.

    A sub-span is extended only while its key is a prefix of some known key (as ``_runs`` extends runs):
    known keys are a few characters long, so each start tries a handful of ends and the work grows with
    the compound's length, not with its cube (a 2 MB run of letters with no break is one compound).
    """
    known, known_start, known_prefixes = plan.known, plan.known_start, plan.known_prefixes
    cands = []
    for a in range(first, last + 1):
        head = morphs[a]
        if (head.surface[:1] not in known_start and head.lemma[:1] not in known_start
                and head.base[:1] not in known_start):
            continue  # no theme term starts the way this sub-span does
        for b in range(a, last + 1):
            if a == first and b == last:
                continue
            rel = HEAD if b == last else MODIFIER
            key = _cached_key(text[head.start:morphs[b].end])
            if key in known:
                cands.append((key, rel, a, b))
            if a == b and (lemma_key := token_norm(head)) != key and lemma_key in known:
                cands.append((lemma_key, rel, a, b))
            if key not in known_prefixes:
                break  # no known key starts with this sub-span: longer ones cannot be known either
    return cands


def _runs(morphs: Sequence[Morpheme], run_starts: Iterable[int], term_spans: Sequence[Span], text: str,
          plan: Plan) -> dict[str, list[Span]]:
    """Key -> spans of the unit-aligned morpheme runs of one sentence with a wanted key (and wanted terms)."""
    wanted, prefixes, max_run, wanted_start = plan.wanted, plan.prefixes, plan.max_run, plan.wanted_start
    runs: dict[str, list[Span]] = {}
    n = len(morphs)
    for i in run_starts:
        head = morphs[i]
        if head.surface[:1] not in wanted_start and head.lemma[:1] not in wanted_start \
                and head.base[:1] not in wanted_start:
            continue  # no phrase or rule word starts the way this run does
        prefix = ""
        for j in range(i, min(n, i + max_run)):
            m = morphs[j]
            if j > i and m.start - morphs[j - 1].end > 1:
                break  # a run may cross one space (MeCab drops it), not a wider gap
            surface = text[morphs[i].start:m.end]
            # The written form, and the form with the last word as its lemma (開いた → 開く).
            surface_key = _cached_key(surface)
            if surface_key in wanted:
                runs.setdefault(surface_key, []).append((i, j, surface))
            # token_norm reads the lemma of inflecting words and the written base of others.
            alt = m.lemma if m.pos1 in INFLECTING else m.base
            lemma_key = surface_key if alt == m.surface else _cached_key(prefix + token_norm(m))
            if lemma_key != surface_key and lemma_key in wanted:
                runs.setdefault(lemma_key, []).append((i, j, surface))
            if surface_key not in prefixes:
                break  # no wanted key starts with this run: longer runs cannot match either
            prefix += m.surface
    if term_spans:
        listed = {(key, span) for key, spans in runs.items() for span in spans}  # a set: one lookup per term
        for span in term_spans:
            key = _cached_key(span[2])
            if (key, span) not in listed:
                listed.add((key, span))
                runs.setdefault(key, []).append(span)
    return runs


def index_post(doc: Document, plan: Plan) -> list[tuple[int, SentenceIndex]]:
    """The matching index of every sentence that offers some theme something, by sentence number, in order."""
    text = doc.post.text
    known = plan.known
    flat = list(chain.from_iterable(doc.morphemes))
    starts = list(map(_START, flat))
    bounds = [0, *accumulate(map(len, doc.morphemes))]
    # The terms whose text is a phrase or rule word (rare): their spans count even where no run found them.
    spanned = plan.wanted_texts.select(set(map(_TEXT, chain.from_iterable(doc.terms)))) if plan.wanted else set()
    candidates: dict[int, list[tuple[int, int, str, list[tuple[str, str, int, int]]]]] = {}
    term_spans: dict[int, list[Span]] = {}
    for k, term in _maybe_matching(doc, plan, spanned):
        kind = term.kind
        content = kind in CONTENT_KINDS
        compound = content and kind == "compound" and term.end - term.start > 1
        exact = content and term.norm in known
        if not (exact or compound or term.text in spanned):
            continue
        # Morpheme numbers within the sentence (``starts`` holds the whole post's morpheme offsets).
        lo, hi = bounds[k], bounds[k + 1]
        first = bisect_left(starts, term.start, lo, hi) - lo
        last = max(first, bisect_left(starts, term.end, lo, hi) - lo - 1)
        if term.text in spanned:
            term_spans.setdefault(k, []).append((first, last, term.text))
        if not content:
            continue
        cands = [(term.norm, EXACT, first, last)] if exact else []
        if compound and last > first:
            cands += _sub_span_candidates(doc.morphemes[k], first, last, text, plan)
        if cands:
            candidates.setdefault(k, []).append((first, last, term.text, cands))
    run_starts = _run_starts(text, flat, starts, bounds, plan) if plan.wanted else {}
    indexed: list[tuple[int, SentenceIndex]] = []
    for k in sorted({*candidates, *term_spans, *run_starts}):
        mine = candidates.get(k, [])
        runs = _runs(doc.morphemes[k], run_starts.get(k, ()), term_spans.get(k, ()), text, plan)
        if mine or runs:
            keys = {key for *_, cands in mine for key, *_ in cands}
            keys.update(runs)
            indexed.append((k, SentenceIndex(mine, runs, frozenset(keys))))
    return indexed


# A hit in a sentence: (term as written, theme term or rule, weight, first morpheme, last morpheme).
Hit = tuple[str, str, float, int, int]


def sentence_hits(theme: Theme, index: SentenceIndex, phrase_keys: Sequence[str]) -> tuple[
        list[Hit], list[str], bool]:
    """Match one theme in one sentence.

    Returns:
        (hits, rules matched, filtered out).
    """
    hits: list[Hit] = []
    covered: list[tuple[int, int]] = []
    # Phrases first (いいね, 心を開く): they are longer than any term they overlap.
    for key in phrase_keys:
        shown, weight = theme.weights[key]
        for first, last, surface in index.runs.get(key, ()):
            covered.append((first, last))
            hits.append((surface, shown, weight, first, last))
    overlaps_phrase = overlap_test([(a, b + 1) for a, b in covered])  # morphemes a..b, as half-open spans
    for first, last, surface, cands in index.candidates:
        if covered and overlaps_phrase(first, last + 1):
            continue
        best: tuple[float, int, int, str, int, int] | None = None
        for key, rel, a, b in cands:
            found = theme.weights.get(key)
            # A one-character theme term (心, 輪, 恋) matches whole terms only: single kanji are productive
            # suffixes that change the meaning (好奇心 is curiosity, not heart; 影響力 is not 影響).
            if found is None or (rel != EXACT and len(key) < 2):
                continue
            value = found[1] * RELATION_FACTOR[rel]
            candidate = (value, -_RELATION_RANK[rel], len(key), found[0], a, b)
            if best is None or candidate > best:
                best = candidate
        if best is not None:
            # The span is the part of the term that matched (SNS in SNS黒歴史): the rest is not the theme's.
            hits.append((surface, best[3], best[0], best[4], best[5]))
    matched: list[str] = []
    filtered = False
    for rule in theme.rules:
        found_words: list[Span] = []
        ok = evaluate(rule.tree, index.runs, found_words)
        if rule.is_filter:
            filtered = filtered or not ok
        elif ok:
            matched.append(rule.text)
            # The rule's weight is shared by the words that made it true; they are "triggered by" the rule.
            words = list({span[2]: span for span in found_words}.values()) or [(-1, -1, rule.text)]
            hits.extend((word, rule.text, theme.rule_weight / len(words), a, b) for a, b, word in words)
    return hits, matched, filtered


def _phrase_keys(theme: Theme) -> list[str]:
    """Keys of the theme's terms that are not one term of their own (いいね): matched as sequences."""
    keys = []
    for text, _ in theme.terms:
        term_keys, n_morphemes = word_keys(text)
        if n_morphemes < 2:
            continue
        terms = build_terms(parse(text), text)
        if len(terms) == 1 and terms[0].norm == term_keys[0]:
            continue
        keys.extend(k for k in term_keys if k in theme.weights)
    return keys


@dataclass(frozen=True, slots=True)
class Plan:
    """How to match a theme set, worked out once per set."""

    themes: tuple[tuple[Theme, tuple[str, ...]], ...]  # each theme with its phrase keys
    max_run: int  # the longest run (in morphemes) a phrase or rule word needs
    wanted: frozenset[str]  # keys of phrases and rule words (matched as morpheme runs)
    prefixes: frozenset[str]  # every prefix of a wanted key (to stop extending a run early)
    known: frozenset[str]  # every term key of every theme (to skip terms no theme knows)
    known_prefixes: frozenset[str]  # every prefix of a known key (to stop extending a sub-span early)
    keys: dict[str, frozenset[str]]  # per theme name, every key it matches on (terms, phrases, rule words)
    known_start: frozenset[str]  # first characters a word needs to begin a known key (cheap skip test)
    wanted_start: frozenset[str]  # the same for wanted keys
    wanted_start_re: re.Pattern[str]  # finds the characters of wanted_start in a text
    # Morpheme keys that can be a wanted key (norm_key drops one more trailing ー from a key ending in two).
    wanted_norms: frozenset[str]
    # Per theme (in order), its answer for a sentence without any of its keys: almost always no hit.
    nothing: tuple[tuple[list[Hit], list[str], bool], ...]
    key_themes: dict[str, tuple[int, ...]]  # key -> the themes (by position) that match on it
    wanted_texts: _WordFilter  # finds the texts whose key is wanted


@lru_cache(maxsize=1)
def _folded_into() -> dict[str, str]:
    """Characters whose key starts with another character (Ｋ → k, ｶ → カ, Ａ → a), by that character."""
    out: dict[str, str] = {}
    # Latin (case), letter-like and enclosed symbols, CJK compatibility (㎏), half- and full-width forms:
    # the blocks where a character's key starts with a different character.
    codes = [*range(0x20, 0x250), *range(0x2100, 0x2500), *range(0x3200, 0x3400), *range(0xFF00, 0xFFF0)]
    for code in codes:
        char = chr(code)
        key = norm_key(char)
        if key and key[0] != char:
            out[key[0]] = out.get(key[0], "") + char
    return out


def _first_chars(keys: Iterable[str]) -> frozenset[str]:
    """Every character a word may start with and still have a key starting like one of ``keys``."""
    firsts = {k[0] for k in keys if k}
    folded = _folded_into()
    return frozenset(firsts | {c for f in firsts for c in folded.get(f, "")})


def _theme_plan(themes: ThemeSet) -> Plan:
    """Per theme its phrase keys, and the key sets that let matching skip what no theme wants.

    Built once per theme set by ``plan_of``.
    """
    plan = tuple((t, tuple(_phrase_keys(t))) for t in themes)
    atoms = [a for t in themes for r in t.rules for a in rule_atoms(r.tree)]
    wanted = {k for _, keys in plan for k in keys} | {k for a in atoms for k in a.keys}
    lengths = [word_keys(text)[1] for t in themes for text, _ in t.terms if word_keys(text)[0][0] in wanted]
    lengths += [word_keys(a.text)[1] for a in atoms]
    # A run's key is normalized as a whole, so also keep normalized prefixes (trailing ー dropped).
    prefixes = {p for k in wanted for i in range(1, len(k) + 1) for p in (k[:i], norm_key(k[:i]))}
    known = frozenset(k for t in themes for k in t.weights)
    known_prefixes = frozenset(p for k in known for i in range(1, len(k) + 1) for p in (k[:i], norm_key(k[:i])))
    keys = {t.name: frozenset(t.weights) | frozenset(k for r in t.rules for a in rule_atoms(r.tree) for k in a.keys)
            for t in themes}
    wanted_start = _first_chars(wanted)
    empty = SentenceIndex([], {})
    key_themes: dict[str, tuple[int, ...]] = {}
    for number, t in enumerate(themes):
        for key in keys[t.name]:
            key_themes[key] = (*key_themes.get(key, ()), number)
    return Plan(plan, max(lengths, default=1), frozenset(wanted), frozenset(prefixes), known, known_prefixes, keys,
                 _first_chars(known), wanted_start, _char_class(wanted_start),
                 frozenset(wanted) | frozenset(k + "ー" for k in wanted),
                 tuple(sentence_hits(t, empty, phrase_keys) for t, phrase_keys in plan), key_themes,
                 _WordFilter(frozenset(wanted)))


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any one of the characters (none at all when there are none)."""
    chars = sorted(chars)
    return re.compile("[" + "".join(map(re.escape, chars)) + "]" if chars else "(?!)")


# A theme set's plan, by identity: a batch passes the same set for every post (the built-in set and a
# theme file are loaded once), and a cache keyed by the set would hash every term and rule on each call.
# The entry keeps the set alive, so its id cannot be reused while it is there.
_PLANS: dict[int, tuple[ThemeSet, Plan]] = {}


def plan_of(themes: ThemeSet) -> Plan:
    """``_theme_plan(themes)``, built once per theme set (up to 64 sets are kept)."""
    entry = _PLANS.get(id(themes))
    if entry is not None and entry[0] is themes:
        return entry[1]
    if len(_PLANS) >= 64:
        _PLANS.clear()
    plan = _theme_plan(themes)
    _PLANS[id(themes)] = (themes, plan)
    return plan


def overlap_test(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether [start, end) overlaps one of the half-open ``spans``, in O(log n) per test.

    Used here to skip terms inside a matched phrase, and by the stance to leave out a theme's own words.

    Spans sorted by start, with the largest end so far: [start, end) overlaps one of them when, among those
    starting before ``end``, the largest end passes ``start``.  A sentence repeating a theme's words
    thousands of times compared every pair before.
    """
    ordered = sorted(spans)
    firsts = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))

    def overlaps(start: int, end: int) -> bool:
        i = bisect_left(firsts, end)  # spans[:i] start before end
        return i > 0 and reach[i - 1] > start

    return overlaps
