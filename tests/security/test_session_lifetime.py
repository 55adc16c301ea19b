"""Sessions end after an idle spell and after an absolute lifetime, both from the environment."""

from __future__ import annotations

import pytest

from dashboard.accounts.sessions import SEEN, STARTED
from tests.conftest import HTMX

MINUTE = 60


def _age(client, key: str, seconds: float) -> None:
    """Make the session look as if ``key`` happened ``seconds`` earlier than it did."""
    session = client.session
    session[key] -= seconds
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_signing_in_starts_a_session_that_lives_hours_not_weeks(client, manager):
    response = client.post(
        "/accounts/login/", {"username": "manager", "password": "manager-password"}
    )
    cookie = response.cookies["dashboard_sessionid"]
    assert cookie["max-age"] == 12 * 60 * MINUTE
    assert client.session[STARTED] == client.session[SEEN]


def test_an_active_session_goes_on(manager_client):
    _age(manager_client, SEEN, 29 * MINUTE)
    before = manager_client.session[SEEN]
    assert manager_client.get("/audit/").status_code == 200
    assert manager_client.session[SEEN] > before  # the activity counts
    assert _signed_in(manager_client)


def test_an_idle_session_ends_and_sends_the_user_to_sign_in_with_next(manager_client):
    _age(manager_client, SEEN, 31 * MINUTE)
    response = manager_client.get("/audit/?outcome=failed")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/%3Foutcome%3Dfailed"
    assert not _signed_in(manager_client)
    page = manager_client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity." in page


def test_a_session_ends_at_its_absolute_lifetime_however_active(manager_client):
    _age(manager_client, STARTED, 12 * 60 * MINUTE + MINUTE)
    response = manager_client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/audit/")
    assert not _signed_in(manager_client)


def test_an_expired_htmx_request_gets_a_client_redirect_to_its_page(manager_client):
    _age(manager_client, SEEN, 31 * MINUTE)
    headers = {**HTMX, "HX-Current-URL": "http://testserver/audit/?outcome=ok"}
    response = manager_client.get("/audit/?outcome=failed", headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/audit/%3Foutcome%3Dok"
    assert not _signed_in(manager_client)


def test_an_htmx_request_without_a_session_gets_a_client_redirect(client):
    response = client.get("/audit/", headers={**HTMX, "HX-Current-URL": "http://testserver/"})
    assert response["HX-Redirect"] == "/accounts/login/?next=/"


@pytest.mark.parametrize(("idle", "expired"), [(9, False), (11, True)])
def test_the_idle_timeout_follows_the_setting(manager_client, settings, idle, expired):
    settings.SESSION_IDLE_TIMEOUT = 10 * MINUTE
    _age(manager_client, SEEN, idle * MINUTE)
    assert (manager_client.get("/audit/").status_code == 302) is expired
