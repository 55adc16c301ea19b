"""Two dashboard server processes, one PostgreSQL, one Redis, one sandbox: what must hold."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings

from dashboard.accounts.models import WebworkConnection
from tests.oauth_flow import connect_with_oauth, point_at_sandbox
from tests.production.conftest import requires_shared_services, start_instances

pytestmark = [requires_shared_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def webwork(settings, sandbox):
    return point_at_sandbox(settings, sandbox, "http://testserver/connect/callback/")


def session_of(client) -> dict[str, str]:
    """The test client's session cookie: sessions live in the shared database."""
    name = settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


def _hammer(instances, cookies, path: str, count: int) -> list[int]:
    """``count`` concurrent page views spread over the instances; answers their statuses."""
    from tests.production.conftest import httpx

    statuses: list[int] = []
    start = threading.Barrier(count)

    def view(url: str) -> None:
        with httpx.Client(base_url=url, cookies=cookies, timeout=60) as browser:
            start.wait()
            statuses.append(browser.get(path).status_code)

    threads = [
        threading.Thread(target=view, args=(instances[n % len(instances)].url,))
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_an_expired_token_is_refreshed_once_across_two_instances(
    manager_client, manager, webwork, tmp_path, settings
):
    settings.WEBWORK_RATE_PER_MINUTE = 600
    webwork.set_rate_limit(600)
    connect_with_oauth(manager_client)
    webwork.expire_token(email="owner@acme.test", kind="access")
    with start_instances(webwork, tmp_path, env={"WEBWORK_RATE_PER_MINUTE": "600"}) as instances:
        cookies = session_of(manager_client)
        statuses = _hammer(instances, cookies, "/workspace/", 20)
        logs = "".join(instance.output() for instance in instances)
    assert statuses == [200] * 20
    assert logs.count("refreshed the WebWork token") == 1
    assert WebworkConnection.objects.get(user=manager).status == "ok"


def test_two_instances_share_one_request_budget(manager_client, manager, webwork, tmp_path):
    manager_client.post("/connect/", {"token": webwork.token("owner@acme.test")})
    with start_instances(webwork, tmp_path) as instances:
        cookies = session_of(manager_client)
        # Three times the burst, at once, across both instances, with a fresh cache each time.
        statuses = _hammer(instances, cookies, "/workspace/", 30)
    upstream = [call["status"] for call in webwork.calls()]
    assert 429 not in upstream  # paced before the upstream had to refuse anything
    assert statuses.count(200) >= 10
    assert set(statuses) <= {200, 503}  # the rest were told to wait, by us
