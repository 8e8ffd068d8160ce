"""Turn blog URLs into posts: a post URL is one post, a blog's URL expands into all its posts (``discover``).

``crawl`` saves each post into a ``Mirror`` folder (Markdown with YAML front matter, ready for
``jpblog batch``), skipping what a previous run saved; ``fetch_posts`` yields the posts instead, for
notebooks.

Every URL and every page stands alone: a hostile or broken one is recorded in the report (a malformed
link in a listing is skipped and counted) and the crawl goes on.  No URL stored or printed carries
``user:password@``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal

from ..errors import FetchError, JpblogError
from ..text.records import Post
from .client import Fetcher, RobotsDisallowed, RobotsUnavailable
from .discover import PostRef, expand
from .fetch import page_post
from .mirror import Mirror
from .report import CrawlReport, failure_reason, unexpected_failure
from .urls import slug_for

log = logging.getLogger(__name__)

Progress = Callable[[CrawlReport, str], None]


def _utcnow() -> datetime:
    """Now, in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


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
    mirror = Mirror(out)
    report = CrawlReport(out=Path(out))
    refs = expand(urls, fetcher, since=since, max_posts=max_posts, report=report)
    report.total = len(refs)
    for ref in refs:
        _crawl_one(ref, mirror, fetcher, report, since=since, refresh=refresh, now=now)
        report.requests = fetcher.requests
        if progress is not None:
            progress(report, ref.url)
    report.requests = fetcher.requests
    return report


def _crawl_one(
    ref: PostRef,
    mirror: Mirror,
    fetcher: Fetcher,
    report: CrawlReport,
    *,
    since: date | None,
    refresh: bool,
    now: Callable[[], datetime],
) -> None:
    """Fetch and save one post, recording the outcome in the report: whatever happens, the crawl goes on."""
    try:
        entry = mirror.saved(ref.url)
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
        name = mirror.file_for(ref.url)
        post = page_post(page, post_id=name[: -len(".md")])
        if _too_old(post, since):
            report.older += 1
            return
        # The post's own URL may be missing on generic pages; the one we fetched is the truth.
        if not post.url:
            post = replace(post, url=page.url)
        path = mirror.save(ref.url, page, post, now().isoformat())
    except RobotsUnavailable as err:  # robots.txt failing is no decision of the site owner
        report.fail(ref.url, failure_reason(err))
        return
    except RobotsDisallowed:
        report.disallowed.append(ref.url)
        return
    except JpblogError as err:
        report.fail(ref.url, failure_reason(err))
        return
    except OSError as err:
        report.fail(ref.url, f"cannot write the file ({err.strerror})")
        return
    except Exception as err:  # a bug on one hostile page must not end the crawl (nor be a traceback)
        report.fail(ref.url, unexpected_failure(err))
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
        first = report.failures[0]
        raise FetchError(first.reason, source=first.url)
    for failure in report.failures:
        log.warning("skipped %s: %s", failure.url, failure.reason)
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
                raise FetchError(unexpected_failure(err), source=ref.url) from err
            log.warning("skipped %s: %s", ref.url, unexpected_failure(err))
            continue
        if not _too_old(post, since):
            yield post


__all__ = ["CrawlReport", "Progress", "crawl", "fetch_posts"]
