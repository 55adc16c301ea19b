"""Against the sandbox with injected faults: a list page whose cache has run out shows its last
good data with a banner when WebWork times out, fails or refuses, within the page's deadline;
without a copy it shows the error, as before. (The sandbox logs a timed-out call only when its
delay is over, so that a page tries it once is asserted against the hostile server instead.)"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from dashboard.accounts.connecting import establish
from dashboard.webwork.oauth import TokenSet
from tests.conftest import HTMX

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sandbox]

VIEWERS = "/api/v2/project-viewers"
BANNER = "Showing WebWork&#x27;s data as of"


@pytest.fixture
def owner(settings, sandbox, manager, client):
    """The manager, connected to the sandbox as the owner of Acme Studio."""
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    settings.WEBWORK_PAGE_DEADLINE = 1.5  # a timed-out read ends the page sooner than 4 s
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    client.force_login(manager)
    sandbox.clear_calls()
    return client


@pytest.fixture
def later(monkeypatch) -> Callable[[float], None]:
    """Move the cache's clock on by some seconds: its entries expire as they would by then."""
    import django.core.cache.backends.base as base
    import django.core.cache.backends.locmem as locmem

    offset = [0.0]

    class Shifted:
        @staticmethod
        def time() -> float:
            return time.time() + offset[0]

    monkeypatch.setattr(locmem, "time", Shifted)
    monkeypatch.setattr(base, "time", Shifted)
    return lambda seconds: offset.__setitem__(0, offset[0] + seconds)


def calls(sandbox, path: str) -> list[dict]:
    return [c for c in sandbox.calls() if c["path"] == path]


def test_a_list_whose_webwork_times_out_shows_its_last_good_data_with_a_banner(
    owner, sandbox, later
):
    first = owner.get("/viewers/")
    assert first.status_code == 200 and "Clara Client" in first.content.decode()
    assert BANNER not in first.content.decode()
    later(301)  # the list and its projects have both run out
    sandbox.set_faults({"kind": "timeout", "after_ms": 30000, "then": "drop", "path": "viewers"})
    sandbox.clear_calls()

    page = owner.get("/viewers/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Clara Client" in text  # the list as WebWork last gave it
    assert BANNER in text and "WebWork is not answering right now." in text
    assert len(calls(sandbox, "/api/v2/projects")) == 1  # what answered is fresh

    partial = owner.get("/viewers/", headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<section id="results"')
    assert BANNER in partial and "Clara Client" in partial


def test_a_list_whose_webwork_fails_shows_its_last_good_data(owner, sandbox, later):
    owner.get("/viewers/")
    later(301)
    sandbox.set_faults({"kind": "error", "status": 503, "path": "viewers"})
    sandbox.clear_calls()
    page = owner.get("/viewers/")
    assert page.status_code == 200 and BANNER in page.content.decode()
    assert [c["status"] for c in calls(sandbox, VIEWERS)] == [503]  # not tried again


def test_a_list_webwork_refuses_for_now_says_when_fresh_data_comes(owner, sandbox, later):
    owner.get("/viewers/")
    later(301)
    sandbox.set_faults({"kind": "rate_limit", "retry_after": 30, "path": "viewers"})
    page = owner.get("/viewers/").content.decode()
    assert BANNER in page
    assert "used up for the moment. Fresh data in about 30 seconds" in page


def test_without_last_good_data_a_timeout_is_the_error_as_before(owner, sandbox):
    sandbox.set_faults({"kind": "timeout", "after_ms": 30000, "then": "drop", "path": "viewers"})
    started = time.monotonic()
    page = owner.get("/viewers/")
    assert page.status_code == 503
    assert "WebWork did not answer in time." in page.content.decode()
    assert time.monotonic() - started < 10  # the page's deadline, not the fault's 30 s
