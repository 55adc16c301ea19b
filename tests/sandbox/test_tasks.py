"""Tasks: they belong to projects, have assignees with contracts, and follow project visibility."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1
PROJECT = 501


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def tasks(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    response = client.get("tasks", params={"workspace_id": ACME, "per_page": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def on_project(client: httpx.Client, project_id: int = PROJECT) -> list[int]:
    params = {"workspace_id": ACME, "project_id": project_id, "per_page": 100}
    return [c["user_id"] for c in client.get("contracts", params=params).json()["data"]]


def create(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post("tasks", json={"workspace_id": ACME, "project_id": PROJECT, **body})


def test_tasks_list_by_project_status_and_priority(owner: httpx.Client) -> None:
    mine = tasks(owner, project_id=PROJECT)
    assert mine and {t["project_id"] for t in mine} == {PROJECT}
    done = tasks(owner, status=20)
    assert done and all(t["status"] == 20 and t["completed_at"] for t in done)
    urgent = tasks(owner, priority=10, order_by="-title")
    assert [t["title"] for t in urgent] == sorted((t["title"] for t in urgent), reverse=True)
    assert owner.get("tasks", params={"workspace_id": ACME, "status": 5}).status_code == 422
    subtasks = [t for t in tasks(owner) if t["parent_id"]]
    assert subtasks
    assert {t["id"] for t in tasks(owner, parent_id=subtasks[0]["parent_id"])} >= {
        subtasks[0]["id"]
    }


def test_the_v2_variant_needs_a_project(sandbox: Sandbox, owner: httpx.Client) -> None:
    assert owner.get("tasks", params={"workspace_id": ACME}).status_code == 200
    sandbox.set_variant("v2")
    missing = owner.get("tasks", params={"workspace_id": ACME})
    assert missing.status_code == 422 and "project_id" in missing.json()["errors"]


def test_a_task_is_created_with_defaults_and_assignees(owner: httpx.Client) -> None:
    people = on_project(owner)
    created = create(owner, title="Launch checklist", assignees=people[:2])
    assert created.status_code == 201, created.text
    task = created.json()["data"]
    assert (task["status"], task["priority"], task["creator_id"]) == (0, 30, 101)
    assert [a["id"] for a in task["assignees"]] == sorted(people[:2])
    shown = owner.get(f"tasks/{task['id']}", params={"workspace_id": ACME, "project_id": PROJECT})
    assert shown.json()["data"] == task
    assignees = owner.get(
        f"tasks/{task['id']}/assignees", params={"workspace_id": ACME, "project_id": PROJECT}
    ).json()["data"]
    assert [a["id"] for a in assignees] == sorted(people[:2])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"title": ""}, 422),
        ({"title": "x" * 256}, 422),
        ({"title": "ok", "priority": 15}, 422),
        ({"title": "ok", "start_date": "2026-03-02", "end_date": "2026-03-01"}, 422),
        ({"title": "ok", "assignees": [123]}, 422),  # a project viewer
        ({"title": "ok", "assignees": [999999]}, 404),
        ({"title": "ok", "parent_id": 999999}, 404),
        ({"title": "ok", "project_id": 999999}, 404),
        ({"title": "ok", "description": "d" * 5001}, 422),
    ],
)
def test_bad_tasks_are_refused_and_nothing_is_written(
    owner: httpx.Client, body: dict, status: int
) -> None:
    before = len(tasks(owner))
    response = create(owner, **body)
    assert response.status_code == status, response.text
    assert response.json()["success"] is False
    assert len(tasks(owner)) == before


def test_an_assignee_needs_a_contract_on_the_project(owner: httpx.Client) -> None:
    task = tasks(owner, project_id=PROJECT)[0]
    working_here = on_project(owner)
    outsider = next(uid for uid in range(102, 121) if uid not in working_here)
    body = {"workspace_id": ACME, "project_id": PROJECT}
    refused = owner.post(f"tasks/{task['id']}/assign/{outsider}", json=body)
    assert refused.status_code == 422 and "assignees" in refused.json()["errors"]
    assert outsider not in [a["id"] for a in tasks(owner, project_id=PROJECT)[0]["assignees"]]


def test_assign_and_unassign_are_idempotent(owner: httpx.Client) -> None:
    task = create(owner, title="Pair on it").json()["data"]
    person = on_project(owner)[0]
    body = {"workspace_id": ACME, "project_id": PROJECT}
    for _ in range(2):
        assert owner.post(f"tasks/{task['id']}/assign/{person}", json=body).status_code == 200
    path = f"tasks/{task['id']}/assignees"
    query = {"workspace_id": ACME, "project_id": PROJECT}
    assert [a["id"] for a in owner.get(path, params=query).json()["data"]] == [person]
    for _ in range(2):
        gone = owner.request("DELETE", f"tasks/{task['id']}/unassign/{person}", json=body)
        assert gone.status_code == 200
    assert owner.get(path, params=query).json()["data"] == []


def test_completing_a_task_stamps_it_and_reopening_clears(owner: httpx.Client) -> None:
    task = create(owner, title="Ship").json()["data"]
    path = f"tasks/{task['id']}"
    body = {"workspace_id": ACME, "project_id": PROJECT}
    done = owner.put(path, json={**body, "status": 30}).json()["data"]
    assert done["completed_at"] and done["status_name"] == "Completed"
    again = owner.put(path, json={**body, "status": 0, "description": None}).json()["data"]
    assert again["completed_at"] is None and again["description"] is None


def test_deleting_a_task_hides_it_and_its_subtasks(owner: httpx.Client) -> None:
    parent = create(owner, title="Epic").json()["data"]
    child = create(owner, title="Story", parent_id=parent["id"]).json()["data"]
    assert child["parent_id"] == parent["id"]
    grandchild = create(owner, title="Too deep", parent_id=child["id"])
    assert grandchild.status_code == 422
    body = {"workspace_id": ACME, "project_id": PROJECT}
    assert owner.request("DELETE", f"tasks/{parent['id']}", json=body).status_code == 200
    ids = {t["id"] for t in tasks(owner, project_id=PROJECT)}
    assert not ids & {parent["id"], child["id"]}
    query = {"workspace_id": ACME, "project_id": PROJECT}
    assert owner.get(f"tasks/{child['id']}", params=query).status_code == 404


def test_a_task_is_named_with_its_own_project(owner: httpx.Client) -> None:
    task = tasks(owner, project_id=PROJECT)[0]
    elsewhere = {"workspace_id": ACME, "project_id": 502}
    assert owner.get(f"tasks/{task['id']}", params=elsewhere).status_code == 404
    missing = owner.get(f"tasks/{task['id']}", params={"workspace_id": ACME})
    assert missing.status_code == 422


def test_roles_decide_who_manages_tasks(sandbox: Sandbox) -> None:
    with sandbox.api("taro@acme.test") as member:
        assert create(member, title="Mine").status_code == 403
        assert member.get("tasks", params={"workspace_id": ACME}).status_code == 200
    with sandbox.api("client.one@brand.test") as viewer:
        assert viewer.get("tasks", params={"workspace_id": ACME}).status_code == 403
    with sandbox.api("lead@acme.test") as lead:
        visible = {t["project_id"] for t in tasks(lead)}
        assert visible and visible == set(on_project_of(lead))
        project = sorted(visible)[0]
        made = lead.post("tasks", json={"workspace_id": ACME, "project_id": project, "title": "L"})
        assert made.status_code == 201
        hidden = lead.post("tasks", json={"workspace_id": ACME, "project_id": 999, "title": "L"})
        assert hidden.status_code == 404


def on_project_of(client: httpx.Client) -> list[int]:
    return [p["id"] for p in client.get("projects", params={"workspace_id": ACME}).json()["data"]]


def test_tasks_of_another_workspace_are_not_found(sandbox: Sandbox, owner: httpx.Client) -> None:
    globex = sandbox.workspace_id("Globex")
    with sandbox.api("owner@globex.test") as other:
        theirs = other.get("tasks", params={"workspace_id": globex}).json()["data"][0]
    query = {"workspace_id": ACME, "project_id": theirs["project_id"]}
    assert owner.get(f"tasks/{theirs['id']}", params=query).status_code == 404
    body = {"workspace_id": ACME, "project_id": theirs["project_id"], "title": "x"}
    assert owner.put(f"tasks/{theirs['id']}", json=body).status_code == 404
    assert owner.post("tasks", json=body).status_code == 404
