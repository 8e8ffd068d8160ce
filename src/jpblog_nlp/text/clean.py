"""Remove blog-platform debris while keeping the author's words.

Cleaning is idempotent (``clean_text(clean_text(x)) == clean_text(x)``) and conservative: a line is
only dropped when it is debris as a whole (a Hatena photo, a link-card domain, a table-of-contents
marker, an image), never because of what it says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .normalize import widen_halfwidth_kana

# Hatena photo syntax: f:id:USER:20181009222632j:plain, optionally in brackets and with options
# such as :w300 or :left; also the image-only notation [f:id:USER:20181009222632p:image].
_HATENA_PHOTO = re.compile(
    r"\[?f:id:[A-Za-z0-9_-]+:\d{14}[a-z]?(?::[A-Za-z0-9_=%,.-]+)*\]?",
)
# Hatena notations that render to nothing worth reading.  ``=+more`` is tried only where a run of = begins
# (a try from inside the run fails wherever one from its start does): on a line of 80,000 '=' every start
# rescanned the rest of the run, which was quadratic.
_HATENA_MARKERS = re.compile(
    r"\[:contents\]|\[:(?:contents|more|toc)\]|<!--[^\S\n]*more[^\S\n]*-->|(?<!=)=+more=+", re.I
)
# [https://example.com:embed:cite] / [https://example.com:title=Some title] link notations.  The URL holds no
# '[' (no URL does, unencoded), so what one try scans ends where the next '[' starts the next try; and every
# match ends with ']', so it is applied only up to a line's last ']' (see ``_hatena_links``).  Together these
# keep it linear: '[http://' repeated 10,000 times on one line took seconds, and it grew with the square.
_HATENA_LINK = re.compile(r"\[(https?://[^\s\[\]]+?)(?::embed(?::cite)?|:title(?:=([^\]]*))?|:image)?\]")
URL = re.compile(r"https?://[^\s<>\"'「」『』（）()、。]+")
# A line holding nothing but a domain: what is left of a Hatena/Wordpress link card when the page is
# scraped as text (``yzan.jp`` under a paragraph).
_DOMAIN_LINE = re.compile(
    r"^(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?:/\S*)?$", re.I
)
# Markdown image-only lines: ![alt](src)
_MD_IMAGE_LINE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
# A hashtag: # then an optional run of hiragana, then non-hiragana characters.  Japanese writers glue
# the particle on (#しなやかフェス2018秋はTwitterで...): the tag ends where hiragana follows again.
HASHTAG = re.compile(
    r"(?<![A-Za-z0-9&/#＃])[#＃]([ぁ-ゖ]*[^\sぁ-ゖ#＃、。，．,.!?！？「」『』（）()\[\]【】]+)"
)
# Control characters other than tab and newline, zero-width characters and the BOM.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
# A space written as an HTML character reference and left in a text export or a scraped page's text
# (livedoor's spec tables: プラチナバンド ○ &nbsp;): a space to a reader, the word "nbsp" to a tokenizer.
# Only spaces are decoded: &amp;, &lt; ... stay as written, since decoding &amp; would turn &amp;lt; into
# &lt; and a second cleaning would change the text again (cleaning is idempotent).
_SPACE_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#0*160|#x0*a0|#0*12288|#x0*3000);", re.I)
# Everything Python's str.isspace() accepts on a line of its own: U+3000, NBSP, tabs ...
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Result of cleaning: the text, and what was lifted out as metadata."""

    text: str
    urls: tuple[str, ...]
    hashtags: tuple[str, ...]


def _unique(items: list[str]) -> tuple[str, ...]:
    """Deduplicate, keeping first-seen order."""
    return tuple(dict.fromkeys(items))


def _hatena_links(line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """``_HATENA_LINK.sub(replace, line)``, tried only up to the line's last ']'.

    Every match ends with ']', so nothing after the last one can match; and before it, a ``:title=``
    always finds its ']', so no try scans to the end of the line and fails there, try after try.
    """
    end = line.rfind("]") + 1
    return _HATENA_LINK.sub(replace, line[:end]) + line[end:] if end else line


def clean_text(text: str) -> Cleaned:
    """Clean a post body.

    Args:
        text: Raw body text (already decoded; HTML already turned into text).

    Returns:
        The cleaned text plus URLs (from link cards, link notations and the body) and hashtags.
    """
    urls: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    text = widen_halfwidth_kana(text)
    if "&" in text:
        text = _SPACE_ENTITY.sub(" ", text)
    # Photo and marker notations never span a line break: one pass over the whole text, not per line.
    if "f:id:" in text:
        text = _HATENA_PHOTO.sub("", text)
    if "[:" in text or "<!--" in text or "=" in text:  # what every marker needs (a regex with re.I is slow)
        text = _HATENA_MARKERS.sub("", text)

    def _link(match: re.Match[str]) -> str:
        urls.append(match.group(1))
        return match.group(2) or ""

    lines_out: list[str] = []
    for raw in text.split("\n"):
        # Each test below runs only on lines that hold the character it needs (most lines hold none).
        line = _hatena_links(raw, _link) if "[http" in raw else raw
        line = line.strip()  # str.strip() removes U+3000 and NBSP too.
        if not line:
            lines_out.append("")
            continue
        if ("." in line and _DOMAIN_LINE.match(line)) or (line[0] == "!" and _MD_IMAGE_LINE.match(line)):
            urls.append(line)
            lines_out.append("")
            continue
        if "://" in line:
            urls.extend(URL.findall(line))
        lines_out.append(line)
    cleaned = "\n".join(lines_out)
    if "\n\n\n" in cleaned:  # a C-level find: the regex costs more than all the tests above on a long post
        cleaned = _BLANK_RUNS.sub("\n\n", cleaned)
    cleaned = cleaned.strip("\n")
    hashtags = ["#" + tag for tag in HASHTAG.findall(cleaned)] if "#" in cleaned or "＃" in cleaned else []
    return Cleaned(cleaned, _unique(urls), _unique(hashtags))
