"""Themes: which subjects a post is about, where they occur, and how the writer feels about them.

A *theme* is a dictionary of weighted terms (影響力 = 3, フォロワー = 2, ...) plus optional rules in the
spirit of KH Coder's coding rules (``影響力 AND (フォロワー OR いいね)``, ``near(信頼, 関係, 5)``,
``seq(同調, 圧力)``, ``NOT 広告``).  Built-in themes live in ``data/themes.toml``; a user's TOML file
adds or overrides them.  Matching, scoring and stance are documented in ``docs/themes.md``; in short:

* Theme terms are matched on normalized keys (``norm_key``: NFKC, case folding, コミュニティー =
  コミュニティ) against the post's compound-aware terms, verbs by their lemma (向き合った → 向き合う).
* A compound term matches a theme term equal to it (exact), ending it at a unit boundary (head: Japanese
  compounds are head-final, so オンラインサロン is a kind of サロン) or, at half weight, inside it (modifier:
  コミュニティ運営).  One-character theme terms (心) match whole terms only: 好奇心 is not about 心.
  Each term of the post counts at most once per theme, through its best theme term, so 影響力 never
  fires both 影響力 and 影響.
* Theme terms MeCab does not see as one term (いいね, 心を開く) are matched as morpheme sequences.
* The score is comparable across posts and lies in [0, 1] (see ``theme_score``).
* The stance toward a theme is the sentiment of the sentences that mention it.
"""

from __future__ import annotations

import difflib
import math
import re
import stat
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate, chain, compress, count, repeat
from operator import attrgetter, itemgetter, or_
from pathlib import Path
from typing import Any

from ..document import Document, prepare
from ..errors import ResourceError
from ..normalize import norm_key
from ..records import Post, Term, slot_constructor
from ..tokens import INFLECTING, Morpheme, build_terms, parse, token_norm

# Term kinds that count as content in a post (the denominator of a theme's density).
CONTENT_KINDS = frozenset(("compound", "noun", "verb", "adjective", "adjectival_noun"))
# How much a match counts, by how the theme term sits in the post's term.
EXACT, HEAD, MODIFIER, PHRASE = "exact", "head", "modifier", "phrase"
RELATION_FACTOR = {EXACT: 1.0, HEAD: 1.0, MODIFIER: 0.5, PHRASE: 1.0}
_RELATION_RANK = {EXACT: 0, PHRASE: 0, HEAD: 1, MODIFIER: 2}
# Density at which the density part of the score reaches 1 - 1/e (weighted hits per content term).
DENSITY_SCALE = 0.15
# Share of sentences at which the spread part of the score reaches 1 - 1/e.
SPREAD_SCALE = 0.15
DENSITY_PART = 0.75
# A theme must carry at least this much weight (one exact hit of a weight-1 term) and this score.
MIN_WEIGHT = 1.0
MIN_SCORE = 0.1
# Stance thresholds on sentence sentiment scores in [-1, 1].
STANCE_POLAR = 0.1
# Label of a rescored sentence, as jpblog_nlp.sentiment labels sentences.
SENTENCE_POLAR = 0.25
MIXED_SHARE = 0.25
# Limits of a theme file, by design: a theme is a few dozen short words and rules.  Each bounds a cost that
# grows with it: matching extends sub-spans and runs up to the longest key (so a key of 300 kB meant minutes of
# work per post), the rule parser recurses once per NOT or parenthesis, and the whole file is parsed at once.
MAX_THEME_FILE_BYTES = 1_000_000
MAX_THEMES = 1000  # themes in one file
MAX_TERM_CHARS = 200  # a term, or a word of a rule
MAX_RULE_CHARS = 2000
MAX_RULE_DEPTH = 32  # NOT and parentheses nested in one rule
MAX_WEIGHT = 100.0  # weights are 0.5 to 3 in the built-in themes; inf or nan would reach the JSON output


# --- rules ----------------------------------------------------------------------------------------

class RuleSyntaxError(ValueError):
    """A rule string does not follow the rule syntax; ``message`` says what and where."""


@dataclass(frozen=True, slots=True)
class Atom:
    """A word of a rule, matched on its normalized key anywhere in a sentence (parts of compounds too)."""

    text: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """True when the operand is false."""

    operand: Rule


@dataclass(frozen=True, slots=True)
class And:
    """True when every operand is true."""

    operands: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """True when any operand is true."""

    operands: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Near:
    """True when the two words occur within ``distance`` morphemes of each other, in either order."""

    left: Atom
    right: Atom
    distance: int


@dataclass(frozen=True, slots=True)
class Seq:
    """True when the words occur in this order, each right after the previous one (同調圧力, 同調 圧力)."""

    atoms: tuple[Atom, ...]


Rule = Atom | Not | And | Or | Near | Seq

_TOKEN = re.compile(r"""\s*(?:(?P<punct>[(),])|"(?P<quoted>[^"]*)"|(?P<word>[^\s(),"]+))""")
_KEYWORDS = {"and": "AND", "&": "AND", "&&": "AND", "or": "OR", "|": "OR", "||": "OR", "not": "NOT", "!": "NOT"}
_FUNCTIONS = ("near", "seq")


def _shown(text: str, limit: int = 40) -> str:
    """Text for a message, cut to ``limit`` characters (a 2,000-character rule is not repeated whole)."""
    return text if len(text) <= limit else text[:limit] + "…"


def _rule_tokens(text: str) -> list[tuple[str, str, int]]:
    """Split a rule into (kind, value, column) tokens: kinds PUNCT, AND, OR, NOT, FUNC, WORD."""
    # NFKC first so that full-width （ ）， and ＡＮＤ typed with an IME work as operators.
    text = unicodedata.normalize("NFKC", text)
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    end = len(text.rstrip())  # only white space after it (one test, not a copy of the rest per token)
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None:  # only an unclosed quote can fail to match
            raise RuleSyntaxError(f'unclosed quote at column {pos + 1}')
        column = m.start(m.lastgroup or 0) + 1
        if m.group("punct"):
            tokens.append(("PUNCT", m.group("punct"), column))
        elif m.group("quoted") is not None:
            tokens.append(("WORD", m.group("quoted"), column))
        else:
            word = m.group("word")
            if word.startswith("!") and len(word) > 1:
                # !広告 is NOT 広告; an ! elsewhere belongs to the word (いいね!).
                tokens.append(("NOT", "!", column))
                word, column = word[1:], column + 1
            lowered = word.casefold()
            if lowered in _KEYWORDS:
                tokens.append((_KEYWORDS[lowered], word, column))
            elif lowered in _FUNCTIONS and m.end() < len(text) and text[m.end()] == "(":
                tokens.append(("FUNC", lowered, column))
            else:
                tokens.append(("WORD", word, column))
        pos = m.end()
    return tokens


class _RuleParser:
    """Recursive-descent parser of the rule grammar (see ``parse_rule``)."""

    def __init__(self, text: str) -> None:
        if len(text) > MAX_RULE_CHARS:
            raise RuleSyntaxError(f"{len(text)} characters long, more than the {MAX_RULE_CHARS} a rule may have")
        self.text = text
        self.tokens = _rule_tokens(text)
        self.i = 0
        # NOT and '(' entered and not yet left: each is one level of recursion, so it is capped.
        self.depth = 0

    def enter(self) -> None:
        """Go one level deeper (a NOT or a parenthesis), refusing more than ``MAX_RULE_DEPTH``."""
        self.depth += 1
        if self.depth > MAX_RULE_DEPTH:
            raise self.fail(f"nested more than {MAX_RULE_DEPTH} deep (NOT and parentheses)")

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def fail(self, what: str) -> RuleSyntaxError:
        tok = self.peek()
        where = f"at column {tok[2]} ('{tok[1]}')" if tok else "at the end"
        return RuleSyntaxError(f"{what} {where}")

    def expect(self, value: str) -> None:
        tok = self.peek()
        if tok is None or tok[0] != "PUNCT" or tok[1] != value:
            raise self.fail(f"expected '{value}'")
        self.i += 1

    def parse(self) -> Rule:
        if not self.tokens:
            raise RuleSyntaxError("empty rule")
        rule = self.parse_or()
        if self.peek() is not None:
            raise self.fail("unexpected token (operators are AND, OR, NOT)")
        return rule

    def parse_or(self) -> Rule:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok[0] == "OR":
            self.i += 1
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Rule:
        items = [self.parse_not()]
        while (tok := self.peek()) is not None and tok[0] == "AND":
            self.i += 1
            items.append(self.parse_not())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_not(self) -> Rule:
        tok = self.peek()
        if tok is not None and tok[0] == "NOT":
            self.enter()
            self.i += 1
            rule = Not(self.parse_not())
            self.depth -= 1
            return rule
        return self.parse_primary()

    def parse_primary(self) -> Rule:
        tok = self.peek()
        if tok is None:
            raise self.fail("expected a word, '(' or near(...)/seq(...)")
        kind, value, _ = tok
        if kind == "PUNCT" and value == "(":
            self.enter()
            self.i += 1
            rule = self.parse_or()
            self.expect(")")
            self.depth -= 1
            return rule
        if kind == "FUNC":
            self.i += 1
            return self.parse_function(value)
        if kind == "WORD":
            self.i += 1
            return make_atom(value)
        raise self.fail("expected a word, '(' or near(...)/seq(...)")

    def parse_function(self, name: str) -> Rule:
        self.expect("(")
        args: list[str] = []
        while True:
            tok = self.peek()
            if tok is None or tok[0] != "WORD":
                raise self.fail(f"{name}() takes words separated by commas; expected a word")
            args.append(tok[1])
            self.i += 1
            tok = self.peek()
            if tok is not None and tok[0] == "PUNCT" and tok[1] == ",":
                self.i += 1
                continue
            self.expect(")")
            break
        if name == "near":
            if len(args) != 3 or not args[2].isdigit():
                raise RuleSyntaxError(f"near() takes two words and a distance, as in near(信頼, 関係, 5); got {args}")
            distance = int(args[2])
            if distance < 1:
                raise RuleSyntaxError("near() distance must be at least 1")
            return Near(make_atom(args[0]), make_atom(args[1]), distance)
        if len(args) < 2:
            raise RuleSyntaxError(f"seq() takes two or more words, as in seq(同調, 圧力); got {args}")
        return Seq(tuple(make_atom(a) for a in args))


def _phrase_key(morphemes: Sequence[Morpheme]) -> str:
    """Key of a morpheme sequence: surfaces as written, the last word by its lemma (心を開いた → 心を開く)."""
    if not morphemes:
        return ""
    return norm_key("".join(m.surface for m in morphemes[:-1]) + token_norm(morphemes[-1]))


@lru_cache(maxsize=4096)
def _word_keys(text: str) -> tuple[tuple[str, ...], int]:
    """Keys a word of a theme or rule can match under, and its length in morphemes."""
    key = norm_key(text)
    morphemes = parse(text)
    keys = [key]
    phrase = _phrase_key(morphemes)
    if phrase and phrase not in keys:
        keys.append(phrase)
    return tuple(keys), max(1, len(morphemes))


def make_atom(text: str) -> Atom:
    """Build a rule word, checking it is not empty."""
    if not text.strip():
        raise RuleSyntaxError("empty word in rule")
    if len(text) > MAX_TERM_CHARS:
        raise RuleSyntaxError(f"word '{_shown(text)}' is {len(text)} characters long, more than the "
                              f"{MAX_TERM_CHARS} a word may have")
    return Atom(text, _word_keys(text)[0])


def parse_rule(text: str) -> Rule:
    """Parse a rule string.

    Grammar (keywords are case-insensitive; ``&``, ``|``, ``!`` are accepted too)::

        rule    := or
        or      := and ("OR" and)*
        and     := not ("AND" not)*
        not     := "NOT" not | primary
        primary := "(" rule ")" | "near(" word "," word "," N ")" | "seq(" word ("," word)+ ")" | word
        word    := any run of characters without spaces, parentheses, commas or quotes, or "a quoted word"

    Args:
        text: The rule, e.g. ``影響力 AND (フォロワー OR いいね)``.

    Returns:
        The rule tree.

    Raises:
        RuleSyntaxError: The rule does not follow the grammar; the message says where.
    """
    return _RuleParser(text).parse()


# Spans of a word in a sentence: (first morpheme, last morpheme, surface).
Span = tuple[int, int, str]


def _evaluate(rule: Rule, index: Mapping[str, list[Span]], found: list[Span]) -> bool:
    """Evaluate a rule on a sentence's span index; append the spans of matched positive words to ``found``."""
    if isinstance(rule, Atom):
        spans = [s for k in rule.keys for s in index.get(k, ())]
        if spans:
            found.append(spans[0])
        return bool(spans)
    if isinstance(rule, Not):
        return not _evaluate(rule.operand, index, [])
    if isinstance(rule, And):
        local: list[Span] = []
        if all(_evaluate(r, index, local) for r in rule.operands):
            found.extend(local)
            return True
        return False
    if isinstance(rule, Or):
        hits = [_evaluate(r, index, found) for r in rule.operands]
        return any(hits)
    if isinstance(rule, Near):
        return _near(rule, index, found)
    return _seq(rule, index, found)


def _near(rule: Near, index: Mapping[str, list[Span]], found: list[Span]) -> bool:
    """``near(a, b, N)``: the first pair within N, in the order of a's spans, then b's, goes to ``found``.

    Whether a span of ``a`` has a ``b`` near it is two bisections into b's sorted starts and ends, so a
    sentence holding both words thousands of times costs n log n, not every pair; only the pair shown is
    looked for in order.
    """
    lefts = [s for k in rule.left.keys for s in index.get(k, ())]
    rights = [s for k in rule.right.keys for s in index.get(k, ())]
    if not lefts or not rights:
        return False
    distance = rule.distance

    def near(a: Span, b: Span) -> bool:
        gap = b[0] - a[1] if b[0] > a[1] else a[0] - b[1]
        return 1 <= gap <= distance

    starts = sorted(b[0] for b in rights)
    ends = sorted(b[1] for b in rights)
    for a in lefts:
        # b after a: its start within [a's end + 1, a's end + N]; b before a: its end within [a's start - N, - 1].
        i = bisect_left(starts, a[1] + 1)
        j = bisect_left(ends, a[0] - distance)
        if (i < len(starts) and starts[i] <= a[1] + distance) or (j < len(ends) and ends[j] <= a[0] - 1):
            found.extend((a, next(b for b in rights if near(a, b))))
            return True
    return False


def _seq(rule: Seq, index: Mapping[str, list[Span]], found: list[Span]) -> bool:
    """``seq(a, b, ...)``: the first chain of spans, each starting right after the previous one, to ``found``.

    Worked backwards: the spans of each word that begin a chain through the words after it, then the first
    chain read forwards (the one listing every chain in order would put first), without listing them all
    (a sentence repeating 同調圧力 thousands of times made millions of partial chains).
    """
    levels = [[s for k in atom.keys for s in index.get(k, ())] for atom in rule.atoms]
    completing = [levels[-1]]  # per word, its spans that begin a complete chain, in order
    for spans in reversed(levels[:-1]):
        starts = {s[0] for s in completing[-1]}
        completing.append([s for s in spans if s[1] + 1 in starts])
    completing.reverse()
    if not completing[0]:
        return False
    chain = [completing[0][0]]
    for spans in completing[1:]:
        chain.append(next(s for s in spans if s[0] == chain[-1][1] + 1))
    found.extend(chain)
    return True


def rule_atoms(rule: Rule) -> list[Atom]:
    """Every word of a rule."""
    if isinstance(rule, Atom):
        return [rule]
    if isinstance(rule, Not):
        return rule_atoms(rule.operand)
    if isinstance(rule, And | Or):
        return [a for r in rule.operands for a in rule_atoms(r)]
    if isinstance(rule, Near):
        return [rule.left, rule.right]
    return list(rule.atoms)


# --- theme definitions ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ThemeRule:
    """A parsed rule of a theme.

    Attributes:
        text: The rule as written.
        tree: The parsed rule.
        is_filter: True for a rule an empty sentence satisfies (``NOT 広告``): it cannot point at a
            sentence, so it filters instead: a sentence where it is false is not an occurrence.
    """

    text: str
    tree: Rule
    is_filter: bool


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme: weighted terms and rules.

    Attributes:
        name: Identifier (influence, empathy, ...).
        label: Japanese display name.
        description: What the theme covers.
        terms: (term as written, weight) pairs.
        rules: Parsed rules.
        rule_weight: Weight an occurrence found by a rule adds.
        source: The file it was defined in.
    """

    name: str
    label: str
    description: str
    terms: tuple[tuple[str, float], ...]
    rules: tuple[ThemeRule, ...] = ()
    rule_weight: float = 1.0
    source: str = ""
    # key -> (term as written, weight); built in __post_init__.
    weights: dict[str, tuple[str, float]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for text, weight in self.terms:
            # Checked here too for themes built in Python: an inf weight would write Infinity into the JSON,
            # and matching work grows with the longest term.
            if not isinstance(weight, int | float) or not 0 < weight <= MAX_WEIGHT or len(text) > MAX_TERM_CHARS:
                raise ResourceError(
                    f"theme '{_shown(self.name)}': term '{_shown(text)}' (weight {_shown(repr(weight))}): a term has "
                    f"at most {MAX_TERM_CHARS} characters and a weight above 0 and at most {MAX_WEIGHT:g}",
                    source=self.source or None)
            keys, _ = _word_keys(text)
            for key in keys:
                if key not in self.weights or self.weights[key][1] < weight:
                    self.weights[key] = (text, weight)
        if not isinstance(self.rule_weight, int | float) or not 0 <= self.rule_weight <= MAX_WEIGHT:
            raise ResourceError(f"theme '{_shown(self.name)}': rule_weight must be a number from 0 to {MAX_WEIGHT:g}, "
                                f"got {_shown(repr(self.rule_weight))}", source=self.source or None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready definition."""
        return {
            "name": self.name, "label": self.label, "description": self.description,
            "terms": [{"term": t, "weight": w} for t, w in self.terms],
            "rules": [r.text for r in self.rules],
        }


@dataclass(frozen=True, slots=True)
class ThemeSet:
    """The themes in use, by name, in definition order."""

    themes: tuple[Theme, ...]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def __getitem__(self, name: str) -> Theme:
        for theme in self.themes:
            if theme.name == name:
                return theme
        raise KeyError(name)

    def names(self) -> list[str]:
        """Theme names in order."""
        return [t.name for t in self.themes]


def _line_of(raw: str, needle: str, default: int = 1, start: int = 1) -> int:
    """1-based number of the first line, from line ``start`` on, that contains needle (default if none)."""
    for number, line in enumerate(raw.splitlines(), 1):
        if number >= start and needle in line:
            return number
    return default


def _toml_module():  # type: ignore[no-untyped-def]
    """tomllib (3.11+) or tomli."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


# A theme's table header: [themes.name], [ themes."my name" ], [themes.'name'].
_HEADER = re.compile(r"""^[ \t]*\[[ \t]*themes[ \t]*\.[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*\]""",
                     re.M)


def _header_lines(raw: str, names: Iterable[str]) -> dict[str, int]:
    """Line of each theme's table header ([themes.name]), else of the first line naming it, else 1.

    One pass over the file for all headers: a search per theme made a file of many themes quadratic.
    """
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for m in _HEADER.finditer(raw):
        line += raw.count("\n", counted, m.start())
        counted = m.start()
        name = next(g for g in m.groups() if g is not None)
        lines.setdefault(name, line)
    for name in names:
        if name not in lines:  # an inline table (themes = { a = {...} }) or an escaped name
            at = raw.find(name) if name else -1
            lines[name] = raw.count("\n", 0, at) + 1 if at >= 0 else 1
    return lines


#: The keys a theme's table may hold (docs/themes.md).
THEME_KEYS = frozenset({"label", "description", "terms", "rules", "rule_weight", "extend"})


def parse_themes(raw: str, source: str, base: ThemeSet | None = None) -> ThemeSet:
    """Parse a theme file's text and merge it over ``base``.

    Args:
        raw: TOML text with ``[themes.<name>]`` tables.
        source: File name, for error messages.
        base: Themes it adds to or overrides (None: start empty).

    Returns:
        The merged theme set: new themes appended, same-named themes replaced (or extended when the
        table says ``extend = true``).

    Raises:
        ResourceError: Broken TOML, a malformed theme or a rule syntax error; the message names the
            file, the line and the problem.
    """
    tomllib = _toml_module()
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None)
        if line is None:
            m = re.search(r"line (\d+)", str(err))
            # "at end of document": the error is on the last line.
            line = int(m.group(1)) if m else max(1, len(raw.splitlines()))
        raise ResourceError(f"line {line}: invalid TOML: {err}", source=source,
                            hint="see docs/themes.md for the theme file format") from err
    except (ValueError, RecursionError) as err:
        # tomllib lets these through: an integer of more than 4,300 digits, arrays nested too deep to recurse.
        if isinstance(err, RecursionError):
            what = "arrays or tables nested too deeply"
        elif "integer string conversion" in str(err):
            what = "a number with more than 4,300 digits"
        else:
            what = _shown(str(err), 80)
        raise ResourceError(f"invalid TOML: {what}", source=source,
                            hint="see docs/themes.md for the theme file format") from err
    tables = data.get("themes")
    if not isinstance(tables, dict) or not tables:
        raise ResourceError("line 1: no [themes.<name>] tables found", source=source,
                            hint='define e.g. [themes.running] with terms = ["ランニング", "マラソン"]')
    header_lines = _header_lines(raw, tables)
    if len(tables) > MAX_THEMES:
        extra = list(tables)[MAX_THEMES]
        raise ResourceError(f"line {header_lines[extra]}: theme '{_shown(extra)}': more than {MAX_THEMES} themes "
                            "in one file", source=source, hint="split the themes over several files")
    merged: dict[str, Theme] = {t.name: t for t in base} if base is not None else {}
    for name, table in tables.items():
        line = header_lines[name]

        def fail(what: str, at: int = line, theme: str = name) -> ResourceError:
            return ResourceError(f"line {at}: theme '{theme}': {what}", source=source,
                                 hint="see docs/themes.md for the theme file format")

        if not isinstance(table, dict):
            raise fail("must be a table ([themes.name] with label, terms, rules)")
        unknown = sorted(set(table) - THEME_KEYS)
        if unknown:  # a typo (rule = ... for rules = [...]) would otherwise be dropped without a word
            close = difflib.get_close_matches(unknown[0], sorted(THEME_KEYS), n=1)
            raise fail(f"unknown key {_shown(unknown[0])!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                       + f"; a theme takes {', '.join(sorted(THEME_KEYS))}")
        extend = bool(table.get("extend", False))
        previous = merged.get(name) if extend else None
        terms = _parse_terms(table.get("terms", []), fail, lambda term, at=line: _line_of(raw, term, at, at))
        if not terms and not table.get("rules") and previous is None:
            raise fail("has neither terms nor rules")
        rules: list[ThemeRule] = []
        raw_rules = table.get("rules", [])
        if not isinstance(raw_rules, list) or not all(isinstance(r, str) for r in raw_rules):
            raise fail("rules must be a list of strings")
        for text in raw_rules:
            try:
                tree = parse_rule(text)
            except RuleSyntaxError as err:
                raise fail(f"rule {_shown(text)!r}: {err}", _line_of(raw, text, line, line)) from err
            rules.append(ThemeRule(text, tree, _evaluate(tree, {}, [])))
        given = table.get("rule_weight", previous.rule_weight if previous else 1.0)
        try:
            rule_weight = float(given)
        except (TypeError, ValueError) as err:
            raise fail("rule_weight must be a number") from err
        except OverflowError:  # an integer too large for a float
            rule_weight = math.inf
        if not 0 <= rule_weight <= MAX_WEIGHT:  # also false for nan
            raise fail(f"rule_weight must be a number from 0 to {MAX_WEIGHT:g}, got {_shown(repr(given))}")
        if previous is not None:
            known = {t for t, _ in terms}
            terms = [(t, w) for t, w in previous.terms if t not in known] + terms
            rules = list(previous.rules) + rules
        merged[name] = Theme(
            name=name,
            label=str(table.get("label", previous.label if previous else name)),
            description=str(table.get("description", previous.description if previous else "")),
            terms=tuple(terms),
            rules=tuple(rules),
            rule_weight=rule_weight,
            source=source,
        )
    return ThemeSet(tuple(merged.values()))


def _parse_terms(value: Any, fail: Any, line_of: Any) -> list[tuple[str, float]]:
    """Terms given as a list of strings (weight 1) or a table of term = weight."""
    if isinstance(value, list):
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise fail("terms must be non-empty strings")
        for v in value:
            _check_term_length(v.strip(), fail, line_of)
        return [(v.strip(), 1.0) for v in value]
    if isinstance(value, dict):
        out = []
        for term, weight in value.items():
            if not isinstance(weight, int | float) or isinstance(weight, bool) or weight <= 0:
                raise fail(f"term {_shown(term)!r}: weight must be a positive number, got {_shown(repr(weight))}",
                           line_of(term))
            if not weight <= MAX_WEIGHT:  # also true for nan; inf or nan would reach the JSON output
                raise fail(f"term {_shown(term)!r}: weight must be a finite number of at most {MAX_WEIGHT:g}, "
                           f"got {_shown(repr(weight))}", line_of(term))
            if not term.strip():
                raise fail("empty term")
            _check_term_length(term.strip(), fail, line_of)
            out.append((term.strip(), float(weight)))
        return out
    raise fail("terms must be a list of strings or a table of term = weight")


def _check_term_length(term: str, fail: Any, line_of: Any) -> None:
    """Refuse a term longer than ``MAX_TERM_CHARS``: matching works up to the longest term, per post."""
    if len(term) > MAX_TERM_CHARS:
        raise fail(f"term '{_shown(term)}' is {len(term)} characters long, more than the {MAX_TERM_CHARS} a term "
                   "may have", line_of(term))


@lru_cache(maxsize=1)
def builtin_themes() -> ThemeSet:
    """The built-in themes (``data/themes.toml``)."""
    path = resources.files("jpblog_nlp") / "data" / "themes.toml"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:  # pragma: no cover - broken install
        raise ResourceError("built-in theme file is missing", hint="reinstall jpblog-nlp") from err
    return parse_themes(raw, "themes.toml")


def load_themes(path: str | Path | None = None, *, builtin: bool = True) -> ThemeSet:
    """Load themes: the built-in ones, a user's file merged over them, or the user's file alone.

    Args:
        path: A TOML theme file (see docs/themes.md), or None for the built-in themes only.
        builtin: Merge the file over the built-in themes (False: use the file's themes alone).

    Returns:
        The theme set.

    Raises:
        ResourceError: The file cannot be read or is malformed (the message names file and line).
    """
    base = builtin_themes() if builtin else None
    if path is None:
        if base is None:
            raise ResourceError("no themes: give a theme file or keep the built-in themes")
        return base
    file = Path(path)
    try:
        raw = _read_theme_file(file)
    except FileNotFoundError as err:
        raise ResourceError("theme file not found", source=str(file), hint="check the path") from err
    except (OSError, UnicodeDecodeError) as err:
        raise ResourceError(f"cannot read theme file: {err}", source=str(file),
                            hint="theme files are UTF-8 TOML") from err
    return parse_themes(raw, str(file), base)


def _read_theme_file(file: Path) -> str:
    """The text of a theme file, read only when it is a regular file of at most ``MAX_THEME_FILE_BYTES``.

    A FIFO would block the read forever and a device (/dev/zero) never ends, so they are refused before
    opening; the read itself stops one byte past the cap, whatever the file grew to meanwhile.
    """
    info = file.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ResourceError("not a regular file", source=str(file), hint="give the path of a TOML theme file")
    too_big = ResourceError(f"theme file is larger than {MAX_THEME_FILE_BYTES:,} bytes", source=str(file),
                            hint="a theme file holds short terms and rules; split it or trim it")
    if info.st_size > MAX_THEME_FILE_BYTES:
        raise too_big
    with file.open("rb") as handle:
        data = handle.read(MAX_THEME_FILE_BYTES + 1)
    if len(data) > MAX_THEME_FILE_BYTES:
        raise too_big
    # As Path.read_text reads it: universal newlines.
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def as_themeset(themes: ThemeSet | Iterable[Theme] | str | Path | None) -> ThemeSet:
    """The theme set meant by what a caller passed: a ThemeSet, themes, a path to a user file, or None (built-in).

    Every entry point (``detect_themes``, ``unfindable_terms``, the corpus comparison) takes any of these, so
    they resolve them here alike; a path is parsed once while the file is unchanged.
    """
    if themes is None:
        return builtin_themes()
    if isinstance(themes, ThemeSet):
        return themes
    if isinstance(themes, str | Path):
        # A batch passes the same path for every post: parse the file once while it is unchanged.
        try:
            info = Path(themes).stat()
        except OSError:
            return load_themes(themes)  # raises the proper ResourceError
        return _load_themes_cached(str(themes), info.st_mtime_ns, info.st_size)
    return ThemeSet(tuple(themes))


@lru_cache(maxsize=8)
def _load_themes_cached(path: str, mtime_ns: int, size: int) -> ThemeSet:
    """``load_themes(path)``, remembered per (path, modification time, size)."""
    return load_themes(path)


# --- results --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ThemeHit:
    """One sentence where a theme occurs.

    Attributes:
        sentence: Sentence index.
        position: Relative position of the sentence in the post, 0 (first) to 1 (last).
        text: The sentence.
        terms: Terms (as written) that triggered the theme there, in order.
        rules: Rules that matched there.
        weight: The weight the sentence adds to the theme.
        spans: (start, end) offsets into ``post.text`` of the matched terms.
    """

    sentence: int
    position: float
    text: str
    terms: tuple[str, ...]
    rules: tuple[str, ...]
    weight: float
    spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"sentence": self.sentence, "position": self.position, "text": self.text,
                "terms": list(self.terms), "rules": list(self.rules), "weight": self.weight,
                "spans": [list(span) for span in self.spans]}


@dataclass(frozen=True, slots=True)
class TermHit:
    """A term that triggered a theme, how often, and through which theme term."""

    term: str
    theme_term: str
    count: int
    weight: float


@dataclass(frozen=True, slots=True)
class StancePoint:
    """The sentiment of one sentence that mentions a theme."""

    sentence: int
    position: float
    score: float
    label: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThemeStance:
    """How the writer feels about a theme.

    Attributes:
        score: Mean sentiment score of the sentences that mention it, in [-1, 1].
        label: positive, negative, neutral or mixed (both polarities in at least a quarter each).
        points: One point per mentioning sentence, in order: the arc.
        trajectory: Mean score in the first, middle and last third of the post (None: not mentioned).
    """

    score: float
    label: str
    points: tuple[StancePoint, ...]
    trajectory: tuple[float | None, float | None, float | None]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "score": self.score,
            "label": self.label,
            "occurrences": [
                {"sentence": p.sentence, "position": p.position, "score": p.score, "label": p.label,
                 "evidence": list(p.evidence)}
                for p in self.points
            ],
            "trajectory": list(self.trajectory),
        }


@dataclass(frozen=True, slots=True)
class ThemeResult:
    """A theme found in a post.

    Attributes:
        name: Theme identifier.
        label: Japanese display name.
        score: Strength in [0, 1] (see ``theme_score``).
        weight: Sum of the weights of its occurrences.
        hits: The sentences where it occurs.
        terms: The terms that triggered it, most frequent first.
        stance: The writer's stance toward it (None when not computed).
    """

    name: str
    label: str
    score: float
    weight: float
    hits: tuple[ThemeHit, ...]
    terms: tuple[TermHit, ...]
    stance: ThemeStance | None = None

    @property
    def sentences(self) -> list[int]:
        """Indices of the sentences where the theme occurs."""
        return [h.sentence for h in self.hits]

    @property
    def positions(self) -> list[float]:
        """Relative positions (0..1) of those sentences."""
        return [h.position for h in self.hits]

    def to_dict(self) -> dict[str, Any]:
        """The ``themes`` item of the post-analysis JSON (docs/json-schema.md)."""
        return {
            "name": self.name,
            "label": self.label,
            "score": self.score,
            "weight": self.weight,
            "sentences": self.sentences,
            "positions": self.positions,
            "terms": [{"term": t.term, "theme_term": t.theme_term, "count": t.count, "weight": t.weight}
                      for t in self.terms],
            "sentiment": self.stance.to_dict() if self.stance is not None else None,
            "hits": [h.to_dict() for h in self.hits],
        }


# The records detect_themes makes many of, built by filling their slots (see records.slot_constructor).
_theme_hit = slot_constructor(ThemeHit)
_term_hit = slot_constructor(TermHit)
_stance_point = slot_constructor(StancePoint)
_theme_stance = slot_constructor(ThemeStance)
_theme_result = slot_constructor(ThemeResult)


# --- matching -------------------------------------------------------------------------------------

@dataclass(slots=True)
class _SentenceIndex:
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
                plan: _Plan) -> dict[int, list[int]]:
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


def _maybe_matching(doc: Document, plan: _Plan, spanned: set[str]) -> Iterator[tuple[int, Term]]:
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
                         plan: _Plan) -> list[tuple[str, str, int, int]]:
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
          plan: _Plan) -> dict[str, list[Span]]:
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


def _index_post(doc: Document, plan: _Plan) -> list[tuple[int, _SentenceIndex]]:
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
    indexed: list[tuple[int, _SentenceIndex]] = []
    for k in sorted({*candidates, *term_spans, *run_starts}):
        mine = candidates.get(k, [])
        runs = _runs(doc.morphemes[k], run_starts.get(k, ()), term_spans.get(k, ()), text, plan)
        if mine or runs:
            keys = {key for *_, cands in mine for key, *_ in cands}
            keys.update(runs)
            indexed.append((k, _SentenceIndex(mine, runs, frozenset(keys))))
    return indexed


# A hit in a sentence: (term as written, theme term or rule, weight, first morpheme, last morpheme).
_Hit = tuple[str, str, float, int, int]


def _sentence_hits(theme: Theme, index: _SentenceIndex, phrase_keys: Sequence[str]) -> tuple[
        list[_Hit], list[str], bool]:
    """Match one theme in one sentence.

    Returns:
        (hits, rules matched, filtered out).
    """
    hits: list[_Hit] = []
    covered: list[tuple[int, int]] = []
    # Phrases first (いいね, 心を開く): they are longer than any term they overlap.
    for key in phrase_keys:
        shown, weight = theme.weights[key]
        for first, last, surface in index.runs.get(key, ()):
            covered.append((first, last))
            hits.append((surface, shown, weight, first, last))
    overlaps_phrase = _overlap_test([(a, b + 1) for a, b in covered])  # morphemes a..b, as half-open spans
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
        ok = _evaluate(rule.tree, index.runs, found_words)
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
        term_keys, n_morphemes = _word_keys(text)
        if n_morphemes < 2:
            continue
        terms = build_terms(parse(text), text)
        if len(terms) == 1 and terms[0].norm == term_keys[0]:
            continue
        keys.extend(k for k in term_keys if k in theme.weights)
    return keys


@dataclass(frozen=True, slots=True)
class _Plan:
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
    nothing: tuple[tuple[list[_Hit], list[str], bool], ...]
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


def _theme_plan(themes: ThemeSet) -> _Plan:
    """Per theme its phrase keys, and the key sets that let matching skip what no theme wants.

    Built once per theme set by ``_plan_of``.
    """
    plan = tuple((t, tuple(_phrase_keys(t))) for t in themes)
    atoms = [a for t in themes for r in t.rules for a in rule_atoms(r.tree)]
    wanted = {k for _, keys in plan for k in keys} | {k for a in atoms for k in a.keys}
    lengths = [_word_keys(text)[1] for t in themes for text, _ in t.terms if _word_keys(text)[0][0] in wanted]
    lengths += [_word_keys(a.text)[1] for a in atoms]
    # A run's key is normalized as a whole, so also keep normalized prefixes (trailing ー dropped).
    prefixes = {p for k in wanted for i in range(1, len(k) + 1) for p in (k[:i], norm_key(k[:i]))}
    known = frozenset(k for t in themes for k in t.weights)
    known_prefixes = frozenset(p for k in known for i in range(1, len(k) + 1) for p in (k[:i], norm_key(k[:i])))
    keys = {t.name: frozenset(t.weights) | frozenset(k for r in t.rules for a in rule_atoms(r.tree) for k in a.keys)
            for t in themes}
    wanted_start = _first_chars(wanted)
    empty = _SentenceIndex([], {})
    key_themes: dict[str, tuple[int, ...]] = {}
    for number, t in enumerate(themes):
        for key in keys[t.name]:
            key_themes[key] = (*key_themes.get(key, ()), number)
    return _Plan(plan, max(lengths, default=1), frozenset(wanted), frozenset(prefixes), known, known_prefixes, keys,
                 _first_chars(known), wanted_start, _char_class(wanted_start),
                 frozenset(wanted) | frozenset(k + "ー" for k in wanted),
                 tuple(_sentence_hits(t, empty, phrase_keys) for t, phrase_keys in plan), key_themes,
                 _WordFilter(frozenset(wanted)))


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any one of the characters (none at all when there are none)."""
    chars = sorted(chars)
    return re.compile("[" + "".join(map(re.escape, chars)) + "]" if chars else "(?!)")


# A theme set's plan, by identity: a batch passes the same set for every post (the built-in set and a
# theme file are loaded once), and a cache keyed by the set would hash every term and rule on each call.
# The entry keeps the set alive, so its id cannot be reused while it is there.
_PLANS: dict[int, tuple[ThemeSet, _Plan]] = {}


def _plan_of(themes: ThemeSet) -> _Plan:
    """``_theme_plan(themes)``, built once per theme set (up to 64 sets are kept)."""
    entry = _PLANS.get(id(themes))
    if entry is not None and entry[0] is themes:
        return entry[1]
    if len(_PLANS) >= 64:
        _PLANS.clear()
    plan = _theme_plan(themes)
    _PLANS[id(themes)] = (themes, plan)
    return plan


def theme_score(weight: float, n_content_terms: int, n_hit_sentences: int, n_sentences: int) -> float:
    """Strength of a theme in a post, in [0, 1].

    ``0.75 * (1 - exp(-density / 0.15)) + 0.25 * (1 - exp(-spread / 0.15))`` where density is the
    theme's weighted hits per content term of the post (so long and short posts compare) and spread the
    share of sentences that mention it (a theme running through the post beats one paragraph).

    Args:
        weight: Sum of the weights of the theme's hits.
        n_content_terms: Number of content terms (compounds, nouns, verbs, adjectives) in the post.
        n_hit_sentences: Sentences where the theme occurs.
        n_sentences: Sentences in the post.

    Returns:
        The score, rounded to 4 decimals.
    """
    density = weight / max(1, n_content_terms)
    spread = n_hit_sentences / max(1, n_sentences)
    value = DENSITY_PART * (1 - math.exp(-density / DENSITY_SCALE))
    value += (1 - DENSITY_PART) * (1 - math.exp(-spread / SPREAD_SCALE))
    return round(min(1.0, max(0.0, value)), 4)


def _position(index: int, n: int) -> float:
    """Relative position of sentence ``index`` among ``n``: 0 for the first, 1 for the last."""
    return round(index / (n - 1), 4) if n > 1 else 0.0


def _evidence_text(item: Any) -> str:
    """A sentiment evidence item as text, whatever record the sentiment module uses."""
    if isinstance(item, str):
        return item
    for attr in ("term", "text", "surface", "word"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    if isinstance(item, tuple | list) and item:
        return str(item[0])
    return str(item)


def _overlap_test(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether [start, end) overlaps one of the half-open ``spans``, in O(log n) per test.

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


def _overlaps(evidence: Any, spans: Sequence[tuple[int, int]] | Callable[[int, int], bool]) -> bool:
    """Whether a sentiment evidence item (with ``start``/``end`` offsets) overlaps one of the spans.

    ``spans`` may be an ``_overlap_test`` of them, for many items against the same spans.
    """
    start, end = getattr(evidence, "start", None), getattr(evidence, "end", None)
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    if callable(spans):
        return spans(start, end)
    return any(start < b and a < end for a, b in spans)


def stance_of(hits: Sequence[ThemeHit], sentiment: Any, n_sentences: int) -> ThemeStance:
    """The writer's stance toward a theme: the sentiment of the sentences that mention it.

    Args:
        hits: The theme's sentences.
        sentiment: A ``PostSentiment`` (anything with ``.sentences`` of records carrying ``index``,
            ``score``, ``label`` and ``evidence``).  With lexicon scoring, evidence overlapping the theme's
            own terms is left out and the sentence rescored (signed weights over their magnitudes).
        n_sentences: Sentences in the post (for the thirds of the trajectory).

    Returns:
        Mean score, label, one point per sentence and the trajectory over thirds of the post.
    """
    return _stance(hits, {s.index: s for s in sentiment.sentences}, _rescores(sentiment), n_sentences)


def _rescores(sentiment: Any) -> bool:
    """Whether sentence scores can be worked out again without the theme's own words."""
    # Lexicon scores are signed evidence weights over their magnitudes, so the theme's own words can be
    # taken out; a model's probabilities cannot be taken apart and are used as they are.
    return getattr(sentiment, "method", "lexicon") == "lexicon"


def _stance(hits: Sequence[ThemeHit], by_index: Mapping[int, Any], rescore: bool, n_sentences: int) -> ThemeStance:
    """``stance_of``, given the post's sentence sentiments by index (worked out once for all its themes)."""
    points = []
    for hit in hits:
        s = by_index.get(hit.sentence)
        if s is None:
            continue
        score, label = float(s.score), str(s.label)
        evidence = getattr(s, "evidence", None) or ()
        if not evidence:  # most sentences carry no evidence: nothing to leave out
            points.append(_stance_point(hit.sentence, hit.position, round(score, 4), label, ()))
            continue
        evidence = list(evidence)
        in_spans = _overlap_test(hit.spans)
        own = [e for e in evidence if _overlaps(e, in_spans)]
        if own and rescore and all(isinstance(getattr(e, "weight", None), int | float) for e in evidence):
            # The theme's own words (共感 for empathy, いい in いいね for influence) say what the sentence is
            # about, not how the writer feels about it: the stance is what the other words say.  (Equal items
            # have equal offsets, so leaving out by identity leaves out what equality did, without comparing
            # every item with every other.)
            own_ids = {id(e) for e in own}
            evidence = [e for e in evidence if id(e) not in own_ids]
            total = sum(e.weight for e in evidence)
            score = total / max(1.0, sum(abs(e.weight) for e in evidence))
            label = "positive" if score >= SENTENCE_POLAR else "negative" if score <= -SENTENCE_POLAR else "neutral"
        points.append(_stance_point(hit.sentence, hit.position, round(score, 4), label,
                                    tuple(_evidence_text(e) for e in evidence)))
    scores = [p.score for p in points]
    mean = round(sum(scores) / len(scores), 4) if scores else 0.0
    positive = sum(1 for v in scores if v >= STANCE_POLAR)
    negative = sum(1 for v in scores if v <= -STANCE_POLAR)
    if scores and positive / len(scores) >= MIXED_SHARE and negative / len(scores) >= MIXED_SHARE:
        label = "mixed"
    elif mean >= STANCE_POLAR:
        label = "positive"
    elif mean <= -STANCE_POLAR:
        label = "negative"
    else:
        label = "neutral"
    thirds: list[list[float]] = [[], [], []]
    for p in points:
        third = min(2, p.sentence * 3 // max(1, n_sentences))
        thirds[third].append(p.score)
    trajectory = tuple(round(sum(t) / len(t), 4) if t else None for t in thirds)
    return _theme_stance(mean, label, tuple(points), trajectory)


def _sentiment_of(doc: Document) -> Any:
    """Score the document's sentiment with ``jpblog_nlp.sentiment`` (imported only when needed)."""
    try:
        from .. import sentiment as sentiment_module
    except ModuleNotFoundError as err:
        raise ResourceError(
            "the sentiment module (jpblog_nlp.sentiment) is not available, so the stance toward themes "
            "cannot be computed", hint="pass sentiment=..., or stance=False",
        ) from err
    return sentiment_module.score_sentiment(doc)


def detect_themes(
    source: str | Post | Document,
    themes: ThemeSet | Iterable[Theme] | str | Path | None = None,
    sentiment: Any = None,
    *,
    stance: bool = True,
    min_score: float = MIN_SCORE,
    min_weight: float = MIN_WEIGHT,
) -> list[ThemeResult]:
    """Find the themes of a post, where they occur and the writer's stance toward them.

    Args:
        source: Text, a path, a ``Post`` or a ``Document`` (anything ``prepare`` accepts).
        themes: The themes to look for: None (built-in), a ``ThemeSet``, themes, or a path to a user's
            TOML theme file merged over the built-in themes.
        sentiment: The post's ``PostSentiment``; None computes it with ``jpblog_nlp.sentiment``.
        stance: Compute the stance (False: ``stance`` of each result is None and sentiment is unused).
        min_score: Leave out themes scoring less.
        min_weight: Leave out themes whose hits weigh less in total (a lone weak hint is not a theme).

    Returns:
        Themes present, strongest first (ties by name); [] when none.
    """
    doc = prepare(source)
    theme_set = as_themeset(themes)
    plan = _plan_of(theme_set)
    n_sentences = len(doc.sentences)
    indexed = _index_post(doc, plan)
    n_content = sum(map(CONTENT_KINDS.__contains__, map(_KIND, chain.from_iterable(doc.terms))))
    # The sentences each theme shares a key with: in any other sentence it answers as in an empty one.
    sharing: list[list[tuple[int, _SentenceIndex]]] = [[] for _ in plan.themes]
    for k, index in indexed:
        for number in {n for key in index.keys for n in plan.key_themes.get(key, ())}:
            sharing[number].append((k, index))
    # Each theme found: (theme, score, weight, hits, terms).
    found: list[tuple[Theme, float, float, tuple[ThemeHit, ...], tuple[TermHit, ...]]] = []
    for number, (theme, phrase_keys) in enumerate(plan.themes):
        nothing = plan.nothing[number]
        if not nothing[0] and not nothing[2]:
            if not sharing[number]:
                continue  # no sentence has any of its keys
            answers = [(k, _sentence_hits(theme, index, phrase_keys)) for k, index in sharing[number]]
        else:
            # A rule that holds in an empty sentence and is no filter (a hand-made ThemeRule): every
            # sentence answers.
            mine = dict(sharing[number])
            answers = [(k, _sentence_hits(theme, mine[k], phrase_keys) if k in mine else nothing)
                       for k in range(n_sentences)]
        hits: list[ThemeHit] = []
        counts: dict[tuple[str, str], int] = {}
        weights: dict[tuple[str, str], float] = {}
        for k, (term_hits, matched, filtered) in answers:
            if filtered or not term_hits:
                continue
            sentence = doc.sentences[k]
            weight = sum(h[2] for h in term_hits)
            shown = tuple(dict.fromkeys(h[0] for h in term_hits))
            morphs = doc.morphemes[sentence.index]
            spans = tuple(sorted({(morphs[a].start, morphs[b].end) for _, _, _, a, b in term_hits if a >= 0}))
            for term, theme_term, w, _, _ in term_hits:
                pair = (term, theme_term)
                counts[pair] = counts.get(pair, 0) + 1
                weights[pair] = weights.get(pair, 0.0) + w
            hits.append(_theme_hit(sentence.index, _position(sentence.index, n_sentences), sentence.text,
                                   shown, tuple(matched), round(weight, 4), spans))
        total = round(sum(h.weight for h in hits), 4)
        if not hits or total < min_weight:
            continue
        score = theme_score(total, n_content, len(hits), n_sentences)
        if score < min_score:
            continue
        term_hits_sorted = sorted(counts.items(), key=lambda kv: (-kv[1], -weights[kv[0]], kv[0]))
        found.append((theme, score, total, tuple(hits),
                      tuple(_term_hit(t, tt, c, round(weights[(t, tt)], 4)) for (t, tt), c in term_hits_sorted)))
    found.sort(key=lambda f: (-f[1], f[0].name))
    by_index: dict[int, Any] = {}
    rescore = False
    if stance and found:
        scored = sentiment if sentiment is not None else _sentiment_of(doc)
        by_index = {s.index: s for s in scored.sentences}
        rescore = _rescores(scored)
    return [
        _theme_result(theme.name, theme.label, score, total, hits, terms,
                      _stance(hits, by_index, rescore, n_sentences) if stance else None)
        for theme, score, total, hits, terms in found
    ]


def theme_counts(doc: Document, themes: ThemeSet | None = None) -> dict[str, int]:
    """Number of sentences where each theme occurs (no thresholds, no stance): for corpus comparisons."""
    return {r.name: len(r.hits) for r in detect_themes(doc, themes, stance=False, min_score=0.0, min_weight=0.0)}


def unfindable_terms(
    themes: ThemeSet | Iterable[Theme] | str | Path | None = None, *, source: str | Path | None = None
) -> list[tuple[str, str]]:
    """Terms that can never be found: the tokenizer never yields them as a term.

    Pronouns (彼女) and function words are not terms, so a theme term that is one counts for nothing.
    Each term is looked for in a plain sentence (私は{term}について考えた。), as its theme alone.

    Args:
        themes: The theme set, or a user's theme file (as for ``detect_themes``); default: built-in.
        source: Only the themes this file defined or changed (``./mine.toml`` and ``mine.toml`` are one
            file); None: every theme.

    Returns:
        (theme name, term) pairs, in definition order.
    """
    theme_set = as_themeset(themes)
    # Theme.source is the file as load_themes names it, str(Path(path)).
    wanted = None if source is None else str(Path(source))
    found: list[tuple[str, str]] = []
    for theme in theme_set:
        if wanted is not None and theme.source != wanted:
            continue
        alone = ThemeSet((theme,))
        for text, _ in theme.terms:
            if not theme_counts(prepare(f"私は{text}について考えた。"), alone):
                found.append((theme.name, text))
    return found


def themes_by_sentence(results: Iterable[ThemeResult]) -> dict[int, list[str]]:
    """Names of the themes occurring in each sentence (strongest theme first): ``sentences[].themes`` in JSON.

    Args:
        results: The output of ``detect_themes``.

    Returns:
        {sentence index: [theme names]}, only for sentences with at least one theme.
    """
    out: dict[int, list[str]] = {}
    for result in results:
        for hit in result.hits:
            out.setdefault(hit.sentence, []).append(result.name)
    return dict(sorted(out.items()))
