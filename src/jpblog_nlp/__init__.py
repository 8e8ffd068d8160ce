"""jpblog-nlp: read Japanese blog posts and tell what they say.

Notebook entry points::

    import jpblog_nlp
    post = jpblog_nlp.load_post("corpus/itochan-influence.txt")
    jpblog_nlp.split_sentences(post.text)
    jpblog_nlp.tokenize("影響力のあるオンラインサロン")
"""

from __future__ import annotations

__version__ = "0.1.0"

from .corpus import load_corpus, read_results  # batch analysis; pandas is imported only when used
from .errors import EmptyPostError, FetchError, FormatError, InputError, JpblogError, ResourceError
from .records import Post, Sentence, Term, Token
from .sentences import split_sentences
from .sentiment import score_emotions, score_sentiment  # sentiment + emotions (no pandas/sklearn)
from .sources import iter_posts, load_post
from .themes import detect_themes, load_themes  # themes of a post (no pandas/sklearn)
from .tokens import extract_terms, tokenize
from .topics import discover_topics  # sklearn is imported only when called

__all__ = [
    "EmptyPostError",
    "FetchError",
    "FormatError",
    "InputError",
    "JpblogError",
    "Post",
    "ResourceError",
    "Sentence",
    "Term",
    "Token",
    "__version__",
    "detect_themes",
    "discover_topics",
    "extract_terms",
    "iter_posts",
    "load_corpus",
    "load_post",
    "load_themes",
    "read_results",
    "score_emotions",
    "score_sentiment",
    "split_sentences",
    "tokenize",
]
