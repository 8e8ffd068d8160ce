"""Topic discovery: a synthetic corpus of three clearly distinct subjects, recovered deterministically.

The three subjects are symmetric, so their topics tie in weight and their terms tie within each topic: the
order and labels must come from the discrete tie-breaks, whatever the CPU's BLAS makes of the floats.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import SHARED, requires_shared
from jpblog_nlp.errors import InputError
from jpblog_nlp.explore.boilerplate import iter_lines, line_keys
from jpblog_nlp.explore.topics import (
    TIE_TOLERANCE,
    PostTerms,
    discover_topics,
    dominant_topics,
    heading_terms,
    label_of,
    rank_descending,
    split_terms,
    topic_terms,
    topics_from_terms,
    unit_topics,
)
from jpblog_nlp.explore.topics_fit import choose_k, coherent_lines
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.records import Post
from synthetic_corpus import SUBJECTS, synthetic_text


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


def partition(model) -> set[frozenset[str]]:
    """The posts grouped by dominant topic: what a user reads off the model, whatever the topic order."""
    groups: dict[int, set[str]] = {}
    for post_id, topic in zip(model.post_ids, model.dominant(), strict=True):
        groups.setdefault(topic, set()).add(post_id)
    return {frozenset(g) for g in groups.values()}


EXPECTED_PARTITION = {frozenset(f"{name}{i}" for i in range(4)) for name in SUBJECTS}


def test_three_subjects_recovered(model):
    assert model.k == 3
    assert [k for k, _ in model.k_stability] == list(range(3, 11))
    # The three subjects come out the same on every subsample: the most stable k, and the smallest of those.
    assert dict(model.k_stability)[3] == pytest.approx(1.0)
    assert all(s <= 1.0 + 1e-9 for _, s in model.k_stability)
    # Each subject is one topic: its posts, and all of its words as the topic's terms.
    assert partition(model) == EXPECTED_PARTITION
    assert {frozenset(t.terms) for t in model.topics} == {frozenset(words) for words in SUBJECTS.values()}
    # A topic's terms share it equally, its posts are all about it, and it dominates its four posts.
    for topic in model.topics:
        assert topic.weights == pytest.approx([1 / 8] * 8, abs=1e-6)
        assert topic.n_posts == 4
        members = [i for i, d in enumerate(model.dominant()) if d == topic.index]
        assert model.weights[members, topic.index] == pytest.approx([1.0] * 4, abs=1e-6)
    # Equal weights everywhere: terms go in key order, topics in the order of their top terms' keys.
    assert [t.label for t in model.topics] == ["アプリ・カメラ・スマートフォン", "カフェ・ケーキ・コーヒー",
                                               "シューズ・ジョギング・ペース"]
    assert model.topics[1].terms == ("カフェ", "ケーキ", "コーヒー", "スイーツ", "デザート", "パスタ", "メニュー", "ランチ")
    assert model.dominant() == [2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0]
    assert [t.index for t in model.topics] == [0, 1, 2]


def test_deterministic(docs, model):
    again = discover_topics(docs)
    assert again.topics == model.topics
    assert (again.weights == model.weights).all()  # the same machine and process: the same floats


def same_model(got, expected, tol: float = 1e-6) -> None:
    """Everything discrete is equal; the floats are equal to ``tol``."""
    assert (got.k, got.post_ids, got.dominant()) == (expected.k, expected.post_ids, expected.dominant())
    assert [(t.index, t.label, t.terms, t.n_posts) for t in got.topics] == \
        [(t.index, t.label, t.terms, t.n_posts) for t in expected.topics]
    for a, b in zip(got.topics, expected.topics, strict=True):
        assert a.weights == pytest.approx(b.weights, abs=tol)
    assert np.allclose(got.weights, expected.weights, rtol=0, atol=tol)


def test_from_gathered_terms_as_from_documents(docs, model):
    # A batch models the terms it stored, in any order within a post, as discover_topics models documents.
    per_doc = [sorted(topic_terms(d)) for d in docs]
    again = topics_from_terms([d.post.id for d in docs], per_doc)
    same_model(again, model, tol=1e-9)
    with pytest.raises(InputError, match="at least two posts"):
        topics_from_terms(["p0"], per_doc[:1])


REAL_NMF = pytest.importorskip("sklearn.decomposition").NMF


class OtherCpuNMF:
    """An NMF standing for another CPU's: its factors in another column order, with another split of each
    topic's scale between W and H, and noise in the last bits (as BLAS kernels leave it)."""

    def __init__(self, **params):
        self._nmf = REAL_NMF(**params)
        self._rng = np.random.default_rng(params["n_components"])

    def fit_transform(self, matrix, **starts):
        w = self._nmf.fit_transform(matrix, **starts)
        h = self._nmf.components_
        k = w.shape[1]
        perm = self._rng.permutation(k)
        scale = self._rng.uniform(0.2, 5.0, size=k)
        noise = lambda a: a * (1 + self._rng.uniform(-1e-12, 1e-12, size=a.shape))  # noqa: E731
        self.components_ = noise(h[perm] / scale[:, None])
        self.reconstruction_err_ = self._nmf.reconstruction_err_
        return noise(w[:, perm] * scale)


def test_same_result_on_any_cpu(monkeypatch, docs, model):
    # What the issue saw (other topic order on an AMD EPYC): column order, scale split and last bits are
    # NMF's, not the corpus's; none of them may change a topic, a label, an order or a dominant topic.
    import sklearn.decomposition

    two = discover_topics(docs, k=2)
    monkeypatch.setattr(sklearn.decomposition, "NMF", OtherCpuNMF)
    same_model(discover_topics(docs), model)
    same_model(discover_topics(docs, k=2), two)


@pytest.mark.parametrize(
    ("values", "keys", "expected"),
    [
        ([], [], []),
        ([3.0, 1.0, 2.0], ["a", "b", "c"], [0, 2, 1]),
        # Equal in theory, apart by noise either way: key order decides.
        ([4.0, 4.0 + 1e-12, 4.0 - 1e-12], ["c", "a", "b"], [1, 2, 0]),
        ([4.0 - 1e-12, 4.0 + 1e-12, 4.0], ["c", "a", "b"], [1, 2, 0]),
        # Either side of a 4-decimal rounding boundary (what -round(v, 4) split): still one group.
        ([4.000049999999, 4.000050000001], ["b", "a"], [1, 0]),
        # Apart by more than a thousandth of the largest: weight decides.
        ([1.0, 1.0 + 2e-3], ["a", "b"], [1, 0]),
        # Within the tolerance of the group's largest value only: no chaining past it.
        ([1.0, 1.0 - 0.6e-3, 1.0 - 1.2e-3], ["c", "b", "a"], [1, 0, 2]),
        # Zeros tie among themselves; tuples of term keys as keys.
        ([0.0, 0.5, 0.0], [("b",), ("z",), ("a", "x")], [1, 2, 0]),
    ],
)
def test_rank_descending(values, keys, expected):
    assert rank_descending(values, keys) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([[0.2, 0.8], [0.8, 0.2]], [1, 0]),
        ([[0.0, 0.0], [0.5, 0.5]], [-1, 0]),
        # A two-topic post: noise either way, the first topic in order wins.
        ([[0.5 - 1e-12, 0.5 + 1e-12], [0.5 + 1e-12, 0.5 - 1e-12]], [0, 0]),
        ([[0.3, 0.35 - 1e-4, 0.35]], [1]),
        ([[0.3, 0.34, 0.36]], [2]),
    ],
)
def test_dominant_topics(rows, expected):
    assert dominant_topics(np.array(rows)) == expected


def test_tie_tolerance_is_far_from_noise_and_from_the_shown_digits():
    assert 1e-9 < TIE_TOLERANCE <= 1e-3


def test_unit_topics_is_invariant_to_the_scale_split():
    rng = np.random.default_rng(0)
    w, h = rng.uniform(0, 1, (5, 3)), rng.uniform(0, 1, (3, 7))
    h[2] = 0.0  # an empty topic stays empty, without dividing by zero
    scale = np.array([0.5, 3.0, 2.0])
    w1, h1 = unit_topics(w, h)
    w2, h2 = unit_topics(w * scale, h / scale[:, None])
    assert np.allclose(w1 @ h1, w @ h) and np.allclose(w1, w2) and np.allclose(h1, h2)
    assert h1.sum(axis=1).tolist() == pytest.approx([1.0, 1.0, 0.0])
    assert (w1[:, 2] == 0).all()


def test_given_k(docs):
    two = discover_topics(docs, k=2, n_terms=3, label_terms=2)
    assert two.k == 2 and len(two.topics) == 2
    assert two.k_stability[0][0] == 2 and len(two.k_stability) == 1
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
    assert list(data) == ["k", "k_stability", "topics", "posts"]
    assert data["k_stability"][0] == {"k": 3, "stability": pytest.approx(1.0)}
    assert [t["label"] for t in data["topics"]] == ["アプリ・カメラ・スマートフォン", "カフェ・ケーキ・コーヒー",
                                                    "シューズ・ジョギング・ペース"]
    running = data["topics"][2]
    assert running["index"] == 2 and running["n_posts"] == 4 and set(running["terms"]) == set(SUBJECTS["run"])
    assert running["weights"] == pytest.approx([1 / 8] * 8, abs=1e-6)
    assert [p["id"] for p in data["posts"][:5]] == ["run0", "run1", "run2", "run3", "food0"]
    assert [p["dominant"] for p in data["posts"]] == [2] * 4 + [1] * 4 + [0] * 4
    assert data["posts"][0]["weights"] == [0.0, 0.0, 1.0]  # rounded to 4 decimals


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


@pytest.mark.parametrize(("stability", "k"), [
    ({2: 0.5, 3: 1.0, 4: 0.6}, 3),
    ({2: 0.6632, 3: 1.0, 6: 1.0}, 3),  # as stable: the smaller k (a finer grouping is a sub-structure)
    ({2: 0.95, 3: 0.955, 4: 0.2}, 2),  # within STABILITY_TIE
    ({5: 0.0}, 5),
])
def test_choose_k_takes_the_most_stable(stability, k):
    assert choose_k(stability) == k


@pytest.mark.parametrize(("terms", "n", "label"), [
    ([], 3, []),
    (["ソフトウェア更新", "更新", "ソフトウェア", "アップデート", "端末"], 3, ["ソフトウェア更新", "アップデート", "端末"]),
    (["影響", "影響力", "SNS", "共感"], 3, ["影響", "SNS", "共感"]),  # the higher-ranked form stays
    (["影響力", "SNS"], 3, ["影響力", "SNS"]),
])
def test_a_label_shows_no_term_nested_in_another(terms, n, label):
    assert label_of(terms, n) == label


@pytest.mark.parametrize("order", [("run", "food", "tech"), ("food", "run", "tech"), ("tech", "food", "run")])
def test_subjects_recovered_in_any_post_order(docs, order):
    # The KL fit's nndsvda start can put two topics on one mixture when subjects weigh exactly the same
    # (here: food first left running and smartphones merged, a topic found twice); fit_nmf then restarts.
    by_subject = {name: [d for d in docs if d.post.id.startswith(name)] for name in SUBJECTS}
    model = discover_topics([d for name in order for d in by_subject[name]], k=3)
    assert partition(model) == EXPECTED_PARTITION
    assert [t.label for t in model.topics] == ["アプリ・カメラ・スマートフォン", "カフェ・ケーキ・コーヒー",
                                               "シューズ・ジョギング・ペース"]


def test_split_terms_sets_boilerplate_and_headings_apart():
    text = "カフェでランチ。\n【関連記事】\nPhoto by Jane Doe on Unsplash\nカフェのケーキ。"
    doc = prepare(text)
    lines = [(start, end, line_keys(line)) for start, end, line in iter_lines(text)]
    credit = line_keys("Photo by Jane Doe on Unsplash")[-1]  # the frame: <w> by <w> on <w>
    split = split_terms(doc, lines, frozenset({credit}))
    assert [key for key, _ in split.kept] == ["カフェ", "ランチ", "関連記事", "カフェ", "ケーキ"]
    assert split.alone == ("関連記事",)
    assert [(found.line, set(found.keys)) for found in split.boilerplate] == [(credit, {"photo", "jane doe",
                                                                                          "unsplash"})]
    assert topic_terms(doc, frozenset({credit})) == split.kept


@pytest.mark.parametrize(("text", "alone"), [
    ("記事執筆：山田太郎\nカフェのランチ。", ("記事執筆",)),  # a field label opening its line
    ("■販売元：Amazon.co.jp", ("販売元",)),
    ("カフェの販売元：なし", ()),  # not at the start of the line
    ("写真：山田\n写真が好き", ("写真",)),  # one occurrence of two: heading_terms weighs the share
    ("【 関連記事 】\n関連記事の話題", ("関連記事",)),
    ("・新型スマホが登場【売れ筋チェック】", ("売れ筋チェック",)),  # a bracketed tag after a linked title
    ("【速報】スマホが登場", ("速報",)),  # a tag opening a title, too
    ("スマホ【新型】が登場", ("新型",)),  # any bracketed term: heading_terms then weighs its share
    ("新型スマホが登場", ()),
])
def test_split_terms_finds_headings_and_field_labels(text, alone):
    lines = [(start, end, line_keys(line)) for start, end, line in iter_lines(text)]
    assert split_terms(prepare(text), lines).alone == alone


def _post_terms(kept: list[str], alone: list[str]) -> PostTerms:
    return PostTerms([(key, key) for key in kept], (), tuple(alone))


@pytest.mark.parametrize(("posts", "headings"), [
    # Alone on its line wherever it occurs, in five posts: a heading of the page.
    ([(["関連記事", "カメラ"], ["関連記事"])] * 5, {"関連記事"}),
    # In four posts only: too few to tell.
    ([(["関連記事", "カメラ"], ["関連記事"])] * 4, set()),
    # A section heading also written in sentences (ジョギング on a diary blog): a subject, kept.
    ([(["ジョギング", "ジョギング"], ["ジョギング"])] * 6, set()),
    ([(["関連リンク"] * 10, ["関連リンク"] * 9)] * 5, {"関連リンク"}),  # 90%
])
def test_heading_terms(posts, headings):
    assert heading_terms([_post_terms(kept, alone) for kept, alone in posts]) == headings


def test_coherent_lines_keeps_a_series_signature_not_a_site_credit():
    from scipy.sparse import csr_matrix

    # Rows 0-3 are about one subject, 4-7 about another, 8-11 about a third (unit rows).
    rows = np.zeros((12, 3))
    rows[np.arange(12), np.arange(12) // 4] = 1.0
    carriers = {"series": [0, 1, 2, 3], "credit": [0, 4, 8, 1, 5, 9]}
    assert coherent_lines(csr_matrix(rows), carriers) == {"series"}
    assert coherent_lines(csr_matrix(np.ones((4, 1)) / 1.0), {"any": [0, 1]}) == frozenset()  # all alike


MT_EXPORT = SHARED / "hatena" / "mt-export" / "yamadattt.hatenablog.jp.export.txt"


@requires_shared
def test_a_real_blog_gets_topics_without_credits_handle_or_headings():
    # 455 posts of a real blog: image credits (Photo by … on Unsplash) in 149, a Shodo signature in 40, the
    # author's handle in the domain.  None of them is a topic term, whole or inside a compound.
    from jpblog_nlp.sources.iterate import iter_posts

    model = discover_topics(list(iter_posts(MT_EXPORT)))
    words = {w.casefold() for topic in model.topics for w in (*topic.terms, *topic.label.split("・"))}
    assert not {w for w in words if any(bad in w for bad in ("unsplash", "shodo", "yamadatt", "執筆"))}
    assert words.isdisjoint({"photo", "on", "by"})
    # The chosen k is the most stable one, and every k tried is reported with its stability.
    assert [k for k, _ in model.k_stability] == list(range(3, 11))
    assert model.k == choose_k(dict(model.k_stability))
    assert all(-1.0 <= s <= 1.0 for _, s in model.k_stability)


def test_the_stability_space_does_not_carry_last_bits():
    # Another CPU's BLAS changes the last bits of the SVD; k-means amplifies them into another choice of k
    # (livedoor: stabilities moved by up to 0.007 under a 1e-12 relative change).  The points k-means sees
    # are rounded, so such a change leaves them identical.
    import numpy as np
    import scipy.sparse as sp

    from jpblog_nlp.explore.topics_fit import SEMANTIC_DECIMALS, semantic_space

    rng = np.random.default_rng(0)
    matrix = sp.csr_matrix(rng.random((300, 80)) ** 4)
    moved = matrix.copy()
    moved.data = moved.data * (1 + 1e-12 * rng.standard_normal(moved.data.shape))
    points, again = semantic_space(matrix), semantic_space(moved)
    assert points.shape == (300, 79)
    assert np.array_equal(points, again)
    assert np.array_equal(points, np.round(points, SEMANTIC_DECIMALS))
