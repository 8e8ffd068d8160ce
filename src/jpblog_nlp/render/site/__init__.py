"""The static corpus site of a batch: ``RESULTS/report/index.html``, one page per post, shared assets.

``build``    builds (or rebuilds) the site from a results folder: ``build_site``
``data``     the index's figures from the batch tables (pandas stays there)
``network``  the co-occurrence network read from ``network.json``
``changes``  what changed since the last build (``site.json``)
``pages``    the post pages (the single-post template with a nav)
``index``    the index page
"""

from __future__ import annotations

from .build import SITE_DIR, SiteFiles, build_site

__all__ = ["SITE_DIR", "SiteFiles", "build_site"]
