"""Keywords a reader would pick: whole compound terms scored by interchangeable methods.

One concern per module, one method per module behind one base (as sumy does):

``candidates``
    The post's candidates (compounds, nouns, hashtags on their ``norm`` key) and their statistics
    (``TermStats``), computed once and shared by every method.
``base``
    ``KeywordMethod``: ``method(stats, background) -> scores``, the shape every method has.
``flr``, ``textrank``, ``tfidf``, ``hybrid``
    The methods (see each module for what it scores and why); registered by name in
    ``jpblog_nlp.registry.KEYWORD_METHODS``, which also feeds the command line's ``--method``.
``background``
    Document frequencies over a background corpus (the shipped table or the user's own) for the IDF.
``ranking``
    The ``Keyword`` record and ``rank``: scores to keywords, with the boost for the author's own labels.
``api``
    ``extract_keywords``: one post's keywords by a method chosen by name.

This package exports the names the former ``keywords`` module did, so ``from jpblog_nlp.keywords import
extract_keywords`` keeps working.
"""

from __future__ import annotations

from .api import DEFAULT_METHOD, METHODS, extract_keywords, get_method
from .background import BACKGROUND_FILE, Background, build_background, default_background, write_background
from .base import KeywordMethod, Method
from .candidates import DEFAULT_KINDS, TRIM_PREFIXES, TRIM_SUFFIXES, TermStats, term_stats
from .flr import score_flr
from .hybrid import LONG_POST_WORD_FACTOR, score_hybrid
from .ranking import TITLE_BOOST, Keyword, rank
from .textrank import TEXTRANK_DAMPING, TEXTRANK_WINDOW, score_textrank
from .tfidf import score_tfidf

__all__ = [
    "BACKGROUND_FILE",
    "DEFAULT_KINDS",
    "DEFAULT_METHOD",
    "LONG_POST_WORD_FACTOR",
    "METHODS",
    "TEXTRANK_DAMPING",
    "TEXTRANK_WINDOW",
    "TITLE_BOOST",
    "TRIM_PREFIXES",
    "TRIM_SUFFIXES",
    "Background",
    "Keyword",
    "KeywordMethod",
    "Method",
    "TermStats",
    "build_background",
    "default_background",
    "extract_keywords",
    "get_method",
    "rank",
    "score_flr",
    "score_hybrid",
    "score_textrank",
    "score_tfidf",
    "term_stats",
    "write_background",
]
