"""``safe_next``: only a path of this site is ever where a page sends the user next."""

from __future__ import annotations

import pytest

from dashboard.core.navigation import safe_next

DEFAULT = "/approvals/timesheets/"
OFFSITE = [
    "//evil.test",
    "/\\evil.test",
    "https:evil.test",
    "\\\\evil.test",
    "%2F%2Fevil.test",
    "/%2F/evil.test",
    "/%5Cevil.test",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "https://evil.test/",
    "http://testserver.evil.test/",
    "/\tevil",
    "/\nevil",
    " //evil.test",
    "evil.test/approvals/",
]
LOCAL = [
    "/",
    "/approvals/timesheets/?status=all",
    "/approvals/leaves/?status=pending&user_id=9&page=2",
    "/approvals/time-requests/?date_from=2026-01-01&date_to=2026-01-31#results",
    "/audit/?q=%C3%A9t%C3%A9",
]


@pytest.mark.parametrize("target", OFFSITE)
def test_it_refuses_anything_but_a_local_path(rf, target):
    assert safe_next(rf.post("/x/", {"next": target}), DEFAULT) == DEFAULT
    assert safe_next(rf.get("/x/", {"next": target}), DEFAULT) == DEFAULT
    assert safe_next(rf.get("/x/"), DEFAULT, value=target) == DEFAULT


@pytest.mark.parametrize("target", LOCAL)
def test_it_keeps_a_local_path_with_its_query(rf, target):
    assert safe_next(rf.post("/x/", {"next": target}), DEFAULT) == target
    assert safe_next(rf.get("/x/", {"next": target}), DEFAULT) == target


def test_the_form_wins_over_the_query_and_nothing_means_the_default(rf):
    request = rf.post("/x/?next=/audit/", {"next": "/approvals/leaves/"})
    assert safe_next(request, DEFAULT) == "/approvals/leaves/"
    assert safe_next(rf.post("/x/"), DEFAULT) == DEFAULT
    assert safe_next(rf.post("/x/", {"next": ""}), DEFAULT) == DEFAULT
