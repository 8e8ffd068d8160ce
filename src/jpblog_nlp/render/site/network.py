"""The co-occurrence network of the index, read defensively from ``RESULTS/network.json``.

The graph itself (terms, Jaccard weights, communities, layout) is computed by the batch and written as
``network.json``, ``network.graphml`` and ``network.gexf``; the site only draws it. The file is user-
controlled input like every file of a results folder: size-capped, every field checked for its type,
labels kept as text (the index escapes them, the script draws them on a canvas as text).

Shape::

    {"unit": "sentence", "measure": "jaccard", "n_units": int, "n_posts": int,
     "nodes": [{"id", "label", "n_posts", "count", "community", "x", "y"}],
     "edges": [{"source", "target", "weight", "count"}], "note": str | null}
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..text import clip, display_str, finite_float

NETWORK_FILE = "network.json"
#: A network file bigger than this is not one the batch wrote.
MAX_BYTES = 32 * 1024 * 1024
#: Nodes and edges drawn (the largest nodes, the heaviest edges among them): more is a hairball.
MAX_NODES = 150
MAX_EDGES = 600
#: Terms named per community in the legend.
LEGEND_TERMS = 4


@dataclass(frozen=True, slots=True)
class Community:
    """A community of the legend: its colour index, size and best-known terms."""

    color: int
    n_nodes: int
    terms: list[str]


@dataclass(slots=True)
class Network:
    """What the index shows of the network: drawable data, a legend, and the export files beside it."""

    data: dict[str, Any] | None = None
    legend: list[Community] = field(default_factory=list)
    why: str = ""
    note: str = ""
    measure: str = ""
    unit: str = ""
    exports: list[str] = field(default_factory=list)


def _int(value: Any, default: int = 0) -> int:
    number = finite_float(value)
    return int(number) if number is not None else default


def _coord(value: Any) -> float:
    number = finite_float(value)
    return round(max(-1.0, min(1.0, number)), 4) if number is not None else 0.0


def read_network(folder: Path) -> Network:
    """The network of a results folder, or a ``Network`` whose ``why`` says why there is none."""
    out = Network(exports=[name for name in ("network.graphml", "network.gexf") if (folder / name).is_file()])
    path = folder / NETWORK_FILE
    if not path.exists():
        out.why = ("This results folder has no co-occurrence network (network.json); a newer `jpblog batch` "
                   "writes it.")
        return out
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            raise ValueError("not a regular file of a sensible size")
        with path.open("rb") as handle:
            raw = json.loads(handle.read(MAX_BYTES + 1).decode("utf-8"))
        if not isinstance(raw, dict) or not isinstance(raw.get("nodes"), list):
            raise ValueError("no node list")
    except (OSError, ValueError, RecursionError) as err:
        out.why = f"network.json could not be read ({type(err).__name__}); run the batch again to rewrite it."
        return out
    out.note = display_str(raw.get("note")) if isinstance(raw.get("note"), str) else ""
    out.measure = display_str(raw.get("measure")) if isinstance(raw.get("measure"), str) else ""
    out.unit = display_str(raw.get("unit")) if isinstance(raw.get("unit"), str) else ""
    nodes = [n for n in raw["nodes"] if isinstance(n, dict) and isinstance(n.get("id"), str)]
    nodes.sort(key=lambda n: -_int(n.get("n_posts")))
    nodes = nodes[:MAX_NODES]
    if not nodes:
        # The batch's note is a log line ("network skipped: fewer than two posts"): shown as a sentence.
        why = out.note[:1].upper() + out.note[1:] if out.note else ""
        out.why = why or "The network has no terms (too few posts share terms within a sentence)."
        return out
    index = {n["id"]: i for i, n in enumerate(nodes)}
    # Communities are renumbered by size, so the largest gets the first colour of the palette.
    sizes: dict[int, int] = defaultdict(int)
    for n in nodes:
        sizes[_int(n.get("community"), -1)] += 1
    color = {c: i for i, c in enumerate(sorted(sizes, key=lambda c: (-sizes[c], c)))}
    edges = []
    raw_edges = raw.get("edges") if isinstance(raw.get("edges"), list) else []
    for e in raw_edges:
        if not isinstance(e, dict):
            continue
        s, t = index.get(e.get("source")), index.get(e.get("target"))  # type: ignore[arg-type]
        w = finite_float(e.get("weight"))
        if s is None or t is None or s == t or w is None:
            continue
        edges.append([s, t, round(w, 4), _int(e.get("count"))])
    edges.sort(key=lambda e: -e[2])
    edges = edges[:MAX_EDGES]
    out.data = {
        "nodes": [{"label": clip(display_str(n.get("label") if isinstance(n.get("label"), str) else n["id"]), 30),
                   "n": _int(n.get("n_posts")), "count": _int(n.get("count")),
                   "c": color[_int(n.get("community"), -1)], "x": _coord(n.get("x")), "y": _coord(n.get("y"))}
                  for n in nodes],
        "edges": edges,
    }
    for community in sorted(color, key=lambda c: color[c]):
        members = [n for n in out.data["nodes"] if n["c"] == color[community]]
        out.legend.append(Community(color[community], len(members), [m["label"] for m in members[:LEGEND_TERMS]]))
    if not edges:
        out.note = (out.note + " " if out.note else "") + "No two of these terms meet in a sentence often enough."
    return out
