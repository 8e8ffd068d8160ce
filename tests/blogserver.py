"""A real HTTP server on localhost serving small Hatena-style blogs, for the fetch and crawl tests.

Blog "yamadattt" is built from the Movable Type export excerpt in ``tests/data`` (each published entry's
rendered BODY wrapped in a Hatena entry page) plus ``tests/data/hatena-entry.html``; it has a
robots.txt disallowing ``/private/``, a sitemap index, a top page and ``/archive`` pages, and odd pages:
one answering 503 before 200, one hanging, a Shift_JIS one, redirects.  Blog "3qe" has nothing but
the real Hatena RSS feed of ``tests/data`` (links rewritten to the server) and its entry pages.

A route may also trickle its answer a byte at a time (``trickle`` seconds apart), from the status line
on or from the body on, as a hostile or broken server does.
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Route:
    """One canned answer."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0
    #: Send no Content-Length (the body ends when the connection closes), as streamed pages do.
    no_length: bool = False
    #: Seconds between two bytes of the body (of the whole answer with ``trickle_headers``); 0: at once.
    trickle: float = 0.0
    trickle_headers: bool = False


class _Handler(BaseHTTPRequestHandler):
    """Answer from the server's routes; record every request."""

    server: _Server

    def do_GET(self) -> None:
        owner = self.server.owner
        owner.log.append((self.path, dict(self.headers)))
        with owner.lock:
            routes = owner.routes.get(self.path)
            if isinstance(routes, list):
                route = routes.pop(0) if len(routes) > 1 else routes[0]
            else:
                route = routes or Route(b"not found", 404, {"Content-Type": "text/plain"})
        if route.hang:
            owner.release.wait(route.hang)
        etag = route.headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        if route.trickle and route.trickle_headers:
            head = f"HTTP/1.1 {route.status} Whatever\r\n" + "".join(f"{k}: {v}\r\n" for k, v in route.headers.items())
            if not route.no_length:
                head += f"Content-Length: {len(route.body)}\r\n"
            self.close_connection = True
            self._trickle((head + "\r\n").encode("latin-1") + route.body, route.trickle)
            return
        self.send_response(route.status)
        for key, value in route.headers.items():
            self.send_header(key, value)
        if not route.no_length:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        if route.trickle:
            self._trickle(route.body, route.trickle)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            self.wfile.write(route.body)

    def _trickle(self, data: bytes, pause: float) -> None:
        """Send one byte every ``pause`` seconds until done, the client hangs up or the server stops."""
        release = self.server.owner.release
        for i in range(len(data)):
            try:
                self.wfile.write(data[i : i + 1])
            except OSError:  # the client cut the connection: what a deadline does
                return
            if release.wait(pause):
                return

    def log_message(self, format: str, *args: object) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: BlogServer


class BlogServer:
    """A threaded HTTP server on 127.0.0.1 with an ephemeral port and a table of routes."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return self.base + path

    def add(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        hang: float = 0.0,
        no_length: bool = False,
        trickle: float = 0.0,
        trickle_headers: bool = False,
    ) -> None:
        """Serve a body at a path (the raw, percent-encoded request path)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, status, {"Content-Type": content_type, **(headers or {})}, hang, no_length,
                                  trickle, trickle_headers)

    def add_sequence(self, path: str, routes: list[Route]) -> None:
        """Answer successive requests with successive routes (the last one repeats)."""
        self.routes[path] = list(routes)

    def hits(self, path: str) -> int:
        """How many requests a path got."""
        return sum(1 for p, _ in self.log if p == path)

    def close(self) -> None:
        """Release hanging handlers and stop."""
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass(frozen=True)
class Entry:
    """An entry of a served blog."""

    path: str  # percent-encoded
    title: str
    date: str  # ISO 8601
    categories: tuple[str, ...]
    body_html: str
    author: str = ""


def entry_page(base: str, entry: Entry, blog_title: str) -> str:
    """A Hatena Blog entry page around an entry's rendered body."""
    url = base + entry.path
    cats = "".join(
        f'<a href="{base}/archive/category/{quote(c)}" class="entry-category-link category-{html.escape(c)}">'
        f"{html.escape(c)}</a>"
        for c in entry.categories
    )
    return f"""<!DOCTYPE html>
<html lang="ja" data-brand="hatenablog">
<head>
<meta charset="utf-8">
<title>{html.escape(entry.title)} - {html.escape(blog_title)}</title>
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/atom+xml" title="Atom" href="{base}/feed">
</head>
<body class="page-entry">
<h1 id="title"><a href="{base}/">{html.escape(blog_title)}</a></h1>
<article class="entry hentry">
<div class="entry-inner">
<header class="entry-header">
<div class="date entry-date first"><a href="{base}/archive/{entry.date[:10].replace("-", "/")}">
<time datetime="{entry.date}" title="{entry.date}">{entry.date[:10]}</time></a></div>
<h1 class="entry-title"><a href="{url}" class="entry-title-link bookmark">{html.escape(entry.title)}</a></h1>
<div class="entry-categories categories">{cats}</div>
</header>
<div class="entry-content hatenablog-entry">
{entry.body_html}
</div>
<footer class="entry-footer"><address class="entry-footer-section">
<span class="author vcard"><span class="fn">{html.escape(entry.author)}</span></span></address></footer>
</div>
</article>
</body>
</html>
"""


def listing_page(base: str, entries: list[Entry], blog_title: str, next_path: str | None) -> str:
    """A top or archive page: entry title links and a next-page link."""
    items = "\n".join(
        f'<section class="archive-entry"><h1 class="entry-title">'
        f'<a class="entry-title-link" href="{base}{e.path}">{html.escape(e.title)}</a></h1>'
        f'<a href="{base}{e.path}#comments">コメント</a></section>'
        for e in entries
    )
    pager = f'<span class="pager-next"><a href="{base}{next_path}" rel="next">次のページ</a></span>' if next_path else ""
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{html.escape(blog_title)}</title>
<link rel="alternate" type="application/atom+xml" title="Atom" href="{base}/feed">
</head><body>
<h1 id="title"><a href="{base}/">{html.escape(blog_title)}</a></h1>
<a href="{base}/about">about</a> <a href="{base}/archive/category/生活">生活</a>
{items}
{pager}
</body></html>
"""


def urlset(urls: list[tuple[str, str]]) -> str:
    """A sitemap of (URL, lastmod)."""
    rows = "".join(f"<url><loc>{html.escape(u)}</loc><lastmod>{m}</lastmod></url>" for u, m in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>\n'


def sitemap_index(urls: list[str]) -> str:
    """A sitemap index."""
    rows = "".join(f"<sitemap><loc>{html.escape(u)}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>\n'
    )


def atom_feed(base: str, entries: list[Entry], blog_title: str) -> str:
    """An Atom feed of entries, the way Hatena writes it (content as escaped HTML)."""
    rows = "".join(
        f"<entry><title>{html.escape(e.title)}</title><link href=\"{base}{e.path}\"/>"
        f"<id>{base}{e.path}</id><published>{e.date}</published><updated>{e.date}</updated>"
        f"<author><name>{html.escape(e.author)}</name></author>"
        f"<content type=\"html\">{html.escape(e.body_html)}</content></entry>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">'
        f"<title>{html.escape(blog_title)}</title><link href=\"{base}/\"/>{rows}</feed>\n"
    )


def mt_entries() -> list[Entry]:
    """The published entries of the MT export excerpt, newest first."""
    from jpblog_nlp.sources.mtexport import mt_date, split_entries

    text = (DATA / "yamadattt.hatenablog.jp.export.txt").read_text(encoding="utf-8")
    entries = []
    for raw in split_entries(text, "export"):
        if raw.get("STATUS") != "Publish":
            continue
        entries.append(
            Entry(
                path="/entry/" + quote(raw.get("BASENAME")),
                title=raw.get("TITLE"),
                date=(mt_date(raw.get("DATE")) or "") + "+09:00",
                categories=tuple(raw.get_all("CATEGORY")),
                body_html=raw.sections["BODY"],
                author=raw.get("AUTHOR"),
            )
        )
    return sorted(entries, key=lambda e: e.date, reverse=True)


SJIS_TEXT = "古いブログはShift_JISで書かれていることがある。文字化けせずに読めるだろうか。"


def serve_yamadattt(server: BlogServer, *, sitemap: bool = True) -> list[Entry]:
    """Serve blog "yamadattt" (see the module docstring); return its entries as listed, newest first."""
    base = server.base
    entries = mt_entries()
    runner = (DATA / "hatena-entry.html").read_text(encoding="utf-8")
    runner = runner.replace("https://example-runner.hatenablog.com", base)
    runner_entry = Entry("/entry/2023/04/01/071500", "朝のランニングを三年続けてわかったこと", "2023-04-01", (), "")
    listed = [runner_entry, *entries]
    title = "やまだの雑記"
    robots = "User-agent: *\nDisallow: /private/\n"
    if sitemap:
        robots += f"Sitemap: {base}/sitemap.xml\n"
        server.add(
            "/sitemap.xml",
            sitemap_index([f"{base}/sitemap_common.xml", f"{base}/sitemap_periodical.xml?year=2021",
                           f"{base}/sitemap_periodical.xml?year=2023"]),
            content_type="application/xml",
        )
        server.add(
            "/sitemap_common.xml",
            urlset([(f"{base}/", "2023-04-01"), (f"{base}/about", "2020-01-01"), (f"{base}/archive", "2023-04-01")]),
            content_type="application/xml",
        )
        server.add(
            "/sitemap_periodical.xml?year=2021",
            urlset([(base + e.path, e.date[:10]) for e in entries] + [(f"{base}/private/secret", "2021-06-01")]),
            content_type="application/xml",
        )
        server.add(
            "/sitemap_periodical.xml?year=2023",
            urlset([(base + runner_entry.path, "2023-04-01")]),
            content_type="application/xml",
        )
    server.add("/robots.txt", robots, content_type="text/plain")
    for n, entry in enumerate(entries):
        server.add(entry.path, entry_page(base, entry, title), headers={"ETag": f'"e{n}"'})
    server.add(runner_entry.path, runner, headers={"ETag": '"runner"'})
    server.add("/private/secret", entry_page(base, entries[0], title))
    server.add("/", listing_page(base, listed[:2], title, "/?page=2"))
    server.add("/?page=2", listing_page(base, listed[2:], title, None))
    server.add("/archive", listing_page(base, listed[:2], title, "/archive?page=2"))
    server.add("/archive?page=2", listing_page(base, listed[2:], title, None))
    server.add("/about", "<html><body><p>このブログについて。</p></body></html>")
    server.add("/feed", atom_feed(base, entries[:2], title), content_type="application/atom+xml; charset=utf-8")
    add_odd_pages(server)
    return listed


def add_odd_pages(server: BlogServer) -> None:
    """Pages that misbehave: flaky, hanging, Shift_JIS, redirects, too big."""
    base = server.base
    page = entry_page(base, Entry("/entry/flaky", "一度失敗するページ", "2024-01-05T10:00:00+09:00", ("テスト",),
                                  "<p>二度目の取得で読めるページです。</p>"), "やまだの雑記")
    server.add_sequence(
        "/entry/flaky",
        [
            Route(b"busy", 503, {"Content-Type": "text/plain", "Retry-After": "1"}),
            Route(page.encode("utf-8"), 200, {"Content-Type": "text/html; charset=utf-8"}),
        ],
    )
    server.add("/entry/slow", "<p>遅すぎるページ。</p>", hang=5.0)
    sjis = entry_page(base, Entry("/entry/sjis", "シフトJISのページ", "2010-03-01T09:00:00+09:00", ("古い記事",),
                                  f"<p>{SJIS_TEXT}</p>"), "やまだの雑記")
    sjis = sjis.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    server.add("/entry/sjis", sjis.encode("cp932"), content_type="text/html")
    server.add("/entry/moved", b"", status=301, headers={"Location": "/entry/flaky"})
    server.add("/entry/to-private", b"", status=302, headers={"Location": f"{base}/private/secret"})
    server.add("/entry/to-file", b"", status=302, headers={"Location": "file:///etc/passwd"})
    server.add("/entry/loop", b"", status=302, headers={"Location": "/entry/loop"})
    server.add("/entry/big", "<p>" + "大きい。" * 20_000 + "</p>")
    server.add("/entry/big-stream", "<p>" + "大きい。" * 20_000 + "</p>", no_length=True)
    server.add("/entry/down", "busy", status=503, content_type="text/plain")
    server.add("/entry/throttled", "slow down", status=429, content_type="text/plain", headers={"Retry-After": "3600"})
    server.add("/entry/gone", "<p>消えた</p>", status=404)


def serve_3qe(server: BlogServer) -> list[str]:
    """Serve blog "3qe": the real RSS feed with links rewritten, and entry pages from its items."""
    from jpblog_nlp.sources.feeds import read_feed

    base = server.base
    rss = (DATA / "blog.3qe.us_rss.xml").read_text(encoding="utf-8").replace("https://blog.3qe.us", base)
    server.add("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    server.add("/rss", rss, content_type="application/rss+xml; charset=utf-8")
    server.add(
        "/",
        f'<html><head><meta charset="utf-8"><title>Lambdaカクテル</title>'
        f'<link rel="alternate" type="application/rss+xml" href="{base}/rss"></head>'
        f"<body><h1>Lambdaカクテル</h1><p>京都在住Webエンジニアの日記です</p></body></html>",
    )
    urls = []
    import xml.etree.ElementTree as ET

    root = ET.fromstring(rss.split("?>", 1)[1] if rss.startswith("<?xml") else rss)
    items = root.findall("channel/item")
    posts = list(read_feed(rss, "rss", "rss"))
    for item, post in zip(items, posts, strict=True):
        link = item.findtext("link", "").strip()
        path = link[len(base):]
        entry = Entry(path, post.title, post.published or "", post.categories, item.findtext("description", ""),
                      "Windymelt")
        server.add(path, entry_page(base, entry, "Lambdaカクテル"))
        urls.append(link)
    return urls


def running(server_factory: type[BlogServer] = BlogServer) -> Iterator[BlogServer]:
    """Yield a started server and stop it afterwards (for pytest fixtures)."""
    server = server_factory()
    try:
        yield server
    finally:
        server.close()
