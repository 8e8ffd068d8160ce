"""Limits of a theme file and the messages that quote it.

Every limit bounds a cost that grows with what a user's file holds, so a hostile or mistaken file fails
with a message instead of taking minutes per post.  They sit apart from the rule parser, the records and
the file reader because all three check them, and none of those should import another for a constant.
"""

from __future__ import annotations

# Limits of a theme file, by design: a theme is a few dozen short words and rules.  Each bounds a cost that
# grows with it: matching extends sub-spans and runs up to the longest key (so a key of 300 kB meant minutes of
# work per post), the rule parser recurses once per NOT or parenthesis, and the whole file is parsed at once.
MAX_THEME_FILE_BYTES = 1_000_000
MAX_THEMES = 1000  # themes in one file
MAX_TERM_CHARS = 200  # a term, or a word of a rule
MAX_RULE_CHARS = 2000
MAX_RULE_DEPTH = 32  # NOT and parentheses nested in one rule
MAX_WEIGHT = 100.0  # weights are 0.5 to 3 in the built-in themes; inf or nan would reach the JSON output


def shown(text: str, limit: int = 40) -> str:
    """Text for a message, cut to ``limit`` characters (a 2,000-character rule is not repeated whole).

    Rule, record and file errors all quote what they refuse; they cut it alike with this.
    """
    return text if len(text) <= limit else text[:limit] + "…"
