"""Starting the dashboard as production runs it: granian on a free loopback port.

The load benchmarks and the multi-process production tests both start servers this way. The
Docker image serves ``dashboard.wsgi`` with 8 blocking threads a worker and persistent database
connections (``IMAGE``); ``interface="asgi"`` serves ``dashboard.asgi``, the other way granian
can serve it.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


IMAGE = "wsgi"  # the interface the Docker image serves
IMAGE_ENV = {"CONN_MAX_AGE": "60"}  # and what else its environment sets for the server
THREADS = 8  # its WEB_THREADS


def granian_command(
    port: int, *, workers: int, extra: tuple[str, ...] = (), interface: str = IMAGE
) -> list[str]:
    """The command line of one granian server of ``workers`` processes on ``port``."""
    threads = ["--blocking-threads", str(THREADS)] if interface == "wsgi" else []
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        interface,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        *threads,
        *extra,
        f"dashboard.{interface}:application",
    ]


def process_tree(pid: int) -> list[int]:
    """``pid`` and its children (granian's workers)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        children += [int(child) for child in task.read_text().split()]
    return [pid, *children]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def peak_memory_mb(pid: int) -> tuple[float, float]:
    """Peak resident memory (VmHWM) and resident memory now (VmRSS) of one process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0]) / 1024
    return values.get("VmHWM", 0.0), values.get("VmRSS", 0.0)
