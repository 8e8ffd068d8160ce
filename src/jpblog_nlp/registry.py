"""One registry for interchangeable parts: a name, the implementation it stands for, one error for the rest.

Keyword methods, summary methods and the readers of source formats are each a table of names. Every
table is a ``Registry``, so they are all looked up, listed and extended the same way, and an unknown name
always raises ``UnknownNameError`` (an ``InputError``, exit code 2) whose message lists the choices.

The built-in tables are declared here, by name and by where each implementation lives (``Ref``), and an
implementation is imported only when it is looked up. That lets the command line build its
``click.Choice`` from ``names()`` while `jpblog --help` imports none of the analyses (the tagger's loader,
NumPy), and it keeps this module at the bottom of the layers: it imports nothing but ``errors``.

A lookup resolves the ``Ref`` every time (an ``import_module`` of an already loaded module is a dict
look-up), so that a test or a user replacing a function on its module is honoured, as before.

The batch engines (``BATCH_ENGINES``) and the report formats (``REPORT_FORMATS``) are tables here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .errors import InputError

if TYPE_CHECKING:
    from .text.records import Post

T = TypeVar("T")


class UnknownNameError(InputError):
    """A name that no entry of a registry has (a keyword method, a summary method, a source format ...).

    One type for every table, so that a caller catches one error; its message names the choices, so that
    the person at the keyboard can correct the name at once.

    Attributes:
        kind: What the registry holds ("keyword method").
        name: The name asked for.
        choices: The names it has, in registration order.
    """

    def __init__(self, kind: str, name: str, choices: Iterable[str], *, source: str | None = None) -> None:
        self.kind = kind
        self.name = name
        self.choices = tuple(choices)
        super().__init__(f"unknown {kind} {name!r}", source=source, hint="use one of " + ", ".join(self.choices))


@dataclass(frozen=True, slots=True)
class Ref:
    """Where an implementation lives: imported on look-up, so that listing the names imports nothing.

    Attributes:
        module: Absolute module name ("jpblog_nlp.keywords.flr").
        attribute: The implementation's name in that module ("score_flr").
    """

    module: str
    attribute: str

    def load(self) -> Any:
        """Import the module (a dict look-up once loaded) and return the attribute."""
        return getattr(import_module(self.module), self.attribute)


class Registry(Mapping[str, T]):
    """Names → implementations, in registration order.

    A read-only ``Mapping`` (``name in registry``, ``list(registry)``, ``registry[name]`` raising
    ``KeyError``) plus ``lookup`` (raising ``UnknownNameError``), ``names`` (for ``click.Choice``) and
    ``register`` (a user's own implementation, as a decorator or a call).
    """

    def __init__(self, kind: str, entries: Mapping[str, Ref | T] | None = None) -> None:
        """Make a registry of ``kind`` (said in messages) with its built-in ``entries``."""
        self.kind = kind
        self._entries: dict[str, Ref | T] = dict(entries or {})

    def __getitem__(self, name: str) -> T:
        entry = self._entries[name]
        return entry.load() if isinstance(entry, Ref) else entry  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {list(self._entries)})"

    def names(self) -> tuple[str, ...]:
        """The names, in registration order, without importing any implementation (for ``click.Choice``)."""
        return tuple(self._entries)

    def unknown(self, name: str, *, source: str | None = None) -> UnknownNameError:
        """The error for a name this registry does not have (for a caller that checks first)."""
        return UnknownNameError(self.kind, name, self._entries, source=source)

    def lookup(self, name: str, *, source: str | None = None) -> T:
        """The implementation registered under ``name``.

        Raises:
            UnknownNameError: No such name (the message lists the registered ones).
        """
        if name not in self._entries:
            raise self.unknown(name, source=source)
        return self[name]

    @overload
    def register(self, name: str) -> Callable[[T], T]: ...

    @overload
    def register(self, name: str, implementation: T) -> T: ...

    def register(self, name: str, implementation: T | None = None) -> T | Callable[[T], T]:
        """Register ``implementation`` under ``name`` (replacing an entry of that name); a decorator without it."""
        if implementation is not None:
            self._entries[name] = implementation
            return implementation

        def decorate(func: T) -> T:
            self._entries[name] = func
            return func

        return decorate


#: Keyword scoring methods: ``method(stats, background) -> scores`` (``jpblog_nlp.keywords.base``).
KEYWORD_METHODS: Registry[Callable[..., list[float]]] = Registry("keyword method", {
    "hybrid": Ref("jpblog_nlp.keywords.hybrid", "score_hybrid"),
    "flr": Ref("jpblog_nlp.keywords.flr", "score_flr"),
    "textrank": Ref("jpblog_nlp.keywords.textrank", "score_textrank"),
    "tfidf": Ref("jpblog_nlp.keywords.tfidf", "score_tfidf"),
})

#: Summary methods: ``method(document, budget) -> [(sentence index, score), ...]`` (``jpblog_nlp.summary.base``).
SUMMARY_METHODS: Registry[Callable[..., list[tuple[int, float]]]] = Registry("summary method", {
    "lexrank": Ref("jpblog_nlp.summary.lexrank", "lexrank_summarizer"),
    "lead": Ref("jpblog_nlp.summary.lead", "lead_summarizer"),
})

#: Readers of source formats: ``reader(text, source, post_id, **options) -> posts`` (``jpblog_nlp.sources``).
SOURCE_READERS: Registry[Callable[..., Iterator[Post]]] = Registry("format", {
    "text": Ref("jpblog_nlp.sources.text", "read_text"),
    "markdown": Ref("jpblog_nlp.sources.markdown", "read_markdown"),
    "html": Ref("jpblog_nlp.sources.html", "read_html"),
    "mt": Ref("jpblog_nlp.sources.mtexport", "read_mt"),
    "feed": Ref("jpblog_nlp.sources.feeds", "read_feed"),
})

#: Batch engines (``jpblog_nlp.batch.engines.Engine``): how a batch maps the analysis over a corpus. Typed
#: loosely here: this module sits below every layer and names no type of the batch layer above it.
BATCH_ENGINES: Registry[Any] = Registry("engine", {
    "local": Ref("jpblog_nlp.batch.engines", "LOCAL"),
    "serial": Ref("jpblog_nlp.batch.engines", "SERIAL"),
    "dask": Ref("jpblog_nlp.batch.engines", "DASK"),
})

#: Report formats of one post: ``render(analysis dict, color=...) -> str`` (``jpblog_nlp.render.post``).
REPORT_FORMATS: Registry[Callable[..., str]] = Registry("report format", {
    "text": Ref("jpblog_nlp.render.post", "render_terminal"),
    "md": Ref("jpblog_nlp.render.post", "render_markdown"),
    "html": Ref("jpblog_nlp.render.post", "render_html"),
    "json": Ref("jpblog_nlp.render.post", "render_json"),
})

#: Co-occurrence graph files: ``render(TermNetwork) -> bytes`` (``jpblog_nlp.explore.network``).
GRAPH_FORMATS: Registry[Callable[..., bytes]] = Registry("graph format", {
    "graphml": Ref("jpblog_nlp.explore.network", "graphml_bytes"),
    "gexf": Ref("jpblog_nlp.explore.network", "gexf_bytes"),
    "json": Ref("jpblog_nlp.explore.network", "json_bytes"),
})

__all__ = [
    "BATCH_ENGINES", "GRAPH_FORMATS", "KEYWORD_METHODS", "REPORT_FORMATS", "SOURCE_READERS", "SUMMARY_METHODS", "Ref",
    "Registry", "UnknownNameError",
]
