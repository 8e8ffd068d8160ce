"""A mirror: a folder of fetched posts as Markdown files, with a manifest of where each came from.

The manifest (``.jpblog-fetch.json``: URL → file, content hash, ETag, Last-Modified) lets a second
crawl skip what is already there or re-check it with a conditional request, and keeps a post's file
name once chosen.  The files are what ``sources.markdown`` reads back, so a mirror is a folder
``jpblog batch`` reads as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..errors import FetchError
from ..safe_io import check_replaceable, write_text
from ..text.records import Post
from .page import Page
from .urls import slug_for

MANIFEST = ".jpblog-fetch.json"


def _url_hash(url: str) -> str:
    """A short stable hash of a URL, to tell apart two posts whose slugs collide."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]


def post_markdown(post: Post, fetched_at: str) -> str:
    """A post as Markdown with YAML front matter (what ``sources.markdown`` reads back)."""
    import yaml

    front: dict[str, Any] = {
        "title": post.title,
        "url": post.url,
        "date": post.published,
        "author": post.author,
        "blog": post.blog,
        "categories": list(post.categories),
        "fetched_at": fetched_at,
    }
    front = {k: v for k, v in front.items() if v not in (None, "", [])}
    # safe_dump quotes whatever YAML would read as another type (dates, "yes", "1.0", ": ").
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000)
    return f"---\n{header}---\n\n{post.text}\n"


def post_digest(post: Post) -> str:
    """Hash of what a post says (title and text): unchanged hash, unchanged post."""
    return hashlib.sha256(f"{post.title}\n{post.text}".encode()).hexdigest()


class Mirror:
    """A folder of fetched posts with its manifest: which URL is in which file, and how to re-check it.

    Args:
        out: The folder (created if missing).
    """

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise FetchError(f"cannot create the folder ({err.strerror})", source=str(self.out)) from err
        self.path = self.out / MANIFEST
        self.posts: dict[str, dict[str, Any]] = {}
        # A FIFO would block the read below for ever, and a symlink or device would be replaced by the
        # first save: refused before anything is fetched.
        check_replaceable(self.path, what="fetch manifest")
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.posts = dict(data.get("posts", {}))
            except (OSError, ValueError, AttributeError) as err:
                raise FetchError(
                    "the fetch manifest is unreadable", source=str(self.path), hint="delete it to start over"
                ) from err
        self._owner = {entry["file"]: url for url, entry in self.posts.items() if "file" in entry}

    def saved(self, url: str) -> dict[str, Any] | None:
        """The manifest entry of a URL whose file still exists, else None."""
        entry = self.posts.get(url)
        if entry and (self.out / entry.get("file", "\0")).is_file():
            return entry
        return None

    def file_for(self, url: str) -> str:
        """The file name of a URL: its own if known, else a free one from its slug."""
        entry = self.posts.get(url)
        if entry and "file" in entry:
            return str(entry["file"])
        slug = slug_for(url)
        for stem in (slug, f"{slug}-{_url_hash(url)}"):
            name = stem + ".md"
            if self._owner.get(name, url) == url and not (self.out / name).exists():
                return name
        n = 2
        while True:  # Two URLs with the same slug and hash prefix: practically never.
            name = f"{slug}-{_url_hash(url)}-{n}.md"
            if name not in self._owner and not (self.out / name).exists():
                return name
            n += 1

    def save(self, url: str, page: Page, post: Post, fetched_at: str) -> Path | None:
        """Write a post (never over another post's file) and record it; None when unchanged."""
        name = self.file_for(url)
        digest = post_digest(post)
        entry = self.posts.get(url, {})
        path = self.out / name
        changed = not (entry.get("sha256") == digest and path.is_file())
        if changed:
            # The folder is ours: a symlink, FIFO or device in it is refused, never followed out of the
            # folder nor replaced.
            check_replaceable(path, what="post")
            write_text(path, post_markdown(post, fetched_at), what="post")
        self.posts[url] = {
            "file": name,
            "final_url": page.url,
            "sha256": digest,
            "etag": page.etag,
            "last_modified": page.last_modified,
            "fetched_at": fetched_at,
        }
        self._owner[name] = url
        self._write()
        return path if changed else None

    def _write(self) -> None:
        """Write the manifest atomically: an interrupted crawl keeps what it saved."""
        data = {"version": 1, "posts": self.posts}
        check_replaceable(self.path, what="fetch manifest")
        write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), what="fetch manifest")


__all__ = ["MANIFEST", "Mirror", "post_digest", "post_markdown"]
