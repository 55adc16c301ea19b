"""Several dashboard server processes against one PostgreSQL, one Redis and the sandbox."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from bench.servers import IMAGE_ENV, free_port, granian_command

ROOT = Path(__file__).resolve().parents[2]


def shared_services() -> bool:
    database = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    cache = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    return database and cache


requires_shared_services = pytest.mark.skipif(
    not shared_services(), reason="needs DATABASE_URL on PostgreSQL and CACHE_URL on Redis"
)


@dataclass
class Instance:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _environment(webwork, extra: dict[str, str]) -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dashboard.settings",
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,
        "TOKEN_ENCRYPTION_KEYS": ",".join(settings.TOKEN_ENCRYPTION_KEYS),
        # The servers use the test database that this test run created.
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "CACHE_URL": os.environ["CACHE_URL"],
        "WEBWORK_API_BASE_URL": webwork.api_url,
        "WEBWORK_OAUTH_TOKEN_URL": f"{webwork.url}/oauth/token/",
        "WEBWORK_OAUTH_AUTHORIZE_URL": f"{webwork.url}/oauth/authorize/",
        "WEBWORK_CLIENT_ID": settings.WEBWORK_CLIENT_ID,
        "WEBWORK_CLIENT_SECRET": settings.WEBWORK_CLIENT_SECRET,
        "LOG_LEVEL": "INFO",
        **IMAGE_ENV,
        **extra,
    }


@contextlib.contextmanager
def start_instances(
    webwork, tmp_path: Path, count: int = 2, env: dict[str, str] | None = None
) -> Iterator[list[Instance]]:
    env = _environment(webwork, env or {})
    instances = []
    try:
        for number in range(count):
            port = free_port()
            log = tmp_path / f"instance-{number}.log"
            with open(log, "wb") as out:
                process = subprocess.Popen(
                    granian_command(port, workers=1),
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            instances.append(Instance(f"http://127.0.0.1:{port}", process, log))
        for instance in instances:
            _wait_ready(instance)
        yield instances
    finally:
        for instance in instances:
            instance.process.terminate()
        for instance in instances:
            try:
                instance.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                instance.process.kill()


@contextlib.contextmanager
def start_workers(
    webwork, tmp_path: Path, count: int = 2, env: dict[str, str] | None = None
) -> Iterator[list[Instance]]:
    """``manage.py db_worker`` processes on the shared database."""
    environment = _environment(webwork, env or {})
    workers = []
    try:
        for number in range(count):
            log = tmp_path / f"worker-{number}.log"
            command = [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--worker-id",
                f"worker-{number}",
            ]
            with open(log, "wb") as out:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT
                )
            workers.append(Instance("", process, log))
        yield workers
    finally:
        for worker in workers:
            worker.process.terminate()
        for worker in workers:
            try:
                worker.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.process.kill()


def _wait_ready(instance: Instance, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            raise RuntimeError(f"instance exited:\n{instance.output()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{instance.url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"instance did not start:\n{instance.output()}")
