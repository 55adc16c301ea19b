from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dashboard.webwork.records import (
    Contract,
    Leave,
    LeaveBalance,
    LeavePolicy,
    Member,
    Project,
    TimeRequest,
    Timesheet,
    TimesheetDay,
    Webhook,
    Workspace,
)
from dashboard.webwork.records.parsing import Malformed, parse_date, parse_datetime
from tests.fakes import body_of, ok
from tests.webwork.conftest import WORKSPACE

HOSTILE = [
    "<script>alert('x')</script>",
    "Robert'); DROP TABLE members;--",
    "{{ request.user }} {% csrf_token %}",
    "Zoë 🎉 \u202eevil\u202c  ",
    "\\x00 ${jndi:ldap://x} %s %(token)s",
]


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00+00:00",
        "2024-01-15T10:30:00.000000Z",
        "2024-01-15 10:30:00",
        "2024-01-15T10:30:00.123456789Z",
    ],
)
def test_it_reads_every_documented_datetime_format(text):
    parsed = parse_datetime(text)
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed.replace(microsecond=0) == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)


def test_dates_come_from_dates_or_datetimes_and_nonsense_is_none():
    assert parse_date("2024-01-15") == date(2024, 1, 15)
    assert parse_date("2024-01-15T23:00:00Z") == date(2024, 1, 15)
    assert parse_date("Jan 15, 2024") is None
    assert parse_datetime("yesterday") is None
    assert parse_datetime(12) is None


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("open", "pending"),
        ("pending", "pending"),
        ("submitted", "submitted"),
        ("approved", "approved"),
    ],
)
def test_open_and_pending_timesheets_both_mean_not_submitted(raw, status):
    sheet = Timesheet.from_json({"id": "ts", "status": raw})
    assert (sheet.status, sheet.raw_status) == (status, raw)


def test_a_restricted_variant_timesheet_counts_hours_as_minutes():
    sheet = Timesheet.from_json(
        {
            "id": "a1b2",
            "user_id": 100,
            "total_hours": 80.5,
            "date_from": "2024-01-01",
            "date_to": "2024-01-15",
            "submitted_on": "2024-01-15T10:30:00Z",
            "status": "submitted",
        }
    )
    assert sheet.minutes == 4830
    assert (sheet.date_from, sheet.date_to) == (date(2024, 1, 1), date(2024, 1, 15))
    assert sheet.is_submitted and sheet.days == () and sheet.amounts == {}


def test_an_oauth_variant_timesheet_keeps_its_daily_breakdown_and_amounts():
    sheet = Timesheet.from_json(
        {
            "id": "abc123xyz",
            "user_id": 100,
            "member": {"firstname": "Jo", "lastname": "Doe"},
            "total_minutes": 125,
            "total_hours": 99,
            "total_amount": 50.25,
            "status": "pending",
            "daily_breakdown": {
                "2024-01-02": [
                    {
                        "project_id": 7,
                        "project_name": "Web",
                        "contract_id": 3,
                        "total_minutes": 60,
                        "total_amount": {"EUR": 20},
                    }
                ],
                "2024-01-01": [{"project_id": 7, "project_name": "Web", "total_minutes": 65}],
            },
        }
    )
    assert sheet.minutes == 125  # total_minutes wins over total_hours
    assert sheet.member_name == "Jo Doe"
    assert sheet.amounts == {"": 50.25}
    assert sheet.days == (
        TimesheetDay(date(2024, 1, 1), 7, "Web", None, 65, {}),
        TimesheetDay(date(2024, 1, 2), 7, "Web", 3, 60, {"EUR": 20.0}),
    )


def test_opaque_ids_stay_strings_and_integer_ids_become_ints():
    assert TimeRequest.from_json({"id": 42, "status": "pending"}).id == "42"
    assert Leave.from_json({"id": "a1b2c3d4-e5f6", "status": "pending"}).id == "a1b2c3d4-e5f6"
    assert Member.from_json({"id": "100", "email": "m@x"}).id == 100
    with pytest.raises(Malformed):
        Project.from_json({"name": "no id"})
    with pytest.raises(Malformed):
        Webhook.from_json({"id": None})


def test_a_contract_has_a_rate_only_when_webwork_shows_one():
    plain = Contract.from_json({"id": 1, "project_id": 2, "user_id": 3, "status": "paused"})
    assert (plain.rate, plain.currency, plain.is_paused) == (None, None, True)
    paid = Contract.from_json(
        {
            "id": 1,
            "project_id": 2,
            "user_id": 3,
            "status": "active",
            "rate": "50",
            "currency": "USD",
            "user_firstname": "Ann",
            "user_lastname": "Lee",
            "weekly_hours_limit": 40,
        }
    )
    assert (paid.rate, paid.currency, paid.user_name, paid.weekly_hours_limit) == (
        50.0,
        "USD",
        "Ann Lee",
        40,
    )


def test_time_requests_read_either_memo_and_the_minimal_create_answer():
    assert TimeRequest.from_json({"id": "r", "status": "approved"}).start is None
    v2 = TimeRequest.from_json(
        {
            "id": "r",
            "status": "pending",
            "notes": "Fixing",
            "start": "2024-01-15T09:00:00Z",
            "end": "2024-01-15T17:00:00Z",
        }
    )
    api = TimeRequest.from_json({"id": "r", "status": "pending", "activity_description": "Doc"})
    assert (v2.notes, v2.minutes, api.notes) == ("Fixing", 480, "Doc")


def test_leaves_read_yes_no_and_v1_totals():
    leave = Leave.from_json(
        {
            "id": "l",
            "status": "pending",
            "is_paid": "no",
            "start_date": "2024-02-01",
            "end_date": "2024-02-02",
            "total": {"days": "2", "hours": 16},
        }
    )
    assert (leave.is_paid, leave.days, leave.hours) == (False, 2.0, 16.0)
    assert leave.start_date == date(2024, 2, 1)


def test_leave_policies_and_balances_keep_what_is_not_documented():
    policy = LeavePolicy.from_json({"id": 3, "name": "Vacation", "is_paid": True, "accrual": 2})
    assert policy.extra == {"accrual": 2}
    balance = LeaveBalance.from_json(
        {
            "user_id": 1,
            "user_name": "Jo",
            "leave_information": [{"leave_type": "Vacation", "balance": "10 days"}],
        }
    )
    assert balance.balances == (("Vacation", "10 days"),)


def test_a_webhook_secret_is_kept_but_never_shown():
    hook = Webhook.from_json(
        {"id": "wh", "url": "https://x.test", "events": ["tracker.started"], "token": "whsec_123"}
    )
    assert hook.secret == "whsec_123"
    assert "whsec_123" not in repr(hook)


def test_workspaces_read_the_space_separated_activation_time():
    ws = Workspace.from_json(
        {
            "id": 1,
            "workspace_name": "Acme",
            "role": "Owner",
            "status": "active",
            "activated_at": "2025-02-19 19:24:55",
        }
    )
    assert ws.activated_at == datetime(2025, 2, 19, 19, 24, 55, tzinfo=UTC)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_survive_parsing_unchanged(webwork, upstream, text):
    viewer = {
        "id": 1,
        "email": text,
        "firstname": text,
        "lastname": text,
        "projects": [{"project_id": 2, "project_name": text}],
    }
    upstream.route("GET", "/project-viewers", ok([viewer]))
    upstream.route("PUT", "/timesheets/t/reject", ok(message=text))
    [parsed] = webwork.viewers.list()
    assert (parsed.email, parsed.firstname, parsed.lastname) == (text, text, text)
    assert parsed.projects[0].project_name == text
    assert webwork.timesheets.reject("t", reason=text) == text
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE, "reason": text}
