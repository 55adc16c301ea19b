"""'Approve all matching': every item the filter matched, or a job that says it could not list
them all and lists the rest on retry; and the job page's words follow the job's status."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from dashboard.approvals.models import BulkJob
from tests.conftest import HTMX
from tests.fakes import fail, ok, pages

from .conftest import sheet
from .test_jobs import APPROVED, make_job, run

TOTAL = 122  # more than one page of 100


@pytest.fixture(autouse=True)
def _generous_budget(settings):
    settings.WEBWORK_RATE_PER_MINUTE = 100_000


def submitted(upstream, *page_two):
    """122 submitted timesheets; page 2 answers ``page_two`` in turn (``None``: the page), then
    the page for good."""
    ids = [f"ts-{n}" for n in range(TOTAL)]
    second = list(page_two)

    def timesheets(request):
        number = int(request.url.params["page"])
        special = second.pop(0) if number == 2 and second else None
        if special is not None:
            return special(request)
        chunk = ids[(number - 1) * 100 : number * 100]
        return ok([sheet(i) for i in chunk], pagination=pages(TOTAL, 100, number))(request)

    upstream.route("GET", "/timesheets", timesheets)
    for target in ids:
        upstream.route("PUT", f"/timesheets/{target}/approve", APPROVED)
    return ids


def listed(upstream, number):
    return [r for r in upstream.calls("GET", "/timesheets") if r.url.params["page"] == str(number)]


def puts(upstream):
    return [r for r in upstream.requests if r.method == "PUT"]


def test_a_page_webwork_will_not_list_ends_the_job_saying_so_and_sends_nothing(
    connected, upstream, manager
):
    submitted(upstream, *[fail(503, "Service unavailable")] * 20)
    job = make_job(manager, collect_kind="timesheet", collect_filters={})
    run(job)
    assert job.status == "incomplete"
    assert "Could not list every matching item" in job.message
    assert "Service unavailable" in job.message and "100 items listed" in job.message
    assert job.collected_pages == 1 and not job.collection_done
    assert puts(upstream) == []  # nothing sent while the list is partial


def test_a_retry_lists_the_rest_from_where_it_stopped_then_sends_the_whole(
    connected_client, upstream, manager
):
    ids = submitted(upstream, *[fail(503, "Service unavailable")] * 4)
    job = make_job(manager, collect_kind="timesheet", collect_filters={})
    run(job)
    assert job.status == "incomplete"
    response = connected_client.post(f"/approvals/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "queued" and DBTaskResult.objects.count() == 1
    results = run(job)
    assert job.status == "finished"
    assert sorted(results) == sorted(ids) and {r[0] for r in results.values()} == {"done"}
    assert len(listed(upstream, 1)) == 1  # the page listed before is not listed again
    assert len(puts(upstream)) == TOTAL


def test_a_429_while_listing_is_waited_out(connected, upstream, manager):
    limited = fail(429, "Too many requests", headers={"Retry-After": "3"})
    submitted(upstream, *[limited] * 4)
    sleeps: list[float] = []
    results = run(make_job(manager, collect_kind="timesheet", collect_filters={}), sleeps)
    assert len(results) == TOTAL and {r[0] for r in results.values()} == {"done"}
    assert sum(sleeps) >= 3


def test_the_job_page_of_an_incomplete_job_says_so_and_offers_the_rest(connected_client, manager):
    job = make_job(
        manager, "ts-1", status="incomplete", message="Could not list every matching item: …"
    )
    html = connected_client.get(f"/approvals/jobs/{job.pk}/", headers=HTMX).content.decode()
    assert "Could not list every item" in html and "Could not list every matching item" in html
    assert "List the rest and go on" in html and "every 1s" not in html


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("queued", "The job is queued"),
        ("running", "The job is running"),
        ("finished", "The job has finished"),
        ("incomplete", "could not list every matching item"),
        ("cancelled", "The job was cancelled"),
    ],
)
def test_the_job_page_says_what_the_job_is_doing(connected_client, manager, status, words):
    job = make_job(manager, "ts-1", status=status)
    html = connected_client.get(f"/approvals/jobs/{job.pk}/").content.decode()
    assert words in html
    if status != "queued":
        assert "it starts within seconds" not in html


def test_confirming_a_job_leaves_its_words_to_the_job_page(connected_client, upstream):
    response = connected_client.post(
        "/approvals/bulk/",
        {"action": "approve", "items": ["timesheet|ts-1|Ada"], "confirm": "1"},
        follow=True,
    )
    job = BulkJob.objects.get()
    BulkJob.objects.filter(pk=job.pk).update(status="finished")
    again = connected_client.get(f"/approvals/jobs/{job.pk}/").content.decode()
    assert response.content.decode().count("it starts within seconds") == 1
    assert "it starts within seconds" not in again
