"""Project writes: what each sends, what it answers, what it refuses unsent, what it invalidates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dashboard.webwork.errors import WebworkInvalid, WebworkNotFound
from dashboard.webwork.records import Project
from tests.fakes import body_of, fail, ok, pages
from tests.webwork.conftest import WORKSPACE

SITE = {
    "id": 501,
    "name": "Website Redesign",
    "owner_id": 10,
    "start_date": "2026-01-05",
    "deadline": "2026-06-30",
    "estimation": 120,
    "budget_estimation": 5000,
    "notes": "Phase one",
    "is_billable": True,
    "contracts_count": 3,
    "status": 1,
    "deleted_at": None,
}


def listed(*projects: dict) -> object:
    return ok(list(projects), pagination=pages(len(projects), 100, 1))


def test_a_project_reads_its_estimation_budget_notes_and_whether_it_is_archived():
    site = Project.from_json(SITE)
    assert (site.estimation, site.budget, site.notes) == (120.0, 5000.0, "Phase one")
    assert site.is_billable is True and not site.is_archived
    gone = Project.from_json({**SITE, "status": 0, "deleted_at": "2026-11-30T10:00:00Z"})
    assert gone.archived_at == datetime(2026, 11, 30, 10, 0, tzinfo=UTC) and gone.is_archived


def test_a_project_without_the_optional_fields_says_nothing_about_them():
    bare = Project.from_json({"id": 9, "name": "Bare"})
    assert (bare.estimation, bare.budget, bare.notes, bare.archived_at) == (None, None, None, None)


def test_creating_sends_the_fields_given_and_answers_the_project(webwork, upstream):
    upstream.route(
        "POST", "/projects", ok(SITE, message="Project created successfully", status=201)
    )
    saved = webwork.projects.create(
        name="  Website Redesign ",
        start_date=date(2026, 1, 5),
        deadline=date(2026, 6, 30),
        estimation=120,
    )
    assert saved.item.id == 501 and saved.message == "Project created successfully"
    assert body_of(upstream.last) == {
        "workspace_id": WORKSPACE,
        "name": "Website Redesign",
        "start_date": "2026-01-05",
        "deadline": "2026-06-30",
        "estimation": 120,
    }
    assert upstream.last.url.params["workspace_id"] == str(WORKSPACE)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"name": "Ok", "notes": "n" * 256}, "notes"),
        ({"name": "Ok", "start_date": date(2026, 2, 1), "deadline": date(2026, 1, 31)}, "deadline"),
        ({"name": "Ok", "estimation": -1}, "estimation"),
        ({"name": "Ok", "budget": -0.5}, "budget"),
    ],
)
def test_a_create_webwork_would_refuse_is_refused_unsent(webwork, upstream, fields, field):
    with pytest.raises(WebworkInvalid) as refused:
        webwork.projects.create(**fields)
    assert field in refused.value.field_errors
    assert upstream.requests == []


def test_a_name_of_exactly_the_limit_is_sent(webwork, upstream):
    upstream.route("POST", "/projects", ok({**SITE, "name": "x" * 255}, status=201))
    webwork.projects.create(name="x" * 255)
    assert body_of(upstream.last)["name"] == "x" * 255


def test_updating_sends_only_what_is_given(webwork, upstream):
    upstream.route(
        "PUT", "/projects/501", ok({**SITE, "name": "Site"}, message="Project updated successfully")
    )
    saved = webwork.projects.update(501, name="Site")
    assert saved.item is not None and saved.item.name == "Site"
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE, "name": "Site"}


def test_an_update_without_a_project_in_the_answer_still_answers_the_message(webwork, upstream):
    upstream.route("PUT", "/projects/501", ok(None, message="Project updated successfully"))
    saved = webwork.projects.update(501, notes="Later")
    assert (saved.item, saved.message) == (None, "Project updated successfully")


def test_an_update_with_nothing_to_change_is_refused_unsent(webwork, upstream):
    with pytest.raises(WebworkInvalid, match="nothing to change"):
        webwork.projects.update(501)
    assert upstream.requests == []


def test_archiving_answers_webworks_message(webwork, upstream):
    upstream.route("DELETE", "/projects/501", ok(None, message="Project deleted successfully"))
    assert webwork.projects.archive(501) == "Project deleted successfully"
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE}


def test_a_project_of_another_workspace_is_webworks_404(webwork, upstream):
    upstream.route("DELETE", "/projects/999", fail(404, "Project not found"))
    with pytest.raises(WebworkNotFound, match="Project not found"):
        webwork.projects.archive(999)


def test_a_refused_create_carries_webworks_field_errors(webwork, upstream):
    refusal = fail(422, "The name has already been taken.", errors={"name": ["Taken."]})
    upstream.route("POST", "/projects", refusal)
    with pytest.raises(WebworkInvalid) as refused:
        webwork.projects.create(name="Website Redesign")
    assert refused.value.field_errors == {"name": ["Taken."]}


@pytest.mark.parametrize(
    ("write", "reply"),
    [
        (lambda ww: ww.projects.create(name="New"), ok(SITE, status=201)),
        (lambda ww: ww.projects.update(501, name="Renamed"), ok(SITE)),
        (lambda ww: ww.projects.archive(501), ok(None, message="Project deleted successfully")),
    ],
)
def test_each_write_invalidates_the_cached_project_list(webwork, upstream, write, reply):
    upstream.route("GET", "/projects", listed(SITE), listed(SITE, {**SITE, "id": 502}))
    for method, path in (("POST", "/projects"), ("PUT", "/projects/501")):
        upstream.route(method, path, reply)
    upstream.route("DELETE", "/projects/501", reply)
    assert len(webwork.projects.all()) == 1
    assert len(webwork.projects.all()) == 1  # cached
    write(webwork)
    assert len(webwork.projects.all()) == 2
    assert len(upstream.calls("GET", "/projects")) == 2


def test_renaming_or_archiving_also_invalidates_contracts_and_viewers(webwork, upstream):
    upstream.route("GET", "/contracts", ok([], pagination=pages(0, 100, 1)))
    upstream.route("GET", "/project-viewers", ok([], pagination=pages(0, 100, 1)))
    upstream.route("DELETE", "/projects/501", ok(None, message="Project deleted successfully"))
    webwork.contracts.all(project_id=501)
    webwork.viewers.all()
    webwork.projects.archive(501)
    webwork.contracts.all(project_id=501)
    webwork.viewers.all()
    assert len(upstream.calls("GET", "/contracts")) == 2
    assert len(upstream.calls("GET", "/project-viewers")) == 2
