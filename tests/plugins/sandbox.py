"""pytest plugin: the real WebWork sandbox process, for integration and end-to-end tests.

Load it from the root conftest with ``pytest_plugins = ["tests.plugins.sandbox"]``.

- ``sandbox_server`` (session): starts ``python -m sandbox serve`` on a free port with a
  fresh copy of a seeded database (seeded once and cached under the temp dir), waits
  until it answers, and stops it at the end of the session.
- ``sandbox`` (function): resets the server to the seed before the test and returns the
  same helper object.

Only the standard library, httpx and the sandbox's HTTP interface are used here, never
its database or its code, so the dashboard's tests can rely on it too. Tests that use
either fixture get the ``sandbox`` marker automatically.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = 1
READY = re.compile(r"Sandbox serving (http://\S+?)/?$", re.MULTILINE)
STARTUP_TIMEOUT = 90.0


class Sandbox:
    """A small client of a running sandbox: its URLs and its control plane."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.api_url = f"{self.url}/api/v2"
        self.http = httpx.Client(base_url=self.url, timeout=30.0)
        self._workspaces: dict[str, int] = {}

    def _control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, f"/__sandbox__/{path}", **kwargs)
        response.raise_for_status()
        return response.json()

    def reset(self, *, keep_clients: bool = True) -> dict[str, Any]:
        """Restore the seed and clear calls, faults, latency, rate counters and the clock."""
        return self._control("POST", "reset", json={"keep_clients": keep_clients})

    def state(self) -> dict[str, Any]:
        return self._control("GET", "state")

    def token(self, email: str = "owner@acme.test") -> str:
        """A personal access token of a sandbox user."""
        return self._control("POST", "tokens", json={"email": email})["token"]

    def api(self, email: str = "owner@acme.test", **kwargs: Any) -> httpx.Client:
        """An httpx client for ``/api/v2`` authenticated as ``email`` (a fresh token)."""
        headers = {"Authorization": f"Bearer {self.token(email)}"}
        return httpx.Client(base_url=self.api_url + "/", headers=headers, timeout=30.0, **kwargs)

    def calls(self, **filters: str) -> list[dict[str, Any]]:
        """API calls since the last reset (filters: method, path prefix, email)."""
        return self._control("GET", "calls", params=filters)["calls"]

    def clear_calls(self) -> None:
        self._control("DELETE", "calls")

    def set_latency(
        self, ms: int | None = None, *, min_ms: int | None = None, max_ms: int | None = None
    ) -> dict[str, Any]:
        body = {"ms": ms} if ms is not None else {"min_ms": min_ms or 0, "max_ms": max_ms or 0}
        return self._control("POST", "latency", json=body)

    def set_faults(self, *faults: dict[str, Any], seed: int = 0) -> dict[str, Any]:
        """Replace the fault plan, e.g. ``set_faults({"kind": "error", "status": 503})``."""
        return self._control("POST", "faults", json={"faults": list(faults), "seed": seed})

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def set_rate_limit(self, limit: int) -> dict[str, Any]:
        return self._control("POST", "rate-limit", json={"limit": limit})

    def set_variant(self, variant: str) -> dict[str, Any]:
        return self._control("POST", "variant", json={"variant": variant})

    def expire_token(
        self, token: str | None = None, *, email: str | None = None, kind: str = "all"
    ) -> dict[str, int]:
        body = {"token": token, "email": email, "kind": kind}
        return self._control("POST", "tokens/expire", json=body)["expired"]

    def revoke_token(
        self, token: str | None = None, *, email: str | None = None, kind: str = "all"
    ) -> dict[str, int]:
        body = {"token": token, "email": email, "kind": kind}
        return self._control("POST", "tokens/revoke", json=body)["revoked"]

    def advance_clock(
        self, seconds: float = 0, *, minutes: float = 0, hours: float = 0, days: float = 0
    ) -> dict[str, Any]:
        body = {"seconds": seconds, "minutes": minutes, "hours": hours, "days": days}
        return self._control("POST", "clock", json=body)

    def register_client(
        self,
        client_id: str,
        client_secret: str,
        redirect_uris: list[str] | str,
        **extra: Any,
    ) -> dict[str, Any]:
        body = {
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uris": redirect_uris,
            **extra,
        }
        return self._control("POST", "oauth-clients", json=body)

    def webhook_deliveries(self) -> list[dict[str, Any]]:
        return self._control("GET", "webhook-deliveries")["deliveries"]

    def workspace_id(self, name: str = "Acme Studio") -> int:
        if not self._workspaces:
            rows = self._control("GET", "workspaces")["workspaces"]
            self._workspaces = {row["name"]: row["id"] for row in rows}
        return self._workspaces[name]

    def close(self) -> None:
        self.http.close()


def _source_fingerprint() -> str:
    """Changes whenever the sandbox's code (and so possibly its seed) changes."""
    digest = hashlib.sha256(f"{SEED}:{datetime.now(UTC).date().isoformat()}".encode())
    for path in sorted((ROOT / "sandbox").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # The test process runs with the dashboard's settings; the sandbox must not inherit them.
    env["DJANGO_SETTINGS_MODULE"] = "sandbox.settings"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _seeded_database() -> Path:
    """A seeded database file, built once per code version and day, shared by sessions."""
    cache = Path(tempfile.gettempdir()) / "webwork-sandbox-cache"
    cache.mkdir(exist_ok=True)
    target = cache / f"sandbox-{_source_fingerprint()}.sqlite3"
    with open(cache / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            building = cache / f"building-{os.getpid()}.sqlite3"
            command = [sys.executable, "-m", "sandbox", "seed", "--database", str(building)]
            command += ["--seed", str(SEED)]
            done = subprocess.run(command, cwd=ROOT, env=_child_env(), capture_output=True)
            if done.returncode != 0:
                output = (done.stdout + done.stderr).decode(errors="replace")
                raise RuntimeError(f"Seeding the sandbox failed:\n{output}")
            os.replace(f"{building}.pristine", f"{target}.pristine")
            os.replace(building, target)
            _forget_stale(cache, keep=target)
    return target


def _forget_stale(cache: Path, *, keep: Path) -> None:
    """Drop cached databases of other code versions that nobody used for a day."""
    day_ago = time.time() - 86400
    for path in cache.glob("*.sqlite3*"):
        if not path.name.startswith(keep.name) and path.stat().st_mtime < day_ago:
            path.unlink(missing_ok=True)


def _wait_until_ready(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The sandbox exited early:\n{log.read_text(errors='replace')}")
        match = READY.search(log.read_text(errors="replace"))
        if match:
            url = match.group(1)
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/__sandbox__/health", timeout=2).status_code == 200:
                    return url
        time.sleep(0.05)
    raise RuntimeError(f"The sandbox did not start in time:\n{log.read_text(errors='replace')}")


@contextlib.contextmanager
def running_sandbox(workdir: Path, *extra_args: str) -> Iterator[Sandbox]:
    """A sandbox process on a free port with a fresh copy of the seeded database.

    Also used by the benchmarks under ``bench/``; ``extra_args`` go to ``sandbox serve``.
    """
    database = workdir / "sandbox.sqlite3"
    seeded = _seeded_database()
    shutil.copyfile(seeded, database)
    shutil.copyfile(f"{seeded}.pristine", f"{database}.pristine")
    log = workdir / "server.log"
    command = [sys.executable, "-m", "sandbox", "serve", "--port", "0", "--database", str(database)]
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [*command, *extra_args],
            cwd=ROOT,
            env=_child_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        server = Sandbox(_wait_until_ready(process, log))
        yield server
        server.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The running sandbox process for the whole test session."""
    with running_sandbox(tmp_path_factory.mktemp("sandbox")) as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Sandbox:
    """The sandbox, reset to its seed before the test."""
    sandbox_server.reset()
    return sandbox_server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sandbox: needs the sandbox server process")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "sandbox" in names or "sandbox_server" in names:
            item.add_marker(pytest.mark.sandbox)
