"""Every list page and the inbox wait on WebWork once: against the real sandbox and its seed, from
a cold cache, each sends all its reads in one concurrent round."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from dashboard.accounts.connecting import establish
from dashboard.accounts.models import WebworkConnection
from dashboard.webwork.oauth import TokenSet
from dashboard.webwork.transport.cache import ResponseCache

from .rounds import counted

pytestmark = pytest.mark.django_db

FAST = 6000  # requests a minute: about rounds, not pacing
PAGES = [
    "/",
    "/approvals/timesheets/",
    "/approvals/timesheets/?sort=-period&status=all",
    "/approvals/time-requests/",
    "/viewers/",
    "/viewers/access/",
    "/assignments/",
    "/members/",
    "/projects/",
    "/expenses/",
]


@pytest.fixture
def live(client, manager, sandbox, settings):
    sandbox.set_rate_limit(FAST)
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    client.force_login(manager)
    return client


@pytest.fixture
def rounds(monkeypatch):
    return counted(monkeypatch)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_waits_on_webwork_once(live, rounds, path):
    cache.clear()
    rounds.start()
    assert live.get(path).status_code == 200
    assert rounds.count == 1, rounds.sent


def test_leave_is_one_round_and_then_asks_for_as_many_pages_of_balances_as_there_are(live, rounds):
    """The seed's balances fill two pages: the first visit ever asks for three at once (the
    third comes back empty) and learns so; later visits ask for two."""
    assert live.get("/approvals/leaves/").status_code == 200
    assert rounds.count == 1
    assert rounds.in_round(1).count("GET /api/v2/leaves/balances") == 3
    connection = WebworkConnection.objects.get()
    ResponseCache(connection.budget_key, connection.workspace_id).invalidate(
        "leaves", "members", "leave_policies"
    )
    rounds.start()
    html = live.get("/approvals/leaves/").content.decode()
    assert rounds.count == 1
    assert rounds.in_round(1).count("GET /api/v2/leaves/balances") == 2
    assert "Balance" in html
