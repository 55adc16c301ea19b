"""One upstream call per cache key across processes that share Redis: two processes reading
the same key at once (its value, or its failure, seen by both), and tabs opened at once on
expired lists across two server instances (no 503)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from tests.oauth_flow import point_at_sandbox
from tests.production.conftest import ROOT, requires_shared_services, start_instances

pytestmark = [requires_shared_services]

READER = """
import logging, os, sys, time

import django
import redis

django.setup()
from dashboard.webwork.errors import WebworkUnavailable
from dashboard.webwork.transport.cache import ResponseCache

logging.getLogger("dashboard.webwork.transport.flight").setLevel(logging.DEBUG)
name, tag, outcome = sys.argv[1:4]
signals = redis.Redis.from_url(os.environ["SIGNALS"])
signals.set(f"{tag}:ready:{name}", 1)
for _ in range(1200):  # started, but reading only when told (starting may be slow)
    if signals.exists(f"{tag}:read:{name}"):
        break
    time.sleep(0.05)

def fetch():
    signals.incr(f"{tag}:fetches")
    signals.set(f"{tag}:fetching", name)
    for _ in range(600):
        if signals.exists(f"{tag}:go"):
            break
        time.sleep(0.05)
    if outcome == "fails":
        raise WebworkUnavailable("WebWork did not answer in time.")
    return f"{name}'s answer"

try:
    value = ResponseCache("webwork-user:flight", 1).get_or_fetch("viewers", {"tag": tag}, fetch)
except WebworkUnavailable as exc:
    value = f"error: {exc}"
print(f"answer: {value}", flush=True)
"""


def eventually(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    until = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < until, f"never happened: {what}"
        time.sleep(0.02)


@pytest.fixture
def signals() -> Iterator[tuple[redis.Redis, str]]:
    """A Redis connection for the readers' signals, and a tag of this test's keys."""
    client = redis.Redis.from_url(os.environ["CACHE_URL"].replace("rediscache://", "redis://"))
    tag = f"test-flight-{uuid.uuid4().hex}"
    yield client, tag
    for key in client.scan_iter(f"{tag}*"):
        client.delete(key)
    client.close()


def _reader(tmp_path: Path, name: str, tag: str, outcome: str = "answers") -> tuple[Any, Path]:
    log = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dashboard.settings",
        "SIGNALS": os.environ["CACHE_URL"].replace("rediscache://", "redis://"),
        "LOG_LEVEL": "INFO",
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", READER, name, tag, outcome],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, log


def _two_readers(tmp_path: Path, signals: tuple[redis.Redis, str], outcome: str) -> list[str]:
    client, tag = signals
    first, first_log = _reader(tmp_path, "first", tag, outcome)
    second, second_log = _reader(tmp_path, "second", tag)
    try:
        eventually(lambda: client.exists(f"{tag}:ready:first", f"{tag}:ready:second") == 2, "up")
        client.set(f"{tag}:read:first", 1)
        eventually(lambda: client.exists(f"{tag}:fetching"), "the first process fetches")
        client.set(f"{tag}:read:second", 1)
        eventually(
            lambda: "waiting for another process" in second_log.read_text(errors="replace"),
            "the second process waits for the first",
        )
        client.set(f"{tag}:go", 1)
        first.wait(timeout=60)
        second.wait(timeout=60)
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.kill()
    assert int(client.get(f"{tag}:fetches") or 0) == 1
    return [
        line
        for log in (first_log, second_log)
        for line in log.read_text(errors="replace").splitlines()
        if line.startswith("answer:")
    ]


def test_two_processes_reading_one_key_at_once_make_one_upstream_call(tmp_path, signals):
    answers = _two_readers(tmp_path, signals, "answers")
    assert answers == ["answer: first's answer", "answer: first's answer"]


def test_the_first_processs_failure_is_the_seconds_too(tmp_path, signals):
    answers = _two_readers(tmp_path, signals, "fails")
    assert answers == ["answer: error: WebWork did not answer in time."] * 2


PAGES = ["/viewers/", "/members/", "/projects/", "/assignments/", "/approvals/timesheets/"]
# A cached read's own entry (not its kept copy, namespace token or generation).
FRESH_ENTRY = re.compile(rb":webwork:[0-9a-f]{24}:[^:]+:[^:]+:value:[0-9a-f]{24}(:edition)?$")


def _expire_lists() -> int:
    """What 5 minutes would do: every cached read's entry gone, its kept copy left."""
    client = redis.Redis.from_url(os.environ["CACHE_URL"].replace("rediscache://", "redis://"))
    gone = [key for key in client.scan_iter("*:webwork:*") if FRESH_ENTRY.search(key)]
    if gone:
        client.delete(*gone)
    client.close()
    return len(gone)


def _tabs(instances, cookies, paths: list[str]) -> list[tuple[str, int, bool]]:
    """``paths`` opened at once, spread over the instances: path, status, stale banner."""
    seen: list[tuple[str, int, bool]] = []
    start = threading.Barrier(len(paths))

    def tab(url: str, path: str) -> None:
        with httpx.Client(base_url=url, cookies=cookies, timeout=60) as browser:
            start.wait()
            page = browser.get(path)
            seen.append((path, page.status_code, "Showing WebWork" in page.text))

    threads = [
        threading.Thread(target=tab, args=(instances[n % len(instances)].url, path))
        for n, path in enumerate(paths)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return seen


@pytest.mark.django_db(transaction=True)
def test_tabs_opened_at_once_on_expired_lists_make_one_call_per_list_and_no_503(
    manager_client, manager, settings, sandbox, tmp_path
):
    webwork = point_at_sandbox(settings, sandbox, "http://testserver/connect/callback/")
    manager_client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    name = settings.SESSION_COOKIE_NAME
    cookies = {name: manager_client.cookies[name].value}
    with start_instances(webwork, tmp_path) as instances:
        assert {status for _, status, _ in _tabs(instances, cookies, PAGES)} == {200}
        assert _expire_lists() > 0
        webwork.clear_calls()
        with httpx.Client(base_url=instances[0].url, cookies=cookies, timeout=60) as browser:
            for path in PAGES:  # one after another: each distinct read once
                assert browser.get(path).status_code == 200
        one_by_one = sorted((c["path"], str(c["query"])) for c in webwork.calls())
        _expire_lists()
        webwork.clear_calls()
        tabs = _tabs(instances, cookies, PAGES * 2)  # every list in two tabs, all at once
        at_once = sorted((c["path"], str(c["query"])) for c in webwork.calls())
    assert [status for _, status, _ in tabs] == [200] * len(tabs)
    assert not any(stale for _, _, stale in tabs)  # nothing needed the last good data
    assert at_once == one_by_one  # one upstream call per distinct read, shared by the tabs
    assert {c["status"] for c in webwork.calls()} <= {200}
    assert settings.WEBWORK_RATE_PER_MINUTE == 60
