"""Analyse one post: the single entry point behind ``jpblog analyze`` and ``PostAnalysis``.

The analysis is a pure function of the post and the loaded resources (tagger, lexicons, themes), so a
batch engine can map it over posts in any process.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .document import Document, prepare
from .records import Post

SCHEMA = "jpblog.post-analysis/1"


@dataclass(frozen=True, slots=True)
class TermCount:
    """A term and how often it occurs in a post."""

    term: str
    norm: str
    count: int
    kind: str


def term_counts(doc: Document, *, kinds: tuple[str, ...] = ("compound", "noun", "hashtag")) -> list[TermCount]:
    """Count a document's terms by matching key, shown in their most frequent written form.

    Args:
        doc: A prepared document.
        kinds: Which term kinds to count (compounds and nouns by default).

    Returns:
        Counts, most frequent first (ties: first occurrence first).
    """
    counts: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    kind_of: dict[str, str] = {}
    for term in doc.all_terms():
        if term.kind not in kinds:
            continue
        counts[term.norm] += 1
        shown.setdefault(term.norm, Counter())[term.text] += 1
        kind_of.setdefault(term.norm, term.kind)
    return [
        TermCount(shown[norm].most_common(1)[0][0], norm, count, kind_of[norm])
        for norm, count in counts.most_common()
    ]


@dataclass(frozen=True, slots=True)
class PostAnalysis:
    """Everything jpblog says about one post.

    Attributes:
        document: The tokenized post (post, sentences, morphemes, terms).
        top_terms: Most frequent compound terms and nouns.
    """

    document: Document
    top_terms: tuple[TermCount, ...]

    @property
    def post(self) -> Post:
        """The analysed post."""
        return self.document.post

    def to_dict(self) -> dict[str, Any]:
        """Return the versioned, JSON-ready form (see README, "JSON output")."""
        post = self.post
        doc = self.document
        return {
            "schema": SCHEMA,
            "post": {
                "id": post.id,
                "title": post.title,
                "url": post.url,
                "published": post.published,
                "author": post.author,
                "blog": post.blog,
                "source": post.source,
                "categories": list(post.categories),
                "hashtags": list(post.hashtags),
                "n_chars": len(post.text),
                "n_sentences": len(doc.sentences),
                "n_tokens": doc.n_tokens,
            },
            "top_terms": [{"term": t.term, "count": t.count, "kind": t.kind} for t in self.top_terms],
        }


def analyze(source: str | Post | Document, *, top: int = 10) -> PostAnalysis:
    """Analyse one post.

    Args:
        source: Text, a path to a post file, a ``Post`` or a ``Document``.
        top: How many top terms to keep.

    Returns:
        The analysis.
    """
    doc = prepare(source)
    return PostAnalysis(document=doc, top_terms=tuple(term_counts(doc)[:top]))
