"""The documented conventions: envelope, pagination, errors, roles, workspaces, validation."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


@pytest.fixture
def lead(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("lead@acme.test") as client:
        yield client


def test_every_answer_has_the_envelope(owner: httpx.Client) -> None:
    body = owner.get("members", params={"workspace_id": ACME}).json()
    assert body["success"] is True
    assert body["meta"]["api_version"] == "2.0.0"
    assert body["meta"]["timestamp"].endswith("Z")
    assert body["meta"]["pagination"]["per_page"] == 20


def test_pagination_walks_every_page(owner: httpx.Client) -> None:
    seen, page = [], 1
    while True:
        body = owner.get(
            "timesheets", params={"workspace_id": ACME, "per_page": 100, "page": page}
        ).json()
        seen += [sheet["id"] for sheet in body["data"]]
        info = body["meta"]["pagination"]
        assert info["from"] == (page - 1) * 100 + 1
        if info["current_page"] >= info["last_page"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == info["total"]


def test_an_empty_page_has_no_from_and_to(owner: httpx.Client) -> None:
    body = owner.get("webhooks", params={"workspace_id": ACME}).json()
    assert body["data"] == []
    assert body["meta"]["pagination"]["from"] is None
    assert body["meta"]["pagination"]["last_page"] == 1


@pytest.mark.parametrize("per_page", ["0", "101", "ten"])
def test_a_bad_page_size_is_a_validation_error(owner: httpx.Client, per_page: str) -> None:
    response = owner.get("projects", params={"workspace_id": ACME, "per_page": per_page})
    assert response.status_code == 422
    body = response.json()
    assert body["success"] is False
    assert "per_page" in body["errors"]


def test_contracts_carry_pagination_at_the_top_level_too(owner: httpx.Client) -> None:
    body = owner.get("contracts", params={"workspace_id": ACME, "per_page": 5}).json()
    assert body["pagination"] == body["meta"]["pagination"]
    assert len(body["data"]) == 5


def test_without_a_token_it_is_401(sandbox: Sandbox) -> None:
    response = httpx.get(f"{sandbox.api_url}/workspaces")
    assert response.status_code == 401
    assert response.json()["success"] is False
    bad = httpx.get(f"{sandbox.api_url}/workspaces", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_workspace_id_is_required(owner: httpx.Client) -> None:
    response = owner.get("projects")
    assert response.status_code == 400
    assert "workspace_id" in response.json()["message"]


def test_workspace_id_may_come_in_the_body_or_the_query(owner: httpx.Client) -> None:
    by_body = owner.post("projects", json={"workspace_id": ACME, "name": "Body"})
    by_query = owner.post("projects", params={"workspace_id": ACME}, json={"name": "Query"})
    assert by_body.status_code == by_query.status_code == 201
    clash = owner.post("projects", params={"workspace_id": ACME}, json={"workspace_id": 2})
    assert clash.status_code == 422


def test_another_workspace_is_not_found(owner: httpx.Client, sandbox: Sandbox) -> None:
    globex = sandbox.workspace_id("Globex")
    assert owner.get("projects", params={"workspace_id": globex}).status_code == 404
    with sandbox.api("owner@globex.test") as other:
        project = other.get("projects", params={"workspace_id": globex}).json()["data"][0]
        sheet = other.get("timesheets", params={"workspace_id": globex}).json()["data"][0]
    assert owner.get(f"projects/{project['id']}", params={"workspace_id": ACME}).status_code == 404
    response = owner.put(f"timesheets/{sheet['id']}/approve", json={"workspace_id": ACME})
    assert response.status_code == 404
    assignment = owner.post(
        "contracts", json={"workspace_id": ACME, "project_id": project["id"], "user_id": 102}
    )
    assert assignment.status_code == 404


def test_a_team_manager_gets_403_on_manager_operations(lead: httpx.Client) -> None:
    for method, path, body in [
        ("POST", "projects", {"workspace_id": ACME, "name": "X"}),
        ("POST", "project-viewers", {"workspace_id": ACME, "email": "a@b.test"}),
        ("PUT", "timesheets/any/approve", {"workspace_id": ACME}),
        ("PUT", "leaves/any/reject", {"workspace_id": ACME, "reason": "no"}),
        ("GET", "reports/tracked-hours", None),
        ("GET", "webhooks", None),
    ]:
        params = {"workspace_id": ACME} if body is None else None
        response = lead.request(method, path, json=body, params=params)
        assert response.status_code == 403, (method, path)
        assert response.json()["success"] is False


def test_a_team_manager_sees_only_their_team(lead: httpx.Client, sandbox: Sandbox) -> None:
    members = lead.get("members", params={"workspace_id": ACME, "per_page": 100}).json()["data"]
    assert {m["team_name"] for m in members} == {"Design"}
    assert "rate" not in members[0]
    with sandbox.api("owner@acme.test") as owner:
        everyone = owner.get("members", params={"workspace_id": ACME, "per_page": 100}).json()
    assert len(everyone["data"]) > len(members)
    assert "rate" in everyone["data"][0]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x" * 256},
        {"name": ""},
        {"name": 5},
        {"name": "ok", "start_date": "2026-02-30"},
        {"name": "ok", "estimation": "lots"},
        {"name": "ok", "start_date": "2026-03-01", "deadline": "2026-02-01"},
        {"name": "ok", "icon": None},
    ],
)
def test_bad_input_is_422_and_changes_nothing(owner: httpx.Client, body: dict) -> None:
    before = owner.get("projects", params={"workspace_id": ACME}).json()["meta"]["pagination"]
    response = owner.post("projects", json={"workspace_id": ACME, **body})
    assert response.status_code == 422
    assert response.json()["errors"]
    after = owner.get("projects", params={"workspace_id": ACME}).json()["meta"]["pagination"]
    assert after["total"] == before["total"]


def test_malformed_json_is_400(owner: httpx.Client) -> None:
    response = owner.post(
        "projects",
        params={"workspace_id": ACME},
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["projects/abc", "projects/99999999999999999999", "members/0"])
def test_unknown_ids_are_404(owner: httpx.Client, path: str) -> None:
    response = owner.get(path, params={"workspace_id": ACME})
    assert response.status_code == 404
    assert response.json()["success"] is False


def test_unknown_paths_and_methods_answer_in_the_envelope(owner: httpx.Client) -> None:
    assert owner.get("nothing-here").json()["success"] is False
    response = owner.patch("projects", json={})
    assert response.status_code == 405


def test_names_with_markup_survive_unchanged(owner: httpx.Client) -> None:
    names = [p["name"] for p in owner.get("projects", params={"workspace_id": ACME}).json()["data"]]
    assert "<script>alert('xss')</script> Landing Page" in names
    assert "=Budget Forecast 2026" in names
    assert "Café Menu Redesign 🍰" in names
