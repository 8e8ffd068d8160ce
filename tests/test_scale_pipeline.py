"""The whole analysis stays near linear on the pathological shapes of the reliability issue.

The modules have their own scale tests (themes and cleaning in test_scale_themes_clean.py, the Movable
Type reader in test_input_bounds.py); this one counts the Python lines run in every jpblog_nlp module
while one post is loaded and analysed end to end, so that a quadratic step added anywhere on the way (a
stage nobody thought of) fails here. Work is counted, not timed: the count repeats on every machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jpblog_nlp
from jpblog_nlp.sources import post_from_text
from workcount import python_lines, repeated

PACKAGE = str(Path(jpblog_nlp.__file__).parent)


def pipeline_steps(text: str) -> int:
    """Python lines run in jpblog_nlp while ``text`` becomes a post and is analysed (with to_dict)."""
    jpblog_nlp.analyze(text="準備。")  # lexicons, themes and the tagger load outside the count
    return python_lines(lambda: jpblog_nlp.analyze(post_from_text(text)).to_dict(),
                        where=lambda name: name.startswith(PACKAGE))


SHAPES = {
    "letters without a break": "a",
    "kanji without a break": "漢",
    "one line without a full stop": "影響力のあるオンラインサロンで共感しあう、",
    "emoji": "😊",
    "Markdown link starts": "[](",
    "Markdown image starts": "![](",
    "Hatena link starts": "[http://",
    "sentence marks": "！？…",
    "Hatena photo syntax": "f:id:user:20210101000000j:plain ",
}


@pytest.mark.parametrize("unit", SHAPES.values(), ids=SHAPES.keys())
def test_four_times_the_text_is_about_four_times_the_work(unit):
    small, large = (pipeline_steps("本文。\n" + repeated(unit, n)) for n in (1_500, 6_000))
    assert large < 5.5 * small, f"{large / small:.1f}x the work for 4x the text"
