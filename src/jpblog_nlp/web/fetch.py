"""One post from one URL: fetch the page politely and read the post in it (HTML or a feed's first entry)."""

from __future__ import annotations

from typing import Any

from ..errors import FetchError, JpblogError
from ..text.records import Post
from .client import Fetcher
from .page import Page
from .urls import redact


def page_post(page: Page, post_id: str | None = None) -> Post:
    """Read the post of a fetched page (Hatena Blog HTML, any HTML page, or the first entry of a feed).

    Args:
        page: A page with content (not a 304).
        post_id: Id of the post (default: the URL).

    Raises:
        FetchError: The page holds no post we can read (empty, not HTML, malformed).
    """
    from ..sources import posts_from_text, sniff_format

    text = page.text()
    fmt = "feed" if sniff_format(text, "") == "feed" else "html"
    try:
        for post in posts_from_text(text, page.url, post_id or page.url, fmt, ".html"):
            if isinstance(post, Post):
                # A page's canonical link may carry user:password@ too: never kept.
                return _with_url(post, redact(post.url) if post.url else page.url)
    except JpblogError as err:
        raise FetchError(
            f"no readable post in the page: {err.message}", source=page.url, hint="check that the URL is a blog post"
        ) from err
    raise FetchError("no post in the page", source=page.url, hint="check that the URL is a blog post")


def _with_url(post: Post, url: str) -> Post:
    """The post with its URL set."""
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


__all__ = ["fetch_post", "page_post"]
