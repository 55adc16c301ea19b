"""Every page of the dashboard renders against the real sandbox, in every shape it may answer in.

The pages are found in the URL configuration (``dashboard/*/urls.py``), so a page added later
is covered at once; a page whose URL takes an id needs a way to find a real one in ``IDS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dashboard.approvals.models import BulkJob

from .conftest import Truth

NOT_PAGES = {"admin"}  # Django's own admin is not a dashboard page
# Answers other than a page that a GET legitimately gets: an action (POST only) answers 405,
# and these by design.
NOT_A_PAGE = {
    "accounts:login": ((200, 302), "a signed-in user may be sent on"),
    "accounts:connect_callback": ((400,), "without WebWork's code and state it is a bad request"),
}
STAFF_PAGES = {"outbox:list"}  # for Django staff only: the signed-in manager is made staff


def named_patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner not in NOT_PAGES:
                    yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    seen: set[str] = set()
    for name, pattern in walk(get_resolver().url_patterns, ""):
        if name not in seen:
            seen.add(name)
            yield name, pattern


def first_id(truth: Truth, path: str, **params: Any) -> int | str:
    return truth.get(path, **params)["data"][0]["id"]


def regular_member(truth: Truth) -> int:
    rows = truth.get("members", per_page=100)["data"]
    return next(m["id"] for m in rows if m.get("current_role") == "Regular User")


def assigned_task(truth: Truth) -> dict[str, Any]:
    """A task with an assignee, and its project (every task URL names both)."""
    # Reference: the v2 variant lists tasks of one project only.
    projects = [p["id"] for p in truth.get("projects", per_page=100)["data"]]
    task = next(
        t
        for project in projects
        for t in truth.get("tasks", project_id=project, per_page=100)["data"]
        if t.get("assignees")
    )
    return {
        "project_id": task["project_id"],
        "task_id": task["id"],
        "user_id": task["assignees"][0]["id"],
    }


def job_id(truth: Truth) -> str:
    from django.contrib.auth.models import User

    job = BulkJob.objects.create(
        user=User.objects.get(username="manager"),
        workspace_id=truth.workspace,
        workspace_name="Acme Studio",
        action="approve",
    )
    return str(job.pk)


Finder = Callable[[Truth], dict[str, Any]]
IDS: dict[str, Finder] = {
    "viewer_id": lambda t: {"viewer_id": first_id(t, "project-viewers")},
    "project_id": lambda t: {"project_id": first_id(t, "projects")},
    "member_id": lambda t: {"member_id": regular_member(t)},
    "contract_id": lambda t: {"contract_id": first_id(t, "contracts")},
    "job_id": lambda t: {"job_id": job_id(t)},
    "task_id": assigned_task,
    "expense_id": lambda t: {"expense_id": first_id(t, "expenses", per_page=1)},
    # The webhook receiver takes POSTs only; any key shows that a GET is refused.
    "hook_key": lambda t: {"hook_key": "00000000-0000-4000-8000-000000000000"},
}
DECIDE = {"slug": "timesheets", "item_id": "none", "verb": "approve"}
# Arguments that mean different things on different pages, by the page's URL name.
BY_NAME: dict[str, Finder] = {
    "approvals:timesheet_review": lambda t: {
        "item_id": first_id(t, "timesheets", status="submitted")
    },
    "approvals:leave_review": lambda t: {"item_id": first_id(t, "leaves", status="pending")},
    "approvals:time_request_review": lambda t: {
        "item_id": first_id(t, "time-requests", status="pending")
    },
}


def report_kinds() -> list[str]:
    from dashboard.reports.kinds import KINDS

    return list(KINDS)


def pages() -> list[tuple[str, dict[str, str]]]:
    """(URL name, fixed arguments); ids are looked up in the sandbox when the test runs."""
    found: list[tuple[str, dict[str, str]]] = []
    for name, pattern in named_patterns():
        groups = set(pattern.pattern.regex.groupindex)
        if name == "reports:report":
            found += [(name, {"kind": kind}) for kind in report_kinds()]
        elif name == "approvals:decide":
            found.append((name, DECIDE))
        else:
            found.append((name, {group: "" for group in groups}))
    return found


def url_of(name: str, fixed: dict[str, str], truth: Truth) -> str:
    kwargs: dict[str, Any] = {k: v for k, v in fixed.items() if v}
    if name in BY_NAME:
        kwargs |= BY_NAME[name](truth)
    # A task's finder also names its project, so the task goes first.
    for group in sorted((k for k, v in fixed.items() if not v), key=lambda g: g != "task_id"):
        if group in kwargs:
            continue
        finder = IDS.get(group)
        assert finder is not None, f"{name} takes <{group}>: say in IDS how to find a real one"
        kwargs |= {k: v for k, v in finder(truth).items() if k in fixed}
    return reverse(name, kwargs=kwargs)


PAGES = pages()
PAGE_IDS = [name + "".join(f"-{v}" for v in fixed.values() if v) for name, fixed in PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "fixed"), PAGES, ids=[n + "".join(f"-{v}" for v in f.values() if v) for n, f in PAGES]
)
def test_every_page_renders(live, truth, shape, name, fixed):
    url = url_of(name, fixed, truth)
    if name in STAFF_PAGES:
        from django.contrib.auth.models import User

        User.objects.filter(username="manager").update(is_staff=True)
    response = live.get(url)
    if response.status_code == 405:
        return  # an action: it takes a POST, and is no page
    if name in NOT_A_PAGE:
        statuses, why = NOT_A_PAGE[name]
        assert response.status_code in statuses, why
        return
    html = response.content.decode()
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    if "html" in response.get("Content-Type", "") and "<html" in html:
        assert not re.search(r"Unknown member|\bMember \d+\b", html), f"{url} lost a name"
        assert "Traceback" not in html
