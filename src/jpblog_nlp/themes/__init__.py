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

The package, by concern (each module imports only those above it)::

    limits     the limits of a theme file (MAX_*) and how messages quote what they refuse
    rules      the rule language: grammar, parse_rule, evaluation on a sentence
    records    Theme, ThemeSet and the result records (frozen dataclasses)
    themefile  parse_themes, load_themes, builtin_themes, as_themeset
    matching   the per-theme-set plan, the sentence index, the hits (the hot path)
    stance     the writer's stance toward a theme
    detect     theme_score, detect_themes, theme_counts, unfindable_terms, themes_by_sentence
"""

from __future__ import annotations

from .detect import (
    DENSITY_PART,
    DENSITY_SCALE,
    MIN_SCORE,
    MIN_WEIGHT,
    SPREAD_SCALE,
    detect_themes,
    theme_counts,
    theme_score,
    themes_by_sentence,
    unfindable_terms,
)
from .limits import MAX_RULE_CHARS, MAX_RULE_DEPTH, MAX_TERM_CHARS, MAX_THEME_FILE_BYTES, MAX_THEMES, MAX_WEIGHT
from .matching import CONTENT_KINDS, EXACT, HEAD, MODIFIER, PHRASE, RELATION_FACTOR
from .records import StancePoint, TermHit, Theme, ThemeHit, ThemeResult, ThemeRule, ThemeSet, ThemeStance
from .rules import And, Atom, Near, Not, Or, Rule, RuleSyntaxError, Seq, Span, make_atom, parse_rule, rule_atoms
from .stance import MIXED_SHARE, SENTENCE_POLAR, STANCE_POLAR, stance_of
from .themefile import THEME_KEYS, as_themeset, builtin_themes, load_themes, parse_themes

__all__ = [
    "CONTENT_KINDS",
    "DENSITY_PART",
    "DENSITY_SCALE",
    "EXACT",
    "HEAD",
    "MAX_RULE_CHARS",
    "MAX_RULE_DEPTH",
    "MAX_TERM_CHARS",
    "MAX_THEMES",
    "MAX_THEME_FILE_BYTES",
    "MAX_WEIGHT",
    "MIN_SCORE",
    "MIN_WEIGHT",
    "MIXED_SHARE",
    "MODIFIER",
    "PHRASE",
    "RELATION_FACTOR",
    "SENTENCE_POLAR",
    "SPREAD_SCALE",
    "STANCE_POLAR",
    "THEME_KEYS",
    "And",
    "Atom",
    "Near",
    "Not",
    "Or",
    "Rule",
    "RuleSyntaxError",
    "Seq",
    "Span",
    "StancePoint",
    "TermHit",
    "Theme",
    "ThemeHit",
    "ThemeResult",
    "ThemeRule",
    "ThemeSet",
    "ThemeStance",
    "as_themeset",
    "builtin_themes",
    "detect_themes",
    "load_themes",
    "make_atom",
    "parse_rule",
    "parse_themes",
    "rule_atoms",
    "stance_of",
    "theme_counts",
    "theme_score",
    "themes_by_sentence",
    "unfindable_terms",
]
