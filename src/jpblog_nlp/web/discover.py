"""Expand a blog URL into its posts' URLs: sitemap first, else archive pages and the feed.

A sitemap lists every post, so it wins when robots.txt names one (``Sitemap:`` lines) or
``/sitemap.xml`` exists; sitemap indexes are followed.  Without one, the top page and the archive pages
(Hatena Blog's ``/archive``, following their next-page links) give the post links and the feed (RSS or
Atom, found through ``<link rel="alternate">``) adds the latest posts with their dates.  Listing pages
are capped per blog (``MAX_LISTING_PAGES``): a hostile robots.txt may list 100,000 sitemaps.

A listing that fails, or a malformed link in one, is recorded in the ``CrawlReport`` and skipped.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError, JpblogError
from ..text.records import Post
from .client import Fetcher, RobotsDisallowed, RobotsUnavailable
from .page import Page
from .report import CrawlReport, failure_reason, unexpected_failure
from .urls import (
    LISTING_SUFFIXES,
    blog_root,
    check_url,
    is_listing_url,
    join_url,
    looks_like_post,
    redact,
    url_date,
    valid_url,
)

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

#: Listing pages (sitemaps, archive pages, feeds) read for one blog at most.
MAX_LISTING_PAGES = 50
_SITEMAP_NS = re.compile(r"^\{[^}]*\}")


@dataclass(frozen=True, slots=True)
class PostRef:
    """A post URL found while expanding a blog.

    Attributes:
        url: The post's URL.
        date: Its date (ISO 8601) when the listing or the URL tells it, else None.
        via: Where it was found: "url", "sitemap", "feed" or "archive".
    """

    url: str
    date: str | None = None
    via: str = "url"


class _Links(HTMLParser):
    """Collect ``<a>`` and ``<link>`` tags of a page: href, rel, class and type."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "link"):
            values = {k: (v or "") for k, v in attrs}
            if values.get("href"):
                values["tag"] = tag
                self.links.append(values)


def _page_links(page: Page) -> tuple[list[dict[str, str]], int]:
    """Links of an HTML page, hrefs made absolute, and how many hrefs were malformed (dropped)."""
    parser = _Links()
    parser.feed(page.text())
    links = []
    for link in parser.links:
        try:
            link["href"] = join_url(page.url, link["href"].strip())
        except FetchError:
            continue
        if valid_url(link["href"]):  # urljoin lets a bad port through
            links.append(link)
    return links, len(parser.links) - len(links)


def _xml_root(page: Page) -> ET.Element:
    """Parse an XML page safely (no DTD), or raise FetchError."""
    from ..sources.feeds import parse_feed

    try:
        return parse_feed(page.text(), page.url)
    except JpblogError as err:
        raise FetchError(err.message, source=page.url, hint="the sitemap or feed is malformed") from err


def _local(tag: str) -> str:
    """An XML tag without its namespace."""
    return _SITEMAP_NS.sub("", tag)


def _gunzip(page: Page, max_bytes: int = 50 * 1024 * 1024) -> Page:
    """A ``sitemap.xml.gz`` page decompressed (within a cap: a small file may unpack to gigabytes)."""
    if not page.content.startswith(b"\x1f\x8b"):
        return page
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(page.content)) as stream:
            data = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:  # zlib.error: a damaged deflate stream
        raise FetchError("broken gzip data", source=page.url, hint="the sitemap is damaged") from err
    if len(data) > max_bytes:
        raise FetchError(f"unpacks to more than {max_bytes // (1024 * 1024)} MB", source=page.url,
                         hint="not a sitemap we read")
    return replace(page, content=data)


def _is_xml(page: Page) -> bool:
    """True for a page holding XML (a feed or a sitemap) rather than HTML."""
    head = page.content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf"))


class _Expander:
    """Expand one blog URL into post references, counting listing pages against a cap."""

    def __init__(self, fetcher: Fetcher, report: CrawlReport, max_pages: int) -> None:
        self.fetcher = fetcher
        self.report = report
        self.pages_left = max_pages
        self.seen: set[str] = set()

    def _get(self, url: str, *, quiet_missing: bool = False) -> Page | None:
        """Fetch a listing page; failures are recorded (a missing guessed URL silently) and give None."""
        if self.pages_left <= 0:  # before anything is recorded: a hostile robots.txt may list 100,000 sitemaps
            return None
        try:
            url = check_url(url)
        except FetchError as err:
            self.pages_left -= 1
            self.report.fail(redact(url), failure_reason(err))
            return None
        url = redact(url)
        if url in self.seen or self.pages_left <= 0:
            return None
        self.seen.add(url)
        self.pages_left -= 1
        try:
            return self.fetcher.get(url)
        except RobotsUnavailable as err:
            # A guessed URL is quiet: the page the user named reports the same error.
            if not quiet_missing:
                self.report.fail(url, failure_reason(err))
        except RobotsDisallowed:
            if not quiet_missing:
                self.report.disallowed.append(url)
        except FetchError as err:
            if not (quiet_missing and err.message.startswith("HTTP 4")):
                self.report.fail(url, failure_reason(err))
        return None

    def sitemap(self, url: str, root: str, depth: int = 0, *, guessed: bool = False) -> list[PostRef]:
        """Post references of a sitemap, following sitemap indexes (3 levels at most)."""
        page = self._get(url, quiet_missing=guessed)
        if page is None:
            return []
        try:
            page = _gunzip(page)
            if not _is_xml(page):
                return []
            tree = _xml_root(page)
        except FetchError as err:
            self.report.fail(url, failure_reason(err))
            return []
        return self.sitemap_tree(tree, root, depth)

    def sitemap_tree(self, tree: ET.Element, root: str, depth: int = 0) -> list[PostRef]:
        """Post references of a parsed sitemap or sitemap index."""
        refs: list[PostRef] = []
        if _local(tree.tag) == "sitemapindex":
            for child in tree:
                loc = _child_text(child, "loc")
                if loc and depth < 3:
                    refs.extend(self.sitemap(loc, root, depth + 1))
            return refs
        for child in tree:
            loc = _child_text(child, "loc")
            if loc and not valid_url(loc):
                self.report.malformed += 1
            elif loc and looks_like_post(loc, root):
                loc = redact(loc)
                refs.append(PostRef(loc, _child_text(child, "lastmod") or url_date(loc), "sitemap"))
        return refs

    def feed(self, page: Page, root: str) -> list[PostRef]:
        """Post references of a feed page (its items' links and dates)."""
        from ..sources.feeds import read_feed

        refs = []
        try:
            for post in read_feed(page.text(), page.url, "feed", errors="skip"):
                if not isinstance(post, Post) or not post.url:
                    continue
                if not valid_url(post.url):
                    self.report.malformed += 1
                elif looks_like_post(post.url, root):
                    url = redact(post.url)
                    refs.append(PostRef(url, post.published or url_date(url), "feed"))
        except JpblogError as err:
            self.report.fail(page.url, f"unreadable feed: {failure_reason(err)}")
        return refs

    def archive(self, page: Page, root: str) -> tuple[list[PostRef], str | None, list[str]]:
        """Post links of an HTML listing page, its next page, and the feeds it announces."""
        links, malformed = _page_links(page)
        self.report.malformed += malformed
        titled = [link for link in links if "entry-title-link" in link.get("class", "").split()]
        # Hatena marks entry links; elsewhere any link to a post-like URL on the blog counts.
        candidates = titled or [link for link in links if link["tag"] == "a"]
        refs = []
        for link in candidates:
            href = link["href"].split("#", 1)[0]
            if looks_like_post(href, root):
                href = redact(href)
                refs.append(PostRef(href, url_date(href), "archive"))
        next_page = next(
            (link["href"] for link in links if "next" in link.get("rel", "").lower().split()),
            None,
        )
        feeds = [
            link["href"]
            for link in links
            if link["tag"] == "link"
            and "alternate" in link.get("rel", "").lower().split()
            and link.get("type", "").lower() in ("application/rss+xml", "application/atom+xml")
        ]
        return refs, next_page, feeds

    def expand(self, url: str) -> list[PostRef]:
        """Post references of one URL: itself for a post URL, every post found for a listing URL."""
        # The user's user:password@ is kept by the fetcher for the origin, and out of every URL.
        url = self.fetcher.remember_credentials(check_url(url))
        if not is_listing_url(url):
            return [PostRef(url, url_date(url), "url")]
        root = blog_root(url)
        path = urlsplit(url).path.lower()
        if path.endswith(LISTING_SUFFIXES) or path.rstrip("/").endswith(("/feed", "/rss", "/atom")):
            page = self._get(url)
            if page is None:
                return []
            page = _gunzip(page)
            if _is_xml(page):
                tree = _xml_root(page)
                if _local(tree.tag) in ("urlset", "sitemapindex"):
                    return _newest_first(self.sitemap_tree(tree, root))
            return _newest_first(self.feed(page, root))
        if urlsplit(url).path == "/":
            sitemaps = self.fetcher.sitemaps(url) if self.fetcher.obey_robots else []
            refs: list[PostRef] = []
            for sitemap_url in sitemaps or [urljoin(root, "/sitemap.xml")]:
                refs.extend(self.sitemap(sitemap_url, root, guessed=not sitemaps))
            if refs:
                return _newest_first(refs)
        return _newest_first(self._archive_and_feed(url, root))

    def _archive_and_feed(self, url: str, root: str) -> list[PostRef]:
        """Posts linked from the page and the archive pages after it, plus the feed's."""
        refs: list[PostRef] = []
        feeds: list[str] = []
        first = self._get(url)
        if first is None:
            return []
        found, next_url, feeds = self.archive(first, root)
        refs.extend(found)
        current: Page | None = None
        if url == root:
            # Hatena's /archive lists titles only, 30 a page: cheaper to walk than the top's full posts.
            current = self._get(urljoin(root, "archive"), quiet_missing=True)
        if current is None and next_url:
            current = self._get(next_url)
        while current is not None:
            found, next_url, _ = self.archive(current, root)
            refs.extend(found)
            current = self._get(next_url) if next_url else None
        for feed_url in dict.fromkeys(feeds[:1] or [urljoin(root, "feed")]):
            page = self._get(feed_url, quiet_missing=not feeds)
            if page is not None and _is_xml(page):
                refs.extend(self.feed(page, root))
        return refs


def _child_text(elem: ET.Element, name: str) -> str:
    """Text of the first child called ``name`` whatever its namespace."""
    for child in elem:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _newest_first(refs: Iterable[PostRef]) -> list[PostRef]:
    """Deduplicate by URL (keeping the best-dated reference) and sort newest first; undated last."""
    best: dict[str, PostRef] = {}
    for ref in refs:
        known = best.get(ref.url)
        if known is None or (known.date is None and ref.date is not None):
            best[ref.url] = ref
    dated = sorted((r for r in best.values() if r.date), key=lambda r: r.date or "", reverse=True)
    return dated + [r for r in best.values() if not r.date]


def expand(
    urls: str | Iterable[str],
    fetcher: Fetcher,
    *,
    since: date | None = None,
    max_posts: int | None = None,
    report: CrawlReport | None = None,
    max_pages: int = MAX_LISTING_PAGES,
) -> list[PostRef]:
    """Expand URLs into the post URLs to fetch.

    Args:
        urls: Post URLs and blog URLs (top page, archive, feed or sitemap URL).
        fetcher: The client (its robots.txt cache and delays are shared with the crawl).
        since: Drop posts whose known date is before this day.
        max_posts: Keep at most this many (the newest of each blog first).
        report: Where listing failures are recorded (a new one when None).
        max_pages: Listing pages read per blog at most.

    Returns:
        Post references in crawl order, without duplicates.
    """
    report = report if report is not None else CrawlReport()
    refs: list[PostRef] = []
    seen: set[str] = set()
    for url in [urls] if isinstance(urls, str) else urls:
        told = len(report.failures) + len(report.disallowed)
        try:
            found = _Expander(fetcher, report, max_pages).expand(url)
        except JpblogError as err:
            report.fail(redact(url), failure_reason(err))
            continue
        except Exception as err:  # a bug on one hostile listing must not end the crawl (nor be a traceback)
            report.fail(redact(url), unexpected_failure(err))
            continue
        if not found and is_listing_url(url) and len(report.failures) + len(report.disallowed) == told:
            report.fail(redact(url), "found no posts (no sitemap, archive links or feed)")
        for ref in found:
            if ref.url in seen:
                continue
            seen.add(ref.url)
            if since is not None and ref.date and ref.date[:10] < since.isoformat():
                report.older += 1
                continue
            refs.append(ref)
    return refs[:max_posts] if max_posts is not None else refs


__all__ = ["MAX_LISTING_PAGES", "PostRef", "expand"]
