"""The sentiment package's shape: every public name resolves from ``jpblog_nlp.sentiment``, lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jpblog_nlp.sentiment as sentiment

SRC = Path(__file__).resolve().parents[2] / "src"


def test_every_public_name_resolves_from_the_package() -> None:
    assert sorted(sentiment._LAZY) == sorted(sentiment.__all__)
    for name in sentiment.__all__:
        module = sentiment._LAZY[name]
        assert getattr(sentiment, name) is getattr(__import__(f"jpblog_nlp.sentiment.{module}", fromlist=["_"]), name)
    assert set(sentiment.__all__) <= set(dir(sentiment))


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        sentiment.no_such_name  # noqa: B018
    except AttributeError as err:
        assert "no_such_name" in str(err)
    else:  # pragma: no cover
        raise AssertionError("no AttributeError")


def test_emotions_alone_load_no_scoring() -> None:
    # The batch tables need only the emotion names: the rules and the lexicon stay unloaded.
    code = (
        "import sys; from jpblog_nlp.sentiment import EMOTIONS; "
        "print(sorted(m for m in sys.modules if m.startswith('jpblog_nlp.sentiment')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC)}).stdout
    assert out.strip() == "['jpblog_nlp.sentiment', 'jpblog_nlp.sentiment.emotions']"
