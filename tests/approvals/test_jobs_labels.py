"""Naming selected items for the audit log costs one list read per kind, not one read per item;
an item the list does not show is still read on its own, and a made-up label is never audited."""

from __future__ import annotations

import pytest

from dashboard.approvals import jobs
from dashboard.approvals.models import BulkItem, BulkJob
from dashboard.audit.models import AuditEntry
from tests.fakes import ok, pages

from .conftest import sheet
from .test_bulk_input import MADE_UP, start

APPROVED = ok(None, message="Timesheet approved")


@pytest.fixture(autouse=True)
def _generous_budget(settings):
    settings.WEBWORK_RATE_PER_MINUTE = 100_000


def timesheets(upstream, waiting: list[str], elsewhere: dict[str, str]):
    """The waiting list shows ``waiting``; ``elsewhere`` (id: status) is found only by id."""

    def answer(request):
        params = request.url.params
        if "id" in params:
            found = [sheet(i) for i in waiting if i == params["id"]]
            status = elsewhere.get(params["id"])
            found += [sheet(params["id"], status=status)] if status else []
            return ok(found, pagination=pages(len(found), 1, 1))(request)
        assert params["status"] == "submitted"
        return ok([sheet(i) for i in waiting], pagination=pages(len(waiting), 100, 1))(request)

    upstream.route("GET", "/timesheets", answer)


def reads(upstream):
    found = upstream.calls("GET", "/timesheets")
    return sum("id" not in r.url.params for r in found), sum("id" in r.url.params for r in found)


def run(job: BulkJob) -> None:
    jobs.Runner(job, sleep=lambda seconds: None).run()
    job.refresh_from_db()


def test_selected_items_are_named_from_one_list_read_and_sent_without_reads_of_their_own(
    connected_client, upstream
):
    ids = [f"ts-{n}" for n in range(30)]
    timesheets(upstream, ids, {})
    for target in ids:
        upstream.route("PUT", f"/timesheets/{target}/approve", APPROVED)
    job = start(connected_client, *(f"timesheet|{i}|{MADE_UP}" for i in ids))
    run(job)
    assert set(job.items.values_list("status", flat=True)) == {"done"}
    assert reads(upstream) == (1, 0)  # one list read, no read per item
    labels = set(AuditEntry.objects.values_list("target_label", flat=True))
    assert all(label.startswith("Ada Lovelace · ") for label in labels)
    assert not any(MADE_UP in label for label in labels)


def test_an_item_the_list_does_not_show_is_read_on_its_own_before_it_is_sent(
    connected_client, upstream
):
    timesheets(upstream, ["ts-1"], {"ts-2": "approved"})
    upstream.route("PUT", "/timesheets/ts-1/approve", APPROVED)
    job = start(connected_client, f"timesheet|ts-1|{MADE_UP}", f"timesheet|ts-2|{MADE_UP}")
    run(job)
    items = {i.target_id: (i.status, i.message) for i in job.items.all()}
    assert items["ts-1"] == ("done", "Timesheet approved")
    assert items["ts-2"] == ("done", "Already approved in WebWork; nothing was sent.")
    assert reads(upstream) == (1, 1)
    assert not upstream.calls("PUT", "/timesheets/ts-2/approve")
    entries = AuditEntry.objects.all()
    assert {e.target_id for e in entries} == {"ts-1", "ts-2"}
    assert not any(MADE_UP in e.target_label for e in entries)
    assert all(e.target_label.startswith("Ada Lovelace · ") for e in entries)


def test_a_list_read_that_fails_falls_back_to_reading_each_item(connected_client, upstream):
    from tests.fakes import fail

    upstream.route(
        "GET",
        "/timesheets",
        *[fail(503, "Service unavailable")] * 3,
        ok([sheet("ts-1")], pagination=pages(1, 1, 1)),
    )
    upstream.route("PUT", "/timesheets/ts-1/approve", APPROVED)
    job = start(connected_client, f"timesheet|ts-1|{MADE_UP}")
    run(job)
    item = job.items.get()
    assert (item.status, item.label_from_request) == ("done", False)
    assert AuditEntry.objects.get().target_label.startswith("Ada Lovelace · ")


def test_items_sent_before_are_not_named_from_the_list_but_read(manager, db):
    job = BulkJob.objects.create(user=manager, workspace_id=7, action="approve")
    BulkItem.objects.create(
        job=job,
        kind="timesheet",
        target_id="ts-1",
        label=MADE_UP,
        label_from_request=True,
        status="failed",
        attempts=1,
    )
    from dashboard.approvals.collecting import name_from_lists

    assert name_from_lists(job, None) == 0  # type: ignore[arg-type]  # no read is made
