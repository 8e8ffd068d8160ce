"""Extractive summaries: the sentences that best represent a post, in their original order.

Named ``summary`` and not ``summarize``: a package named like the public function
``jpblog_nlp.summarize`` would replace that function on the ``jpblog_nlp`` module once imported.

One concern per module, one method per module behind one base (as sumy does):

``records``
    ``Summary`` and ``SummarySentence``.
``base``
    ``Budget`` and ``Summarizer`` (the shape every method has); ``SUMMARIZERS``, the methods by name
    (``jpblog_nlp.registry.SUMMARY_METHODS``), and ``register_summarizer``.
``lexrank`` (the default), ``lead``
    The methods.
``eligibility``
    Headings, list fragments and very short lines are not picked unless the post has nothing else.
``features``, ``centrality``, ``numpy_kernels``
    What ``lexrank`` weighs: key terms, the title and priors; LexRank centrality in pure Python for
    short posts (numpy takes ~100 ms to import), with numpy for long ones.
``api``
    ``summarize``: the length option checked once, the method looked up by name.
"""

from __future__ import annotations

from .api import DEFAULT_METHOD, DEFAULT_N, summarize
from .base import SUMMARIZERS, Budget, Summarizer, register_summarizer
from .eligibility import eligible_mask, is_fragment
from .records import Summary, SummarySentence

__all__ = [
    "DEFAULT_METHOD",
    "DEFAULT_N",
    "SUMMARIZERS",
    "Budget",
    "Summarizer",
    "Summary",
    "SummarySentence",
    "eligible_mask",
    "is_fragment",
    "register_summarizer",
    "summarize",
]
