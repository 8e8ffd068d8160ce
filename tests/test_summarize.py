"""Extractive summaries: eligibility, length options, redundancy, registry, and the sample post."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpblog_nlp.document import Document, prepare
from jpblog_nlp.errors import EmptyPostError, JpblogError
from jpblog_nlp.records import Post
from jpblog_nlp.summarize import SUMMARIZERS, Summary, SummarySentence, eligible_mask, is_fragment, summarize

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
    with pytest.raises(JpblogError) as info:
        summarize(MIXED, method="textrunk")
    assert str(info.value) == "unknown summary method 'textrunk' (choose one of lead, lexrank)"


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
