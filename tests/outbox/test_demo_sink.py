"""In ``manage.py demo``, mail reaches its SMTP sink through the worker and shows on /outbox/."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.core.test_demo import ROOT, Demo, signed_in

QUEUE = """
from dashboard.outbox.mail import enqueue
enqueue(to="lead@example.test", subject="Waiting for you today",
        text="3 timesheets wait for you, the oldest since Monday.", purpose="digest")
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    started = Demo(tmp_path_factory.mktemp("demo-mail"))
    yield started
    started.interrupt()


def _in_the_demo(demo: Demo, code: str) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
        "VAR_DIR": str(demo.var_dir),
        "DJANGO_SETTINGS_MODULE": "dashboard.settings",
    }
    command = [sys.executable, "manage.py", "shell", "-c", code]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=60)


def test_a_digest_is_caught_by_the_sink_and_shown_to_staff(demo):
    base = demo.running().url("127.0.0.1")
    assert f"local SMTP sink on port {demo.smtp_port}" in demo.output
    _in_the_demo(demo, QUEUE)
    with signed_in(base, "demo") as browser:
        deadline = time.monotonic() + 60
        page = browser.get("/outbox/").text
        while "the oldest since Monday" not in page and time.monotonic() < deadline:
            time.sleep(0.5)
            page = browser.get("/outbox/").text
    assert "the oldest since Monday" in page, page
    assert "Caught by the local mail sink" in page
    assert 'class="pill pill-sent"' in page
    assert list((demo.var_dir / "mail" / "new").iterdir())
