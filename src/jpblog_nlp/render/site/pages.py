"""The site's post pages: the single-post report (``post.html.j2``) with the site's shared assets and a nav.

A page is rendered from the analysis dict stored by the batch, exactly as ``jpblog analyze --format html``
renders it (``post_html.post_context``), with one compiled template for all pages; only the stylesheet
and scripts become links to ``../assets/`` and the nav links the index and the neighbouring posts in
corpus order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..post_html import CHART_SCRIPT, PAGE_SCRIPT, environment, post_context, site_csp
from .data import page_name

#: The order of the previous/next links, said on every page.
ORDER = "corpus order"


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A linked neighbouring post."""

    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Nav:
    """The nav of a post page: the index, the previous and next posts, where this post stands."""

    index: str
    prev: Neighbour | None
    next: Neighbour | None
    ordinal: int
    total: int
    order: str = ORDER


def nav_for(ordinal: int, total: int, titles: list[str]) -> Nav:
    """The nav of post ``ordinal`` (1-based) among ``total``; ``titles`` are the posts' titles in order."""

    def neighbour(o: int) -> Neighbour | None:
        if not 1 <= o <= total:
            return None
        return Neighbour(page_name(o, total), titles[o - 1] if o - 1 < len(titles) else "")

    return Nav("../index.html#posts", neighbour(ordinal - 1), neighbour(ordinal + 1), ordinal, total)


def render_pages(analyses: Iterable[dict[str, Any]], total: int, titles: list[str]) -> Iterator[tuple[str, str]]:
    """(file name, HTML) of each post page, in corpus order.

    Args:
        analyses: Each post's analysis dict, in corpus order.
        total: Number of posts (for the file names' width and the nav).
        titles: The posts' titles in corpus order (the neighbours' link titles).
    """
    template = environment().get_template("post.html.j2")
    shared = {"csp": site_csp(), "assets": "../assets/", "scripts": [CHART_SCRIPT, PAGE_SCRIPT],
              "css": "", "inline_scripts": []}
    for ordinal, data in enumerate(analyses, start=1):
        context = post_context(data)
        context.update(shared)
        context["nav"] = nav_for(ordinal, total, titles)
        yield page_name(ordinal, total), template.render(**context)
