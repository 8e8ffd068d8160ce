"""What a crawl did, filled in as it goes: discovery records failed listings, the crawl failed posts.

Every URL stands alone: its failure is a line in the report (with the reason a user can act on), and
the crawl goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import JpblogError


@dataclass(frozen=True, slots=True)
class CrawlFailure:
    """A page that could not be fetched or read, and why (a line of the crawl's report).

    Attributes:
        url: The page's URL (credentials redacted).
        reason: What went wrong, in words a user can act on.
    """

    url: str
    reason: str

    def __iter__(self) -> Iterator[str]:
        """``url, reason = failure``: the (URL, reason) pairs this record replaces still unpack."""
        yield self.url
        yield self.reason


@dataclass(slots=True)
class CrawlReport:
    """What a crawl did.

    Attributes:
        out: The corpus folder.
        saved: Files written (new or changed posts).
        skipped: Post URLs not fetched (already saved) or unchanged on the server.
        older: Posts dropped by ``since``.
        disallowed: URLs a robots.txt rule kept us from (the site owner's choice, not a failure).
        failures: Pages that could not be fetched or read (``CrawlFailure``), robots.txt answering 5xx
            or a host not answering included; added to with ``fail``.
        malformed: Links in sitemaps, feeds and listing pages that are no valid URL (skipped).
        total: Post URLs to process once the blogs were expanded.
        requests: HTTP requests made.
    """

    out: Path | None = None
    saved: list[Path] = field(default_factory=list)
    skipped: int = 0
    older: int = 0
    disallowed: list[str] = field(default_factory=list)
    failures: tuple[CrawlFailure, ...] = ()
    malformed: int = 0
    total: int = 0
    requests: int = 0

    def fail(self, url: str, reason: str) -> None:
        """Record a page that failed (the report is filled in as the crawl goes; each failure is a record).

        The tuple is copied at each failure: every failure costs an HTTP request and the politeness delay,
        so a crawl never records enough of them for the copies to matter.
        """
        self.failures += (CrawlFailure(url, reason),)

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


def failure_reason(err: JpblogError) -> str:
    """An error's message and hint, without its source (reports pair it with the URL)."""
    return f"{err.message} ({err.hint})" if err.hint else err.message


def unexpected_failure(err: Exception) -> str:
    """The failure reason of an exception no reader should raise (a bug met on one page)."""
    return f"unexpected error ({type(err).__name__}: {str(err)[:200]}); please report it with the URL"


__all__ = ["CrawlFailure", "CrawlReport", "failure_reason", "unexpected_failure"]
