"""The production profile, checked in a child process with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FERNET_KEY = "x" * 43 + "="


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "dashboard.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", DEBUG="false", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "SECRET_KEY must be set when DEBUG is false (see README: Configuration)."
    )


def test_production_refuses_to_start_without_token_encryption_keys(tmp_path):
    result = _manage("check", DEBUG="false", SECRET_KEY="s" * 60, VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "TOKEN_ENCRYPTION_KEYS must be set" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_production_passes_the_deployment_checks_without_a_warning(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k3y-" + "x9" * 30,
        TOKEN_ENCRYPTION_KEYS=FERNET_KEY,
        ALLOWED_HOSTS="dashboard.example.com",
        CACHE_URL="rediscache://127.0.0.1:6379/1",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
