"""What a URL string tells, without fetching it: whether we may fetch it, what kind of page it is, a file name.

``check_url`` admits only absolute http(s) URLs and turns every malformed one into a ``FetchError``
(``urlsplit`` raises ``ValueError`` on some, lets others through); ``redact`` takes ``user:password@``
out of whatever is stored or printed.  The blog-shape guesses (a listing or a post, the blog's root, a
date in the path) serve discovery; ``slug_for`` names a mirror's files.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from ..errors import FetchError

# user:password@ in the authority of a URL (up to the last @ before the path).
_USERINFO = re.compile(r"^(\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//)[^/?#]*@")
_MAX_SLUG_CHARS = 80
# File systems cap names at 255 bytes; Japanese characters take 3 bytes each in UTF-8.
_MAX_SLUG_BYTES = 150
# Path segments of listings rather than posts.
_LISTING_SEGMENTS = frozenset(
    {"archive", "archives", "category", "categories", "tag", "tags", "page", "search", "about", "feed", "rss",
     "atom", "sitemap", "author", "authors", "comments", "wp-json", "amp"}
)
#: Path endings of feeds and sitemaps.
LISTING_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".xml.gz")
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


def redact(url: str) -> str:
    """The URL without ``user:password@``: what may be stored or printed.  Never raises, whatever the string."""
    return _USERINFO.sub(r"\1", url, count=1)


def check_url(url: str) -> str:
    """Return the URL if it is an absolute http(s) URL with a host (and a valid port, if any).

    ``user:password@`` is kept (``Fetcher.get`` takes it out); error messages never show it.

    Raises:
        FetchError: Another scheme (file:, ftp:, javascript:, data: ...), no host, or a malformed
            URL (an unclosed ``[IPv6]`` host, a port that is no number from 1 to 65535).
    """
    source = redact(url.strip())[:200]
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as err:
        raise FetchError(_malformed(err), source=source, hint="check the address") from err
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(
            f"only http and https URLs are fetched, not {parts.scheme + ':' if parts.scheme else 'a relative URL'}",
            source=source,
            hint="give the post's or blog's web address, starting with https://",
        )
    if not parts.hostname:
        raise FetchError("the URL names no host", source=source, hint="give a full address like https://example.com/")
    if port == 0:
        raise FetchError(_malformed(ValueError("Port out of range")), source=source, hint="check the address")
    # Fragments never reach the server; dropping them makes #comments links the same page.
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def _malformed(err: ValueError) -> str:
    """The message for a URL ``urlsplit`` refuses, in words a user knows."""
    text = str(err)
    if "IPv6" in text or "IPv4" in text:
        return "the URL is malformed (its [IPv6] host is not closed or not an address)"
    if "Port" in text:
        return "the URL's port is not a number from 1 to 65535"
    return f"the URL is malformed ({text})"


def join_url(base: str, ref: str) -> str:
    """``urljoin`` that raises ``FetchError`` rather than ``ValueError`` on a malformed reference."""
    try:
        return urljoin(base, ref)
    except ValueError as err:
        raise FetchError(_malformed(err), source=redact(ref)[:200], hint="the link is broken") from err


def is_listing_url(url: str) -> bool:
    """True for a URL that lists posts (a blog's top, an archive, a feed, a sitemap) rather than being one."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path in ("", "/"):
        # The top page and its pages (?page=2), but not WordPress's post links (/?p=123).
        return not parts.query or bool(_PAGE_QUERY.match(parts.query))
    if path.lower().endswith(LISTING_SUFFIXES):
        return True
    segments = [s.lower() for s in path.split("/") if s]
    return bool(segments) and (segments[0] in _LISTING_SEGMENTS or segments[-1] in _LISTING_SEGMENTS)


def blog_root(url: str) -> str:
    """The URL of the blog a listing URL belongs to (its folder, for a blog under a path)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    keep: list[str] = []
    for segment in segments:
        if segment.lower() in _LISTING_SEGMENTS or segment.lower().endswith(LISTING_SUFFIXES):
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


__all__ = [
    "LISTING_SUFFIXES",
    "blog_root",
    "check_url",
    "is_listing_url",
    "join_url",
    "looks_like_post",
    "redact",
    "slug_for",
    "url_date",
    "valid_url",
]
