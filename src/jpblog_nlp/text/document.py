"""A post made ready for analysis: sentences, morphemes and compound terms, computed once.

Every analysis (keywords, sentiment, themes, summaries) takes a ``Document`` so that MeCab runs once
per post.  Offsets of morphemes and terms point into ``post.text``.

``prepare`` takes text, a ``Post`` or a ``Document`` and never reads a file: reading is the job of
``sources`` (``load_post``) and of the entry points above the analyses (``analysis.analyze``, the CLI), so
the post's text flows one way, from the reader down into the analyses, never back up from inside one.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter, itemgetter

from ..errors import InputError, without_surrogates
from ..sources import name_shape, post_from_text
from .records import Post, Sentence, Term, collector_paused
from .sentences import split_sentences
from .tokens import Morpheme, build_terms, parse


@dataclass(frozen=True, slots=True)
class Document:
    """A tokenized post.

    Attributes:
        post: The cleaned post.
        sentences: Its sentences.
        morphemes: For each sentence, its morphemes (light ``Morpheme`` tuples, offsets into
            ``post.text``).
        terms: For each sentence, its compound-aware terms (offsets into ``post.text``).
    """

    post: Post
    sentences: tuple[Sentence, ...]
    morphemes: tuple[tuple[Morpheme, ...], ...]
    terms: tuple[tuple[Term, ...], ...]

    @property
    def n_tokens(self) -> int:
        """Number of morphemes in the post."""
        return sum(len(m) for m in self.morphemes)

    def all_terms(self) -> list[Term]:
        """Every term of the post, in order."""
        return [t for sentence_terms in self.terms for t in sentence_terms]


_START = itemgetter(1)  # Morpheme.start, read in C
_TERM_START = attrgetter("start")


def _bucket(items: Sequence, item_starts: list[int], starts: list[int]) -> tuple[tuple, ...]:
    """Group offset-carrying items (in text order) by the sentence whose span starts at or before them.

    Items before the first sentence belong to none. Two binary searches per sentence and a slice, not
    a Python step per item: a post has a few hundred sentences and tens of thousands of morphemes.
    """
    n = len(starts)
    if not n:
        return ()
    cuts = [bisect_left(item_starts, start) for start in starts]
    cuts.append(len(items))
    return tuple(tuple(items[cuts[k]:cuts[k + 1]]) for k in range(n))


#: How to say "this string was meant as text" where the caller has no ``text=`` keyword.
TEXT_ESCAPE = "jpblog_nlp.post_from_text(s) to analyse the string itself"


#: The longest post analysed. The longest of livedoor's 7,367 articles has 12,237 characters and a long blog
#: post some 30,000. A post's analysis holds about 450 bytes of memory per character of text (morphemes,
#: terms, per-sentence records: measured on the sample repeated to 1,000,000 characters), so this cap (a
#: whole novel) keeps the analysis of one post under about 250 MB.
MAX_POST_CHARS = 500_000


def text_post(text: str, *, escape: str = TEXT_ESCAPE,
              read: str = "use jpblog_nlp.load_post(path) to read a file") -> Post:
    """The post of a string given where a post is expected: always its text, never a path or a URL.

    A string that only looks like a file name or a URL (``"post.txt"``, ``"https://..."``) is refused
    rather than analysed as a one-word post, so that a caller who meant a file learns it was not read.
    The decision is on the string's shape alone (``sources.name_shape``), never on whether such a file
    exists: a service that analyses its users' text must neither read files nor tell which exist.

    Args:
        text: The string.
        escape: The end of the hint: how to analyse such a string as text after all.
        read: The start of the hint: how to read a file instead (the caller's own way, which differs
            between ``analyze``, which reads a ``pathlib.Path``, and the analysers, which read nothing).

    Returns:
        The post made from the text.

    Raises:
        InputError: The string has the shape of a file name or URL; the text holds no post.
    """
    shape = name_shape(text)
    if shape is not None:
        shown = text.strip()
        raise InputError(
            f"a string is analysed as the post's text, and this looks like {shape}",
            source=shown if len(shown) <= 80 else shown[:80] + "…",
            hint=f"{read}, jpblog_nlp.fetch_post(url) for a URL, or {escape}",
        )
    return post_from_text(text)


#: Why ``prepare`` refuses a path, and what to do instead.
NO_PATHS = "analysers take the post's text, a Post or a Document; read a file with jpblog_nlp.load_post(path)"


def prepare(source: str | Post | Document) -> Document:
    """Turn text, a post or a document into a ``Document``.

    A path is refused, not read: the analyses work on a post already in memory, and the one place that
    reads files for them is ``sources`` (``load_post``, ``iter_posts``), called by ``analysis.analyze``
    and the command line before any analysis starts.

    Args:
        source: The post's text (a ``str`` is always text: see ``text_post``), a ``Post``, or a
            ``Document`` (returned as is).

    Returns:
        The document, with morphemes and terms per sentence.

    Raises:
        InputError: A path (``os.PathLike``), a string shaped like a file name or URL, an empty post, or a
            value of another type.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, Post):
        post = source
    elif isinstance(source, str):
        post = text_post(source)
    elif isinstance(source, os.PathLike):
        raise InputError(NO_PATHS, source=os.fsdecode(source))
    else:
        raise InputError(f"cannot analyse a value of type {type(source).__name__}",
                         hint="pass the post's text (str), a Post or a Document")
    text = without_surrogates(post.text)  # a Post made in Python code may hold them; MeCab cannot take them
    if text is not post.text:
        post = replace(post, text=text)
    if len(text) > MAX_POST_CHARS:
        raise InputError(
            f"the post is {len(text):,} characters long, more than the {MAX_POST_CHARS:,} a blog post can have",
            source=post.source or post.id,
            hint="split it into several posts",
        )
    with collector_paused():
        sentences = split_sentences(text)
        morphemes = parse(text)
        terms = build_terms(morphemes, text)
        starts = [s.start for s in sentences]
        return Document(
            post=post,
            sentences=tuple(sentences),
            morphemes=_bucket(morphemes, list(map(_START, morphemes)), starts),
            terms=_bucket(terms, list(map(_TERM_START, terms)), starts),
        )
