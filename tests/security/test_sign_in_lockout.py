"""Sign-in is throttled by account and by address; a lockout is explained and audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from dashboard.audit.models import AuditEntry

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def _sign_in(client, username, password, address="192.0.2.10", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, manager):
    for _ in range(40):
        _sign_in(client, "manager", "wrong")
    response = _sign_in(client, "manager", "manager-password")
    assert response.status_code == 429
    assert not _signed_in(client)
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "15 minutes" in page
    assert 'name="username"' in page  # still the sign-in page, not a bare error


def test_fewer_failures_than_the_limit_do_not_lock(client, manager):
    for _ in range(2):
        assert _sign_in(client, "manager", "wrong").status_code == 200
    response = _sign_in(client, "manager", "manager-password")
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_account_is_locked_whatever_address_the_attempts_come_from(client, manager):
    for n in range(3):
        _sign_in(client, "manager", "wrong", address=f"198.51.100.{n}")
    response = _sign_in(client, "manager", "manager-password", address="203.0.113.5")
    assert response.status_code == 429
    assert not _signed_in(client)


def test_an_address_is_locked_whatever_accounts_it_tries(client, manager, outsider):
    for name in ("ada", "grace", "linus"):
        _sign_in(client, name, "guess", address="192.0.2.66")
    response = _sign_in(client, "outsider", "outsider-password", address="192.0.2.66")
    assert response.status_code == 429
    assert not _signed_in(client)
    other = _sign_in(client, "outsider", "outsider-password", address="192.0.2.67")
    assert other.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, manager):
    for _ in range(3):
        _sign_in(client, "manager", "wrong")
    assert _sign_in(client, "manager", "manager-password").status_code == 429
    earlier = AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=earlier)
    response = _sign_in(client, "manager", "manager-password")
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_lockout_is_audited_once_without_the_password(client, manager):
    for _ in range(6):
        _sign_in(client, "manager", "s3cret-guess")
    entry = AuditEntry.objects.get(action="sign_in.locked_out")
    assert entry.outcome == "failed"
    assert (entry.target_type, entry.target_label) == ("account", "manager")
    assert entry.summary["address"] == "192.0.2.10"
    assert "15 minutes" in entry.upstream_message
    assert "s3cret-guess" not in str(entry.summary) + entry.upstream_message


def test_the_address_behind_a_trusted_proxy_is_the_one_it_forwarded(client, settings, manager):
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(username, password, forwarded):
        return _sign_in(client, username, password, "10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(3):
        via_proxy(f"guess{n}", "x", f"spoofed-{n}, 203.0.113.7")
    assert via_proxy("manager", "manager-password", "203.0.113.7").status_code == 429
    assert via_proxy("manager", "manager-password", "203.0.113.8").status_code == 302
