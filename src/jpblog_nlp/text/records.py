"""Frozen records that flow through the pipeline: Post → Sentence → Token / Term."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Post:
    """One blog post, cleaned.

    Attributes:
        id: Stable identifier (basename, URL or file stem plus index).
        title: The post's own title ("" when unknown).
        text: Cleaned body text; every offset in the pipeline points into it.
        source: Where it came from (path, or path#N for a file that holds many posts, or URL).
        url: The post's URL when known.
        published: ISO 8601 date/time string when known.
        author: Author when known.
        blog: Title of the blog the post belongs to.
        categories: Categories and tags, in the order given.
        hashtags: Hashtags found in the body (#しなやかフェス2018秋), kept as metadata.
        urls: URLs and bare link-card domains removed from or found in the body.
        meta: Anything else the source format carried (subtitle, basename, status ...).
    """

    id: str
    title: str
    text: str
    source: str = ""
    url: str | None = None
    published: str | None = None
    author: str | None = None
    blog: str | None = None
    categories: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    meta: tuple[tuple[str, str], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (tuples become lists, meta a dict)."""
        data = asdict(self)
        data["categories"] = list(self.categories)
        data["hashtags"] = list(self.hashtags)
        data["urls"] = list(self.urls)
        data["meta"] = dict(self.meta)
        return data


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a post's cleaned text.

    ``text == post.text[start:end]`` always holds.
    """

    index: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Token:
    """One MeCab/UniDic morpheme.

    Attributes:
        surface: The characters as written.
        lemma: UniDic's lemma without its English gloss (コミュニティー-community → コミュニティー);
            falls back to the surface for unknown words (SNS, KLOUT).
        base: Dictionary form as written (orthBase), falling back to the surface.
        norm: Key for matching: NFKC, case-folded, trailing long vowel mark of katakana words dropped.
        pos: Part of speech, UniDic levels joined by "-" (名詞-普通名詞-一般).
        reading: Pronunciation in katakana ("" when unknown).
        start: Offset of the first character in the text given to the tokenizer.
        end: Offset after the last character.
        known: False for words not in the dictionary.
    """

    surface: str
    lemma: str
    base: str
    norm: str
    pos: str
    reading: str
    start: int
    end: int
    known: bool = True

    @property
    def pos1(self) -> str:
        """Top-level part of speech (名詞, 動詞, ...)."""
        return self.pos.split("-", 1)[0]


@dataclass(frozen=True, slots=True)
class Term:
    """A countable term: a rebuilt compound (影響力, オンラインサロン) or a single content word.

    Attributes:
        text: The term as written in the post.
        norm: Matching key (see ``Token.norm``); variants such as KLOUT/Klout share it.
        kind: "compound" (two or more units), "noun", "verb", "adjective", "hashtag", ...
        start: Offset of the first character in the text given to the tokenizer.
        end: Offset after the last character.
        n_units: How many UniDic units it was built from.
    """

    text: str
    norm: str
    kind: str
    start: int
    end: int
    n_units: int = 1


def slot_constructor(cls: type[T]) -> Callable[..., T]:
    """A positional constructor for a frozen slots dataclass that fills the slots directly.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, about a microsecond
    per record; the pipeline makes millions of terms and evidence records on a large corpus. The
    constructor returned builds a record equal to ``cls(*fields)`` in about half the time. Every field
    must be given (defaults are not applied). Its body is generated, as dataclasses generates
    ``__init__``, from the field names, so that it is straight-line code.
    """
    names = [f.name for f in fields(cls)]
    # Helper and local names start with "__", which no field name of our records does.
    namespace: dict[str, Any] = {"__new": object.__new__, "__cls": cls}
    namespace.update({f"__set_{name}": cls.__dict__[name].__set__ for name in names})
    body = "".join(f"    __set_{name}(__record, {name})\n" for name in names)
    params = ", ".join(names)
    source = f"def build({params}):\n    __record = __new(__cls)\n{body}    return __record\n"
    exec(source, namespace)  # the source is built from the dataclass's own field names
    build = namespace["build"]
    build.__doc__ = f"``{cls.__name__}(...)`` with every field given, built by filling its slots."
    return build


make_term = slot_constructor(Term)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a post's records are built; restore the caller's setting after.

    A post becomes hundreds of thousands of small acyclic objects (a morpheme per word, a result per
    sentence). Left on, the collector would scan them again and again while they are built (a tenth of
    the time) and could free nothing. Nested uses leave the collector as the outermost caller had it.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
