"""Markdown posts with YAML front matter (Hugo, Jekyll, and blogsync's Hatena Blog files).

blogsync writes Hatena's own keys (``Title``, ``Date``, ``URL``, ``EditURL``, ``Category``, ``Draft``);
static site generators write ``title``, ``date``, ``url``, ``tags``/``categories``, ``draft``.  Both are
read.  The body keeps the writer's sentences and drops what is markup: heading and list markers, link
targets (kept as URLs), images, code blocks.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

import yaml

from ..errors import FormatError
from ..text.records import Post
from .base import make_post
from .records import ErrorMode

_OPEN = re.compile(r"^\ufeff?---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
# Tried only where a run of blanks begins: a try from inside the run fails wherever one from its start does,
# and on a heading with a long run of blanks each try rescanned the rest of the run.
_HEADING_TAIL = re.compile(r"(?<![ \t])[ \t]+#+[ \t]*$")
_SETEXT_OR_RULE = re.compile(r"^[ \t]{0,3}(?:=+|-{2,}|(?:[-*_][ \t]*){3,})[ \t]*$")
# No ^: matched at a position (``_QUOTE.match(line, pos)``), so that '>>>>…' is not copied once per '>'.
_QUOTE = re.compile(r"[ \t]{0,3}>[ \t]?")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
# The inline patterns below run on one line, which may be a whole post long (80 KB of '[](' took 72 s), so
# each is linear in the line by construction: what one try scans, no later try scans again.
# * Link text, image text and link targets hold no '[' (as in CommonMark, a '[' inside link text opens a
#   link of its own; a URL holds none unencoded): a try's scan ends where the next '[' starts the next try.
# * The blanks after '(' are taken at once (an atomic group, spelled as a lookahead and a backreference for
#   Python 3.10): giving them back one by one rescanned the title once per blank.  The second branch is the
#   one match that giving them back found, [text]( "title"): no URL, a title.
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^)\[]*\)")
# [text](url "title"): the text stays in the sentence, the URL goes to Post.urls.
_LINK = re.compile(
    r"\[(?P<text>[^\[\]]*)\]\((?=(?P<blank>\s*))(?P=blank)"
    r"(?:<?(?P<url>[^)\s>\[]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)|(?<=\s)[\"'][^\"']*[\"']\s*\))"
)
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$")
# No '<' in the URL either (CommonMark's autolinks hold none).
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
# **bold**, __bold__, ~~struck~~: matched by ``_strip_emphasis``, which finds every closer once.
_EMPHASIS_OPEN = re.compile(r"(?=(\*\*|__|~~)\S)")
_EMPHASIS_CLOSE = {mark: re.compile(rf"(?<=\S)(?={re.escape(mark)})") for mark in ("**", "__", "~~")}
# The text ends at the next '*' (it holds none), so each try scans only up to the next '*'.
_ITALIC = re.compile(r"(?<![*A-Za-z0-9])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)")
# Tried only where a run of backticks begins (from inside the run a try fails wherever one from its start does).
_CODE_SPAN = re.compile(r"(?<!`)`+([^`]+)`+")
_BR = re.compile(r"<br\s*/?>", re.I)

# Front matter keys, lower-cased: blogsync's capitalised keys and the site generators' ones meet here.
_TITLE_KEYS = ("title",)
_DATE_KEYS = ("date", "published", "pubdate")
_URL_KEYS = ("url", "permalink")
_CATEGORY_KEYS = ("category", "categories", "tags", "tag")
_BLOG_KEYS = ("blog", "site")
_AUTHOR_KEYS = ("author",)
_DRAFT_KEYS = ("draft",)


#: Front matter is a few lines of keys; a file whose front matter is bigger is no post.
MAX_FRONT_MATTER_BYTES = 64 * 1024
#: Deeper than any front matter nests (categories in a list in a mapping: three levels).
MAX_FRONT_MATTER_DEPTH = 50
#: Values (scalars, lists, mappings) the front matter may hold once its aliases are expanded: more than
#: 64 KB can spell out, so only an alias bomb (``&a [*b, *b, ...]`` nested) reaches it.
MAX_FRONT_MATTER_VALUES = 100_000
#: A number longer than this is no date, count or id (and Python refuses ints over 4,300 digits).
MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_FIX_YAML = "fix the YAML between the '---' lines (quote values holding ':' or '#')"


class _FrontMatterRefused(yaml.MarkedYAMLError):
    """Front matter YAML that is valid but refused (too deep, an alias bomb): says its own hint."""

    def __init__(self, problem: str, mark: Any, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with bounds, so that no front matter can exhaust memory, the stack or ``int``.

    While the node tree is composed, each finished node's size with its aliases expanded is counted
    (memoised: linear in the distinct nodes), so a billion-laughs bomb is refused before anything is
    built; nesting is capped before the composer's recursion is; an alias to a collection still being
    composed (a recursive structure) is refused; numbers are capped in length, and whatever a constructor
    raises on a node (a 13th month, an empty ``!!int``) becomes a YAML error naming the line.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._expanded: dict[int, int] = {}  # id(node) -> its size with aliases expanded, once finished
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None and id(target) not in self._expanded:
                raise _FrontMatterRefused(
                    f"the alias *{event.anchor} refers to a collection that holds it",
                    event.start_mark,
                    "write the value out instead of a recursive alias",
                )
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_FRONT_MATTER_DEPTH:
            raise _FrontMatterRefused(
                f"the front matter nests deeper than {MAX_FRONT_MATTER_DEPTH} levels",
                self.peek_event().start_mark,
                "front matter is 'key: value' lines; flatten the nesting",
            )
        node = super().compose_node(parent, index)
        self._depth -= 1
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._expanded[id(child)] for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(self._expanded[id(key)] + self._expanded[id(value)] for key, value in node.value)
        if size > MAX_FRONT_MATTER_VALUES:
            raise _FrontMatterRefused(
                f"aliases expand the front matter to more than {MAX_FRONT_MATTER_VALUES:,} values",
                node.start_mark,
                "write the values out instead of repeating them through &anchors and *aliases",
            )
        self._expanded[id(node)] = size
        return node

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node.tag in _NUMBER_TAGS and isinstance(node.value, str) and len(node.value) > MAX_NUMBER_CHARS:
            raise _FrontMatterRefused(
                f"a number of {len(node.value):,} characters, longer than any date, count or id",
                node.start_mark,
                "quote it to keep it as text",
            )
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as err:  # "month must be in 1..12" from a timestamp, IndexError from "!!int ''"
            problem = str(err) or type(err).__name__
            raise yaml.constructor.ConstructorError(problem=problem, problem_mark=node.start_mark) from err


def _without_surrogates(value: Any) -> Any:
    """The front matter with lone surrogates (``"\\ud800"`` in YAML) replaced by U+FFFD.

    A pair spelled as two escapes (``"\\ud83d\\ude00"``) becomes its character. Such strings cannot be
    encoded as UTF-8, so JSON or CSV writing would fail far from the file that caused it.
    """
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str, int]:
    """Split ``---`` YAML front matter from the body.

    The YAML is read with bounds (``MAX_FRONT_MATTER_BYTES``, ``MAX_FRONT_MATTER_DEPTH``,
    ``MAX_FRONT_MATTER_VALUES``, ``MAX_NUMBER_CHARS``), and every failure of it, whatever PyYAML or a
    constructor raises, is the one front matter error naming the line.

    Returns:
        (front matter mapping, body, number of the body's first line).

    Raises:
        FormatError: Unclosed, oversized, unparseable or refused front matter, or one that is not a
            mapping; the message names the line.
    """
    lines = text.split("\n")
    if not lines or not _OPEN.match(lines[0]):
        return {}, text, 1
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        raise FormatError(
            "line 1: the front matter opened by '---' is never closed",
            source=source,
            hint="add a '---' line after the front matter",
        )
    front = "\n".join(lines[1:end])
    span = "line 2" if end == 2 else f"lines 2-{end}"  # the front matter's lines in the file
    if len(front) > MAX_FRONT_MATTER_BYTES or len(front.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise FormatError(
            f"{span}: the front matter is over {MAX_FRONT_MATTER_BYTES // 1024} KB, more than front "
            "matter can reasonably be",
            source=source,
            hint="move long text into the post's body",
        )
    loader: _FrontMatterLoader | None = None
    try:
        loader = _FrontMatterLoader(front)  # checks the characters already: inside the try
        data = _without_surrogates(loader.get_single_data())
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f"line {mark.line + 2}" if mark is not None else span
        problem = getattr(err, "problem", None) or str(err).split("\n")[0]
        if isinstance(err, _FrontMatterRefused):
            raise FormatError(f"{where}: {problem}", source=source, hint=err.hint) from err
        raise FormatError(f"{where}: broken YAML front matter ({problem})", source=source, hint=_FIX_YAML) from err
    except (ValueError, OverflowError, RecursionError) as err:  # e.g. a scanner's chr() of "\U00110000"
        raise FormatError(
            f"{span}: broken YAML front matter ({str(err)[:200]})", source=source, hint=_FIX_YAML
        ) from err
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FormatError(
            f"{span}: the front matter is a {type(data).__name__}, not 'key: value' lines",
            source=source,
            hint="write the front matter as 'key: value' lines",
        )
    return data, "\n".join(lines[end + 1 :]), end + 2


def _pick(front: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The first value of any of ``keys``, matching keys case-insensitively."""
    lowered = {str(k).lower(): v for k, v in front.items()}
    for key in keys:
        if lowered.get(key) not in (None, ""):
            return lowered[key]
    return None


def _as_text(value: Any) -> str:
    """A front matter scalar as text; YAML dates and date-times become ISO 8601."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def _as_list(value: Any) -> list[str]:
    """Categories given as a list or as one string."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [_as_text(v) for v in value]
    return [_as_text(value)]


def _is_true(value: Any) -> bool:
    """YAML booleans plus blogsync's ``Draft: yes`` spelled as text."""
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


def _strip_html_comments(text: str) -> str:
    """Drop ``<!-- ... -->`` comments (what ``re.sub(r"<!--.*?-->", "", text, flags=re.S)`` does), linearly.

    Once a comment is never closed no later one can be, so the scan stops there: the regular expression
    went on trying every later ``<!--`` up to the end of the text (80 KB of '<!--' was quadratic).
    """
    parts: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[pos:start])
        pos = end + 3
    parts.append(text[pos:])
    return "".join(parts)


def _strip_emphasis(line: str) -> str:
    r"""Keep the text of ``**bold**``, ``__bold__`` and ``~~struck~~`` without the marks.

    The same as ``re.sub(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1", r"\2", line)``, in O(n log n): the closers
    of each mark are found once and each opener looks up the first one after it, where the lazy
    ``.+?`` scanned from every opener to the end of the line when none closed it (``**a `` repeated).
    """
    if "**" not in line and "__" not in line and "~~" not in line:
        return line
    closers = {mark: [m.start() for m in pattern.finditer(line)] for mark, pattern in _EMPHASIS_CLOSE.items()}
    parts: list[str] = []
    pos = 0
    for opener in _EMPHASIS_OPEN.finditer(line):
        start = opener.start()
        if start < pos:
            continue  # inside the previous match
        ends = closers[opener.group(1)]
        i = bisect_left(ends, start + 3)  # the text between the marks is one character at least
        if i < len(ends):
            parts.append(line[pos:start])
            parts.append(line[start + 2:ends[i]])
            pos = ends[i] + 2
    parts.append(line[pos:])
    return "".join(parts)


def markdown_to_text(body: str) -> tuple[str, list[str]]:
    """Reduce Markdown to its sentences.

    Returns:
        (text, URLs of links and reference definitions).
    """
    urls: list[str] = []
    body = _BR.sub("\n", _strip_html_comments(body.replace("\r\n", "\n").replace("\r", "\n")))
    out: list[str] = []
    fence: str | None = None
    prev_blank = True
    in_list = False
    for raw in body.split("\n"):
        fence_match = _FENCE.match(raw)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        if not raw.strip():
            out.append("")
            prev_blank = True
            continue
        # An indented block after a blank line is code, unless it continues a list item.
        if prev_blank and not in_list and re.match(r"^(?: {4}|\t)", raw):
            continue
        prev_blank = False
        line = raw
        quoted = 0
        while (quote := _QUOTE.match(line, quoted)) is not None:
            quoted = quote.end()
        line = line[quoted:]
        if _SETEXT_OR_RULE.match(line):
            continue
        ref = _REF_DEF.match(line)
        if ref:
            urls.append(ref.group(1))
            continue
        in_list = bool(_LIST.match(line)) or (in_list and raw[:1] in (" ", "\t"))
        line = _LIST.sub("", line, count=1)
        if _HEADING.match(line):
            line = _HEADING_TAIL.sub("", _HEADING.sub("", line, count=1))
        line = _IMAGE.sub("", line)

        def _link(match: re.Match[str]) -> str:
            if match.group("url"):
                urls.append(match.group("url"))
            return match.group("text")

        line = _LINK.sub(_link, line)
        line = _REF_LINK.sub(r"\1", line)
        urls.extend(_AUTOLINK.findall(line))
        # Spaces around the URL: Japanese runs straight on after it (<https://...>を参照).
        line = _AUTOLINK.sub(r" \1 ", line)
        line = _CODE_SPAN.sub(r"\1", line)
        line = _strip_emphasis(line)
        line = _ITALIC.sub(r"\1", line)
        out.append(line.strip())
    return "\n".join(out), urls


def read_markdown(
    text: str,
    source: str,
    post_id: str,
    *,
    include_drafts: bool = False,
    errors: ErrorMode = "raise",
) -> Iterator[Post]:
    """Read a Markdown post with optional YAML front matter.

    Args:
        text: The file's content.
        source: File name, for messages and ``Post.source``.
        post_id: The post's id (the file stem).
        include_drafts: Also read a post whose front matter says ``draft: true`` / ``Draft: yes``.
        errors: Unused: one file holds one post.

    Yields:
        The post (nothing for a draft unless ``include_drafts``).

    Raises:
        FormatError: Broken front matter (the message names the line).
        EmptyPostError: No text in the body.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body, _ = split_front_matter(text, source)
    if _is_true(_pick(front, _DRAFT_KEYS)) and not include_drafts:
        return
    plain, urls = markdown_to_text(body)
    known = {*_TITLE_KEYS, *_DATE_KEYS, *_URL_KEYS, *_CATEGORY_KEYS, *_AUTHOR_KEYS, *_DRAFT_KEYS, *_BLOG_KEYS}
    meta = {
        str(k): _as_text(v)
        for k, v in front.items()
        if str(k).lower() not in known and not isinstance(v, (dict, list, tuple))
    }
    yield make_post(
        source=source,
        post_id=post_id,
        title=_as_text(_pick(front, _TITLE_KEYS)),
        body=plain,
        url=_as_text(_pick(front, _URL_KEYS)),
        published=_as_text(_pick(front, _DATE_KEYS)),
        author=_as_text(_pick(front, _AUTHOR_KEYS)),
        blog=_as_text(_pick(front, _BLOG_KEYS)),
        categories=[c for key in _CATEGORY_KEYS for c in _as_list(_pick(front, (key,)))],
        meta=meta,
        extra_urls=urls,
    )
