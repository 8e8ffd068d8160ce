"""Theme matching stays near linear; theme files have limits.

Work is counted, not timed: ``python_steps`` counts the Python lines run in the ``jpblog_nlp.themes``
package (a deterministic measure), and the work on an input four times longer must be about four times
the work, not sixteen.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jpblog_nlp.cli import main
from jpblog_nlp.errors import ResourceError
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.records import Post
from jpblog_nlp.themes import (
    MAX_RULE_DEPTH,
    MAX_TERM_CHARS,
    Atom,
    Near,
    RuleSyntaxError,
    Seq,
    Theme,
    detect_themes,
    matching,
    parse_rule,
    rules,
)
from workcount import python_lines, repeated

HINT = " (see docs/themes.md for the theme file format)"
# The package's folder: python_steps counts the lines run in any of its modules.
THEMES = str(Path(matching.__file__).parent) + os.sep


def python_steps(fn: Callable[..., Any], *args: Any, module: str) -> int:
    """Python lines run in the modules whose file name starts with ``module`` while ``fn(*args)`` runs."""
    return python_lines(fn, *args, where=lambda name: name.startswith(module))


def doc_of(text: str) -> Any:
    return prepare(Post(id="x", title="", text=text))


# --- theme matching -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "unit",
    [
        "a",  # a run of letters with no break: one compound of thousands of morphemes
        "影響力信頼関係同調圧力",  # kanji with no break, theme terms all along
        "コミュニティ",  # katakana
        "いいねと影響力とコミュニティ運営と心を開く",  # one sentence with thousands of term and phrase hits
        "同調圧力や信頼関係、",  # seq(同調, 圧力) and near() rules with thousands of spans each
        "心が通う心を開く信頼できる関係",
    ],
)
def test_theme_matching_work_grows_linearly(unit):
    small, large = doc_of(repeated(unit, 1000)), doc_of(repeated(unit, 4000))
    detect_themes(small)  # the plan and caches are built once, outside the count
    steps_small = python_steps(detect_themes, small, module=THEMES)
    steps_large = python_steps(detect_themes, large, module=THEMES)
    # Four times the text, about four times the work (it was 10 to 16 times: quadratic or cubic).
    assert steps_large <= 4.5 * steps_small
    assert steps_large <= 30 * 4000


def test_a_long_run_of_letters_is_no_theme():
    assert detect_themes(doc_of("a" * 200_000), stance=False) == []


def test_theme_terms_inside_a_long_compound_are_still_found():
    # Capped extension keeps every sub-span that can be a theme term: head and modifier hits as before.
    result = {r.name: [(t.term, t.theme_term) for t in r.terms] for r in detect_themes("料理サロンに通う。", stance=False)}
    assert result == {"community": [("料理サロン", "サロン")], "food": [("料理サロン", "料理")]}


def old_near(rule: Near, index: dict, found: list) -> bool:
    """``near()`` as it was: every pair."""
    lefts = [s for k in rule.left.keys for s in index.get(k, ())]
    rights = [s for k in rule.right.keys for s in index.get(k, ())]
    for a in lefts:
        for b in rights:
            gap = b[0] - a[1] if b[0] > a[1] else a[0] - b[1]
            if 1 <= gap <= rule.distance:
                found.extend((a, b))
                return True
    return False


def old_seq(rule: Seq, index: dict, found: list) -> bool:
    """``seq()`` as it was: every chain."""
    chains = [[s] for k in rule.atoms[0].keys for s in index.get(k, ())]
    for atom in rule.atoms[1:]:
        nxt = [s for k in atom.keys for s in index.get(k, ())]
        chains = [[*c, s] for c in chains for s in nxt if s[0] == c[-1][1] + 1]
        if not chains:
            return False
    if chains:
        found.extend(chains[0])
    return bool(chains)


def test_near_seq_and_overlaps_answer_as_before():
    rng = random.Random(20)
    keys = ["a", "b", "c"]

    def atom() -> Atom:
        return Atom("w", tuple(rng.sample(keys, rng.randint(1, 2))))

    def span() -> tuple[int, int, str]:
        first = rng.randint(0, 10)
        return (first, first + rng.randint(0, 2), "w")

    for _ in range(3000):
        index = {k: [span() for _ in range(rng.randint(0, 4))] for k in keys}
        near = Near(atom(), atom(), rng.randint(1, 4))
        old, new = [], []
        assert (old_near(near, index, old), old) == (rules.evaluate(near, index, new), new)
        seq = Seq(tuple(atom() for _ in range(rng.randint(2, 4))))
        old, new = [], []
        assert (old_seq(seq, index, old), old) == (rules.evaluate(seq, index, new), new)
        spans = [(a, a + rng.randint(0, 3)) for a in (rng.randint(0, 10) for _ in range(rng.randint(0, 5)))]
        start = rng.randint(0, 12)
        end = start + rng.randint(0, 3)
        assert matching.overlap_test(spans)(start, end) == any(start < b and a < end for a, b in spans)


# --- theme files ----------------------------------------------------------------------------------

def _write(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[themes.a]\nterms = ["x"]\nrules = ["' + "NOT " * 5000 + 'x"]\n',
         "line 3: theme 'a': rule 'NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT …': 20001 characters long, more than "
         "the 2000 a rule may have" + HINT),
        ('[themes.a]\nterms = ["x"]\nrules = ["' + "NOT " * 40 + 'x"]\n',
         "line 3: theme 'a': rule 'NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT …': nested more than 32 deep (NOT and "
         "parentheses) at column 129 ('NOT')" + HINT),
        ('[themes.a]\nterms = ["x"]\nrules = ["' + "(" * 33 + "x" + ")" * 33 + '"]\n',
         "line 3: theme 'a': rule '(((((((((((((((((((((((((((((((((x))))))…': nested more than 32 deep (NOT "
         "and parentheses) at column 33 ('(')" + HINT),
        ('[themes.a]\nlabel = "A"\nterms = ["' + "あ" * 300_000 + '"]\n',
         "line 3: theme 'a': term '" + "あ" * 40 + "…' is 300000 characters long, more than the 200 a term may "
         "have" + HINT),
        ('[themes.a]\nterms = { "' + "あ" * 201 + '" = 2 }\n',
         "line 2: theme 'a': term '" + "あ" * 40 + "…' is 201 characters long, more than the 200 a term may have"
         + HINT),
        ('[themes.a]\nterms = ["心"]\nrules = ["' + "い" * 201 + '"]\n',
         "line 3: theme 'a': rule '" + "い" * 40 + "…': word '" + "い" * 40 + "…' is 201 characters long, more "
         "than the 200 a word may have" + HINT),
        ('[themes.a]\nterms = { "心" = inf }\n',
         "line 2: theme 'a': term '心': weight must be a finite number of at most 100, got inf" + HINT),
        ('[themes.a]\nterms = { "心" = nan }\n',
         "line 2: theme 'a': term '心': weight must be a finite number of at most 100, got nan" + HINT),
        ('[themes.a]\nterms = { "心" = 1e400 }\n',
         "line 2: theme 'a': term '心': weight must be a finite number of at most 100, got inf" + HINT),
        ('[themes.a]\nterms = { "心" = 101 }\n',
         "line 2: theme 'a': term '心': weight must be a finite number of at most 100, got 101" + HINT),
        ('[themes.a]\nterms = { "心" = ' + "9" * 5000 + " }\n",
         "invalid TOML: a number with more than 4,300 digits" + HINT),
        ('[themes.a]\nterms = ["心"]\nrule_weight = inf\n',
         "line 1: theme 'a': rule_weight must be a number from 0 to 100, got inf" + HINT),
        ('[themes.a]\nterms = ["心"]\nrule_weight = "1e400"\n',
         "line 1: theme 'a': rule_weight must be a number from 0 to 100, got '1e400'" + HINT),
        ('[themes.a]\nterms = ["心"]\nrule_weight = -1\n',
         "line 1: theme 'a': rule_weight must be a number from 0 to 100, got -1" + HINT),
        ("x = " + "[" * 3000 + "]" * 3000 + '\n[themes.a]\nterms = ["心"]\n',
         "invalid TOML: arrays or tables nested too deeply" + HINT),
        ("".join(f'\n[themes.t{i}]\nterms = ["心"]\n' for i in range(1001)),
         "line 3002: theme 't1000': more than 1000 themes in one file (split the themes over several files)"),
        ("# " + "x" * 1_000_000 + "\n",
         "theme file is larger than 1,000,000 bytes (a theme file holds short terms and rules; split it or trim "
         "it)"),
    ],
    ids=["long-rule", "deep-not", "deep-parens", "huge-term", "long-term", "long-word", "inf", "nan", "1e400",
         "101", "5000-digits", "rule-weight-inf", "rule-weight-text", "rule-weight-negative", "toml-nesting",
         "1001-themes", "file-size"],
)
def test_theme_file_limits(tmp_path, content, message):
    post, path = tmp_path / "post.txt", tmp_path / "bad.toml"
    _write(post, "心が通う関係です。\n")
    _write(path, content)
    result = CliRunner().invoke(main, ["themes", str(post), "--themes", str(path)])
    assert (result.exit_code, result.stderr) == (3, f"jpblog: error: {path}: {message}\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_theme_file_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    post, path = tmp_path / "post.txt", tmp_path / "fifo.toml"
    _write(post, "心が通う関係です。\n")
    os.mkfifo(path)
    result = CliRunner().invoke(main, ["themes", str(post), "--themes", str(path)])
    assert (result.exit_code, result.stderr) == (
        3, f"jpblog: error: {path}: not a regular file (give the path of a TOML theme file)\n")


def test_theme_file_at_the_limits_is_read(tmp_path):
    post, path = tmp_path / "post.txt", tmp_path / "edge.toml"
    _write(post, "心が通う関係です。\n")
    deep = "NOT " * (MAX_RULE_DEPTH - 1) + "(" + "x" + ")"  # 31 NOTs and one parenthesis: 32 levels
    _write(path, f'[themes.edge]\nterms = {{ "心" = 100, "{"あ" * MAX_TERM_CHARS}" = 0.5 }}\nrule_weight = 100\n'
                 f'rules = ["{deep}", "{"x OR " * 330}x"]\n')
    result = CliRunner().invoke(main, ["themes", str(post), "--themes", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Infinity" not in result.stdout


def test_parse_rule_refuses_depth_itself():
    parse_rule("NOT " * MAX_RULE_DEPTH + "x")
    with pytest.raises(RuleSyntaxError, match=r"^nested more than 32 deep \(NOT and parentheses\) at "
                                                    r"column 129 \('NOT'\)$"):
        parse_rule("NOT " * (MAX_RULE_DEPTH + 1) + "x")


@pytest.mark.parametrize(
    ("terms", "rule_weight", "message"),
    [
        ((("心", float("inf")),), 1.0,
         "theme 'mine': term '心' (weight inf): a term has at most 200 characters and a weight above 0 and at most 100"),
        ((("心", float("nan")),), 1.0,
         "theme 'mine': term '心' (weight nan): a term has at most 200 characters and a weight above 0 and at most 100"),
        ((("あ" * 201, 1.0),), 1.0,
         "theme 'mine': term '" + "あ" * 40 + "…' (weight 1.0): a term has at most 200 characters and a weight "
         "above 0 and at most 100"),
        ((("心", 1.0),), float("inf"), "theme 'mine': rule_weight must be a number from 0 to 100, got inf"),
    ],
)
def test_themes_built_in_python_are_checked_too(terms, rule_weight, message):
    with pytest.raises(ResourceError) as err:
        Theme("mine", "自分", "", terms, rule_weight=rule_weight)
    assert str(err.value) == message
