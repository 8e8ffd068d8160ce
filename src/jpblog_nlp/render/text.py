"""Text helpers every renderer shares: display width, fitting and wrapping, Markdown escaping, sparklines.

One definition of each, so the terminal report, the Markdown reports and the CLI's tables agree: a
column lines up the same way everywhere (East Asian wide characters take two cells, combining marks
none), and post text is escaped for Markdown by one rule (``md_escape``) that the single-post and the
corpus reports both use.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

SPARK_BARS = "▁▂▃▄▅▆▇█"


# --------------------------------------------------------------------------------------------------
# Values from an analysis dict, made safe to show
# --------------------------------------------------------------------------------------------------


def finite_float(value: Any) -> float | None:
    """A finite float, or None for null, booleans, strings and NaN."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


# C0/C1 control characters other than tab and line breaks: an ESC from a post must not reach a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def display_str(value: Any) -> str:
    """A string for display ("" for null, control characters removed); other scalars are converted."""
    if value is None:
        return ""
    return _CONTROL.sub("", value if isinstance(value, str) else str(value))


def cell_text(value: Any) -> str:
    """A table cell as display text: "" for null and NaN (pandas' missing value), else ``display_str``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return display_str(value)


def clip(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------------
# Sparklines, display width, fitting and wrapping
# --------------------------------------------------------------------------------------------------


def _resample(values: list[float], width: int) -> list[float]:
    """Average consecutive values into at most ``width`` buckets (shorter input is kept as is)."""
    if len(values) <= width:
        return list(values)
    out = []
    for i in range(width):
        lo = i * len(values) // width
        hi = max(lo + 1, (i + 1) * len(values) // width)
        chunk = values[lo:hi]
        out.append(sum(chunk) / len(chunk))
    return out


def sparkline(values: list[float], *, width: int = 40, floor: float = 0.25) -> str:
    """Draw a sentiment arc with ▁▂▃▄▅▆▇█, zero in the middle (between ▄ and ▅).

    The scale is symmetric around zero and stretches to the largest absolute value, so a post whose
    scores stay within ±0.3 still shows its shape; ``floor`` keeps a nearly neutral post from having its
    noise blown up to full height.

    Args:
        values: Scores in [-1, 1], in reading order.
        width: At most this many characters (longer input is averaged into buckets).
        floor: Smallest half-range of the scale.

    Returns:
        The sparkline ("" for no values).
    """
    values = [v for v in (finite_float(x) for x in values) if v is not None]
    if not values:
        return ""
    values = _resample(values, max(1, width))
    half = max(floor, max(abs(v) for v in values))
    levels = len(SPARK_BARS)
    return "".join(SPARK_BARS[min(levels - 1, max(0, int((v + half) / (2 * half) * levels)))] for v in values)


def strip(positions: list[float], *, width: int = 24) -> str:
    """Draw where a theme occurs in the post: █ in each cell holding an occurrence, ▁ elsewhere."""
    cells = ["▁"] * width
    for pos in positions:
        if 0.0 <= pos <= 1.0:
            cells[min(width - 1, int(pos * width))] = "█"
    return "".join(cells)


def display_width(text: str) -> int:
    """Display width in a terminal: wide and full-width characters take two columns, combining marks none.

    The one width rule of the project: the reports and the CLI's tables (``jpblog keywords``, ``kwic``,
    ``compare``) pad with it, so a term written with a combining mark (か + U+3099) lines up like one
    written precomposed (が). Ambiguous-width characters count as one column, as most terminals show them.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def fit(text: str, width: int) -> str:
    """Cut text to a display width (with …) and pad it with spaces to exactly that width."""
    text = " ".join(text.split())
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - display_width(text))


_NO_LINE_START = frozenset("、。，．,.)）」』】〕〉》・ー～！？!?ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")


def wrap(text: str, width: int, indent: str) -> list[str]:
    """Wrap text by display width (Japanese has no spaces to break at, so break anywhere)."""
    lines, line, used = [], [], 0
    for ch in " ".join(text.split()):
        w = display_width(ch)
        # Kinsoku: 。、」 and friends may not start a line, so they hang past the margin instead.
        if used + w > width and not (ch in _NO_LINE_START and line):
            lines.append(indent + "".join(line).rstrip())
            line, used = [], 0
            if ch == " ":
                continue
        line.append(ch)
        used += w
    if line:
        lines.append(indent + "".join(line).rstrip())
    return lines


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------

# Characters that start emphasis, code, links, wiki links, tags (Obsidian), math (Obsidian), highlights,
# strikethrough, raw HTML or entities anywhere in a line; CommonMark lets any ASCII punctuation be
# backslash-escaped, so escaping them is always safe.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#&$=])")
# Block markers only count at the start of a line (list items, quotes, headings, thematic breaks).
_MD_LINE_START = re.compile(r"^(\s*)([-+>]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Escape post text for one line of Markdown (table cell, heading, blockquote).

    Newlines become spaces so a value can never break out of its table row or quote.
    """
    text = " ".join(display_str(text).split())
    text = _MD_INLINE.sub(r"\\\1", text)
    match = _MD_LINE_START.match(text)
    if match:
        marker = match[2]
        if marker[0].isdigit():
            # "1. foo" -> "1\. foo": escape the punctuation after the number, not the digits.
            cut = match.end(2)
            text = text[:cut] + "\\" + text[cut:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2):]
    return text



def topics_k_line(rows: list[tuple[int, float, bool, bool]], runs: int, tie: float = 0.01) -> str | None:
    """How the number of topics was set, in one line, from the ``topics_k`` table's (k, stability, chosen,
    asked) rows; None without rows (topics skipped, or results from before the table).

    A reader trusts a k whose grouping comes out the same on every subsample, and sees from the others'
    stability how much the chosen one stands out (the corpus site and ``report.md`` say it alike).  A larger
    k within ``tie`` of the chosen one's stability (``topics_fit.STABILITY_TIE``) lost the tie, which the
    line says, so that a reader does not take the choice for a slip.

    >>> topics_k_line([(3, 0.58, False, False), (4, 0.7612, True, False)], 5)
    'k = 4 chosen: the most stable across 5 subsamples (stability by k: 3 0.58 · 4 0.76)'
    >>> topics_k_line([(8, 0.34, True, True)], 5)
    'k = 8 as asked (stability 0.34 across 5 subsamples)'
    """
    chosen = [row for row in rows if row[2]]
    if not chosen:
        return None
    k, stability, _, asked = chosen[0]
    if asked:
        return f"k = {k} as asked (stability {stability:.2f} across {runs} subsamples)"
    if len(rows) == 1:
        return f"k = {k}: the only number of topics tried for so few posts (stability {stability:.2f})"
    by_k = " · ".join(f"{row[0]} {row[1]:.2f}" for row in sorted(rows))
    tied = f", the smallest k within {tie:.2f} of the best" if any(row[1] > stability for row in rows) else ""
    return f"k = {k} chosen: the most stable across {runs} subsamples{tied} (stability by k: {by_k})"
