"""Starting the dashboard as production runs it: granian over WSGI on a free loopback port.

The load benchmark and the multi-process production tests both start servers this way.
"""

from __future__ import annotations

import socket
import sys


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def granian_command(port: int, *, workers: int, extra: tuple[str, ...] = ()) -> list[str]:
    """The command line of one granian server of ``workers`` processes on ``port``."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "8",
        *extra,
        "dashboard.wsgi:application",
    ]
