"""Topic discovery: a synthetic corpus of three clearly distinct subjects, recovered deterministically."""

from __future__ import annotations

import pytest

from jpblog_nlp.document import prepare
from jpblog_nlp.errors import InputError
from jpblog_nlp.records import Post
from jpblog_nlp.topics import choose_k, discover_topics, topic_terms, topics_from_terms

SUBJECTS = {
    "run": ["ランニング", "マラソン", "シューズ", "ペース", "練習", "完走", "ジョギング", "筋肉"],
    "food": ["カフェ", "ランチ", "ケーキ", "パスタ", "コーヒー", "デザート", "メニュー", "スイーツ"],
    "tech": ["スマートフォン", "アプリ", "カメラ", "バッテリー", "画面", "充電", "プログラミング", "端末"],
}


def synthetic_text(words: list[str], i: int) -> str:
    """A short post about six of a subject's words, starting at word i."""
    pick = [words[(i + j) % len(words)] for j in range(6)]
    return "".join(f"今日は{w}について考えた。" for w in pick) + f"{pick[0]}と{pick[1]}の話。"


def synthetic_posts() -> list[Post]:
    """12 posts: 4 on running, 4 on cafés, 4 on smartphones."""
    return [
        Post(id=f"{name}{i}", title="", text=synthetic_text(words, i * 2))
        for name, words in SUBJECTS.items()
        for i in range(4)
    ]


@pytest.fixture(scope="module")
def docs():
    return [prepare(p) for p in synthetic_posts()]


@pytest.fixture(scope="module")
def model(docs):
    return discover_topics(docs)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("今日は。", []),
        ("今日は晴れ。", ["晴れ"]),
        ("3月10日に100人", []),  # numbers, counters and one-character nouns name no topic
        ("オンラインサロンで走った", ["オンラインサロン"]),  # compounds whole; verbs left out
        ("コミュニティーとＫＬＯＵＴスコア", ["コミュニティ", "kloutスコア"]),
        ("楽しい映画を観た", ["映画"]),
    ],
)
def test_topic_terms(text, keys):
    assert [k for k, _ in topic_terms(prepare(text))] == keys


def test_three_subjects_recovered(model):
    assert model.k == 3
    assert [t.label for t in model.topics] == ["カフェ・ケーキ・コーヒー", "シューズ・ジョギング・ペース",
                                               "アプリ・カメラ・スマートフォン"]
    assert model.topics[0].terms == ("カフェ", "ケーキ", "コーヒー", "スイーツ", "デザート", "パスタ", "メニュー", "ランチ")
    assert [t.n_posts for t in model.topics] == [4, 4, 4]
    assert model.dominant() == [1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2]
    assert [k for k, _ in model.k_errors] == list(range(2, 11))


def test_deterministic(docs, model):
    again = discover_topics(docs)
    assert again.topics == model.topics
    assert (again.weights == model.weights).all()


def test_from_gathered_terms_as_from_documents(docs, model):
    # A batch models the terms it stored, in any order within a post, as discover_topics models documents.
    per_doc = [sorted(topic_terms(d)) for d in docs]
    again = topics_from_terms([d.post.id for d in docs], per_doc)
    assert again.topics == model.topics and again.post_ids == model.post_ids
    assert abs(again.weights - model.weights).max() < 1e-9
    with pytest.raises(InputError, match="at least two posts"):
        topics_from_terms(["p0"], per_doc[:1])


def test_given_k(docs):
    two = discover_topics(docs, k=2, n_terms=3, label_terms=2)
    assert two.k == 2 and len(two.topics) == 2
    assert two.k_errors[0][0] == 2 and len(two.k_errors) == 1
    assert all(len(t.terms) <= 3 and t.label.count("・") == 1 for t in two.topics)


def test_to_frame(model):
    frame = model.to_frame()
    assert frame.shape == (12, 3)
    assert list(frame.columns) == [t.label for t in model.topics]
    assert list(frame.index[:2]) == ["run0", "run1"]
    assert frame.sum(axis=1).round(6).tolist() == [1.0] * 12
    assert frame.loc["food0"].idxmax() == "カフェ・ケーキ・コーヒー"


def test_to_dict(model):
    data = model.to_dict()
    assert list(data) == ["k", "k_errors", "topics", "posts"]
    assert data["posts"][0]["id"] == "run0" and data["posts"][0]["dominant"] == 1
    assert data["topics"][0]["label"] == "カフェ・ケーキ・コーヒー"


def test_posts_texts_and_documents_alike():
    posts = synthetic_posts()
    from_posts = discover_topics(posts, k=3)
    from_texts = discover_topics([p.text for p in posts], k=3)
    assert [t.label for t in from_posts.topics] == [t.label for t in from_texts.topics]


@pytest.mark.parametrize(
    ("posts", "k", "message"),
    [
        ([], None, "topics need at least two posts, got 0"),
        (["ランニングの話。"], None, "topics need at least two posts, got 1"),
        (["今日は。", "それは、もう。"], None, "the posts share no terms to build topics from"),
        (["ランニングの話。", "カフェの話。"], 5, "k must be between 1 and 2 for this corpus, got 5"),
    ],
)
def test_errors(posts, k, message):
    with pytest.raises(InputError) as err:
        discover_topics(posts, k=k)
    assert err.value.message == message


def test_choose_k_prefers_smaller_on_ties():
    import numpy as np
    from scipy.sparse import csr_matrix

    matrix = csr_matrix(np.eye(4))
    # Every post alone in its topic is not a partition the silhouette can score: -1 for k=4.
    fits = {2: (np.array([[1, 0], [1, 0], [0, 1], [0, 1]]),), 4: (np.eye(4),)}
    assert choose_k(matrix, fits) == 2
