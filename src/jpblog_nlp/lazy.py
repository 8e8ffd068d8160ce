"""Names of a package imported on first use (PEP 562), for ``jpblog_nlp`` and its heavier sub-packages.

``import jpblog_nlp`` must stay light (the command line starts with it): a package lists its public
names with the module that defines each, and a name's module is imported when the name is first used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, table: Mapping[str, str],
               namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose public names load on first use.

    Args:
        package: The package's ``__name__``.
        table: Public name -> module that defines it, relative to the package ("explore.topics").
        namespace: The package's ``globals()``: a loaded name is kept there, so it is looked up once.
    """

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        """The loaded names and the lazy ones, for completion in notebooks."""
        return sorted(set(namespace) | set(table))

    return __getattr__, __dir__
