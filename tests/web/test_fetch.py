"""The polite HTTP client, against a real HTTP server on localhost (no test touches the internet)."""

from __future__ import annotations

import codecs
from datetime import datetime, timezone

import pytest
import requests

from blogserver import SJIS_TEXT, BlogServer, running, serve_yamadattt
from jpblog_nlp import FetchError
from jpblog_nlp.web.charset import declared_charset, decode_page
from jpblog_nlp.web.client import (
    USER_AGENT,
    Fetcher,
    RobotsDisallowed,
    RobotsUnavailable,
    retry_after_seconds,
    user_agent,
)
from jpblog_nlp.web.fetch import fetch_post
from jpblog_nlp.web.urls import check_url


class FakeClock:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


class RecordingSession(requests.Session):
    """A session noting, by the fake clock, when each request starts."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock
        self.starts: list[tuple[float, str]] = []

    def get(self, url, **kwargs):  # type: ignore[override]
        self.starts.append((self.clock.now, url.rsplit("/", 1)[-1]))
        return super().get(url, **kwargs)


@pytest.fixture
def blog():
    """A fresh server serving blog "yamadattt" and the odd pages."""
    for server in running():
        serve_yamadattt(server)
        yield server


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fetcher(clock: FakeClock) -> Fetcher:
    """No politeness delay, a fake clock: tests never wait."""
    return Fetcher(delay=0, backoff=0.5, sleep=clock.sleep, clock=clock)


# -- pure functions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "file:///etc/passwd",
        "ftp://example.com/post.txt",
        "javascript:alert(1)",
        "data:text/html,<p>本文</p>",
        "example.com/entry/1",
        "//example.com/entry/1",
        "http://",
        "mailto:someone@example.com",
    ],
)
def test_check_url_refuses_everything_but_http(url: str) -> None:
    with pytest.raises(FetchError, match=r"only http and https|names no host"):
        check_url(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.com", "https://Example.com/"),
        ("http://example.com/entry/2024/01/01/000000#comments", "http://example.com/entry/2024/01/01/000000"),
        ("  https://example.com/?page=2  ", "https://example.com/?page=2"),
        ("https://example.com/entry/%E6%97%A5%E8%A8%98", "https://example.com/entry/%E6%97%A5%E8%A8%98"),
    ],
)
def test_check_url_normalizes(url: str, expected: str) -> None:
    assert check_url(url) == expected


def test_user_agent_is_honest() -> None:
    assert USER_AGENT == "jpblog-nlp/0.1.0 (+https://example.invalid/jpblog-nlp)"
    assert user_agent(None) == USER_AGENT
    assert user_agent("  ") == USER_AGENT
    assert user_agent("me@example.com") == "jpblog-nlp/0.1.0 (+https://example.invalid/jpblog-nlp; me@example.com)"
    # Parentheses and semicolons would end the comment early; line breaks would split the header.
    assert user_agent("me (at)\nexample.com;x") == "jpblog-nlp/0.1.0 (+https://example.invalid/jpblog-nlp; me at example.com x)"


NOW = datetime(2015, 10, 21, 7, 27, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("soon", None),
        ("0", 0.0),
        ("120", 120.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0),
        ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),  # in the past: no wait
    ],
)
def test_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value, now=NOW) == expected


@pytest.mark.parametrize(
    ("content", "header", "expected"),
    [
        (b"<html><p>x</p>", None, None),
        (b"<html><p>x</p>", "Shift_JIS", "cp932"),
        (b"<html><p>x</p>", "x-unknown-charset", None),
        (b'<meta charset="shift_jis"><p>x</p>', None, "cp932"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">', None, "euc_jp"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?><rss/>', None, "cp932"),
        (b'<meta charset="utf-8">', "euc-jp", "euc_jp"),  # the header wins over the page
    ],
)
def test_declared_charset(content: bytes, header: str | None, expected: str | None) -> None:
    assert declared_charset(content, header) == expected


@pytest.mark.parametrize(
    ("content", "header", "expected"),
    [
        ("<p>日本語の本文</p>".encode("cp932"), "Shift_JIS", ("<p>日本語の本文</p>", "cp932")),
        ('<meta charset="EUC-JP"><p>日本語</p>'.encode("euc_jp"), None, ('<meta charset="EUC-JP"><p>日本語</p>', "euc_jp")),
        # No declaration: detected.
        ("<p>文字コードの宣言がない古いページ。</p>".encode("cp932"), None, ("<p>文字コードの宣言がない古いページ。</p>", "cp932")),
        # A BOM wins over a wrong declaration.
        (codecs.BOM_UTF8 + "<p>本文</p>".encode(), "Shift_JIS", ("<p>本文</p>", "utf-8-sig")),
        # Declared UTF-8 that is not: detection takes over.
        ("<p>ひらがなとカタカナ。</p>".encode("euc_jp"), "utf-8", ("<p>ひらがなとカタカナ。</p>", "euc_jp")),
    ],
)
def test_decode_page(content: bytes, header: str | None, expected: tuple[str, str]) -> None:
    assert decode_page(content, header, "http://example.com/") == expected


def test_decode_page_refuses_binary() -> None:
    with pytest.raises(FetchError, match="binary"):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00", None, "http://example.com/a.png")


def test_fetcher_refuses_bad_options() -> None:
    with pytest.raises(FetchError, match="delay and retries"):
        Fetcher(delay=-1)


# -- against the local server ---------------------------------------------------------------------------


def test_fetch_post_reads_a_hatena_entry(blog: BlogServer, fetcher: Fetcher) -> None:
    post = fetch_post(blog.url("/entry/flaky"), fetcher=fetcher)
    assert (post.title, post.published, post.categories, post.text) == (
        "一度失敗するページ",
        "2024-01-05T10:00:00+09:00",
        ("テスト",),
        "二度目の取得で読めるページです。",
    )
    assert post.url == blog.url("/entry/flaky")
    assert post.source == blog.url("/entry/flaky")


def test_user_agent_header_is_sent(blog: BlogServer, clock: FakeClock) -> None:
    fetcher = Fetcher(delay=0, sleep=clock.sleep, clock=clock, contact="me@example.com")
    fetcher.get(blog.url("/about"))
    agents = {headers["User-Agent"] for _, headers in blog.log}
    assert agents == {"jpblog-nlp/0.1.0 (+https://example.invalid/jpblog-nlp; me@example.com)"}


def test_shift_jis_page_is_decoded(blog: BlogServer, fetcher: Fetcher) -> None:
    post = fetch_post(blog.url("/entry/sjis"), fetcher=fetcher)
    assert (post.title, post.text, post.categories) == ("シフトJISのページ", SJIS_TEXT, ("古い記事",))


def test_robots_disallowed_page_is_never_requested(blog: BlogServer, fetcher: Fetcher) -> None:
    with pytest.raises(RobotsDisallowed, match=r"/private/secret: robots.txt of the site disallows it"):
        fetcher.get(blog.url("/private/secret"))
    assert blog.hits("/private/secret") == 0
    assert blog.hits("/robots.txt") == 1


def test_redirect_into_a_disallowed_path_is_not_followed(blog: BlogServer, fetcher: Fetcher) -> None:
    with pytest.raises(RobotsDisallowed):
        fetcher.get(blog.url("/entry/to-private"))
    assert blog.hits("/private/secret") == 0


def test_redirect_to_another_scheme_is_refused(blog: BlogServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match=r"redirected to a URL we do not fetch \(only http and https URLs are fetched, not file:"):
        fetcher.get(blog.url("/entry/to-file"))


def test_redirect_loop_stops_after_five(blog: BlogServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(blog.url("/entry/loop"))
    assert blog.hits("/entry/loop") == 6


def test_redirect_is_followed_and_final_url_kept(blog: BlogServer, fetcher: Fetcher) -> None:
    page = fetcher.get(blog.url("/entry/moved"))
    assert (page.status, page.url, page.requested_url) == (200, blog.url("/entry/flaky"), blog.url("/entry/moved"))


def test_503_is_retried_honouring_retry_after(blog: BlogServer, fetcher: Fetcher, clock: FakeClock) -> None:
    page = fetcher.get(blog.url("/entry/flaky"))
    assert page.status == 200
    assert blog.hits("/entry/flaky") == 2
    assert clock.sleeps == [1.0]  # Retry-After: 1, longer than the first backoff (0.5 s)


def test_persistent_503_fails_after_backoff(blog: BlogServer, clock: FakeClock) -> None:
    fetcher = Fetcher(delay=0, retries=3, backoff=0.5, sleep=clock.sleep, clock=clock)
    with pytest.raises(FetchError, match=r"/entry/down: HTTP 503 Service Unavailable \(the server is busy"):
        fetcher.get(blog.url("/entry/down"))
    assert blog.hits("/entry/down") == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_long_retry_after_is_not_waited_for(blog: BlogServer, fetcher: Fetcher, clock: FakeClock) -> None:
    with pytest.raises(FetchError, match=r"HTTP 429: the server asks to wait 3600 s before retrying \(try again later\)"):
        fetcher.get(blog.url("/entry/throttled"))
    assert blog.hits("/entry/throttled") == 1
    assert clock.sleeps == []


def test_404_says_what_to_do(blog: BlogServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as info:
        fetcher.get(blog.url("/entry/gone"))
    assert str(info.value) == (
        f"{blog.url('/entry/gone')}: HTTP 404 Not Found (the page does not exist (any more); check the URL)"
    )


def test_hanging_page_times_out(blog: BlogServer, clock: FakeClock) -> None:
    fetcher = Fetcher(delay=0, timeout=0.5, retries=1, sleep=clock.sleep, clock=clock)
    with pytest.raises(FetchError, match=r"/entry/slow: timed out after 2 attempts"):
        fetcher.get(blog.url("/entry/slow"))


@pytest.mark.parametrize("path", ["/entry/big", "/entry/big-stream"])
def test_size_cap(blog: BlogServer, clock: FakeClock, path: str) -> None:
    fetcher = Fetcher(delay=0, max_bytes=100_000, sleep=clock.sleep, clock=clock)
    with pytest.raises(FetchError, match="the response is bigger than 97 KB"):
        fetcher.get(blog.url(path))


def test_conditional_request_gets_304(blog: BlogServer, fetcher: Fetcher) -> None:
    first = fetcher.get(blog.url("/entry/2023/04/01/071500"))
    assert (first.status, first.etag) == (200, '"runner"')
    again = fetcher.get(blog.url("/entry/2023/04/01/071500"), etag=first.etag, last_modified="Sat, 01 Apr 2023 00:00:00 GMT")
    assert (again.not_modified, again.content) == (True, b"")
    headers = blog.log[-1][1]
    assert (headers["If-None-Match"], headers["If-Modified-Since"]) == ('"runner"', "Sat, 01 Apr 2023 00:00:00 GMT")


def test_connection_refused(clock: FakeClock) -> None:
    server = BlogServer()
    url = server.url("/entry/1")
    server.close()  # nothing listens on the port any more
    fetcher = Fetcher(delay=0, retries=1, backoff=0.5, sleep=clock.sleep, clock=clock, obey_robots=False)
    with pytest.raises(FetchError, match=r"could not connect after 2 attempts \(check the address"):
        fetcher.get(url)
    assert clock.sleeps == [0.5]


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(404, True), (410, True), (401, False), (403, False), (500, False)],
)
def test_robots_txt_status(status: int, allowed: bool, clock: FakeClock) -> None:
    for server in running():
        server.add("/robots.txt", "nope", status=status, content_type="text/plain")
        server.add("/entry/1", "<p>本文。</p>")
        fetcher = Fetcher(delay=0, retries=0, sleep=clock.sleep, clock=clock)
        assert fetcher.allowed(server.url("/entry/1")) is allowed
        if not allowed:
            with pytest.raises(RobotsDisallowed):
                fetcher.get(server.url("/entry/1"))
            assert server.hits("/entry/1") == 0


def test_unreadable_robots_txt_is_explained(clock: FakeClock) -> None:
    for server in running():
        server.add("/robots.txt", "down", status=500, content_type="text/plain")
        fetcher = Fetcher(delay=0, retries=0, sleep=clock.sleep, clock=clock)
        with pytest.raises(RobotsUnavailable) as info:
            fetcher.get(server.url("/entry/1"))
        assert str(info.value) == (
            f"{server.url('/entry/1')}: robots.txt answered HTTP 500 Internal Server Error (as RFC 9309 asks, "
            "nothing is fetched from the site until robots.txt can be read; try again later)"
        )


def test_one_request_per_second_per_host(blog: BlogServer, clock: FakeClock) -> None:
    session = RecordingSession(clock)
    fetcher = Fetcher(sleep=clock.sleep, clock=clock, session=session)  # default delay: 1 s
    fetcher.get(blog.url("/about"))
    fetcher.get(blog.url("/entry/sjis"))
    assert session.starts == [(0.0, "robots.txt"), (1.0, "about"), (2.0, "sjis")]
    assert clock.sleeps == [1.0, 1.0]


def test_crawl_delay_of_robots_txt_is_honoured(clock: FakeClock) -> None:
    for server in running():
        server.add("/robots.txt", "User-agent: *\nCrawl-delay: 3\n", content_type="text/plain")
        server.add("/a", "<p>一。</p>")
        server.add("/b", "<p>二。</p>")
        session = RecordingSession(clock)
        fetcher = Fetcher(delay=1, sleep=clock.sleep, clock=clock, session=session)
        fetcher.get(server.url("/a"))
        fetcher.get(server.url("/b"))
        assert session.starts == [(0.0, "robots.txt"), (3.0, "a"), (6.0, "b")]


def test_robots_rules_for_our_agent(clock: FakeClock) -> None:
    for server in running():
        server.add("/robots.txt", "User-agent: jpblog-nlp\nDisallow: /\n\nUser-agent: *\nDisallow:\n",
                   content_type="text/plain")
        fetcher = Fetcher(delay=0, sleep=clock.sleep, clock=clock)
        assert fetcher.allowed(server.url("/entry/1")) is False


GENERIC_PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>梅雨の晴れ間に布団を干す | 暮らしのメモ</title>
<meta property="article:published_time" content="2022-06-20T08:00:00+09:00"><meta name="author" content="山田花子">
</head><body><nav><a href="/">ホーム</a> <a href="/about">プロフィール</a></nav>
<article><h1>梅雨の晴れ間に布団を干す</h1>
<p>六月の半ば、久しぶりに朝から青空が広がった。天気予報によると午後まで晴れが続くらしい。</p>
<p>急いでベランダに布団を干し、ついでにシーツとカバーも洗濯した。乾いた布団はふかふかで、夜はすぐに眠れた。</p>
<p>次の晴れの日には、冬物のコートも虫干ししようと思う。</p></article>
<footer><p>© 2022 暮らしのメモ</p></footer></body></html>"""


def test_fetch_post_reads_any_blog_page(fetcher: Fetcher) -> None:
    """A page that is not Hatena's goes through main-text extraction: menus and footer are dropped."""
    for server in running():
        server.add("/robots.txt", "", content_type="text/plain")
        server.add("/2022/06/20/futon", GENERIC_PAGE)
        post = fetch_post(server.url("/2022/06/20/futon"), fetcher=fetcher)
        assert (post.title, post.published, post.author, post.url) == (
            "梅雨の晴れ間に布団を干す", "2022-06-20T08:00:00+09:00", "山田花子", server.url("/2022/06/20/futon")
        )
        assert post.text == (
            "六月の半ば、久しぶりに朝から青空が広がった。天気予報によると午後まで晴れが続くらしい。\n"
            "急いでベランダに布団を干し、ついでにシーツとカバーも洗濯した。乾いた布団はふかふかで、夜はすぐに眠れた。\n"
            "次の晴れの日には、冬物のコートも虫干ししようと思う。"
        )


def test_fetch_post_of_an_empty_page(fetcher: Fetcher) -> None:
    for server in running():
        server.add("/robots.txt", "", content_type="text/plain")
        server.add("/empty", "<html><body><img src='a.png'></body></html>")
        with pytest.raises(FetchError, match=r"/empty: no readable post in the page: the post is empty"):
            fetch_post(server.url("/empty"), fetcher=fetcher)
