"""The chase list against a fake WebWork: who is listed, bad input, roles, and the actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dashboard.approvals.chase.weeks import Week, default_week
from dashboard.approvals.models import BulkItem, BulkJob, Reminder
from dashboard.audit.models import AuditEntry
from dashboard.outbox.models import Message
from tests.conftest import HTMX
from tests.fakes import fail

from .conftest import listing

URL = "/approvals/missing/"
WEEK = default_week(timezone.localdate())


def member(member_id: int, first: str, last: str, **extra: Any) -> dict[str, Any]:
    values = {
        "id": member_id,
        "email": f"{first.lower()}@x.test",
        "firstname": first,
        "lastname": last,
        "role": "Regular User",
        "status": "active",
        "team_name": "Design",
    }
    return values | extra


ADA = member(9, "Ada", "Lovelace")
BOB = member(10, "Bob", "Builder", team_name="Engineering")
CARL = member(11, "Carl", "Gauss")
DEE = member(12, "Dee", "Dee")
VIEWER = member(13, "Vic", "Viewer", role="Project viewer")
INVITED = member(14, "Ivy", "Invited", status="inactive")
MEMBERS = [ADA, BOB, CARL, DEE, VIEWER, INVITED]


def week_sheet(sheet_id: str, who: dict[str, Any], status: str, minutes: int = 600) -> dict:
    return {
        "id": sheet_id,
        "user_id": who["id"],
        "date_from": WEEK.monday.isoformat(),
        "date_to": WEEK.sunday.isoformat(),
        "total_minutes": minutes,
        "status": status,
        "reject_reason": "Missing Friday" if status == "rejected" else None,
    }


def approved_leave(leave_id: str, who: dict[str, Any], first: int, last: int) -> dict:
    start, end = WEEK.monday + timedelta(days=first), WEEK.monday + timedelta(days=last)
    return {
        "id": leave_id,
        "user_id": who["id"],
        "policy_id": 31,
        "status": "approved",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "total": {"days": float(last - first + 1), "hours": 8.0 * (last - first + 1)},
    }


SHEETS = [
    week_sheet("ts-ada", ADA, "submitted"),
    week_sheet("ts-bob", BOB, "open", minutes=630),
    week_sheet("ts-carl", CARL, "pending"),
]
LEAVES = [approved_leave("lv-bob", BOB, 1, 2), approved_leave("lv-carl", CARL, 0, 4)]


@pytest.fixture
def chase(upstream):
    upstream.route("GET", "/members", listing(MEMBERS, per_page=100))
    upstream.route("GET", "/timesheets", listing(SHEETS, per_page=100))
    upstream.route("GET", "/leaves", listing(LEAVES, per_page=100))
    return upstream


def test_it_lists_who_has_not_submitted_last_week(connected_client, chase):
    response = connected_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Week of {WEEK.label}" in html
    assert f'name="week" value="{WEEK.isoformat()}"' in html  # the field says which week
    assert 'id="missing-10"' in html and 'id="missing-12"' in html  # open, and no sheet at all
    for left_out in (9, 11, 13, 14):  # submitted, on leave all week, a viewer, not active
        assert f'id="missing-{left_out}"' not in html
    assert '<strong data-count="missing">2</strong>' in html
    assert '<span data-count="on-leave">1</span> on leave all week, not listed' in html
    assert "Carl Gauss" in html.split('class="on-leave"')[1]
    bob = html.split('id="missing-10"')[1].split("</tr>")[0]
    assert ">10:30<" in bob and ">2<" in bob and "Open" in bob
    dee = html.split('id="missing-12"')[1].split("</tr>")[0]
    assert "No timesheet" in dee and "Never" in dee
    sheets = chase.calls("GET", "/timesheets")[0].url.params
    assert (sheets["date_from"], sheets["date_to"]) == (str(WEEK.monday), str(WEEK.sunday))
    leaves = chase.calls("GET", "/leaves")[0].url.params
    assert leaves["status"] == "approved"


def test_it_reads_three_times_then_from_the_cache(connected_client, chase):
    connected_client.get(URL)
    connected_client.get(URL)
    assert len(chase.requests) == 3


def test_it_returns_the_results_partial_for_htmx(connected_client, chase):
    html = connected_client.get(URL, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and "Reminders on a schedule" not in html


def test_a_chosen_week_is_read_and_linked(connected_client, chase):
    week = Week.parse("2026-W10")
    html = connected_client.get(URL, {"week": "2026-W10"}).content.decode()
    sheets = chase.calls("GET", "/timesheets")[0].url.params
    assert (sheets["date_from"], sheets["date_to"]) == (str(week.monday), str(week.sunday))
    assert "?week=2026-W09" in html and "?week=2026-W11" in html


@pytest.mark.parametrize("week", ["2026-W60", "next tuesday", "1899-W01"])
def test_a_bad_week_is_explained_and_last_week_shown(connected_client, chase, week):
    html = connected_client.get(URL, {"week": week}).content.decode()
    assert "Enter a week such as 2026-W48." in html
    assert f"Week of {WEEK.label}" in html


def test_the_team_filter_keeps_that_team(connected_client, chase):
    html = connected_client.get(URL, {"team": "Engineering"}).content.decode()
    assert 'id="missing-10"' in html and 'id="missing-12"' not in html


def test_an_upstream_outage_gets_the_outage_page(connected_client, upstream):
    upstream.route("GET", "/members", fail(503, "Service unavailable"))
    upstream.route("GET", "/timesheets", listing([]))
    upstream.route("GET", "/leaves", listing([]))
    response = connected_client.get(URL)
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


@pytest.fixture
def team_manager(connected):
    connected.workspace_role = "Team manager"
    connected.save()
    return connected


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", URL),
        ("post", URL + "remind/"),
        ("post", URL + "submit/"),
        ("get", URL + "template/"),
        ("post", URL + "schedule/"),
    ],
)
def test_a_role_that_may_not_decide_is_refused_before_anything_is_read(
    connected_client, upstream, team_manager, method, path
):
    data = {"week": WEEK.isoformat(), "member": ["10"], "subject": "x", "body": "y"}
    response = getattr(connected_client, method)(path, data)
    assert response.status_code == 403
    assert "Owner or Executive manager" in response.content.decode()
    assert not upstream.requests and not Message.objects.exists()


def remind(client, *members: str, week: str = WEEK.isoformat(), **extra: Any):
    return client.post(URL + "remind/", {"week": week, "member": list(members), **extra})


def test_reminding_reads_the_sheets_fresh_and_skips_who_submitted_meanwhile(
    connected_client, chase
):
    connected_client.get(URL)  # the list, as the manager saw it
    submitted = [week_sheet("ts-bob", BOB, "submitted"), *SHEETS[::2]]
    chase.route("GET", "/timesheets", listing(submitted, per_page=100))
    response = remind(connected_client, "10", "12")
    assert response.status_code == 302
    assert len(chase.calls("GET", "/timesheets")) == 2  # the second one past the cache
    assert list(Message.objects.values_list("recipient", "purpose")) == [("dee@x.test", "reminder")]
    message = Message.objects.get()
    assert message.key == f"reminder:7:12:{WEEK.monday}:1"
    assert "Dee" in message.text and WEEK.label in message.text
    entry = AuditEntry.objects.get(action="timesheet.remind")
    assert (entry.target_type, entry.target_id, entry.target_label) == ("member", "12", "Dee Dee")
    page = connected_client.get(response["Location"]).content.decode()
    assert "Reminded 1 member about" in page and "<bdi>Dee Dee</bdi>" in page
    assert "Not reminded: <bdi>Bob Builder</bdi> (has submitted the week" in page


def test_a_second_reminder_is_numbered_and_shown(connected_client, chase):
    remind(connected_client, "12")
    remind(connected_client, "12")
    assert list(Reminder.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert Message.objects.filter(key__endswith=":2").count() == 1
    row = connected_client.get(URL).content.decode().split('id="missing-12"')[1]
    assert "by manager, 2 times" in row.split("</tr>")[0]


def test_nobody_on_leave_all_week_is_reminded(connected_client, chase):
    remind(connected_client, "11")
    assert not Message.objects.exists() and not Reminder.objects.exists()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"member": ["999"]}, "“999” is not an active member of this workspace; nothing was sent."),
        ({"member": ["13"]}, "“13” is not an active member"),  # a viewer
        ({"member": ["ten"]}, "“ten” is not an active member"),
        ({"member": []}, "Select at least one member."),
        ({"member": ["10"], "week": "2026-W99"}, "Enter a week such as 2026-W48."),
        ({"member": ["10"], "week": ""}, "This field is required."),
    ],
)
def test_bad_input_sends_nothing(connected_client, chase, data, said):
    response = connected_client.post(URL + "remind/", {"week": WEEK.isoformat(), **data})
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not Message.objects.exists() and not Reminder.objects.exists()
    assert not AuditEntry.objects.exists()


def test_one_unknown_id_among_good_ones_sends_nothing(connected_client, chase):
    response = remind(connected_client, "10", "999")
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_submitting_on_their_behalf_makes_a_job_of_the_sheets_there_are(connected_client, chase):
    rejected = [*SHEETS, week_sheet("ts-dee", DEE, "rejected")]
    chase.route("GET", "/timesheets", listing(rejected, per_page=100))
    chase.route("GET", "/members", listing([*MEMBERS, member(15, "Eve", "Empty")], per_page=100))
    response = connected_client.post(
        URL + "submit/", {"week": WEEK.isoformat(), "member": ["10", "12", "15"]}
    )
    job = BulkJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/approvals/jobs/{job.pk}/"
    assert job.action == "submit" and job.workspace_id == 7
    items = list(job.items.values_list("target_id", "label_from_request"))
    assert items == [("ts-bob", False), ("ts-dee", False)]
    assert "Bob Builder" in BulkItem.objects.get(target_id="ts-bob").label
    page = connected_client.get(response["Location"]).content.decode()
    assert "Submit in bulk" in page
    assert "Not submitted: <bdi>Eve Empty</bdi>: WebWork has no timesheet of theirs" in page


def test_submitting_for_nobody_who_can_be_goes_back_to_the_list(connected_client, chase):
    response = connected_client.post(URL + "submit/", {"week": WEEK.isoformat(), "member": ["12"]})
    assert response.status_code == 302 and response["Location"].startswith(URL)
    assert not BulkJob.objects.exists()


TEMPLATE = URL + "template/"


def test_the_template_page_previews_the_default_words(connected_client):
    html = connected_client.get(TEMPLATE).content.decode()
    assert "Your timesheet for" in html and "Hello Ada," in html
    assert "{first_name}" in html


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("Hi {nmae}", "Unknown placeholder {nmae}. The placeholders are {name}, {first_name}"),
        ("{name.__class__}", "Unknown placeholder {name.__class__}."),
        ("{hours:.2f} hours", "Placeholders take no format: write {hours} alone."),
        ("{name!r}", "Placeholders take no format"),
        ("Hi {name", "is not closed. Write {{ or }} for a brace of its own."),
        ("{}", "Unknown placeholder {}."),
        ("   ", "This field is required."),
    ],
)
def test_the_template_refuses_what_it_cannot_fill(connected_client, body, said):
    response = connected_client.post(TEMPLATE, {"subject": "Timesheet", "body": body})
    assert response.status_code == 400
    assert said in response.content.decode().replace("&#x27;", "'")
    assert not AuditEntry.objects.exists()


def test_saved_words_are_used_and_audited(connected_client, chase):
    words = {"subject": "Week {week}: {hours} h", "body": "Dear {name}, {{braces}} {link}"}
    response = connected_client.post(TEMPLATE, words)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="reminder_template.update")
    assert entry.target_id == "7" and entry.summary["subject"] == words["subject"]
    remind(connected_client, "10")
    message = Message.objects.get()
    assert message.subject == f"Week {WEEK.label}: 10.5 h"
    assert message.text == "Dear Bob Builder, {braces} https://webwork-tracker.com/"


SCHEDULE = URL + "schedule/"


def test_a_schedule_is_saved_for_this_user_and_audited(connected_client, manager, chase):
    data = {"enabled": "on", "weekday": "0", "at": "10:00", "time_zone": "Europe/Berlin"}
    response = connected_client.post(SCHEDULE, data | {"which_week": "previous", "next": URL})
    assert response.status_code == 302 and response["Location"] == URL
    entry = AuditEntry.objects.get(action="reminder_schedule.update")
    assert entry.summary["time_zone"] == "Europe/Berlin" and entry.summary["at"] == "10:00:00"
    html = connected_client.get(URL).content.decode()
    assert "Every Monday at 10:00 (<bdi>Europe/Berlin</bdi>)" in html
    assert "connection of <bdi>manager</bdi>" in html


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"at": "25:00"}, "Enter a valid time."),
        ({"weekday": "7"}, "Select a valid choice."),
    ],
)
def test_a_bad_schedule_is_explained(connected_client, change, said):
    data = {"enabled": "on", "weekday": "0", "at": "10:00", "time_zone": "UTC"}
    response = connected_client.post(SCHEDULE, data | {"which_week": "previous"} | change)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_the_navigation_offers_the_chase_list_only_to_roles_that_may_decide(
    connected_client, upstream, connected
):
    from django.urls import reverse

    link = f'href="{reverse("approvals:missing")}"'
    assert link in connected_client.get("/audit/").content.decode()
    connected.workspace_role = "Team manager"
    connected.save()
    assert link not in connected_client.get("/audit/").content.decode()
