"""The site's index page: the sections of ``index.html.j2`` around the JSON that ``site.js`` draws from.

Lists (a theme's posts and sentences, topics, keyness, the most positive and negative posts, what
changed) are HTML written by the template, escaped and readable without scripts; charts, the network and
the posts table are drawn by ``assets/site.js`` from one ``<script type="application/json">`` block
(``post_html.script_json``: it cannot be closed early by a title holding ``</script>``).
"""

from __future__ import annotations

from typing import Any

from ..post_html import CHART_SCRIPT, environment, script_json, site_csp
from ..view import signed
from .changes import Changes
from .data import IndexContent
from .network import Network

#: The index page's scripts (shared files of ``assets/``): the charts and table, and the network drawing.
INDEX_SCRIPT = "site.js"
NETWORK_SCRIPT = "network.js"
#: Colours of the network's communities and of the lines of the charts (site.js uses the same list).
PALETTE = ["#3b5bdb", "#f08c00", "#2f9e44", "#e03131", "#ae3ec9", "#1098ad", "#f76707", "#5c940d",
           "#c2255c", "#495057", "#7048e8", "#0ca678"]


def render_index(content: IndexContent, network: Network, changes: Changes, *, notes: list[str],
                 title: str | None = None, graph_href: str = "../") -> str:
    """The index page's HTML.

    Args:
        content: The index's figures (``data.build_index``).
        network: The co-occurrence network (``network.read_network``).
        changes: What changed since the previous build.
        notes: Remarks of the run.
        title: The page title (default: the blog's name, else "Corpus report").
        graph_href: URL of the results folder from the index (for network.graphml / .gexf).
    """
    from markupsafe import Markup

    from ... import __version__

    data = dict(content.data)
    data["network"] = network.data
    data["palette"] = PALETTE
    data["why"] = content.why
    context: dict[str, Any] = {
        "lang": "ja",
        "csp": site_csp(),
        "assets": "assets/",
        "scripts": [CHART_SCRIPT, NETWORK_SCRIPT, INDEX_SCRIPT],
        "css": "",
        "inline_scripts": [],
        "version": __version__,
        "title": title or (f"{content.blog} — corpus report" if content.blog else "Corpus report"),
        "c": content,
        "net": network,
        "changes": changes,
        "notes": notes,
        "graph_href": graph_href,
        "palette": PALETTE,
        "signed": signed,
        "unit_ja": "週" if content.unit == "week" else "月",
        "data_json": Markup(script_json(data)),
    }
    return environment().get_template("index.html.j2").render(**context)
