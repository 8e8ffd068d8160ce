"""Theme files: parsing, merging over the built-in themes, loading within limits, and caching.

A theme file is TOML with one ``[themes.<name>]`` table per theme (docs/themes.md).  Every error names
the file, the line and the problem, because a theme file is written by hand by someone who is not
reading this code.  ``as_themeset`` is the one place where what a caller passes as themes (None, a set,
themes, a path) becomes a ``ThemeSet``.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import InputError, ResourceError
from ..sources.localfile import MissingFile, NotRegularFile, open_regular_file, read_upto
from .limits import MAX_TERM_CHARS, MAX_THEME_FILE_BYTES, MAX_THEMES, MAX_WEIGHT, shown
from .records import Theme, ThemeRule, ThemeSet
from .rules import RuleSyntaxError, evaluate, parse_rule


def _line_of(raw: str, needle: str, default: int = 1, start: int = 1) -> int:
    """1-based number of the first line, from line ``start`` on, that contains needle (default if none)."""
    for number, line in enumerate(raw.splitlines(), 1):
        if number >= start and needle in line:
            return number
    return default


def _toml_module() -> ModuleType:
    """tomllib (3.11+) or tomli."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


# A theme's table header: [themes.name], [ themes."my name" ], [themes.'name'].
_HEADER = re.compile(r"""^[ \t]*\[[ \t]*themes[ \t]*\.[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*\]""",
                     re.M)


def _header_lines(raw: str, names: Iterable[str]) -> dict[str, int]:
    """Line of each theme's table header ([themes.name]), else of the first line naming it, else 1.

    One pass over the file for all headers: a search per theme made a file of many themes quadratic.
    """
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for m in _HEADER.finditer(raw):
        line += raw.count("\n", counted, m.start())
        counted = m.start()
        name = next(g for g in m.groups() if g is not None)
        lines.setdefault(name, line)
    for name in names:
        if name not in lines:  # an inline table (themes = { a = {...} }) or an escaped name
            at = raw.find(name) if name else -1
            lines[name] = raw.count("\n", 0, at) + 1 if at >= 0 else 1
    return lines


#: The keys a theme's table may hold (docs/themes.md).
THEME_KEYS = frozenset({"label", "description", "terms", "rules", "rule_weight", "extend"})


def parse_themes(raw: str, source: str, base: ThemeSet | None = None) -> ThemeSet:
    """Parse a theme file's text and merge it over ``base``.

    Args:
        raw: TOML text with ``[themes.<name>]`` tables.
        source: File name, for error messages.
        base: Themes it adds to or overrides (None: start empty).

    Returns:
        The merged theme set: new themes appended, same-named themes replaced (or extended when the
        table says ``extend = true``).

    Raises:
        ResourceError: Broken TOML, a malformed theme or a rule syntax error; the message names the
            file, the line and the problem.
    """
    tomllib = _toml_module()
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None)
        if line is None:
            m = re.search(r"line (\d+)", str(err))
            # "at end of document": the error is on the last line.
            line = int(m.group(1)) if m else max(1, len(raw.splitlines()))
        raise ResourceError(f"line {line}: invalid TOML: {err}", source=source,
                            hint="see docs/themes.md for the theme file format") from err
    except (ValueError, RecursionError) as err:
        # tomllib lets these through: an integer of more than 4,300 digits, arrays nested too deep to recurse.
        if isinstance(err, RecursionError):
            what = "arrays or tables nested too deeply"
        elif "integer string conversion" in str(err):
            what = "a number with more than 4,300 digits"
        else:
            what = shown(str(err), 80)
        raise ResourceError(f"invalid TOML: {what}", source=source,
                            hint="see docs/themes.md for the theme file format") from err
    tables = data.get("themes")
    if not isinstance(tables, dict) or not tables:
        raise ResourceError("line 1: no [themes.<name>] tables found", source=source,
                            hint='define e.g. [themes.running] with terms = ["ランニング", "マラソン"]')
    header_lines = _header_lines(raw, tables)
    if len(tables) > MAX_THEMES:
        extra = list(tables)[MAX_THEMES]
        raise ResourceError(f"line {header_lines[extra]}: theme '{shown(extra)}': more than {MAX_THEMES} themes "
                            "in one file", source=source, hint="split the themes over several files")
    merged: dict[str, Theme] = {t.name: t for t in base} if base is not None else {}
    for name, table in tables.items():
        line = header_lines[name]

        def fail(what: str, at: int = line, theme: str = name) -> ResourceError:
            return ResourceError(f"line {at}: theme '{theme}': {what}", source=source,
                                 hint="see docs/themes.md for the theme file format")

        if not isinstance(table, dict):
            raise fail("must be a table ([themes.name] with label, terms, rules)")
        unknown = sorted(set(table) - THEME_KEYS)
        if unknown:  # a typo (rule = ... for rules = [...]) would otherwise be dropped without a word
            close = difflib.get_close_matches(unknown[0], sorted(THEME_KEYS), n=1)
            raise fail(f"unknown key {shown(unknown[0])!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                       + f"; a theme takes {', '.join(sorted(THEME_KEYS))}")
        extend = bool(table.get("extend", False))
        previous = merged.get(name) if extend else None
        terms = _parse_terms(table.get("terms", []), fail, lambda term, at=line: _line_of(raw, term, at, at))
        if not terms and not table.get("rules") and previous is None:
            raise fail("has neither terms nor rules")
        rules: list[ThemeRule] = []
        raw_rules = table.get("rules", [])
        if not isinstance(raw_rules, list) or not all(isinstance(r, str) for r in raw_rules):
            raise fail("rules must be a list of strings")
        for text in raw_rules:
            try:
                tree = parse_rule(text)
            except RuleSyntaxError as err:
                raise fail(f"rule {shown(text)!r}: {err}", _line_of(raw, text, line, line)) from err
            rules.append(ThemeRule(text, tree, evaluate(tree, {}, [])))
        given = table.get("rule_weight", previous.rule_weight if previous else 1.0)
        try:
            rule_weight = float(given)
        except (TypeError, ValueError) as err:
            raise fail("rule_weight must be a number") from err
        except OverflowError:  # an integer too large for a float
            rule_weight = math.inf
        if not 0 <= rule_weight <= MAX_WEIGHT:  # also false for nan
            raise fail(f"rule_weight must be a number from 0 to {MAX_WEIGHT:g}, got {shown(repr(given))}")
        if previous is not None:
            known = {t for t, _ in terms}
            terms = [(t, w) for t, w in previous.terms if t not in known] + terms
            rules = list(previous.rules) + rules
        merged[name] = Theme(
            name=name,
            label=str(table.get("label", previous.label if previous else name)),
            description=str(table.get("description", previous.description if previous else "")),
            terms=tuple(terms),
            rules=tuple(rules),
            rule_weight=rule_weight,
            source=source,
        )
    return ThemeSet(tuple(merged.values()))


def _parse_terms(value: Any, fail: Callable[..., ResourceError], line_of: Callable[[str], int]) -> list[
        tuple[str, float]]:
    """Terms given as a list of strings (weight 1) or a table of term = weight."""
    if isinstance(value, list):
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise fail("terms must be non-empty strings")
        for v in value:
            _check_term_length(v.strip(), fail, line_of)
        return [(v.strip(), 1.0) for v in value]
    if isinstance(value, dict):
        out = []
        for term, weight in value.items():
            if not isinstance(weight, int | float) or isinstance(weight, bool) or weight <= 0:
                raise fail(f"term {shown(term)!r}: weight must be a positive number, got {shown(repr(weight))}",
                           line_of(term))
            if not weight <= MAX_WEIGHT:  # also true for nan; inf or nan would reach the JSON output
                raise fail(f"term {shown(term)!r}: weight must be a finite number of at most {MAX_WEIGHT:g}, "
                           f"got {shown(repr(weight))}", line_of(term))
            if not term.strip():
                raise fail("empty term")
            _check_term_length(term.strip(), fail, line_of)
            out.append((term.strip(), float(weight)))
        return out
    raise fail("terms must be a list of strings or a table of term = weight")


def _check_term_length(term: str, fail: Callable[..., ResourceError], line_of: Callable[[str], int]) -> None:
    """Refuse a term longer than ``MAX_TERM_CHARS``: matching works up to the longest term, per post."""
    if len(term) > MAX_TERM_CHARS:
        raise fail(f"term '{shown(term)}' is {len(term)} characters long, more than the {MAX_TERM_CHARS} a term "
                   "may have", line_of(term))


@lru_cache(maxsize=1)
def builtin_themes() -> ThemeSet:
    """The built-in themes (``data/themes.toml``)."""
    path = resources.files("jpblog_nlp") / "data" / "themes.toml"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:  # pragma: no cover - broken install
        raise ResourceError("built-in theme file is missing", hint="reinstall jpblog-nlp") from err
    return parse_themes(raw, "themes.toml")


def load_themes(path: str | Path | None = None, *, builtin: bool = True) -> ThemeSet:
    """Load themes: the built-in ones, a user's file merged over them, or the user's file alone.

    Args:
        path: A TOML theme file (see docs/themes.md), or None for the built-in themes only.
        builtin: Merge the file over the built-in themes (False: use the file's themes alone).

    Returns:
        The theme set.

    Raises:
        ResourceError: The file cannot be read or is malformed (the message names file and line).
    """
    base = builtin_themes() if builtin else None
    if path is None:
        if base is None:
            raise ResourceError("no themes: give a theme file or keep the built-in themes")
        return base
    file = Path(path)
    return parse_themes(_read_theme_file(file), str(file), base)


def _read_theme_file(file: Path) -> str:
    """The text of a theme file, read only when it is a regular file of at most ``MAX_THEME_FILE_BYTES``.

    A FIFO would block the read forever and a device (/dev/zero) never ends: the file is opened as posts
    are (``sources.localfile``: never blocking, the opened file checked) and the read stops one byte past
    the cap, whatever the file grew to meanwhile.
    """
    source, unreadable = str(file), "theme files are UTF-8 TOML"
    try:
        fd, info = open_regular_file(file)
    except NotRegularFile as err:
        raise ResourceError("not a regular file", source=source, hint="give the path of a TOML theme file") from err
    except MissingFile as err:
        raise ResourceError("theme file not found", source=source, hint="check the path") from err
    except InputError as err:
        raise ResourceError(f"cannot read theme file: {err.message}", source=source, hint=unreadable) from err
    chunks: list[bytes] = []
    try:
        total = read_upto(fd, MAX_THEME_FILE_BYTES + 1, chunks, info.st_size)
    except OSError as err:
        raise ResourceError(f"cannot read theme file: {err}", source=source, hint=unreadable) from err
    finally:
        os.close(fd)
    if total > MAX_THEME_FILE_BYTES:
        raise ResourceError(f"theme file is larger than {MAX_THEME_FILE_BYTES:,} bytes", source=source,
                            hint="a theme file holds short terms and rules; split it or trim it")
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as err:
        raise ResourceError(f"cannot read theme file: {err}", source=source, hint=unreadable) from err
    # As Path.read_text reads it: universal newlines.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def as_themeset(themes: ThemeSet | Iterable[Theme] | str | Path | None) -> ThemeSet:
    """The theme set meant by what a caller passed: a ThemeSet, themes, a path to a user file, or None (built-in).

    Every entry point (``detect_themes``, ``unfindable_terms``, the corpus comparison) takes any of these, so
    they resolve them here alike; a path is parsed once while the file is unchanged.
    """
    if themes is None:
        return builtin_themes()
    if isinstance(themes, ThemeSet):
        return themes
    if isinstance(themes, str | Path):
        # A batch passes the same path for every post: parse the file once while it is unchanged.
        try:
            info = Path(themes).stat()
        except OSError:
            return load_themes(themes)  # raises the proper ResourceError
        return _load_themes_cached(str(themes), info.st_mtime_ns, info.st_size)
    return ThemeSet(tuple(themes))


@lru_cache(maxsize=8)
def _load_themes_cached(path: str, mtime_ns: int, size: int) -> ThemeSet:
    """``load_themes(path)``, remembered per (path, modification time, size)."""
    return load_themes(path)
