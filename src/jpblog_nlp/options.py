"""The options of a post's analysis as one typed value: checked once, picklable, fingerprinted.

Why one object: a batch hands the same options to every worker process (or Dask worker) and keys every
stored analysis by them. As a frozen dataclass they are checked where they are made (an option the analysis
does not take, a value of the wrong kind, an unknown section), before any worker starts or any results
folder is touched; they pickle as they are; and ``fingerprint`` hashes them the same way in every process,
an option file by its content.

    options = AnalysisOptions(themes="my-themes.toml", top=5)
    analyze(post, **options.analyze_kwargs())
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import InputError

if TYPE_CHECKING:
    from .sentiment import Lexicon
    from .sentiment.model import SentimentModel
    from .themes import ThemeSet

#: Part of every content hash: a new jpblog version, analysis schema or stored term-list layout reanalyses
#: everything.  ``terms/3``: the term list a batch stores per post (``batch.worker.term_bag``) records each
#: sentence's terms (the co-occurrence network) and the terms heading their line (topics hide headings);
#: results stored before lack them, so their posts are analysed again rather than silently degraded.
ANALYSIS_VERSION = f"jpblog-nlp {__version__} / jpblog.post-analysis/1 / terms/3"
#: Bundled data files that decide analysis results (lexicons, stopwords, themes, background frequencies).
RESULT_DATA_FILES = ("polarity.tsv", "emotions.tsv", "stopwords.txt", "themes.toml", "background_df.tsv.gz")
#: The sections an analysis can compute (``analysis.SECTIONS``, kept equal by tests/test_options.py).
SECTIONS = ("keywords", "sentiment", "themes", "summary")


@functools.lru_cache(maxsize=1)
def analysis_version() -> str:
    """What stored analyses are keyed by: ``ANALYSIS_VERSION`` and a hash of the bundled data files.

    Between releases (a git checkout, an editable install) a lexicon or stopword change leaves
    ``__version__`` as it was; with the data's hash in the key, a rerun analyses the posts again with
    the new data instead of keeping analyses made with the old.
    """
    digest = hashlib.sha256()
    folder = resources.files("jpblog_nlp") / "data"
    for name in RESULT_DATA_FILES:
        digest.update(name.encode("utf-8") + b"\0" + (folder / name).read_bytes())
    return f"{ANALYSIS_VERSION} / data {digest.hexdigest()[:12]}"


def _file_digest(path: str | os.PathLike[str]) -> str:
    """sha256 of a file, streamed (the file is only checked against its size cap when the analysis reads it)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclasses.dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """The keyword options of ``analysis.analyze``, with its defaults.

    Attributes:
        top: How many keywords (and top terms) to keep.
        keyword_method: Keyword method name (``jpblog_nlp.registry.KEYWORD_METHODS``).
        lexicon: A user sentiment lexicon (TSV path or ``Lexicon``) extending the built-in one.
        model: A trained sentiment model (JSON path or ``SentimentModel``) used instead of the lexicon.
        themes: A user theme file (TOML path) or ``ThemeSet``; None for the built-in themes.
        summary: Sentences in the summary (None: the summarizer's default).
        summary_method: Summary method name (``jpblog_nlp.registry.SUMMARY_METHODS``).
        sections: Which of ``SECTIONS`` to compute (any iterable; kept as a tuple).

    Raises:
        InputError: A value of the wrong kind or an unknown section (checked once, here).
    """

    top: int = 10
    keyword_method: str = "hybrid"
    lexicon: str | os.PathLike[str] | Lexicon | None = None
    model: str | os.PathLike[str] | SentimentModel | None = None
    themes: str | os.PathLike[str] | ThemeSet | None = None
    summary: int | None = 3
    summary_method: str = "lexrank"
    sections: tuple[str, ...] = SECTIONS

    def __post_init__(self) -> None:
        # A list (or any iterable) of sections is kept as a tuple: hashable, and one form to fingerprint.
        object.__setattr__(self, "sections", tuple(self.sections))
        if not _is_int(self.top):
            raise InputError(f"the option top must be a whole number, not {self.top!r}")
        if self.summary is not None and not _is_int(self.summary):
            raise InputError(f"the option summary must be a whole number or None, not {self.summary!r}")
        for name in ("keyword_method", "summary_method"):
            if not isinstance(getattr(self, name), str):
                raise InputError(f"the option {name} must be a method name, not {getattr(self, name)!r}")
        unknown = sorted(set(map(str, self.sections)) - set(SECTIONS))
        if unknown:  # the words of analysis.analyze's own check
            raise InputError(f"unknown section {', '.join(unknown)}", hint=f"choose from {', '.join(SECTIONS)}")

    @classmethod
    def from_mapping(cls, options: Mapping[str, object] | None) -> AnalysisOptions:
        """Options from keyword arguments (``Corpus.analyze(**options)``, ``run_batch(options={...})``).

        Raises:
            InputError: A name the analysis does not take (before any worker starts), or a bad value.
        """
        options = dict(options or {})
        unknown = sorted(set(options) - {f.name for f in dataclasses.fields(cls)})
        if unknown:
            raise InputError(
                f"the analysis does not take the option(s) {', '.join(unknown)} yet",
                hint="drop the option, or update jpblog-nlp",
            )
        return cls(**options)  # type: ignore[arg-type]

    def analyze_kwargs(self) -> dict[str, object]:
        """Every option as keyword arguments of ``analysis.analyze``."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def changed(self) -> dict[str, object]:
        """The options that differ from the defaults (what a batch summary lists and the fingerprint hashes)."""
        defaults = _DEFAULTS
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name) != getattr(defaults, f.name)}

    def fingerprint(self) -> str:
        """A hash of the analysis version and of the options that differ from the defaults.

        A value naming an existing file counts by the file's content, so an edited theme file analyses
        the posts again. Only changed options count, so the default options hash as the empty option set
        of earlier versions did and their stored analyses are reused.
        """
        parts = {}
        for name, value in sorted(self.changed().items()):
            if isinstance(value, (str, os.PathLike)) and os.path.isfile(value):
                parts[name] = "file:" + _file_digest(value)
            else:
                parts[name] = repr(value)
        blob = json.dumps([analysis_version(), parts], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_DEFAULTS = AnalysisOptions()
