from __future__ import annotations

import threading
from typing import Any

import pytest

import dashboard
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkInvalid, WebworkNotFound, WebworkUnavailable
from dashboard.webwork.records import Contract, Viewer
from dashboard.webwork.resources.query import Paging
from tests.fakes import Reply, body_of, ok, pages
from tests.webwork.conftest import TOKEN, WORKSPACE

VIEWER = {
    "id": 31,
    "email": "client@example.com",
    "firstname": "Ada",
    "lastname": "Client",
    "status": "active",
    "member_since": "2024-01-15T09:00:00Z",
    "projects": [{"project_id": 100, "project_name": "Website"}],
}


def test_it_sends_the_bearer_token_and_the_user_agent(webwork, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER], pagination=pages(1, 20, 1)))
    webwork.viewers.list()
    request = upstream.last
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["User-Agent"] == f"webwork-dashboard/{dashboard.__version__}"
    assert request.headers["Accept"] == "application/json"


def test_a_cookie_one_users_answer_sets_never_goes_with_another_users_request(
    webwork, upstream, tokens, http, retry, budget
):
    cookie = {"Set-Cookie": "balancer=node-3; Path=/; Domain=webwork.test"}
    upstream.route("GET", "/project-viewers", Reply(200, {"success": True, "data": []}, cookie))
    webwork.viewers.list()
    from dashboard.webwork.auth import StaticToken

    other = WebworkClient(StaticToken("t2", "webwork-user:2"), WORKSPACE, http=http, budget=budget)
    other.viewers.list(email="b@x.test")
    assert [r.headers.get("Cookie") for r in upstream.requests] == [None, None]
    assert not http.cookies  # the shared client keeps none


def test_it_puts_the_workspace_and_filters_in_the_query_of_reads(webwork, upstream):
    upstream.route("GET", "/project-viewers", ok([], pagination=pages(0, 50, 2)))
    webwork.viewers.list(email="a+b@example.com", paging=Paging(2, 50))
    params = upstream.last.url.params
    assert dict(params) == {
        "workspace_id": str(WORKSPACE),
        "email": "a+b@example.com",
        "page": "2",
        "per_page": "50",
    }
    assert upstream.last.content == b""


def test_it_leaves_out_filters_that_are_not_given(webwork, upstream):
    upstream.route("GET", "/contracts", ok([]))
    webwork.contracts.list(status="paused")
    assert set(upstream.last.url.params) == {"workspace_id", "status", "page", "per_page"}


@pytest.mark.parametrize(
    ("call", "method", "path", "body"),
    [
        (
            lambda w: w.viewers.assign_project(31, 100),
            "POST",
            "/project-viewers/31/assign-project",
            {"project_id": 100},
        ),
        (
            lambda w: w.viewers.unassign_project(31, 100),
            "DELETE",
            "/project-viewers/31/unassign-project",
            {"project_id": 100},
        ),
        (lambda w: w.viewers.archive(31), "DELETE", "/project-viewers/31", {}),
        (lambda w: w.timesheets.approve("ts-1"), "PUT", "/timesheets/ts-1/approve", {}),
    ],
)
def test_it_sends_the_workspace_in_query_and_body_of_writes(
    webwork, upstream, call, method, path, body
):
    upstream.route(method, path, ok(None, message="Done"))
    call(webwork)
    assert upstream.last.url.params["workspace_id"] == str(WORKSPACE)
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE, **body}


def test_it_answers_records_not_the_envelope(webwork, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER], pagination=pages(41, 20, 1)))
    page = webwork.viewers.list()
    assert page.items == (
        Viewer(
            id=31,
            email="client@example.com",
            firstname="Ada",
            lastname="Client",
            status="active",
            member_since=page.items[0].member_since,
            projects=page.items[0].projects,
        ),
    )
    assert page.items[0].project_ids == {100}
    assert (page.total, page.page, page.per_page, page.last_page) == (41, 1, 20, 3)
    assert page.has_next and not page.has_previous
    assert page.fetched_at is not None


def test_it_reads_pagination_at_the_top_level_too(webwork, upstream):
    contract = {"id": 5, "project_id": 100, "user_id": 9, "status": "active"}
    upstream.route("GET", "/contracts", ok([contract], pagination=pages(45, 20, 2), top_level=True))
    page = webwork.contracts.list(paging=Paging(2))
    assert page.items == (Contract(id=5, project_id=100, user_id=9, status="active"),)
    assert (page.total, page.page, page.last_page) == (45, 2, 3)


def test_a_list_without_pagination_is_one_page(webwork, upstream):
    upstream.route("GET", "/webhooks", ok([{"id": "wh1", "url": "https://x.test/h"}]))
    page = webwork.webhooks.list()
    assert (page.total, page.page, page.last_page, len(page)) == (1, 1, 1, 1)


def test_actions_answer_the_upstream_message(webwork, upstream):
    upstream.route(
        "PUT", "/timesheets/ts-9/approve", ok(None, message="Timesheet approved successfully")
    )
    assert webwork.timesheets.approve("ts-9") == "Timesheet approved successfully"


def test_creates_answer_the_new_record(webwork, upstream):
    upstream.route("POST", "/project-viewers", ok(VIEWER, status=201, message="Created"))
    viewer = webwork.viewers.create(
        email="client@example.com", firstname="Ada", lastname="Client"
    ).item
    assert viewer.id == 31
    assert body_of(upstream.last) == {
        "workspace_id": WORKSPACE,
        "email": "client@example.com",
        "firstname": "Ada",
        "lastname": "Client",
    }


def test_a_body_that_is_not_json_is_unavailable(webwork, upstream):
    upstream.route("GET", "/project-viewers", Reply(200, raw=b"<html>Bad gateway</html>"))
    with pytest.raises(WebworkUnavailable, match="not JSON"):
        webwork.viewers.list()


@pytest.mark.parametrize(
    "body",
    [
        ["not", "an", "envelope"],
        {"success": True, "data": {"not": "a list"}},
        {"success": True, "data": ["not an object"]},
        {"success": True, "data": [{"email": "no id"}]},
    ],
)
def test_a_malformed_body_is_unavailable(webwork, upstream, body):
    upstream.route("GET", "/project-viewers", Reply(200, body))
    with pytest.raises(WebworkUnavailable, match="malformed") as caught:
        webwork.viewers.list()
    assert (caught.value.method, caught.value.path) == ("GET", "/project-viewers")


def test_a_2xx_that_says_it_failed_is_invalid(webwork, upstream):
    upstream.route("PUT", "/timesheets/t/approve", Reply(200, {"success": False, "message": "No"}))
    with pytest.raises(WebworkInvalid, match="No"):
        webwork.timesheets.approve("t")


def test_an_empty_2xx_body_is_an_action_without_message(webwork, upstream):
    upstream.route("DELETE", "/webhooks/wh1", Reply(204, raw=b""))
    assert webwork.webhooks.delete("wh1") == ""


def test_it_escapes_opaque_ids_into_one_path_segment(webwork, upstream):
    upstream.route("PUT", "/timesheets/a/b?c#d/approve", ok(None, message="ok"))
    webwork.timesheets.approve("a/b?c#d")
    assert upstream.last.url.raw_path == b"/api/v2/timesheets/a%2Fb%3Fc%23d/approve?workspace_id=7"


@pytest.mark.parametrize("bad_id", ["", ".", ".."])
def test_it_refuses_ids_that_would_leave_their_path(webwork, bad_id):
    with pytest.raises(WebworkNotFound):
        webwork.timesheets.approve(bad_id)


def test_it_needs_a_workspace_for_workspace_calls(tokens, http, retry, budget):
    client = WebworkClient(tokens, None, http=http, retry=retry, budget=budget)
    with pytest.raises(WebworkInvalid, match="workspace"):
        client.members.list()


def test_workspaces_are_listed_without_a_workspace(tokens, http, retry, budget, upstream):
    upstream.route(
        "GET",
        "/workspaces",
        ok(
            [
                {
                    "id": 1,
                    "workspace_name": "Acme Studio",
                    "role": "Owner",
                    "status": "active",
                    "user_id": 100,
                    "activated_at": "2025-02-19 19:24:55",
                }
            ]
        ),
    )
    client = WebworkClient(tokens, None, http=http, retry=retry, budget=budget)
    [workspace] = client.workspaces.list(refresh=True)
    assert (workspace.id, workspace.name, workspace.role, workspace.user_id) == (
        1,
        "Acme Studio",
        "Owner",
        100,
    )
    assert workspace.activated_at is not None and workspace.activated_at.year == 2025
    assert "workspace_id" not in upstream.last.url.params


def test_fetch_all_pages_fetches_the_rest_concurrently_once_the_total_is_known(webwork, upstream):
    barrier = threading.Barrier(3, timeout=5)
    seen: list[int] = []

    def members(request: Any) -> Any:
        number = int(request.url.params["page"])
        seen.append(number)
        if number > 1:
            barrier.wait()  # pages 2, 3 and 4 must all be in flight at once
        items = [
            {
                "id": number * 1000 + i,
                "email": f"m{i}@x.test",
                "firstname": "M",
                "lastname": str(i),
                "current_role": "Regular User",
                "status": "active",
            }
            for i in range(100 if number < 4 else 7)
        ]
        return ok(items, pagination=pages(307, 100, number))(request)

    upstream.route("GET", "/members", members)
    everyone = webwork.members.all()
    assert seen[0] == 1 and sorted(seen) == [1, 2, 3, 4]
    assert len(everyone) == everyone.total == 307
    assert [m.id for m in everyone][:2] == [1000, 1001]
    assert {r.url.params["per_page"] for r in upstream.requests} == {"100"}


def test_gather_runs_calls_concurrently_and_keeps_their_order(webwork, upstream):
    barrier = threading.Barrier(2, timeout=5)

    def slow(reply: Any) -> Any:
        def handler(request: Any) -> Any:
            barrier.wait()
            return reply(request)

        return handler

    upstream.route("GET", "/projects", slow(ok([{"id": 1, "name": "P"}])))
    upstream.route("GET", "/members", slow(ok([])))
    projects, members = webwork.gather(lambda: webwork.projects.all(), webwork.members.all)
    assert [p.name for p in projects] == ["P"]
    assert len(members) == 0


def test_gather_raises_the_first_error_after_all_calls_finish(webwork, upstream):
    finished = threading.Event()

    def late(request: Any) -> Any:
        finished.set()
        return ok([])(request)

    upstream.route("GET", "/projects", Reply(404, {"success": False, "message": "Gone"}))
    upstream.route("GET", "/members", late)
    with pytest.raises(WebworkNotFound, match="Gone"):
        webwork.gather(webwork.projects.all, webwork.members.all)
    assert finished.is_set()


def test_the_client_repr_shows_no_token(webwork):
    assert TOKEN not in repr(webwork)
    assert TOKEN not in repr(webwork._api)


def test_views_tests_can_swap_the_shared_client_for_a_mock(tokens, retry, budget, upstream):
    import httpx

    from dashboard.webwork.transport.http import shared_http, using_transport

    upstream.route("GET", "/projects/1", ok({"id": 1, "name": "P"}))
    before = shared_http()
    with using_transport(httpx.MockTransport(upstream)):
        client = WebworkClient(tokens, WORKSPACE, retry=retry, budget=budget)
        assert client.projects.get(1).name == "P"
    assert shared_http() is before
    assert upstream.last.url.path.endswith("/projects/1")


def test_the_shared_client_follows_a_change_of_base_url(settings):
    from dashboard.webwork.transport.http import shared_http

    settings.WEBWORK_API_BASE_URL = "https://one.example/api/v2"
    first = shared_http()
    assert shared_http() is first
    settings.WEBWORK_API_BASE_URL = "https://two.example/api/v2"
    assert str(shared_http().base_url) == "https://two.example/api/v2/"
