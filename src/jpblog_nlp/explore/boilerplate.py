"""Boilerplate of a blog: lines that recur across many of its posts (credits, signatures, share prompts).

A blog's writer or platform adds the same lines to post after post: image credits (``Photo by … on
Unsplash``), a signature (``執筆：@yamadatt``, ``この記事を書いた人``), an affiliate or PR notice
(``※本記事はプロモーションを含みます``), a share prompt (``この記事をシェアする``).  They are not what the
posts are about, yet they are the most regular terms of the corpus, so topic models make topics of them.
Nothing here is a list of known phrases: a line is boilerplate because the corpus repeats it.

How lines are compared (``line_key``).  NFKC (full-width ＡＢＣ and half-width ｶﾅ become one form), case
folded, whitespace runs folded to one space, and the parts that change from post to post masked: URLs,
dates (``2021年12月28日``, ``2021/12/28``, ``12月28日``) and digits.  A line with no Japanese character is
an English line, which is where credits are (``Photo by Andrew Haimerl (andrewnef) on Unsplash``): the
photographer changes every time, so such a line is also compared by its *frame* -- its English grammar
words kept (by, on, the ... from ``data/stopwords.txt``) and every run of other words masked, giving
``<w> by <w> on <w>``.  A frame with fewer than two grammar words (a lone ``Netflix`` heading) is not
compared that way: it would match any short English line.  Japanese lines are compared whole: Japanese
signatures and notices are fixed text, and masking words inside Japanese would need a tokenizer here.

Which lines are boilerplate (``MIN_SHARE``, ``MIN_POSTS``, ``MIN_CHARS``).  Counted per blog
(``Post.blog``, else the host of ``Post.url``): a line is boilerplate when at least ``MIN_POSTS`` posts of
the blog and more than ``MIN_SHARE`` (2%) of them carry it.  A verbatim line in five separate posts is
almost never prose (a writer does not repeat a sentence word for word), and the share keeps a large blog's
recurring but rare phrases (a series title in 6 of 455 posts) as content.  Short lines are not compared
whole: on a real diary blog (455 posts) the lines repeated most after the credits are section headings
(ジョギング in 42 posts, シェアオフィス, 買い物, ランチ), which say what the posts are about.
A blog of fewer than five posts has no boilerplate: there the evidence is too thin and losing real
content is worse than keeping a credit line.

What it is for.  Topic discovery drops a term's occurrences inside boilerplate lines; the stored text and
each post's own analysis stay as written.  The names of the blog itself (author, title, the handle in its
domain, ``own_names``) are dropped the same way: a blog's name is on every post and is no topic of it.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..text.normalize import norm_key
from ..text.records import Post
from ..text.tokens import stopwords

#: A line is boilerplate when more than this share of a blog's posts carry it ...
MIN_SHARE = 0.02
#: ... and at least this many posts do (so a blog of fewer posts has none).
MIN_POSTS = 5
#: A line shorter than this (spaces aside) is never compared whole: short repeated lines are section
#: headings (ジョギング, 本日のランチ, 買い物) that name what a recurring section is about.
MIN_CHARS = 8
#: A frame (an English line with its content words masked) needs this many grammar words to be compared.
MIN_FRAME_WORDS = 2

_URL = re.compile(r"(?:https?://|www\.)\S+")
_DATE = re.compile(r"\d{2,4}\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}\s*日?|\d{1,2}\s*月\s*\d{1,2}\s*日")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
#: Hiragana, katakana, CJK ideographs (and the iteration mark 々): a line with one of them is Japanese.
_JAPANESE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005]")
_WORD = re.compile(r"[a-z0-9@_'’.-]*[a-z0-9]")
_LINE = re.compile(r"[^\n]+")
# Domain labels that name the platform, not the blog (hatenablog.jp, ameblo.jp, note.com ...).
_PLATFORM_LABELS = frozenset(("www", "blog", "blogs", "m", "sp", "ameblo", "note", "hatenablog", "hatenadiary",
                              "fc2", "livedoor", "jugem", "seesaa", "exblog", "goo", "wordpress", "medium",
                              "co", "ne", "or", "ac", "go"))


@dataclass(frozen=True, slots=True)
class BoilerplateLine:
    """A line repeated across a blog's posts.

    Attributes:
        key: Its comparison key (``line_key``), e.g. ``<w> by <w> on <w>`` or ``執筆:@yamadatt``.
        example: The line as written in the first post that carries it.
        blog: The blog it was counted in (``blog_of``).
        n_posts: How many of the blog's posts carry it.
    """

    key: str
    example: str
    blog: str
    n_posts: int


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """The boilerplate lines of a corpus, most widespread first (then by key).

    Attributes:
        lines: The lines found.
        n_posts: Posts looked at.
    """

    lines: tuple[BoilerplateLine, ...]
    n_posts: int

    def keys(self, blog: str) -> frozenset[str]:
        """The comparison keys of one blog's boilerplate lines."""
        return frozenset(line.key for line in self.lines if line.blog == blog)


def line_keys(line: str) -> tuple[str, ...]:
    """The keys a line is compared by: its normalised form, and for an English line its frame too.

    >>> line_keys("Photo by Andrew Haimerl (andrewnef) on Unsplash")
    ('photo by andrew haimerl (andrewnef) on unsplash', '<w> by <w> on <w>')
    >>> line_keys("執筆： @yamadatt　2021年12月28日")
    ('執筆: @yamadatt <date>',)
    """
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _DATE.sub("<date>", _URL.sub("<url>", text))
    text = _SPACE.sub(" ", _DIGITS.sub("0", text)).strip()
    if not text:
        return ()
    whole = (text,) if len(text.replace(" ", "")) >= MIN_CHARS else ()
    if _JAPANESE.search(text):
        return whole
    grammar = stopwords()
    frame: list[str] = []
    for word in _WORD.findall(text):
        word = word if word in grammar else "<w>"
        if word != "<w>" or not frame or frame[-1] != "<w>":
            frame.append(word)
    if sum(w != "<w>" for w in frame) < MIN_FRAME_WORDS:
        return whole
    return (*whole, " ".join(frame))


def digest(key: str) -> str:
    """A short fixed-size stand-in for a line key (16 hex digits), to store and count many of them."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) of each non-empty line of a text."""
    for match in _LINE.finditer(text):
        if match.group().strip():
            yield match.start(), match.end(), match.group()


def blog_of(post: Post) -> str:
    """The blog a post belongs to, for counting: its blog title, else its URL's host, else "" (one blog)."""
    if post.blog:
        return post.blog
    return urlsplit(post.url).hostname or "" if post.url else ""


def min_posts(n_posts: int) -> int:
    """How many posts of a blog of ``n_posts`` must carry a line for it to be boilerplate."""
    return max(MIN_POSTS, math.floor(MIN_SHARE * n_posts) + 1)


def find_boilerplate(posts: Iterable[Post]) -> Boilerplate:
    """The boilerplate lines of a corpus (see the module's docstring for the rule)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], str] = {}
    sizes: Counter[str] = Counter()
    for post in posts:
        blog = blog_of(post)
        sizes[blog] += 1
        seen: set[str] = set()
        for _, _, line in iter_lines(post.text):
            for key in line_keys(line):
                if key not in seen:
                    seen.add(key)
                    examples.setdefault((blog, key), line.strip())
        counts[blog].update(seen)
    return select(counts, sizes, examples)


def select(counts: dict[str, Counter[str]], sizes: Counter[str],
           examples: dict[tuple[str, str], str] | None = None) -> Boilerplate:
    """The boilerplate among counted lines.

    Args:
        counts: Per blog, how many of its posts carry each key (a key or its ``digest``).
        sizes: Posts per blog.
        examples: (blog, key) -> the line as written, when known (else the key stands for it).
    """
    found = [BoilerplateLine(key, (examples or {}).get((blog, key), key), blog, n)
             for blog, counter in counts.items() for key, n in counter.items() if n >= min_posts(sizes[blog])]
    found.sort(key=lambda line: (-line.n_posts, line.blog, line.key))
    return Boilerplate(tuple(found), sum(sizes.values()))


def boilerplate_spans(text: str, keys: frozenset[str], *, hashed: bool = False) -> list[tuple[int, int]]:
    """(start, end) of the lines of ``text`` whose keys (or their digests) are among ``keys``."""
    if not keys:
        return []
    spans = []
    for start, end, line in iter_lines(text):
        if any((digest(k) if hashed else k) in keys for k in line_keys(line)):
            spans.append((start, end))
    return spans


def own_names(post: Post) -> frozenset[str]:
    """Matching keys of the blog's own names: the author, the blog title, and the handle in its domain.

    ``yamadattt.hatenablog.jp`` gives ``yamadattt``; platform labels (hatenablog, ameblo, www ...) and the
    top-level domain are not names.  They are on every post of the blog and name no topic of it.
    """
    names = {post.author or "", post.blog or ""}
    host = urlsplit(post.url).hostname if post.url else None
    if host:
        names.update(label for label in host.split(".")[:-1] if label not in _PLATFORM_LABELS)
    return frozenset(norm_key(name.strip()) for name in names if name.strip())
