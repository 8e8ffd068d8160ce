"""The rule language of themes: grammar, parser, and evaluation on a sentence's span index.

A theme's rules (``影響力 AND (フォロワー OR いいね)``, ``near(信頼, 関係, 5)``, ``seq(同調, 圧力)``,
``NOT 広告``) are parsed once, when the theme file is read, into small frozen trees; matching then
evaluates each tree on every sentence that shares a key with the theme.  The parser is a tokenizer and
a recursive-descent parser with capped depth (``limits.MAX_RULE_DEPTH``): nothing is ``eval``ed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..text.normalize import norm_key
from ..text.tokens import Morpheme, parse, token_norm
from .limits import MAX_RULE_CHARS, MAX_RULE_DEPTH, MAX_TERM_CHARS, shown


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
def word_keys(text: str) -> tuple[tuple[str, ...], int]:
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
        raise RuleSyntaxError(f"word '{shown(text)}' is {len(text)} characters long, more than the "
                              f"{MAX_TERM_CHARS} a word may have")
    return Atom(text, word_keys(text)[0])


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


def evaluate(rule: Rule, index: Mapping[str, list[Span]], found: list[Span]) -> bool:
    """Evaluate a rule on a sentence's span index; append the spans of matched positive words to ``found``."""
    if isinstance(rule, Atom):
        spans = [s for k in rule.keys for s in index.get(k, ())]
        if spans:
            found.append(spans[0])
        return bool(spans)
    if isinstance(rule, Not):
        return not evaluate(rule.operand, index, [])
    if isinstance(rule, And):
        local: list[Span] = []
        if all(evaluate(r, index, local) for r in rule.operands):
            found.extend(local)
            return True
        return False
    if isinstance(rule, Or):
        hits = [evaluate(r, index, found) for r in rule.operands]
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
