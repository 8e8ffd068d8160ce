"""An overall deadline for one HTTP exchange, enforced by cutting its connection.

requests' ``timeout`` bounds the connection and *each read*, not the whole answer: a server sending
one byte every few seconds keeps every read within it, so its headers or its body never end.  Here a
timer shuts the connection's socket down when the deadline passes; the read blocked on it returns at
once and the request fails, whatever stage it was at (TLS handshake, headers, body).

urllib3 creates and reuses connections out of our sight, so the connection classes installed by
``DeadlineAdapter`` report their sockets to the deadline active on the calling thread (set around the
request with ``Deadline.active``).  This module imports requests and urllib3: import it lazily.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import requests.adapters
import urllib3.connection
import urllib3.connectionpool

_ACTIVE = threading.local()


class Deadline:
    """A one-shot timer that cuts the sockets of one request when ``seconds`` have passed.

    Args:
        seconds: Time the whole exchange may take, from ``start`` to ``cancel``.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        #: True once the deadline passed while the request was still in flight.
        self.expired = False
        self._done = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> Deadline:
        """Start the clock; returns self."""
        self._timer.start()
        return self

    def cancel(self) -> None:
        """The exchange is over: never cut its sockets (they may go back to the pool and serve another)."""
        with self._lock:
            self._done = True
            self._sockets.clear()
        self._timer.cancel()

    def watch(self, sock: Any) -> None:
        """Cut ``sock`` when the deadline passes (at once if it already has)."""
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            if self._done:
                return
            self._sockets.append(sock)
            if self.expired:
                _cut(sock)

    def _expire(self) -> None:
        """Timer thread: mark the deadline passed and wake every read blocked on the request's sockets."""
        with self._lock:
            if self._done:
                return
            self.expired = True
            for sock in self._sockets:
                _cut(sock)

    @contextmanager
    def active(self) -> Iterator[Deadline]:
        """Make this the deadline of the connections the calling thread opens or uses meanwhile."""
        previous = getattr(_ACTIVE, "deadline", None)
        _ACTIVE.deadline = self
        try:
            yield self
        finally:
            _ACTIVE.deadline = previous


def _cut(sock: socket.socket) -> None:
    """Shut a socket down: a ``recv`` blocked on it in another thread returns at once.

    The plain socket's ``shutdown`` is called even on a TLS socket: ``SSLSocket.shutdown`` would drop
    its TLS state under the feet of the thread reading it.
    """
    with suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watch(sock: Any) -> None:
    """Hand a socket to the calling thread's active deadline, if any."""
    deadline = getattr(_ACTIVE, "deadline", None)
    if deadline is not None:
        deadline.watch(sock)


class _Watched:
    """Mixed into urllib3's HTTP and HTTPS connections: their sockets are cut by the active deadline."""

    sock: Any

    def _new_conn(self) -> Any:
        # Before the TLS handshake (HTTPS): a server trickling that is bounded as well.
        sock = super()._new_conn()  # type: ignore[misc]
        _watch(sock)
        return sock

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        # A kept-alive connection is reused without a new socket: watch it for this request too.
        _watch(self.sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, urllib3.connection.HTTPConnection):
    """An HTTP connection whose socket is cut by the active deadline."""


class _WatchedHTTPSConnection(_Watched, urllib3.connection.HTTPSConnection):
    """An HTTPS connection whose socket is cut by the active deadline."""


class _WatchedHTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def _use_watched_pools(manager: Any) -> Any:
    """Make a urllib3 pool manager build watched connections (a SOCKS manager keeps its own)."""
    pools = getattr(manager, "pool_classes_by_scheme", None)
    if isinstance(pools, dict) and pools.get("http") is urllib3.connectionpool.HTTPConnectionPool:
        manager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
    return manager


class DeadlineAdapter(requests.adapters.HTTPAdapter):
    """A requests adapter whose connections obey the ``Deadline`` active on the calling thread.

    Without an active deadline it behaves as ``HTTPAdapter``.  Through a SOCKS proxy the connections
    are not watched; the body is still bounded by the reader's own clock checks.
    """

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _use_watched_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        return _use_watched_pools(super().proxy_manager_for(proxy, **proxy_kwargs))


__all__ = ["Deadline", "DeadlineAdapter"]
