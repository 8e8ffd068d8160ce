"""The co-occurrence network of a corpus's main terms, drawn the way KH Coder users expect.

Nodes are the corpus's main terms: compound terms and nouns that may carry a topic
(``topics.is_topic_term``), chosen by how many posts use them (document frequency), since a term that a
single long post repeats is not a term of the corpus.  Terms in more than half of the posts (``MAX_SHARE``)
are left out: they co-occur with everything and turn the graph into a star around them.  A node's size is
the number of posts using it.

Edges join terms found in the same sentences (the units; posts when sentences were not recorded) and are
weighted by the Jaccard coefficient, |A ∩ B| / |A ∪ B| over units.  Why Jaccard: it is KH Coder's
default, so the graph reads as its users expect; it is symmetric (no direction to choose); and unlike raw
co-occurrence counts it is not dominated by the most frequent terms -- two rare terms always found
together weigh more than a frequent term seen now and then next to another.  The strongest ``MAX_EDGES``
edges are kept (KH Coder keeps the top 60), pairs seen together in fewer than ``MIN_COOC`` units never
count, and a node left without an edge is dropped.

Communities are networkx's Louvain partition with a fixed seed over a graph built in sorted order, so the
same input gives the same partition; they are numbered by size (largest first), then by their smallest
term, so that the numbering rests on no floating-point tie.  Positions are networkx's spring layout with a
fixed seed, scaled into [-1, 1]; their last digits may differ between CPUs, which is why nothing should
compare them exactly.

The network is a ``TermNetwork`` record (``to_dict`` gives the ``network.json`` schema of
``docs/batch.md``); ``write_graph`` writes it as GraphML or GEXF for Gephi, through ``safe_io``.
"""

from __future__ import annotations

import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..safe_io import write_bytes
from .topics import is_topic_term

if TYPE_CHECKING:
    import networkx as nx

    from ..text.document import Document

#: How many terms the network starts from (KH Coder draws some 60).
MAX_NODES = 60
#: How many edges are kept, strongest first (KH Coder's default: 60).
MAX_EDGES = 60
#: A term in more than this share of the posts is left out (it would be the hub of a star) ...
MAX_SHARE = 0.5
#: ... when the corpus has at least this many posts (in a handful of posts every term is in half of them).
MIN_POSTS_FOR_SHARE = 5
#: Pairs found together in fewer units than this are no edge (one shared sentence is chance).
MIN_COOC = 2
#: Seed of the community detection and of the layout.
SEED = 0
#: The layout's spring constant, as a multiple of networkx's default 1/sqrt(nodes).
LAYOUT_SPREAD = 2.0
UNITS = ("sentence", "post")


@dataclass(frozen=True, slots=True)
class NetworkPost:
    """One post's terms, as the network counts them.

    The tuples ``norms``, ``texts``, ``kinds`` and ``counts`` are parallel: one entry per distinct
    (key, written form, kind) of the post.

    Attributes:
        norms: Matching keys.
        texts: Written forms.
        kinds: Term kinds.
        counts: Occurrences that count (0: left out, e.g. only in boilerplate lines).
        units: Per unit (sentence), the indices of its terms; one unit of all terms for post-level counts.
    """

    norms: tuple[str, ...]
    texts: tuple[str, ...]
    kinds: tuple[str, ...]
    counts: tuple[int, ...]
    units: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class NetworkNode:
    """A term of the network.

    Attributes:
        id: Its matching key.
        label: Its most frequent written form.
        n_posts: Posts using it (the node's size).
        count: Units (sentences, or posts) holding it.
        community: Its community, 0 = the largest.
        x: Horizontal position in [-1, 1].
        y: Vertical position in [-1, 1].
    """

    id: str
    label: str
    n_posts: int
    count: int
    community: int
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    """Two terms found in the same units.

    Attributes:
        source: One term's id (the smaller key).
        target: The other's.
        weight: Jaccard coefficient over units.
        count: Units holding both.
    """

    source: str
    target: str
    weight: float
    count: int


@dataclass(frozen=True, slots=True)
class TermNetwork:
    """A co-occurrence network (the ``network.json`` schema).

    Attributes:
        unit: "sentence" or "post": what co-occurrence is counted in.
        measure: The edge weight ("jaccard").
        n_units: Units counted.
        n_posts: Posts counted.
        nodes: Terms, by id.
        edges: Edges, strongest first (ties by ids).
        note: Why the graph is empty or reduced (None when it is neither).
    """

    unit: str
    measure: str
    n_units: int
    n_posts: int
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form (``network.json``)."""
        return {
            "unit": self.unit, "measure": self.measure, "n_units": self.n_units, "n_posts": self.n_posts,
            "nodes": [{"id": n.id, "label": n.label, "n_posts": n.n_posts, "count": n.count,
                       "community": n.community, "x": n.x, "y": n.y} for n in self.nodes],
            "edges": [{"source": e.source, "target": e.target, "weight": e.weight, "count": e.count}
                      for e in self.edges],
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermNetwork:
        """The network of a ``to_dict`` value (as read back from ``network.json``)."""
        nodes = tuple(NetworkNode(str(n["id"]), str(n["label"]), int(n["n_posts"]), int(n["count"]),
                                  int(n["community"]), float(n["x"]), float(n["y"])) for n in data.get("nodes", ()))
        edges = tuple(NetworkEdge(str(e["source"]), str(e["target"]), float(e["weight"]), int(e["count"]))
                      for e in data.get("edges", ()))
        return cls(str(data.get("unit", "sentence")), str(data.get("measure", "jaccard")), int(data.get("n_units", 0)),
                   int(data.get("n_posts", 0)), nodes, edges, data.get("note"))

    def to_networkx(self) -> nx.Graph:
        """A ``networkx.Graph``: node and edge attributes as in ``to_dict``, the rest as graph attributes."""
        import networkx as nx

        graph = nx.Graph(unit=self.unit, measure=self.measure, n_units=self.n_units, n_posts=self.n_posts,
                         note=self.note or "")
        for n in self.nodes:
            graph.add_node(n.id, label=n.label, n_posts=n.n_posts, count=n.count, community=n.community,
                           x=n.x, y=n.y)
        for e in self.edges:
            graph.add_edge(e.source, e.target, weight=e.weight, count=e.count)
        return graph


def empty_network(note: str, *, unit: str = "sentence", n_units: int = 0, n_posts: int = 0) -> TermNetwork:
    """A network without nodes, saying why."""
    return TermNetwork(unit, "jaccard", n_units, n_posts, (), (), note)


class TermTally:
    """The first pass: how many posts use each term, and how often each written form is seen.

    A builder fed post by post (``add``; ``add_pairs`` for terms already filtered), so that a caller
    streaming a corpus can share its passes; ``choose`` then picks the nodes.  Counting is done by
    ``Counter`` in C: a corpus of thousands of posts has millions of occurrences.
    """

    def __init__(self) -> None:
        self.n_posts = 0
        self.post_freq: Counter[str] = Counter()
        self.form_counts: Counter[tuple[str, str]] = Counter()

    def add(self, post: NetworkPost) -> None:
        """Count one post's terms that may be nodes (``topics.is_topic_term``, count > 0)."""
        pairs: list[tuple[str, str]] = []
        for norm, text, kind, count in zip(post.norms, post.texts, post.kinds, post.counts, strict=True):
            if count > 0 and is_topic_term(norm, kind):
                pairs += ((norm, text),) * count
        self.add_pairs(pairs)

    def add_pairs(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Count one post given as its (key, written form) occurrences, of terms that may be nodes."""
        self.n_posts += 1
        self.form_counts.update(pairs)
        self.post_freq.update({norm for norm, _ in dict.fromkeys(pairs)})

    def shown(self, norms: Iterable[str]) -> dict[str, str]:
        """The written form shown for each key: the most frequent (ties: the smallest)."""
        wanted = set(norms)
        best: dict[str, tuple[int, str]] = {}
        for (norm, text), count in self.form_counts.items():
            if norm in wanted:
                seen = best.get(norm)
                if seen is None or (-count, text) < (-seen[0], seen[1]):
                    best[norm] = (count, text)
        return {norm: text for norm, (_, text) in best.items()}

    def choose(self, max_nodes: int = MAX_NODES, max_share: float = MAX_SHARE, *,
               exclude: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
        """The terms to start from (most posts first, then by key) and those left out as too common.

        ``exclude``: keys that are never nodes, such as a corpus's page headings (関連記事, 記事執筆:
        ``explore.topics.heading_terms``), which name a part of the page, not a subject.
        """
        n_posts = self.n_posts
        limit = max_share * n_posts if n_posts >= MIN_POSTS_FOR_SHARE else float(n_posts)
        common = sorted(norm for norm, n in self.post_freq.items() if n > limit and norm not in exclude)
        candidates = sorted((norm for norm, n in self.post_freq.items() if n <= limit and norm not in exclude),
                            key=lambda k: (-self.post_freq[k], k))
        return candidates[:max_nodes], common


class PairTally:
    """The second pass: units holding each chosen term, and each pair of them."""

    def __init__(self, chosen: Sequence[str]) -> None:
        self.chosen = list(chosen)
        self.index = {norm: i for i, norm in enumerate(self.chosen)}
        self.n_units = 0
        self.unit_freq = [0] * len(self.chosen)
        self.pairs: Counter[tuple[int, int]] = Counter()

    def add(self, post: NetworkPost) -> None:
        """Count one post's units."""
        index = self.index
        local = [index.get(norm, -1) if count > 0 else -1 for norm, count in zip(post.norms, post.counts, strict=True)]
        unit_freq, pairs = self.unit_freq, self.pairs
        self.n_units += len(post.units)
        for members in post.units:
            present = sorted({local[j] for j in members})
            if present and present[0] == -1:
                present = present[1:]
            for node in present:
                unit_freq[node] += 1
            if len(present) > 1:
                pairs.update(combinations(present, 2))


def assemble_network(terms: TermTally, pairs: PairTally, common: Sequence[str] = (), *, unit: str = "sentence",
                     max_edges: int = MAX_EDGES, min_cooc: int = MIN_COOC, seed: int = SEED) -> TermNetwork:
    """The network from the two passes' counts: Jaccard edges, the strongest kept, communities, layout."""
    if unit not in UNITS:
        raise InputError(f"unknown co-occurrence unit {unit!r}", hint="use sentence or post")
    if terms.n_posts == 0:
        return empty_network("no posts to draw a network from", unit=unit)
    chosen, freq = pairs.chosen, pairs.unit_freq
    scored = []
    for (a, b), both in pairs.pairs.items():
        if both >= min_cooc:
            scored.append((Fraction(both, freq[a] + freq[b] - both), both, chosen[a], chosen[b]))
    # Exact fractions: equal Jaccard values tie exactly on any CPU, then the ids decide.
    scored.sort(key=lambda s: (-s[0], -s[1], min(s[2], s[3]), max(s[2], s[3])))
    edges = tuple(NetworkEdge(min(a, b), max(a, b), round(float(j), 6), both) for j, both, a, b in scored[:max_edges])
    note = _note(unit, terms.n_posts, len(chosen), list(common), edges, min_cooc)
    if not edges:
        return empty_network(note or "no pair of terms is found together often enough",
                             unit=unit, n_units=pairs.n_units, n_posts=terms.n_posts)
    ids = sorted({e.source for e in edges} | {e.target for e in edges})
    communities, positions = _communities_and_layout(ids, edges, seed)
    unit_count = dict(zip(chosen, freq, strict=True))
    labels = terms.shown(ids)
    nodes = tuple(NetworkNode(norm, labels[norm], terms.post_freq[norm], unit_count[norm],
                              communities[norm], *positions[norm]) for norm in ids)
    return TermNetwork(unit, "jaccard", pairs.n_units, terms.n_posts, nodes, edges, note)


def build_network(
    posts: Sequence[NetworkPost] | Iterable[NetworkPost],
    *,
    unit: str = "sentence",
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    max_share: float = MAX_SHARE,
    min_cooc: int = MIN_COOC,
    seed: int = SEED,
    again: Iterable[NetworkPost] | None = None,
) -> TermNetwork:
    """The co-occurrence network of posts' terms (see the module's docstring for the choices).

    Two passes: one chooses the terms (by posts using them, ``TermTally``), the other counts pairs among
    them (``PairTally``).  A list is read twice; a stream is given once as ``posts`` and once more as
    ``again``.

    Args:
        posts: The posts' terms.
        unit: What a ``NetworkPost.units`` entry is ("sentence" or "post"), said in the result.
        max_nodes: Terms to start from.
        max_edges: Edges kept, strongest first.
        max_share: Leave out terms in more than this share of the posts (from ``MIN_POSTS_FOR_SHARE`` posts).
        min_cooc: Pairs found together in fewer units are no edge.
        seed: Seed of the communities and the layout.
        again: The same posts again, for the second pass (default: ``posts``, which must then be a list).
    """
    if unit not in UNITS:
        raise InputError(f"unknown co-occurrence unit {unit!r}", hint="use sentence or post")
    terms = TermTally()
    for post in posts:
        terms.add(post)
    chosen, common = terms.choose(max_nodes, max_share)
    pairs = PairTally(chosen)
    for post in (posts if again is None else again):
        pairs.add(post)
    return assemble_network(terms, pairs, common, unit=unit, max_edges=max_edges, min_cooc=min_cooc, seed=seed)


def _note(unit: str, n_posts: int, n_chosen: int, common: list[str], edges: tuple[NetworkEdge, ...],
          min_cooc: int) -> str | None:
    """What to tell the reader about how the graph was reduced."""
    parts = []
    if unit == "post":
        parts.append("co-occurrence counted within posts: these results record no sentences "
                     "(written by an earlier jpblog: batch into a new --out folder for sentence-level co-occurrence)")
    if n_chosen == 0:
        parts.append("no term to draw: the posts hold no compound terms or nouns outside boilerplate")
    elif not edges:
        parts.append(f"no pair of the {n_chosen} main terms is found together in {min_cooc} {unit}s or more")
    if common:
        shown = ", ".join(common[:5]) + (" ..." if len(common) > 5 else "")
        parts.append(f"{len(common)} terms in more than half of the {n_posts} posts left out ({shown})")
    return "; ".join(parts) or None


def _communities_and_layout(ids: list[str], edges: tuple[NetworkEdge, ...],
                            seed: int) -> tuple[dict[str, int], dict[str, tuple[float, float]]]:
    """Louvain communities (numbered by size, then smallest id) and spring positions in [-1, 1]."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(ids)
    in_order = sorted(edges, key=lambda e: (e.source, e.target))
    graph.add_weighted_edges_from((e.source, e.target, e.weight) for e in in_order)
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted((sorted(group) for group in found), key=lambda group: (-len(group), group[0]))
    communities = {norm: number for number, group in enumerate(ordered) for norm in group}
    # networkx's default spring constant (1/sqrt(n)) packs a cluster's nodes into each other once the few
    # outlying components stretch the scale; twice that, at the default 50 iterations, left the fewest
    # overlapping circles on the MT export (6 seeds: 3.7 pairs vs 5.8; more iterations crowd the centre).
    # The site still pushes apart whatever overlaps on its canvas.
    raw = nx.spring_layout(graph, weight="weight", seed=seed, k=LAYOUT_SPREAD / math.sqrt(max(len(ids), 1)))
    positions = {norm: (_unit_interval(float(raw[norm][0])), _unit_interval(float(raw[norm][1]))) for norm in ids}
    return communities, positions


def _unit_interval(value: float) -> float:
    """A coordinate clamped into [-1, 1] and rounded (the layout's scale is 1 already)."""
    return round(min(1.0, max(-1.0, value)), 4)


# -- from prepared documents (``jpblog cooc``) ---------------------------------------------------------------


def document_terms(doc: Document, skip_lines: frozenset[str] = frozenset(),
                   names: frozenset[str] = frozenset()) -> NetworkPost:
    """A prepared post's terms that may be nodes (``topics.is_topic_term``), with its sentences as units;
    sentences starting in a line whose key is in ``skip_lines`` (boilerplate) are left out, and so are the
    blog's ``names``."""
    from .boilerplate import iter_lines, line_keys

    skipped_starts: list[tuple[int, int]] = []
    if skip_lines:
        skipped_starts = [(start, end) for start, end, line in iter_lines(doc.post.text)
                          if any(key in skip_lines for key in line_keys(line))]
    index: dict[tuple[str, str, str], int] = {}
    counts: list[int] = []
    units: list[tuple[int, ...]] = []
    for sentence, sentence_terms in zip(doc.sentences, doc.terms, strict=True):
        if any(start <= sentence.start < end for start, end in skipped_starts):
            continue
        members = set()
        for term in sentence_terms:
            if term.norm in names or not is_topic_term(term.norm, term.kind):
                continue
            triple = (term.norm, term.text, term.kind)
            j = index.setdefault(triple, len(index))
            if j == len(counts):
                counts.append(0)
            counts[j] += 1
            members.add(j)
        units.append(tuple(sorted(members)))
    triples = list(index)
    return NetworkPost(tuple(t[0] for t in triples), tuple(t[1] for t in triples), tuple(t[2] for t in triples),
                     tuple(counts), tuple(units))


def network_from_documents(documents: Iterable[Document], *, leave_out_boilerplate: bool = True,
                           **options: Any) -> TermNetwork:
    """The network of prepared posts (``jpblog cooc``), sentences as units.

    With ``leave_out_boilerplate``, lines repeated across a blog's posts and the blog's own names are left
    out, as in a batch (``boilerplate.find_boilerplate``, ``own_names``); the documents are then held
    until every post has been seen.  ``options`` are those of ``build_network``.
    """
    if not leave_out_boilerplate:
        return build_network([document_terms(doc) for doc in documents], **options)
    from .boilerplate import blog_of, find_boilerplate, own_names

    docs = list(documents)
    found = find_boilerplate(doc.post for doc in docs)
    names = frozenset().union(*(own_names(doc.post) for doc in docs))
    keys = {blog: found.keys(blog) for blog in {blog_of(doc.post) for doc in docs}}
    return build_network([document_terms(doc, keys[blog_of(doc.post)], names) for doc in docs], **options)


# -- files ---------------------------------------------------------------------------------------------------


def graphml_bytes(network: TermNetwork) -> bytes:
    """The network as GraphML (UTF-8), for Gephi, Cytoscape, yEd or ``networkx.read_graphml``."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(network.to_networkx(), out, encoding="utf-8")
    return out.getvalue()


def gexf_bytes(network: TermNetwork) -> bytes:
    """The network as GEXF 1.2 (UTF-8), Gephi's own format."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_gexf(network.to_networkx(), out, encoding="utf-8")
    return out.getvalue()


def json_bytes(network: TermNetwork) -> bytes:
    """The network as ``network.json`` (UTF-8, Japanese as written)."""
    return (json.dumps(network.to_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_graph(network: TermNetwork, path: str | PathLike[str], fmt: str = "graphml") -> Path:
    """Write the network to ``path`` as "graphml", "gexf" or "json" (``registry.GRAPH_FORMATS``), atomically.

    Raises:
        UnknownNameError: Another format.
        InputError, ResourceError: The file cannot be written (the message names the path and the fix).
    """
    from ..registry import GRAPH_FORMATS

    render = GRAPH_FORMATS.lookup(fmt)
    return write_bytes(path, render(network), what=f"{fmt} graph")


__all__ = [
    "MAX_EDGES",
    "MAX_NODES",
    "MAX_SHARE",
    "NetworkEdge",
    "NetworkNode",
    "NetworkPost",
    "PairTally",
    "TermNetwork",
    "TermTally",
    "assemble_network",
    "build_network",
    "document_terms",
    "empty_network",
    "gexf_bytes",
    "graphml_bytes",
    "json_bytes",
    "network_from_documents",
    "write_graph",
]
