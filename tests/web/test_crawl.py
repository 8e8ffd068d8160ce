"""Expanding blogs into posts and saving them as a corpus folder, against a real local HTTP server."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from blogserver import DATA, BlogServer, Entry, entry_page, running, serve_3qe, serve_yamadattt, sitemap_index, urlset
from jpblog_nlp import FetchError, Post, iter_posts, load_post, post_from_text
from jpblog_nlp.sources.mtexport import read_mt
from jpblog_nlp.web.client import Fetcher
from jpblog_nlp.web.crawl import crawl, fetch_posts
from jpblog_nlp.web.discover import expand
from jpblog_nlp.web.mirror import MANIFEST, Mirror, post_markdown
from jpblog_nlp.web.page import Page
from jpblog_nlp.web.report import CrawlFailure, CrawlReport
from jpblog_nlp.web.urls import is_listing_url, slug_for, url_date

FETCHED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
RUNNER = "/entry/2023/04/01/071500"
GRAFANA = "/entry/" + quote("2021/07/28/grafanaでcsvが読めないのはこれが原因かな？")
SAKE = "/entry/" + quote("2021/05/11/お酒を飲んだら、睡眠の質が下がる")
KIBOU = "/entry/" + quote("2020/11/02/希望の糸_ー_東野圭吾")
FILES = {
    "2023-04-01-071500.md",
    "2021-07-28-grafanaでcsvが読めないのはこれが原因かな.md",
    "2021-05-11-お酒を飲んだら-睡眠の質が下がる.md",
    "2020-11-02-希望の糸_ー_東野圭吾.md",
}


def now() -> datetime:
    return FETCHED_AT


def quiet_fetcher() -> Fetcher:
    """No delay, no waiting on retries."""
    return Fetcher(delay=0, backoff=0, sleep=lambda _s: None)


@pytest.fixture
def blog():
    for server in running():
        serve_yamadattt(server)
        yield server


@pytest.fixture
def archive_blog():
    """The same blog without a sitemap: posts come from the top page and /archive pages."""
    for server in running():
        serve_yamadattt(server, sitemap=False)
        yield server


@pytest.fixture
def feed_blog():
    for server in running():
        serve_3qe(server)
        yield server


# -- URLs -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://blog.3qe.us/entry/2024/09/02/223439", "2024-09-02-223439"),
        ("https://x.hatenablog.jp/entry/2021/05/11/" + quote("お酒を飲んだら、睡眠の質が下がる"),
         "2021-05-11-お酒を飲んだら-睡眠の質が下がる"),
        ("https://example.com/", "post"),
        ("https://example.com", "post"),
        ("https://example.com/../../etc/passwd", "etc-passwd"),
        ("https://example.com/entry/%2E%2E%2F%2E%2E%2Fsecret", "secret"),
        ("https://example.com/a%00b%5Cc", "a-b-c"),
        ("https://example.com/.hidden", "hidden"),
        ("https://example.com/CON", "post-CON"),
        ("https://example.com/?p=123", "p-123"),
        ("https://example.com/2019/12/31/index.html", "2019-12-31-index"),
        ("https://example.com/entry/" + quote("ＡＢＣ日記"), "ABC日記"),  # full-width letters made plain
        ("https://example.com/blog/posts/" + "a" * 300, "a" * 80),
        ("https://example.com/entry/" + quote("長" * 100), "長" * 50),  # 150 bytes at most
        ("https://example.com/entry/" + quote("🍣と🍺"), "と"),
    ],
)
def test_slug_for(url: str, slug: str) -> None:
    assert slug_for(url) == slug


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://blog.3qe.us/entry/2024/09/02/223439", "2024-09-02"),
        ("https://example.com/2019/12/31/new-year/", "2019-12-31"),
        ("https://example.com/posts/2019-02-03-title", "2019-02-03"),
        ("https://example.com/2019/13/01/x", None),
        ("https://example.com/entry/20190203", None),
        ("https://example.com/", None),
    ],
)
def test_url_date(url: str, expected: str | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("https://example.com/", True),
        ("https://example.com/archive", True),
        ("https://example.com/archive/category/生活", True),
        ("https://example.com/feed", True),
        ("https://example.com/rss", True),
        ("https://example.com/sitemap.xml", True),
        ("https://example.com/?page=2", True),
        ("https://example.com/entry/2024/09/02/223439", False),
        ("https://example.com/2019/12/31/new-year/", False),
        ("https://example.com/about-me", False),
    ],
)
def test_is_listing_url(url: str, listing: bool) -> None:
    assert is_listing_url(url) is listing


# -- expanding blogs ------------------------------------------------------------------------------------


def test_expand_through_sitemap_index(blog: BlogServer) -> None:
    report = CrawlReport()
    refs = expand(blog.url("/"), quiet_fetcher(), report=report)
    assert [(r.url, r.date, r.via) for r in refs] == [
        (blog.url(RUNNER), "2023-04-01", "sitemap"),
        (blog.url(GRAFANA), "2021-07-28", "sitemap"),
        (blog.url("/private/secret"), "2021-06-01", "sitemap"),
        (blog.url(SAKE), "2021-05-11", "sitemap"),
        (blog.url(KIBOU), "2020-11-02", "sitemap"),
    ]
    assert report.failures == ()
    # The sitemap was enough: no archive page, no feed.
    assert blog.hits("/archive") == blog.hits("/") == 0


def test_expand_through_archive_pages(archive_blog: BlogServer) -> None:
    report = CrawlReport()
    refs = expand(archive_blog.url("/"), quiet_fetcher(), report=report)
    assert [(r.url, r.via) for r in refs] == [
        (archive_blog.url(RUNNER), "archive"),
        (archive_blog.url(GRAFANA), "archive"),
        (archive_blog.url(SAKE), "archive"),
        (archive_blog.url(KIBOU), "archive"),
    ]
    assert report.failures == ()
    # /archive was walked, the top page's own pagination not (the same posts again).
    assert [p for p, _ in archive_blog.log] == [
        "/robots.txt", "/sitemap.xml", "/", "/archive", "/archive?page=2", "/feed",
    ]


def test_expand_through_feed(feed_blog: BlogServer) -> None:
    refs = expand(feed_blog.url("/"), quiet_fetcher())
    assert [(r.url, r.date, r.via) for r in refs] == [
        (feed_blog.url("/entry/2024/09/02/223439"), "2024-09-02T22:34:39+09:00", "feed"),
        (feed_blog.url("/entry/2024/08/31/035015"), "2024-08-31T03:50:15+09:00", "feed"),
        (feed_blog.url("/entry/2024/08/21/030430"), "2024-08-21T03:04:30+09:00", "feed"),
    ]


def test_expand_a_feed_or_sitemap_url_directly(blog: BlogServer, feed_blog: BlogServer) -> None:
    fetcher = quiet_fetcher()
    assert len(expand(feed_blog.url("/rss"), fetcher)) == 3
    assert [r.url for r in expand(blog.url("/sitemap_periodical.xml?year=2023"), fetcher)] == [blog.url(RUNNER)]


def test_expand_a_post_url_makes_no_request(blog: BlogServer) -> None:
    refs = expand(blog.url(RUNNER), quiet_fetcher())
    assert [(r.url, r.date, r.via) for r in refs] == [(blog.url(RUNNER), "2023-04-01", "url")]
    assert blog.log == []


def test_expand_since_and_max_posts(blog: BlogServer) -> None:
    report = CrawlReport()
    refs = expand(blog.url("/"), quiet_fetcher(), since=date(2021, 6, 1), report=report)
    assert [r.url for r in refs] == [blog.url(RUNNER), blog.url(GRAFANA), blog.url("/private/secret")]
    assert report.older == 2
    refs = expand(blog.url("/"), quiet_fetcher(), max_posts=2)
    assert [r.url for r in refs] == [blog.url(RUNNER), blog.url(GRAFANA)]


def test_expand_records_a_blog_with_nothing(blog: BlogServer) -> None:
    for empty in running():
        empty.add("/", "<html><body><p>準備中です。</p></body></html>")
        report = CrawlReport()
        assert expand([empty.url("/"), "ftp://example.com/"], quiet_fetcher(), report=report) == []
        assert report.failures == (
            CrawlFailure(empty.url("/"), "found no posts (no sitemap, archive links or feed)"),
            CrawlFailure("ftp://example.com/",
             "only http and https URLs are fetched, not ftp: (give the post's or blog's web address, starting with https://)"),
        )


# -- crawling into a corpus folder -----------------------------------------------------------------------


def test_crawl_saves_markdown_posts(blog: BlogServer, tmp_path: Path) -> None:
    report = crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    assert {p.name for p in report.saved} == FILES
    assert report.disallowed == [blog.url("/private/secret")]
    assert (report.skipped, report.failures, report.total) == (0, (), 5)
    assert blog.hits("/private/secret") == 0
    assert {p.name for p in tmp_path.iterdir()} == FILES | {MANIFEST}
    assert report.summary() == (
        f"saved 4, skipped 0, disallowed by robots.txt 1, failed 0 (9 requests) into {tmp_path}"
    )


def test_saved_file_layout(blog: BlogServer, tmp_path: Path) -> None:
    crawl(blog.url(SAKE), tmp_path, fetcher=quiet_fetcher(), now=now)
    text = (tmp_path / "2021-05-11-お酒を飲んだら-睡眠の質が下がる.md").read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0]
    assert head == (
        "---\n"
        "title: お酒を飲んだら、睡眠の質が下がる\n"
        f"url: {blog.url(SAKE)}\n"
        "date: '2021-05-11T21:30:47+09:00'\n"
        "author: yamadattt\n"
        "blog: やまだの雑記\n"
        "categories:\n"
        "- 生活\n"
        "- 体のこと\n"
        "fetched_at: '2026-01-02T03:04:05+00:00'\n"
        "---"
    )
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["posts"][blog.url(SAKE)]
    assert {k: entry[k] for k in ("file", "etag", "last_modified", "fetched_at", "final_url")} == {
        "file": "2021-05-11-お酒を飲んだら-睡眠の質が下がる.md",
        "etag": '"e1"',
        "last_modified": None,
        "fetched_at": "2026-01-02T03:04:05+00:00",
        "final_url": blog.url(SAKE),
    }
    assert len(entry["sha256"]) == 64


def test_saved_posts_read_back_as_fetched(blog: BlogServer, tmp_path: Path) -> None:
    crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    fetched = {p.url: p for p in fetch_posts(blog.url("/"), fetcher=quiet_fetcher())}
    saved = {p.url: p for p in iter_posts(tmp_path)}
    assert set(saved) == set(fetched) == {blog.url(p) for p in (RUNNER, GRAFANA, SAKE, KIBOU)}
    for url, post in fetched.items():
        back = saved[url]
        fields = ("title", "text", "url", "published", "author", "blog", "categories", "hashtags")
        assert {f: getattr(back, f) for f in fields} == {f: getattr(post, f) for f in fields}
        assert back.id == Path(back.source).stem
        assert dict(back.meta)["fetched_at"] == "2026-01-02T03:04:05+00:00"


def test_pages_read_as_the_export_reads_the_same_entries(blog: BlogServer) -> None:
    """A Hatena entry page and the MT export of the same entry give the same text and categories."""
    exported = {p.title: p for p in read_mt((DATA / "yamadattt.hatenablog.jp.export.txt").read_text(), "x", "x")}
    fetched = list(fetch_posts([blog.url(GRAFANA), blog.url(SAKE), blog.url(KIBOU)], fetcher=quiet_fetcher()))
    assert len(fetched) == 3
    for post in fetched:
        assert (post.text, post.categories, post.author) == (
            exported[post.title].text, exported[post.title].categories, exported[post.title].author
        )


def test_second_crawl_skips_what_is_saved(blog: BlogServer, tmp_path: Path) -> None:
    crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    report = crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    assert (report.saved, report.skipped, report.failures) == ([], 4, ())
    assert {blog.hits(p) for p in (RUNNER, GRAFANA, SAKE, KIBOU)} == {1}
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_deleted_file_is_fetched_again(blog: BlogServer, tmp_path: Path) -> None:
    crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    (tmp_path / "2023-04-01-071500.md").unlink()
    report = crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    assert ([p.name for p in report.saved], report.skipped) == (["2023-04-01-071500.md"], 3)


def test_refresh_uses_conditional_requests(blog: BlogServer, tmp_path: Path) -> None:
    crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    # One post changes on the server (new text, new ETag).
    changed = Entry(SAKE, "お酒を飲んだら、睡眠の質が下がる", "2021-05-11T21:30:47+09:00", ("生活",),
                    "<p>追記：お酒をやめたら睡眠の質が上がった。</p>", "yamadattt")
    blog.add(SAKE, entry_page(blog.base, changed, "やまだの雑記"), headers={"ETag": '"e1-v2"'})
    report = crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now, refresh=True)
    assert [p.name for p in report.saved] == ["2021-05-11-お酒を飲んだら-睡眠の質が下がる.md"]
    assert report.skipped == 3  # 304 Not Modified
    conditional = [h.get("If-None-Match") for p, h in blog.log if p in (RUNNER, GRAFANA, KIBOU)]
    assert conditional == [None, None, None, '"runner"', '"e0"', '"e2"']
    post = load_post(tmp_path / "2021-05-11-お酒を飲んだら-睡眠の質が下がる.md")
    assert (post.text, post.categories) == ("追記：お酒をやめたら睡眠の質が上がった。", ("生活",))
    assert len(list(tmp_path.glob("*.md"))) == 4


def test_crawl_since_and_max_posts(blog: BlogServer, tmp_path: Path) -> None:
    report = crawl(blog.url("/"), tmp_path / "since", fetcher=quiet_fetcher(), since=date(2021, 6, 1), now=now)
    assert ({p.name for p in report.saved}, report.older) == (
        {"2023-04-01-071500.md", "2021-07-28-grafanaでcsvが読めないのはこれが原因かな.md"}, 2
    )
    report = crawl(blog.url("/"), tmp_path / "max", fetcher=quiet_fetcher(), max_posts=1, now=now)
    assert [p.name for p in report.saved] == ["2023-04-01-071500.md"]
    # A bigger bound later goes on where the first run stopped.
    report = crawl(blog.url("/"), tmp_path / "max", fetcher=quiet_fetcher(), max_posts=2, now=now)
    assert ([p.name for p in report.saved], report.skipped) == (
        ["2021-07-28-grafanaでcsvが読めないのはこれが原因かな.md"], 1
    )


def test_since_also_checks_the_page_date(blog: BlogServer, tmp_path: Path) -> None:
    """A post URL without a date in it is fetched, then dropped by its page's date."""
    report = crawl(blog.url("/entry/sjis"), tmp_path, fetcher=quiet_fetcher(), since=date(2020, 1, 1), now=now)
    assert (report.saved, report.older) == ([], 1)


def test_crawl_records_failures_and_goes_on(blog: BlogServer, tmp_path: Path) -> None:
    urls = [blog.url("/entry/gone"), "javascript:alert(1)", blog.url("/entry/flaky"), blog.url("/private/secret")]
    report = crawl(urls, tmp_path, fetcher=quiet_fetcher(), now=now)
    assert [p.name for p in report.saved] == ["flaky.md"]
    assert report.disallowed == [blog.url("/private/secret")]
    assert report.failures == (
        CrawlFailure("javascript:alert(1)",
         "only http and https URLs are fetched, not javascript: (give the post's or blog's web address, starting with https://)"),
        CrawlFailure(blog.url("/entry/gone"), "HTTP 404 Not Found (the page does not exist (any more); check the URL)"),
    )
    assert report.summary() == (
        f"saved 1, skipped 0, disallowed by robots.txt 1, failed 2 (4 requests) into {tmp_path}"
    )


def test_crawl_feed_blog(feed_blog: BlogServer, tmp_path: Path) -> None:
    report = crawl(feed_blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now)
    assert {p.name for p in report.saved} == {
        "2024-09-02-223439.md", "2024-08-31-035015.md", "2024-08-21-030430.md"
    }
    post = load_post(tmp_path / "2024-09-02-223439.md")
    assert (post.title, post.published, post.categories, post.author, post.blog) == (
        "なぜDBから引くときに1000件ずつchunkingするのか、説明できますか",
        "2024-09-02T22:34:39+09:00",
        ("技術", "db"),
        "Windymelt",
        "Lambdaカクテル",
    )


def test_progress_is_called_per_post(blog: BlogServer, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    crawl(blog.url("/"), tmp_path, fetcher=quiet_fetcher(), now=now,
          progress=lambda r, url: seen.append((url, len(r.saved), r.total)))
    assert seen == [
        (blog.url(RUNNER), 1, 5),
        (blog.url(GRAFANA), 2, 5),
        (blog.url("/private/secret"), 2, 5),
        (blog.url(SAKE), 3, 5),
        (blog.url(KIBOU), 4, 5),
    ]


def test_fetch_posts_errors(blog: BlogServer) -> None:
    posts = list(fetch_posts([blog.url("/entry/gone"), blog.url("/entry/sjis")], fetcher=quiet_fetcher()))
    assert [p.title for p in posts] == ["シフトJISのページ"]
    with pytest.raises(FetchError, match="HTTP 404"):
        list(fetch_posts([blog.url("/entry/gone")], errors="raise", fetcher=quiet_fetcher()))


def test_fetch_posts_takes_a_fetcher_or_options() -> None:
    with pytest.raises(TypeError, match="either a fetcher or fetcher options"):
        list(fetch_posts("https://example.com/", fetcher=quiet_fetcher(), delay=0))


# -- file names and the manifest -------------------------------------------------------------------------


def _page(url: str) -> Page:
    return Page(url=url, status=200, content=b"", etag='"x"')


def _post(url: str, title: str, text: str) -> Post:
    return Post(id="x", title=title, text=text, url=url)


def test_colliding_slugs_never_overwrite(tmp_path: Path) -> None:
    (tmp_path / "hello.md").write_text("the user's own notes\n", encoding="utf-8")
    mirror = Mirror(tmp_path)
    a, b, c = "https://a.example/entry/hello", "https://b.example/hello", "https://c.example/hello.html"
    assert mirror.file_for(a) == "hello-" + __import__("hashlib").sha1(a.encode()).hexdigest()[:8] + ".md"
    path_a = mirror.save(a, _page(a), _post(a, "A", "本文A。"), "t")
    path_b = mirror.save(b, _page(b), _post(b, "B", "本文B。"), "t")
    path_c = mirror.save(c, _page(c), _post(c, "C", "本文C。"), "t")
    assert path_a is not None and path_b is not None and path_c is not None
    assert len({path_a, path_b, path_c, tmp_path / "hello.md"}) == 4
    assert (tmp_path / "hello.md").read_text(encoding="utf-8") == "the user's own notes\n"
    # The same URL keeps its file; an unchanged post is not rewritten.
    again = Mirror(tmp_path)
    assert again.file_for(b) == path_b.name
    assert again.save(b, _page(b), _post(b, "B", "本文B。"), "t2") is None
    assert again.save(b, _page(b), _post(b, "B", "本文B、改訂版。"), "t3") == path_b
    assert load_post(path_b).text == "本文B、改訂版。"


def test_corrupt_manifest_is_reported(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(FetchError, match=r"the fetch manifest is unreadable \(delete it to start over\)"):
        Mirror(tmp_path)


@pytest.mark.parametrize(
    "title",
    ["yes", "1.0", "null", "タイトル: 副題", "'引用' と \"二重\"", "# 見出しではない", "---", "- リスト", "@mention", "2024-01-01"],
)
def test_front_matter_quotes_any_title(title: str) -> None:
    post = Post(id="x", title=title, text="本文です。", url="https://example.com/entry/1", published="2024-01-01",
                categories=("日記", "yes"))
    text = post_markdown(post, "2026-01-02T03:04:05+00:00")
    front = yaml.safe_load(text.split("---\n")[1] if title != "---" else text[4:text.index("\n---\n", 4)])
    assert front == {
        "title": title,
        "url": "https://example.com/entry/1",
        "date": "2024-01-01",
        "categories": ["日記", "yes"],
        "fetched_at": "2026-01-02T03:04:05+00:00",
    }
    back = post_from_text(text)
    assert (back.title, back.text, back.published, back.categories) == (title, "本文です。", "2024-01-01", ("日記", "yes"))


def test_gzipped_sitemap_and_wordpress_post_links(tmp_path: Path) -> None:
    import gzip

    for server in running():
        base = server.base
        server.add("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemap.xml.gz\n", content_type="text/plain")
        rows = f"<url><loc>{base}/?p=12</loc></url><url><loc>{base}/?page=2</loc></url>"
        xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
        server.add("/sitemap.xml.gz", gzip.compress(xml.encode()), content_type="application/x-gzip")
        page = entry_page(base, Entry("/?p=12", "ワードプレスの記事", "2022-02-02T12:00:00+09:00", (), "<p>本文です。</p>"), "ブログ")
        server.add("/?p=12", page)
        report = crawl(base + "/", tmp_path, fetcher=quiet_fetcher(), now=now)
        assert ([p.name for p in report.saved], report.failures) == (["p-12.md"], ())


def test_robots_txt_429_means_wait(tmp_path: Path) -> None:
    for server in running():
        server.add("/robots.txt", "slow down", status=429, content_type="text/plain")
        report = crawl(server.url("/entry/1"), tmp_path, fetcher=quiet_fetcher(), now=now)
        # Not the site owner's decision: a failure to report (and retry later), not a robots.txt rule.
        assert (report.disallowed, report.failures) == ([], (CrawlFailure(
            server.url("/entry/1"),
            "robots.txt answered HTTP 429 Too Many Requests (as RFC 9309 asks, nothing is fetched from the site "
            "until robots.txt can be read; try again later)",
        ),))
        assert server.hits("/entry/1") == 0


SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
EXPORT = SHARED / "hatena" / "mt-export" / "yamadattt.hatenablog.jp.export.txt"


@pytest.mark.shared
@pytest.mark.skipif(not EXPORT.exists(), reason="../shared/data not present")
def test_whole_export_served_as_a_blog(tmp_path: Path) -> None:
    """All 455 entries of the real export behind a sitemap: the 30 newest are fetched and read as exported."""
    from jpblog_nlp.sources.mtexport import mt_date, split_entries

    text = EXPORT.read_text(encoding="utf-8")
    # Keyed by date: two entries share a title.
    exported = {p.published: p for p in read_mt(text, str(EXPORT), "export")}
    for server in running():
        base = server.base
        entries = []
        for n, raw in enumerate(e for e in split_entries(text, "export") if e.get("STATUS") == "Publish"):
            entry = Entry("/entry/" + quote(raw.get("BASENAME")), raw.get("TITLE"),
                          (mt_date(raw.get("DATE")) or "") + "+09:00", tuple(raw.get_all("CATEGORY")),
                          raw.sections["BODY"], raw.get("AUTHOR"))
            server.add(entry.path, entry_page(base, entry, "yamadattt"), headers={"ETag": f'"{n}"'})
            entries.append(entry)
        server.add("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemap.xml\n", content_type="text/plain")
        by_year: dict[str, list[Entry]] = {}
        for entry in entries:
            by_year.setdefault(entry.date[:4], []).append(entry)
        server.add("/sitemap.xml", sitemap_index([f"{base}/sitemap_periodical.xml?year={y}" for y in sorted(by_year)]),
                   content_type="application/xml")
        for year, group in by_year.items():
            server.add(f"/sitemap_periodical.xml?year={year}", urlset([(base + e.path, e.date[:10]) for e in group]),
                       content_type="application/xml")
        report = crawl(base + "/", tmp_path, fetcher=quiet_fetcher(), max_posts=30, now=now)
        assert (len(report.saved), report.failures, report.disallowed) == (30, (), [])
        newest = sorted(entries, key=lambda e: e.date, reverse=True)[:30]
        saved = {p.url: p for p in iter_posts(tmp_path)}
        assert set(saved) == {base + e.path for e in newest}
        for post in saved.values():
            source = exported[post.published[:19]]
            assert (post.title, post.text, post.categories) == (source.title, source.text, source.categories)


def test_crawl_failures_are_frozen_records() -> None:
    report = CrawlReport()
    report.fail("https://example.com/a", "HTTP 404")
    report.fail("https://example.com/b", "timeout")
    assert report.failures == (CrawlFailure("https://example.com/a", "HTTP 404"),
                               CrawlFailure("https://example.com/b", "timeout"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.failures[0].reason = "x"  # type: ignore[misc]
    # A (URL, reason) pair still unpacks, as `jpblog fetch` reads it.
    assert [(url, reason) for url, reason in report.failures] == [("https://example.com/a", "HTTP 404"),
                                                                   ("https://example.com/b", "timeout")]
    assert not report.ok and report.summary().endswith("failed 2 (0 requests)")
