"""``jpblog fetch``: scrape posts and whole blogs politely into a corpus folder of Markdown files."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click

from .app import main


class FetchProgress:
    """Post URLs done, saved, skipped and failed, redrawn in place on stderr (only on a terminal)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.done = 0
        self.drawn = False

    def __call__(self, report: Any, url: str) -> None:
        self.done += 1
        if not self.tty:
            return
        click.echo(
            f"\r[{self.done}/{report.total}] saved {len(report.saved)}, skipped {report.skipped}, "
            f"failed {len(report.failures)}, {report.requests} requests\x1b[K",
            err=True,
            nl=False,
        )
        self.drawn = True

    def close(self) -> None:
        """End the progress line."""
        if self.drawn:
            click.echo("", err=True)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Corpus folder for the Markdown files (created; rerun with the same one to resume).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Skip posts dated before this day (YYYY-MM-DD).")
@click.option("--max-posts", type=click.IntRange(min=1), default=None,
              help="Process at most N posts, the newest first (already saved ones count).")
@click.option("--delay", type=click.FloatRange(min=0.0), default=1.0, show_default=True,
              help="Seconds between two requests to the same site (robots.txt Crawl-delay may raise it).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a connection or for data.")
@click.option("--deadline", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds one request may take in all, however slowly the server sends; past it the page fails.")
@click.option("--contact", default=None, metavar="EMAIL",
              help="Your e-mail address or URL, added to the User-Agent so site owners can reach you.")
@click.option("--refresh", is_flag=True,
              help="Re-check posts already saved (conditional requests) and update the ones that changed.")
def fetch(
    urls: tuple[str, ...],
    out: str,
    since: datetime | None,
    max_posts: int | None,
    delay: float,
    timeout: float,
    deadline: float,
    contact: str | None,
    refresh: bool,
) -> None:
    """Save blog posts from the web as Markdown files into the --out folder, ready for `jpblog batch`.

    Each URL is a post (saved as one file) or a blog: its top page, archive, feed or sitemap URL, which
    expands into the blog's posts through its sitemap, its archive pages or its feed. robots.txt is
    obeyed and one request at a time is sent to a site, --delay seconds apart. Running the same
    command again skips the posts already saved. A page that fails is listed on stderr and the others
    are fetched all the same. Exit code: 0 when nothing failed, 4 when some URL failed (or robots.txt
    kept us from all of them).
    """
    from ..errors import FetchError
    from ..web.client import Fetcher
    from ..web.crawl import crawl

    fetcher = Fetcher(delay=delay, timeout=timeout, deadline=deadline, contact=contact)
    progress = FetchProgress()
    try:
        report = crawl(
            list(urls), out, since=since.date() if since else None, max_posts=max_posts, refresh=refresh,
            fetcher=fetcher, progress=progress,
        )
    finally:
        progress.close()
    for url in report.disallowed:
        click.echo(f"jpblog fetch: skipped {url}: robots.txt disallows it", err=True)
    for url, reason in report.failures:
        click.echo(f"jpblog fetch: failed {url}: {reason}", err=True)
    click.echo(report.summary())
    if not report.ok:
        click.get_current_context().exit(FetchError.exit_code)
