"""Two dashboard server processes, PostgreSQL, Redis and the sandbox: a delivery taken by one
instance refreshes the pages of the other, and the real server caps its body.

The instances serve the dashboard with granian as the Docker image does (WSGI); the body cap is
also tried over ASGI, where ``dashboard.asgi`` enforces it before Django's handler.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from django.conf import settings

from bench.servers import IMAGE, free_port, granian_command
from dashboard.accounts.connecting import establish
from dashboard.hooks.models import Receipt, Registration
from dashboard.webwork.oauth import TokenSet
from tests.plugins.sandbox import Sandbox
from tests.production.conftest import (
    ROOT,
    Instance,
    _environment,
    _wait_ready,
    requires_shared_services,
)

pytestmark = [requires_shared_services, pytest.mark.django_db(transaction=True)]


def browser(url: str, client) -> httpx.Client:
    name = settings.SESSION_COOKIE_NAME
    return httpx.Client(base_url=url, cookies={name: client.cookies[name].value}, timeout=60)


def delivered(count: int) -> None:
    deadline = time.monotonic() + 20
    while Receipt.objects.count() < count and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def webwork(settings, sandbox: Sandbox) -> Sandbox:
    sandbox.set_rate_limit(6000)
    settings.WEBWORK_RATE_PER_MINUTE = 6000
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    return sandbox


@pytest.fixture
def interface(request) -> str:
    return getattr(request, "param", IMAGE)


@pytest.fixture
def instances(webwork: Sandbox, tmp_path, interface: str) -> Iterator[list[Instance]]:
    env = _environment(webwork, {"WEBWORK_RATE_PER_MINUTE": "6000"})
    started: list[Instance] = []
    try:
        for number in range(2):
            port = free_port()
            log = tmp_path / f"{interface}-{number}.log"
            with open(log, "wb") as out:
                command = granian_command(port, workers=1, interface=interface)
                process = subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
                )
            started.append(Instance(f"http://127.0.0.1:{port}", process, log))
        for instance in started:
            _wait_ready(instance)
        yield started
    finally:
        for instance in started:
            instance.process.terminate()
        for instance in started:
            try:
                instance.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                instance.process.kill()


def test_a_delivery_to_one_instance_refreshes_the_pages_of_the_other(
    webwork: Sandbox, instances, manager, manager_client, settings
):
    one, two = instances
    establish(manager, "token", TokenSet(webwork.token("owner@acme.test"), "", None, ""))
    settings.DASHBOARD_URL = one.url
    assert manager_client.post("/settings/webhooks/register/").status_code == 302
    workspace = webwork.workspace_id()
    registration = Registration.current(workspace)
    assert registration is not None and registration.url.startswith(one.url)

    with webwork.api("owner@acme.test") as api:
        rows = api.get("members", params={"workspace_id": workspace, "per_page": 100})
        member = next(m for m in rows.json()["data"] if m["current_role"] == "Regular User")
        listed = f"/members/?q={member['email']}"
        with browser(two.url, manager_client) as page:
            assert member["lastname"] in page.get(listed).text  # cached in Redis now
            body = {"workspace_id": workspace, "lastname": "Acrossprocesses"}
            assert api.put(f"members/{member['id']}", json=body).status_code == 200
            delivered(1)
            assert Receipt.objects.get().verified
            assert "Acrossprocesses" in page.get(listed).text


@pytest.mark.parametrize("interface", ["wsgi", "asgi"], indirect=True)
def test_the_real_server_refuses_an_oversized_delivery(webwork: Sandbox, instances):
    one, _ = instances
    registration = Registration(workspace_id=1, webhook_id="wh_1", url="u")
    registration.set_secret("whsec_x")
    registration.save()
    url = f"{one.url}/hooks/webwork/{registration.key}/"

    sent = 0

    def endless() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(2000):  # 32 MB, if the server read it all
            sent += 1
            yield b"x" * 16384

    with httpx.Client(timeout=30) as client:
        declared = client.post(url, content=b"x" * (200 * 1024))
        assert declared.status_code == 413
        assert declared.json()["reason"] == "too_large"
        # Without a length the server answers as soon as the cap is passed and reads no more:
        # a client that insists on sending the rest finds the connection closed under it.
        try:
            streamed = client.post(url, content=endless())
        except httpx.TransportError:
            pass
        else:
            assert streamed.status_code == 413
        assert sent < 2000, sent
