"""``manage.py demo`` from nothing: the sandbox, the worker and the dashboard, then Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "demo stopped early"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(f"nothing answered at {url}")


def test_demo_serves_a_connected_owner_and_stops_everything_on_ctrl_c(tmp_path):
    port, sandbox_port = _free_port(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "dashboard.settings",
    }
    command = [
        sys.executable,
        "manage.py",
        "demo",
        "--port",
        str(port),
        "--sandbox-port",
        str(sandbox_port),
    ]
    demo = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/accounts/login/", demo)
        with httpx.Client(base_url=base, timeout=30) as browser:
            page = browser.get("/accounts/login/").text
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            signed_in = browser.post(
                "/accounts/login/",
                data={"username": "demo", "password": "demo", "csrfmiddlewaretoken": csrf},
            )
            assert signed_in.status_code == 302
            assert "Acme Studio" in browser.get("/audit/").text  # connected, workspace chosen
    finally:
        demo.send_signal(signal.SIGINT)
        demo.wait(timeout=30)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{sandbox_port}/__sandbox__/health", timeout=2)
