"""Against the real sandbox: what the project and task pages cost, and that they tell the truth."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.accounts.connecting import establish
from dashboard.audit.models import AuditEntry
from dashboard.webwork.oauth import TokenSet
from tests.conftest import HTMX

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sandbox]


@pytest.fixture
def owner(settings, sandbox, manager, client):
    """The manager, connected to the sandbox as the owner of Acme Studio."""
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    client.force_login(manager)
    sandbox.clear_calls()
    return client


def paths(sandbox) -> list[str]:
    return sorted(f"{c['method']} {c['path']}" for c in sandbox.calls())


def in_sandbox(sandbox, path: str, **params) -> dict:
    with sandbox.api() as api:
        return api.get(path, params={"workspace_id": 1, **params}).json()


def test_the_list_costs_one_call_cold_and_none_warm(owner, sandbox):
    cold = owner.get("/projects/")
    assert cold.status_code == 200 and "Website Redesign" in cold.content.decode()
    assert "Legacy Intranet" not in cold.content.decode()
    assert paths(sandbox) == ["GET /api/v2/projects"]
    sandbox.clear_calls()
    owner.get("/projects/?billable=no&q=r")
    owner.get("/projects/?status=archived")
    assert paths(sandbox) == []


def test_a_project_page_is_one_round_cold_and_costs_nothing_warm(owner, sandbox):
    page = owner.get("/projects/501/").content.decode()
    assert "<h1><bdi>Website Redesign</bdi></h1>" in page
    assert "Members and this week's hours" in page
    assert "Hours are for" in page
    called = paths(sandbox)
    assert "GET /api/v2/projects" in called and "GET /api/v2/tasks" in called
    assert "GET /api/v2/contracts" in called and "GET /api/v2/reports/tracked-hours" in called
    sandbox.clear_calls()
    owner.get("/projects/501/")
    assert paths(sandbox) == []


def test_the_task_list_is_one_round_cold_and_costs_nothing_warm(owner, sandbox):
    page = owner.get("/projects/501/tasks/").content.decode()
    assert paths(sandbox) == ["GET /api/v2/contracts", "GET /api/v2/projects", "GET /api/v2/tasks"]
    tasks = in_sandbox(sandbox, "tasks", project_id=501, order_by="-created_at")["data"]
    assert tasks
    for task in tasks:
        assert f'<tr id="task-{task["id"]}">' in page
    sandbox.clear_calls()
    owner.get("/projects/501/tasks/")
    assert paths(sandbox) == []


def test_the_members_and_viewers_of_a_project_page_are_the_sandboxs(owner, sandbox):
    viewers = [v for v in in_sandbox(sandbox, "project-viewers", per_page=100)["data"]]
    active = [v for v in viewers if v["status"] == "active" and v["projects"]]
    project_id = active[0]["projects"][0]["project_id"]
    page = owner.get(f"/projects/{project_id}/").content.decode()
    contracts = in_sandbox(sandbox, "contracts", project_id=project_id, per_page=100)["data"]
    assert contracts
    for contract in contracts:
        assert f"<bdi>{contract['user_email']}</bdi>" in page
    shown = page.split('id="viewers-title"')[1].split("</section>")[0]
    for viewer in viewers:
        sees = project_id in {p["project_id"] for p in viewer["projects"]}
        listed = f'href="/viewers/{viewer["id"]}/"' in shown
        assert listed == (sees and viewer["status"] == "active"), viewer["email"]


def test_create_edit_and_archive_a_project(owner, sandbox):
    created = owner.post("/projects/new/", {"name": "Live Project", "deadline": "2027-01-31"})
    assert created.status_code == 302
    project_id = int(created["Location"].rstrip("/").rsplit("/", 1)[1])
    one = in_sandbox(sandbox, f"projects/{project_id}")["data"]
    assert (one["name"], one["deadline"]) == ("Live Project", "2027-01-31")

    edited = owner.post(
        f"/projects/{project_id}/edit/", {"name": "Live Project 2", "deadline": "2027-02-28"}
    )
    assert edited.status_code == 302
    assert in_sandbox(sandbox, f"projects/{project_id}")["data"]["name"] == "Live Project 2"

    archived = owner.post(f"/projects/{project_id}/archive/", headers=HTMX)
    assert "Archived <bdi>Live Project 2</bdi>" in archived.content.decode()
    listed = owner.get("/projects/?status=archived").content.decode()
    assert "<bdi>Live Project 2</bdi>" in listed
    actions = list(AuditEntry.objects.values_list("action", "outcome", "upstream_message"))
    assert ("project.archive", "ok", "Project deleted successfully") in actions
    assert ("project.create", "ok", "Project created successfully") in actions


def test_create_a_task_assign_unassign_and_delete_it(owner, sandbox):
    contracts = in_sandbox(sandbox, "contracts", project_id=501, per_page=100)["data"]
    first, second = contracts[0]["user_id"], contracts[1]["user_id"]
    response = owner.post(
        "/projects/501/tasks/new/",
        {"title": "Live task", "status": "0", "priority": "20", "assignees": [str(first)]},
    )
    assert response.status_code == 302
    tasks = in_sandbox(sandbox, "tasks", project_id=501, per_page=100)["data"]
    task = next(t for t in tasks if t["title"] == "Live task")
    assert [a["id"] for a in task["assignees"]] == [first]
    assert task["priority"] == 20

    url = f"/projects/501/tasks/{task['id']}/assignees/"
    answered = owner.post(url, {"members": [str(second)]}, headers=HTMX).content.decode()
    assert "Task assigned successfully" in answered and "Task unassigned successfully" in answered
    now = in_sandbox(sandbox, f"tasks/{task['id']}/assignees", project_id=501)["data"]
    assert [a["id"] for a in now] == [second]

    confirm = owner.get(f"/projects/501/tasks/{task['id']}/delete/").content.decode()
    assert "No time was tracked on it since" in confirm
    owner.post(f"/projects/501/tasks/{task['id']}/delete/")
    remaining = in_sandbox(sandbox, "tasks", project_id=501, per_page=100)["data"]
    assert "Live task" not in {t["title"] for t in remaining}


def test_a_seeded_task_with_tracked_time_names_its_hours_before_it_is_deleted(owner, sandbox):
    recent = _task_minutes(sandbox, date.today() - timedelta(days=30), date.today())
    (project_id, task_id), _ = max(recent.items(), key=lambda item: item[1])
    confirm = owner.get(f"/projects/{project_id}/tasks/{task_id}/delete/").content.decode()
    since = date.fromisoformat(confirm.split('since <time datetime="')[1][:10])
    minutes = _task_minutes(sandbox, since, date.today()).get((project_id, task_id), 0)
    assert minutes > 0
    assert f"<strong>{round(minutes / 60, 1)} h</strong> were tracked on" in confirm


def _task_minutes(sandbox, start: date, end: date) -> dict[tuple[int, int], int]:
    """Minutes per (project, task) from the sandbox's own task report, 31 days at a time."""
    minutes: dict[tuple[int, int], int] = {}
    while start <= end:
        stop = min(end, start + timedelta(days=30))
        report = in_sandbox(
            sandbox,
            "reports/task-report",
            start_date=start.isoformat(),
            end_date=stop.isoformat(),
            include_no_task="false",
            per_page=100,
        )["data"]
        for member in report:
            for slot in member["tasks_breakdown"]:
                key = (slot["project_id"], slot["task_id"])
                minutes[key] = minutes.get(key, 0) + slot["total_minutes"]
        start = stop + timedelta(days=1)
    return minutes


def test_an_assignee_without_a_contract_is_refused_on_the_field_and_nothing_is_sent(owner, sandbox):
    tasks = in_sandbox(sandbox, "tasks", project_id=501, per_page=1)["data"]
    on_project = {
        c["user_id"] for c in in_sandbox(sandbox, "contracts", project_id=501, per_page=100)["data"]
    }
    members = in_sandbox(sandbox, "members", per_page=100)["data"]
    outsider = next(m["id"] for m in members if m["id"] not in on_project)
    sandbox.clear_calls()
    url = f"/projects/501/tasks/{tasks[0]['id']}/assignees/"
    page = owner.post(url, {"members": [str(outsider)]}).content.decode()
    assert "Only members with a contract on this project can be assigned" in page
    assert not [c for c in sandbox.calls() if c["method"] != "GET"]
