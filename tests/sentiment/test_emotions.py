"""Emotions: Plutchik's eight intensities per sentence and per post, with evidence."""

from __future__ import annotations

import pytest

import jpblog_nlp
from jpblog_nlp.sentiment import EMOTIONS, score_lines, score_sentiment
from jpblog_nlp.text.records import Post


def top_emotions(text: str) -> list[str]:
    """Emotions with an intensity of at least 0.2, strongest first."""
    (result,) = score_lines([text])
    ranked = sorted(((v, k) for k, v in result.emotions if v >= 0.2), reverse=True)
    return [k for _, k in ranked]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("😊", ["joy"]),
        ("😡", ["anger"]),
        ("😱", ["fear"]),
        ("楽しかった。", ["joy"]),
        ("悲しかった。", ["sadness"]),
        ("怖かった。", ["fear"]),
        ("腹が立つ。", ["anger"]),
        ("びっくりした。", ["surprise"]),
        ("嫌だ。", ["disgust"]),
        ("信頼している。", ["trust", "joy"]),
        ("楽しみです。", ["joy", "anticipation"]),
        ("行きたい。", ["anticipation"]),
        ("全然楽しくなかった。", ["sadness"]),  # a negated emotion moves to its opposite
        ("悲しくない。", []),  # negated sadness expresses no particular emotion
        ("影響力がある。", []),
    ],
)
def test_sentence_emotions(text: str, expected: list[str]) -> None:
    assert top_emotions(text) == expected


def test_emotions_come_in_plutchik_order_and_range() -> None:
    (result,) = score_lines(["すごく嬉しいけど少し怖い😭"])
    assert [k for k, _ in result.emotions] == list(EMOTIONS)
    assert all(0.0 <= v < 1.0 for _, v in result.emotions)


def test_emotion_evidence() -> None:
    (result,) = score_lines(["全然楽しくなかった。"])
    assert [(e.term, e.emotion, e.negated, round(e.weight, 4)) for e in result.emotion_evidence] == [
        ("楽しく", "sadness", True, 0.5625)
    ]
    (result,) = score_lines(["嬉しい😊"])
    assert [(e.term, e.emotion) for e in result.emotion_evidence] == [("嬉しい", "joy"), ("😊", "joy")]


def test_post_emotions_are_the_mean_over_sentences() -> None:
    post = Post(id="e", title="", text="嬉しい。普通の日。")
    result = score_sentiment(post)
    joy = dict(result.emotions)["joy"]
    assert joy == pytest.approx(dict(result.sentences[0].emotions)["joy"] / 2)
    assert jpblog_nlp.score_emotions(post) == dict(result.emotions)


def test_intensifier_raises_intensity() -> None:
    (plain,) = score_lines(["嬉しい。"])
    (strong,) = score_lines(["すごく嬉しい。"])
    assert dict(strong.emotions)["joy"] > dict(plain.emotions)["joy"]
