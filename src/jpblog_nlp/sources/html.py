"""HTML pages: Hatena Blog entry pages read precisely, any other page through trafilatura.

Hatena Blog marks every part of an entry with a class (``entry-title``, ``entry-content``,
``entry-categories``, ``time[datetime]``), so those pages need no guessing.  Other pages go to
trafilatura, which finds the main text and the metadata; it is imported only then, as it is slow to load.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html

from ..errors import FormatError, JpblogError
from ..text.records import Post
from .base import make_post
from .htmltext import html_to_text
from .records import ErrorMode, LoadFailure


def _has_class(name: str) -> str:
    """XPath predicate: the element's class attribute holds ``name`` as a whole word."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _first_text(node: Any, xpath: str) -> str:
    """Whitespace-normalized text of the first element matching ``xpath``, "" when none."""
    found = node.xpath(xpath)
    if not found:
        return ""
    first = found[0]
    value = first if isinstance(first, str) else first.text_content()
    return " ".join(str(value).split())


def _meta(doc: Any, prop: str) -> str:
    """Content of ``<meta property=prop>`` or ``<meta name=prop>``."""
    return _first_text(doc, f"//meta[@property='{prop}' or @name='{prop}']/@content")


def parse_html(text: str, source: str) -> Any:
    """Parse a page with lxml's forgiving HTML parser.

    Raises:
        FormatError: Nothing parseable (an empty document).
    """
    try:
        return lxml.html.document_fromstring(text.lstrip("\ufeff"))
    except (lxml.etree.ParserError, ValueError) as err:
        raise FormatError(f"cannot parse the HTML ({err})", source=source, hint="check the file") from err


def hatena_entries(doc: Any) -> list[Any]:
    """The entry elements of a Hatena Blog page (one on an entry page, several on an archive page)."""
    articles = doc.xpath(f"//article[{_has_class('entry')}][.//*[{_has_class('entry-content')}]]")
    if articles:
        return list(articles)
    # A page trimmed to the entry (no <article>): the document itself is the entry.
    return [doc] if doc.xpath(f"//*[{_has_class('entry-content')}]") else []


def _hatena_post(entry: Any, doc: Any, source: str, post_id: str) -> Post:
    """Build the post of one Hatena entry element."""
    content = entry.xpath(f".//*[{_has_class('entry-content')}]")[0]
    converted = html_to_text(lxml.html.tostring(content, encoding="unicode", with_tail=False))
    title = _first_text(entry, f".//*[{_has_class('entry-title')}]")
    url = _first_text(entry, f".//*[{_has_class('entry-title')}]//a/@href") or _first_text(
        doc, "//link[@rel='canonical']/@href"
    ) or _meta(doc, "og:url")
    published = _first_text(entry, ".//time/@datetime") or _meta(doc, "article:published_time")
    if published.endswith("Z"):  # Hatena writes UTC with Z; ISO 8601 as Python writes it uses +00:00
        published = published[:-1] + "+00:00"
    categories = [
        " ".join(a.text_content().split())
        for a in entry.xpath(f".//*[{_has_class('entry-categories')}]//a[{_has_class('entry-category-link')}]")
    ]
    author = (
        _first_text(entry, f".//*[{_has_class('author')}]//*[{_has_class('fn')}]")
        or _first_text(entry, f".//*[{_has_class('author')}]")
        or _meta(doc, "author")
    )
    blog = _first_text(doc, "//*[@id='title']//a") or _meta(doc, "og:site_name")
    return make_post(
        source=source,
        post_id=post_id,
        title=title or _meta(doc, "og:title"),
        body=converted.text,
        url=url,
        published=published,
        author=author,
        blog=blog,
        categories=categories,
        meta={"description": _meta(doc, "description")},
        extra_urls=converted.urls,
    )


def _generic_post(text: str, doc: Any, source: str, post_id: str) -> Post:
    """Build the post of a page that is not Hatena's, with trafilatura's main-text extraction."""
    import trafilatura  # slow to import: only pages that need it pay

    extracted = trafilatura.extract(
        text, output_format="txt", include_comments=False, include_tables=True, include_images=False,
        favor_precision=True,
    )
    metadata = trafilatura.extract_metadata(text)
    if extracted and extracted.strip():
        body, urls = extracted, ()
    else:
        # Too short for trafilatura to call anything "main text" (a fragment, a stub page): take it all.
        body_elem = doc.find("body")
        root = body_elem if body_elem is not None else doc
        converted = html_to_text(lxml.html.tostring(root, encoding="unicode", with_tail=False))
        body, urls = converted.text, converted.urls
    title = (metadata.title if metadata else None) or _first_text(doc, "//title")
    lines = body.split("\n")
    if title and lines and lines[0].strip() == title:  # trafilatura keeps the page's <h1> title
        body = "\n".join(lines[1:])
    return make_post(
        source=source,
        post_id=post_id,
        title=title or "",
        body=body,
        url=metadata.url if metadata else None,
        # The page's own timestamp keeps the time of day; trafilatura's date has only the day.
        published=_meta(doc, "article:published_time") or (metadata.date if metadata else None),
        author=(metadata.author if metadata else None) or _meta(doc, "author"),
        blog=metadata.sitename if metadata else None,
        categories=[*(metadata.categories or []), *(metadata.tags or [])] if metadata else (),
        meta={"description": metadata.description if metadata else None},
        extra_urls=urls,
    )


def read_html(
    text: str,
    source: str,
    post_id: str,
    *,
    include_drafts: bool = False,
    errors: ErrorMode = "raise",
) -> Iterator[Post | LoadFailure]:
    """Read the post(s) of an HTML page.

    Args:
        text: The page's HTML.
        source: File name or URL; an archive page holding several Hatena entries gives them sources
            ``{source}#{n}`` and ids ``{post_id}#{n}`` (n from 1).
        post_id: The post's id.
        include_drafts: Unused (pages are published posts).
        errors: ``"raise"`` on a bad entry, ``"skip"`` it, or ``"yield"`` a ``LoadFailure`` and go on.

    Yields:
        One post for an entry page or any other page; one per entry for a Hatena archive page.

    Raises:
        FormatError: Unparseable HTML.
        EmptyPostError: The page holds no text.
    """
    doc = parse_html(text, source)
    entries = hatena_entries(doc)
    if not entries:
        yield _generic_post(text, doc, source, post_id)
        return
    if len(entries) == 1:
        yield _hatena_post(entries[0], doc, source, post_id)
        return
    for n, entry in enumerate(entries, start=1):
        entry_source = f"{source}#{n}"
        try:
            yield _hatena_post(entry, doc, entry_source, f"{post_id}#{n}")
        except JpblogError as err:
            if errors == "raise":
                raise
            if errors == "yield":
                yield LoadFailure(source=entry_source, reason=str(err))
