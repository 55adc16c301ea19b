"""The production server against the replay: throughput, tabs opened at once, memory per worker.

    uv run python -m bench.load [--latency 200] [--quick]

granian serves the dashboard in its production profile (``DEBUG=false``, the Redis cache and
budget, this run's SQLite database), as the Docker image starts it (WSGI, 2 workers of 8
threads, persistent database connections) and, for comparison, over ASGI. Everyone is the same
signed-in manager.

- Throughput: 50 users loading a warm page without pause (``hey``, Debian's package, when it is
  installed; else threads of httpx here): pages/s, p50/p99, statuses, the server's CPU a page.
- Tabs: five list pages opened at once when their lists have expired (reference data still
  cached), then fifty (ten of each): 503s, and upstream calls per distinct request.
- Memory: peak resident memory (VmHWM) of each worker after 1000 requests over ten pages.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.catalog import LISTS, tracked_7
from bench.harness import ROOT, View, median, percentile, table
from bench.servers import (
    IMAGE,
    IMAGE_ENV,
    cpu_seconds,
    free_port,
    granian_command,
    peak_memory_mb,
    process_tree,
)
from bench.stage import Run, Stage, stage, standalone

USERS = 50
THROUGHPUT = [("Inbox", "/"), ("Timesheets", "/approvals/timesheets/")]
TABBED = ("Inbox", "Timesheets", "Leave", "Time requests", "Viewers")
TABS = [(name, url) for name, url in LISTS if name in TABBED]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    cookie: str

    def get(self, path: str, client: httpx.Client | None = None) -> httpx.Response:
        return (client or httpx).get(self.url + path, headers={"Cookie": self.cookie}, timeout=60)

    def pids(self) -> list[int]:
        return process_tree(self.process.pid)


@contextlib.contextmanager
def serving(s: Stage, interface: str = IMAGE, workers: int = 2) -> Iterator[Server]:
    env = {**os.environ, **s.run.env, **IMAGE_ENV, "WEBWORK_API_BASE_URL": s.upstream.api_url}
    env |= {"WEB_CONCURRENCY": str(workers), "LOG_LEVEL": "WARNING"}
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="webwork-granian-", suffix=".log")[1])
    with open(log, "wb") as out:
        process = subprocess.Popen(
            granian_command(port, workers=workers, interface=interface),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, s.dashboard.session_cookie())
    try:
        _wait(server, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def _wait(server: Server, log: Path) -> None:
    for _ in range(300):
        if server.process.poll() is not None:
            raise RuntimeError(f"granian exited:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"granian did not start:\n{log.read_text(errors='replace')}")


@dataclass
class Load:
    seconds: float
    times: list[float]
    statuses: Counter[str]

    @property
    def rate(self) -> float:
        return len(self.times) / self.seconds

    def codes(self) -> str:
        return ", ".join(f"{n}x {code}" for code, n in sorted(self.statuses.items()))


def load(server: Server, path: str, users: int, *, seconds: float = 0, count: int = 0) -> Load:
    """``users`` clients without pause, for ``seconds`` or ``count`` requests in all."""
    if shutil.which("hey"):
        return _hey(server, path, users, seconds, count)
    return _threads(server, path, users, seconds, count)


def _hey(server: Server, path: str, users: int, seconds: float, count: int) -> Load:
    span = ["-z", f"{seconds:g}s"] if seconds else ["-n", str(count)]
    command = ["hey", *span, "-c", str(users), "-o", "csv", "-H", f"Cookie: {server.cookie}"]
    started = time.perf_counter()
    output = subprocess.run(
        [*command, server.url + path], capture_output=True, text=True, check=True
    ).stdout
    took = time.perf_counter() - started
    rows = [line.split(",") for line in output.splitlines()[1:] if line.count(",") >= 6]
    times = [float(row[0]) for row in rows]
    return Load(seconds or took, times, Counter(row[6] for row in rows))


def _threads(server: Server, path: str, users: int, seconds: float, count: int) -> Load:
    times: list[float] = []
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    started = time.perf_counter()
    left = [count]

    def user() -> None:
        with httpx.Client(timeout=60) as client:
            while True:
                with lock:
                    if seconds and time.perf_counter() - started >= seconds:
                        return
                    if not seconds:
                        if left[0] <= 0:
                            return
                        left[0] -= 1
                begun = time.perf_counter()
                try:
                    code = str(server.get(path, client).status_code)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                with lock:
                    times.append(time.perf_counter() - begun)
                    statuses[code] += 1

    with ThreadPoolExecutor(users) as pool:
        list(pool.map(lambda _: user(), range(users)))
    return Load(seconds or time.perf_counter() - started, times, statuses)


def throughput(run: Run) -> str:
    seconds = 5 if run.quick else 10
    rows = []
    with stage(run) as s:
        for interface in (IMAGE, "asgi" if IMAGE == "wsgi" else "wsgi"):
            with serving(s, interface) as server:
                for name, path in THROUGHPUT:
                    load(server, path, USERS, count=2 * USERS)  # warm: every worker, every thread
                    s.upstream.reset(window=False)
                    cpu = cpu_seconds(server.pids())
                    result = load(server, path, USERS, seconds=seconds)
                    cpu = cpu_seconds(server.pids()) - cpu
                    rows.append(
                        [
                            name,
                            interface,
                            USERS,
                            result.rate,
                            median(result.times) * 1000,
                            percentile(result.times, 99) * 1000,
                            result.codes(),
                            cpu * 1000 / max(1, len(result.times)),
                            s.upstream.stats().total,
                        ]
                    )
    inbox = rows[0]
    run.goal(
        f"Warm inbox at 50 users (granian {IMAGE.upper()}, 2 workers)",
        ">= 100 pages/s, p99 <= 0.5 s",
        f"{inbox[3]:.0f} pages/s, p99 {inbox[5] / 1000:.2f} s",
        inbox[3] >= 100 and inbox[5] <= 500,
    )
    tool = "hey" if shutil.which("hey") else "httpx threads"
    return table(
        f"Throughput on granian, 2 workers, production profile ({seconds} s a row, warm pages)",
        [
            "page",
            "interface",
            "users",
            "pages/s",
            "p50 ms",
            "p99 ms",
            "statuses",
            "server CPU ms/page",
            "upstream calls",
        ],
        rows,
        f"Load from {tool} on the same machine. {IMAGE.upper()} is how the Docker image serves; "
        "a list cached 30 s may expire during a row, hence a few upstream calls.",
    )


def tabs(run: Run) -> str:
    from dashboard.webwork.transport import cache

    expiry = getattr(cache, "LIST_TTL", 30) + 1
    rows = []
    with stage(run) as s, serving(s) as server:
        for count in (len(TABS), 10 * len(TABS)):
            s.forget()
            for _, path in TABS:
                server.get(path)
            if run.quick:
                s.forget()  # cold rather than expired: no half-minute wait
            else:
                time.sleep(expiry)
            s.upstream.reset(window=False)
            opened = [path for _ in range(count // len(TABS)) for _, path in TABS]
            results = _at_once(server, opened)
            statuses = Counter(status for status, _, _ in results)
            refused = [shown for status, _, shown in results if status != 200]
            stats = s.upstream.stats()
            reads = {k: n for k, n in stats.by_request.items() if k.startswith("GET ")}
            repeated = sorted(reads.items(), key=lambda kv: -kv[1])[:1]
            rows.append(
                [
                    count,
                    "cold" if run.quick else f"lists expired ({expiry} s)",
                    sum(1 for status, _, _ in results if status == 503),
                    ", ".join(f"{n}x {code}" for code, n in sorted(statuses.items())),
                    max(t for _, t, _ in results),
                    stats.total,
                    len(reads),
                    round(sum(reads.values()) / max(1, len(reads)), 2),
                    f"{repeated[0][1]}x {repeated[0][0].split('?')[0]}" if repeated else "-",
                    stats.status(429),
                    refused[0] if refused else "-",
                ]
            )
    five = rows[0]
    run.goal(
        "5 tabs at once on expired lists",
        "0 x 503, 1 call per distinct list",
        f"{five[2]} x 503, {five[7]} calls per distinct request",
        five[2] == 0 and five[7] == 1,
    )
    return table(
        "Tabs opened at once: "
        + ", ".join(name for name, _ in TABS)
        + f" (granian {IMAGE.upper()})",
        [
            "tabs",
            "cache",
            "503s",
            "statuses",
            "slowest s",
            "upstream calls",
            "distinct requests",
            "calls per distinct",
            "most repeated",
            "429s",
            "a tab not 200 shows",
        ],
        rows,
        "Fifty tabs are ten of each page. Calls per distinct = upstream calls / distinct "
        "(method, path, query).",
    )


def _at_once(server: Server, paths: list[str]) -> list[tuple[int, float, str]]:
    """Every path requested at the same moment: status, seconds and headline of each."""
    gate = threading.Barrier(len(paths))

    def open_tab(path: str) -> tuple[int, float, str]:
        with httpx.Client(timeout=60) as client:
            gate.wait()
            begun = time.perf_counter()
            response = server.get(path, client)
            took = time.perf_counter() - begun
        page = View(path, response.status_code, took, took, 0.0, response.content)
        return response.status_code, took, f"{path}: {page.shown()}"

    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(open_tab, paths))


def memory(run: Run) -> str:
    total = 200 if run.quick else 1000
    paths = [url for _, url in LISTS] + [tracked_7()[0].url]
    rows = []
    with stage(run) as s, serving(s) as server:
        for path in paths:
            server.get(path)
        for path in paths:
            load(server, path, 10, count=total // len(paths))
        for index, pid in enumerate(server.pids()):
            peak, now = peak_memory_mb(pid)
            rows.append(["granian main" if index == 0 else f"worker {index}", peak, now])
    return table(
        f"Memory per granian process after {total} requests ({IMAGE.upper()}, 2 workers)",
        ["process", "peak RSS MB (VmHWM)", "RSS now MB"],
        rows,
        f"{total // len(paths)} requests to each of: " + ", ".join(paths) + " (10 at a time).",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=200.0, help="L in ms")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    run = standalone(args.latency, args.quick)
    throughput(run)
    tabs(run)
    memory(run)


if __name__ == "__main__":
    main()
