"""``jpblog cooc``: which terms are found together in the sentences of a post or a corpus.

``--format csv`` (the default) lists the pairs; ``graphml``, ``gexf`` and ``json`` give the co-occurrence
network of the main terms (``explore.network``: Jaccard within sentences, communities, layout), the graph
a batch writes as ``network.*``, for Gephi or a script.  Every format goes to standard output as text
unless ``--out`` names a file, which is then written atomically (``safe_io``).
"""

from __future__ import annotations

import click

from ..registry import GRAPH_FORMATS
from .app import frame_csv_text, main
from .corpus_log import corpus_log, corpus_source

FORMATS = ("csv", *GRAPH_FORMATS.names())


@main.command("cooc")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="csv: the pairs; graphml, gexf, json: the network of the main terms (for Gephi).")
@click.option("-o", "--out", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Keep pairs found together in at least this many sentences.")
@click.option("--max-terms", type=click.IntRange(min=2), default=None,
              help="Only pairs among the N most frequent terms [graph formats: default 60, by posts using them].")
@click.option("--max-edges", type=click.IntRange(min=1), default=60, show_default=True,
              help="Graph formats: keep the N strongest edges (KH Coder's default is 60).")
def cooc_command(source: str, fmt: str, out: str | None, min_count: int, max_terms: int | None,
                 max_edges: int) -> None:
    """Term co-occurrence within sentences: CSV of pairs (source, target, cooc, jaccard, pmi, ...) or the
    network of the main terms as GraphML, GEXF or JSON.

    The network leaves out lines repeated across a blog's posts (credits, signatures) and the blog's own
    names, as `jpblog batch` does; terms in more than half of the posts are left out too (they would be
    the hub of a star).
    """
    if fmt == "csv":
        from ..explore import frequency

        with corpus_log() as log:  # a post that cannot be read or prepared is skipped and counted, not fatal
            frame = frequency.term_cooccurrences(log.documents(corpus_source(source)), min_count=min_count,
                                                 max_terms=max_terms)
        data = frame_csv_text(frame).encode("utf-8")
    else:
        from ..explore.network import MAX_NODES, network_from_documents

        with corpus_log() as log:
            network = network_from_documents(log.documents(corpus_source(source)), min_cooc=min_count,
                                             max_nodes=max_terms or MAX_NODES, max_edges=max_edges)
        data = GRAPH_FORMATS.lookup(fmt)(network)
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from ..safe_io import write_bytes

    write_bytes(out, data, what=f"{fmt} file")
    click.echo(f"jpblog: wrote {fmt} to {out}", err=True)
