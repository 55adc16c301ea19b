"""How long a page may spend on WebWork, enforced down to every socket read.

httpx's timeouts count per network operation: a body that trickles a byte at a time, or headers
sent slowly, restart the read timeout with every byte and can keep a page waiting for ever.
So time is held here instead:

- A ``Deadline`` is the time left to a page: every upstream request of one client (and of its
  ``fresh()``/``background()`` views, and of the calls it gathers) shares it. A bulk job's client
  has an unbounded one. Each try of a request is also bounded on its own (``WEBWORK_TIMEOUT``,
  in total, not per read), so even a job cannot be held by a trickling answer.
- While a try is on the wire, ``bounded`` makes its deadline the thread's current one, and
  ``DeadlineBackend`` (the network backend of the dashboard's own transport) cuts every connect,
  read and write of the socket down to what is left of it.
- ``impatient(seconds)``: within the block (and the calls it gathers), a request waits at most
  ``seconds`` for the budget and is not tried again after a failure. The cache says so while it
  fetches for a page that has the last good data to show instead.
"""

from __future__ import annotations

import math
import threading
import time
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpcore

Clock = Callable[[], float]
_current = threading.local()
_patience: ContextVar[float | None] = ContextVar("webwork_patience", default=None)


class Deadline:
    """A point in time after which nothing more may be sent or waited for (None: no limit)."""

    def __init__(self, seconds: float | None, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self.started = clock()

    def __repr__(self) -> str:
        return f"<Deadline {self.seconds} s, {self.spent():.3f} s spent>"

    def spent(self) -> float:
        return self._clock() - self.started

    def remaining(self) -> float:
        if self.seconds is None:
            return math.inf
        return max(0.0, self.seconds - self.spent())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def within(self, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now, or this one if it comes sooner (one try's)."""
        return Deadline(min(seconds, self.remaining()), self._clock)


@contextmanager
def bounded(deadline: Deadline) -> Iterator[None]:
    """Within the block, this thread's socket operations end by ``deadline``."""
    previous = getattr(_current, "deadline", None)
    _current.deadline = deadline
    try:
        yield
    finally:
        _current.deadline = previous


@contextmanager
def impatient(seconds: float | None) -> Iterator[None]:
    """Within the block, requests wait at most ``seconds`` and are not retried (None: as usual)."""
    token = _patience.set(seconds)
    try:
        yield
    finally:
        _patience.reset(token)


def patience() -> float | None:
    """The longest a request may wait here, if ``impatient`` said so."""
    return _patience.get()


def _cut(timeout: float | None, error: type[Exception]) -> float | None:
    deadline: Deadline | None = getattr(_current, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline.remaining()
    if left <= 0:
        raise error("the deadline of this request has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _cut(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _cut(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        cut = _cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, cut))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, with every operation bounded by the current deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        cut = _cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, cut, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        cut = _cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, cut, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
