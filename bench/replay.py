"""A stand-in WebWork for the benchmarks: it records the sandbox once, then answers from that.

    uv run python -m bench.replay record --target http://127.0.0.1:8001 --out rec.json.gz
    uv run python -m bench.replay serve --recording rec.json.gz [--latency 200] [--rate-limit 60]

An ASGI app on uvicorn (one process, one event loop). ``record`` forwards every request to the
target and keeps its answer (``bench.recording``). ``serve`` answers each request from the
recording exactly ``--latency`` ms after it arrived, however many are in flight (each waits on
the loop, nothing is serialised), and enforces WebWork's rate limit per bearer token: a strict
sliding window of ``--rate-limit`` requests in 60 s, a 429 with ``Retry-After`` beyond it.
A request the recording does not know answers 404 and is counted as a miss.

Its control plane, under ``/__replay__/`` (JSON):

- ``GET stats``: total, by status, by path shape, by request, max in flight, rounds (groups of
  requests overlapping in time), misses, templated writes, the served times;
- ``POST reset`` ``{"window": true}``: forget the stats (and the rate windows);
- ``POST latency`` ``{"ms": 200}``; ``POST rate-limit`` ``{"limit": 60}`` (0: none);
- ``POST scene`` ``{"name": "bulk"}``: answer from that scene first;
- ``POST faults`` ``{"faults": [{"path": regex, "method": "GET", "hang_ms": 15000,
  "status": 504}]}``: matching requests wait ``hang_ms`` instead, then answer ``status``;
- ``POST meta`` (record): merged into the recording's meta; ``POST save`` (record): write it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import socket
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bench.recording import DEFAULT_SCENE, Answer, Recording, request_key, shape

CONTROL = "/__replay__/"
WINDOW = 60.0
READY = "Replay serving"


@dataclass
class Call:
    arrived: float
    answered: float
    method: str
    key: str
    status: int


@dataclass
class Fault:
    pattern: re.Pattern[str]
    method: str | None
    hang_ms: float
    status: int


@dataclass
class State:
    recording: Recording
    latency_ms: float = 200.0
    rate_limit: int = 60
    scene: str = DEFAULT_SCENE
    faults: list[Fault] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    windows: dict[str, deque[float]] = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    ever_missed: Counter[str] = field(default_factory=Counter)  # never reset
    templated: int = 0
    started: float = field(default_factory=time.monotonic)

    def reset(self, window: bool) -> None:
        self.calls, self.misses, self.templated, self.max_in_flight = [], Counter(), 0, 0
        self.started = time.monotonic()
        if window:
            self.windows.clear()

    def admit(self, token: str, now: float) -> tuple[bool, int, float]:
        """Whether the window lets this request in; the requests left; seconds to wait if not."""
        if self.rate_limit <= 0:
            return True, 0, 0.0
        window = self.windows.setdefault(token, deque())
        while window and window[0] <= now - WINDOW:
            window.popleft()
        if len(window) >= self.rate_limit:
            return False, 0, window[0] + WINDOW - now
        window.append(now)
        return True, self.rate_limit - len(window), 0.0

    def stats(self) -> dict[str, Any]:
        calls = sorted(self.calls, key=lambda c: c.arrived)
        served = [round((c.answered - c.arrived) * 1000, 1) for c in calls]
        return {
            "total": len(calls),
            "by_status": dict(Counter(str(c.status) for c in calls)),
            "by_shape": dict(Counter(f"{c.method} {shape(c.key.split(' ')[1])}" for c in calls)),
            "by_request": dict(Counter(c.key for c in calls)),
            "max_in_flight": self.max_in_flight,
            "rounds": rounds(calls),
            "misses": sum(self.misses.values()),
            "missed": sorted(self.misses)[:50],
            "ever_missed": sorted(self.ever_missed)[:50],
            "templated": self.templated,
            "served_ms": {"min": min(served, default=0), "max": max(served, default=0)},
            "first_at": calls[0].arrived - self.started if calls else None,
            "last_at": calls[-1].answered - self.started if calls else None,
            "in_flight": self.in_flight,
        }


def rounds(calls: list[Call]) -> int:
    """Groups of calls that overlap in time (a call arriving after every earlier one was
    answered starts a new group): the sequential steps a page took upstream."""
    count, end = 0, -math.inf
    for call in sorted(calls, key=lambda c: c.arrived):
        if call.arrived >= end:
            count += 1
        end = max(end, call.answered)
    return count


class ReplayApp:
    """The ASGI app; ``target`` set means recording (forwarding), otherwise replaying."""

    def __init__(self, state: State, target: str | None = None, out: Path | None = None) -> None:
        self.state = state
        self.target = target
        self.out = out
        self.http: httpx.AsyncClient | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        arrived = time.monotonic()
        body = await _read_body(receive)
        path: str = scope["path"]
        if path.startswith(CONTROL):
            status, data = self.control(scope["method"], path.removeprefix(CONTROL), body)
            await _send(send, status, [("content-type", "application/json")], _json(data))
            return
        if self.target:
            answer = await self.forward(scope, body)
            await _send(send, answer.status, answer.headers, answer.body)
            return
        await self.replay(scope, body, arrived, send)

    async def replay(self, scope: dict[str, Any], body: bytes, arrived: float, send: Any) -> None:
        s = self.state
        method, path = scope["method"], scope["path"]
        key = request_key(method, path, scope["query_string"].decode("latin-1"), body)
        s.in_flight += 1
        s.max_in_flight = max(s.max_in_flight, s.in_flight)
        try:
            status, headers, content, delay = self.answer(method, path, key, _token(scope))
            while (left := arrived + delay - time.monotonic()) > 0:
                await asyncio.sleep(left)
            await _send(send, status, headers, content)
        finally:
            s.in_flight -= 1
            s.calls.append(Call(arrived, time.monotonic(), method, key, status))

    def answer(
        self, method: str, path: str, key: str, token: str
    ) -> tuple[int, list[tuple[str, str]], bytes, float]:
        s = self.state
        delay = s.latency_ms / 1000
        admitted, left, wait = s.admit(token, time.monotonic())
        limits = [("x-ratelimit-limit", str(s.rate_limit)), ("x-ratelimit-remaining", str(left))]
        if not admitted:
            retry = str(max(1, math.ceil(wait)))
            error = {"success": False, "message": "Too Many Attempts."}
            headers = [("content-type", "application/json"), ("retry-after", retry), *limits]
            return 429, headers, _json(error), delay
        for fault in s.faults:
            if fault.pattern.search(path) and fault.method in (None, method):
                error = {"success": False, "message": "Gateway Timeout"}
                headers = [("content-type", "application/json"), *limits]
                return fault.status, headers, _json(error), fault.hang_ms / 1000
        found = s.recording.find(s.scene, method, path, key)
        if found is None:
            s.misses[key] += 1
            s.ever_missed[key] += 1
            error = {"success": False, "message": f"The replay has no recording of {key}"}
            return 404, [("content-type", "application/json"), *limits], _json(error), delay
        if found.how == "templated":
            s.templated += 1
        return found.answer.status, [*found.answer.headers, *limits], found.answer.body, delay

    async def forward(self, scope: dict[str, Any], body: bytes) -> Answer:
        if self.http is None:
            self.http = httpx.AsyncClient(base_url=self.target or "", timeout=60.0)
        method, path = scope["method"], scope["path"]
        query = scope["query_string"].decode("latin-1")
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in scope["headers"]
            if k.lower() not in (b"host", b"content-length", b"connection", b"accept-encoding")
        ]
        response = await self.http.request(
            method, path + (f"?{query}" if query else ""), headers=headers, content=body
        )
        kept = Answer.kept(response.status_code, list(response.headers.items()), response.content)
        key = request_key(method, path, query, body)
        self.state.recording.add(self.state.scene, method, path, key, kept)
        self.state.calls.append(Call(0, 0, method, key, response.status_code))
        passed = [(k, v) for k, v in response.headers.items() if k.lower() not in _HOP]
        return Answer(response.status_code, passed, response.content)

    def control(self, method: str, name: str, body: bytes) -> tuple[int, Any]:
        s = self.state
        data = json.loads(body) if body else {}
        if name == "stats":
            return 200, s.stats()
        if method != "POST":
            return 405, {"error": "POST only"}
        if name == "reset":
            s.reset(bool(data.get("window", False)))
        elif name == "latency":
            s.latency_ms = float(data["ms"])
        elif name == "rate-limit":
            s.rate_limit = int(data["limit"])
            s.windows.clear()
        elif name == "scene":
            s.scene = str(data.get("name") or DEFAULT_SCENE)
        elif name == "faults":
            s.faults = [
                Fault(
                    re.compile(f["path"]),
                    f.get("method"),
                    float(f.get("hang_ms", 15000)),
                    int(f.get("status", 504)),
                )
                for f in data.get("faults", [])
            ]
        elif name == "meta":
            s.recording.meta.update(data)
        elif name == "save" and self.out is not None:
            s.recording.save(self.out)
            return 200, {"saved": str(self.out), "answers": s.recording.count()}
        else:
            return 404, {"error": f"unknown control call {name}"}
        return 200, {"ok": True, "scene": s.scene, "latency_ms": s.latency_ms}


_HOP = {"connection", "content-length", "content-encoding", "transfer-encoding", "keep-alive"}


def _token(scope: dict[str, Any]) -> str:
    for name, value in scope["headers"]:
        if name.lower() == b"authorization":
            return value.decode("latin-1")
    return ""


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send(send: Any, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _json(data: Any) -> bytes:
    return json.dumps(data).encode()


def serve(app: ReplayApp, port: int) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        backlog=2048,
        timeout_keep_alive=60,
    )
    server = uvicorn.Server(config)
    print(f"{READY} http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server.run(sockets=[sock])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    record = commands.add_parser("record", help="forward to --target and record its answers")
    record.add_argument("--target", required=True, help="the sandbox's root URL")
    record.add_argument("--out", required=True, type=Path)
    record.add_argument("--variant", default="api")
    replay = commands.add_parser("serve", help="answer from --recording")
    replay.add_argument("--recording", required=True, type=Path)
    replay.add_argument("--latency", type=float, default=200.0, help="ms before every answer")
    replay.add_argument("--rate-limit", type=int, default=60, help="per token per 60 s; 0: none")
    for command in (record, replay):
        command.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "record":
        app = ReplayApp(State(Recording(variant=args.variant)), args.target.rstrip("/"), args.out)
    else:
        recording = Recording.load(args.recording)
        app = ReplayApp(State(recording, args.latency, args.rate_limit))
    serve(app, args.port)


if __name__ == "__main__":
    sys.exit(main())
