"""Creates and updates that also answer WebWork's message; the viewer list's status filter."""

from __future__ import annotations

from unittest import mock

from dashboard.webwork.transport import cache
from tests.fakes import body_of, ok, pages

VIEWER = {"id": 31, "email": "v@x.test", "firstname": "V", "lastname": "X"}
CONTRACT = {"id": 5, "project_id": 100, "user_id": 9, "status": "active"}


def test_an_invitation_answers_the_viewer_and_the_message(webwork, upstream):
    upstream.route(
        "POST", "/project-viewers", ok(VIEWER, message="Project viewer created", status=201)
    )
    saved = webwork.viewers.create(email="v@x.test", firstname="V", lastname="X")
    assert (saved.item.id, saved.message) == (31, "Project viewer created")
    assert body_of(upstream.last) == {
        "workspace_id": 7,
        "email": "v@x.test",
        "firstname": "V",
        "lastname": "X",
    }


def test_a_contract_create_and_update_answer_the_record_and_the_message(webwork, upstream):
    upstream.route("POST", "/contracts", ok(CONTRACT, message="Contract created successfully"))
    upstream.route("PUT", "/contracts/5", ok(None, message="Contract updated successfully"))
    added = webwork.contracts.create(project_id=100, user_id=9, screenshots="full")
    changed = webwork.contracts.update(5, status="paused")
    assert (added.item.id, added.message) == (5, "Contract created successfully")
    assert (changed.item, changed.message) == (None, "Contract updated successfully")
    assert body_of(upstream.last) == {"workspace_id": 7, "status": "paused"}


def test_the_viewer_list_filters_by_status(webwork, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER], pagination=pages(1, 20, 1)))
    webwork.viewers.list(status="inactive")
    assert upstream.last.url.params["status"] == "inactive"


def test_all_viewers_are_cached_like_a_list_not_like_reference_data(webwork, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER], pagination=pages(1, 100, 1)))
    with mock.patch.object(
        cache.ResponseCache, "_call", autospec=True, wraps=cache.ResponseCache._call
    ) as calls:
        webwork.viewers.all()
    # The value and its edition go together (one set_many); the 24-hour copy goes on its own.
    stored = [c.args for c in calls.call_args_list if c.args[1] == "set_many"]
    assert stored and stored[-1][3] == cache.LIST_TTL
