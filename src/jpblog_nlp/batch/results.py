"""What a batch leaves behind, read back: ``BatchResult`` (the tables as DataFrames), ``read_results``.

A finished run writes ``batch.json`` (``BATCH_FILE``: counts, options, notes) beside its tables; a results
folder is read back from those files alone, without the store and without recomputing anything.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from . import tables

if TYPE_CHECKING:
    import pandas

#: Summary of a finished batch, beside the tables.
BATCH_FILE = "batch.json"


@dataclasses.dataclass(frozen=True, slots=True)
class BatchStats:
    """Counts of one run.

    Attributes:
        n_posts: Posts in the results (analysed in this run or reused).
        n_failed: Files or posts in the ``errors`` table.
        n_analyzed: Posts analysed by this run.
        n_reused: Posts reused unchanged from an earlier run.
        n_removed: Posts dropped because they left the corpus.
        seconds: Wall time of the run.
        analysis_seconds: Time of the per-post pass (scan + analysis + store).
        analysis_cpu_seconds: CPU time this process spent in the per-post pass: the whole pass with one
            worker (it analyses in this process), only the reading, hashing and storing with more.
        interrupted: True when the run stopped before the end (tables not rewritten).
    """

    n_posts: int = 0
    n_failed: int = 0
    n_analyzed: int = 0
    n_reused: int = 0
    n_removed: int = 0
    seconds: float = 0.0
    analysis_seconds: float = 0.0
    analysis_cpu_seconds: float = 0.0
    interrupted: bool = False

    def to_dict(self) -> dict[str, int | float | bool]:
        """JSON-ready form."""
        return dataclasses.asdict(self)


class BatchResult:
    """The tables of a finished batch, as pandas DataFrames read lazily from the results folder.

    DataFrames (columns documented in ``docs/batch.md`` and ``tables.COLUMNS``):

    - ``posts``: one row per post: id, source (relative to the corpus folder), title, url, published,
      month (YYYY-MM), author, blog, categories, hashtags (joined with " | "), n_chars, n_sentences,
      n_tokens, sentiment_score, sentiment_label, positive/negative/neutral_share, emotion_<name> for
      Plutchik's eight, dominant_emotion, keywords (top 5), themes (top 3), top_theme, top_theme_score,
      summary, topic, topic_label, topic_weight.
    - ``sentences``: post_id, index, text, start, end, paragraph, sentiment_score, sentiment_label, themes,
      in_summary.
    - ``keywords``: post_id, rank, term, norm, score, count, kind.
    - ``themes``: post_id, theme, label, score, n_sentences, first_position, stance, stance_score.
    - ``topics``: topic, label, terms, n_posts, weight; ``post_topics``: post_id, topic, weight;
      ``topics_k``: k, stability, chosen, asked (each k tried and how stable its grouping is).
    - ``errors``: source, reason.

    Attributes:
        folder: The results folder.
        stats: Counts of the run that produced it.
        notes: What the run's scan left out on purpose, said once (an old results folder inside the
            corpus); empty for a result read back with ``read_results``.
    """

    def __init__(self, folder: str | os.PathLike[str], stats: BatchStats, notes: Iterable[str] = ()) -> None:
        self.folder = Path(folder)
        self.stats = stats
        self.notes = tuple(notes)
        self._frames: dict[str, pandas.DataFrame] = {}

    def table(self, name: str) -> pandas.DataFrame:
        """A table as a DataFrame (cached)."""
        if name not in tables.COLUMNS:
            raise KeyError(f"no table {name!r}; tables: {', '.join(tables.COLUMNS)}")
        if name not in self._frames:
            self._frames[name] = tables.read_table(self.folder, name)  # a damaged file: a clean InputError
        return self._frames[name]

    posts = property(lambda self: self.table("posts"), doc="One row per post.")
    sentences = property(lambda self: self.table("sentences"), doc="One row per sentence.")
    keywords = property(lambda self: self.table("keywords"), doc="One row per (post, keyword).")
    themes = property(lambda self: self.table("themes"), doc="One row per (post, theme present).")
    topics = property(lambda self: self.table("topics"), doc="One row per discovered topic.")
    post_topics = property(lambda self: self.table("post_topics"), doc="One row per (post, topic) weight.")
    topics_k = property(lambda self: self.table("topics_k"), doc="One row per k tried for the topics.")
    errors = property(lambda self: self.table("errors"), doc="One row per failed file or post.")

    @property
    def report_html(self) -> Path:
        """The corpus report: the index of the static site (``report/index.html``, opened from disk)."""
        return self.folder / "report" / "index.html"

    @property
    def report_md(self) -> Path:
        """The corpus report (Markdown)."""
        return self.folder / "report.md"

    def __repr__(self) -> str:
        s = self.stats
        return f"BatchResult({str(self.folder)!r}, posts={s.n_posts}, failed={s.n_failed})"


def read_results(folder: str | os.PathLike[str]) -> BatchResult:
    """Load a finished batch from its results folder, without recomputing anything.

    Args:
        folder: A results folder written by ``jpblog batch`` or ``Corpus.analyze``.

    Returns:
        The result (its DataFrames are read on first use).

    Raises:
        InputError: The folder holds no finished batch, or its ``batch.json`` is damaged.
    """
    folder = Path(folder)
    summary = folder / BATCH_FILE
    if not summary.exists():
        raise InputError("holds no finished batch", source=str(folder),
                         hint="run `jpblog batch DIR --out RESULTS_DIR` to completion first")
    data = read_summary(summary)
    stats = data.get("stats")
    stats = stats if isinstance(stats, dict) else {}
    defaults = BatchStats()
    values = {}
    for field in dataclasses.fields(BatchStats):
        # A value of the field's kind, else its default: a hand-edited summary is not trusted blindly.
        value, default = stats.get(field.name), getattr(defaults, field.name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, int if isinstance(default, int) else (int, float)) and not isinstance(value, bool)
        if ok:
            values[field.name] = value
    return BatchResult(folder, BatchStats(**values))


#: ``batch.json`` holds counts and a few notes: anything bigger is not ours.
SUMMARY_MAX_BYTES = 4 * 1024 * 1024


def read_summary(summary: Path) -> dict[str, object]:
    """The parsed ``batch.json`` of a results folder; an ``InputError`` when it is damaged or not ours.

    Size-capped, and never blocks on a FIFO: a results folder is user-controlled input.
    """
    hint = "run the same `jpblog batch` again to write it again (nothing is re-analysed)"
    try:
        if not summary.is_file():  # a directory, or a FIFO that would block the read
            raise InputError("the batch summary is not a file", source=str(summary), hint=hint)
        with summary.open("rb") as handle:
            raw = handle.read(SUMMARY_MAX_BYTES + 1)
        if len(raw) > SUMMARY_MAX_BYTES:
            raise InputError(f"the batch summary is over {SUMMARY_MAX_BYTES // 1024 // 1024} MB: not a jpblog "
                             "batch.json", source=str(summary), hint=hint)
        data = json.loads(raw.decode("utf-8"))
    except OSError as err:
        raise InputError(f"cannot read the batch summary ({err.strerror})", source=str(summary), hint=hint) from err
    except (ValueError, RecursionError) as err:  # bad UTF-8 or JSON (UnicodeDecodeError is a ValueError)
        raise InputError("the batch summary is damaged (not JSON)", source=str(summary), hint=hint) from err
    if not isinstance(data, dict):
        raise InputError("the batch summary is damaged (not a JSON object)", source=str(summary), hint=hint)
    return data
