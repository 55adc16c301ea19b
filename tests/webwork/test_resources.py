"""Every upstream operation: its method, path, query and body."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.resources.query import Paging
from tests.fakes import body_of, ok
from tests.webwork.conftest import WORKSPACE

Call = Callable[[WebworkClient], Any]
WS = {"workspace_id": str(WORKSPACE)}
LIST = {"page": "1", "per_page": "20"}
ALL = {"page": "1", "per_page": "100"}
MEMBER = {"id": 9, "email": "m@x.test", "firstname": "M", "lastname": "X", "status": "active"}
PROJECT = {"id": 100, "name": "Website"}
VIEWER = {"id": 31, "email": "v@x.test", "firstname": "V", "lastname": "X"}
CONTRACT = {"id": 5, "project_id": 100, "user_id": 9, "status": "active"}
REQUEST = {"id": "tr1", "status": "pending"}
HOOK = {"id": "wh1", "url": "https://example.test/hook", "events": ["tracker.started"]}
START = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
END = datetime(2025, 1, 15, 17, 0, tzinfo=UTC)

READS: list[tuple[str, Call, str, dict[str, str], Any]] = [
    (
        "members.list",
        lambda w: w.members.list(role="Owner", status="active"),
        "/members",
        {**LIST, "role": "Owner", "status": "active"},
        [MEMBER],
    ),
    ("members.all", lambda w: w.members.all(), "/members", ALL, [MEMBER]),
    ("members.get", lambda w: w.members.get(9), "/members/9", {}, MEMBER),
    (
        "projects.list",
        lambda w: w.projects.list(name="Web"),
        "/projects",
        {**LIST, "name": "Web"},
        [PROJECT],
    ),
    ("projects.get", lambda w: w.projects.get(100), "/projects/100", {}, PROJECT),
    ("viewers.all", lambda w: w.viewers.all(), "/project-viewers", ALL, [VIEWER]),
    ("viewers.get", lambda w: w.viewers.get(31), "/project-viewers/31", {}, VIEWER),
    (
        "contracts.list",
        lambda w: w.contracts.list(project_id=100, user_id=9, status="active", paging=Paging(3)),
        "/contracts",
        {"project_id": "100", "user_id": "9", "status": "active", "page": "3", "per_page": "20"},
        [CONTRACT],
    ),
    (
        "contracts.all",
        lambda w: w.contracts.all(project_id=100),
        "/contracts",
        {**ALL, "project_id": "100"},
        [CONTRACT],
    ),
    ("contracts.get", lambda w: w.contracts.get(5), "/contracts/5", {}, CONTRACT),
    (
        "timesheets.list",
        lambda w: w.timesheets.list(
            status="submitted",
            date_from=date(2025, 1, 1),
            date_to=date(2025, 1, 31),
            user_id=9,
            paging=Paging(per_page=100),
        ),
        "/timesheets",
        {
            "status": "submitted",
            "date_from": "2025-01-01",
            "date_to": "2025-01-31",
            "user_id": "9",
            "page": "1",
            "per_page": "100",
        },
        [{"id": "ts1", "status": "submitted"}],
    ),
    (
        "time_requests.list",
        lambda w: w.time_requests.list(
            status="pending", date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), project_id=100
        ),
        "/time-requests",
        {
            **LIST,
            "status": "pending",
            "date_from": "2025-01-01",
            "date_to": "2025-01-31",
            "project_id": "100",
        },
        [REQUEST],
    ),
    ("time_requests.get", lambda w: w.time_requests.get("tr1"), "/time-requests/tr1", {}, REQUEST),
    (
        "leaves.list",
        lambda w: w.leaves.list(
            status="pending",
            user_id=9,
            policy_id=3,
            is_paid=True,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 2, 1),
        ),
        "/leaves",
        {
            **LIST,
            "status": "pending",
            "user_id": "9",
            "policy_id": "3",
            "is_paid": "yes",
            "date_from": "2025-01-01",
            "date_to": "2025-02-01",
        },
        [{"id": "l1", "status": "pending"}],
    ),
    (
        "leaves.balances",
        lambda w: w.leaves.balances(date(2025, 1, 1), date(2025, 12, 31)),
        "/leaves/balances",
        {"date_from": "2025-01-01", "date_to": "2025-12-31", "page": "1"},
        [{"user_id": 9, "user_name": "M X"}],
    ),
    (
        "leaves.policies",
        lambda w: w.leaves.policies(),
        "/leaves/policies",
        ALL,
        [{"id": 3, "name": "Vacation"}],
    ),
    ("webhooks.list", lambda w: w.webhooks.list(), "/webhooks", LIST, [HOOK]),
    ("webhooks.get", lambda w: w.webhooks.get("wh1"), "/webhooks/wh1", {}, HOOK),
    (
        "reports.daily_timeline",
        lambda w: w.reports.daily_timeline(date(2025, 1, 2), user_ids=[1, 2]),
        "/reports/daily-timeline",
        {"date": "2025-01-02", "user_ids": "1,2", "page": "1", "per_page": "100"},
        [],
    ),
    (
        "reports.activity_descriptions",
        lambda w: w.reports.activity_descriptions(date(2025, 1, 1), date(2025, 1, 2), users=[1]),
        "/reports/activity-descriptions",
        {
            "start_date": "2025-01-01",
            "end_date": "2025-01-02",
            "users": "1",
            "page": "1",
            "per_page": "100",
        },
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "path", "params", "data"), READS, ids=[r[0] for r in READS]
)
def test_each_read_asks_for_the_right_thing(webwork, upstream, name, call, path, params, data):
    upstream.route("GET", path, ok(data))
    result = call(webwork)
    assert dict(upstream.last.url.params) == {**WS, **params}
    assert result is not None


WRITES: list[tuple[str, Call, str, str, dict[str, Any], Any]] = [
    (
        "viewers.restore",
        lambda w: w.viewers.restore(31),
        "POST",
        "/project-viewers/31/restore",
        {},
        None,
    ),
    (
        "contracts.create",
        lambda w: (
            w.contracts.create(project_id=100, user_id=9, weekly_hours_limit=40, rate=25.5).item
        ),
        "POST",
        "/contracts",
        {"project_id": 100, "user_id": 9, "weekly_hours_limit": 40, "rate": 25.5},
        CONTRACT,
    ),
    (
        "contracts.update",
        lambda w: w.contracts.update(5, weekly_hours_limit=20).item,
        "PUT",
        "/contracts/5",
        {"weekly_hours_limit": 20},
        CONTRACT,
    ),
    (
        "contracts.update to pause",
        lambda w: w.contracts.update(5, status="paused").message,
        "PUT",
        "/contracts/5",
        {"status": "paused"},
        None,
    ),
    (
        "contracts.update to resume",
        lambda w: w.contracts.update(5, status="active").message,
        "PUT",
        "/contracts/5",
        {"status": "active"},
        None,
    ),
    (
        "timesheets.reject",
        lambda w: w.timesheets.reject("ts1", "Too many hours"),
        "PUT",
        "/timesheets/ts1/reject",
        {"reason": "Too many hours"},
        None,
    ),
    (
        "timesheets.submit",
        lambda w: w.timesheets.submit("ts1"),
        "PUT",
        "/timesheets/ts1/submit",
        {},
        None,
    ),
    (
        "timesheets.unsubmit",
        lambda w: w.timesheets.unsubmit("ts1"),
        "PUT",
        "/timesheets/ts1/unsubmit",
        {},
        None,
    ),
    (
        "time_requests.create",
        lambda w: w.time_requests.create(
            user_id=9, start=START, end=END, contract_id=5, notes="Workshop"
        ),
        "POST",
        "/time-requests",
        {
            "user_id": 9,
            "start": "2025-01-15T09:00:00+00:00",
            "end": "2025-01-15T17:00:00+00:00",
            "contract_id": 5,
            "notes": "Workshop",
            "activity_description": "Workshop",
        },
        REQUEST,
    ),
    (
        "time_requests.approve",
        lambda w: w.time_requests.approve("tr1"),
        "POST",
        "/time-requests/tr1/approve",
        {},
        None,
    ),
    (
        "time_requests.reject",
        lambda w: w.time_requests.reject("tr1", "Duplicate"),
        "POST",
        "/time-requests/tr1/reject",
        {"comment": "Duplicate"},
        None,
    ),
    ("leaves.approve", lambda w: w.leaves.approve("l1"), "PUT", "/leaves/l1/approve", {}, None),
    (
        "leaves.reject",
        lambda w: w.leaves.reject("l1", "Busy week"),
        "PUT",
        "/leaves/l1/reject",
        {"reason": "Busy week"},
        None,
    ),
    (
        "webhooks.create",
        lambda w: w.webhooks.create(url="https://example.test/hook", events=["tracker.started"]),
        "POST",
        "/webhooks",
        {"url": "https://example.test/hook", "events": ["tracker.started"]},
        {**HOOK, "token": "whsec_1"},
    ),
    (
        "webhooks.update",
        lambda w: w.webhooks.update("wh1", url="https://example.test/new"),
        "PUT",
        "/webhooks/wh1",
        {"url": "https://example.test/new"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "method", "path", "body", "data"), WRITES, ids=[w[0] for w in WRITES]
)
def test_each_write_sends_the_right_body(webwork, upstream, name, call, method, path, body, data):
    upstream.route(method, path, ok(data, message="Done"))
    result = call(webwork)
    assert dict(upstream.last.url.params) == WS
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE, **body}
    if data is None:  # an action answers WebWork's message; an update may answer nothing
        assert result == (None if name == "webhooks.update" else "Done")
    else:
        assert str(result.id) == str(data["id"])


def test_a_contract_update_without_data_answers_none(webwork, upstream):
    upstream.route("PUT", "/contracts/5", ok(None, message="Contract retrieved successfully"))
    assert webwork.contracts.update(5, status="paused").item is None


def test_a_webhook_create_returns_its_secret_once(webwork, upstream):
    upstream.route("POST", "/webhooks", ok({**HOOK, "token": "whsec_1"}))
    hook = webwork.webhooks.create(url=HOOK["url"], events=HOOK["events"])
    assert (hook.id, hook.secret, hook.events) == ("wh1", "whsec_1", ("tracker.started",))


@pytest.mark.parametrize(
    "call",
    [
        lambda w: w.timesheets.reject("ts1", "  "),
        lambda w: w.leaves.reject("l1", ""),
        lambda w: w.time_requests.reject("tr1", "\n"),
    ],
)
def test_a_rejection_without_a_reason_is_refused_before_any_call(webwork, call):
    with pytest.raises(WebworkInvalid) as caught:
        call(webwork)
    assert caught.value.field_errors
