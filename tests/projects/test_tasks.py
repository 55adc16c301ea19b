"""A project's tasks: the list, a new task, editing, and deleting after naming the hours."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok, pages
from tests.projects.conftest import CONTRACTS, HOMEPAGE, PRICING, TASKS, listed


def tasks_page(upstream, items=TASKS, total=None):
    upstream.route("GET", "/contracts", listed(CONTRACTS))
    reply = ok(items, pagination=pages(total or len(items), 20, 1))
    upstream.route("GET", "/tasks", reply)
    return upstream


def test_the_list_shows_each_task_with_status_priority_and_assignees(connected_client, workspace):
    tasks_page(workspace)
    page = connected_client.get("/projects/501/tasks/").content.decode()
    assert "<h1>Tasks of <bdi>Website Redesign</bdi></h1>" in page
    row = page.split('<tr id="task-7001">')[1].split("</tr>")[0]
    assert "Doing" in row and "High" in row and "<bdi>Ada Lovelace</bdi>" in row
    assert 'aria-label="Take Ada Lovelace off Homepage hero"' in row
    assert '<span class="task-title" dir="auto">صفحة الأسعار</span>' in page
    (call,) = workspace.calls("GET", "/tasks")
    assert call.url.params["project_id"] == "501"
    assert call.url.params["order_by"] == "-created_at"


def test_filters_and_sort_go_to_webwork_and_stay_in_the_url(connected_client, workspace):
    tasks_page(workspace, [HOMEPAGE])
    body = connected_client.get(
        "/projects/501/tasks/?status=10&priority=20&sort=title", headers=HTMX
    ).content.decode()
    assert body.strip().startswith('<section id="results"')
    (call,) = workspace.calls("GET", "/tasks")
    params = call.url.params
    assert (params["status"], params["priority"], params["order_by"]) == ("10", "20", "title")
    assert 'href="?status=10&amp;priority=20&amp;sort=-title"' in body


def test_a_bad_filter_is_ignored_and_the_other_applies(connected_client, workspace):
    tasks_page(workspace)
    connected_client.get("/projects/501/tasks/?status=99&priority=10")
    (call,) = workspace.calls("GET", "/tasks")
    assert "status" not in call.url.params and call.url.params["priority"] == "10"


def test_the_list_pages_through_webworks_pages(connected_client, workspace):
    workspace.route("GET", "/contracts", listed(CONTRACTS))
    twenty = [{**PRICING, "id": 7100 + n, "title": f"Task {n}"} for n in range(20)]
    workspace.route("GET", "/tasks", ok(twenty, pagination=pages(45, 20, 2)))
    page = connected_client.get("/projects/501/tasks/?page=2").content.decode()
    assert "Page 2 of 3" in page and 'href="?page=3"' in page


def test_a_project_manager_manages_tasks_but_a_regular_user_reads_them(
    connected_client, workspace, connected
):
    tasks_page(workspace)
    connected.workspace_role = "Project manager"
    connected.save()
    page = connected_client.get("/projects/501/tasks/").content.decode()
    assert "New task" in page and "Delete…" in page
    connected.workspace_role = "Regular User"
    connected.save()
    page = connected_client.get("/projects/501/tasks/").content.decode()
    assert "so you see tasks read-only" in page
    assert "New task" not in page and "Delete…" not in page and "unassign" not in page


def test_creating_a_task_sends_its_fields_and_assignees_and_audits(connected_client, workspace):
    workspace.route("GET", "/contracts", listed(CONTRACTS))
    created = {**PRICING, "id": 7010, "title": "Footer"}
    workspace.route("POST", "/tasks", ok(created, message="Task created successfully"))
    response = connected_client.post(
        "/projects/501/tasks/new/",
        {"title": " Footer ", "status": "0", "priority": "10", "assignees": ["114", "115"]},
    )
    assert response["Location"] == "/projects/501/tasks/"
    assert body_of(workspace.last) == {
        "workspace_id": 7,
        "project_id": 501,
        "title": "Footer",
        "status": 0,
        "priority": 10,
        "assignees": [114, 115],
    }
    entry = AuditEntry.objects.get(action="task.create")
    assert (entry.target_id, entry.target_label, entry.outcome) == ("7010", "Footer", "ok")
    assert entry.summary["assignees"] == [114, 115]


def test_an_assignee_without_a_contract_is_refused_on_the_field_unsent(connected_client, workspace):
    workspace.route("GET", "/contracts", listed(CONTRACTS))
    page = connected_client.post(
        "/projects/501/tasks/new/",
        {"title": "Footer", "status": "0", "priority": "30", "assignees": ["999"]},
    ).content.decode()
    assert "Only members with a contract on this project can be assigned" in page
    assert not workspace.calls("POST", "/tasks") and not AuditEntry.objects.exists()


def test_a_title_too_long_or_dates_backwards_are_refused_unsent(connected_client, workspace):
    workspace.route("GET", "/contracts", listed(CONTRACTS))
    long = connected_client.post(
        "/projects/501/tasks/new/", {"title": "t" * 256, "status": "0", "priority": "30"}
    ).content.decode()
    assert "at most 255 characters" in long
    backwards = connected_client.post(
        "/projects/501/tasks/new/",
        {
            "title": "Ok",
            "status": "0",
            "priority": "30",
            "start_date": "2026-12-10",
            "end_date": "2026-12-01",
        },
    ).content.decode()
    assert "The due date is before the start date." in backwards
    assert not workspace.calls("POST", "/tasks")


def test_webworks_refusal_of_a_task_is_shown_and_audited(connected_client, workspace):
    workspace.route("GET", "/contracts", listed(CONTRACTS))
    refusal = fail(
        422,
        "Every assignee must have a contract on the project.",
        errors={"assignees": ["Every assignee must have a contract on the project."]},
    )
    workspace.route("POST", "/tasks", refusal)
    page = connected_client.post(
        "/projects/501/tasks/new/",
        {"title": "Footer", "status": "0", "priority": "30", "assignees": ["114"]},
    ).content.decode()
    assert "Every assignee must have a contract on the project." in page
    assert AuditEntry.objects.get(action="task.create").outcome == "failed"


def test_a_regular_user_may_not_create_a_task_and_nothing_is_sent(
    connected_client, upstream, regular_user
):
    response = connected_client.post("/projects/501/tasks/new/", {"title": "Mine"})
    assert response.status_code == 403 and upstream.requests == []


def test_editing_a_task_sends_only_what_changed(connected_client, workspace):
    workspace.route("GET", "/tasks/7001", ok(HOMEPAGE))
    workspace.route(
        "PUT", "/tasks/7001", ok({**HOMEPAGE, "status": 20}, message="Task updated successfully")
    )
    response = connected_client.post(
        "/projects/501/tasks/7001/edit/",
        {
            "title": "Homepage hero",
            "description": "The big picture up top",
            "status": "20",
            "priority": "20",
            "start_date": "2026-11-02",
            "end_date": "2026-11-20",
            "next": "/projects/501/tasks/?status=10",
        },
    )
    assert response["Location"] == "/projects/501/tasks/?status=10"
    assert body_of(workspace.last) == {"workspace_id": 7, "project_id": 501, "status": 20}
    assert workspace.calls("GET", "/tasks/7001")[0].url.params["project_id"] == "501"
    entry = AuditEntry.objects.get(action="task.update")
    assert entry.summary == {"project_id": 501, "status": 20}


def test_an_edit_that_changes_nothing_sends_nothing(connected_client, workspace):
    workspace.route("GET", "/tasks/7002", ok(PRICING))
    response = connected_client.post(
        "/projects/501/tasks/7002/edit/", {"title": "صفحة الأسعار", "status": "0", "priority": "30"}
    )
    assert response.status_code == 302
    assert not workspace.calls("PUT", "/tasks/7002")


def test_a_task_of_another_project_is_webworks_404(connected_client, workspace):
    workspace.route("GET", "/tasks/8000", fail(404, "Task not found"))
    response = connected_client.get("/projects/501/tasks/8000/edit/")
    assert response.status_code == 404 and "Task not found" in response.content.decode()


def task_report(minutes: int) -> object:
    return ok(
        [
            {
                "user_id": 114,
                "user_name": "Ada Lovelace",
                "total_minutes": minutes + 30,
                "tasks_breakdown": [
                    {"task_id": 7001, "project_id": 501, "total_minutes": minutes},
                    {"task_id": 7002, "project_id": 501, "total_minutes": 30},
                ],
            }
        ],
        pagination=pages(1, 100, 1),
    )


def this_weeks_part(minutes: int):
    """The task report's answer for each 31-day part: the minutes only in the part with today."""

    def answer(request):
        from datetime import date

        start, end = (date.fromisoformat(request.url.params[k]) for k in ("start_date", "end_date"))
        reply = task_report(minutes) if start <= date.today() <= end else task_report(0)
        return reply(request)

    return answer


def test_deleting_asks_first_and_names_the_hours_tracked_on_the_task(connected_client, workspace):
    workspace.route("GET", "/tasks/7001", ok(HOMEPAGE))
    workspace.route("GET", "/reports/task-report", this_weeks_part(150))
    page = connected_client.get("/projects/501/tasks/7001/delete/").content.decode()
    assert "<h1>Delete <bdi>Homepage hero</bdi>?</h1>" in page
    assert "<strong>2.5 h</strong> were tracked on <bdi>Homepage hero</bdi> since" in page
    calls = workspace.calls("GET", "/reports/task-report")
    # The project started long ago: three 31-day parts back, what one page can afford.
    assert len(calls) == 3
    assert all(c.url.params["task_id"] == "7001" for c in calls)
    assert all(c.url.params["include_no_task"] == "false" for c in calls)
    assert not workspace.calls("DELETE", "/tasks/7001")


def test_a_task_without_tracked_time_says_so(connected_client, workspace):
    workspace.route("GET", "/tasks/7002", ok(PRICING))
    workspace.route("GET", "/reports/task-report", ok([], pagination=pages(0, 100, 1)))
    page = connected_client.get("/projects/501/tasks/7002/delete/").content.decode()
    assert "No time was tracked on it since" in page


def test_a_role_that_may_not_read_the_task_report_is_told_it_cannot_be_known(
    connected_client, workspace, project_manager
):
    workspace.route("GET", "/tasks/7001", ok(HOMEPAGE))
    workspace.route("GET", "/reports/task-report", fail(403, "This action is unauthorized."))
    page = connected_client.get("/projects/501/tasks/7001/delete/").content.decode()
    assert "cannot tell whether time was tracked on it" in page


def test_deleting_sends_the_project_and_audits(connected_client, workspace):
    workspace.route("GET", "/tasks/7001", ok(HOMEPAGE))
    workspace.route("DELETE", "/tasks/7001", ok(None, message="Task deleted successfully"))
    response = connected_client.post("/projects/501/tasks/7001/delete/", {"next": "//evil.test/"})
    assert response["Location"] == "/projects/501/tasks/"
    assert body_of(workspace.last) == {"workspace_id": 7, "project_id": 501}
    entry = AuditEntry.objects.get(action="task.delete")
    assert (entry.target_id, entry.target_label, entry.outcome) == ("7001", "Homepage hero", "ok")
    assert entry.upstream_message == "Task deleted successfully"


def test_a_failed_delete_shows_webworks_message_and_is_audited(connected_client, workspace):
    workspace.route("GET", "/tasks/7001", ok(HOMEPAGE))
    workspace.route("DELETE", "/tasks/7001", fail(503, "Service Unavailable"))
    response = connected_client.post("/projects/501/tasks/7001/delete/")
    assert response.status_code == 503 and "Service Unavailable" in response.content.decode()
    entry = AuditEntry.objects.get(action="task.delete")
    assert entry.outcome == "failed" and entry.upstream_message == "Service Unavailable"


def test_the_hours_are_looked_for_from_the_projects_start_when_it_is_recent():
    from datetime import date

    from dashboard.projects.tasks_reading import lookback
    from dashboard.webwork.records import Project
    from dashboard.webwork.records.work import Task

    today = date(2026, 12, 1)
    recent = Project(1, "Recent", start_date=date(2026, 11, 20))
    old = Project(2, "Old", start_date=date(2020, 1, 1))
    undated = Project(3, "Undated")
    task = Task(9, "Task")
    assert lookback(recent, task, today) == date(2026, 11, 20)
    assert lookback(old, task, today) == date(2026, 8, 31)
    assert lookback(undated, task, today) == date(2026, 8, 31)
    assert lookback(undated, Task(9, "Task", start_date=date(2026, 10, 1)), today) == date(
        2026, 10, 1
    )


def test_an_incomplete_report_says_at_least(connected_client, workspace):
    def part(request):
        from datetime import date

        if date.fromisoformat(request.url.params["end_date"]) >= date.today():
            return task_report(60)(request)
        return fail(503, "Service Unavailable")(request)

    workspace.route("GET", "/tasks/7001", ok(HOMEPAGE))
    workspace.route("GET", "/reports/task-report", part)
    page = connected_client.get("/projects/501/tasks/7001/delete/").content.decode()
    assert "At least <strong>1.0 h</strong> were tracked on" in page


def test_webwork_down_on_the_task_list_is_a_page_or_for_htmx_a_banner(connected_client, workspace):
    workspace.route("GET", "/contracts", listed(CONTRACTS))
    workspace.route("GET", "/tasks", fail(503, "Service Unavailable"))
    page = connected_client.get("/projects/501/tasks/")
    assert page.status_code == 503 and "WebWork is not answering" in page.content.decode()
    partial = connected_client.get("/projects/501/tasks/?status=10", headers=HTMX)
    assert partial.status_code == 200 and "WebWork is not answering" in partial.content.decode()


def test_the_task_list_of_another_workspaces_project_is_not_found(connected_client, workspace):
    tasks_page(workspace)
    assert connected_client.get("/projects/999/tasks/").status_code == 404
