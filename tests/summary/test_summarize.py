"""Extractive summaries: eligibility, length options, redundancy, registry, the sample post, and the
kernels (pure Python and numpy rank alike; a short post does not import numpy)."""

from __future__ import annotations

import dataclasses
import importlib
import subprocess
import sys
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpblog_nlp.errors import EmptyPostError, JpblogError
from jpblog_nlp.registry import SUMMARY_METHODS, UnknownNameError
from jpblog_nlp.summary import SUMMARIZERS, Summary, SummarySentence, eligible_mask, is_fragment, summarize
from jpblog_nlp.text.document import Document, prepare
from jpblog_nlp.text.records import Post

DUPLICATES = (
    "今日は公園でランニングをして気持ちがよかったです。\n"
    "今日は公園でランニングをして気持ちがよかったです。\n"
    "夜は友達と駅前のラーメン屋で食事をしました。\n"
    "明日は朝から仕事なので早めに寝ることにします。"
)
MIXED = (
    "【ランニング日記】\n"
    "今日は朝から公園でランニングをしました。\n"
    "ランニングのあとに飲むコーヒーは最高においしいです。\n"
    "マジかよ。\n"
    "明日もランニングを続けようと思います。"
)
HEADINGS = "【まとめ】\n■ポイント\n・りんご\n・みかん"
ONE_STATEMENT = "【ランニング日記】\n今日は朝から公園でランニングをしました。\nマジかよ。\n・りんご"
TWO_STATEMENTS = "【ランニング日記】\n今日は朝から公園でランニングをしました。\nランニングのあとに飲むコーヒーは最高においしいです。"

MODULE = importlib.import_module("jpblog_nlp.summary.centrality")  # the kernels and their thresholds


# --- edge cases -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "\u3000\n\n", "f:id:SOMASOMA0416:20181009222632j:plain"])
def test_empty_post_raises(text):
    with pytest.raises(EmptyPostError):
        summarize(text)


def test_empty_document_raises():
    doc = Document(post=Post(id="x", title="", text=""), sentences=(), morphemes=(), terms=())
    with pytest.raises(EmptyPostError, match="no sentence to summarize"):
        summarize(doc)


@pytest.mark.parametrize("method", ["lexrank", "lead"])
@pytest.mark.parametrize("n", [1, 3, 100])
def test_one_sentence(method, n):
    summary = summarize("今日は公園でのんびりと本を読んで過ごしました。", n, method=method)
    assert summary == Summary(method, (SummarySentence(0, "今日は公園でのんびりと本を読んで過ごしました。",
                                                       summary.sentences[0].score, 0, 23),))


@pytest.mark.parametrize(
    ("n", "method", "expected"),
    [
        (1, "lexrank", (0,)),
        (2, "lexrank", (0, 3)),
        (10, "lexrank", (0, 1, 2, 3)),
        (2, "lead", (0, 1)),
    ],
)
def test_all_headings_fall_back_to_fragments(n, method, expected):
    assert summarize(HEADINGS, n, method=method).indices == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, (0,)),
        (2, (0, 3)),
        (3, (0, 2, 3)),
        (10, (0, 2, 3)),  # the duplicate (1) is never picked, even when room is left
    ],
)
def test_mmr_skips_duplicates(n, expected):
    assert summarize(DUPLICATES, n).indices == expected


@pytest.mark.parametrize(
    ("n", "method", "expected"),
    [
        (1, "lexrank", (1,)),
        (2, "lexrank", (1, 4)),
        (3, "lexrank", (1, 2, 4)),
        (10, "lexrank", (1, 2, 4)),  # n beyond the post: every eligible sentence, no heading, no マジかよ。
        (2, "lead", (1, 2)),
        (10, "lead", (1, 2, 4)),
    ],
)
def test_headings_and_short_lines_not_picked(n, method, expected):
    assert summarize(MIXED, n, method=method).indices == expected


# --- eligibility ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("マジかよ。", True),  # under 15 characters
        ("【SNS】影響力という言葉をどう捉えるかで楽しくなる", True),  # bracketed heading
        ("(まとめ)これからの影響力はカリスマでなく球体型", True),
        ("■ランニングを続けるために大切にしている三つのこと", True),
        ("・毎朝五キロを走ることを目標にして続けています。", True),  # list item
        ("素人が企画し素人が演者となり、素人が楽しむフェス", True),  # short, no full stop
        ("影響力について誤解していたボクのSNS黒歴史の数々", True),
        ("が付き影響力をまとうことができるというものでした。", True),  # tail cut off at いいね!
        ("東京タワーと東京スカイツリーと通天閣と五重塔", True),  # no predicate
        ("今日は朝から公園でランニングをしました。", False),
        ("大きなカリスマの指示命令や号令ではなくて、小さなつながりの共感や信用から桁違いの行動が生まれる。", False),
        ("その参加者一人一人の発信によりハッシュタグはTwitterの全国トレンド2位まで登りつめた", False),  # long
        ("ランニングのあとに飲むコーヒーは最高においしいです！！", False),
    ],
)
def test_is_fragment(text, fragment):
    doc = prepare(Post(id="t", title="", text=text))
    assert len(doc.sentences) == 1
    assert is_fragment(doc.sentences[0], doc.morphemes[0]) is fragment


def test_unpunctuated_author_keeps_short_lines():
    # An author who never types 。 writes statements without it: the "short, unpunctuated" rule is off.
    text = "今日は朝から公園でランニングをした\n走ったあとのコーヒーがおいしかった\n明日も同じ時間に起きて走ろうと思う"
    assert eligible_mask(prepare(Post(id="t", title="", text=text))).tolist() == [True, True, True]


# --- length options -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "kwargs",
    [{"n": 2, "ratio": 0.5}, {"n": 2, "max_chars": 100}, {"ratio": 0.5, "max_chars": 100},
     {"n": 1, "ratio": 0.1, "max_chars": 10}],
)
def test_length_options_are_exclusive(kwargs):
    with pytest.raises(JpblogError, match="give only one of n, ratio and max_chars"):
        summarize(MIXED, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n": 0}, "n must be at least 1"), ({"ratio": 0.0}, r"ratio must be in \(0, 1\]"),
     ({"ratio": 1.5}, r"ratio must be in \(0, 1\]"), ({"max_chars": 0}, "max_chars must be at least 1")],
)
def test_length_out_of_range(kwargs, message):
    with pytest.raises(JpblogError, match=message):
        summarize(MIXED, **kwargs)


@pytest.mark.parametrize(
    ("max_chars", "expected"),
    [
        (5, ()),  # no eligible sentence is that short: empty summary
        (20, (1,)),
        (40, (1, 4)),
        (66, (1, 2, 4)),
    ],
)
def test_max_chars(max_chars, expected):
    summary = summarize(MIXED, max_chars=max_chars)
    assert summary.indices == expected
    assert sum(len(s.text) for s in summary.sentences) <= max_chars


@pytest.mark.parametrize(("ratio", "expected"), [(0.01, (1,)), (0.4, (1, 4)), (1.0, (1, 2, 4))])
def test_ratio(ratio, expected):
    assert summarize(MIXED, ratio=ratio).indices == expected


# --- registry ------------------------------------------------------------------------------------

def test_registry_names():
    assert sorted(SUMMARIZERS) == ["lead", "lexrank"]


def test_unknown_method_lists_names():
    with pytest.raises(UnknownNameError) as info:
        summarize(MIXED, method="textrunk")
    assert str(info.value) == "unknown summary method 'textrunk' (use one of lexrank, lead)"
    assert SUMMARIZERS is SUMMARY_METHODS  # the table the command line's --method choices come from


# --- the sample post ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_doc(sample_post):
    return prepare(sample_post)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # why counting felt empty / small connections, not charisma / the spherical community
        ({}, (31, 54, 68)),
        ({"n": 1}, (68,)),
        ({"n": 5}, (7, 31, 38, 54, 68)),
        ({"method": "lead"}, (1, 2, 4)),
    ],
)
def test_sample_post_indices(sample_doc, kwargs, expected):
    assert summarize(sample_doc, **kwargs).indices == expected


def test_sample_post_default_summary_reads_as_the_argument(sample_doc):
    summary = summarize(sample_doc)
    assert summary.method == "lexrank"
    assert [s.text for s in summary.sentences] == [
        "そんな風に機械的に数を増やしていくことにいつしか虚しさを感じていたボクは自分と向き合って SNSの使い方を"
        "抜本的に変えようと考えました。",
        "大きなカリスマの指示命令や号令ではなくて、小さなつながりの共感や信用から桁違いの行動が生まれる。",
        "彼のブログの中にある球体型のコミュニティという考え方に惹かれているからボクは彼のオンラインサロンにいます。",
    ]


def test_sample_post_skips_asides(sample_doc):
    picked = set(summarize(sample_doc, 10).indices)
    asides = {0, 3, 20, 21, 83}  # greeting, marathon, Klout definition quote, 今日お伝えしたいことは以上です
    assert not picked & asides


@pytest.mark.parametrize("max_chars", [1, 50, 100, 200, 400])
def test_sample_post_max_chars_respected(sample_doc, max_chars):
    summary = summarize(sample_doc, max_chars=max_chars)
    assert sum(len(s.text) for s in summary.sentences) <= max_chars


def test_records_are_frozen_ordered_and_point_into_the_post(sample_doc):
    summary = summarize(sample_doc, 5)
    indices = summary.indices
    assert list(indices) == sorted(indices)
    for s in summary.sentences:
        assert sample_doc.post.text[s.start:s.end] == s.text
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.sentences[0].score = 1.0  # type: ignore[misc]
    data = summary.to_dict()
    assert data["method"] == "lexrank"
    assert [d["index"] for d in data["sentences"]] == list(indices)
    assert set(data["sentences"][0]) == {"index", "text", "score", "start", "end"}


def test_accepts_text_post_and_document(sample_post, sample_doc):
    assert summarize(sample_post).indices == summarize(sample_doc).indices


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(max_chars=st.integers(1, 600), method=st.sampled_from(["lexrank", "lead"]))
def test_max_chars_property(sample_doc, max_chars, method):
    summary = summarize(sample_doc, max_chars=max_chars, method=method)
    assert sum(len(s.text) for s in summary.sentences) <= max_chars
    assert list(summary.indices) == sorted(set(summary.indices))


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 100))
def test_n_property(sample_doc, n):
    summary = summarize(sample_doc, n)
    everything = summarize(sample_doc, len(sample_doc.sentences))
    eligible = eligible_mask(sample_doc)
    assert len(summary.sentences) == min(n, len(everything.sentences))
    assert set(summary.indices) <= set(everything.indices)
    assert all(eligible[i] for i in summary.indices)


# --- kernels: the pure-Python and the numpy ranking agree -----------------------------------------------

def _sample_head(post: Post, k: int) -> Post:
    """The sample post cut to its first k sentences (under its title)."""
    doc = prepare(post)
    return Post(id=f"head-{k}", title=post.title, text="\n".join(s.text for s in doc.sentences[:k]))


def _twice(post: Post, k: int) -> Post:
    """The first k sentences of a post, then the same again: every sentence ties with another."""
    text = _sample_head(post, k).text
    return Post(id=f"twice-{k}", title=post.title, text=text + "\n" + text)


# Posts of different sizes and shapes, made from the sample post (sizes around the threshold included).
KERNEL_POSTS: dict[str, Callable[[Post], Post]] = {
    "no eligible sentence": lambda sample: Post(id="t", title="", text=HEADINGS),
    "one eligible sentence": lambda sample: Post(id="t", title="ランニング", text=ONE_STATEMENT),
    "two eligible sentences": lambda sample: Post(id="t", title="", text=TWO_STATEMENTS),
    "duplicates": lambda sample: Post(id="t", title="", text=DUPLICATES),
    "headings and short lines": lambda sample: Post(id="t", title="ランニング日記", text=MIXED),
    "just below the threshold": lambda sample: _sample_head(sample, MODULE._PYTHON_MAX),
    "just above the threshold": lambda sample: _sample_head(sample, MODULE._PYTHON_MAX + 1),
    "twenty sentences twice": lambda sample: _twice(sample, 20),
    "the sample post": lambda sample: sample,
}


def _summaries(monkeypatch: pytest.MonkeyPatch, kernel: str, doc: Document) -> list[Summary]:
    """Summaries of ``doc`` (several lengths) with the centrality kernel forced to ``kernel``."""
    with monkeypatch.context() as patch:
        if kernel == "python":
            patch.setattr(MODULE, "_PYTHON_MAX", MODULE._DIRECT_MAX)
            patch.setattr(importlib.import_module("jpblog_nlp.summary.numpy_kernels"), "lexrank_dense", None)  # not reached
        else:
            patch.setattr(MODULE, "_PYTHON_MAX", 0)
            patch.setattr(MODULE, "_PYTHON_COLD_MAX", 0)
            patch.setattr(MODULE, "_lexrank_python", None)
        return [summarize(doc, **kwargs) for kwargs in ({"n": 1}, {}, {"n": 10}, {"n": 1000}, {"max_chars": 120})]


@pytest.mark.parametrize("name", list(KERNEL_POSTS))
def test_python_and_numpy_kernels_agree(monkeypatch, sample_post, name):
    doc = prepare(KERNEL_POSTS[name](sample_post))
    if name.startswith("just"):
        assert len(doc.sentences) == MODULE._PYTHON_MAX + name.startswith("just above")
    python, numpy = _summaries(monkeypatch, "python", doc), _summaries(monkeypatch, "numpy", doc)
    for ours, theirs in zip(python, numpy, strict=True):
        assert ours.indices == theirs.indices
        assert [s.score for s in ours.sentences] == pytest.approx([s.score for s in theirs.sentences], abs=1e-9)


@pytest.mark.parametrize("method", ["lexrank", "lead"])
@pytest.mark.parametrize("source", ["short", "sample"])
def test_summarizing_a_post_does_not_import_numpy(sample_path, method, source):
    post = "'今日は朝から公園でランニングをしました。明日もランニングを続けようと思います。'"
    if source == "sample":  # 81 sentences: pure Python while numpy is not loaded
        post = f"jpblog_nlp.load_post({str(sample_path)!r})"
    code = (f"import sys, jpblog_nlp; from jpblog_nlp.summary import summarize; "
            f"summarize({post}, method={method!r}); print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\n"


def test_eligible_mask_is_a_numpy_bool_array():
    mask = eligible_mask(prepare(Post(id="t", title="", text=MIXED)))
    assert isinstance(mask, np.ndarray) and mask.dtype == bool
    assert mask.tolist() == [False, True, True, False, True]
