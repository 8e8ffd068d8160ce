"""jpblog-nlp: read Japanese blog posts and tell what they say.

Notebook entry points::

    import jpblog_nlp
    from pathlib import Path
    result = jpblog_nlp.analyze(Path("corpus/itochan-influence.txt"))  # keywords, sentiment, themes, summary
    result                                  # shows itself as an HTML table in Jupyter
    result.to_frame("sentences")            # pandas, imported only here
    jpblog_nlp.analyze(text="SNSの影響力について考えた。")  # a string is always the post's text
    post = jpblog_nlp.load_post("corpus/itochan-influence.txt")  # always a path
    post = jpblog_nlp.post_from_text("本文のテキスト…")          # always text
    jpblog_nlp.tokenize("影響力のあるオンラインサロン")
    corpus = jpblog_nlp.load_corpus("corpus/")
    batch = corpus.analyze(workers=2)       # batch.posts, batch.sentences, ... DataFrames

A string given as a post is its text, never a path to read or a URL to fetch (``analyze("post.txt")``
is refused as looking like a file name): files are read by ``load_post(path)`` or ``analyze(Path(...))``
and URLs fetched by ``fetch_post(url)``, so a service that analyses its users' text reads no files.

Nothing heavy is imported up front: each analysis module loads when first used.
"""

from __future__ import annotations

from .lazy import lazy_names

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from .errors import EmptyPostError, FetchError, FormatError, InputError, JpblogError, ResourceError
from .text.records import Post, Sentence, Term, Token

# Public name -> the module that defines it. Modules load on first use (PEP 562 ``__getattr__``), so that
# `import jpblog_nlp` and the `jpblog` command start fast: the tagger, NumPy, requests, pandas and
# scikit-learn are imported only by the functions that need them.
_LAZY = {
    "PostAnalysis": "analysis",
    "analyze": "analysis",
    "load_corpus": "batch.corpus",
    "read_results": "batch.results",
    "fetch_posts": "web.crawl",
    "fetch_post": "web.fetch",
    "term_cooccurrences": "explore.frequency",
    "term_frequencies": "explore.frequency",
    "Keyword": "keywords",
    "extract_keywords": "keywords",
    "kwic": "explore.kwic",
    "score_emotions": "sentiment",
    "score_sentiment": "sentiment",
    "iter_posts": "sources",
    "load_post": "sources",
    "post_from_text": "sources",
    "Summary": "summary",
    "SummarySentence": "summary",
    "summarize": "summary",
    "detect_themes": "themes",
    "load_themes": "themes",
    "extract_terms": "text.tokens",
    "tokenize": "text.tokens",
    "split_sentences": "text.sentences",
    "discover_topics": "explore.topics",
}

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .analysis import PostAnalysis, analyze
    from .batch.corpus import load_corpus
    from .batch.results import read_results
    from .explore.frequency import term_cooccurrences, term_frequencies
    from .explore.kwic import kwic
    from .explore.topics import discover_topics
    from .keywords import Keyword, extract_keywords
    from .sentiment import score_emotions, score_sentiment
    from .sources import iter_posts, load_post, post_from_text
    from .summary import Summary, SummarySentence, summarize
    from .text.sentences import split_sentences
    from .text.tokens import extract_terms, tokenize
    from .themes import detect_themes, load_themes
    from .web.crawl import fetch_posts
    from .web.fetch import fetch_post


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())


__all__ = [  # kept in step with _LAZY by tests/test_package.py
    "EmptyPostError",
    "FetchError",
    "FormatError",
    "InputError",
    "JpblogError",
    "Keyword",
    "Post",
    "PostAnalysis",
    "ResourceError",
    "Sentence",
    "Summary",
    "SummarySentence",
    "Term",
    "Token",
    "__version__",
    "analyze",
    "detect_themes",
    "discover_topics",
    "extract_keywords",
    "extract_terms",
    "fetch_post",
    "fetch_posts",
    "iter_posts",
    "kwic",
    "load_corpus",
    "load_post",
    "load_themes",
    "post_from_text",
    "read_results",
    "score_emotions",
    "score_sentiment",
    "split_sentences",
    "summarize",
    "term_cooccurrences",
    "term_frequencies",
    "tokenize",
]
