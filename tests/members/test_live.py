"""Against the real sandbox: what member pages cost upstream, and that what they say is true."""

from __future__ import annotations

import pytest

from dashboard.accounts.connecting import establish
from dashboard.audit.models import AuditEntry
from dashboard.members.models import Offboarding
from dashboard.members.offboarding import Waiting
from dashboard.webwork.oauth import TokenSet
from tests.conftest import HTMX

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sandbox]

ZOE = 114


def connect(settings, sandbox, manager, client, email: str):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token(email), "", None, ""))
    client.force_login(manager)
    sandbox.clear_calls()
    return client


@pytest.fixture
def owner(settings, sandbox, manager, client):
    """The manager, connected to the sandbox as the owner of Acme Studio."""
    return connect(settings, sandbox, manager, client, "owner@acme.test")


def paths(sandbox) -> list[str]:
    return sorted(f"{c['method']} {c['path']}" for c in sandbox.calls())


def member(sandbox, member_id: int) -> dict | None:
    with sandbox.api() as api:
        answer = api.get(f"members/{member_id}", params={"workspace_id": 1})
    return answer.json()["data"] if answer.status_code == 200 else None


def test_the_list_costs_one_round_cold_and_nothing_warm(owner, sandbox):
    page = owner.get("/members/").content.decode()
    assert "<bdi>Amelia Stone</bdi>" in page and "Offboard Zoë Müller" not in page  # page 2
    assert paths(sandbox) == ["GET /api/v2/contracts", "GET /api/v2/members"]
    sandbox.clear_calls()
    owner.get("/members/?team=Design&sort=limit")
    assert paths(sandbox) == []
    owner.get("/members/?refresh=1")
    assert paths(sandbox) == ["GET /api/v2/contracts", "GET /api/v2/members"]


def test_an_invitation_reaches_the_sandbox_with_its_role(owner, sandbox):
    data = {"email": "dana@acme.test", "firstname": "Dana", "lastname": "Delgado"}
    response = owner.post("/members/invite/", {**data, "role": "Team manager"}, headers=HTMX)
    assert "Member invited successfully" in response.content.decode()
    entry = AuditEntry.objects.get(action="member.invite")
    invited = member(sandbox, int(entry.target_id))
    assert invited is not None
    assert (invited["current_role"], invited["status"]) == ("Team manager", "inactive")
    again = owner.post("/members/invite/", {**data, "role": "Regular User"}, headers=HTMX)
    assert "already has this e-mail in the workspace" in again.content.decode()
    assert len([c for c in sandbox.calls() if c["method"] == "POST"]) == 1


def test_a_change_reaches_the_sandbox_and_the_owner_is_never_sent(owner, sandbox):
    data = {"role": "Project manager", "weekly_hours_limit": "25", "rates_visible": "on"}
    body = owner.post(f"/members/{ZOE}/edit/", data, headers=HTMX).content.decode()
    assert "Member updated successfully" in body and "Project manager" in body
    now = member(sandbox, ZOE)
    assert (now["current_role"], now["weekly_hours_limit"], now["rate_status"]) == (
        "Project manager",
        25,
        1,
    )
    sandbox.clear_calls()
    owner.post("/members/101/archive/", headers=HTMX)
    owner.post(
        "/members/101/edit/",
        {"role": "Regular User", "weekly_hours_limit": "168", "rates_visible": "on"},
    )
    assert not [c for c in sandbox.calls() if c["method"] in ("PUT", "DELETE")]
    assert member(sandbox, 101)["current_role"] == "Owner"


def test_offboarding_against_the_sandbox_from_waiting_items_to_the_archive(owner, sandbox, manager):
    owner.get(f"/members/{ZOE}/offboard/")
    assert paths(sandbox) == [
        "GET /api/v2/leaves",
        "GET /api/v2/members/114",
        "GET /api/v2/time-requests",
        "GET /api/v2/timesheets",
    ]
    with sandbox.api() as api:
        query = {"workspace_id": 1, "user_id": ZOE}
        sheet = api.get("timesheets", params={**query, "status": "submitted"}).json()["data"][0]
        leave = api.get("leaves", params={**query, "status": "pending"}).json()["data"][0]
    decisions = {
        f"decide-{Waiting('timesheet', sheet['id'], '').key}": "approve",
        f"decide-{Waiting('leave', leave['id'], '').key}": "reject",
        f"reason-{Waiting('leave', leave['id'], '').key}": "Overlaps the handover",
    }
    step2 = owner.post(f"/members/{ZOE}/offboard/waiting/", decisions, headers=HTMX)
    text = step2.content.decode()
    assert "Timesheet approved successfully" in text and "Leave request rejected" in text
    with sandbox.api() as api:
        status = api.get("leaves", params={"workspace_id": 1, "id": leave["id"]}).json()["data"]
    assert (
        status[0]["status"] == "rejected" and status[0]["reject_reason"] == "Overlaps the handover"
    )

    active = [c["id"] for c in _contracts(sandbox) if c["status"] == "active"]
    owner.post(f"/members/{ZOE}/offboard/contracts/", {"pause": active}, headers=HTMX)
    assert all(c["status"] == "paused" for c in _contracts(sandbox))
    done = owner.post(f"/members/{ZOE}/offboard/archive/", headers=HTMX).content.decode()
    assert "Member archived successfully" in done
    assert member(sandbox, ZOE) is None
    assert Offboarding.objects.get(user=manager, member_id=ZOE).is_done
    listed = owner.get("/members/?refresh=1").content.decode()
    assert 'id="member-114"' not in listed and "Offboarded by you in the last 30 days" in listed


def _contracts(sandbox) -> list[dict]:
    with sandbox.api() as api:
        return api.get("contracts", params={"workspace_id": 1, "user_id": ZOE}).json()["data"]


def test_a_team_manager_sees_their_team_read_only(settings, sandbox, manager, client):
    lead = connect(settings, sandbox, manager, client, "lead@acme.test")
    page = lead.get("/members/").content.decode()
    assert "you see members read-only" in page
    assert "Invite a member" not in page and "Offboard" not in page
    assert "<bdi>Zoë Müller</bdi>" in page  # Design, as they are
    assert "<bdi>Marcus Webb</bdi>" not in page  # Operations: WebWork does not show them
