"""Against the real sandbox: what a viewer page costs in upstream calls, and that it is true."""

from __future__ import annotations

import pytest

from dashboard.accounts.connecting import establish
from dashboard.audit.models import AuditEntry
from dashboard.webwork.oauth import TokenSet
from tests.conftest import HTMX

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sandbox]


@pytest.fixture
def owner(settings, sandbox, manager, client):
    """The manager, connected to the sandbox as the owner of Acme Studio."""
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    client.force_login(manager)
    sandbox.clear_calls()
    return client


def paths(sandbox) -> list[str]:
    return sorted(f"{c['method']} {c['path']}" for c in sandbox.calls())


def test_a_viewer_list_view_costs_one_call_once_the_projects_are_cached(owner, sandbox):
    cold = owner.get("/viewers/")
    assert cold.status_code == 200 and "Clara Client" in cold.content.decode()
    assert paths(sandbox) == ["GET /api/v2/project-viewers", "GET /api/v2/projects"]

    sandbox.clear_calls()
    owner.get("/viewers/?status=archived&q=o")  # within the list's short cache: nothing to ask
    assert paths(sandbox) == []

    owner.get("/viewers/?refresh=1")  # as when the list's cache has run out
    assert paths(sandbox) == ["GET /api/v2/project-viewers"]


def test_after_an_archive_the_list_costs_one_call_and_shows_the_sandboxs_state(owner, sandbox):
    owner.get("/viewers/")
    sandbox.clear_calls()
    archived = owner.post("/viewers/123/archive/", headers=HTMX)
    assert "Archived Clara Client" in archived.content.decode()
    entry = AuditEntry.objects.get(action="viewer.archive")
    assert entry.upstream_message == "Project viewer deleted successfully"
    assert paths(sandbox) == [
        "DELETE /api/v2/project-viewers/123",
        "GET /api/v2/project-viewers/123",
    ]

    sandbox.clear_calls()
    page = owner.get("/viewers/?status=archived").content.decode()
    assert paths(sandbox) == ["GET /api/v2/project-viewers"]
    assert "Clara Client" in page
    with sandbox.api() as api:
        one = api.get("project-viewers/123", params={"workspace_id": 1}).json()["data"]
    assert one["status"] == "inactive"
