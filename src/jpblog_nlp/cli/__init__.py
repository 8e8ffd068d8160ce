"""The ``jpblog`` command: thin click commands over the library.

Each module of this package holds the commands of one concern and registers them on ``main``; they
are imported here so that ``jpblog --help`` lists them.  Heavy libraries (pandas, scikit-learn) are
imported inside the commands that need them, never at import time: start-up stays fast.
"""

from __future__ import annotations

import importlib
import pkgutil

from ._app import main

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["main"]
