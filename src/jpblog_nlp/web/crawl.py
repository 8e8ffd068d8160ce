"""Turn blog URLs into posts: a post URL is one post, a blog's top URL expands into all its posts.

A blog is expanded through its sitemap when it has one (robots.txt ``Sitemap:`` lines, else
``/sitemap.xml``; sitemap indexes are followed), as a sitemap lists every post.  Without one, the top
page and the archive pages (Hatena Blog's ``/archive``, following their next-page links) give the post
links and the feed (RSS or Atom, found through ``<link rel="alternate">``) adds the latest posts with
their dates.

``crawl`` saves each post as a Markdown file with YAML front matter into a corpus folder, ready for
``jpblog batch``, and keeps a manifest (``.jpblog-fetch.json``: URL → file, content hash, ETag,
Last-Modified) so a second run skips what is already there.  ``fetch_posts`` yields the posts instead,
for notebooks.

Every URL and every page stands alone: a hostile or broken one is recorded in the report (a malformed
link in a listing is skipped and counted) and the crawl goes on.  No URL stored or printed carries
``user:password@``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import FetchError, JpblogError
from ..records import Post
from ..safe_io import check_replaceable, write_text
from .client import Fetcher, Page, RobotsDisallowed, RobotsUnavailable, check_url, join_url, page_post, redact

log = logging.getLogger(__name__)

MANIFEST = ".jpblog-fetch.json"
#: Listing pages (sitemaps, archive pages, feeds) read for one blog at most.
MAX_LISTING_PAGES = 50
_MAX_SLUG_CHARS = 80
# File systems cap names at 255 bytes; Japanese characters take 3 bytes each in UTF-8.
_MAX_SLUG_BYTES = 150
_SITEMAP_NS = re.compile(r"^\{[^}]*\}")
# Path segments of listings rather than posts.
_LISTING_SEGMENTS = frozenset(
    {"archive", "archives", "category", "categories", "tag", "tags", "page", "search", "about", "feed", "rss",
     "atom", "sitemap", "author", "authors", "comments", "wp-json", "amp"}
)
_LISTING_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".xml.gz")
# Segments that say nothing about the post in a file name: Hatena's /entry/, WordPress's /archives/.
_NOISE_SEGMENTS = frozenset({"entry", "entries", "archives", "post", "posts", "blog", "article", "articles"})
_PAGE_QUERY = re.compile(r"^(?:page|paged)=")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php|aspx?|cgi)$", re.I)
_UNSAFE = re.compile(r"[^\w-]+")
_DASHES = re.compile(r"-{2,}")
# Windows refuses these names whatever the extension.
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$", re.I)
# A date in a post URL: Hatena /entry/2024/09/02/223439, WordPress /2024/09/02/slug/, /2024-09-02-slug.
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=[/-]|$)")


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


@dataclass(slots=True)
class CrawlReport:
    """What a crawl did.

    Attributes:
        out: The corpus folder.
        saved: Files written (new or changed posts).
        skipped: Post URLs not fetched (already saved) or unchanged on the server.
        older: Posts dropped by ``since``.
        disallowed: URLs a robots.txt rule kept us from (the site owner's choice, not a failure).
        failures: (URL, reason) of pages that could not be fetched or read, robots.txt answering 5xx
            or a host not answering included.
        malformed: Links in sitemaps, feeds and listing pages that are no valid URL (skipped).
        total: Post URLs to process once the blogs were expanded.
        requests: HTTP requests made.
    """

    out: Path | None = None
    saved: list[Path] = field(default_factory=list)
    skipped: int = 0
    older: int = 0
    disallowed: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    malformed: int = 0
    total: int = 0
    requests: int = 0

    @property
    def ok(self) -> bool:
        """False when something failed, or when robots.txt kept us from everything we were asked for."""
        got_any = bool(self.saved) or self.skipped > 0 or self.older > 0
        return not self.failures and (got_any or not self.disallowed)

    def summary(self) -> str:
        """One line: saved, skipped, older, malformed links, disallowed, failed, requests."""
        parts = [f"saved {len(self.saved)}", f"skipped {self.skipped}"]
        if self.older:
            parts.append(f"older than --since {self.older}")
        if self.malformed:
            parts.append(f"malformed links skipped {self.malformed}")
        parts.append(f"disallowed by robots.txt {len(self.disallowed)}")
        parts.append(f"failed {len(self.failures)}")
        where = f" into {self.out}" if self.out is not None else ""
        return ", ".join(parts) + f" ({self.requests} requests){where}"


Progress = Callable[[CrawlReport, str], None]


# -- URLs ---------------------------------------------------------------------------------------------


def is_listing_url(url: str) -> bool:
    """True for a URL that lists posts (a blog's top, an archive, a feed, a sitemap) rather than being one."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path in ("", "/"):
        # The top page and its pages (?page=2), but not WordPress's post links (/?p=123).
        return not parts.query or bool(_PAGE_QUERY.match(parts.query))
    if path.lower().endswith(_LISTING_SUFFIXES):
        return True
    segments = [s.lower() for s in path.split("/") if s]
    return bool(segments) and (segments[0] in _LISTING_SEGMENTS or segments[-1] in _LISTING_SEGMENTS)


def _blog_root(url: str) -> str:
    """The URL of the blog a listing URL belongs to (its folder, for a blog under a path)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    keep: list[str] = []
    for segment in segments:
        if segment.lower() in _LISTING_SEGMENTS or segment.lower().endswith(_LISTING_SUFFIXES):
            break
        keep.append(segment)
    path = "/" + "/".join(keep) + ("/" if keep else "")
    return f"{parts.scheme}://{parts.netloc}{path}"


def valid_url(url: str) -> bool:
    """True for a URL ``urlsplit`` reads, host and port included (a listing may hold any string)."""
    try:
        _ = urlsplit(url).port
    except ValueError:
        return False
    return True


def looks_like_post(url: str, root: str) -> bool:
    """True for a URL under the blog's root that is not a listing (top, archive, category, feed ...)."""
    if not (valid_url(url) and valid_url(root)):
        return False
    parts, base = urlsplit(url), urlsplit(root)
    if parts.scheme not in ("http", "https") or _host(parts.netloc) != _host(base.netloc):
        return False
    if not parts.path.startswith(base.path):
        return False
    if parts.path.rstrip("/") == base.path.rstrip("/") and not parts.query:
        return False
    return not is_listing_url(url)


def _host(netloc: str) -> str:
    """A host for comparisons: sitemaps and feeds mix ``www.`` and bare hosts, http and https."""
    netloc = netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc


def url_date(url: str) -> str | None:
    """The date a post URL carries (``/entry/2024/09/02/223439`` → ``2024-09-02``), else None."""
    match = _URL_DATE.search(urlsplit(url).path)
    return "-".join(match.groups()) if match else None


def slug_for(url: str) -> str:
    """A safe file stem from a post URL's path: no separators, no dot-names, length-capped.

    ``https://blog.3qe.us/entry/2024/09/02/223439`` → ``2024-09-02-223439``.
    """
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if segments:
        segments[-1] = _PAGE_SUFFIX.sub("", segments[-1])
    meaningful = [s for s in segments if s.lower() not in _NOISE_SEGMENTS] or segments
    if not meaningful and parts.query:  # WordPress ?p=123
        meaningful = [parts.query]
    # NFKC first: full-width letters and digits become plain ones, so names stay easy to type.
    raw = unicodedata.normalize("NFKC", "-".join(meaningful))
    slug = _DASHES.sub("-", _UNSAFE.sub("-", raw)).strip("-_")
    slug = slug[:_MAX_SLUG_CHARS]
    while len(slug.encode("utf-8")) > _MAX_SLUG_BYTES:
        slug = slug[:-1]
    slug = slug.strip("-_")
    if not slug:
        slug = "post"
    if _RESERVED.match(slug):
        slug = "post-" + slug
    return slug


def _reason(err: JpblogError) -> str:
    """An error's message and hint, without its source (reports pair it with the URL)."""
    return f"{err.message} ({err.hint})" if err.hint else err.message


def _unexpected(err: Exception) -> str:
    """The failure reason of an exception no reader should raise (a bug met on one page)."""
    return f"unexpected error ({type(err).__name__}: {str(err)[:200]}); please report it with the URL"


def _url_hash(url: str) -> str:
    """A short stable hash of a URL, to tell apart two posts whose slugs collide."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]


# -- listings -----------------------------------------------------------------------------------------


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


def _xml_root(page: Page) -> Any:
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
            self.report.failures.append((redact(url), _reason(err)))
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
                self.report.failures.append((url, _reason(err)))
        except RobotsDisallowed:
            if not quiet_missing:
                self.report.disallowed.append(url)
        except FetchError as err:
            if not (quiet_missing and err.message.startswith("HTTP 4")):
                self.report.failures.append((url, _reason(err)))
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
            self.report.failures.append((url, _reason(err)))
            return []
        return self.sitemap_tree(tree, root, depth)

    def sitemap_tree(self, tree: Any, root: str, depth: int = 0) -> list[PostRef]:
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
            self.report.failures.append((page.url, f"unreadable feed: {_reason(err)}"))
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
        root = _blog_root(url)
        path = urlsplit(url).path.lower()
        if path.endswith(_LISTING_SUFFIXES) or path.rstrip("/").endswith(("/feed", "/rss", "/atom")):
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


def _child_text(elem: Any, name: str) -> str:
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
            report.failures.append((redact(url), _reason(err)))
            continue
        except Exception as err:  # a bug on one hostile listing must not end the crawl (nor be a traceback)
            report.failures.append((redact(url), _unexpected(err)))
            continue
        if not found and is_listing_url(url) and len(report.failures) + len(report.disallowed) == told:
            report.failures.append((redact(url), "found no posts (no sitemap, archive links or feed)"))
        for ref in found:
            if ref.url in seen:
                continue
            seen.add(ref.url)
            if since is not None and ref.date and ref.date[:10] < since.isoformat():
                report.older += 1
                continue
            refs.append(ref)
    return refs[:max_posts] if max_posts is not None else refs


# -- saving -------------------------------------------------------------------------------------------


def _utcnow() -> datetime:
    """Now, in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def post_markdown(post: Post, fetched_at: str) -> str:
    """A post as Markdown with YAML front matter (what ``sources.markdown`` reads back)."""
    import yaml

    front: dict[str, Any] = {
        "title": post.title,
        "url": post.url,
        "date": post.published,
        "author": post.author,
        "blog": post.blog,
        "categories": list(post.categories),
        "fetched_at": fetched_at,
    }
    front = {k: v for k, v in front.items() if v not in (None, "", [])}
    # safe_dump quotes whatever YAML would read as another type (dates, "yes", "1.0", ": ").
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000)
    return f"---\n{header}---\n\n{post.text}\n"


def content_hash(post: Post) -> str:
    """Hash of what a post says (title and text): unchanged hash, unchanged post."""
    return hashlib.sha256(f"{post.title}\n{post.text}".encode()).hexdigest()


class Corpus:
    """A corpus folder with its manifest: which URL is in which file, and how to re-check it.

    Args:
        out: The folder (created if missing).
    """

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise FetchError(f"cannot create the folder ({err.strerror})", source=str(self.out)) from err
        self.path = self.out / MANIFEST
        self.posts: dict[str, dict[str, Any]] = {}
        # A FIFO would block the read below for ever, and a symlink or device would be replaced by the
        # first save: refused before anything is fetched.
        check_replaceable(self.path, what="fetch manifest")
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.posts = dict(data.get("posts", {}))
            except (OSError, ValueError, AttributeError) as err:
                raise FetchError(
                    "the fetch manifest is unreadable", source=str(self.path), hint="delete it to start over"
                ) from err
        self._owner = {entry["file"]: url for url, entry in self.posts.items() if "file" in entry}

    def saved(self, url: str) -> dict[str, Any] | None:
        """The manifest entry of a URL whose file still exists, else None."""
        entry = self.posts.get(url)
        if entry and (self.out / entry.get("file", "\0")).is_file():
            return entry
        return None

    def file_for(self, url: str) -> str:
        """The file name of a URL: its own if known, else a free one from its slug."""
        entry = self.posts.get(url)
        if entry and "file" in entry:
            return str(entry["file"])
        slug = slug_for(url)
        for stem in (slug, f"{slug}-{_url_hash(url)}"):
            name = stem + ".md"
            if self._owner.get(name, url) == url and not (self.out / name).exists():
                return name
        n = 2
        while True:  # Two URLs with the same slug and hash prefix: practically never.
            name = f"{slug}-{_url_hash(url)}-{n}.md"
            if name not in self._owner and not (self.out / name).exists():
                return name
            n += 1

    def save(self, url: str, page: Page, post: Post, fetched_at: str) -> Path | None:
        """Write a post (never over another post's file) and record it; None when unchanged."""
        name = self.file_for(url)
        digest = content_hash(post)
        entry = self.posts.get(url, {})
        path = self.out / name
        changed = not (entry.get("sha256") == digest and path.is_file())
        if changed:
            # The folder is ours: a symlink, FIFO or device in it is refused, never followed out of the
            # folder nor replaced.
            check_replaceable(path, what="post")
            write_text(path, post_markdown(post, fetched_at), what="post")
        self.posts[url] = {
            "file": name,
            "final_url": page.url,
            "sha256": digest,
            "etag": page.etag,
            "last_modified": page.last_modified,
            "fetched_at": fetched_at,
        }
        self._owner[name] = url
        self._write()
        return path if changed else None

    def _write(self) -> None:
        """Write the manifest atomically: an interrupted crawl keeps what it saved."""
        data = {"version": 1, "posts": self.posts}
        check_replaceable(self.path, what="fetch manifest")
        write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), what="fetch manifest")


# -- crawling -----------------------------------------------------------------------------------------


def _make_fetcher(fetcher: Fetcher | None, options: dict[str, Any]) -> Fetcher:
    """The given fetcher, or a new one with the options."""
    if fetcher is not None:
        if options:
            raise TypeError("give either a fetcher or fetcher options, not both")
        return fetcher
    return Fetcher(**options)


def _too_old(post: Post, since: date | None) -> bool:
    """True when the post's date is known and before ``since``."""
    return since is not None and bool(post.published) and str(post.published)[:10] < since.isoformat()


def crawl(
    urls: str | Iterable[str],
    out: str | os.PathLike[str],
    *,
    since: date | None = None,
    max_posts: int | None = None,
    refresh: bool = False,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
    now: Callable[[], datetime] = _utcnow,
    **fetch_options: Any,
) -> CrawlReport:
    """Fetch posts and blogs into a corpus folder of Markdown files.

    Args:
        urls: Post URLs and blog URLs (see ``expand``).
        out: The corpus folder (created if missing).
        since: Skip posts dated before this day.
        max_posts: Process at most this many posts (the newest first), counting those already saved.
        refresh: Re-check posts already saved with conditional requests (ETag / Last-Modified) and
            rewrite the ones that changed; without it they are skipped without a request.
        fetcher: A ``Fetcher`` to use; otherwise one is built from ``fetch_options`` (``delay``,
            ``timeout``, ``contact`` ...).
        progress: Called with the report and the URL after each post URL.
        now: The clock for ``fetched_at``.

    Returns:
        The report; per-URL failures are in it, they do not stop the crawl.

    Raises:
        FetchError: The folder or its manifest cannot be used.
    """
    fetcher = _make_fetcher(fetcher, fetch_options)
    corpus = Corpus(out)
    report = CrawlReport(out=Path(out))
    refs = expand(urls, fetcher, since=since, max_posts=max_posts, report=report)
    report.total = len(refs)
    for ref in refs:
        _crawl_one(ref, corpus, fetcher, report, since=since, refresh=refresh, now=now)
        report.requests = fetcher.requests
        if progress is not None:
            progress(report, ref.url)
    report.requests = fetcher.requests
    return report


def _crawl_one(
    ref: PostRef,
    corpus: Corpus,
    fetcher: Fetcher,
    report: CrawlReport,
    *,
    since: date | None,
    refresh: bool,
    now: Callable[[], datetime],
) -> None:
    """Fetch and save one post, recording the outcome in the report: whatever happens, the crawl goes on."""
    try:
        entry = corpus.saved(ref.url)
        if entry is not None and not refresh:
            report.skipped += 1
            return
        if entry is not None:
            page = fetcher.get(ref.url, etag=entry.get("etag"), last_modified=entry.get("last_modified"))
            if page.not_modified:
                report.skipped += 1
                return
        else:
            page = fetcher.get(ref.url)
        name = corpus.file_for(ref.url)
        post = page_post(page, post_id=name[: -len(".md")])
        if _too_old(post, since):
            report.older += 1
            return
        # The post's own URL may be missing on generic pages; the one we fetched is the truth.
        if not post.url:
            post = replace(post, url=page.url)
        path = corpus.save(ref.url, page, post, now().isoformat())
    except RobotsUnavailable as err:  # robots.txt failing is no decision of the site owner
        report.failures.append((ref.url, _reason(err)))
        return
    except RobotsDisallowed:
        report.disallowed.append(ref.url)
        return
    except JpblogError as err:
        report.failures.append((ref.url, _reason(err)))
        return
    except OSError as err:
        report.failures.append((ref.url, f"cannot write the file ({err.strerror})"))
        return
    except Exception as err:  # a bug on one hostile page must not end the crawl (nor be a traceback)
        report.failures.append((ref.url, _unexpected(err)))
        return
    if path is None:
        report.skipped += 1
    else:
        report.saved.append(path)


def fetch_posts(
    urls: str | Iterable[str],
    *,
    since: date | None = None,
    max_posts: int | None = None,
    errors: Literal["raise", "skip"] = "skip",
    fetcher: Fetcher | None = None,
    **fetch_options: Any,
) -> Iterator[Post]:
    """Fetch posts and blogs and yield their posts (for notebooks; nothing is written).

    Args:
        urls: Post URLs and blog URLs (see ``expand``).
        since: Skip posts dated before this day.
        max_posts: Fetch at most this many posts (the newest of each blog first).
        errors: ``"skip"`` a page that cannot be fetched (logged as a warning) or ``"raise"`` its
            ``FetchError``.
        fetcher: A ``Fetcher`` to use; otherwise one is built from ``fetch_options``.

    Yields:
        ``Post`` records (``Post.source`` is the page's URL).

    Raises:
        FetchError: With ``errors="raise"``, the first page or listing that failed.
    """
    fetcher = _make_fetcher(fetcher, fetch_options)
    report = CrawlReport()
    refs = expand(urls, fetcher, since=since, max_posts=max_posts, report=report)
    if errors == "raise" and report.failures:
        url, reason = report.failures[0]
        raise FetchError(reason, source=url)
    for url, reason in report.failures:
        log.warning("skipped %s: %s", url, reason)
    for ref in refs:
        try:
            post = page_post(fetcher.get(ref.url), post_id=slug_for(ref.url))
        except FetchError as err:
            if errors == "raise":
                raise
            log.warning("skipped %s", err)
            continue
        except Exception as err:  # a bug on one hostile page: skipped like a failed one
            if errors == "raise":
                raise FetchError(_unexpected(err), source=ref.url) from err
            log.warning("skipped %s: %s", ref.url, _unexpected(err))
            continue
        if not _too_old(post, since):
            yield post


__all__ = [
    "MANIFEST",
    "Corpus",
    "CrawlReport",
    "PostRef",
    "content_hash",
    "crawl",
    "expand",
    "fetch_posts",
    "is_listing_url",
    "looks_like_post",
    "post_markdown",
    "slug_for",
    "url_date",
]
