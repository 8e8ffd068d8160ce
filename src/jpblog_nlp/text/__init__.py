"""From a post's text to a ``Document``: records, cleaning, normalization, sentences, tokens.

The lowest layer: every analysis takes the ``Document`` that ``document.prepare`` builds once, and nothing
here imports an analysis. Modules load on first use (``jpblog_nlp.text.tokens`` imports MeCab).
"""
