"""``/notifications/``: each user's own settings, checked, audited, the chat URL never shown."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from dashboard.audit.models import AuditEntry
from dashboard.notifications.models import NotificationSettings
from tests.fakes import fail, ok, pages

pytestmark = pytest.mark.django_db

URL = "/notifications/"
HOOK = "https://hooks.chat.example/services/T000/B000/s3cr3tPartOfTheUrlXyZ9"
GOOD = {
    "digest_enabled": "on",
    "digest_hour": "7",
    "time_zone": "Pacific/Auckland",
    "alert_after_hours": "48",
    "chat_url": "",
}


def me_in_webwork(upstream, zone: str | None = "America/Los_Angeles") -> None:
    workspace = {"id": 7, "workspace_name": "Acme Studio", "role": "Owner", "user_id": 100}
    upstream.route("GET", "/workspaces", ok([workspace], pagination=pages(1, 100, 1)))
    member = {"id": 100, "email": "m@x.test", "firstname": "M", "lastname": "Anager"}
    upstream.route("GET", "/members/100", ok(member | {"timezone": zone}))


def test_the_page_offers_the_user_s_webwork_time_zone_first(connected_client, upstream):
    me_in_webwork(upstream)
    page = connected_client.get(URL).content.decode()
    assert '<option value="America/Los_Angeles" selected>' in page
    assert "Mail goes to <strong>manager@example.test</strong>" in page
    assert 'name="digest_hour"' in page and 'name="alert_after_hours"' in page


def test_without_a_zone_from_webwork_the_dashboard_s_own_is_the_default(
    connected_client, upstream, settings
):
    settings.TIME_ZONE = "Europe/Berlin"
    me_in_webwork(upstream, zone=None)
    page = connected_client.get(URL).content.decode()
    assert '<option value="Europe/Berlin" selected>' in page


def test_webwork_down_still_shows_the_page(connected_client, upstream):
    upstream.route("GET", "/workspaces", fail(503, "Down for maintenance"))
    response = connected_client.get(URL)
    assert response.status_code == 200
    assert '<option value="UTC" selected>' in response.content.decode()


def test_a_user_without_a_connection_sees_the_page_and_is_asked_to_connect(manager_client):
    page = manager_client.get(URL).content.decode()
    assert "Connect WebWork to be told what waits" in page
    assert '<option value="UTC" selected>' in page


def test_a_user_without_an_e_mail_is_told_nothing_is_sent(client):
    nobody = User.objects.create_user("nomail", "", "nomail-password")
    client.force_login(nobody)
    page = client.get(URL).content.decode()
    assert "has no e-mail address, so nothing is sent" in page


def test_saving_keeps_the_settings_and_audits_what_changed(manager_client, manager):
    response = manager_client.post(URL, GOOD)
    assert response.status_code == 302 and response["Location"] == URL
    saved = NotificationSettings.objects.get(user=manager)
    assert (saved.digest_enabled, saved.digest_hour, saved.time_zone) == (
        True,
        7,
        "Pacific/Auckland",
    )
    assert saved.alert_after_hours == 48 and not saved.has_chat
    entry = AuditEntry.objects.get(action="notifications.settings")
    assert entry.user == manager and entry.outcome == "ok"
    assert entry.summary == {
        "digest_enabled": True,
        "digest_hour": 7,
        "time_zone": "Pacific/Auckland",
        "alert_after_hours": 48,
    }

    manager_client.post(URL, GOOD | {"alert_after_hours": ""})
    saved.refresh_from_db()
    assert saved.alert_after_hours is None
    latest = AuditEntry.objects.filter(action="notifications.settings").first()
    assert latest is not None and latest.summary == {"alert_after_hours": None}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "Choose a time zone from the list"),
        ("time_zone", "", "This field is required."),
        ("digest_hour", "25", "Choose an hour from 00:00 to 23:00."),
        ("digest_hour", "-1", "Choose an hour from 00:00 to 23:00."),
        ("alert_after_hours", "0", "Alert after 1 to 720 hours, or leave it empty."),
        ("alert_after_hours", "721", "Alert after 1 to 720 hours, or leave it empty."),
        ("alert_after_hours", "two", "Enter a whole number of hours, or leave it empty."),
        ("chat_url", "http://hooks.chat.example/x", "must start with https://"),
        ("chat_url", "https://127.0.0.1/hook", "must be on a public host"),
        ("chat_url", "https://10.0.0.8/hook", "must be on a public host"),
        ("chat_url", "https://localhost/hook", "must be on a public host"),
        ("chat_url", "https://user:pw@hooks.chat.example/x", "no user name in it"),
        ("chat_url", "not a url", "must start with https://"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(
    manager_client, manager, field, value, message
):
    response = manager_client.post(URL, GOOD | {field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert 'aria-invalid="true"' in page
    assert not NotificationSettings.objects.filter(user=manager).exists()
    assert not AuditEntry.objects.filter(action="notifications.settings").exists()


def test_the_chat_url_is_kept_encrypted_and_shown_only_masked(manager_client, manager):
    manager_client.post(URL, GOOD | {"chat_url": HOOK})
    saved = NotificationSettings.objects.get(user=manager)
    assert saved.chat_url == HOOK
    assert "s3cr3t" not in saved.chat_url_encrypted and "s3cr3t" not in saved.chat_url_hint
    page = manager_client.get(URL).content.decode()
    assert "s3cr3t" not in page and "services/T000" not in page
    assert "https://hooks.chat.example/…XyZ9" in page
    assert 'name="chat_url"' in page and f'value="{HOOK}"' not in page
    entries = AuditEntry.objects.filter(action="notifications.settings")
    assert entries.get().summary["chat_webhook"] == "set"
    assert "s3cr3t" not in str(list(entries.values()))
    assert "s3cr3t" not in repr(saved)


def test_an_empty_chat_field_keeps_the_saved_url_and_removing_it_forgets_it(
    manager_client, manager
):
    manager_client.post(URL, GOOD | {"chat_url": HOOK})
    manager_client.post(URL, GOOD | {"digest_hour": "9"})
    saved = NotificationSettings.objects.get(user=manager)
    assert saved.chat_url == HOOK and saved.digest_hour == 9
    manager_client.post(URL, GOOD | {"digest_hour": "9", "remove_chat": "on"})
    saved.refresh_from_db()
    assert not saved.has_chat and saved.chat_url == "" and saved.chat_url_hint == ""
    latest = AuditEntry.objects.filter(action="notifications.settings").first()
    assert latest is not None and latest.summary == {"chat_webhook": "removed"}


def test_saving_nothing_new_writes_no_audit_entry(manager_client):
    manager_client.post(URL, GOOD)
    manager_client.post(URL, GOOD)
    assert AuditEntry.objects.filter(action="notifications.settings").count() == 1


def test_a_user_sees_and_changes_only_their_own_settings(manager_client, manager, outsider):
    theirs = NotificationSettings.objects.create(
        user=outsider, time_zone="Asia/Tokyo", digest_hour=5, digest_enabled=True
    )
    theirs.set_chat_url("https://hooks.chat.example/theirs/AAAA")
    theirs.save()
    page = manager_client.get(URL).content.decode()
    assert 'Asia/Tokyo" selected' not in page and "AAAA" not in page
    manager_client.post(URL, GOOD)
    theirs.refresh_from_db()
    assert theirs.digest_hour == 5 and theirs.time_zone == "Asia/Tokyo"


def test_every_signed_in_user_finds_the_page_in_the_navigation(manager_client):
    page = manager_client.get("/notifications/").content.decode()
    assert '<a href="/notifications/" aria-current="page">Notifications</a>' in page


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
