"""A project's page: members with this week's hours against their limits, viewers, tasks."""

from __future__ import annotations

from dashboard.audit.log import record
from tests.fakes import fail
from tests.projects.conftest import listed


def test_the_page_shows_members_with_hours_against_their_limits(connected_client, project_page):
    page = connected_client.get("/projects/501/").content.decode()
    assert "<h1><bdi>Website Redesign</bdi></h1>" in page
    ada = page.split("<bdi>Ada Lovelace</bdi>")[1].split("</tr>")[0]
    assert "9.0 h of 10" in ada and "Near the weekly limit" in ada
    ben = page.split("<bdi>Ben Okafor</bdi>")[1].split("</tr>")[0]
    assert "No limit" in ben and "0.0 h" in ben and "Paused" in ben
    assert "9.0 h in all" in page


def test_the_report_asked_for_is_this_weeks_for_this_project(connected_client, project_page):
    from django.utils import timezone

    from dashboard.core.weeks import this_week

    connected_client.get("/projects/501/")
    (call,) = project_page.calls("GET", "/reports/tracked-hours")
    monday, sunday = this_week(timezone.localdate())
    assert call.url.params["projects"] == "501"
    assert (call.url.params["start_date"], call.url.params["end_date"]) == (
        monday.isoformat(),
        sunday.isoformat(),
    )
    (contracts,) = project_page.calls("GET", "/contracts")
    assert contracts.url.params["project_id"] == "501"


def test_the_page_names_the_active_viewers_who_see_the_project(connected_client, project_page):
    page = connected_client.get("/projects/501/").content.decode()
    viewers = page.split('id="viewers-title"')[1].split("</section>")[0]
    assert '<a href="/viewers/123/"><bdi>Clara Client</bdi></a>' in viewers
    assert "Oscar" not in viewers and "Nina" not in viewers


def test_the_page_lists_the_newest_tasks_with_their_assignees(connected_client, project_page):
    page = connected_client.get("/projects/501/").content.decode()
    tasks = page.split('id="tasks-title"')[1].split("</section>")[0]
    assert '<span class="task-title" dir="auto">صفحة الأسعار</span>' in tasks
    assert "<bdi>Ada Lovelace</bdi>" in tasks and "Nobody assigned" in tasks
    assert "All 2 tasks" in tasks and 'href="/projects/501/tasks/new/"' in tasks
    (call,) = project_page.calls("GET", "/tasks")
    assert call.url.params["order_by"] == "-created_at"
    assert call.url.params["project_id"] == "501"


def test_the_page_shows_what_the_dashboard_did_to_the_project(
    connected_client, project_page, connected
):
    record(
        user=connected.user,
        action="project.update",
        outcome="ok",
        target=("project", 501, "Website Redesign"),
        workspace_id=7,
        message="Project updated successfully",
    )
    page = connected_client.get("/projects/501/").content.decode()
    assert "<code>project.update</code>" in page and "Project updated successfully" in page


def test_a_role_that_may_not_read_reports_or_viewers_still_gets_the_page(
    connected_client, workspace, regular_user
):
    workspace.route("GET", "/contracts", listed([]))
    workspace.route("GET", "/project-viewers", fail(403, "This action is unauthorized."))
    workspace.route("GET", "/tasks", listed([]))
    workspace.route("GET", "/reports/tracked-hours", fail(403, "This action is unauthorized."))
    page = connected_client.get("/projects/501/").content.decode()
    assert "Hours this week are not shown" in page
    assert "Client viewers are not shown" in page
    assert "so you see projects read-only" in page
    assert "Archive…" not in page and "New task" not in page


def test_a_project_of_another_workspace_is_not_found(connected_client, project_page):
    response = connected_client.get("/projects/999/")
    assert response.status_code == 404
    assert "This workspace has no such project" in response.content.decode()


def test_webwork_down_is_a_page_that_says_so(connected_client, project_page):
    project_page.route("GET", "/tasks", fail(503, "Service Unavailable"))
    response = connected_client.get("/projects/501/")
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()
