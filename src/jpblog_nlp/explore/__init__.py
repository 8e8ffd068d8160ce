"""Exploring a corpus: topics, term frequencies and co-occurrences, keyword in context, group keyness.

``topics`` (NMF topics without a dictionary), ``frequency`` (``term_frequencies``,
``term_cooccurrences``), ``kwic`` (every occurrence of a term with its context) and ``compare`` (terms
and themes that set groups of posts apart): tools for reading many posts, where ``keywords``,
``sentiment``, ``themes`` and ``summary`` each analyse one.

The package re-exports nothing: a name exported here that equals a submodule's name (``kwic``) would
hide the submodule from ``import jpblog_nlp.explore.kwic as m``. Import from the modules; the public
functions are also on ``jpblog_nlp`` itself.
"""
