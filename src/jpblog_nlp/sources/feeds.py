"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item or entry is a post.

Hatena Blog feeds carry the whole rendered entry (RSS ``description``, Atom ``content type="html"``), so
bodies go through the same HTML → text conversion as export bodies.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from html import escape
from urllib.parse import unquote, urlsplit

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import FormatError, JpblogError
from ..text.records import Post
from .base import make_post
from .htmltext import html_to_text
from .records import ErrorMode, LoadFailure

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_ENTRY_PATH = re.compile(r"/entry/(.+)$")
#: Deeper than any feed nests (an Atom xhtml body: a few tens of levels).
MAX_FEED_DEPTH = 200
#: More elements than a feed holds: a WordPress export (an RSS file) has some 10-40 per post, and one of
#: 10,000 posts well under this. Bounds the time too: defusedxml parses in Python, ~5 s a million.
MAX_FEED_ELEMENTS = 500_000


def _text(elem: ET.Element | None) -> str:
    """Stripped text of an element, "" when absent."""
    return (elem.text or "").strip() if elem is not None else ""


def feed_date(value: str) -> str | None:
    """RFC 822 (RSS ``pubDate``) or ISO 8601 (Atom, ``dc:date``) → ISO 8601; None when empty.

    Raises:
        ValueError: Not a date in either layout.
    """
    value = value.strip()
    if not value:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value.replace("Z", "+00:00") if value.endswith("Z") else value
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError) as err:
        raise ValueError(f"unknown date {value!r}") from err


def _slug(link: str) -> str | None:
    """Hatena's entry path (``2024/09/02/223439``), the BASENAME of the same entry in an export."""
    match = _ENTRY_PATH.search(urlsplit(link).path)
    return unquote(match.group(1)) if match else None


class _BoundedTreeBuilder(ET.TreeBuilder):
    """The tree builder of ``parse_feed``, refusing a tree deeper or bigger than any feed is.

    A hundred thousand nested elements crash ``copy.deepcopy`` and break ``ET.tostring``; millions of
    ``<a/>`` in a 200 MB file take gigabytes. Counting as the tree grows stops both early.
    """

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.count = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:  # type: ignore[override]
        self.depth += 1
        self.count += 1
        if self.depth > MAX_FEED_DEPTH:
            raise _TreeTooBig(f"elements nest more than {MAX_FEED_DEPTH} deep")
        if self.count > MAX_FEED_ELEMENTS:
            raise _TreeTooBig(f"more than {MAX_FEED_ELEMENTS:,} elements")
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:  # type: ignore[override]
        self.depth -= 1
        return super().end(tag)


class _TreeTooBig(Exception):
    """Raised by ``_BoundedTreeBuilder`` to stop the parser."""


def parse_feed(text: str, source: str) -> ET.Element:
    """Parse a feed's XML safely.

    A DTD is where billion-laughs and external-entity (XXE) attacks live, and feeds have no use for one:
    the parser itself (defusedxml's configuration of expat) refuses any DOCTYPE, entity declaration or
    external reference wherever it stands, a comment or processing instruction before it included. A post
    quoting "<!DOCTYPE html>" in a CDATA section is text, and fine. The tree is bounded in depth and size.

    Raises:
        FormatError: A DTD, entities or an external reference (refused), a tree deeper or bigger than a
            feed's, or malformed XML (naming the line).
    """
    # ElementTree refuses a str with an encoding declaration other than UTF-8; we have decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1)
    builder = _BoundedTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(text)
        return parser.close()  # type: ignore[no-any-return]
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as err:
        raise FormatError(
            "the feed declares a DOCTYPE or entities, refused (entity expansion and external entity attacks)",
            source=source,
            hint="remove the DOCTYPE declaration",
        ) from err
    except _TreeTooBig as err:
        raise FormatError(
            f"{err}, more than a feed has", source=source, hint="check that the file is an RSS or Atom feed"
        ) from err
    except ET.ParseError as err:
        line, column = err.position
        raise FormatError(
            f"line {line}, column {column}: malformed XML ({str(err).split(':')[0]})",
            source=source,
            hint="check that the file is a complete RSS or Atom feed",
        ) from err


def _local(name: str) -> str:
    """A tag or attribute name without its namespace (``{http://www.w3.org/1999/xhtml}p`` → ``p``)."""
    return name.rsplit("}", 1)[-1]


def _xhtml_markup(elem: ET.Element) -> str:
    """The children of an Atom xhtml construct as HTML markup, namespaces dropped (<p>, not <html:p>).

    Written with a stack of its own: ``copy.deepcopy`` and ``ET.tostring`` recurse once per level of
    nesting, and the markup of a post must not depend on the interpreter's recursion limit.
    """
    out: list[str] = []
    stack: list[tuple[ET.Element, bool]] = [(child, False) for child in reversed(elem)]
    while stack:
        node, closing = stack.pop()
        tag = _local(node.tag)
        if closing:
            out.append(f"</{tag}>")
        else:
            attrs = "".join(f' {_local(k)}="{escape(v)}"' for k, v in node.attrib.items())
            if node.text is None and len(node) == 0:
                out.append(f"<{tag}{attrs} />")
            else:
                out.append(f"<{tag}{attrs}>{escape(node.text or '', quote=False)}")
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node))
                continue
        if node.tail:
            out.append(escape(node.tail, quote=False))
    return "".join(out)


def _atom_html(elem: ET.Element | None) -> str:
    """An Atom text construct as HTML: type html (escaped), xhtml (inline elements) or text."""
    if elem is None:
        return ""
    kind = elem.get("type", "text")
    if kind == "xhtml":
        return _xhtml_markup(elem)
    if kind in ("html", "text/html"):
        return elem.text or ""
    return escape(elem.text or "").replace("\n", "<br>")


def _rss_items(root: ET.Element) -> tuple[dict[str, str], list[dict[str, object]]]:
    """Blog fields and raw items of an RSS 2.0 or 1.0 feed."""
    channel = root.find("channel")
    if channel is None:
        channel = root.find(RSS1 + "channel")
    ns = RSS1 if root.tag == RDF + "RDF" else ""
    blog = {"blog": _text(channel.find(ns + "title")) if channel is not None else ""}
    item_parent = channel if not ns and channel is not None else root
    items = []
    for item in item_parent.findall(ns + "item"):
        link = _text(item.find(ns + "link"))
        body = _text(item.find(CONTENT + "encoded")) or (item.findtext(ns + "description") or "")
        items.append(
            {
                "title": _text(item.find(ns + "title")),
                "link": link,
                "id": _text(item.find("guid")) or item.get(RDF + "about", ""),
                "date": _text(item.find("pubDate")) or _text(item.find(DC + "date")),
                "author": _text(item.find(DC + "creator")) or _text(item.find("author")),
                "categories": [_text(c) for c in [*item.findall("category"), *item.findall(DC + "subject")]],
                "html": body,
            }
        )
    return blog, items


def _atom_link(entry: ET.Element) -> str:
    """The entry's alternate link."""
    for link in entry.findall(ATOM + "link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return ""


def _atom_items(root: ET.Element) -> tuple[dict[str, str], list[dict[str, object]]]:
    """Blog fields and raw entries of an Atom feed."""
    feed_author = _text(root.find(f"{ATOM}author/{ATOM}name"))
    blog = {"blog": _text(root.find(ATOM + "title"))}
    items = []
    for entry in root.findall(ATOM + "entry"):
        content = entry.find(ATOM + "content")
        html = _atom_html(content) if content is not None and not content.get("src") else ""
        items.append(
            {
                "title": " ".join(html_to_text(_atom_html(entry.find(ATOM + "title"))).text.split()),
                "link": _atom_link(entry),
                "id": _text(entry.find(ATOM + "id")),
                "date": _text(entry.find(ATOM + "published")) or _text(entry.find(ATOM + "updated")),
                "author": _text(entry.find(f"{ATOM}author/{ATOM}name")) or feed_author,
                "categories": [c.get("label") or c.get("term") or "" for c in entry.findall(ATOM + "category")],
                "html": html or _atom_html(entry.find(ATOM + "summary")),
            }
        )
    return blog, items


def _item_post(item: dict[str, object], source: str, post_id: str, blog: str) -> Post:
    """Build the post of one feed item."""
    try:
        published = feed_date(str(item["date"]))
    except ValueError as err:
        raise FormatError(str(err), source=source, hint="dates must be RFC 822 or ISO 8601") from err
    link = str(item["link"])
    converted = html_to_text(str(item["html"]))
    return make_post(
        source=source,
        post_id=_slug(link) or link or post_id,
        title=str(item["title"]),
        body=converted.text,
        url=link,
        published=published,
        author=str(item["author"]),
        blog=blog,
        categories=item["categories"],  # type: ignore[arg-type]
        meta={"guid": str(item["id"])},
        extra_urls=converted.urls,
    )


def read_feed(
    text: str,
    source: str,
    post_id: str,
    *,
    include_drafts: bool = False,
    errors: ErrorMode = "raise",
) -> Iterator[Post | LoadFailure]:
    """Read every item of an RSS 2.0 / RSS 1.0 feed or every entry of an Atom feed.

    Args:
        text: The feed's XML.
        source: File name (``Post.source`` is ``{source}#{n}``, n counting items from 1).
        post_id: Id prefix for items without a link (``{post_id}#{n}``).
        include_drafts: Unused (feeds hold published posts only).
        errors: ``"raise"`` on a bad item, ``"skip"`` it, or ``"yield"`` a ``LoadFailure`` and go on.

    Yields:
        One post per item in feed order; ``Post.id`` is the Hatena entry path (the export's BASENAME)
        when the link has one, else the link.

    Raises:
        FormatError: Malformed XML, a DTD, or a root that is no feed.
    """
    root = parse_feed(text, source)
    if root.tag == ATOM + "feed":
        blog, items = _atom_items(root)
    elif root.tag in ("rss", RDF + "RDF"):
        blog, items = _rss_items(root)
    else:
        raise FormatError(
            f"root element <{root.tag}> is not rss, rdf:RDF or an Atom feed",
            source=source,
            hint="give an RSS or Atom feed",
        )
    for n, item in enumerate(items, start=1):
        item_source = f"{source}#{n}"
        try:
            yield _item_post(item, item_source, f"{post_id}#{n}", blog["blog"])
        except JpblogError as err:
            if errors == "raise":
                raise
            if errors == "yield":
                yield LoadFailure(source=item_source, reason=str(err))
