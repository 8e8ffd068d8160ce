"""Turn blog HTML (a Hatena entry body, feed content, a page's main part) into plain text.

Block elements become line breaks so that sentences split where the writer broke them; what is not the
writer's prose is dropped: code blocks, images, tables of contents, embed cards, scripts.  URLs of links
and embed cards are kept aside so they can go into ``Post.urls``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

# Elements that end a paragraph: a blank line before and after them.
_PARAGRAPH = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table", "section",
        "article", "header", "footer", "main", "aside", "address", "details", "hr", "center", "form",
        "fieldset",
    }
)
# Elements that end a line but keep the paragraph going.
_LINE = frozenset({"br", "li", "tr", "dt", "dd", "summary", "caption", "figcaption"})
# Table cells sit side by side on their row.
_CELL = frozenset({"td", "th"})
# Subtrees that are not prose at all.
_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "pre", "svg", "math", "iframe", "object", "embed",
        "video", "audio", "canvas", "button", "select", "textarea", "figure", "head", "title",
    }
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
# Classes of subtrees that are debris even though the element is ordinary: Hatena's table of contents,
# link cards, citations under them, footnote markers, share buttons, Amazon product cards.
_SKIP_CLASSES = frozenset(
    {
        "table-of-contents", "embed-card", "hatenablog-embed", "hatena-citation", "footnote-number",
        "hatena-star-container", "social-buttons", "entry-footer", "related-entries", "hatena-asin-detail",
        "amazlet-box", "hatena-module",
    }
)
# Link cards: dropped from the text, but the pages they point at go to the post's URLs.
_EMBED_CLASSES = frozenset({"embed-card", "hatenablog-embed", "hatena-citation"})
_CJK = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break inside running text between two Japanese characters is a source-code wrap, not a space.
_CJK_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_FOOTNOTE_HREF = re.compile(r"^#f(?:n)?-")


@dataclass(frozen=True, slots=True)
class HtmlText:
    """Text of an HTML fragment plus the URLs of its links and embed cards."""

    text: str
    urls: tuple[str, ...]


def _embed_target(src: str) -> str:
    """The page a Hatena embed card shows (``hatenablog-parts.com/embed?url=...``), else the src itself."""
    parts = urlsplit(src)
    if parts.netloc.endswith("hatenablog-parts.com"):
        target = parse_qs(parts.query).get("url")
        if target:
            return target[0]
    if src.startswith("//"):
        return "https:" + src
    return src


class _Converter(HTMLParser):
    """Collect text, line breaks and URLs while walking the tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.urls: list[str] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, roots a skipped subtree, roots an embed card)
        self.skip_depth = 0
        self.embed_depth = 0

    def _break(self, text: str) -> None:
        """Append a line or paragraph break; breaks in a row merge into the strongest, not add up."""
        if self.skip_depth:
            return
        if text == " ":
            if self.chunks and not self.chunks[-1].endswith((" ", "\n")):
                self.chunks.append(text)
            return
        newlines = len(text)
        while self.chunks and not self.chunks[-1].strip(" \n"):
            newlines = max(newlines, self.chunks.pop().count("\n"))
        if self.chunks:  # no break before the first text
            self.chunks.append("\n" * newlines)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element: decide whether its subtree is skipped, note URLs."""
        attr = {k: v or "" for k, v in attrs}
        classes = set(attr.get("class", "").split())
        embed = bool(classes & _EMBED_CLASSES)
        if self.skip_depth == 0 or self.embed_depth or embed:
            self._note_urls(tag, attr, classes)
        if tag in _VOID:
            if tag == "br":
                self._break("\n")
            elif tag == "hr":
                self._break("\n\n")
            return
        skip = (
            tag in _SKIP
            or bool(classes & _SKIP_CLASSES)
            or (tag == "a" and bool(_FOOTNOTE_HREF.match(attr.get("href", ""))))
        )
        if tag in _PARAGRAPH:
            self._break("\n\n")
        elif tag in _LINE:
            self._break("\n")
        elif tag in _CELL:
            self._break(" ")
        self.stack.append((tag, skip, embed))
        self.skip_depth += skip
        self.embed_depth += embed

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closed element (``<br/>``, ``<img/>``) opens and closes at once."""
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def _note_urls(self, tag: str, attr: dict[str, str], classes: set[str]) -> None:
        """Keep the URLs of links and embed cards (not of keyword links, which point at Hatena's glossary)."""
        if tag == "iframe" and attr.get("src"):
            self.urls.append(_embed_target(attr["src"]))
        elif tag == "a" and "keyword" not in classes:
            href = attr.get("href", "")
            if href.startswith(("http://", "https://")):
                self.urls.append(href)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open element of that name (browsers forgive unclosed ones)."""
        if tag in _VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, skipped, embed in self.stack[i:]:
                    self.skip_depth -= skipped
                    self.embed_depth -= embed
                del self.stack[i:]
                break
        else:
            return
        if tag in _PARAGRAPH:
            self._break("\n\n")
        elif tag in _LINE:
            self._break("\n")
        elif tag in _CELL:
            self._break(" ")

    def handle_data(self, data: str) -> None:
        """Keep text outside skipped subtrees."""
        if self.skip_depth == 0:
            self.chunks.append(_SPACES.sub(" ", _CJK_WRAP.sub("", data)))


def closed_markup(html: str) -> str:
    """HTML whose every ``<`` after the last ``>`` is written ``&lt;``: the same text, read in linear time.

    CPython's ``HTMLParser`` before 3.11.13, 3.12.11 and 3.13.4 (gh-135462) rescans to the end of the
    input for each ``<`` that no ``>`` closes: 100 KB of ``<a `` took 82 s. Such a ``<`` can only be text
    (no tag ends after it), which is what the parser makes of it in the end anyway; escaping it first
    leaves the parser nothing to rescan. Before the last ``>``, every construct finds its end in one scan.
    """
    last = html.rfind(">")
    tail = html[last + 1:]
    return html[:last + 1] + tail.replace("<", "&lt;") if "<" in tail else html


def html_to_text(html: str) -> HtmlText:
    """Convert an HTML fragment or page into plain text.

    Args:
        html: HTML markup (entities are decoded).

    Returns:
        The text, one paragraph per block separated by blank lines, and the URLs of links and embed
        cards in first-seen order.
    """
    converter = _Converter()
    converter.feed(closed_markup(html))
    converter.close()
    raw = "".join(converter.chunks)
    lines = [line.strip() for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return HtmlText(text, tuple(dict.fromkeys(converter.urls)))
