"""A polite HTTP client for blog pages: robots.txt, one request at a time per host, retries, caps.

The minimum a scraper owes the sites it reads:

* robots.txt is obeyed (and its ``Crawl-delay`` when longer than ours); a disallowed URL is never
  requested, also when a redirect leads to it;
* requests to one host are spaced by ``delay`` seconds (1 s by default), measured from the end of the
  previous response, and never run in parallel (one lock for the whole client);
* the User-Agent names the tool, its version and where to read about it, plus a contact address when
  given;
* 429, 5xx and connection errors are retried with exponential backoff, honouring ``Retry-After``;
* responses are streamed and cut at ``max_bytes``; only ``http`` and ``https`` are fetched;
* each request has an overall ``deadline`` (30 s by default): a server trickling its headers or body
  a byte at a time is cut off, as the ``timeout`` only bounds each read;
* ``user:password@`` in a URL is sent to that origin only, and never kept in a URL we store or print.

Sleeping and the clock are injectable so tests run without waiting.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .. import __version__
from ..errors import FetchError
from .page import Page
from .urls import check_url, join_url, redact

if TYPE_CHECKING:
    import requests

    from .deadline import Deadline

HOMEPAGE = "https://example.invalid/jpblog-nlp"
#: The robots.txt token that names us (``User-agent: jpblog-nlp`` rules apply to this tool).
ROBOTS_AGENT = "jpblog-nlp"
USER_AGENT = f"{ROBOTS_AGENT}/{__version__} (+{HOMEPAGE})"
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 20.0
#: Seconds one request (connection, headers and body) may take in all: 5 MB at 200 KB/s fits.
DEFAULT_DEADLINE = 30.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_RETRIES = 3
#: Longest ``Retry-After`` or robots.txt ``Crawl-delay`` we wait for; a server asking for more is
#: left alone (the user can run the fetch again later).
MAX_WAIT = 120.0
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
# The charset parameter of a Content-Type header (text/html; charset=EUC-JP); the page decides in ``charset``.
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


class RobotsDisallowed(FetchError):
    """robots.txt of the site does not allow us to fetch the URL."""


class RobotsUnavailable(RobotsDisallowed):
    """robots.txt answered 5xx or 429, or could not be read: RFC 9309 says to crawl nothing for now.

    Unlike a ``Disallow`` rule this is no decision of the site owner: a crawl reports it as a failure.
    """


class _Unreachable(FetchError):
    """No answer at all from the server (connection refused, timed out, reset), after the retries."""


def user_agent(contact: str | None = None) -> str:
    """The User-Agent header: tool, version, homepage and, when given, a contact address."""
    if contact and contact.strip():
        # Keep the header one clean line whatever the user typed.
        clean = " ".join(contact.replace("(", " ").replace(")", " ").replace(";", " ").split())
        return f"{ROBOTS_AGENT}/{__version__} (+{HOMEPAGE}; {clean})"
    return USER_AGENT


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks us to wait (delta-seconds or HTTP-date), None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²" or "٣", which str.isdigit accepts
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
    """robots.txt rules of one origin, or why it could not be read (then nothing is allowed).

    ``error`` is raised for every URL of the origin: ``RobotsUnavailable`` for a robots.txt that
    answered 5xx/429 or could not be read, a plain ``FetchError`` when the host did not answer at all.
    """

    parser: urllib.robotparser.RobotFileParser | None
    error: FetchError | None = None


class Fetcher:
    """A polite HTTP client; one instance per crawl, so delays and robots.txt are shared.

    Args:
        delay: Seconds between two requests to the same host (robots.txt ``Crawl-delay`` raises it).
        timeout: Seconds to wait for the connection and for each read.
        deadline: Seconds one request may take in all (connection, headers, body), however the server
            paces its bytes; a request past it is cut off and not retried.
        max_bytes: Largest response body accepted.
        retries: How many times a 429, 5xx or connection error is retried.
        backoff: First retry wait in seconds, doubled at each further retry.
        max_wait: Longest ``Retry-After`` / ``Crawl-delay`` honoured; a server asking for more is given up on
            (its URLs fail with a message saying so).
        max_redirects: Redirects followed for one URL.
        contact: An e-mail address or URL added to the User-Agent so site owners can reach you.
        obey_robots: Set to False only for sites you own.
        sleep: ``time.sleep`` (injectable for tests).
        clock: ``time.monotonic`` (injectable for tests).
        session: A ``requests.Session`` to use (a new one by default); its http and https adapters are
            replaced by ones that enforce the deadline.
    """

    def __init__(
        self,
        *,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
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
        if delay < 0 or timeout <= 0 or deadline <= 0 or max_bytes <= 0 or retries < 0:
            raise FetchError(
                "delay and retries must be >= 0, timeout, deadline and max_bytes > 0",
                hint="check the fetch options",
            )
        import requests

        from .deadline import DeadlineAdapter

        self.delay = delay
        self.timeout = timeout
        self.deadline = deadline
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
        for prefix in ("http://", "https://"):
            self._session.mount(prefix, DeadlineAdapter())
        self._last: dict[str, float] = {}
        # Credentials given in URLs, by origin: sent there only, never kept in a URL.
        self._auth: dict[str, tuple[str, str]] = {}
        self._robots: dict[str, _Robots] = {}
        self._lock = threading.RLock()
        #: HTTP requests made (robots.txt, retries and redirects included).
        self.requests = 0

    # -- politeness -------------------------------------------------------------------------------

    def _crawl_delay(self, origin: str) -> int | float | None:
        """The robots.txt ``Crawl-delay`` of an origin for us, if robots.txt was read and sets one."""
        robots = self._robots.get(origin)
        if robots is None or robots.parser is None:
            return None
        try:
            return robots.parser.crawl_delay(self.user_agent)
        except (TypeError, ValueError):
            return None

    def _delay_for(self, origin: str) -> float:
        """Our delay, or the site's Crawl-delay when longer (capped at ``max_wait``)."""
        crawl_delay = self._crawl_delay(origin)
        if crawl_delay is None:
            return self.delay
        # Compared before any float(): a 400-digit Crawl-delay is an int too large for a float.
        return max(self.delay, self.max_wait if crawl_delay > self.max_wait else float(crawl_delay))

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
        """Fetch and parse robots.txt; 404 means everything is allowed, 401/403 nothing.

        RFC 9309: a robots.txt that is unreachable or answers 5xx means the whole site is disallowed
        for now; 429 is taken the same way.  Each case keeps its own message, so a refusal says why.
        """
        url = origin + "/robots.txt"
        host = urlsplit(origin).netloc
        hint = "as RFC 9309 asks, nothing is fetched from the site until robots.txt can be read; try again later"
        try:
            status, body = self._get_robots(url)
        except _Unreachable as err:
            return _Robots(None, FetchError(f"cannot reach {host}: {err.message}", hint=err.hint))
        except FetchError as err:
            return _Robots(None, RobotsUnavailable(f"robots.txt could not be read: {err.message}", hint=hint))
        parser = urllib.robotparser.RobotFileParser(url)
        if status == 429 or status >= 500:  # "too many requests" is no answer about what is allowed
            return _Robots(None, RobotsUnavailable(f"robots.txt answered HTTP {status} {_phrase(status)}".rstrip(),
                                                   hint=hint))
        if status in (401, 403):
            parser.disallow_all = True
        elif status >= 400:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        return _Robots(parser)

    def _get_robots(self, url: str) -> tuple[int, bytes]:
        """Status and body of a robots.txt (4xx and 5xx are answers about the site, not errors)."""
        page = self._request(url, check_robots=False, accept_status=range(400, 600))
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
        """Raise for a URL robots.txt keeps us from, or whose site asks for a Crawl-delay past ``max_wait``.

        Raises:
            RobotsDisallowed: A rule disallows the URL.
            RobotsUnavailable: robots.txt answered 5xx/429 or could not be read.
            FetchError: The host does not answer; its Crawl-delay is longer than we wait.
        """
        robots = self.robots(url)
        if robots.error is not None:
            err = robots.error
            raise type(err)(err.message, source=url, hint=err.hint)
        if not self.allowed(url):
            raise RobotsDisallowed(
                "robots.txt of the site disallows it",
                source=url,
                hint="skipped; the site owner asked crawlers to stay away",
            )
        crawl_delay = self._crawl_delay(_origin(url))
        if crawl_delay is not None and crawl_delay > self.max_wait:
            shown = f"{crawl_delay:g}" if crawl_delay < 10**15 else "more than 10^15"
            raise FetchError(
                f"{urlsplit(url).netloc} asks for {shown} s between requests (robots.txt Crawl-delay), "
                f"more than the {self.max_wait:g} s we wait",
                source=url,
                hint="the site does not want to be crawled at any useful pace; skipped",
            )

    def sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs robots.txt lists for the URL's origin."""
        robots = self.robots(url)
        if robots.parser is None:
            return []
        return list(robots.parser.site_maps() or [])

    def remember_credentials(self, url: str) -> str:
        """Keep ``user:password@`` of a URL for its origin and return the URL without it.

        The credentials are then sent (HTTP basic auth) with every request to that origin, and only
        there; the first ones given for an origin win, so a link on a page cannot replace the user's.
        """
        clean = redact(url)
        if clean == url:
            return url
        try:
            parts = urlsplit(url)
            user, password = parts.username, parts.password
        except ValueError:
            return clean
        self._auth.setdefault(_origin(clean), (unquote(user or ""), unquote(password or "")))
        return clean

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
        return self._request(self.remember_credentials(check_url(url)), check_robots=self.obey_robots, headers=headers)

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
            response, deadline = self._send(current, headers or {})
            try:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    response.close()
                    try:
                        # Credentials a server puts in a Location are dropped; the user's stay with their origin.
                        current = redact(check_url(join_url(current, response.headers["Location"])))
                    except FetchError as err:
                        raise FetchError(
                            f"redirected to a URL we do not fetch ({err.message})", source=url, hint="check the URL"
                        ) from err
                    continue
                return self._page(url, current, response, accept_status, deadline)
            finally:
                deadline.cancel()
        raise FetchError(
            f"more than {self.max_redirects} redirects",
            source=url,
            hint="open the URL in a browser to see where it leads",
        )

    def _send(self, url: str, headers: Mapping[str, str]) -> tuple[requests.Response, Deadline]:
        """One request with retries on 429, 5xx and connection errors; body not read yet.

        Returns the response and the running deadline of its attempt, which the caller cancels once
        the body is read (the body counts against it too).
        """
        import requests

        from .deadline import Deadline

        origin = _origin(url)
        attempt = 0
        while True:
            deadline = Deadline(self.deadline)
            with self._lock:
                self._wait_turn(origin)
                self.requests += 1
                try:
                    with deadline.start().active():
                        response = self._session.get(
                            url, headers=dict(headers), timeout=(self.timeout, self.timeout), stream=True,
                            allow_redirects=False, auth=self._auth.get(origin),
                        )
                    error: Exception | None = None
                except requests.RequestException as err:
                    response, error = None, err
                except ValueError as err:
                    # requests parses a redirect's Location even when not following it: a malformed
                    # one ("http://[::1/x") raises here.  A broken answer is not worth a retry.
                    deadline.cancel()
                    raise FetchError(
                        f"the server's answer is malformed ({err})",
                        source=url,
                        hint="probably a broken redirect (Location header); open the URL in a browser",
                    ) from err
                finally:
                    self._last[origin] = self._clock()
            if response is None:
                deadline.cancel()
                if deadline.expired:  # a server this slow would be as slow again: no retry
                    raise self._too_slow(url) from error
            elif not _retryable(response.status_code):
                return response, deadline
            if attempt >= self.retries:
                if response is not None:
                    return response, deadline
                raise _Unreachable(
                    f"{_describe(error)} after {attempt + 1} attempt{'s' if attempt else ''}",
                    source=url,
                    hint="check the address and your connection, or try again later",
                ) from error
            wait = self.backoff * 2**attempt
            if response is not None:
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                response.close()
                deadline.cancel()
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

    def _too_slow(self, url: str) -> FetchError:
        """The error for a request cut off at the deadline."""
        return FetchError(
            f"no complete answer within {self.deadline:g} s (the server sends too slowly or stalls)",
            source=url,
            hint="try again later, or allow more time with --deadline",
        )

    def _page(
        self, url: str, final: str, response: requests.Response, accept_status: range | None, deadline: Deadline
    ) -> Page:
        """Check the status, read the body within the size cap and the deadline, and build the ``Page``."""
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
        return Page(content=self._read(final, response, deadline), **common)

    def _read(self, url: str, response: requests.Response, deadline: Deadline) -> bytes:
        """Stream the body; stop at ``max_bytes`` or at the deadline.

        The deadline cuts the connection under a read that waits on a trickling server; without a
        Content-Length the cut looks like the end of the body, so ``expired`` is checked after the
        loop too.  The clock check in the loop is for connections the deadline cannot watch (SOCKS).
        """
        import requests

        length = response.headers.get("Content-Length", "")
        if length.isascii() and length.isdigit() and int(length) > self.max_bytes:
            response.close()
            raise _too_big(url, self.max_bytes)
        chunks: list[bytes] = []
        size = 0
        ends = time.monotonic() + self.deadline
        try:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > self.max_bytes:
                    raise _too_big(url, self.max_bytes)
                if deadline.expired or time.monotonic() > ends:
                    raise self._too_slow(url)
                chunks.append(chunk)
        except requests.RequestException as err:
            if deadline.expired:
                raise self._too_slow(url) from err
            raise FetchError(f"{_describe(err)} while reading the page", source=url, hint="try again later") from err
        finally:
            response.close()
        if deadline.expired:
            raise self._too_slow(url)
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
        # urllib3 wraps http.client's complaints (a 100 KB header line, 101 headers, a status line
        # that is no HTTP) as a connection error; the server did answer, only not in HTTP.
        if _not_http(err):
            return "the server's answer is not valid HTTP"
        return "could not connect"
    return f"request failed ({type(err).__name__})" if err else "request failed"


def _not_http(err: BaseException) -> bool:
    """True when an http.client parse error (other than a closed connection) is inside ``err``."""
    import http.client

    seen: list[BaseException] = [err]
    for _ in range(8):  # requests error → urllib3 error → http.client error, wrapped in args or chained
        if not seen:
            return False
        current = seen.pop()
        if isinstance(current, http.client.HTTPException) and not isinstance(current, http.client.RemoteDisconnected):
            return True
        seen.extend(arg for arg in current.args if isinstance(arg, BaseException))
        if current.__cause__ is not None:
            seen.append(current.__cause__)
    return False


def _phrase(status: int) -> str:
    """The standard reason phrase of an HTTP status ("Internal Server Error"), "" for an unknown one."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _status_hint(status: int) -> str:
    """What to do about an HTTP error status."""
    if status in (404, 410):
        return "the page does not exist (any more); check the URL"
    if status in (401, 403):
        return "the page is private or refuses crawlers"
    if status == 429 or status >= 500:
        return "the server is busy or failing; try again later"
    return "check the URL"


__all__ = [
    "USER_AGENT",
    "Fetcher",
    "Page",
    "RobotsDisallowed",
    "RobotsUnavailable",
    "retry_after_seconds",
    "user_agent",
]
