"""Format readers: Hatena/Movable Type exports, RSS/Atom feeds, HTML pages, Markdown, plain text, folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, SHARED, requires_shared
from jpblog_nlp import load_post, post_from_text
from jpblog_nlp.errors import EmptyPostError, FormatError
from jpblog_nlp.sources import LoadFailure, iter_posts, sniff_format
from jpblog_nlp.sources.feeds import feed_date
from jpblog_nlp.sources.htmltext import html_to_text
from jpblog_nlp.sources.markdown import markdown_to_text
from jpblog_nlp.sources.mtexport import blog_domain, mt_date

DATA = Path(__file__).resolve().parents[1] / "data"
EXPORT = SHARED / "hatena" / "mt-export" / "yamadattt.hatenablog.jp.export.txt"


# ---------------------------------------------------------------- HTML → text


@pytest.mark.parametrize(
    ("html", "text", "urls"),
    [
        ("", "", ()),
        ("<p>　</p>", "", ()),
        ("<p>一つ目。</p><p>二つ目。</p>", "一つ目。\n\n二つ目。", ()),
        ("<p>一行目<br>二行目<br/>三行目</p>", "一行目\n二行目\n三行目", ()),
        ("<ul>\n<li>りんご</li>\n<li>みかん</li>\n</ul>", "りんご\nみかん", ()),
        # Source-code line wraps between Japanese characters are not spaces; between Latin words they are.
        ("<p>今日は\n晴れ。Hello\nworld</p>", "今日は晴れ。Hello world", ()),
        ("<p>x &amp; y &lt;z&gt; &#34;q&#34; &nbsp;</p>", 'x & y <z> "q"', ()),
        (
            '<p><a class="keyword" href="http://d.hatena.ne.jp/keyword/API">API</a>を呼ぶ</p>',
            "APIを呼ぶ",
            (),
        ),
        ('<p><a href="https://example.com/a">公式サイト</a>を見た</p>', "公式サイトを見た", ("https://example.com/a",)),
        (
            '<ul class="table-of-contents"><li><a href="#a">見出し</a></li></ul><h3 id="a">見出し</h3><p>本文。</p>',
            "見出し\n\n本文。",
            (),
        ),
        ('<p>前。</p><pre class="code">$ ls\n--------\n-----\n</pre><p>後。</p>', "前。\n\n後。", ()),
        ("<script>var a = 1;</script><style>p {}</style><p>本文。</p>", "本文。", ()),
        (
            '<p><span itemscope><img src="https://cdn-ak.f.st-hatena.com/images/fotolife/a/b/1.jpg" '
            'class="hatena-fotolife"></span></p><figure><img src="x.png"><figcaption>図1</figcaption></figure>'
            "<p>写真の後。</p>",
            "写真の後。",
            (),
        ),
        (
            '<p><iframe src="https://hatenablog-parts.com/embed?url=https%3A%2F%2Fexample.com%2Fentry%2F1" '
            'class="embed-card embed-blogcard"></iframe><cite class="hatena-citation">'
            '<a href="https://example.com/entry/1">example.com</a></cite></p><p>続き。</p>',
            "続き。",
            ("https://example.com/entry/1",),
        ),
        ('<div class="hatenablog-embed"><a href="https://example.org/">カード</a></div><p>本文。</p>', "本文。",
         ("https://example.org/",)),
        ('<p>刺さる<a href="#f-1" id="fn-1">*1</a>から</p>', "刺さるから", ()),
        ("<table><tr><th>名前</th><td>値</td></tr><tr><td>a</td><td>b</td></tr></table>", "名前 値\na b", ()),
        ("<blockquote><p>引用。</p></blockquote><p>地の文。", "引用。\n\n地の文。", ()),
        ("<p>😀 絵文字</p>", "😀 絵文字", ()),
    ],
)
def test_html_to_text(html: str, text: str, urls: tuple[str, ...]) -> None:
    converted = html_to_text(html)
    assert converted.text == text
    assert converted.urls == urls


# ---------------------------------------------------------------- Hatena HTML page


def test_hatena_entry_page() -> None:
    post = load_post(DATA / "hatena-entry.html")
    assert post.id == "hatena-entry"
    assert post.title == "朝のランニングを三年続けてわかったこと"
    assert post.published == "2023-03-31T22:15:00+00:00"
    assert post.url == "https://example-runner.hatenablog.com/entry/2023/04/01/071500"
    assert post.author == "example-runner"
    assert post.blog == "テスト用の走る日記"
    assert post.categories == ("ランニング", "習慣")
    assert post.urls == ("https://example-runner.hatenablog.com/entry/2022/10/01/060000",)
    assert post.text == (
        "三年前の春、健康診断の結果を見て走り始めた。\n\n"
        "きっかけ\n\n"
        "最初は一キロも走れなかった。\n"
        "それでもマラソン大会に出る友人に誘われて、毎朝外に出るようになった。\n\n"
        "続けるコツ\n\n"
        "前の晩にウェアを出しておく\n距離より回数を記録する\n\n"
        "記録には次のようなメモを使っている。\n\n"
        "詳しい練習方法は以前の記事に書いた。\n\n"
        "走る前と後では、一日の気分がまるで違う&仕事もはかどる。"
    )


def test_hatena_archive_page_gives_one_post_per_entry(tmp_path: Path) -> None:
    article = (
        '<article class="entry"><h1 class="entry-title"><a href="https://b.example/entry/{n}">記事{n}</a></h1>'
        '<time datetime="2024-01-0{n}T10:00:00+09:00"></time><div class="entry-content"><p>{body}</p></div>'
        "</article>"
    )
    page = "<html><body>" + "".join(
        article.format(n=n, body=body) for n, body in ((1, "一つ目の記事。"), (2, ""), (3, "三つ目の記事。"))
    ) + "</body></html>"
    path = tmp_path / "archive.html"
    path.write_text(page, encoding="utf-8")
    got = list(iter_posts(path, errors="yield"))
    assert [type(x).__name__ for x in got] == ["Post", "LoadFailure", "Post"]
    assert [(p.id, p.title, p.published, p.text) for p in got if not isinstance(p, LoadFailure)] == [
        ("archive#1", "記事1", "2024-01-01T10:00:00+09:00", "一つ目の記事。"),
        ("archive#3", "記事3", "2024-01-03T10:00:00+09:00", "三つ目の記事。"),
    ]
    assert got[1].source == f"{path}#2"
    assert list(iter_posts(path, errors="skip"))[1].id == "archive#3"
    with pytest.raises(EmptyPostError):
        list(iter_posts(path))


GENERIC_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>週末の読書メモ | 本と珈琲</title>
<meta name="author" content="山田花子"><meta property="og:site_name" content="本と珈琲">
<meta property="article:published_time" content="2022-06-12T09:30:00+09:00">
</head><body>
<nav><ul><li><a href="/">ホーム</a></li><li><a href="/about">プロフィール</a></li></ul></nav>
<article><h1>週末の読書メモ</h1>
<p>今週末は長編小説を一冊読み終えた。登場人物の多さに最初は戸惑ったが、中盤から一気に引き込まれた。</p>
<p>特に印象に残ったのは、主人公が故郷の駅に降り立つ場面だ。何気ない描写なのに、読んでいて胸が熱くなった。</p>
<p>来週は積んでいるエッセイ集に手をつけたい。感想はまたここに書くつもりだ。</p>
</article>
<footer><p>© 2022 本と珈琲</p></footer>
</body></html>
"""


def test_generic_html_page_through_trafilatura(tmp_path: Path) -> None:
    path = tmp_path / "reading.html"
    path.write_text(GENERIC_PAGE, encoding="utf-8")
    post = load_post(path)
    assert (post.title, post.author, post.blog, post.published) == (
        "週末の読書メモ",
        "山田花子",
        "本と珈琲",
        "2022-06-12T09:30:00+09:00",
    )
    assert post.text.split("\n")[0] == "今週末は長編小説を一冊読み終えた。登場人物の多さに最初は戸惑ったが、中盤から一気に引き込まれた。"
    assert "ホーム" not in post.text
    assert "© 2022" not in post.text


def test_html_fragment_too_short_for_trafilatura() -> None:
    post = post_from_text("<p>短い断片です。</p>", format="html")
    assert (post.title, post.text) == ("", "短い断片です。")


# ---------------------------------------------------------------- Movable Type export


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("06/08/2017 14:05:00", "2017-06-08T14:05:00"),
        ("06/08/2017 02:05:00 PM", "2017-06-08T14:05:00"),
        ("12/28/2021 07:16", "2021-12-28T07:16:00"),
        ("12/28/2021", "2021-12-28"),
    ],
)
def test_mt_date(value: str, expected: str | None) -> None:
    assert mt_date(value) == expected


@pytest.mark.parametrize("value", ["2017-06-08 14:05:00", "13/40/2017 10:00:00", "昨日"])
def test_mt_date_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        mt_date(value)


@pytest.mark.parametrize(
    ("source", "domain"),
    [
        ("yamadattt.hatenablog.jp.export.txt", "yamadattt.hatenablog.jp"),
        ("/x/y/Example.Hateblo.JP.export", "example.hateblo.jp"),
        ("stormcat24.movabletype_test.txt", None),
        ("export.txt", None),
        ("blog.export.txt#3", None),
    ],
)
def test_blog_domain(source: str, domain: str | None) -> None:
    assert blog_domain(source) == domain


def test_stormcat_export_entry() -> None:
    path = DATA / "stormcat24.movabletype_test.txt"
    assert sniff_format(path.read_text(encoding="utf-8"), ".txt") == "mt"
    posts = list(iter_posts(path))
    assert len(posts) == 1
    post = posts[0]
    assert post.id == "protogen"
    assert post.source == f"{path}#1"
    assert post.title == "Protocol BuffersのIDL（.protoファイル）をvendoringするツールを書いた"
    assert post.published == "2017-06-08T14:05:00"
    assert post.author == "a-yamada"
    assert post.url is None  # the file is not named after the blog
    assert post.categories == ("gRPC", "Microservices", "Protocol Buffers")
    assert post.urls == ("https://github.com/stormcat24/protodep", "https://freshlive.tv/")
    assert post.text.split("\n")[0] == ".protoファイルの管理方法に思いを馳せていたので書いた。"
    # Keyword links keep their words; list items are lines; code blocks are gone.
    assert "FRESH!はMicroservicesアーキテクチャでやっているが、" in post.text
    assert "iOS/AndroidからAPIへの通信をフルgRPC化\nService Meshの導入\nAmazon ECS -> Kubernetes化" in post.text
    assert "proto_outdir" not in post.text
    assert "protodep up" not in post.text
    assert dict(post.meta) == {"basename": "protogen", "status": "Publish"}


def test_export_excerpt_skips_drafts_and_survives_dash_lines_in_pre() -> None:
    path = DATA / "yamadattt.hatenablog.jp.export.txt"
    posts = list(iter_posts(path))
    assert [(p.id, p.published, p.categories, p.source.rsplit("#", 1)[1]) for p in posts] == [
        ("2021/05/11/お酒を飲んだら、睡眠の質が下がる", "2021-05-11T21:30:47", ("生活", "体のこと"), "1"),
        ("2021/07/28/grafanaでcsvが読めないのはこれが原因かな？", "2021-07-28T21:56:58", ("生活",), "2"),
        ("2020/11/02/希望の糸_ー_東野圭吾", "2020-11-02T21:58:29", ("生活",), "4"),
    ]
    sake, grafana, book = posts
    assert sake.url == "https://yamadattt.hatenablog.jp/entry/2021/05/11/お酒を飲んだら、睡眠の質が下がる"
    assert sake.author == "yamadattt"
    assert sake.text.split("\n")[0] == "お酒を飲むと、睡眠の質が下がる傾向にある。"
    assert sake.text.split("\n")[-1] == "執筆：@yamadatt （この記事はShodoで執筆されました）"
    # The <pre> with "--------" and "-----" lines neither split the entry nor leaks into the text.
    assert grafana.title == "grafanaでcsvが読めないのはこれが原因かな？"
    assert grafana.text == (
        "grafanaでcsvファイルを読み込むにはこれが必要みたい。\n\n"
        "docker-composeで書いた方がメンテもしやすそうなので書き直すかな。\n\n"
        "コンテナに入るコマンド。-uじゃないとrootになれない。\n\n"
        "起動のコマンド。\n\n"
        "Photo by Luis Monse on Unsplash"
    )
    assert grafana.urls[0] == "https://marcus.se.net/grafana-csv-datasource/configuration"
    assert dict(grafana.meta)["image"].endswith("/20210728215748.jpg")
    # Readers' comments are not the writer's text; the Amazon card is not prose either.
    assert book.title == "希望の糸 ー 東野圭吾"
    assert book.text.split("\n")[0] == "読んだ。"
    assert "神崎" not in book.text
    assert "読みましたよ" not in book.text
    assert "padoburedamas" not in book.text


def test_export_excerpt_with_drafts() -> None:
    posts = list(iter_posts(DATA / "yamadattt.hatenablog.jp.export.txt", include_drafts=True))
    assert [p.title for p in posts] == [
        "お酒を飲んだら、睡眠の質が下がる",
        "grafanaでcsvが読めないのはこれが原因かな？",
        "仕事納め",
        "希望の糸 ー 東野圭吾",
    ]
    assert dict(posts[2].meta)["status"] == "Draft"
    assert posts[2].text.split("\n")[0] == "12/27で仕事納め。"


def test_export_with_crlf_and_bom_reads_the_same(tmp_path: Path) -> None:
    original = DATA / "yamadattt.hatenablog.jp.export.txt"
    windows = tmp_path / "yamadattt.hatenablog.jp.export.txt"
    windows.write_bytes(b"\xef\xbb\xbf" + original.read_bytes().replace(b"\n", b"\r\n"))
    expected = [(p.id, p.title, p.text, p.url, p.categories) for p in iter_posts(original)]
    assert [(p.id, p.title, p.text, p.url, p.categories) for p in iter_posts(windows)] == expected
    assert len(expected) == 3


def _entry(title: str, date: str, body: str, status: str = "Publish") -> str:
    """One export entry."""
    return (
        f"AUTHOR: tester\nTITLE: {title}\nBASENAME: {title}\nSTATUS: {status}\nDATE: {date}\n"
        f"CATEGORY: 日記\nCATEGORY: テスト\n-----\nBODY:\n{body}\n-----\nEXTENDED BODY:\n\n-----\n--------\n"
    )


@pytest.fixture
def bad_export(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.export"
    path.write_text(
        _entry("one", "01/02/2020 10:00:00", "<p>一つ目。</p>")
        + _entry("two", "2020年1月3日", "<p>二つ目。</p>")
        + _entry("three", "01/04/2020 10:00:00", "<p><img src='x.png'></p>")
        + _entry("four", "01/05/2020 10:00:00", "<p>四つ目。</p><pre>\n--------\n</pre><p>続き。</p>"),
        encoding="utf-8",
    )
    return path


def test_export_bad_entries_yield_failures(bad_export: Path) -> None:
    got = list(iter_posts(bad_export, errors="yield"))
    assert [type(x).__name__ for x in got] == ["Post", "LoadFailure", "LoadFailure", "Post"]
    assert got[1].source == f"{bad_export}#2"
    assert "line 20: unknown date '2020年1月3日'" in got[1].reason
    assert got[2].source == f"{bad_export}#3"
    assert "empty" in got[2].reason
    assert (got[3].id, got[3].text, got[3].categories) == ("four", "四つ目。\n\n続き。", ("日記", "テスト"))
    assert [p.id for p in iter_posts(bad_export, errors="skip")] == ["one", "four"]
    with pytest.raises(FormatError, match="unknown date"):
        list(iter_posts(bad_export))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("TITLE: a\nDATE: 01/02/2020 10:00:00\nBODY:\n<p>x</p>\n", "line 4: expected a header line"),
        ("TITLE: a\nSTATUS: Publish\nDATE: 01/02/2020 10:00:00\n", "line 1: the entry's header is not followed"),
        ("TITLE: a\nSTATUS: Publish\nDATE: 01/02/2020 10:00:00\n-----\n<p>x</p>\n", "line 5: expected a section"),
    ],
)
def test_export_broken_structure(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.export"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as info:
        list(iter_posts(path))
    assert str(path) in str(info.value)
    # A broken structure spoils the whole file: with errors="yield" it is one failure, no posts.
    [failure] = iter_posts(path, errors="yield")
    assert isinstance(failure, LoadFailure)
    assert failure.source == str(path)


@requires_shared
def test_real_export_455_posts() -> None:
    posts = list(iter_posts(EXPORT))
    assert len(posts) == 455
    assert len({p.id for p in posts}) == 455
    first, middle, last = posts[0], posts[199], posts[-1]
    assert (first.title, first.published, first.categories) == (
        "年末年始の計画というか、やりたいこと",
        "2021-12-28T07:16:11",
        ("生活",),
    )
    assert first.url == "https://yamadattt.hatenablog.jp/entry/2021/12/28/年末年始の計画というか、やりたいこと"
    assert first.text.split("\n")[0] == "年末年始休暇の計画を書いておく。"
    assert "断捨離・片づけ\n\nゲーム機の処分" in first.text  # the table of contents is gone, the headings stay
    assert (middle.title, middle.published) == ("全裸監督Season2を観たぜ！", "2021-07-06T22:19:53")
    assert middle.text.split("\n")[0] == "Netflixで配信している全裸監督Season2を観た。"
    assert (last.title, last.published) == ("ブログを書くぜ！", "2020-10-27T19:23:06")
    assert last.text.split("\n")[0] == "新型コロナウイルスで生活が大きく変わったと感じている。"
    categories: dict[str, int] = {}
    for post in posts:
        for category in post.categories:
            categories[category] = categories.get(category, 0) + 1
    assert categories == {"生活": 415, "ガジェット": 14, "体のこと": 12, "音楽": 2}
    assert sum(1 for p in posts if not p.categories) == 14
    # No markup or entity survives the HTML → text conversion.
    assert not [p.id for p in posts if "<p>" in p.text or "&amp;" in p.text or "&quot;" in p.text]
    assert not [p.id for p in posts if "f:id:" in p.text]


# ---------------------------------------------------------------- feeds


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("Mon, 02 Sep 2024 22:34:39 +0900", "2024-09-02T22:34:39+09:00"),
        ("Mon, 02 Sep 2024 13:34:39 GMT", "2024-09-02T13:34:39+00:00"),
        ("2025-02-03T23:20:29+09:00", "2025-02-03T23:20:29+09:00"),
        ("2025-02-03T14:20:29Z", "2025-02-03T14:20:29+00:00"),
        ("2025-02-03", "2025-02-03"),
    ],
)
def test_feed_date(value: str, expected: str | None) -> None:
    assert feed_date(value) == expected


def test_rss_feed() -> None:
    path = DATA / "blog.3qe.us_rss.xml"
    posts = list(iter_posts(path))
    assert [(p.id, p.title, p.published, p.categories) for p in posts] == [
        ("2024/09/02/223439", "なぜDBから引くときに1000件ずつchunkingするのか、説明できますか",
         "2024-09-02T22:34:39+09:00", ("技術", "db")),
        ("2024/08/31/035015", "ヤモリくん", "2024-08-31T03:50:15+09:00", ("暮らし",)),
        ("2024/08/21/030430", "Scala 3のsummonって何？", "2024-08-21T03:04:30+09:00", ("scala", "scala3")),
    ]
    first = posts[0]
    assert first.url == "https://blog.3qe.us/entry/2024/09/02/223439"
    assert first.blog == "Lambdaカクテル"
    assert first.source == f"{path}#1"
    assert first.text.split("\n")[0] == (
        "MySQLやPostgreSQLといったRDBMSからデータを引いてくるとき、扱うデータの規模によっては、"
        "1000件ずつLIMITをかけて順に引いていくということがある。"
    )
    assert "刺さるから\n刺さったら困るから" in first.text  # footnote marker *1 dropped
    assert "失敗から学ぶRDBの正しい歩き方" not in first.text  # Amazon card dropped
    assert "https://dev.mysql.com/doc/refman/9.0/en/table-scan-avoidance.html" in first.urls
    assert dict(first.meta) == {"guid": "hatenablog://entry/6802340630903361364"}
    assert posts[1].text.split("\n")[0] == "数日前、マンションの廊下に出た拍子にヤモリくんが家に入ってきてどこかに行ってしまった。"


def test_atom_feed() -> None:
    posts = list(iter_posts(DATA / "blog.3qe.us_feed_atom.xml"))
    assert [(p.id, p.title, p.published, p.author, p.categories) for p in posts] == [
        ("2025/02/03/232029", "Scalaで空文字列をNoneにしたいときはfilterすると良い",
         "2025-02-03T23:20:29+09:00", "Windymelt", ("技術", "scala")),
        ("2025/02/03/033421", "文章は長ければ長いほど良いし、想いは言葉になっているほど良い",
         "2025-02-03T03:34:21+09:00", "Windymelt", ("暮らし", "日記")),
        ("2025/02/02/024328", "無印の黒文字の香りのルームフレグランスを買った",
         "2025-02-02T02:43:28+09:00", "Windymelt", ("暮らし", "物欲")),
    ]
    first = posts[0]
    assert first.blog == "Lambdaカクテル"
    # Content (not the summary) is read; code blocks are dropped, embed card URLs kept.
    assert first.text == (
        "こんな文字列があるとする:\n\nこれを、以下のような感じにしたいことはまあまあある:\n\n"
        "つまり、以下のようなルールだ:\n\n文字列sが空の場合、None。\nそれ以外の場合は、Some(s)。\n\n"
        "素朴にmatchを使うこともできる:\n\n"
        "しかしOptionにはfilterとfilterNotがあるので、先にOptionにしてからfilterすると素直に書ける:\n\n"
        "Catsを使っている場合は、.someを使える:\n\nあわせて読みたい\n\n逆のパターンはCatsで素直に書くパターンがある。"
    )
    assert first.urls == ("https://blog.3qe.us/entry/2022/05/17/153645",)


ATOM_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>ブログ</title>'


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<rss><channel><item><title>&lol;</title>'
            "</item></channel></rss>",
            "DOCTYPE or entities, refused",
        ),
        (ATOM_HEAD + "\n<entry><title>a</title>\n<content>本文</contnt></entry></feed>", "line 4, column 13: malformed XML \\(mismatched tag\\)"),
        ('<?xml version="1.0"?>\n<html><body>not a feed</body></html>', "root element <html>"),
    ],
)
def test_feed_refused(tmp_path: Path, xml: str, message: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as info:
        list(iter_posts(path))
    assert str(path) in str(info.value)


def test_feed_cdata_mentioning_doctype_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(
        '<rss version="2.0"><channel><title>B</title><item><title>HTMLの書き方</title>'
        "<link>https://b.example/p/1</link><description><![CDATA[<p>先頭に&lt;!DOCTYPE html&gt;と書く。</p>]]>"
        "</description></item></channel></rss>",
        encoding="utf-8",
    )
    [post] = iter_posts(path)
    assert (post.id, post.text, post.url) == ("https://b.example/p/1", "先頭に<!DOCTYPE html>と書く。", "https://b.example/p/1")


def test_atom_content_kinds_and_bad_item(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(
        ATOM_HEAD
        + "<author><name>書き手</name></author>"
        + '<entry><title type="html">&lt;b&gt;太字&lt;/b&gt;の題</title><published>2024-05-01T10:00:00Z</published>'
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>一段落目。</p><p>二段落目。</p></div>'
        "</content></entry>"
        "<entry><title>日付が変</title><updated>きのう</updated><content>本文。</content></entry>"
        '<entry><title>テキスト</title><updated>2024-05-03</updated><content type="text">一行目\n二行目 &lt;b&gt;</content>'
        "</entry></feed>",
        encoding="utf-8",
    )
    got = list(iter_posts(path, errors="yield"))
    assert [type(x).__name__ for x in got] == ["Post", "LoadFailure", "Post"]
    first, failure, third = got
    assert (first.id, first.title, first.text, first.author, first.published) == (
        "feed#1", "太字の題", "一段落目。\n\n二段落目。", "書き手", "2024-05-01T10:00:00+00:00",
    )
    assert failure.source == f"{path}#2"
    assert "unknown date 'きのう'" in failure.reason
    assert (third.id, third.text, third.published) == ("feed#3", "一行目\n二行目 <b>", "2024-05-03")


def test_rss1_feed(tmp_path: Path) -> None:
    path = tmp_path / "index.rdf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        '<channel rdf:about="https://d.example/"><title>古い日記</title></channel>'
        '<item rdf:about="https://d.example/20080101/1"><title>元旦</title><link>https://d.example/20080101/1</link>'
        "<dc:date>2008-01-01T09:00:00+09:00</dc:date><dc:creator>日記の人</dc:creator><dc:subject>日常</dc:subject>"
        "<content:encoded><![CDATA[<p>あけましておめでとう。</p>]]></content:encoded></item></rdf:RDF>",
        encoding="utf-8",
    )
    [post] = iter_posts(path)
    assert (post.title, post.blog, post.author, post.published, post.categories, post.text) == (
        "元旦", "古い日記", "日記の人", "2008-01-01T09:00:00+09:00", ("日常",), "あけましておめでとう。",
    )


# ---------------------------------------------------------------- Markdown


@pytest.mark.parametrize(
    ("markdown", "text", "urls"),
    [
        ("", "", []),
        ("# 見出し\n\n本文。", "見出し\n\n本文。", []),
        ("## 閉じる見出し ##", "閉じる見出し", []),
        ("#タグ付きの行", "#タグ付きの行", []),
        ("- 項目一\n* 項目二\n+ 項目三\n1. 番号付き\n2) 番号付き二", "項目一\n項目二\n項目三\n番号付き\n番号付き二", []),
        ("- [x] 済んだ\n- [ ] まだ", "済んだ\nまだ", []),
        ("![写真](https://example.com/a.jpg)\n本文。", "\n本文。", []),
        ("[公式サイト](https://example.com/ \"題\")を見た。", "公式サイトを見た。", ["https://example.com/"]),
        ("[参照][1]を見て。\n\n[1]: https://example.org/ref", "参照を見て。\n", ["https://example.org/ref"]),
        ("詳しくは<https://example.com/x>を参照。", "詳しくは https://example.com/x を参照。", ["https://example.com/x"]),
        ("**太字**と*斜体*と~~取消~~と`code`。", "太字と斜体と取消とcode。", []),
        ("> 引用です。\n> > 入れ子。", "引用です。\n入れ子。", []),
        ("前。\n\n```python\nprint('--------')\n```\n後。", "前。\n\n後。", []),
        ("前。\n\n~~~\n---\n~~~\n後。", "前。\n\n後。", []),
        ("前。\n\n    indented code\n\n後。", "前。\n\n\n後。", []),
        ("段落。\n\n---\n\n次。", "段落。\n\n\n次。", []),
        ("一行<br>二行<!-- メモ -->", "一行\n二行", []),
        ("3 * 4 = 12 と 5*6", "3 * 4 = 12 と 5*6", []),
    ],
)
def test_markdown_to_text(markdown: str, text: str, urls: list[str]) -> None:
    assert markdown_to_text(markdown) == (text, urls)


BLOGSYNC = """---
Title: ブログを書くぜ！
Date: 2020-10-27T19:23:06+09:00
URL: https://yamadattt.hatenablog.jp/entry/2020/10/27/192306
EditURL: https://blog.hatena.ne.jp/yamadattt/yamadattt.hatenablog.jp/atom/entry/26006613646017061
Category:
- 生活
- ブログ
Draft: false
---

# はじめに

新型コロナウイルスで**生活**が大きく変わったと感じている。

![写真](https://example.com/a.jpg)

- [はてなブログ](https://hatenablog.com/)で書いている。
"""


def test_markdown_blogsync(tmp_path: Path) -> None:
    path = tmp_path / "192306.md"
    path.write_text(BLOGSYNC, encoding="utf-8")
    post = load_post(path)
    assert post.id == "192306"
    assert post.title == "ブログを書くぜ！"
    assert post.published == "2020-10-27T19:23:06+09:00"
    assert post.url == "https://yamadattt.hatenablog.jp/entry/2020/10/27/192306"
    assert post.categories == ("生活", "ブログ")
    assert post.text == "はじめに\n\n新型コロナウイルスで生活が大きく変わったと感じている。\n\nはてなブログで書いている。"
    assert post.urls == ("https://hatenablog.com/",)
    assert dict(post.meta) == {
        "EditURL": "https://blog.hatena.ne.jp/yamadattt/yamadattt.hatenablog.jp/atom/entry/26006613646017061"
    }


def test_markdown_site_generator_keys(tmp_path: Path) -> None:
    path = tmp_path / "post.markdown"
    path.write_text(
        "---\ntitle: \"旅行記: 京都\"\ndate: 2023-11-03\nauthor: 花子\ncategories: 旅\ntags: [京都, 紅葉]\n"
        "slug: kyoto\n---\n紅葉がきれいだった。\n",
        encoding="utf-8",
    )
    post = load_post(path)
    assert (post.title, post.published, post.author, post.categories, dict(post.meta), post.text) == (
        "旅行記: 京都", "2023-11-03", "花子", ("旅", "京都", "紅葉"), {"slug": "kyoto"}, "紅葉がきれいだった。",
    )


def test_markdown_without_front_matter() -> None:
    post = post_from_text("# 題\n\n本文です。\n", format="markdown")
    assert (post.title, post.text) == ("", "題\n\n本文です。")


def test_markdown_draft(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nTitle: 下書き\nDraft: yes\n---\n書きかけ。\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: 公開\ndraft: false\n---\n公開済み。\n", encoding="utf-8")
    assert [p.title for p in iter_posts(tmp_path)] == ["公開"]
    assert [p.title for p in iter_posts(tmp_path, include_drafts=True)] == ["下書き", "公開"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: a\ndate: [2020\n---\n本文。\n", r"line 3: broken YAML front matter"),
        ("---\ntitle: ok\ntitle2: a: b\n---\n本文。\n", r"line 3: broken YAML front matter \(mapping values"),
        ("---\ntitle: never closed\n\n本文。\n", r"line 1: the front matter opened by '---' is never closed"),
        ("---\n- a\n- b\n---\n本文。\n", r"lines 2-3: the front matter is a list"),
    ],
)
def test_markdown_broken_front_matter(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as info:
        load_post(path)
    assert str(info.value).startswith(f"{path}: ")


# ---------------------------------------------------------------- plain text and folders


def test_sample_post_title_and_blog() -> None:
    post = load_post(CORPUS / "itochan-influence.txt")
    assert post.title == "【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる"
    assert post.blog == "イトーちゃんのあたまの中"
    assert dict(post.meta) == {"subtitle": "会社員2.0を目指して日々奮闘するイトーちゃんのあたまの中を公開します"}
    assert post.text.split("\n")[0] == "みなさんごきげんよう"


def test_livedoor_article_header() -> None:
    post = load_post(CORPUS / "livedoor" / "dokujo-tsushin" / "dokujo-tsushin-4778030.txt")
    assert post.url == "http://news.livedoor.com/article/detail/4778030/"
    assert post.published == "2010-05-22T14:30:00+09:00"
    assert post.title == "友人代表のスピーチ、独女はどうこなしている？"


def test_iter_posts_corpus() -> None:
    posts = list(iter_posts(CORPUS))
    assert len(posts) == 21
    assert all(not isinstance(p, LoadFailure) for p in posts)
    assert posts[0].source == str(CORPUS / "itochan-influence.txt")


def test_iter_posts_folder_with_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("題\n\n一つ目の記事です。\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: [broken\n---\n本文。\n", encoding="utf-8")
    (tmp_path / "c.html").write_text('<div class="entry-content"><p>三つ目。</p></div>', encoding="utf-8")
    (tmp_path / "d.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # unsupported suffix: not even tried
    got = list(iter_posts(tmp_path, errors="yield"))
    assert [type(x).__name__ for x in got] == ["Post", "LoadFailure", "Post"]
    assert got[1].source == str(tmp_path / "b.md")
    assert "line 2: broken YAML front matter" in got[1].reason
    assert [p.text for p in got if not isinstance(p, LoadFailure)] == ["一つ目の記事です。", "三つ目。"]
    assert [p.id for p in iter_posts(tmp_path, errors="skip")] == ["a", "c"]
    with pytest.raises(FormatError):
        list(iter_posts(tmp_path))


def test_discover_files_skips_corpus_notes(tmp_path):
    from jpblog_nlp.sources import discover_files

    for name in ("post.txt", "LICENSE.txt", "README.md", "SOURCES.md", "credits.md", ".hidden.txt", "notes.md"):
        (tmp_path / name).write_text("本文です。", encoding="utf-8")
    assert [p.name for p in discover_files(tmp_path)] == ["notes.md", "post.txt"]
