"""Turn post-analysis documents (``docs/json-schema.md``) into tidy rows and Parquet/CSV tables.

Every function reads the analysis dict defensively (``.get``): a section that the analysis does not
produce yet (keywords, sentiment, themes ...) gives empty or null columns, never an error. Column lists
and their meaning are in ``COLUMNS`` and in ``docs/batch.md``.

List-valued fields (categories, keywords, themes of a post) are joined with ``" | "`` into one string
column so that every table is flat and the CSV and Parquet files hold the same thing.

pyarrow is imported lazily (inside the writer) so that importing this module stays light (the
notebook view, ``render.notebook``, reads the theme rows from here).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..safe_io import check_replaceable, os_error
from ..sentiment import EMOTIONS  # Plutchik's eight, in the schema's order

#: Separator of list values joined into one string column.
SEP = " | "
#: How many keywords / themes of a post go into its ``posts`` row.
POST_KEYWORDS = 5
POST_THEMES = 3

# name -> (column, arrow type name); arrow types are resolved lazily in ``arrow_schema``.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "posts": [
        ("id", "string"), ("source", "string"), ("title", "string"), ("url", "string"),
        ("published", "string"), ("month", "string"), ("author", "string"), ("blog", "string"),
        ("categories", "string"), ("hashtags", "string"),
        ("n_chars", "int64"), ("n_sentences", "int64"), ("n_tokens", "int64"),
        ("sentiment_score", "float64"), ("sentiment_label", "string"),
        ("positive_share", "float64"), ("negative_share", "float64"), ("neutral_share", "float64"),
        *[(f"emotion_{name}", "float64") for name in EMOTIONS],
        ("dominant_emotion", "string"),
        ("keywords", "string"), ("themes", "string"), ("top_theme", "string"), ("top_theme_score", "float64"),
        ("summary", "string"),
        ("topic", "int64"), ("topic_label", "string"), ("topic_weight", "float64"),
    ],
    "sentences": [
        ("post_id", "string"), ("index", "int64"), ("text", "string"), ("start", "int64"), ("end", "int64"),
        ("paragraph", "int64"), ("sentiment_score", "float64"), ("sentiment_label", "string"),
        ("themes", "string"), ("in_summary", "bool"),
    ],
    "keywords": [
        ("post_id", "string"), ("rank", "int64"), ("term", "string"), ("norm", "string"),
        ("score", "float64"), ("count", "int64"), ("kind", "string"),
    ],
    "themes": [
        ("post_id", "string"), ("theme", "string"), ("label", "string"), ("score", "float64"),
        ("n_sentences", "int64"), ("first_position", "float64"), ("stance", "string"),
        ("stance_score", "float64"),
    ],
    "topics": [("topic", "int64"), ("label", "string"), ("terms", "string"), ("n_posts", "int64"),
               ("weight", "float64")],
    "post_topics": [("post_id", "string"), ("topic", "int64"), ("weight", "float64")],
    "topics_k": [("k", "int64"), ("stability", "float64"), ("chosen", "bool"), ("asked", "bool")],
    "keyness": [("facet", "string"), ("group", "string"), ("posts", "int64"), ("rank", "int64"), ("term", "string"),
                ("norm", "string"), ("count", "int64"), ("other", "int64"), ("log_likelihood", "float64"),
                ("log_ratio", "float64")],
    "errors": [("source", "string"), ("reason", "string")],
}
TABLES = tuple(COLUMNS)


#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @, and
#: tab and carriage return, which some spreadsheets skip before looking at the next character.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-0.3", "+1", "2e-5") is read as that number, never as a formula: it stays as written.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV/TSV cell that a spreadsheet shows as text instead of evaluating it.

    Text from a post (a title, a file name, a sentence) that starts with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return would be run as a formula when the file is opened (``=HYPERLINK(...)``,
    ``=cmd|...``), so such text gets a leading ``'``, which spreadsheets read as "this is text" and do not
    show.  Everything else is returned unchanged: numbers (a sentiment score of -0.3 stays a number), None,
    text that is a plain number, and a lone sign (a "-" or "+" token), which holds no formula.  Used by every
    CSV and TSV writer; Parquet and JSON keep the values as they are.
    """
    if (isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_TRIGGERS)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def _join(values: Iterable[Any]) -> str:
    """Join list values into one cell."""
    return SEP.join(str(v) for v in values if v is not None and v != "")


def _num(value: Any) -> float | None:
    """A float, or None for anything that is not a number."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    """An int, or None."""
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class LeaveOut:
    """What the corpus step leaves out of one post's rows (``batch.cleaning``): its analysis stays as stored.

    Attributes:
        terms: Keys of keywords found only in boilerplate lines, or naming the blog itself: their
            ``keywords`` rows and their place in the post's ``keywords`` column are dropped.
        sentences: Indices of sentences that are boilerplate lines: never in the summary.
    """

    terms: frozenset[str] = frozenset()
    sentences: frozenset[int] = frozenset()


#: Leave nothing out (a post analysed alone, or without corpus cleaning).
KEEP_ALL = LeaveOut()


def analysis_keywords(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The post's keywords, best first; falls back to ``top_terms`` (no score) while keywords are absent.

    Public because the notebook view (``render.notebook``) must list the same keywords as the tables.
    """
    keywords = data.get("keywords")
    if keywords is None:
        keywords = data.get("top_terms") or []
    return [k for k in keywords if isinstance(k, dict) and k.get("term")]


def post_row(data: dict[str, Any], *, source: str | None = None, leave_out: LeaveOut = KEEP_ALL) -> dict[str, Any]:
    """The ``posts`` row of one analysis (topic columns left empty: they come after the corpus pass).

    Args:
        data: A post-analysis document.
        source: The post's source as stored (relative to the corpus folder); defaults to ``post.source``.
        leave_out: Keywords and summary sentences the corpus step leaves out (boilerplate, the blog's names).

    Returns:
        A dict with the columns of ``COLUMNS["posts"]``.
    """
    post = data.get("post") or {}
    sentiment = data.get("sentiment") or {}
    emotions = data.get("emotions") or {}
    themes = [t for t in data.get("themes") or [] if isinstance(t, dict)]
    published = post.get("published")
    emotion_values = {name: _num(emotions.get(name)) for name in EMOTIONS}
    present = {k: v for k, v in emotion_values.items() if v}
    row: dict[str, Any] = {
        "id": post.get("id"),
        "source": source if source is not None else post.get("source"),
        "title": post.get("title"),
        "url": post.get("url"),
        "published": published,
        # ISO 8601 starts with YYYY-MM; anything shorter is not a usable date for monthly trends.
        "month": published[:7] if isinstance(published, str) and len(published) >= 7 else None,
        "author": post.get("author"),
        "blog": post.get("blog"),
        "categories": _join(post.get("categories") or []),
        "hashtags": _join(post.get("hashtags") or []),
        "n_chars": _int(post.get("n_chars")),
        "n_sentences": _int(post.get("n_sentences")),
        "n_tokens": _int(post.get("n_tokens")),
        "sentiment_score": _num(sentiment.get("score")),
        "sentiment_label": sentiment.get("label"),
        "positive_share": _num(sentiment.get("positive_share")),
        "negative_share": _num(sentiment.get("negative_share")),
        "neutral_share": _num(sentiment.get("neutral_share")),
        **{f"emotion_{name}": value for name, value in emotion_values.items()},
        "dominant_emotion": max(present, key=lambda k: present[k]) if present else None,
        "keywords": _join(k["term"] for k in _kept_keywords(data, leave_out)[:POST_KEYWORDS]),
        "themes": _join(t.get("name") for t in themes[:POST_THEMES]),
        "top_theme": themes[0].get("name") if themes else None,
        "top_theme_score": _num(themes[0].get("score")) if themes else None,
        # The extractive summary's sentences in the post's order, as one text to read.
        "summary": " ".join(t for _, t in _summary(data, leave_out)) or None,
        "topic": None,
        "topic_label": None,
        "topic_weight": None,
    }
    return row


def _kept_keywords(data: dict[str, Any], leave_out: LeaveOut) -> list[dict[str, Any]]:
    """The post's keywords, best first, without those the corpus step leaves out."""
    keywords = analysis_keywords(data)
    if not leave_out.terms:
        return keywords
    return [k for k in keywords if (k.get("norm") or k.get("term")) not in leave_out.terms]


def _summary(data: dict[str, Any], leave_out: LeaveOut = KEEP_ALL) -> list[tuple[int | None, str]]:
    """(index, text) of the summary's sentences, in the post's order, boilerplate lines left out; [] without."""
    summary = data.get("summary") or {}
    picked = [(s.get("index"), s.get("text")) for s in summary.get("sentences") or [] if isinstance(s, dict)]
    picked = [(i, t) for i, t in picked if isinstance(t, str) and t and i not in leave_out.sentences]
    return sorted(picked, key=lambda p: p[0] if isinstance(p[0], int) else -1)


def sentence_rows(data: dict[str, Any], *, leave_out: LeaveOut = KEEP_ALL) -> list[dict[str, Any]]:
    """The ``sentences`` rows of one analysis (a boilerplate sentence is never ``in_summary``)."""
    post_id = (data.get("post") or {}).get("id")
    # in_summary is null when the analysis computed no summary, false for the sentences it left out.
    picked = {i for i, _ in _summary(data, leave_out)} if data.get("summary") is not None else None
    rows = []
    for s in data.get("sentences") or []:
        sentiment = s.get("sentiment") or {}
        rows.append({
            "post_id": post_id,
            "index": _int(s.get("index")),
            "text": s.get("text"),
            "start": _int(s.get("start")),
            "end": _int(s.get("end")),
            "paragraph": _int(s.get("paragraph")),
            "sentiment_score": _num(sentiment.get("score")),
            "sentiment_label": sentiment.get("label"),
            "themes": _join(s.get("themes") or []),
            "in_summary": None if picked is None else s.get("index") in picked,
        })
    return rows


def keyword_rows(data: dict[str, Any], *, leave_out: LeaveOut = KEEP_ALL) -> list[dict[str, Any]]:
    """The ``keywords`` rows of one analysis (rank 1 = best of those kept)."""
    post_id = (data.get("post") or {}).get("id")
    return [
        {
            "post_id": post_id,
            "rank": rank,
            "term": k.get("term"),
            "norm": k.get("norm") or k.get("term"),
            "score": _num(k.get("score")),
            "count": _int(k.get("count")),
            "kind": k.get("kind"),
        }
        for rank, k in enumerate(_kept_keywords(data, leave_out), 1)
    ]


def theme_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``themes`` rows of one analysis; ``stance`` is the sentiment label of the theme's sentences."""
    post_id = (data.get("post") or {}).get("id")
    rows = []
    for t in data.get("themes") or []:
        if not isinstance(t, dict):
            continue
        stance = t.get("sentiment") or {}
        positions = t.get("positions") or []
        rows.append({
            "post_id": post_id,
            "theme": t.get("name"),
            "label": t.get("label"),
            "score": _num(t.get("score")),
            "n_sentences": len(t.get("sentences") or []),
            "first_position": _num(positions[0]) if positions else None,
            "stance": stance.get("label"),
            "stance_score": _num(stance.get("score")),
        })
    return rows


def term_bag(data: dict[str, Any]) -> dict[str, int]:
    """A post's {term: count} from its keywords, for topic discovery when the analysis has no document."""
    return {k["term"]: _int(k.get("count")) or 1 for k in analysis_keywords(data)}


# -- streaming Parquet + CSV writers -------------------------------------------------------------------


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of a table."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS[table]])


class TableWriter:
    """Write one table as ``NAME.parquet`` and ``NAME.csv`` in row groups, atomically.

    Rows are buffered and flushed every ``rows_per_group`` rows; the files are written under temporary
    names and moved into place by ``close()`` (``os.replace``), so a reader never sees a half-written
    table and an interrupted run leaves the previous tables intact.

    Args:
        folder: Where the files go.
        table: A key of ``COLUMNS``.
        rows_per_group: Rows per Parquet row group.
    """

    def __init__(self, folder: str | Path, table: str, *, rows_per_group: int = 20_000, partitioned: bool = False,
                 rows_per_file: int = 200_000) -> None:
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        self.folder = Path(folder)
        self.table = table
        self.schema = arrow_schema(table)
        self.rows_per_group = rows_per_group
        self.partitioned = partitioned
        self.rows_per_file = rows_per_file
        self._rows: list[dict[str, Any]] = []
        self.n_rows = 0
        self._final = {ext: self.folder / f"{table}.{ext}" for ext in ("parquet", "csv")}
        self._check_finals()  # before any work: a symlink or device there is refused, never replaced
        self._tmp = {ext: self.folder / f".{table}.{ext}.{os.getpid()}.tmp" for ext in ("parquet", "csv")}
        self._parts = 0
        self._part_rows = 0
        self._parquet: Any = None
        self._csv: Any = None
        try:
            with self._io_errors():
                if partitioned:
                    # A dataset folder (posts.parquet/part-00000.parquet, ...) that pandas, Dask, DuckDB and
                    # Spark read as one table; parts are opened as rows come.
                    self._tmp["parquet"].mkdir(parents=True, exist_ok=True)
                else:
                    self._parquet = pq.ParquetWriter(self._tmp["parquet"], self.schema, compression="zstd")
                self._csv = pcsv.CSVWriter(self._tmp["csv"], self.schema)
        except BaseException:
            self.abort()  # no temporary file left behind by a half-made writer
            raise

    def _check_finals(self) -> None:
        """Refuse a symlink, FIFO or device where a table goes: the swap would replace it (``safe_io``)."""
        check_replaceable(self._final["parquet"], what=f"{self.table} table", dir_ok=True)
        check_replaceable(self._final["csv"], what=f"{self.table} table")

    @contextlib.contextmanager
    def _io_errors(self) -> Iterator[None]:
        """Turn an I/O error (a full disk, a read-only folder) into a clean error naming the table."""
        try:
            yield
        except OSError as err:  # pyarrow's I/O errors are OSError too
            raise os_error(err, self._final["parquet"], f"{self.table} table") from err

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add rows (dicts with the table's columns)."""
        self._rows.extend(rows)
        if len(self._rows) >= self.rows_per_group:
            with self._io_errors():
                self._flush()

    def _part_writer(self) -> Any:
        """The Parquet writer of the current part of a partitioned table (a new part when one is full)."""
        import pyarrow.parquet as pq

        if self._parquet is not None and self._part_rows >= self.rows_per_file:
            self._parquet.close()
            self._parquet = None
        if self._parquet is None:
            path = self._tmp["parquet"] / f"part-{self._parts:05d}.parquet"
            self._parquet = pq.ParquetWriter(path, self.schema, compression="zstd")
            self._parts += 1
            self._part_rows = 0
        return self._parquet

    def _flush(self) -> None:
        """Write the buffered rows as one row group."""
        import pyarrow as pa

        if not self._rows:
            return
        batch = pa.Table.from_pylist(self._rows, schema=self.schema)
        writer = self._part_writer() if self.partitioned else self._parquet
        writer.write_table(batch)
        self._part_rows += len(self._rows)
        self._csv.write_table(_spreadsheet_safe_table(batch))
        self.n_rows += len(self._rows)
        self._rows = []

    def close(self) -> None:
        """Flush, close and move the files into place."""
        with self._io_errors():
            self._flush()
            if self.partitioned and self._parts == 0:
                self._part_writer()  # an empty table still has one part, holding the schema
            self._parquet.close()
            self._csv.close()
            self._check_finals()  # again: the run may have lasted hours
            for ext, tmp in self._tmp.items():
                _replace(tmp, self._final[ext])

    def abort(self) -> None:
        """Drop the temporary files (the previous tables, if any, stay)."""
        for closer in (getattr(self._parquet, "close", None), getattr(self._csv, "close", None)):
            with contextlib.suppress(Exception):  # already failing; the temp files go anyway
                if closer is not None:
                    closer()
        for tmp in self._tmp.values():
            _remove(tmp)


def _spreadsheet_safe_table(batch: Any) -> Any:
    """The table with ``spreadsheet_safe`` applied to its text columns, for the CSV copy (Parquet keeps the values)."""
    import pyarrow as pa

    for i, field in enumerate(batch.schema):
        if pa.types.is_string(field.type):
            values = batch.column(i).to_pylist()
            safe = [spreadsheet_safe(v) for v in values]
            if safe != values:
                batch = batch.set_column(i, field, pa.array(safe, type=field.type))
    return batch


def _remove(path: Path) -> None:
    """Remove a file or a folder tree, if present."""
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _replace(new: Path, final: Path) -> None:
    """Move ``new`` into place; a previous table of the other layout (file vs folder) is swapped out first."""
    if final.exists() and (final.is_dir() != new.is_dir() or new.is_dir()):
        # os.replace cannot put a folder over a file (nor over a non-empty folder): move the old one
        # aside, put the new one in place, then drop the old one.
        old = final.with_name(f".{final.name}.{os.getpid()}.old")
        _remove(old)
        os.replace(final, old)
        os.replace(new, final)
        _remove(old)
    else:
        os.replace(new, final)


def write_rows(folder: str | Path, table: str, rows: Iterable[dict[str, Any]], *, partitioned: bool = False) -> int:
    """Write a whole (small) table at once; returns the row count."""
    writer = TableWriter(folder, table, partitioned=partitioned)
    try:
        writer.write(rows)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    return writer.n_rows


def with_nullable_bools(table: str, frame: Any) -> Any:
    """Give a read table's bool columns that hold nulls pandas' nullable ``boolean`` dtype.

    pandas reads such a column as ``object``, and ``frame[frame.in_summary]`` then raises; as ``boolean``
    the nulls (no summary computed) select nothing.
    """
    for name, kind in COLUMNS[table]:
        if kind == "bool" and name in frame and frame[name].dtype == object:  # older runs may lack it
            frame[name] = frame[name].astype("boolean")
    return frame


def empty_frame(table: str) -> Any:
    """An empty pandas DataFrame with a table's columns and dtypes."""
    return arrow_schema(table).empty_table().to_pandas()


def read_table(folder: str | Path, table: str) -> Any:
    """A table of a results folder as a pandas DataFrame (an empty one with its columns when absent).

    A damaged or foreign file is an ``InputError`` naming it, not a pyarrow traceback in the user's
    notebook. Removing it is the fix: a rerun of the batch writes missing tables again from
    ``results.sqlite`` without analysing anything again (it keeps tables that are all present).

    Raises:
        InputError: The file is not a readable Parquet table with the table's columns.
    """
    import stat

    path = Path(folder) / f"{table}.parquet"
    hint = "remove it and run the same batch again: the tables are written again, nothing is re-analysed"
    try:
        st = path.stat()
    except FileNotFoundError:
        return empty_frame(table)
    except OSError as err:
        raise InputError(f"cannot read the {table} table ({err.strerror})", source=str(path), hint=hint) from err
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):  # a FIFO would block the reader
        raise InputError(f"cannot read the {table} table: it is not a file", source=str(path), hint=hint)
    import pandas as pd
    import pyarrow as pa

    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as err:
        reason = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
        raise InputError(f"cannot read the {table} table ({reason})", source=str(path), hint=hint) from err
    missing = [name for name, _ in COLUMNS[table] if name not in frame.columns]
    if missing:
        raise InputError(f"not a jpblog {table} table: it has no column " + ", ".join(f"'{c}'" for c in missing),
                         source=str(path), hint=hint)
    return with_nullable_bools(table, frame)
