"""Boilerplate lines: found from the corpus itself, per blog, and kept out of topic terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED, requires_shared
from jpblog_nlp.explore.boilerplate import find_boilerplate, line_keys, min_posts, own_names
from jpblog_nlp.explore.topics import discover_topics
from jpblog_nlp.text.records import Post

CREDITS = ("Photo by Andrew Haimerl (andrewnef) on Unsplash", "Photo by Bryan Goff on Unsplash",
           "Photo by Sixteen Miles Out on Unsplash", "Photo by Erik Mclean on Unsplash",
           "Photo by Yves Moret on Unsplash", "Photo by Zbynek Burival on Unsplash")
BODIES = ("今日は朝から雨だった。", "新しいキーボードを買った。", "近所の公園を散歩した。", "味噌汁を作った。",
          "映画館で映画を観た。", "図書館で本を借りた。")


def blog(lines_per_post: list[list[str]], blog_name: str = "やまだの日記") -> list[Post]:
    return [Post(id=str(i), title="", text="\n".join(lines), blog=blog_name) for i, lines in enumerate(lines_per_post)]


@pytest.mark.parametrize(("line", "keys"), [
    ("Photo by Andrew Haimerl (andrewnef) on Unsplash",
     ("photo by andrew haimerl (andrewnef) on unsplash", "<w> by <w> on <w>")),
    ("Photo by Bryan Goff on Unsplash", ("photo by bryan goff on unsplash", "<w> by <w> on <w>")),
    ("執筆：＠yamadatt　2021年12月28日", ("執筆:@yamadatt <date>",)),
    ("この記事は2021/12/28に更新　https://example.jp/a?b=1", ("この記事は<date>に更新 <url>",)),
    ("第12回　ジョギング日記です", ("第0回 ジョギング日記です",)),
    ("ジョギング", ()),  # a section heading: never compared whole
    ("Netflix", ()),
    ("Amazon Prime Video", ("amazon prime video",)),  # no grammar words: no frame
    ("", ()),
])
def test_line_keys(line: str, keys: tuple[str, ...]) -> None:
    assert line_keys(line) == keys


@pytest.mark.parametrize(("n_posts", "needed"), [(1, 5), (5, 5), (100, 5), (250, 6), (455, 10), (7367, 148)])
def test_min_posts(n_posts: int, needed: int) -> None:
    assert min_posts(n_posts) == needed


def test_credits_and_signatures_are_found_per_blog() -> None:
    posts = blog([[body, credit, "執筆：@yamadatt（この記事はShodoで執筆されました）", "ジョギング"]
                  for body, credit in zip(BODIES, CREDITS, strict=True)])
    found = find_boilerplate(posts)
    assert [(line.key, line.n_posts) for line in found.lines] == [
        ("執筆:@yamadatt(この記事はshodoで執筆されました)", 6),
        ("<w> by <w> on <w>", 5)]  # "Sixteen Miles Out": a grammar word inside a name gives another frame
    assert found.lines[1].example == "Photo by Andrew Haimerl (andrewnef) on Unsplash"
    assert found.keys("別のブログ") == frozenset()


@pytest.mark.parametrize("n_posts", [2, 4])
def test_tiny_blogs_keep_everything(n_posts: int) -> None:
    posts = blog([[BODIES[i], "執筆：@yamadatt（この記事はShodoで執筆されました）"] for i in range(n_posts)])
    assert find_boilerplate(posts).lines == ()


def test_lines_are_counted_within_one_blog() -> None:
    posts = blog([[BODIES[i], "この記事をシェアしてください"] for i in range(3)], "A") + \
        blog([[BODIES[i], "この記事をシェアしてください"] for i in range(3)], "B")
    assert find_boilerplate(posts).lines == ()


@pytest.mark.parametrize(("post", "names"), [
    (Post(id="a", title="", text="", author="yamadattt",
          url="https://yamadattt.hatenablog.jp/entry/2021/12/28/x"), {"yamadattt"}),
    (Post(id="a", title="", text="", author="山田", blog="山田ブログ", url="https://www.example.co.jp/a"),
     {"山田", "山田ブログ", "example"}),
    (Post(id="a", title="", text=""), set()),
])
def test_own_names(post: Post, names: set[str]) -> None:
    assert own_names(post) == names


def test_boilerplate_gives_no_topic_terms() -> None:
    texts = [["キーボードを買った。キーボードの打鍵感が良い。", "Photo by Bryan Goff on Unsplash"],
             ["新しいキーボードを買った。キーボードは静か。", "Photo by Erik Mclean on Unsplash"],
             ["味噌汁を作った。味噌汁は美味しい。", "Photo by Yves Moret on Unsplash"],
             ["味噌汁の出汁をとった。味噌汁が好き。", "Photo by Zbynek Burival on Unsplash"],
             ["キーボードを掃除した。キーボードが綺麗。", "Photo by Ivana Cajina on Unsplash"],
             ["味噌汁に豆腐を入れた。味噌汁を飲んだ。", "Photo by Andrew Haimerl on Unsplash"]]
    model = discover_topics(blog(texts), k=2)
    terms = {term for topic in model.topics for term in topic.terms}
    assert terms.isdisjoint({"Photo", "Unsplash", "on", "by"})
    assert {"キーボード", "味噌汁"} <= terms


MT_EXPORT = SHARED / "hatena" / "mt-export" / "yamadattt.hatenablog.jp.export.txt"


@requires_shared
def test_mt_export_topics_carry_no_credit_line_or_handle() -> None:
    from jpblog_nlp.sources.iterate import iter_posts

    model = discover_topics(list(iter_posts(Path(MT_EXPORT))))
    words = {w.casefold() for topic in model.topics for w in (*topic.terms, *topic.label.split("・"))}
    assert words.isdisjoint({"photo", "unsplash", "on", "by", "yamadatt", "yamadattt", "shodo"})
