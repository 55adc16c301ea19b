"""The registry of kinds drives the area: URLs, list pages, the inbox, decisions and bulk jobs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import resolve, reverse

from dashboard.approvals import jobs, views
from dashboard.approvals.kinds import KINDS
from dashboard.approvals.models import BulkJob
from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import ok

from .conftest import listing
from .overtime import OVERTIME

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_each_kind_has_its_list_and_its_decisions_routed(kind):
    assert reverse(kind.list_url_name) == f"/approvals/{kind.slug}/"
    match = resolve(f"/approvals/{kind.slug}/")
    assert match.func is views.approval_list and match.kwargs["kind"] is kind
    for verb in kind.verbs:
        address = reverse("approvals:decide", args=[kind.slug, "x-1", verb])
        assert address == f"/approvals/{kind.slug}/x-1/{verb}/"
        assert resolve(address).kwargs["kind"] is kind


def test_only_the_kinds_package_tells_kinds_apart():
    """No class check or name comparison on kinds outside ``kinds/`` or a kind's row template."""
    names = {word for kind in KINDS.values() for word in (kind.name, kind.slug, kind.url_name)}
    alternatives = "|".join(map(re.escape, names))
    quoted = re.compile(rf"""["']({alternatives})["']""")
    asked = re.compile(
        r"isinstance\([^)]*\b(Timesheet|Leave|TimeRequest)\b|kind\.(name|slug) *[!=]="
    )
    rows = {kind.row_template for kind in KINDS.values()}
    code = [
        p
        for p in (ROOT / "dashboard/approvals").rglob("*.py")
        if "kinds" not in p.parts and "migrations" not in p.parts
    ]
    pages = [
        p
        for p in (ROOT / "templates/approvals").glob("*.html")
        if f"approvals/{p.name}" not in rows
    ]
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in code + pages
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if quoted.search(line) or asked.search(line)
    ]
    assert found == []


@pytest.fixture
def overtime(monkeypatch, settings, routes):
    """A fourth kind: its Kind, its resource (tests/approvals/overtime.py), its row template."""
    monkeypatch.setitem(KINDS, OVERTIME.name, OVERTIME)
    settings.ROOT_URLCONF = "tests.approvals.overtime_urls"
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], HERE / "templates"]}]
    item = {"id": "ot-1", "status": "pending", "user_id": 9, "hours": 3}
    routes.route("GET", "/overtime", listing([item]))
    routes.route("PUT", "/overtime/ot-1/approve", ok(None, message="Overtime approved"))
    return routes


def test_a_fourth_kind_gets_its_list_page_and_decisions(connected_client, overtime):
    html = connected_client.get("/approvals/overtime/").content.decode()
    assert "<h1>Overtime</h1>" in html and "1 overtime request<" in html
    assert 'id="overtime-ot-1"' in html and "Ada Lovelace · 3 h overtime" in html
    assert overtime.calls("GET", "/overtime")[0].url.params["status"] == "pending"

    response = connected_client.post(
        "/approvals/overtime/ot-1/approve/", {"view": "table"}, headers=HTMX
    )
    assert response.content.decode().lstrip().startswith('<tr id="overtime-ot-1"')
    assert "Overtime approved" in response.content.decode()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_id) == ("overtime.approve", "ot-1")
    assert entry.target_label == "Ada Lovelace · 3 h overtime"


def test_a_fourth_kind_waits_in_the_inbox(connected_client, overtime):
    for path in ("/timesheets", "/leaves", "/time-requests"):
        overtime.route("GET", path, listing([]))
    html = connected_client.get("/").content.decode()
    assert '<strong data-count="overtime">1</strong> overtime request' in html
    assert 'id="inbox-overtime-ot-1"' in html


def test_a_fourth_kind_is_decided_in_bulk(connected_client, overtime):
    connected_client.post(
        "/approvals/bulk/",
        {"action": "approve", "items": ["overtime|ot-1|Someone else"], "confirm": "1"},
    )
    job = BulkJob.objects.get()
    jobs.Runner(job, sleep=lambda seconds: None).run()
    assert job.items.get().status == "done"
    assert AuditEntry.objects.get().target_label == "Ada Lovelace · 3 h overtime"


def test_each_kind_s_waiting_field_is_what_its_items_wait_since():
    """The inbox sorts by ``waiting_since`` before it makes any item: the two must agree."""
    from dashboard.approvals.kinds import Lookups
    from dashboard.webwork.records import Leave, TimeRequest, Timesheet

    from .conftest import leave, sheet, time_request

    records = {
        "timesheet": Timesheet.from_json(sheet()),
        "leave": Leave.from_json(leave()),
        "time_request": TimeRequest.from_json(time_request()),
    }
    assert set(records) == set(KINDS)
    for name, kind in KINDS.items():
        since = kind.waiting_since(records[name], Lookups.of())
        assert since is not None
        assert since == kind.item(records[name], Lookups.of()).waiting_since
