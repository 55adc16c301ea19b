"""Every approvals view that takes ``next`` sends the user only to a path of this site."""

from __future__ import annotations

import re

import pytest

from dashboard.approvals.models import BulkJob
from tests.conftest import HTMX
from tests.fakes import ok

from .conftest import BALANCES, leave, listing, sheet, time_request

EVIL = ["//evil", "/\\evil", "https:evil", "\\\\evil", "%2F%2Fevil", "javascript:alert(1)"]
DECISIONS = [
    ("timesheets", "ts-1", "approve", "PUT"),
    ("timesheets", "ts-1", "reject", "PUT"),
    ("timesheets", "ts-1", "submit", "PUT"),
    ("timesheets", "ts-1", "unsubmit", "PUT"),
    ("leaves", "lv-1", "approve", "PUT"),
    ("leaves", "lv-1", "reject", "PUT"),
    ("time-requests", "tr-1", "approve", "POST"),
    ("time-requests", "tr-1", "reject", "POST"),
]


@pytest.fixture
def items(routes):
    routes.route("GET", "/timesheets", listing([sheet()]))
    routes.route("GET", "/leaves", listing([leave()]))
    routes.route("GET", "/leaves/balances", listing(BALANCES))
    routes.route("GET", "/time-requests/tr-1", ok(time_request()))
    for slug, item_id, verb, method in DECISIONS:
        routes.route(method, f"/{slug}/{item_id}/{verb}", ok(None, message="Done in WebWork"))
    return routes


def hidden_next(html: str) -> set[str]:
    return set(re.findall(r'name="next" value="([^"]*)"', html))


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.parametrize(("slug", "item_id", "verb", "method"), DECISIONS)
def test_a_decision_goes_back_to_its_list_not_elsewhere(
    connected_client, items, slug, item_id, verb, method, target
):
    data = {"next": target, "reason": "Not this week"}
    response = connected_client.post(f"/approvals/{slug}/{item_id}/{verb}/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/approvals/{slug}/"
    assert len(items.calls(method, f"/{slug}/{item_id}/{verb}")) == 1


@pytest.mark.parametrize("target", EVIL)
@pytest.mark.parametrize("slug", ["timesheets", "leaves"])
def test_the_row_a_decision_answers_carries_no_foreign_next(connected_client, items, slug, target):
    item_id = {"timesheets": "ts-1", "leaves": "lv-1"}[slug]
    html = connected_client.post(
        f"/approvals/{slug}/{item_id}/reject/",
        {"next": target, "view": "table"},  # no reason: the row comes back with the form again
        headers=HTMX,
    ).content.decode()
    assert "Give a reason for the rejection." in html
    assert hidden_next(html) == {f"/approvals/{slug}/"}


@pytest.mark.parametrize("target", EVIL)
def test_the_bulk_preview_goes_back_to_the_inbox_not_elsewhere(connected_client, upstream, target):
    data = {"action": "approve", "items": ["timesheet|ts-1|Ada"], "next": target}
    html = connected_client.post("/approvals/bulk/", data).content.decode()
    assert hidden_next(html) == {"/"}
    assert re.findall(r'class="button ghost" href="([^"]*)"', html) == ["/"]
    assert target not in html.replace("&#x27;", "'")


@pytest.mark.parametrize("target", EVIL)
def test_a_refused_bulk_request_goes_back_to_the_inbox(connected_client, upstream, target):
    response = connected_client.post("/approvals/bulk/", {"action": "approve", "next": target})
    assert response.status_code == 400
    assert re.findall(r'class="button" href="([^"]*)"', response.content.decode()) == ["/"]


@pytest.mark.parametrize("target", EVIL)
def test_a_started_bulk_job_is_shown_here_whatever_next_says(connected_client, upstream, target):
    data = {"action": "approve", "items": ["timesheet|ts-1|Ada"], "next": target, "confirm": "1"}
    response = connected_client.post("/approvals/bulk/", data)
    assert response["Location"] == f"/approvals/jobs/{BulkJob.objects.get().pk}/"
