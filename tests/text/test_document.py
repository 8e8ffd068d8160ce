"""prepare(): text, a Post or a Document become a Document; a path is refused, never read."""

from __future__ import annotations

from importlib import import_module
from pathlib import PurePosixPath

import pytest

from conftest import SAMPLE
from jpblog_nlp.errors import InputError
from jpblog_nlp.sources import load_post
from jpblog_nlp.text.document import NO_PATHS, Document, prepare

REFUSAL = f"{SAMPLE}: {NO_PATHS}"


def test_the_refusal_says_how_to_read_a_file():
    assert NO_PATHS == ("analysers take the post's text, a Post or a Document; read a file with "
                        "jpblog_nlp.load_post(path)")


@pytest.mark.parametrize(
    "call",
    [
        prepare,
        lambda p: import_module("jpblog_nlp.keywords").extract_keywords(p),
        lambda p: import_module("jpblog_nlp.sentiment").score_sentiment(p),
        lambda p: import_module("jpblog_nlp.sentiment").score_emotions(p),
        lambda p: import_module("jpblog_nlp.themes").detect_themes(p),
        lambda p: import_module("jpblog_nlp.summary").summarize(p),
        lambda p: import_module("jpblog_nlp.explore.kwic").kwic(p, "影響力"),
    ],
)
def test_every_analyser_refuses_a_path(call):
    """The analysers work on a post in memory: a Path is refused, not read (``load_post`` reads it)."""
    with pytest.raises(InputError) as info:
        call(SAMPLE)
    assert str(info.value) == REFUSAL
    assert info.value.exit_code == 2


def test_any_pathlike_is_refused():
    with pytest.raises(InputError) as info:
        prepare(PurePosixPath("post.txt"))  # type: ignore[arg-type]
    assert str(info.value) == f"post.txt: {NO_PATHS}"


def test_the_post_of_a_file_is_prepared():
    post = load_post(SAMPLE)
    doc = prepare(post)
    assert isinstance(doc, Document) and doc.post is post and doc.sentences
    assert prepare(doc) is doc


def test_another_type_names_what_is_taken():
    with pytest.raises(InputError) as info:
        prepare(12)  # type: ignore[arg-type]
    assert str(info.value) == "cannot analyse a value of type int (pass the post's text (str), a Post or a Document)"


def test_the_corpus_functions_still_read_post_files(tmp_path):
    """A path among a corpus's items is one post file, read by the corpus layer (``as_document``)."""
    from jpblog_nlp.explore.frequency import as_document, iter_documents

    path = tmp_path / "a.txt"
    path.write_text("SNSの影響力について考えた。", encoding="utf-8")
    assert as_document(path).post.text == load_post(path).text
    docs = list(iter_documents([path, "共感が大事。"]))
    assert [d.post.text for d in docs] == [load_post(path).text, "共感が大事。"]
    failures: list = []
    assert list(iter_documents([tmp_path / "missing.txt"], failures)) == []
    assert [f.source for f in failures] == [str(tmp_path / "missing.txt")]
