"""A fetched response, as the client hands it on: to ``fetch`` (a post), ``discover`` (listings) and ``mirror``.

A record of its own so that the readers of pages need not import the HTTP client (nor requests).
"""

from __future__ import annotations

from dataclasses import dataclass

from .charset import decode_page


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response.

    Attributes:
        url: The final URL, after redirects.
        status: 200, or 304 when a conditional request found the page unchanged (``content`` is empty).
        content: The body's bytes (decompressed), at most ``max_bytes``.
        content_type: The media type, lower-cased, without parameters (``text/html``).
        charset: The charset the ``Content-Type`` header declares, if any.
        etag: The ``ETag`` header, for a later conditional request.
        last_modified: The ``Last-Modified`` header, likewise.
        requested_url: The URL asked for.
    """

    url: str
    status: int
    content: bytes
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    requested_url: str = ""

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    def text(self) -> str:
        """The body decoded by its declared or detected charset (see ``decode_page``)."""
        return decode_page(self.content, self.charset, self.url)[0]


__all__ = ["Page"]
