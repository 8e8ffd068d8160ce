"""The outputs of a finished scan: topics discovered over the stored term lists, the tables, the report.

Everything is streamed from the results store, a few hundred posts at a time, so memory stays flat with
the corpus size; only topic discovery holds every post's term list at once.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import tables
from .store import ResultStore

if TYPE_CHECKING:
    from ..explore.topics import TopicModel


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
    """

    topics: list[dict[str, object]]
    post_topics: list[dict[str, object]]
    dominant: list[DominantTopic | None]
    note: str | None = None

    @classmethod
    def skipped(cls, n_posts: int, note: str) -> CorpusTopics:
        """No topics, for the reason given."""
        return cls([], [], [None] * n_posts, note)


def discover_corpus_topics(store: ResultStore, k: int | None) -> CorpusTopics:
    """Run ``jpblog_nlp.explore.topics.discover_topics`` over the stored term lists, when that module exists.

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
    from ..explore.boilerplate import select

    post_ids: list[str] = []
    records: list[Any] = []
    # Lines a blog repeats across its posts (credits, signatures) are counted first: only the corpus says
    # which lines are boilerplate.  Their terms' occurrences, and the blog's own names, are left out below.
    line_counts: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: Counter[str] = Counter()
    names: set[str] = set()
    for post_id, record in store.iter_terms():
        post_ids.append(post_id)
        record = record if isinstance(record, dict) else {"terms": record}  # a store from before
        records.append(record)
        blog = record.get("blog", "")
        sizes[blog] += 1
        line_counts[blog].update({key for keys, _ in record.get("lines", ()) for key in keys})
        names.update(record.get("names", ()))
    boilerplate = select(line_counts, sizes)
    by_blog = {blog: boilerplate.keys(blog) for blog in sizes}
    per_doc: list[list[tuple[str, str]]] = []
    # One (key, written form) pair per distinct term of the corpus, repeated by reference: the whole
    # corpus's term lists are held at once here, so an occurrence must cost a pointer, not an object and
    # two strings. Counts become repetitions, as in running text; nothing is tokenized again.
    shared: dict[tuple[str, str], tuple[str, str]] = {}
    is_topic_term = topics_module.is_topic_term
    for record in records:
        bag = record["terms"]
        counts = [entry[3] for entry in bag]
        skip = by_blog[record.get("blog", "")]
        for keys, in_line in record.get("lines", ()) if skip else ():
            if any(key in skip for key in keys):
                for j, n in in_line:
                    counts[j] -= n
        pairs: list[tuple[str, str]] = []
        for (norm, text, kind, _), count in zip(bag, counts, strict=True):
            if count > 0 and norm not in names and is_topic_term(norm, kind):
                pair = (norm, text)
                pairs += (shared.setdefault(pair, pair),) * count
        per_doc.append(pairs)
    model = topics_module.topics_from_terms(post_ids, per_doc, k=k)
    return _topic_rows(model)


def _topic_rows(model: TopicModel) -> CorpusTopics:
    """Turn a ``topics.TopicModel`` into our rows."""
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
    return CorpusTopics(topic_rows, post_rows, dominant)


def write_outputs(store: ResultStore, folder: Path, *, topics: int | None = None,
                  partitioned: bool = False) -> list[str]:
    """Write every table (Parquet + CSV, streamed from the store) and the corpus report.

    Args:
        store: The results store of a finished scan.
        folder: Where the files go.
        topics: Number of topics (None: topic discovery chooses).
        partitioned: Write each Parquet table as a dataset folder of parts (the Dask engine's layout).

    Returns:
        Notes on what was skipped (shown in the report and kept in ``batch.json``).
    """
    notes: list[str] = []
    try:
        found = discover_corpus_topics(store, topics)
    except Exception as err:  # topics are a bonus: the tables must still be written
        found = CorpusTopics.skipped(store.count()[0],
                                     f"topics skipped: topic discovery failed ({type(err).__name__}: {err})")
    if found.note:
        notes.append(found.note)
    dominant = found.dominant
    writers: dict[str, tables.TableWriter] = {}
    try:
        for name in ("posts", "sentences", "keywords", "themes"):
            writers[name] = tables.TableWriter(folder, name, partitioned=partitioned)
        for i, (key, data) in enumerate(store.iter_analyses()):
            row = tables.post_row(data, source=key)
            best = dominant[i] if i < len(dominant) else None
            if best is not None:
                row["topic"], row["topic_label"], row["topic_weight"] = best.topic, best.label, best.weight
            writers["posts"].write([row])
            writers["sentences"].write(tables.sentence_rows(data))
            writers["keywords"].write(tables.keyword_rows(data))
            writers["themes"].write(tables.theme_rows(data))
        for writer in writers.values():
            writer.close()
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    tables.write_rows(folder, "topics", found.topics, partitioned=partitioned)
    tables.write_rows(folder, "post_topics", found.post_topics, partitioned=partitioned)
    tables.write_rows(folder, "errors", [{"source": s, "reason": r} for s, r in store.errors()],
                      partitioned=partitioned)
    from ..render.corpus import write_corpus_report
    from ..render.site import build_site

    try:  # the site is read from the tables written above: whatever fails here, they stay
        build_site(folder, store=store, notes=notes)
    except Exception as err:
        notes.append(f"site skipped: building report/ failed ({type(err).__name__}: {err})")
    write_corpus_report(folder, notes=notes)
    return notes
