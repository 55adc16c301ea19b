"""The production profile will not run several processes on a cache that each keeps to itself.

With a local-memory cache every process has its own token-refresh lock: two processes refresh one
connection at once, WebWork rotates the refresh token, the second gets ``invalid_grant`` and the
manager's connection is marked broken. Checked in child processes with a clean environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x9" * 30,
    "TOKEN_ENCRYPTION_KEYS": "x" * 43 + "=",
    "ALLOWED_HOSTS": "dashboard.example.com",
}
# Settings a developer's shell or CI may carry, which would decide these tests for them.
_INHERITED = ("DJANGO_", "DEBUG", "CACHE_URL", "SINGLE_PROCESS", "WEB_CONCURRENCY")


def _check(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_INHERITED)}
    clean.update({"DJANGO_SETTINGS_MODULE": "dashboard.settings", "VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return result.returncode != 0 and len(lines) == 1 and all(w in lines[0] for w in words)


def test_production_refuses_the_default_local_memory_cache(tmp_path):
    result = _check(tmp_path, **PRODUCTION)
    assert _refused(result, "CACHE_URL", "local-memory", "Redis", "SINGLE_PROCESS=true")


def test_production_refuses_a_local_memory_cache_asked_for_by_name(tmp_path):
    result = _check(tmp_path, CACHE_URL="locmemcache://", **PRODUCTION)
    assert _refused(result, "CACHE_URL", "local-memory")


def test_one_declared_process_may_run_on_local_memory(tmp_path):
    result = _check(tmp_path, SINGLE_PROCESS="true", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_one_declared_process_with_several_web_workers_is_refused(tmp_path):
    result = _check(tmp_path, SINGLE_PROCESS="true", WEB_CONCURRENCY="2", **PRODUCTION)
    assert _refused(result, "SINGLE_PROCESS=true", "WEB_CONCURRENCY=2")


def test_production_on_redis_starts_and_passes_the_deployment_checks(tmp_path):
    result = _check(
        tmp_path,
        "--deploy",
        "--fail-level",
        "WARNING",
        CACHE_URL="rediscache://127.0.0.1:6379/1",
        WEB_CONCURRENCY="4",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_local_profile_keeps_its_local_memory_cache(tmp_path):
    assert _check(tmp_path, DEBUG="true").returncode == 0


def _env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def test_the_env_example_filled_in_passes_the_deployment_checks(tmp_path):
    example = _env_example()
    assert example["CACHE_URL"].startswith("rediscache://")
    filled = {
        **example,
        "SECRET_KEY": PRODUCTION["SECRET_KEY"],
        "TOKEN_ENCRYPTION_KEYS": PRODUCTION["TOKEN_ENCRYPTION_KEYS"],
    }
    result = _check(tmp_path, "--deploy", "--fail-level", "WARNING", **filled)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_and_compose_run_their_web_workers_on_the_shared_cache():
    dockerfile = (ROOT / "Dockerfile").read_text()
    workers = re.search(r"^ENV .*\bWEB_CONCURRENCY=(\d+)", dockerfile, re.MULTILINE)
    assert workers and int(workers.group(1)) > 1
    assert '--workers \\"${WEB_CONCURRENCY}\\"' in dockerfile  # the server starts that many
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    for name in ("app", "worker", "migrate"):
        service = {**compose["x-app"], **compose["services"][name]}
        assert service["environment"]["CACHE_URL"].startswith("rediscache://"), name
