"""Pages per second, p50/p99 latency and peak memory on the production server configuration.

    uv run python -m bench.load [--latency 50] [--seconds 10] [--out FILE]

Serves the dashboard with granian (WSGI, 2 workers, DEBUG off, collected static files, Redis
cache) against the sandbox, and loads it with ``hey`` (Debian package ``hey``) at 20 and 50
concurrent users, all signed in as one connected manager. Pages are warm: what is measured is
the dashboard itself, since WebWork allows one user only about one request a second.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.harness import ROOT, machine, stage, table
from bench.servers import free_port, granian_command

PAGES = [("Inbox", "/"), ("Timesheets", "/approvals/timesheets/"), ("Audit log", "/audit/")]
USERS = (20, 50)
CACHE_URL = "rediscache://127.0.0.1:6379/3"


def _server_env(api_url: str, workdir: Path) -> dict[str, str]:
    from django.conf import settings

    return {
        **os.environ,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": settings.SECRET_KEY,
        "TOKEN_ENCRYPTION_KEYS": ",".join(settings.TOKEN_ENCRYPTION_KEYS),
        "VAR_DIR": str(workdir),
        "CACHE_URL": CACHE_URL,
        "WEBWORK_API_BASE_URL": api_url,
        "LOG_LEVEL": "WARNING",
    }


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    command = granian_command(port, workers=2, extra=("--no-ws",))
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _hey(url: str, users: int, seconds: int, cookie: str) -> tuple[float, float, float, str]:
    """Pages per second, p50 and p99 in ms, and the statuses seen, from hey's per-request CSV."""
    output = subprocess.run(
        ["hey", "-z", f"{seconds}s", "-c", str(users), "-o", "csv", "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line.split(",") for line in output.splitlines()[1:] if line]
    if not rows:
        raise RuntimeError("hey completed no request")
    times = sorted(float(row[0]) * 1000 for row in rows)
    statuses = Counter(row[6] for row in rows)
    codes = ", ".join(f"{count}x {code}" for code, count in sorted(statuses.items()))
    return len(rows) / seconds, _percentile(times, 50), _percentile(times, 99), codes


def _percentile(ordered: list[float], percent: float) -> float:
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]


def _peak_memory_mb(root_pid: int) -> list[float]:
    """VmHWM (peak resident memory) of the server and each of its worker processes."""
    pids = [root_pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-P", str(root_pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)  # type: ignore[union-attr]
    return peaks


def run(latency_ms: int, seconds: int) -> str:
    if not shutil.which("hey"):
        raise SystemExit("bench.load needs hey: apt-get install hey")
    rows = []
    with stage(latency_ms) as s:
        from django.conf import settings

        port = free_port()
        server = _serve(_server_env(s.sandbox.api_url, Path(settings.VAR_DIR)), port)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={s.client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        try:
            for name, path in PAGES:
                url = f"http://127.0.0.1:{port}{path}"
                httpx.get(url, headers={"Cookie": cookie}, timeout=60)  # warm the cache
                for users in USERS:
                    rate, p50, p99, codes = _hey(url, users, seconds, cookie)
                    rows.append([name, users, rate, p50, p99, codes])
            memory = _peak_memory_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = table(
        f"Load on granian, 2 WSGI workers ({seconds} s per row, warm pages; {machine()})",
        ["page", "users", "pages/s", "p50 ms", "p99 ms", "statuses"],
        rows,
    )
    text += table(
        "Peak memory per server process (VmHWM)",
        ["process", "MB"],
        [["granian main" if i == 0 else f"worker {i}", mb] for i, mb in enumerate(memory)],
    )
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--out")
    args = parser.parse_args()
    text = run(args.latency, args.seconds)
    if args.out:
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
