"""Property-based attack on the loaders and on ``analyze``: whatever the bytes or text, only a
``JpblogError`` may escape, and whatever is returned can be written as JSON.

Hypothesis makes up inputs a hand-written table would not think of (lone surrogates, control characters,
half a front matter, a feed's head on a binary tail); the tables of exact messages live beside the code
they test. Examples are few and small so that the property runs in seconds on every machine.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jpblog_nlp
from jpblog_nlp.errors import JpblogError
from jpblog_nlp.sources import LoadFailure, iter_posts, load_post, post_from_text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Starts of real formats, so that the made-up tails reach each reader rather than the sniffer alone.
HEADS = [
    b"",
    b"---\ntitle: ",
    b"---\n",
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><item><title>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">',
    b"<!doctype html><html><body><article>",
    b"AUTHOR: a\nTITLE: t\nBASENAME: b\nSTATUS: Publish\nDATE: 01/02/2021 10:00:00\n-----\nBODY:\n",
    "f:id:user:20210101000000j:plain 影響力について。\n".encode(),
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]
SUFFIXES = [".txt", ".md", ".html", ".xml", ".export", ".rss"]

# Text that mixes Japanese, markup, the debris the cleaner removes and characters that break encoders.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("影響力共感コミュニティ楽しい。、！？「」\n\t []()<>#*-=:|f@")),
        st.characters(codec=None, categories=None),
    ),
    max_size=300,
)


def _json_safe(result: jpblog_nlp.PostAnalysis) -> None:
    """What analyze returns must serialise to JSON that encodes as UTF-8 (no NaN, no lone surrogate)."""
    data = json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False)
    data.encode("utf-8")


@SETTINGS
@given(head=st.sampled_from(HEADS), tail=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_loading_arbitrary_bytes_raises_only_our_errors(tmp_path_factory, head, tail, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"post{suffix}"
    path.write_bytes(head + tail)
    with contextlib.suppress(JpblogError):
        load_post(path)
    for item in iter_posts(path, errors="yield"):
        assert isinstance(item, jpblog_nlp.Post | LoadFailure)


@SETTINGS
@given(text=TEXT)
def test_analysing_arbitrary_text_raises_only_our_errors(text):
    try:
        result = jpblog_nlp.analyze(text=text)
    except JpblogError:
        return
    _json_safe(result)


@SETTINGS
@given(head=st.sampled_from([h.decode("utf-8", "replace") for h in HEADS]), text=TEXT)
def test_posts_from_arbitrary_text_raise_only_our_errors(head, text):
    try:
        post = post_from_text(head + text)
    except JpblogError:
        return
    with contextlib.suppress(JpblogError):
        _json_safe(jpblog_nlp.analyze(post))


@SETTINGS
@given(value=st.one_of(st.text(max_size=80), st.integers(), st.floats(), st.lists(st.text(max_size=5), max_size=3)))
def test_front_matter_values_raise_only_our_errors(value):
    """Whatever a front matter field holds (dates that are no dates, numbers for titles), loading it is
    either a post or a clean error, and the post's record serialises."""
    doc = "---\n" + "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}"
                               for key in ("title", "date", "categories", "tags", "author")) + "\n---\n本文です。\n"
    try:
        post = post_from_text(doc, format="markdown")
    except JpblogError:
        return
    with contextlib.suppress(JpblogError):
        _json_safe(jpblog_nlp.analyze(post))


@pytest.mark.parametrize("text", ["\ud800", "影響力\udfffの話。", "a\x00b。", "\ufeff\u200b。"])
def test_characters_that_break_encoders_come_out_as_json(text):
    try:
        result = jpblog_nlp.analyze(text=text)
    except JpblogError:
        return
    _json_safe(result)
