"""Assigning members to a task: several at once, reported member by member, and taking one off."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import fail, ok
from tests.projects.conftest import CONTRACTS, HOMEPAGE, listed


def task_reads(upstream):
    upstream.route("GET", "/contracts", listed(CONTRACTS))
    upstream.route("GET", "/tasks/7001", ok(HOMEPAGE))
    return upstream


def test_ticking_assigns_and_unticking_unassigns_each_with_its_own_result(
    connected_client, workspace
):
    task_reads(workspace)
    workspace.route(
        "POST", "/tasks/7001/assign/115", ok(None, message="Task assigned successfully")
    )
    workspace.route(
        "DELETE", "/tasks/7001/unassign/114", ok(None, message="Task unassigned successfully")
    )
    body = connected_client.post(
        "/projects/501/tasks/7001/assignees/", {"members": ["115"]}, headers=HTMX
    ).content.decode()
    assert body.strip().startswith('<tr id="task-7001">')
    row = body.split("</tr>")[0]
    assert "<bdi>Ben Okafor</bdi>" in row and "Ada Lovelace</bdi><form" not in row
    assert '<li class="is-ok"><bdi>Ben Okafor</bdi>: Task assigned successfully</li>' in body
    assert '<li class="is-ok"><bdi>Ada Lovelace</bdi>: Task unassigned successfully</li>' in body
    entries = AuditEntry.objects.order_by("id")
    assert [(e.action, e.summary["user_id"], e.outcome) for e in entries] == [
        ("task.assign", 115, "ok"),
        ("task.unassign", 114, "ok"),
    ]
    assert all(e.target_id == "7001" for e in entries)


def test_one_failure_is_reported_on_its_line_and_the_rest_still_happen(connected_client, workspace):
    task_reads(workspace)
    workspace.route("POST", "/tasks/7001/assign/115", fail(422, "Ben is paused."))
    body = connected_client.post(
        "/projects/501/tasks/7001/assignees/", {"members": ["114", "115"]}, headers=HTMX
    ).content.decode()
    assert '<li class="is-failed"><bdi>Ben Okafor</bdi>: Ben is paused.</li>' in body
    assert "banner-warning" in body
    entry = AuditEntry.objects.get(action="task.assign")
    assert entry.outcome == "failed" and entry.upstream_message == "Ben is paused."


def test_a_member_without_a_contract_is_refused_on_the_field_and_nothing_is_sent(
    connected_client, workspace
):
    task_reads(workspace)
    body = connected_client.post(
        "/projects/501/tasks/7001/assignees/", {"members": ["114", "4242"]}, headers=HTMX
    ).content.decode()
    assert "Only members with a contract on this project can be assigned" in body
    assert '<details class="assign" open>' in body
    assert [r.method for r in workspace.requests] == ["GET", "GET", "GET"]


def test_without_javascript_the_results_come_back_as_messages(connected_client, workspace):
    task_reads(workspace)
    workspace.route(
        "POST", "/tasks/7001/assign/115", ok(None, message="Task assigned successfully")
    )
    response = connected_client.post(
        "/projects/501/tasks/7001/assignees/",
        {"members": ["114", "115"], "next": "/projects/501/tasks/?status=10"},
    )
    assert response["Location"] == "/projects/501/tasks/?status=10"


def test_nothing_ticked_differently_sends_nothing(connected_client, workspace):
    task_reads(workspace)
    body = connected_client.post(
        "/projects/501/tasks/7001/assignees/", {"members": ["114"]}, headers=HTMX
    ).content.decode()
    assert "Nothing changed on" in body
    assert all(r.method == "GET" for r in workspace.requests)


def test_the_assign_page_without_javascript_ticks_who_is_assigned(connected_client, workspace):
    task_reads(workspace)
    page = connected_client.get("/projects/501/tasks/7001/assignees/").content.decode()
    assert "<h1>Who works on <bdi>Homepage hero</bdi></h1>" in page
    assert 'value="114"' in page.split("Ada Lovelace")[0].rsplit("<label", 1)[1]
    assert "checked" in page.split("Ada Lovelace")[0].rsplit("<label", 1)[1]


def test_taking_one_member_off_answers_the_row(connected_client, workspace):
    task_reads(workspace)
    workspace.route(
        "DELETE", "/tasks/7001/unassign/114", ok(None, message="Task unassigned successfully")
    )
    body = connected_client.post(
        "/projects/501/tasks/7001/unassign/114/", headers=HTMX
    ).content.decode()
    row = body.split("</tr>")[0]
    assert '<li class="muted">Nobody</li>' in row
    assert "Task unassigned successfully" in body
    assert AuditEntry.objects.get(action="task.unassign").summary["member"] == "Ada Lovelace"


def test_taking_off_someone_not_assigned_is_refused_unsent(connected_client, workspace):
    task_reads(workspace)
    response = connected_client.post("/projects/501/tasks/7001/unassign/115/", headers=HTMX)
    assert response["HX-Retarget"] == "#messages"
    assert "not assigned to <bdi>Homepage hero</bdi>" in response.content.decode()
    assert all(r.method == "GET" for r in workspace.requests)


def test_a_regular_user_may_not_assign_and_nothing_is_read_or_sent(
    connected_client, upstream, regular_user
):
    response = connected_client.post(
        "/projects/501/tasks/7001/assignees/", {"members": ["115"]}, headers=HTMX
    )
    assert "so you see tasks read-only" in response.content.decode()
    assert upstream.requests == []


def test_webwork_down_while_assigning_is_reported_on_the_line(connected_client, workspace):
    task_reads(workspace)
    workspace.route("POST", "/tasks/7001/assign/115", fail(503, "Service Unavailable"))
    body = connected_client.post(
        "/projects/501/tasks/7001/assignees/", {"members": ["114", "115"]}, headers=HTMX
    ).content.decode()
    assert "<bdi>Ben Okafor</bdi>: Service Unavailable" in body
