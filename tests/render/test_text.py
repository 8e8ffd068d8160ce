"""The text helpers every renderer and the CLI's tables share (render.text)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from jpblog_nlp.cli import main
from jpblog_nlp.render.text import display_width, fit, wrap


@pytest.mark.parametrize(("text", "width"), [
    ("", 0),
    ("SNS", 3),
    ("影響力", 6),  # wide
    ("ＳＮＳ", 6),  # full-width
    ("ｶﾗｽ", 3),  # half-width katakana
    ("q\u0307", 1),  # a combining mark takes no column
    ("cafe\u0301", 4),
    ("か\u309a", 4),  # the kana sound marks are wide in Unicode's table, and counted so
])
def test_display_width(text, width):
    assert display_width(text) == width


def test_fit_and_wrap_count_columns_not_characters():
    assert fit("影響力のある人", 9) == "影響力の…"
    assert display_width(fit("q\u0307q\u0307", 4)) == 4
    assert wrap("あいうえお。かきくけこ", 4, "") == ["あい", "うえ", "お。", "かき", "くけ", "こ"]


def test_cli_table_lines_up_text_with_a_combining_mark():
    # The CLI's tables pad with the reports' width: q̇ is one column (before, the CLI counted two).
    text = "q\u0307ラス影響力。ここにはかなり長い文章が続いていますがとても影響力がある。"
    result = CliRunner().invoke(main, ["kwic", "-", "影響力", "--width", "4"], input=text)
    assert result.exit_code == 0
    assert result.stdout == (
        "     4     q\u0307ラス 【影響力】 。ここに\n"
        "    30  がとても 【影響力】 がある。\n"
    )
    lines = result.stdout.splitlines()
    assert display_width(lines[0].split("【")[0]) == display_width(lines[1].split("【")[0])


def test_the_emotion_wheel_shows_every_emotion_once():
    from jpblog_nlp.render.view import EMOTION_WHEEL
    from jpblog_nlp.sentiment import EMOTIONS

    assert sorted(name for name, _ in EMOTION_WHEEL) == sorted(EMOTIONS)
