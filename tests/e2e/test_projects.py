"""In Chromium against the sandbox: create a project, add tasks, assign and unassign members."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def owner_page(owner_page, settings, sandbox):
    """At 1280 px, with a budget of 600 a minute: clicks come faster than a person's."""
    settings.WEBWORK_RATE_PER_MINUTE = 600
    sandbox.set_rate_limit(600)
    owner_page.set_viewport_size({"width": 1280, "height": 900})
    return owner_page


def api_get(sandbox, path: str, **params) -> dict:
    with sandbox.api() as api:
        return api.get(path, params={"workspace_id": 1, **params}).json()


def put_on_project(sandbox, project_id: int, count: int) -> list[dict]:
    """Give ``count`` regular members a contract on the project, as the assignments page would."""
    members = api_get(sandbox, "members", role="Regular User", status="active", per_page=100)
    chosen = members["data"][:count]
    with sandbox.api() as api:
        for member in chosen:
            body = {"workspace_id": 1, "project_id": project_id, "user_id": member["id"]}
            assert api.post("contracts", json=body).status_code == 201
    return chosen


def name(member: dict) -> str:
    return f"{member['firstname']} {member['lastname']}"


def test_create_a_project_add_tasks_and_assign_them(owner_page, live_server, sandbox, screenshot):
    page = owner_page
    page.goto(live_server.url + "/projects/")
    expect(page.get_by_role("heading", name="Projects", level=1)).to_be_visible()
    screenshot("projects")

    page.get_by_role("link", name="New project").first.click()
    page.get_by_label("Name").fill("Launch Site")
    page.get_by_label("Deadline").fill("2027-03-31")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Launch Site", level=1)).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Project created successfully")
    ).to_be_visible()
    project_id = int(re.search(r"/projects/(\d+)/", page.url).group(1))
    expect(page.get_by_text("Nobody works on it yet.")).to_be_visible()

    ada, ben = put_on_project(sandbox, project_id, 2)
    page.goto(live_server.url + f"/projects/{project_id}/tasks/")
    # The contracts were made outside the dashboard: read them fresh, as its Refresh link does.
    page.get_by_role("link", name="Refresh").click()
    page.get_by_role("link", name="New task").first.click()
    page.get_by_label("Title").fill("Write the copy")
    page.get_by_label("Priority").select_option(label="High")
    page.get_by_label(name(ada)).check()
    page.get_by_role("button", name="Create task").click()
    copy_row = page.get_by_role("row", name=re.compile("Write the copy"))
    expect(copy_row).to_contain_text(name(ada))
    expect(copy_row).to_contain_text("High")

    page.get_by_role("link", name="New task").first.click()
    page.get_by_label("Title").fill("Design the hero")
    page.get_by_role("button", name="Create task").click()
    hero_row = page.get_by_role("row", name=re.compile("Design the hero"))
    expect(hero_row).to_contain_text("Nobody")

    hero_row.get_by_text("Assign…").click()
    hero_row.get_by_label(name(ada)).check()
    hero_row.get_by_label(name(ben)).check()
    screenshot("project-tasks-assign")
    hero_row.get_by_role("button", name="Save assignees").click()
    banner = page.get_by_role("status").filter(has_text="Assignees of Design the hero")
    expect(banner).to_contain_text(f"{name(ada)}: Task assigned successfully")
    expect(banner).to_contain_text(f"{name(ben)}: Task assigned successfully")
    hero_row = page.get_by_role("row", name=re.compile("Design the hero"))
    expect(hero_row.get_by_role("list", name=re.compile("Assigned to"))).to_contain_text(name(ben))

    hero_row.get_by_role("button", name=f"Take {name(ada)} off Design the hero").click()
    expect(
        page.get_by_role("status").filter(has_text="Task unassigned successfully")
    ).to_be_visible()
    expect(page.get_by_role("button", name=f"Take {name(ada)} off Design the hero")).to_have_count(
        0
    )
    screenshot("project-tasks")

    tasks = {t["title"]: t for t in api_get(sandbox, "tasks", project_id=project_id)["data"]}
    assert [a["id"] for a in tasks["Write the copy"]["assignees"]] == [ada["id"]]
    assert [a["id"] for a in tasks["Design the hero"]["assignees"]] == [ben["id"]]
    assert tasks["Write the copy"]["priority"] == 20

    page.goto(live_server.url + f"/projects/{project_id}/")
    expect(page.get_by_role("heading", name="Members and this week's hours")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(name(ada)))).to_be_visible()
    expect(page.get_by_text("Design the hero")).to_be_visible()
    screenshot("project-detail")


def test_deleting_a_task_with_tracked_time_names_the_hours(owner_page, live_server, screenshot):
    page = owner_page
    page.goto(live_server.url + "/projects/501/tasks/")
    first = page.get_by_role("link", name=re.compile("^Delete ")).first
    first.click()
    expect(page.get_by_role("heading", name=re.compile("^Delete .*\\?$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"No time was tracked|h were tracked on"))).to_be_visible()
    screenshot("project-task-delete")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", name=re.compile("Tasks of"))).to_be_visible()


def test_the_project_pages_fit_a_phone(owner_page, live_server, screenshot):
    page = owner_page
    page.set_viewport_size({"width": 390, "height": 844})
    for url, heading in (
        ("/projects/", "Projects"),
        ("/projects/501/", "Website Redesign"),
        ("/projects/501/tasks/", "Tasks of Website Redesign"),
        ("/projects/new/", "New project"),
    ):
        page.goto(live_server.url + url)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        screenshot("projects-phone-" + (url.strip("/").replace("/", "-") or "list"))
    page.goto(live_server.url + "/projects/")
    edit = page.get_by_role("link", name="Edit Website Redesign").bounding_box()
    tab = page.get_by_role("link", name=re.compile("^Archived")).bounding_box()
    assert edit and tab and edit["height"] >= 44 and tab["height"] >= 44
