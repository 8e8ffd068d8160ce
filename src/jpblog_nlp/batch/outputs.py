"""The outputs of a finished scan: topics discovered over the stored term lists, the tables, the report.

Everything is streamed from the results store, a few hundred posts at a time, so memory stays flat with
the corpus size; only topic discovery holds every post's term list at once.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import tables
from .cleaning import CleanPost, CorpusCleaning, iter_clean, scan_cleaning
from .store import ResultStore

if TYPE_CHECKING:
    from ..explore.network import NetworkPost, TermNetwork, TermTally
    from ..explore.topics import LineTerms, TopicModel


@dataclasses.dataclass(frozen=True, slots=True)
class DominantTopic:
    """A post's strongest topic: its number, label and weight (the ``topic*`` columns of ``posts``)."""

    topic: int
    label: str | None
    weight: float


@dataclasses.dataclass(frozen=True, slots=True)
class CorpusTopics:
    """The topics of a corpus as table rows.

    Attributes:
        topics: Rows of the ``topics`` table.
        post_topics: Rows of the ``post_topics`` table.
        dominant: Each post's dominant topic in corpus order (None: none).
        note: Why topics were skipped (None when they were not).
        k_rows: Rows of the ``topics_k`` table: each k tried, its stability, whether it was chosen and
            whether the user asked for it (``--topics K``).
    """

    topics: list[dict[str, object]]
    post_topics: list[dict[str, object]]
    dominant: list[DominantTopic | None]
    note: str | None = None
    k_rows: list[dict[str, object]] = dataclasses.field(default_factory=list)

    @classmethod
    def skipped(cls, n_posts: int, note: str) -> CorpusTopics:
        """No topics, for the reason given."""
        return cls([], [], [None] * n_posts, note)


@dataclasses.dataclass(frozen=True, slots=True)
class CorpusTerms:
    """Every stored post's terms that may carry a topic, boilerplate and the blog's names left out.

    Attributes:
        post_ids: The posts, in corpus order.
        per_doc: Per post, its (key, written form) pairs, repeated as often as counted.  One pair object
            per distinct term of the corpus, repeated by reference: the whole corpus's term lists are held
            at once (topics need them), so an occurrence costs a pointer, not an object and two strings.
        evidence: Per post, the topic terms of its boilerplate lines (``explore.topics.LineTerms``, the
            line named by its digest): what ``discover_topics`` counts as a series' evidence.
        hidden: Keys of the corpus's page headings (``explore.topics.heading_terms``): they count for
            fitting, never shown.  Empty for a store written before headings were recorded.
    """

    post_ids: tuple[str, ...]
    per_doc: tuple[list[tuple[str, str]], ...]
    evidence: tuple[tuple[LineTerms, ...], ...] = ()
    hidden: frozenset[str] = frozenset()


def gather_terms(store: ResultStore, cleaning: CorpusCleaning, tally: TermTally | None = None) -> CorpusTerms:
    """One pass over the stored term lists: the terms of topics and keyness (and the network's first pass,
    into ``tally``).  Nothing is tokenized again.

    The terms are those ``explore.topics.split_terms`` gives ``discover_topics`` for the same posts: the
    occurrences outside boilerplate lines, the topic terms of each boilerplate line (its evidence), and the
    occurrences that head a line (for ``heading_terms``), each without the blog's names.
    """
    from ..explore.topics import LineTerms, PostTerms, heading_terms, is_topic_term

    post_ids: list[str] = []
    per_doc: list[list[tuple[str, str]]] = []
    evidence: list[tuple[LineTerms, ...]] = []
    alone: list[tuple[str, ...]] = []
    shared: dict[tuple[str, str], tuple[str, str]] = {}
    names = cleaning.names
    for post in iter_clean(store, cleaning):
        post_ids.append(post.post_id)
        pairs: list[tuple[str, str]] = []
        for norm, text, kind, count in zip(post.norms, post.texts, post.kinds, post.counts, strict=True):
            if count > 0 and is_topic_term(norm, kind):
                pair = (norm, text)
                pairs += (shared.setdefault(pair, pair),) * count
        per_doc.append(pairs)
        # Both are rare (a few lines of a post): per-term Python work only there.
        norms, kinds = post.norms, post.kinds
        found = []
        for line, in_line in post.boilerplate_lines:
            keys = tuple(norms[j] for j, n in in_line for _ in range(n)
                         if norms[j] not in names and is_topic_term(norms[j], kinds[j]))
            if keys:  # a line without topic terms is no evidence (nor a carrier of its line)
                found.append(LineTerms(line, keys))
        evidence.append(tuple(found))
        alone.append(tuple(norms[j] for j, n in post.heads for _ in range(n)
                           if post.counts[j] > 0 and is_topic_term(norms[j], kinds[j])))
        if tally is not None:
            tally.add_pairs(pairs)
    hidden = heading_terms(PostTerms(kept, (), heads) for kept, heads in zip(per_doc, alone, strict=True))
    return CorpusTerms(tuple(post_ids), tuple(per_doc), tuple(evidence), hidden)


def discover_corpus_topics(store: ResultStore, k: int | None, cleaning: CorpusCleaning | None = None,
                           terms: CorpusTerms | None = None) -> CorpusTopics:
    """Run ``jpblog_nlp.explore.topics.discover_topics`` over the stored term lists, when that module exists.

    Args:
        store: The results store.
        k: Number of topics (None: chosen).
        cleaning: The corpus's boilerplate and names (``cleaning.scan_cleaning``; made here when None):
            a term's occurrences inside boilerplate lines, and the blog's own names, are left out.
        terms: The gathered terms (``gather_terms``; gathered here when None).

    Returns:
        The topics; without rows, and with a note saying why, when they were skipped.
    """
    n_posts = store.count()[0]
    if importlib.util.find_spec("jpblog_nlp.explore.topics") is None:
        return CorpusTopics.skipped(
            n_posts, "topics skipped: topic discovery (jpblog_nlp.explore.topics) is not installed")
    if n_posts < 2:
        return CorpusTopics.skipped(n_posts, "topics skipped: fewer than two posts")
    from ..explore import topics as topics_module

    if terms is None:
        terms = gather_terms(store, cleaning if cleaning is not None else scan_cleaning(store))
    model = topics_module.topics_from_terms(list(terms.post_ids), terms.per_doc, k=k,
                                            evidence=terms.evidence or None, hidden=terms.hidden)
    return _topic_rows(model, asked=k is not None)


def _topic_rows(model: TopicModel, *, asked: bool = False) -> CorpusTopics:
    """Turn a ``topics.TopicModel`` into our rows (``asked``: k was given, not chosen)."""
    weights = model.weights
    n_posts = len(model.post_ids)
    topic_rows = []
    for topic in model.topics:
        column = [float(row[topic.index]) for row in weights]
        topic_rows.append({
            "topic": int(topic.index),
            "label": topic.label,
            "terms": " | ".join(topic.terms),
            "n_posts": int(topic.n_posts),
            "weight": sum(column) / n_posts if n_posts else 0.0,
        })
    labels = {t.index: t.label for t in model.topics}
    post_rows: list[dict[str, object]] = []
    dominant: list[DominantTopic | None] = []
    # The model's own choice (ties within its tolerance go to the first topic in its order), so that a
    # post's topic in posts.csv agrees with every topic's n_posts on any CPU.
    for post_id, row, best in zip(model.post_ids, weights, model.dominant(), strict=True):
        values = [float(w) for w in row]
        post_rows.extend({"post_id": post_id, "topic": j, "weight": w} for j, w in enumerate(values) if w > 0)
        dominant.append(DominantTopic(best, labels.get(best), values[best]) if best >= 0 else None)
    k_rows: list[dict[str, object]] = [{"k": int(k), "stability": float(value), "chosen": k == model.k,
                                        "asked": asked} for k, value in model.k_stability]
    return CorpusTopics(topic_rows, post_rows, dominant, k_rows=k_rows)


#: Keyness rows kept per group, and the fewest posts a group needs to be compared with the rest.
KEYNESS_TOP = 20
KEYNESS_MIN_POSTS = 3
#: The facets of the keyness table, in the order written.
KEYNESS_FACETS = ("year", "category", "author")
# Groups that are no group: a post without a date, a category or an author.
_NO_GROUP = frozenset(("(unknown)", "(none)"))


def post_terms(post: CleanPost, *, by_post: bool) -> NetworkPost:
    """A clean stored post as the network counts it (all its terms as one unit when ``by_post``)."""
    from ..explore.network import NetworkPost

    if by_post or post.units is None:
        units: tuple[tuple[int, ...], ...] = (tuple(j for j, c in enumerate(post.counts) if c > 0),)
    else:
        units = post.units
    return NetworkPost(post.norms, post.texts, post.kinds, post.counts, units)


def corpus_network(store: ResultStore, cleaning: CorpusCleaning) -> TermNetwork:
    """The co-occurrence network of the stored posts (``explore.network``), boilerplate and names left out.

    Sentences are the units when every stored post records them; a store written before they were
    recorded falls back to posts as units, which the network's ``unit`` and ``note`` say.
    """
    from ..explore.network import build_network, empty_network

    by_post = not cleaning.sentence_level
    if cleaning.n_posts < 2:
        return empty_network("network skipped: fewer than two posts", unit="post" if by_post else "sentence",
                             n_posts=cleaning.n_posts)
    first = (post_terms(post, by_post=by_post) for post in iter_clean(store, cleaning))
    again = (post_terms(post, by_post=by_post) for post in iter_clean(store, cleaning))
    return build_network(first, again=again, unit="post" if by_post else "sentence")


def keyness_rows(terms: CorpusTerms, groups: dict[str, list[str]]) -> list[dict[str, object]]:
    """Rows of the ``keyness`` table: the terms each year (category, author) uses more than the rest.

    Args:
        terms: The gathered terms (boilerplate and names left out, page headings ``terms.hidden`` not
            counted), in corpus order.
        groups: Facet -> each post's group, in the same order.

    A facet with one group gives no rows; a group of fewer than ``KEYNESS_MIN_POSTS`` posts, or a post
    without the facet, gives none either but still counts in "the rest" of the others.
    """
    from ..explore.compare import term_keyness

    sizes = {facet: Counter(values) for facet, values in groups.items()}
    compared = {facet: {g for g, n in size.items() if n >= KEYNESS_MIN_POSTS and g not in _NO_GROUP}
                for facet, size in sizes.items()}
    facets = [f for f in KEYNESS_FACETS if f in groups and len(sizes[f]) > 1 and compared[f]]
    if not facets:
        return []
    rest = "\0rest"  # the posts of groups not compared: part of every other group's rest
    # Posts are summed by their groups in every facet at once (a few dozen combinations), in C, then
    # each facet's groups are summed from those: one count per post, not one per post and facet.
    n_docs = len(terms.per_doc)
    keys = zip(*[[g if g in compared[f] else rest for g in groups[f][:n_docs]] + [rest] * (n_docs - len(groups[f]))
                 for f in facets], strict=True)
    by_groups: dict[tuple[str, ...], Counter[str]] = {}
    seen: Counter[tuple[str, str]] = Counter()  # (key, written form) occurrences, for the forms shown
    first = itemgetter(0)
    for key, pairs in zip(keys, terms.per_doc, strict=True):
        found = by_groups.get(key)
        if found is None:
            found = by_groups[key] = Counter()
        found.update(map(first, pairs))
        seen.update(pairs)
    counts: dict[str, dict[str, Counter[str]]] = {facet: {} for facet in facets}
    for key, found in by_groups.items():
        for heading in terms.hidden:  # page headings (関連記事) tell a site's layout, not what a group writes
            found.pop(heading, None)
        for facet, group in zip(facets, key, strict=True):
            counts[facet].setdefault(group, Counter()).update(found)
    forms: dict[str, Counter[str]] = {}
    for (norm, text), count in seen.items():
        forms.setdefault(norm, Counter())[text] = count
    rows: list[dict[str, object]] = []
    for facet in facets:
        ranks: Counter[str] = Counter()
        for row in term_keyness(counts[facet], forms, top=KEYNESS_TOP):
            if row.group == rest:
                continue
            ranks[row.group] += 1
            rows.append({"facet": facet, "group": row.group, "posts": sizes[facet][row.group],
                         "rank": ranks[row.group], "term": row.item,
                         "norm": row.norm, "count": row.count, "other": row.rest,
                         "log_likelihood": row.g2, "log_ratio": row.log_ratio})
    return rows


def groups_of(data: dict[str, Any], key: str) -> dict[str, str]:
    """The year, category and author of a stored analysis (``explore.compare``'s groupings)."""
    from ..explore.compare import GROUPINGS
    from ..text.records import Post

    meta = data.get("post") or {}
    categories = meta.get("categories") or ()
    post = Post(id=str(meta.get("id") or key), title="", text="", source=key, published=meta.get("published"),
                author=meta.get("author"), categories=tuple(str(c) for c in categories if c))
    return {facet: GROUPINGS[facet](post) for facet in KEYNESS_FACETS}


def write_outputs(store: ResultStore, folder: Path, *, topics: int | None = None,
                  partitioned: bool = False, workers: int = 1) -> list[str]:
    """Write every table (Parquet + CSV, streamed from the store), the network files and the corpus report.

    Boilerplate and the blogs' names are decided once (``cleaning.scan_cleaning``) and left out of the
    topics, the network, the keyness table, the ``keywords`` table and the summaries; the stored analyses
    stay as written.

    Args:
        store: The results store of a finished scan.
        folder: Where the files go.
        topics: Number of topics (None: topic discovery chooses).
        partitioned: Write each Parquet table as a dataset folder of parts (the Dask engine's layout).
        workers: Processes the site's post pages may be written with (the batch's own worker count).

    Returns:
        Notes on what was skipped (shown in the report and kept in ``batch.json``).
    """
    from ..explore.network import PairTally, TermTally, assemble_network, empty_network

    notes: list[str] = []
    cleaning = scan_cleaning(store)
    # One pass gathers the terms of topics and keyness and counts the network's terms; the table pass
    # below counts the network's pairs: two passes over the stored term lists besides the line count.
    tally = TermTally()
    terms = gather_terms(store, cleaning, tally)
    try:
        found = discover_corpus_topics(store, topics, cleaning, terms)
    except Exception as err:  # topics are a bonus: the tables must still be written
        found = CorpusTopics.skipped(store.count()[0],
                                     f"topics skipped: topic discovery failed ({type(err).__name__}: {err})")
    if found.note:
        notes.append(found.note)
    dominant = found.dominant
    by_post = not cleaning.sentence_level
    chosen, common = tally.choose(exclude=terms.hidden)  # page headings are no subject to draw
    pairs = PairTally(chosen)
    groups: dict[str, list[str]] = {facet: [] for facet in KEYNESS_FACETS}
    writers: dict[str, tables.TableWriter] = {}
    try:
        for name in ("posts", "sentences", "keywords", "themes"):
            writers[name] = tables.TableWriter(folder, name, partitioned=partitioned)
        clean = iter_clean(store, cleaning)
        for i, (key, data) in enumerate(store.iter_analyses()):
            post = next(clean, None)
            leave_out = tables.LeaveOut(post.dropped, post.boilerplate_sentences) if post else tables.KEEP_ALL
            if post is not None:
                pairs.add(post_terms(post, by_post=by_post))
            row = tables.post_row(data, source=key, leave_out=leave_out)
            best = dominant[i] if i < len(dominant) else None
            if best is not None:
                row["topic"], row["topic_label"], row["topic_weight"] = best.topic, best.label, best.weight
            writers["posts"].write([row])
            writers["sentences"].write(tables.sentence_rows(data, leave_out=leave_out))
            writers["keywords"].write(tables.keyword_rows(data, leave_out=leave_out))
            writers["themes"].write(tables.theme_rows(data))
            for facet, value in groups_of(data, key).items():
                groups[facet].append(value)
        for writer in writers.values():
            writer.close()
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    tables.write_rows(folder, "topics", found.topics, partitioned=partitioned)
    tables.write_rows(folder, "post_topics", found.post_topics, partitioned=partitioned)
    tables.write_rows(folder, "topics_k", found.k_rows, partitioned=partitioned)
    tables.write_rows(folder, "keyness", keyness_rows(terms, groups), partitioned=partitioned)
    tables.write_rows(folder, "errors", [{"source": s, "reason": r} for s, r in store.errors()],
                      partitioned=partitioned)
    unit = "post" if by_post else "sentence"
    if cleaning.n_posts < 2:
        network = empty_network("network skipped: fewer than two posts", unit=unit, n_posts=cleaning.n_posts)
    else:
        network = assemble_network(tally, pairs, common, unit=unit)
    del terms
    write_network(network, folder)
    from ..render.corpus import write_corpus_report
    from ..render.site import build_site

    try:  # the site is read from the tables written above: whatever fails here, they stay
        build_site(folder, store=store, notes=notes, workers=workers)
    except Exception as err:
        notes.append(f"site skipped: building report/ failed ({type(err).__name__}: {err})")
    write_corpus_report(folder, notes=notes)
    return notes


#: The network files of a batch, by format (``registry.GRAPH_FORMATS``).
NETWORK_FILES = {"json": "network.json", "graphml": "network.graphml", "gexf": "network.gexf"}


def write_network(network: TermNetwork, folder: Path) -> None:
    """Write ``network.json``, ``network.graphml`` and ``network.gexf`` into the results folder."""
    from ..explore.network import write_graph
    from ..safe_io import check_replaceable

    for fmt, name in NETWORK_FILES.items():
        check_replaceable(folder / name, what="network file")
        write_graph(network, folder / name, fmt)
