"""``extract_keywords``: one post's keywords by a method chosen by name.

Methods are looked up in ``jpblog_nlp.registry.KEYWORD_METHODS`` (``METHODS`` here), which also gives the
command line its ``--method`` choices; an unknown name raises ``registry.UnknownNameError``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..registry import KEYWORD_METHODS, Registry
from ..text.document import Document, prepare
from ..text.records import Post
from .background import Background, as_background
from .base import KeywordMethod
from .candidates import DEFAULT_KINDS, term_stats
from .ranking import Keyword, rank

# Chosen with scripts/eval_keywords.py on livedoor (7,367 articles, 9 categories): per category, how many
# of its 20 most frequent top-10 keywords are also among another category's 20 (lower = more
# distinctive), mean over categories: hybrid 4.1, tfidf 7.7, flr 8.6, textrank 8.9 (built-in background).
# With the corpus itself as background= (a user's own blog), tfidf 3.9 and hybrid 5.1: when a corpus is
# at hand, method="tfidf" with background= is as distinctive.  On human keyphrases (keyphrase-dev,
# recall@10) hybrid leads: 0.44 against flr 0.39, tfidf 0.32, textrank 0.29 (docs/keywords.md).
DEFAULT_METHOD = "hybrid"

#: The keyword methods by name (the registry's table): "hybrid", "flr", "textrank", "tfidf".
METHODS: Registry[KeywordMethod] = KEYWORD_METHODS


def get_method(name: str) -> KeywordMethod:
    """Look a scoring method up by name.

    Raises:
        UnknownNameError: Unknown name (an ``InputError``; the message lists the known ones).
    """
    return METHODS.lookup(name)


def extract_keywords(
    source: str | Post | Document,
    top_k: int | None = 10,
    method: str = DEFAULT_METHOD,
    *,
    background: Background | Iterable[str | Post | Document] | None = None,
    kinds: Iterable[str] = DEFAULT_KINDS,
) -> list[Keyword]:
    """Extract the keywords of one post.

    Args:
        source: The post's text (a str is always text), a ``Post`` or a prepared ``Document``; a path is
            refused (``load_post(path)`` reads one), so the analysis never reads files.
        top_k: How many keywords to return (``None`` for every candidate).
        method: A name in ``METHODS``: "hybrid" (default), "flr", "textrank" or "tfidf".
        background: For "tfidf"/"hybrid": a ``Background`` or an iterable of posts/documents to count
            document frequencies over (build it once with ``build_background`` when extracting from many
            posts); the built-in table when omitted.
        kinds: Term kinds admitted as keywords.

    Returns:
        Keywords, best first; an empty list for a post without any candidate (emoji or URLs only).

    Raises:
        UnknownNameError: Unknown method (an ``InputError``).

    >>> [k.term for k in extract_keywords("オンラインサロンの影響力。影響力とは何か。", top_k=2)]
    ['影響力', 'オンラインサロン']
    """
    scorer = get_method(method)
    doc = prepare(source)
    st = term_stats(doc, kinds=kinds)
    if not len(st):
        return []
    return rank(st, scorer(st, as_background(background)), top_k)


__all__ = ["DEFAULT_METHOD", "METHODS", "extract_keywords", "get_method"]
