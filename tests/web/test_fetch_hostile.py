"""``jpblog fetch`` against hostile or broken servers, all on a loopback server (issue 20).

Bounds are by design and asserted as such: a trickling server is cut by the request deadline (not
retried), a Crawl-delay past ``max_wait`` is refused without sleeping, a malformed link is skipped and
counted.  Deadlines in these tests are 0.5 s, so each test stays well under 2 s.
"""

from __future__ import annotations

import contextlib
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from blogserver import BlogServer, Entry, entry_page, running, urlset
from jpblog_nlp import FetchError
from jpblog_nlp.cli import main
from jpblog_nlp.web.charset import declared_charset, decode_page
from jpblog_nlp.web.client import Fetcher, RobotsUnavailable, retry_after_seconds
from jpblog_nlp.web.crawl import crawl
from jpblog_nlp.web.discover import expand
from jpblog_nlp.web.fetch import fetch_post
from jpblog_nlp.web.report import CrawlFailure, CrawlReport
from jpblog_nlp.web.urls import check_url, redact

PAGE = "<html><head><title>題名</title></head><body><p>本文です。</p></body></html>"


class NoSleep:
    """A clock that moves only when the code sleeps, recording the sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def quiet(**options: object) -> Fetcher:
    """No politeness delay, no retry waits."""
    return Fetcher(**{"delay": 0, "backoff": 0, "sleep": lambda _s: None, **options})  # type: ignore[arg-type]


def run(*args: str):
    return CliRunner().invoke(main, ["fetch", *args])


@pytest.fixture
def server():
    for srv in running():
        srv.add("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
        yield srv


@pytest.fixture
def no_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's fetcher retries nothing (its 1, 2, 4 s backoff would make a test slow)."""
    monkeypatch.setitem(Fetcher.__init__.__kwdefaults__, "retries", 0)


# -- charsets that are no character sets --------------------------------------------------------------


@pytest.mark.parametrize(
    "label", ["zlib", "rot-13", "rot13", "hex", "base64", "bz2", "uu", "quopri", "undefined", "idna", "punycode",
              "unicode_escape", "raw_unicode_escape", "utf-7", "charmap"]
)
def test_only_character_sets_decode_a_page(label: str) -> None:
    content = PAGE.encode("utf-8")
    assert declared_charset(content, label) is None
    assert decode_page(content, label, "http://example.com/") == (PAGE, "utf-8")


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0" encoding="bz2"?><rss/>',
        b'<meta charset="hex"><p>x</p>',
        b'<meta http-equiv="Content-Type" content="text/html; charset=base64"><p>x</p>',
        # Readable as ASCII, so not UTF-16 whatever it says (decoding it so would give CJK soup).
        b'<meta charset="utf-16"><p>x</p>',
    ],
)
def test_in_page_declarations_of_no_character_set_are_ignored(content: bytes) -> None:
    assert declared_charset(content) is None
    assert decode_page(content, None, "http://example.com/") == (content.decode("ascii"), "utf-8")


def test_real_japanese_charsets_still_decode() -> None:
    body = "<p>日本語の本文</p>"
    assert decode_page(body.encode("cp932"), "Shift_JIS", "u") == (body, "cp932")
    assert decode_page(body.encode("iso2022_jp"), "ISO-2022-JP", "u") == (body, "iso2022_jp")


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/zlib", "text/html; charset=zlib", PAGE),
        ("/rot13", "text/html; charset=rot-13", PAGE),
        ("/meta-hex", "text/html", PAGE.replace("<head>", '<head><meta charset="hex">')),
        ("/xml-bz2", "application/rss+xml",
         '<?xml version="1.0" encoding="bz2"?><rss version="2.0"><channel><title>ブログ</title>'
         "<item><title>題名</title><link>http://example.com/1</link><description>本文です。</description></item>"
         "</channel></rss>"),
    ],
)
def test_pages_declaring_a_bytes_codec_are_read(server: BlogServer, path: str, content_type: str, body: str) -> None:
    server.add(path, body, content_type=content_type)
    post = fetch_post(server.url(path), fetcher=quiet())
    assert (post.title, post.text) == ("題名", "本文です。")


# -- malformed URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1/x", "http://[::1/x: the URL is malformed (its [IPv6] host is not closed or not an address) "
                          "(check the address)"),
        ("http://[zzz]/", "http://[zzz]/: the URL is malformed (its [IPv6] host is not closed or not an address) "
                          "(check the address)"),
        ("http://127.0.0.1:99999/x", "http://127.0.0.1:99999/x: the URL's port is not a number from 1 to 65535 "
                                     "(check the address)"),
        ("http://example.com:abc/", "http://example.com:abc/: the URL's port is not a number from 1 to 65535 "
                                    "(check the address)"),
        ("http://example.com:0/", "http://example.com:0/: the URL's port is not a number from 1 to 65535 "
                                  "(check the address)"),
        # The credentials of a refused URL are not shown either.
        ("http://bob:pw@[::1/x", "http://[::1/x: the URL is malformed (its [IPv6] host is not closed or not an "
                                 "address) (check the address)"),
        ("ftp://bob:pw@example.com/", "ftp://example.com/: only http and https URLs are fetched, not ftp: "
                                      "(give the post's or blog's web address, starting with https://)"),
    ],
)
def test_malformed_urls_are_clean_errors(url: str, message: str) -> None:
    with pytest.raises(FetchError) as info:
        check_url(url)
    assert str(info.value) == message
    assert info.value.exit_code == 4


def test_malformed_urls_on_the_command_line(tmp_path: Path) -> None:
    for srv in running():
        result = run("http://[::1/x", "http://127.0.0.1:99999/entry/1", "--out", str(tmp_path), "--delay", "0")
        assert result.exit_code == 4
        assert result.stderr == (
            "jpblog fetch: failed http://[::1/x: the URL is malformed (its [IPv6] host is not closed or not an "
            "address) (check the address)\n"
            "jpblog fetch: failed http://127.0.0.1:99999/entry/1: the URL's port is not a number from 1 to 65535 "
            "(check the address)\n"
        )
        assert result.stdout == f"saved 0, skipped 0, disallowed by robots.txt 0, failed 2 (0 requests) into {tmp_path}\n"
        assert srv.log == []


def _sitemap_blog(srv: BlogServer, locs: list[str]) -> None:
    base = srv.base
    srv.add("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemap.xml\n", content_type="text/plain")
    srv.add("/sitemap.xml", urlset([(loc, "2024-01-01") for loc in locs]), content_type="application/xml")
    srv.add("/entry/good", entry_page(base, Entry("/entry/good", "良い記事", "2024-01-01T00:00:00+09:00", (),
                                                  "<p>読める記事です。</p>"), "ブログ"))


def test_malformed_sitemap_locs_are_skipped_and_counted(tmp_path: Path) -> None:
    for srv in running():
        _sitemap_blog(srv, ["http://[::1/x", "http://127.0.0.1:99999/entry/2", srv.url("/entry/good")])
        report = crawl(srv.url("/"), tmp_path, fetcher=quiet())
        assert ([p.name for p in report.saved], report.failures, report.malformed) == (["good.md"], (), 2)
        assert report.summary() == (
            f"saved 1, skipped 0, malformed links skipped 2, disallowed by robots.txt 0, failed 0 (3 requests) "
            f"into {tmp_path}"
        )


def test_malformed_archive_links_are_skipped_and_counted(tmp_path: Path) -> None:
    for srv in running():
        srv.add("/robots.txt", "", content_type="text/plain")
        srv.add("/archive", f'<a href="http://[::1/x">壊れた</a> <a href="{srv.url("/entry/good")}">良い</a>'
                            f'<a href="http://127.0.0.1:99999/">港</a>')
        srv.add("/entry/good", PAGE)
        report = crawl(srv.url("/archive"), tmp_path, fetcher=quiet())
        assert ([p.name for p in report.saved], report.failures, report.malformed) == (["good.md"], (), 2)


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("http://[::1/x", "the server's answer is malformed (Invalid IPv6 URL) (probably a broken redirect "
                          "(Location header); open the URL in a browser)"),
        ("http://127.0.0.1:99999/", "redirected to a URL we do not fetch (the URL's port is not a number from 1 to "
                                    "65535) (check the URL)"),
    ],
)
def test_malformed_redirect_target(server: BlogServer, location: str, message: str) -> None:
    server.add("/moved", b"", status=302, headers={"Location": location})
    with pytest.raises(FetchError) as info:
        quiet().get(server.url("/moved"))
    assert str(info.value) == f"{server.url('/moved')}: {message}"
    assert server.hits("/moved") == 1  # a broken answer is not retried


def test_damaged_gzip_sitemap_is_a_failure(tmp_path: Path) -> None:
    for srv in running():
        srv.add("/robots.txt", f"User-agent: *\nSitemap: {srv.base}/sitemap.xml.gz\n", content_type="text/plain")
        srv.add("/sitemap.xml.gz", gzip.compress(b"<urlset>" * 100)[:40] + b"\xff" * 40, content_type="application/gzip")
        report = crawl(srv.url("/"), tmp_path, fetcher=quiet())
        assert report.failures[0] == CrawlFailure(srv.url("/sitemap.xml.gz"), "broken gzip data (the sitemap is damaged)")


# -- servers that never finish --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "options"),
    [
        ("/slow-headers", {"trickle": 0.2, "trickle_headers": True}),
        ("/slow-body", {"trickle": 0.2}),
        ("/slow-body-no-length", {"trickle": 0.2, "no_length": True}),
    ],
)
def test_a_trickling_server_is_cut_at_the_deadline(server: BlogServer, path: str, options: dict) -> None:
    """One byte every 0.2 s keeps each read under the 5 s timeout: only the overall deadline ends it."""
    server.add(path, "<p>" + "遅" * 30_000 + "</p>", **options)
    fetcher = quiet(timeout=5, deadline=0.5, retries=3)
    with pytest.raises(FetchError) as info:
        fetcher.get(server.url(path))
    assert str(info.value) == (
        f"{server.url(path)}: no complete answer within 0.5 s (the server sends too slowly or stalls) "
        "(try again later, or allow more time with --deadline)"
    )
    assert server.hits(path) == 1  # not retried: as slow again the next time
    # The cut connection is not reused: the next page of the site reads fine.
    server.add("/fast", PAGE)
    assert fetcher.get(server.url("/fast")).status == 200


def test_fetch_deadline_on_the_command_line(server: BlogServer, tmp_path: Path) -> None:
    server.add("/entry/slow", PAGE, trickle=0.2, trickle_headers=True)
    server.add("/entry/good", PAGE)
    result = run(server.url("/entry/slow"), server.url("/entry/good"), "--out", str(tmp_path), "--delay", "0",
                 "--deadline", "0.5")
    assert result.exit_code == 4
    assert result.stderr == (
        f"jpblog fetch: failed {server.url('/entry/slow')}: no complete answer within 0.5 s (the server sends too "
        "slowly or stalls) (try again later, or allow more time with --deadline)\n"
    )
    assert [p.name for p in tmp_path.glob("*.md")] == ["good.md"]


# -- robots.txt that is no answer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("crawl_delay", "shown"),
    [("100000", "100000"), ("9" * 400, "more than 10^15")],  # 400 digits: too large for a float
)
def test_a_crawl_delay_past_max_wait_is_refused_without_waiting(crawl_delay: str, shown: str) -> None:
    for srv in running():
        srv.add("/robots.txt", f"User-agent: *\nCrawl-delay: {crawl_delay}\n", content_type="text/plain")
        srv.add("/a", PAGE)
        clock = NoSleep()
        fetcher = Fetcher(delay=1, sleep=clock.sleep, clock=clock)
        for _ in range(2):
            with pytest.raises(FetchError) as info:
                fetcher.get(srv.url("/a"))
            host = srv.base.removeprefix("http://")
            assert str(info.value) == (
                f"{srv.url('/a')}: {host} asks for {shown} s between requests (robots.txt Crawl-delay), more than "
                "the 120 s we wait (the site does not want to be crawled at any useful pace; skipped)"
            )
        assert (srv.hits("/a"), srv.hits("/robots.txt"), clock.sleeps) == (0, 1, [])


def test_a_crawl_delay_up_to_max_wait_is_honoured() -> None:
    for srv in running():
        srv.add("/robots.txt", "User-agent: *\nCrawl-delay: 120\n", content_type="text/plain")
        srv.add("/a", PAGE)
        clock = NoSleep()
        fetcher = Fetcher(delay=1, sleep=clock.sleep, clock=clock)
        fetcher.get(srv.url("/a"))
        fetcher.get(srv.url("/a"))
        assert clock.sleeps == [120.0, 120.0]


HINT = "as RFC 9309 asks, nothing is fetched from the site until robots.txt can be read; try again later"


@pytest.mark.parametrize(
    ("status", "headers", "reason"),
    [
        (500, {}, f"robots.txt answered HTTP 500 Internal Server Error ({HINT})"),
        (503, {}, f"robots.txt answered HTTP 503 Service Unavailable ({HINT})"),
        (429, {}, f"robots.txt answered HTTP 429 Too Many Requests ({HINT})"),
        (503, {"Retry-After": "3600"},
         f"robots.txt could not be read: HTTP 503: the server asks to wait 3600 s before retrying ({HINT})"),
    ],
)
def test_a_failing_robots_txt_is_reported_as_such(tmp_path: Path, status: int, headers: dict, reason: str) -> None:
    for srv in running():
        srv.add("/robots.txt", "down", status=status, content_type="text/plain", headers=headers)
        srv.add("/entry/1", PAGE)
        report = crawl([srv.url("/entry/1"), srv.url("/entry/2")], tmp_path, fetcher=quiet(retries=1))
        assert (report.disallowed, report.failures) == (
            [], (CrawlFailure(srv.url("/entry/1"), reason), CrawlFailure(srv.url("/entry/2"), reason)))
        assert not report.ok
        assert srv.hits("/entry/1") == 0
        with pytest.raises(RobotsUnavailable):  # still a refusal to crawl, as RFC 9309 wants
            quiet().get(srv.url("/entry/1"))


def test_robots_txt_5xx_on_the_command_line(tmp_path: Path, no_retries: None) -> None:
    for srv in running():
        srv.add("/robots.txt", "down", status=500, content_type="text/plain")
        result = run(srv.url("/entry/1"), "--out", str(tmp_path), "--delay", "0")
        assert result.exit_code == 4
        assert result.stderr == f"jpblog fetch: failed {srv.url('/entry/1')}: robots.txt answered HTTP 500 Internal " \
                                f"Server Error ({HINT})\n"
        assert result.stdout == f"saved 0, skipped 0, disallowed by robots.txt 0, failed 1 (1 requests) into {tmp_path}\n"


def test_an_unreachable_host_is_reported_as_such(tmp_path: Path, no_retries: None) -> None:
    srv = BlogServer()
    url = srv.url("/entry/1")
    host = srv.base.removeprefix("http://")
    srv.close()  # nothing listens on the port any more
    result = run(url, "--out", str(tmp_path), "--delay", "0")
    assert result.exit_code == 4
    assert result.stderr == (
        f"jpblog fetch: failed {url}: cannot reach {host}: could not connect after 1 attempt "
        "(check the address and your connection, or try again later)\n"
    )


def test_everything_disallowed_exits_4(tmp_path: Path) -> None:
    for srv in running():
        srv.add("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
        result = run(srv.url("/entry/1"), "--out", str(tmp_path), "--delay", "0")
        assert result.exit_code == 4
        assert result.stderr == f"jpblog fetch: skipped {srv.url('/entry/1')}: robots.txt disallows it\n"


# -- one hostile page among good ones ----------------------------------------------------------------------


def test_one_hostile_page_does_not_stop_the_crawl(
    server: BlogServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jpblog_nlp.web.crawl as crawl_module

    server.add("/entry/zlib", PAGE, content_type="text/html; charset=zlib")
    server.add("/entry/slow", PAGE, trickle=0.2, trickle_headers=True)
    server.add("/entry/bad-redirect", b"", status=302, headers={"Location": "http://[::1/x"})
    server.add("/entry/bug", PAGE)
    server.add("/entry/good", PAGE)
    real = crawl_module.page_post

    def buggy(page, **options):  # a reader bug on one page, as an unforeseen input would trigger
        if page.url.endswith("/bug"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(page, **options)

    monkeypatch.setattr(crawl_module, "page_post", buggy)
    urls = [server.url(p) for p in ("/entry/zlib", "/entry/slow", "/entry/bad-redirect", "/entry/bug", "/entry/good")]
    report = crawl(urls, tmp_path, fetcher=quiet(deadline=0.5))
    assert sorted(p.name for p in report.saved) == ["good.md", "zlib.md"]
    assert report.failures == (
        CrawlFailure(urls[1], "no complete answer within 0.5 s (the server sends too slowly or stalls) "
                              "(try again later, or allow more time with --deadline)"),
        CrawlFailure(urls[2], "the server's answer is malformed (Invalid IPv6 URL) "
                              "(probably a broken redirect (Location header); open the URL in a browser)"),
        CrawlFailure(urls[3], "unexpected error (RecursionError: maximum recursion depth exceeded); please report it "
                              "with the URL"),
    )
    assert report.summary().startswith("saved 2, skipped 0, disallowed by robots.txt 0, failed 3 ")


def test_one_hostile_listing_does_not_stop_the_expansion(server: BlogServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import jpblog_nlp.web.discover as discover_module

    server.add("/archive", "<p>一覧</p>")

    def broken(self, page, root):
        raise ValueError("a reader bug")

    monkeypatch.setattr(discover_module._Expander, "archive", broken)
    report = CrawlReport()
    refs = expand([server.url("/archive"), server.url("/entry/2")], quiet(), report=report)
    assert [r.url for r in refs] == [server.url("/entry/2")]
    assert report.failures == (
        CrawlFailure(server.url("/archive"), "unexpected error (ValueError: a reader bug); please report it with the URL"),
    )


# -- credentials in URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("http://alice:s3cret@example.com/entry/1", "http://example.com/entry/1"),
        ("https://alice@example.com:8443/?q=a@b", "https://example.com:8443/?q=a@b"),
        ("http://a:b@c@example.com/x@y", "http://example.com/x@y"),
        ("  http://u:p@[::1/x", "  http://[::1/x"),  # malformed: still redacted, no ValueError
        ("http://example.com/a@b", "http://example.com/a@b"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
    ],
)
def test_redact(url: str, clean: str) -> None:
    assert redact(url) == clean


def test_credentials_are_sent_but_never_stored_or_printed(tmp_path: Path) -> None:
    for srv in running():
        for other in running():
            other.add("/robots.txt", "", content_type="text/plain")
            other.add("/entry/elsewhere", PAGE)
            srv.add("/robots.txt", "", content_type="text/plain")
            srv.add("/entry/1", PAGE.replace("<head>", f'<head><link rel="canonical" href="{srv.url("/entry/1")}">'))
            srv.add("/entry/away", b"", status=302, headers={"Location": other.url("/entry/elsewhere")})
            secret = srv.base.replace("http://", "http://alice:s3cret@")
            result = run(secret + "/entry/1", secret + "/entry/away", secret + "/entry/gone", "--out", str(tmp_path),
                         "--delay", "0")
            assert result.exit_code == 4
            assert result.stderr == (
                f"jpblog fetch: failed {srv.url('/entry/gone')}: HTTP 404 Not Found "
                "(the page does not exist (any more); check the URL)\n"
            )
            assert "s3cret" not in result.output and "alice" not in result.output
            for path in tmp_path.iterdir():
                text = path.read_text(encoding="utf-8")
                assert "s3cret" not in text and "alice" not in text, path.name
            manifest = json.loads((tmp_path / ".jpblog-fetch.json").read_text(encoding="utf-8"))
            assert sorted(manifest["posts"]) == [srv.url("/entry/1"), srv.url("/entry/away")]
            # Sent as basic auth to their own origin only, never along a redirect to another one.
            assert {h.get("Authorization") for _, h in srv.log} == {"Basic YWxpY2U6czNjcmV0"}
            assert {h.get("Authorization") for _, h in other.log} == {None}


# -- headers a server may send ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "٣", "1e400", "-5", "Mon, 99 Foo 99999 99:99:99 GMT"])
def test_odd_retry_after_values(value: str) -> None:
    assert retry_after_seconds(value) is None


# -- any string as a URL ------------------------------------------------------------------------------------

_URLISH = st.text(alphabet=st.sampled_from(list("htps:/[]@%:?#.-_0123456789abcxyz:: \t\x00\u3042")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_URLISH, st.text(max_size=40), _URLISH.map(lambda s: "http://" + s)))
def test_any_string_as_a_url_gives_a_url_or_a_fetch_error(text: str) -> None:
    """check_url, redact, join_url and the crawl's link checks never raise anything but FetchError."""
    from urllib.parse import urlsplit

    from jpblog_nlp.web.urls import join_url, looks_like_post, valid_url

    clean = redact(text)
    try:
        url = check_url(text)
    except FetchError as err:
        assert err.exit_code == 4
    else:
        assert valid_url(url)
        assert urlsplit(redact(url)).username is None
    with contextlib.suppress(FetchError):
        join_url("http://example.com/a/", text)
    looks_like_post(text, "http://example.com/")
    assert len(clean) <= len(text)
