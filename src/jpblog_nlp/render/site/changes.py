"""What changed in the corpus since the site was last built, from the manifest (``site.json``) of that build.

The batch's own counts (``batch.json``) are written after the site, so they describe the previous run
while the site is built; the site keeps its own record instead: each post's source key, content hash and
title at the last build. Comparing them says which posts are new, changed, unchanged or gone, and names
them, whether the site is rebuilt by ``jpblog batch`` or ``jpblog report``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import PostLink

MANIFEST = "site.json"
#: What ``site.json`` says it is: a folder holding it is ours to replace.
GENERATOR = "jpblog-nlp site"
#: Posts named by title in "what changed" (the counts are always complete).
CHANGES_LISTED = 20


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed in the corpus between the previous build of the site and this one.

    ``first``: no earlier build to compare with. ``since``: when the counts describe an earlier build
    (nothing changed since, the site was rebuilt), the time of that build.
    """

    first: bool = True
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    n_removed: int = 0
    new: list[PostLink] = field(default_factory=list)
    changed: list[PostLink] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    since: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The counts and removed titles, kept in ``site.json`` for the next build."""
        return {"n_new": self.n_new, "n_changed": self.n_changed, "n_unchanged": self.n_unchanged,
                "n_removed": self.n_removed, "removed": self.removed[:CHANGES_LISTED], "first": self.first}


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The previous build's ``site.json``, or None (no site there, or not ours)."""
    path = out / MANIFEST
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 64 * 1024 * 1024:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and data.get("generator") == GENERATOR else None


def compare(previous: dict[str, Any] | None, current: dict[str, tuple[str, str]], ordinal: dict[str, int],
            link: Any) -> Changes:
    """Compare this build's posts (key -> (hash, title)) with the previous build's manifest.

    When nothing changed since the previous build (a rebuild with ``jpblog report``), the previous build's
    own comparison is shown again, marked with its time: it still says what the last run changed.
    """
    if previous is None or not isinstance(previous.get("posts"), dict):
        return Changes(first=True, n_new=len(current))
    before: dict[str, Any] = previous["posts"]
    old_hash = {k: v[0] for k, v in before.items() if isinstance(v, list) and v and isinstance(v[0], str)}
    new = [k for k in current if k not in old_hash]
    changed = [k for k in current if k in old_hash and old_hash[k] != current[k][0]]
    removed = [k for k in old_hash if k not in current]
    if not new and not changed and not removed and isinstance(previous.get("changes"), dict):
        last = previous["changes"]
        counts = {name: int(last[name]) for name in ("n_new", "n_changed", "n_unchanged", "n_removed")
                  if isinstance(last.get(name), int) and not isinstance(last.get(name), bool)}
        titles = [str(t) for t in last.get("removed", []) if isinstance(t, str)] if isinstance(
            last.get("removed"), list) else []
        return Changes(first=bool(last.get("first")), removed=titles, since=str(previous.get("built", "")),
                       **counts)

    def links(keys: list[str]) -> list[PostLink]:
        return [link(ordinal[k]) for k in sorted(keys, key=lambda k: ordinal.get(k, 0))[:CHANGES_LISTED]
                if k in ordinal]

    titles = []
    for key in removed[:CHANGES_LISTED]:
        value = before[key]
        titles.append(str(value[1]) if len(value) > 1 and isinstance(value[1], str) else key)
    return Changes(first=False, n_new=len(new), n_changed=len(changed),
                   n_unchanged=len(current) - len(new) - len(changed), n_removed=len(removed),
                   new=links(new), changed=links(changed), removed=titles)


