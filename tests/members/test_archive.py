"""Archiving a member from their row; the workspace owner is never archived from here."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import fail, ok
from tests.members.conftest import AMELIA, ZOE, ZOE_WEB, listed


@pytest.fixture
def zoe(upstream):
    upstream.route("GET", "/members/114", ok(ZOE))
    upstream.route("GET", "/contracts", listed([ZOE_WEB]))
    return upstream


def test_without_javascript_archive_asks_first_and_says_it_cannot_be_undone_here(
    connected_client, zoe
):
    page = connected_client.get("/members/114/archive/?next=/members/%3Fteam%3DDesign")
    body = page.content.decode()
    assert "<h1>Archive <bdi>Zoë Müller</bdi>?</h1>" in body
    assert "API cannot restore an archived member" in body
    assert 'name="next" value="/members/?team=Design"' in body
    assert not zoe.calls("DELETE", "/members/114")


def test_the_row_asks_with_the_members_name(connected_client, upstream):
    upstream.route("GET", "/members", listed([ZOE]))
    upstream.route("GET", "/contracts", listed([]))
    body = connected_client.get("/members/?team=Design").content.decode()
    assert 'hx-confirm="Archive Zoë Müller? They lose access to the workspace' in body
    # The row answers with links that keep the list's filters.
    assert """hx-vals='{"next": "/members/?team\\u003DDesign"}'""" in body


def test_archiving_from_the_row_answers_the_row_as_archived_and_is_audited(connected_client, zoe):
    zoe.route("DELETE", "/members/114", ok(message="Member archived successfully"))
    body = connected_client.post("/members/114/archive/", headers=HTMX).content.decode()
    assert body.lstrip().startswith('<tr id="member-114" class="member-row is-archived">')
    assert "Archived</span>" in body and "Restore in WebWork" in body
    assert 'aria-label="Archive Zoë Müller"' not in body
    assert "Archived <bdi>Zoë Müller</bdi>." in body
    entry = AuditEntry.objects.get(action="member.archive")
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "member",
        "114",
        "Zoë Müller",
    )
    assert entry.outcome == "ok" and entry.upstream_message == "Member archived successfully"


def test_webworks_refusal_is_said_on_the_row_and_audited(connected_client, zoe):
    zoe.route("DELETE", "/members/114", fail(400, "This member cannot be archived now"))
    body = connected_client.post("/members/114/archive/", headers=HTMX).content.decode()
    assert "<bdi>Zoë Müller</bdi> was not archived." in body
    assert "This member cannot be archived now" in body and "banner-error" in body
    assert 'aria-label="Archive Zoë Müller"' in body  # the row is as it was
    entry = AuditEntry.objects.get(action="member.archive")
    assert (
        entry.outcome == "failed" and entry.upstream_message == "This member cannot be archived now"
    )


def test_without_javascript_an_archive_goes_back_with_a_message(connected_client, zoe):
    zoe.route("DELETE", "/members/114", ok(message="Member archived successfully"))
    response = connected_client.post("/members/114/archive/", {"next": "/members/?team=Design"})
    assert response["Location"] == "/members/?team=Design"


def test_the_owner_is_refused_before_anything_is_sent(connected_client, upstream):
    upstream.route("GET", "/members/101", ok(AMELIA))
    upstream.route("GET", "/contracts", listed([]))
    page = connected_client.post("/members/101/archive/")
    assert page.status_code == 400
    assert "The workspace owner cannot be archived or offboarded" in page.content.decode()
    assert not upstream.calls("DELETE", "/members/101")
    assert not AuditEntry.objects.exists()
    htmx = connected_client.post("/members/101/archive/", headers=HTMX)
    assert htmx["HX-Retarget"] == "#messages"


def test_an_unknown_member_is_not_found(connected_client, upstream):
    upstream.route("GET", "/members/999", fail(404, "Member not found"))
    upstream.route("GET", "/contracts", listed([]))
    assert connected_client.post("/members/999/archive/").status_code == 404
    assert not upstream.calls("DELETE", "/members/999")


def test_a_team_manager_may_not_archive(connected_client, upstream, team_manager):
    page = connected_client.post("/members/114/archive/")
    assert page.status_code == 403 and upstream.requests == []
