"""The chase list against the real sandbox: who is listed, what it costs, and reminders that a
real SMTP server receives."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils.html import escape

from dashboard.accounts.connecting import establish
from dashboard.approvals.models import Reminder
from dashboard.audit.models import AuditEntry
from dashboard.outbox import delivery
from dashboard.outbox.models import Message
from dashboard.webwork.oauth import TokenSet
from tests.outbox.conftest import smtp  # noqa: F401  (the real SMTP server fixture)

from .missing_world import OWNER, World, name_of

pytestmark = pytest.mark.django_db

URL = "/approvals/missing/"
FAST = 6000


@pytest.fixture(params=["api", "v2"])
def live(request, settings, sandbox, manager, client):
    sandbox.set_variant(request.param)
    sandbox.set_rate_limit(FAST)
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token(OWNER), "", None, ""))
    client.force_login(manager)
    return sandbox


@pytest.fixture
def world(live):
    found = World(live)
    yield found
    found.close()


def row_ids(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'<tr id="missing-(\d+)"', html)}


def test_the_list_leaves_out_who_submitted_and_who_is_away_all_week(client, world, live):
    away, partly, stays = world.submitted_members(3)
    world.unsubmit(away)
    world.unsubmit(partly)
    world.approved_leave(away, 0, 4)
    world.approved_leave(partly, 1, 2)
    live.clear_calls()
    html = client.get(URL).content.decode()
    assert len(live.calls()) <= 3  # members, the week's sheets, the week's leave
    assert client.get(URL).status_code == 200 and len(live.calls()) <= 3  # then the cache

    members, sheets, seeded_leave = world.members(), world.sheets(), world.on_leave()
    listed = row_ids(html)
    assert partly["id"] in listed and away["id"] not in listed and stays["id"] not in listed
    for member_id in members:
        done = any(s["status"] in ("submitted", "approved") for s in sheets.get(member_id, []))
        if done:
            assert member_id not in listed
        elif member_id not in seeded_leave:
            assert member_id in listed
    row = html.split(f'<tr id="missing-{partly["id"]}"')[1].split("</tr>")[0]
    assert 'data-label="Leave days">2<' in row and "Open" in row
    on_leave = html.split('class="on-leave"')[1].split("</details>")[0]
    assert escape(name_of(away)) in on_leave
    assert f'<strong data-count="missing">{len(listed)}</strong>' in html


def test_who_submits_between_the_list_and_the_reminder_is_not_reminded(client, world, live):
    late, still = world.submitted_members(2)
    world.unsubmit(late)
    world.unsubmit(still)
    html = client.get(URL).content.decode()
    assert {late["id"], still["id"]} <= row_ids(html)
    world.submit(late)  # in WebWork, while the manager looks at the list
    data = {"week": world.week.isoformat(), "member": [str(late["id"]), str(still["id"])]}
    response = client.post(URL + "remind/", data)
    assert response.status_code == 302
    assert list(Message.objects.values_list("recipient", flat=True)) == [still["email"]]
    assert list(Reminder.objects.values_list("member_id", flat=True)) == [still["id"]]
    audited = AuditEntry.objects.filter(action="timesheet.remind")
    assert list(audited.values_list("target_id", flat=True)) == [str(still["id"])]
    page = client.get(response["Location"]).content.decode()
    assert f"Not reminded: <bdi>{escape(name_of(late))}</bdi> (has submitted" in page
    assert late["id"] not in row_ids(page)


def test_reminders_reach_a_real_smtp_server_with_the_link(client, world, live, smtp):  # noqa: F811
    first, second = world.submitted_members(2)
    world.unsubmit(first)
    world.unsubmit(second)
    data = {"week": world.week.isoformat(), "member": [str(first["id"]), str(second["id"])]}
    assert client.post(URL + "remind/", data).status_code == 302
    assert delivery.deliver_due() == 2
    assert sorted(rcpt for _, [rcpt] in smtp.envelopes) == sorted([first["email"], second["email"]])
    for caught in smtp.received:
        body = caught.get_content()
        assert settings.WEBWORK_TIMESHEETS_URL in body
        assert world.week.label in body and world.week.label in caught["Subject"]
        assert caught["X-Outbox-Purpose"] == "reminder"
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
