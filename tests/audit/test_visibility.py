"""Who sees whose audit entries: on the page and in the CSV export alike."""

from __future__ import annotations

import pytest

from dashboard.accounts.models import WebworkConnection
from dashboard.audit.log import record

MINE, SAME_WORKSPACE, OTHER_WORKSPACE, NOBODYS = "Mine", "Colleague here", "Elsewhere", "Lockout"


@pytest.fixture
def entries(manager, outsider):
    record(user=manager, action="viewer.archive", outcome="ok", target=("viewer", 1, MINE))
    record(
        user=outsider,
        action="timesheet.reject",
        outcome="ok",
        target=("timesheet", 2, SAME_WORKSPACE),
        workspace_id=7,
        summary={"reason": "Hours on a holiday"},
    )
    record(
        user=outsider,
        action="viewer.invite",
        outcome="ok",
        target=("viewer", 3, OTHER_WORKSPACE),
        workspace_id=9,
    )
    record(
        user=None, action="sign_in.locked_out", outcome="failed", target=("account", "x", NOBODYS)
    )


def _connect(user, role: str) -> None:
    connection = WebworkConnection(
        user=user, kind="token", workspace_id=7, workspace_name="Acme Studio", workspace_role=role
    )
    connection.set_tokens("a-token")
    connection.save()


def _seen(client) -> tuple[set[str], set[str]]:
    page = client.get("/audit/").content.decode()
    export = b"".join(client.get("/audit/?format=csv").streaming_content).decode("utf-8-sig")
    labels = {MINE, SAME_WORKSPACE, OTHER_WORKSPACE, NOBODYS}
    return {x for x in labels if x in page}, {x for x in labels if x in export}


@pytest.mark.parametrize("role", ["Owner", "Executive manager", "Executive Manager"])
def test_owners_and_executive_managers_see_their_workspace(client, manager, entries, role):
    _connect(manager, role)
    client.force_login(manager)
    page, export = _seen(client)
    assert page == export == {MINE, SAME_WORKSPACE}


@pytest.mark.parametrize("role", ["Team manager", "Project manager", "Regular User", ""])
def test_other_roles_see_only_their_own_entries(client, manager, entries, role):
    _connect(manager, role)
    client.force_login(manager)
    page, export = _seen(client)
    assert page == export == {MINE}


def test_a_manager_not_connected_sees_only_their_own_entries(manager_client, entries):
    page, export = _seen(manager_client)
    assert page == export == {MINE}


def test_staff_see_every_entry(client, manager, entries):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    page, export = _seen(client)
    assert page == export == {MINE, SAME_WORKSPACE, OTHER_WORKSPACE, NOBODYS}


def test_superusers_see_every_entry(owner_client, entries):
    page, export = _seen(owner_client)
    assert page == export == {MINE, SAME_WORKSPACE, OTHER_WORKSPACE, NOBODYS}


def test_the_action_filter_offers_only_actions_the_user_may_see(client, manager, entries):
    _connect(manager, "Team manager")
    client.force_login(manager)
    page = client.get("/audit/").content.decode()
    assert 'value="viewer.archive"' in page
    assert 'value="timesheet.reject"' not in page and 'value="viewer.invite"' not in page
