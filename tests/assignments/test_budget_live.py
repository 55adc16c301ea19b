"""Against the real sandbox: what the assignments page costs in upstream calls."""

from __future__ import annotations

import pytest

from tests.conftest import HTMX
from tests.viewers.test_budget_live import owner, paths  # noqa: F401 (a fixture and a helper)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sandbox]


def test_the_table_costs_four_calls_cold_and_none_while_cached(owner, sandbox):  # noqa: F811
    page = owner.get("/assignments/").content.decode()
    assert "Marcus Webb" in page
    assert paths(sandbox) == [
        "GET /api/v2/contracts",
        "GET /api/v2/members",
        "GET /api/v2/projects",
        "GET /api/v2/reports/tracked-hours",
    ]
    sandbox.clear_calls()
    owner.get("/assignments/?by=member")
    assert paths(sandbox) == []


def test_pausing_from_the_table_costs_two_calls_and_is_what_the_sandbox_holds(owner, sandbox):  # noqa: F811
    owner.get("/assignments/")
    sandbox.clear_calls()
    row = owner.post("/assignments/2001/pause/", headers=HTMX).content.decode()
    assert "pill-paused" in row
    assert paths(sandbox) == ["GET /api/v2/contracts/2001", "PUT /api/v2/contracts/2001"]
    with sandbox.api() as api:
        stored = api.get("contracts/2001", params={"workspace_id": 1}).json()["data"]
    assert stored["status"] == "paused"
