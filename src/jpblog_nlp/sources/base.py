"""Shared helpers of the format readers: building a cleaned ``Post``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..errors import EmptyPostError
from ..text.clean import clean_text
from ..text.records import Post


def make_post(
    *,
    source: str,
    post_id: str,
    title: str,
    body: str,
    url: str | None = None,
    published: str | None = None,
    author: str | None = None,
    blog: str | None = None,
    categories: Iterable[str] = (),
    meta: Mapping[str, str | None] | None = None,
    extra_urls: Iterable[str] = (),
) -> Post:
    """Clean a body and build a ``Post``.

    Raises:
        EmptyPostError: The body holds no text once cleaned.
    """
    cleaned = clean_text(body)
    if not cleaned.text.strip():
        raise EmptyPostError(
            "the post is empty once cleaned (no text besides blank lines, images or links)",
            source=source,
            hint="check that the file holds the post's text",
        )
    urls = tuple(dict.fromkeys([*extra_urls, *cleaned.urls]))
    return Post(
        id=post_id,
        title=" ".join(title.split()),
        text=cleaned.text,
        source=source,
        url=url or None,
        published=published or None,
        author=author or None,
        blog=blog or None,
        categories=tuple(dict.fromkeys(c.strip() for c in categories if c and c.strip())),
        hashtags=cleaned.hashtags,
        urls=urls,
        meta=tuple((k, v) for k, v in (meta or {}).items() if v),
    )
