"""A polite HTTP client for blog pages: robots.txt, one request at a time per host, retries, caps.

The minimum a scraper owes the sites it reads:

* robots.txt is obeyed (and its ``Crawl-delay`` when longer than ours); a disallowed URL is never
  requested, also when a redirect leads to it;
* requests to one host are spaced by ``delay`` seconds (1 s by default), measured from the end of the
  previous response, and never run in parallel (one lock for the whole client);
* the User-Agent names the tool, its version and where to read about it, plus a contact address when
  given;
* 429, 5xx and connection errors are retried with exponential backoff, honouring ``Retry-After``;
* responses are streamed and cut at ``max_bytes``; only ``http`` and ``https`` are fetched.

Sleeping and the clock are injectable so tests run without waiting.
"""

from __future__ import annotations

import codecs
import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from . import __version__
from .errors import FetchError, JpblogError
from .records import Post

if TYPE_CHECKING:
    import requests

HOMEPAGE = "https://example.invalid/jpblog-nlp"
#: The robots.txt token that names us (``User-agent: jpblog-nlp`` rules apply to this tool).
ROBOTS_AGENT = "jpblog-nlp"
USER_AGENT = f"{ROBOTS_AGENT}/{__version__} (+{HOMEPAGE})"
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_RETRIES = 3
#: Longest ``Retry-After`` or robots.txt ``Crawl-delay`` we wait for; a server asking for more is
#: left alone (the user can run the fetch again later).
MAX_WAIT = 120.0
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
# <meta charset="shift_jis"> or <meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
# Labels pages declare whose real encoding is a superset: Japanese "Shift_JIS" pages are written by
# Windows tools (CP932: NEC/IBM extensions such as ① and ㈱), "EUC-JP" ones often hold CP51932 extras.
_CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "csshiftjis": "cp932",
    "euc-jp": "euc_jp",
    "x-euc-jp": "euc_jp",
}


class RobotsDisallowed(FetchError):
    """robots.txt of the site does not allow us to fetch the URL."""


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response.

    Attributes:
        url: The final URL, after redirects.
        status: 200, or 304 when a conditional request found the page unchanged (``content`` is empty).
        content: The body's bytes (decompressed), at most ``max_bytes``.
        content_type: The media type, lower-cased, without parameters (``text/html``).
        charset: The charset the ``Content-Type`` header declares, if any.
        etag: The ``ETag`` header, for a later conditional request.
        last_modified: The ``Last-Modified`` header, likewise.
        requested_url: The URL asked for.
    """

    url: str
    status: int
    content: bytes
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    requested_url: str = ""

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    def text(self) -> str:
        """The body decoded by its declared or detected charset (see ``decode_page``)."""
        return decode_page(self.content, self.charset, self.url)[0]


def user_agent(contact: str | None = None) -> str:
    """The User-Agent header: tool, version, homepage and, when given, a contact address."""
    if contact and contact.strip():
        # Keep the header one clean line whatever the user typed.
        clean = " ".join(contact.replace("(", " ").replace(")", " ").replace(";", " ").split())
        return f"{ROBOTS_AGENT}/{__version__} (+{HOMEPAGE}; {clean})"
    return USER_AGENT


def check_url(url: str) -> str:
    """Return the URL if it is an absolute http(s) URL with a host.

    Raises:
        FetchError: Another scheme (file:, ftp:, javascript:, data: ...) or no host.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(
            f"only http and https URLs are fetched, not {parts.scheme + ':' if parts.scheme else 'a relative URL'}",
            source=url[:200],
            hint="give the post's or blog's web address, starting with https://",
        )
    if not parts.hostname:
        raise FetchError("the URL names no host", source=url[:200], hint="give a full address like https://example.com/")
    # Fragments never reach the server; dropping them makes #comments links the same page.
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def _normalize_charset(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(content: bytes, header_charset: str | None = None) -> str | None:
    """The charset a page declares: Content-Type header first, then ``<meta charset>`` or ``<?xml encoding?>``."""
    found = _normalize_charset(header_charset)
    if found:
        return found
    head = content[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            found = _normalize_charset(match.group(1).decode("ascii", "replace"))
            if found:
                return found
    return None


def decode_page(content: bytes, header_charset: str | None, url: str) -> tuple[str, str]:
    """Decode a page: a BOM wins, then the declared charset, else detection (``decode_bytes``).

    A declared charset that does not decode the bytes is a lie often told by old templates (a
    ``Shift_JIS`` meta left in a page since re-saved as UTF-8), so detection takes over.

    Returns:
        (text, codec name).

    Raises:
        FetchError: Binary content or bytes no supported encoding reads.
    """
    from .sources.decode import decode_bytes

    if not content.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = declared_charset(content, header_charset)
        if charset:
            try:
                return content.decode(charset), charset
            except UnicodeDecodeError:
                pass
    try:
        return decode_bytes(content, url)
    except JpblogError as err:
        raise FetchError(err.message, source=url, hint="the page is not text in an encoding we read") from err


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks us to wait (delta-seconds or HTTP-date), None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _origin(url: str) -> str:
    """scheme://host[:port] of a URL: the unit of robots.txt and of politeness."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(slots=True)
class _Robots:
    """robots.txt rules of one origin, or the reason it could not be read (then nothing is allowed)."""

    parser: urllib.robotparser.RobotFileParser | None
    error: str | None = None


class Fetcher:
    """A polite HTTP client; one instance per crawl, so delays and robots.txt are shared.

    Args:
        delay: Seconds between two requests to the same host (robots.txt ``Crawl-delay`` raises it).
        timeout: Seconds to wait for the connection and for each read; a whole response may take four
            times as long before it is abandoned.
        max_bytes: Largest response body accepted.
        retries: How many times a 429, 5xx or connection error is retried.
        backoff: First retry wait in seconds, doubled at each further retry.
        max_wait: Longest ``Retry-After`` / ``Crawl-delay`` honoured; a server asking for more is given up on.
        max_redirects: Redirects followed for one URL.
        contact: An e-mail address or URL added to the User-Agent so site owners can reach you.
        obey_robots: Set to False only for sites you own.
        sleep: ``time.sleep`` (injectable for tests).
        clock: ``time.monotonic`` (injectable for tests).
        session: A ``requests.Session`` to use (a new one by default).
    """

    def __init__(
        self,
        *,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        retries: int = DEFAULT_RETRIES,
        backoff: float = 1.0,
        max_wait: float = MAX_WAIT,
        max_redirects: int = MAX_REDIRECTS,
        contact: str | None = None,
        obey_robots: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        session: requests.Session | None = None,
    ) -> None:
        if delay < 0 or timeout <= 0 or max_bytes <= 0 or retries < 0:
            raise FetchError(
                "delay and retries must be >= 0, timeout and max_bytes > 0",
                hint="check the fetch options",
            )
        import requests

        self.delay = delay
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.max_redirects = max_redirects
        self.user_agent = user_agent(contact)
        self.obey_robots = obey_robots
        self._sleep = sleep
        self._clock = clock
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = self.user_agent
        self._last: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._lock = threading.RLock()
        #: HTTP requests made (robots.txt, retries and redirects included).
        self.requests = 0

    # -- politeness -------------------------------------------------------------------------------

    def _delay_for(self, origin: str) -> float:
        """Our delay, or the site's Crawl-delay when longer (capped at ``max_wait``)."""
        robots = self._robots.get(origin)
        crawl_delay = None
        if robots is not None and robots.parser is not None:
            try:
                crawl_delay = robots.parser.crawl_delay(self.user_agent)
            except (TypeError, ValueError):
                crawl_delay = None
        if crawl_delay is None:
            return self.delay
        return max(self.delay, min(float(crawl_delay), self.max_wait))

    def _wait_turn(self, origin: str) -> None:
        """Sleep until ``delay`` seconds have passed since the end of the last request to this origin."""
        last = self._last.get(origin)
        if last is None:
            return
        wait = last + self._delay_for(origin) - self._clock()
        if wait > 0:
            self._sleep(wait)

    def robots(self, url: str) -> _Robots:
        """The robots.txt rules of a URL's origin, fetched once per origin."""
        origin = _origin(url)
        with self._lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
            return self._robots[origin]

    def _load_robots(self, origin: str) -> _Robots:
        """Fetch and parse robots.txt; 404 means everything is allowed, 401/403/5xx nothing."""
        url = origin + "/robots.txt"
        try:
            status, body = self._get_robots(url)
        except FetchError as err:
            # Unreachable robots.txt: like the big crawlers, assume the site wants no crawling now.
            return _Robots(None, f"robots.txt could not be read ({err.message})")
        parser = urllib.robotparser.RobotFileParser(url)
        if status == 429:  # "too many requests" is no answer about what is allowed
            return _Robots(None, "robots.txt could not be read (HTTP 429 Too Many Requests)")
        if status in (401, 403):
            parser.disallow_all = True
        elif status >= 400:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        return _Robots(parser)

    def _get_robots(self, url: str) -> tuple[int, bytes]:
        """Status and body of a robots.txt (4xx are answers, not errors)."""
        page = self._request(url, check_robots=False, accept_status=range(400, 500))
        return page.status, page.content

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets us fetch the URL (always, with ``obey_robots=False``)."""
        if not self.obey_robots:
            return True
        robots = self.robots(url)
        if robots.parser is None:
            return False
        return robots.parser.can_fetch(self.user_agent, url)

    def _check_robots(self, url: str) -> None:
        """Raise ``RobotsDisallowed`` for a URL robots.txt keeps us from."""
        if self.allowed(url):
            return
        robots = self.robots(url)
        reason = robots.error or "robots.txt of the site disallows it"
        raise RobotsDisallowed(reason, source=url, hint="skipped; the site owner asked crawlers to stay away")

    def sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs robots.txt lists for the URL's origin."""
        robots = self.robots(url)
        if robots.parser is None:
            return []
        return list(robots.parser.site_maps() or [])

    # -- requests ---------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """Fetch a URL politely.

        Args:
            url: An http(s) URL.
            etag: ``ETag`` of a copy we have: the server may answer 304 (``Page.not_modified``).
            last_modified: ``Last-Modified`` of a copy we have, likewise.

        Returns:
            The page (status 200 or 304).

        Raises:
            RobotsDisallowed: robots.txt disallows the URL or a redirect target.
            FetchError: Bad scheme, HTTP error, timeout, too big, too many redirects.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(check_url(url), check_robots=self.obey_robots, headers=headers)

    def _request(
        self,
        url: str,
        *,
        check_robots: bool,
        headers: Mapping[str, str] | None = None,
        accept_status: range | None = None,
    ) -> Page:
        """Follow redirects (re-checking scheme and robots at each hop) and return the final page."""
        current = url
        for _hop in range(self.max_redirects + 1):
            if check_robots:
                self._check_robots(current)
            response = self._send(current, headers or {})
            if response.status_code in _REDIRECTS and response.headers.get("Location"):
                response.close()
                target = urljoin(current, response.headers["Location"])
                try:
                    current = check_url(target)
                except FetchError as err:
                    raise FetchError(
                        f"redirected to a URL we do not fetch ({err.message})", source=url, hint="check the URL"
                    ) from err
                continue
            return self._page(url, current, response, accept_status)
        raise FetchError(
            f"more than {self.max_redirects} redirects",
            source=url,
            hint="open the URL in a browser to see where it leads",
        )

    def _send(self, url: str, headers: Mapping[str, str]) -> requests.Response:
        """One request with retries on 429, 5xx and connection errors; body not read yet."""
        import requests

        origin = _origin(url)
        attempt = 0
        while True:
            with self._lock:
                self._wait_turn(origin)
                self.requests += 1
                try:
                    response = self._session.get(
                        url, headers=dict(headers), timeout=(self.timeout, self.timeout), stream=True,
                        allow_redirects=False,
                    )
                    error: Exception | None = None
                except requests.RequestException as err:
                    response, error = None, err
                finally:
                    self._last[origin] = self._clock()
            if response is not None and not _retryable(response.status_code):
                return response
            if attempt >= self.retries:
                if response is not None:
                    return response
                raise FetchError(
                    f"{_describe(error)} after {attempt + 1} attempt{'s' if attempt else ''}",
                    source=url,
                    hint="check the address and your connection, or try again later",
                ) from error
            wait = self.backoff * 2**attempt
            if response is not None:
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                response.close()
                if asked is not None:
                    if asked > self.max_wait:
                        raise FetchError(
                            f"HTTP {response.status_code}: the server asks to wait {asked:.0f} s before retrying",
                            source=url,
                            hint="try again later",
                        )
                    wait = max(wait, asked)
            attempt += 1
            if wait > 0:
                self._sleep(wait)

    def _page(self, url: str, final: str, response: requests.Response, accept_status: range | None) -> Page:
        """Check the status, read the body within the size cap and build the ``Page``."""
        status = response.status_code
        headers = response.headers
        content_type = headers.get("Content-Type", "")
        match = _CHARSET_PARAM.search(content_type)
        common: dict[str, Any] = {
            "url": final,
            "status": status,
            "content_type": content_type.split(";", 1)[0].strip().lower(),
            "charset": match.group(1) if match else None,
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
            "requested_url": url,
        }
        if status == 304:
            response.close()
            return Page(content=b"", **common)
        if status >= 400 and not (accept_status and status in accept_status):
            response.close()
            raise FetchError(f"HTTP {status} {response.reason or ''}".rstrip(), source=final, hint=_status_hint(status))
        if 300 <= status < 400:
            response.close()
            raise FetchError(f"HTTP {status} without a usable Location", source=final, hint="check the URL")
        return Page(content=self._read(final, response), **common)

    def _read(self, url: str, response: requests.Response) -> bytes:
        """Stream the body; stop at ``max_bytes`` or when it takes far longer than ``timeout``."""
        import requests

        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            response.close()
            raise _too_big(url, self.max_bytes)
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + 4 * self.timeout
        try:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > self.max_bytes:
                    raise _too_big(url, self.max_bytes)
                if time.monotonic() > deadline:
                    raise FetchError(
                        f"the response took more than {4 * self.timeout:.0f} s", source=url, hint="try again later"
                    )
                chunks.append(chunk)
        except requests.RequestException as err:
            raise FetchError(f"{_describe(err)} while reading the page", source=url, hint="try again later") from err
        finally:
            response.close()
        return b"".join(chunks)


def _retryable(status: int) -> bool:
    """429 and 5xx are worth a retry (501 Not Implemented and 505 never change)."""
    return status == 429 or (500 <= status < 600 and status not in (501, 505))


def _too_big(url: str, max_bytes: int) -> FetchError:
    """The error for a response over the size cap."""
    return FetchError(
        f"the response is bigger than {max_bytes // 1024} KB",
        source=url,
        hint="not a blog post; raise max_bytes if you really need it",
    )


def _describe(err: BaseException | None) -> str:
    """A short human description of a requests exception."""
    import requests

    if isinstance(err, requests.Timeout):
        return "timed out"
    if isinstance(err, requests.ConnectionError):
        return "could not connect"
    return f"request failed ({type(err).__name__})" if err else "request failed"


def _status_hint(status: int) -> str:
    """What to do about an HTTP error status."""
    if status in (404, 410):
        return "the page does not exist (any more); check the URL"
    if status in (401, 403):
        return "the page is private or refuses crawlers"
    if status == 429 or status >= 500:
        return "the server is busy or failing; try again later"
    return "check the URL"


def page_post(page: Page, post_id: str | None = None, **options: object) -> Post:
    """Read the post of a fetched page (Hatena Blog HTML, any HTML page, or the first entry of a feed).

    Args:
        page: A page with content (not a 304).
        post_id: Id of the post (default: the URL).
        **options: Passed to the reader.

    Raises:
        FetchError: The page holds no post we can read (empty, not HTML, malformed).
    """
    from .sources import _posts_from_text, sniff_format

    text = page.text()
    fmt = "feed" if sniff_format(text, "") == "feed" else "html"
    try:
        for post in _posts_from_text(text, page.url, post_id or page.url, fmt, ".html", **options):
            if isinstance(post, Post):
                return post if post.url else _with_url(post, page.url)
    except JpblogError as err:
        raise FetchError(
            f"no readable post in the page: {err.message}", source=page.url, hint="check that the URL is a blog post"
        ) from err
    raise FetchError("no post in the page", source=page.url, hint="check that the URL is a blog post")


def _with_url(post: Post, url: str) -> Post:
    """The post with its URL filled in."""
    from dataclasses import replace

    return replace(post, url=url)


def fetch_post(url: str, *, fetcher: Fetcher | None = None, **options: Any) -> Post:
    """Fetch one blog post and read it.

    Args:
        url: The post's http(s) URL.
        fetcher: A ``Fetcher`` to reuse (its delays and robots.txt cache); a new one otherwise.
        **options: ``Fetcher`` options (``delay``, ``timeout``, ``contact`` ...).

    Returns:
        The post; ``Post.source`` and ``Post.url`` are the final URL.

    Raises:
        FetchError: Disallowed by robots.txt, HTTP error, timeout, no post in the page.
    """
    fetcher = fetcher or Fetcher(**options)
    return page_post(fetcher.get(url))


__all__ = [
    "USER_AGENT",
    "Fetcher",
    "Page",
    "RobotsDisallowed",
    "check_url",
    "declared_charset",
    "decode_page",
    "fetch_post",
    "page_post",
    "retry_after_seconds",
    "user_agent",
]
