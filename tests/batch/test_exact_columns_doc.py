"""docs/batch.md says which table columns are exact and which are equal to a tolerance: keep it true."""

from __future__ import annotations

import re

from conftest import ROOT
from jpblog_nlp.batch.tables import COLUMNS, EMOTIONS


def _float_table() -> dict[str, set[str]]:
    """The "float columns" table of the section "Exact and equal to a tolerance", as {table: columns}."""
    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    section = doc.split("### Exact and equal to a tolerance", 1)[1].split("\n## ", 1)[0]
    listed: dict[str, set[str]] = {}
    for line in re.findall(r"^\| (`.+)\|$", section, flags=re.MULTILINE):
        tables, columns = line.split("|")[:2]
        names = set(re.findall(r"`(\w+)`", columns))
        if "emotion_joy" in names:  # the eight emotions are written as a range
            names |= {f"emotion_{e}" for e in EMOTIONS}
        for table in re.findall(r"`(\w+)`", tables):
            listed[table] = names
    return listed


def test_every_float_column_is_said_to_be_equal_to_a_tolerance_and_nothing_else():
    expected = {name: {c for c, kind in columns if kind == "float64"} for name, columns in COLUMNS.items()}
    listed = _float_table()
    assert {name: listed.get(name, set()) for name in COLUMNS} == expected
