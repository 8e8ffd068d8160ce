"""Keyness of terms and themes between groups of posts."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from jpblog_nlp.errors import InputError
from jpblog_nlp.explore.compare import (
    COLUMNS,
    author_of,
    category_of,
    compare_groups,
    log_likelihood,
    log_ratio,
    term_keyness,
    to_frame,
    year_of,
)
from jpblog_nlp.text.records import Post

TEXTS = {
    "food": ["カフェでランチを食べた。カフェのケーキが美味しい。", "駅前のカフェでコーヒー。カフェ巡りが趣味。",
             "カフェのパスタとケーキ。ランチは毎日カフェ。"],
    "tech": ["スマートフォンのアプリを作った。アプリの画面が綺麗。", "新しいアプリでカメラを使う。スマートフォンの充電。",
             "アプリの開発は楽しい。アプリを公開した。"],
    "run": ["ランニングで汗をかいた。マラソン大会に出る。", "ランニングシューズを買った。ランニングは楽しい。",
            "毎朝ランニング。マラソンの練習。"],
}
YEARS = {"food": "2019-05-01", "tech": "2020-01-02T10:00:00+09:00", "run": None}


def corpus() -> list[Post]:
    return [
        Post(id=f"{group}{i}", title="", text=text, categories=(group,), published=YEARS[group],
             author="alice" if group == "food" else "bob")
        for group, texts in TEXTS.items()
        for i, text in enumerate(texts)
    ]


@pytest.mark.parametrize(
    ("a", "b", "c", "d", "g2", "ratio"),
    [
        (0, 0, 100, 100, 0.0, 0.0),
        (5, 5, 100, 100, 0.0, 0.0),
        (10, 0, 100, 100, 13.8629, 4.3219),  # 2 * 10 ln 2; log2(0.1 / 0.005): 0.5 stands for the zero
        (0, 10, 100, 100, 13.8629, -4.3219),
        (20, 10, 100, 200, 13.8629, 2.0),  # E = 10 and 20: 2 (20 ln 2 + 10 ln 0.5)
        (5, 0, 12, 21, 10.1160, 4.1293),
    ],
)
def test_log_likelihood_and_ratio(a, b, c, d, g2, ratio):
    assert math.isclose(log_likelihood(a, b, c, d), g2, abs_tol=1e-4)
    assert math.isclose(log_ratio(a, b, c, d), ratio, abs_tol=1e-4)


@pytest.mark.parametrize(
    ("post", "category", "year", "author"),
    [
        (Post(id="a", title="", text="x", categories=("日記", "旅")), "日記", "(unknown)", "(unknown)"),
        (Post(id="a", title="", text="x", source="/data/livedoor/smax/smax-1.txt", published="2012-02-19T13:00"),
         "smax", "2012", "(unknown)"),
        (Post(id="a", title="", text="x", source="export.txt#3", published="20xx", author="イトー"),
         "(none)", "(unknown)", "イトー"),
        (Post(id="a", title="", text="x", source="https://example.com/a/b"), "(none)", "(unknown)", "(unknown)"),
    ],
)
def test_groupings(post, category, year, author):
    assert (category_of(post), year_of(post), author_of(post)) == (category, year, author)


def test_top_term_and_theme_per_category():
    rows = compare_groups(corpus(), "category", top=3, min_count=2)
    firsts = {}
    for row in rows:
        firsts.setdefault((row.group, row.kind), row)
    assert {k: (r.item, r.count, r.rest, r.g2, r.log_ratio) for k, r in firsts.items()} == {
        ("food", "term"): ("カフェ", 4, 0, 6.86, 3.441),
        ("food", "theme"): ("food", 6, 0, 13.183, 4.585),
        ("run", "term"): ("ランニング", 2, 0, 6.202, 3.893),
        ("run", "theme"): ("health", 6, 0, 13.183, 4.585),
        ("tech", "term"): ("アプリ", 5, 0, 10.116, 4.129),
        ("tech", "theme"): ("technology", 6, 0, 13.183, 4.585),
    }
    assert firsts[("run", "theme")].label == "健康・運動"
    assert [r.group for r in rows] == sorted(r.group for r in rows)
    assert all(r.sign == 1 and r.g2 >= 3.84 for r in rows)


def test_negative_and_terms_only():
    rows = compare_groups(corpus(), "category", include_themes=False, negative=True, min_count=2, top=50)
    assert {r.kind for r in rows} == {"term"}
    food_negative = [r.item for r in rows if r.group == "food" and r.sign == -1]
    assert food_negative == ["アプリ"]


def test_by_year_and_author():
    years = compare_groups(corpus(), "year", include_themes=False, min_count=2)
    assert sorted({r.group for r in years}) == ["(unknown)", "2019", "2020"]
    by_author = compare_groups(corpus(), "author", include_themes=False, min_count=2, top=1)
    assert [(r.group, r.item) for r in by_author] == [("alice", "カフェ"), ("bob", "アプリ")]


def test_custom_grouping_function():
    rows = compare_groups(corpus(), lambda post: post.id[:1], include_themes=False, min_count=2, top=1)
    assert [(r.group, r.item) for r in rows] == [("f", "カフェ"), ("r", "ランニング"), ("t", "アプリ")]


def test_to_frame():
    frame = to_frame(compare_groups(corpus(), top=1, min_count=2))
    assert list(frame.columns) == list(COLUMNS)
    assert frame.iloc[0]["item"] == "カフェ"


@pytest.mark.parametrize(
    ("by", "posts", "message"),
    [
        ("colour", corpus(), "unknown grouping 'colour'"),
        ("category", corpus()[:3], "comparison needs at least two groups, found 1"),
    ],
)
def test_errors(by, posts, message):
    with pytest.raises(InputError) as err:
        compare_groups(posts, by)
    assert err.value.message == message


# -- keyness from counts (the batch's stored term lists) -------------------------------------------------------


@pytest.mark.parametrize(("counts", "expected"), [
    ({}, []),
    ({"2020": Counter({"ラーメン": 5})}, []),  # one group: no rest to compare with
    # ラーメン: 10 of 20 against 0 of 20: G² = 2·10·ln(10/5) = 13.863, log2((10/20)/(0.5/20)) = 4.322;
    # 天気, as frequent in both: no row.
    ({"2020": Counter({"ラーメン": 10, "天気": 10}), "2021": Counter({"ジョギング": 10, "天気": 10})},
     [("2020", "ラーメン", 10, 0, 13.863, 4.322), ("2021", "ジョギング", 10, 0, 13.863, 4.322)]),
    # Seen twice in the corpus: below min_count 3.
    ({"a": Counter({"子猫": 2, "天気": 20}), "b": Counter({"天気": 20})}, []),
])
def test_term_keyness_from_counts(counts, expected):
    forms = {key: Counter({key: 1}) for c in counts.values() for key in c}
    rows = term_keyness(counts, forms)
    assert [(r.group, r.item, r.count, r.rest, r.g2, r.log_ratio) for r in rows] == expected
    assert all(r.norm == r.item and r.sign == 1 and r.kind == "term" for r in rows)


def test_term_keyness_shows_the_most_frequent_form_and_keeps_the_key():
    counts = {"a": Counter({"iphone": 9}), "b": Counter({"天気": 9})}
    forms = {"iphone": Counter({"iPhone": 5, "IPHONE": 4}), "天気": Counter({"天気": 9})}
    rows = term_keyness(counts, forms, top=1)
    assert [(r.group, r.item, r.norm) for r in rows] == [("a", "iPhone", "iphone"), ("b", "天気", "天気")]


def test_term_keyness_agrees_with_compare_groups():
    from jpblog_nlp.explore.topics import topic_terms
    from jpblog_nlp.text.document import prepare

    counts: dict[str, Counter[str]] = {}
    forms: dict[str, Counter[str]] = {}
    for post in corpus():
        for key, text in topic_terms(prepare(post)):
            counts.setdefault(post.categories[0], Counter())[key] += 1
            forms.setdefault(key, Counter())[text] += 1
    direct = compare_groups(corpus(), "category", include_themes=False)
    assert term_keyness(counts, forms) == direct
