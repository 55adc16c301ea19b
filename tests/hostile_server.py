"""A WebWork that misbehaves on the wire, as a real process on 127.0.0.1 (standard library only).

``python -m tests.hostile_server`` prints ``Hostile upstream serving http://127.0.0.1:PORT`` and
serves until killed. The first two path segments choose the behaviour and name the run, so that
one server serves many tests at once: ``/<mode>/<run>/api/v2/...``. ``GET /__stats__/<run>``
answers ``{"calls": {path: n}, "sent": bytes}`` for that run. Tests start it with ``running()``.

Modes: ``trickle-body`` (headers at once, then one body byte every 50 ms), ``trickle-headers``
(the status line, then one header byte every 50 ms), ``silent`` (reads the request, never
answers), ``huge`` (an endless JSON body, as fast as the client reads), ``gzip-bomb`` (256 MB of
zeros in about 250 kB of gzip, made on first use). Each stops after ``LIFETIME`` seconds or when
the client leaves.
"""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LIFETIME = 60.0
DRIP = 0.05
CHUNK = 64 * 1024

_lock = threading.Lock()
_calls: defaultdict[str, Counter[str]] = defaultdict(Counter)
_sent: Counter[str] = Counter()


@cache
def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(256)) + packer.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = self.path.split("?")[0].strip("/").split("/", 2)
        if parts[0] == "__stats__" and len(parts) > 1:
            return self._stats(parts[1])
        if len(parts) < 3:
            return self.send_error(404)
        mode, run, rest = parts
        with _lock:
            _calls[run]["/" + rest] += 1
        behaviour = getattr(self, "_" + mode.replace("-", "_"), None)
        if behaviour is None:
            return self.send_error(404)
        with suppress(OSError):  # the client left: what a hostile answer hopes for least
            behaviour(run)

    do_POST = do_PUT = do_DELETE = do_GET

    def _stats(self, run: str) -> None:
        with _lock:
            body = json.dumps({"calls": dict(_calls[run]), "sent": _sent[run]}).encode()
        self._headers(200, {"Content-Length": str(len(body))})
        self.wfile.write(body)

    def _headers(self, status: int, extra: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()

    def _send(self, run: str, data: bytes) -> None:
        self.wfile.write(data)
        with _lock:
            _sent[run] += len(data)

    def _until_lifetime(self) -> range:
        return range(int(LIFETIME / DRIP))

    def _trickle_body(self, run: str) -> None:
        self._headers(200, {})
        self._send(run, b'{"success": true, "data": [')
        for _ in self._until_lifetime():
            self._send(run, b" ")
            time.sleep(DRIP)

    def _trickle_headers(self, run: str) -> None:
        self._send(run, b"HTTP/1.1 200 OK\r\nX-Slowly: ")
        for _ in self._until_lifetime():
            self._send(run, b"a")
            time.sleep(DRIP)

    def _silent(self, run: str) -> None:
        for _ in self._until_lifetime():
            readable, _, _ = select.select([self.connection], [], [], DRIP)
            if readable and not self.connection.recv(1, socket.MSG_PEEK):
                return  # the client hung up

    def _huge(self, run: str) -> None:
        self._headers(200, {})
        self._send(run, b'{"success": true, "data": [')
        item = b'{"id": 1, "name": "' + b"x" * 200 + b'"},'
        chunk = item * (CHUNK // len(item))
        started = time.monotonic()
        while time.monotonic() - started < LIFETIME:
            self._send(run, chunk)

    def _gzip_bomb(self, run: str) -> None:
        body = _bomb()
        self._headers(200, {"Content-Encoding": "gzip", "Content-Length": str(len(body))})
        for start in range(0, len(body), CHUNK):
            self._send(run, body[start : start + CHUNK])


class Running:
    """A started server: ``api(mode)`` is a fresh run's API base URL, ``stats(url)`` its record."""

    def __init__(self, url: str) -> None:
        self.url = url

    def api(self, mode: str) -> str:
        return f"{self.url}/{mode}/{uuid.uuid4().hex}/api/v2"

    def stats(self, api: str) -> dict[str, Any]:
        run = api.removeprefix(self.url).strip("/").split("/")[1]
        with urllib.request.urlopen(f"{self.url}/__stats__/{run}", timeout=10) as answer:
            stats: dict[str, Any] = json.load(answer)
            return stats


@contextmanager
def running() -> Iterator[Running]:
    """The server as a child process, for the duration of the block."""
    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "tests.hostile_server"]
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        line = process.stdout.readline() if ready else ""
        if "serving " not in line:
            raise RuntimeError(f"the hostile upstream did not start: {line!r}")
        yield Running(line.rsplit(" ", 1)[1].strip())
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"Hostile upstream serving http://127.0.0.1:{server.server_port}", flush=True)
    with suppress(KeyboardInterrupt):
        server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
