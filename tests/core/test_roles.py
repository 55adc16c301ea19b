"""What each WebWork role may do in the dashboard."""

from __future__ import annotations

import pytest

from dashboard.core.http import ActiveWorkspace
from dashboard.core.roles import Role


@pytest.mark.parametrize("name", ["Owner", "Executive manager", " executive  MANAGER "])
def test_owners_and_executive_managers_may_do_everything(name):
    role = Role(name)
    assert role.is_manager and role.can_decide and role.can_manage_access
    assert role.can_read_reports and role.can_manage_tasks and role.sees_everyone
    assert role.summary == ""


def test_a_team_manager_sees_the_team_and_manages_tasks_but_decides_nothing():
    role = Role("Team manager")
    assert not role.can_decide and not role.can_manage_access and not role.can_read_reports
    assert role.can_manage_tasks and not role.sees_everyone
    assert "your team's" in role.summary


@pytest.mark.parametrize("name", ["Regular User", "Project viewer", "", "Client"])
def test_everyone_else_sees_their_own(name):
    role = Role(name)
    assert not (role.can_decide or role.can_manage_tasks or role.sees_everyone)
    assert "only your own" in role.summary


def test_the_active_workspace_tells_what_its_role_may_do():
    assert ActiveWorkspace(1, "Acme", "Owner").may.can_decide
    assert not ActiveWorkspace(1, "Acme", "Regular User").may.can_decide


@pytest.mark.django_db
def test_a_member_who_is_not_a_manager_is_told_once_what_the_role_allows(
    connected_client, connected
):
    connected.workspace_role = "Regular User"
    connected.save()
    first = connected_client.get("/audit/").content.decode()
    again = connected_client.get("/audit/").content.decode()
    assert "What your WebWork role allows" in first
    assert "only your own records" in first
    assert "What your WebWork role allows" not in again


@pytest.mark.django_db
def test_an_owner_is_told_nothing_about_the_role(connected_client):
    assert "What your WebWork role allows" not in connected_client.get("/audit/").content.decode()
