"""The ``jpblog`` command: thin click commands over the library.

Each command has its own module (``cli/kwic.py`` is ``jpblog kwic``), which registers it on ``main``
(``app.py``: the group, error handling and the helpers every command shares); they are imported here,
by name, so that ``jpblog --help`` lists them and a reader sees them all in one place.  Heavy libraries
(pandas, scikit-learn) are imported inside the commands that need them, never at import time: start-up
stays fast.
"""

from __future__ import annotations

from . import (  # noqa: F401  (imported to register their commands on main)
    analyze,
    batch,
    compare,
    cooc,
    fetch,
    freq,
    keywords,
    kwic,
    report,
    sentiment,
    summarize,
    themes,
    tokenize,
    topics,
)
from .app import main

__all__ = ["main"]
