"""Starting the replaying (or recording) upstream as its own process, and asking it things."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.replay import READY

ROOT = Path(__file__).resolve().parents[1]
API_PREFIX = "/api/v2"


@dataclass
class Stats:
    """What the upstream saw between two resets."""

    total: int
    by_status: dict[str, int]
    by_shape: dict[str, int]
    by_request: dict[str, int]
    max_in_flight: int
    rounds: int
    misses: int
    missed: list[str]
    ever_missed: list[str]  # since the replay started
    templated: int
    served_ms: dict[str, float]
    first_at: float | None
    last_at: float | None

    @classmethod
    def of(cls, data: dict[str, Any]) -> Stats:
        fields = cls.__dataclass_fields__
        return cls(**{name: data[name] for name in fields})

    def status(self, code: int) -> int:
        return self.by_status.get(str(code), 0)

    @property
    def reads(self) -> int:
        return sum(n for key, n in self.by_request.items() if key.startswith("GET "))


class Upstream:
    """A running ``bench.replay`` process: its URLs and its control plane."""

    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self.url = url
        self.api_url = url + API_PREFIX
        self.process = process
        self.http = httpx.Client(base_url=url + "/__replay__/", timeout=30.0)

    def _post(self, call: str, **body: Any) -> Any:
        response = self.http.post(call, json=body)
        response.raise_for_status()
        return response.json()

    def stats(self) -> Stats:
        response = self.http.get("stats")
        response.raise_for_status()
        return Stats.of(response.json())

    def reset(self, *, window: bool = True) -> None:
        """Forget what was counted; ``window`` also empties every token's rate window."""
        self._post("reset", window=window)

    def set_latency(self, ms: float) -> None:
        self._post("latency", ms=ms)

    def set_rate_limit(self, limit: int) -> None:
        self._post("rate-limit", limit=limit)

    def set_scene(self, name: str) -> None:
        self._post("scene", name=name)

    def set_faults(self, *faults: dict[str, Any]) -> None:
        self._post("faults", faults=list(faults))

    def clear_faults(self) -> None:
        self._post("faults", faults=[])

    def add_meta(self, **meta: Any) -> None:
        self._post("meta", **meta)

    def save(self) -> dict[str, Any]:
        return self._post("save")

    def close(self) -> None:
        self.http.close()


@contextlib.contextmanager
def replaying(recording: Path, latency_ms: float = 200, rate_limit: int = 60) -> Iterator[Upstream]:
    """A replay of ``recording`` answering after ``latency_ms``, rate-limited per token."""
    args = ["serve", "--recording", str(recording), "--latency", str(latency_ms)]
    with _running([*args, "--rate-limit", str(rate_limit)]) as upstream:
        yield upstream


@contextlib.contextmanager
def recording_proxy(target: str, out: Path, variant: str) -> Iterator[Upstream]:
    """A proxy to ``target`` (the sandbox's root URL) that keeps every answer, saved to ``out``."""
    with _running(["record", "--target", target, "--out", str(out), "--variant", variant]) as up:
        yield up


@contextlib.contextmanager
def _running(args: list[str]) -> Iterator[Upstream]:
    log = Path(tempfile.mkstemp(prefix="webwork-replay-", suffix=".log")[1])
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.replay", *args],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        upstream = Upstream(_wait_until_ready(process, log), process)
        yield upstream
        upstream.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def _wait_until_ready(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bench.replay exited early:\n{log.read_text(errors='replace')}")
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith(READY):
                url = line.split()[-1]
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/__replay__/stats", timeout=2).status_code == 200:
                        return url
        time.sleep(0.05)
    raise RuntimeError(f"bench.replay did not start:\n{log.read_text(errors='replace')}")
