"""Count work instead of timing it: the Python lines run in chosen files while a call runs.

The count repeats on every machine (no clock, no load, no CPU), so a test can say "four times the input
is about four times the work" and fail only when an algorithm stops being linear. Work inside C (a regular
expression, a dict lookup) is not counted: the regex tests run their shapes at full size instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def python_lines(fn: Callable[..., Any], *args: Any, where: Callable[[str], bool]) -> int:
    """Python lines run in the files for which ``where(file name)`` holds while ``fn(*args)`` runs."""
    count = 0

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return local if where(frame.f_code.co_filename) else None

    previous = sys.gettrace()  # a coverage tracer, if any, is put back
    sys.settrace(tracer)
    try:
        fn(*args)
    finally:
        sys.settrace(previous)
    return count


def repeated(unit: str, n: int) -> str:
    """``unit`` repeated to exactly n characters."""
    return (unit * (n // len(unit) + 1))[:n]
