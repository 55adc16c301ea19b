"""Inviting a member with a role: refused on the field before anything is sent when it cannot go."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok
from tests.members.conftest import MEMBERS, listed

DANA = {
    "email": "dana@acme.test",
    "firstname": "Dana",
    "lastname": "Delgado",
    "role": "Team manager",
}


@pytest.fixture
def everyone(upstream):
    upstream.route("GET", "/members", listed(MEMBERS))
    return upstream


def test_the_page_offers_every_role_but_owner(connected_client, everyone):
    page = connected_client.get("/members/invite/").content.decode()
    assert "<h1>Invite a member</h1>" in page
    for role in ("Regular User", "Project manager", "Team manager", "Executive manager"):
        assert f'<option value="{role}"' in page
    assert '<option value="Owner"' not in page


def test_an_invitation_sends_the_role_and_is_audited(connected_client, everyone):
    everyone.route("POST", "/members", ok({"user_id": 130}, message="Member invited successfully"))
    response = connected_client.post("/members/invite/", DANA, headers=HTMX)
    body = response.content.decode()
    assert "Member invited successfully" in body
    assert "<bdi>Dana Delgado</bdi>" in body and "as Team manager" in body
    assert "members-changed" in response["HX-Trigger"]
    assert body_of(everyone.last) == {"workspace_id": 7, **DANA}
    entry = AuditEntry.objects.get(action="member.invite")
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "member",
        "130",
        "Dana Delgado",
    )
    assert entry.outcome == "ok" and entry.summary["role"] == "Team manager"
    assert entry.upstream_message == "Member invited successfully"


def test_without_javascript_an_invitation_goes_back_to_the_list(connected_client, everyone):
    everyone.route("POST", "/members", ok({"user_id": 130}, message="Member invited successfully"))
    everyone.route("GET", "/contracts", listed([]))
    page = connected_client.post("/members/invite/", DANA, follow=True)
    assert page.redirect_chain[-1][0] == "/members/"
    text = page.content.decode()
    assert "Member invited successfully <bdi>Dana Delgado</bdi>" in text  # isolated, not escaped


def test_someone_already_a_member_is_refused_on_the_field_and_nothing_is_sent(
    connected_client, everyone
):
    taken = {**DANA, "email": "ZOE@acme.test"}
    body = connected_client.post("/members/invite/", taken, headers=HTMX).content.decode()
    assert "<bdi>Zoë Müller</bdi> already has this e-mail in the workspace." in body
    assert 'id="invite_email_error"' in body
    assert not everyone.calls("POST", "/members")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("email", ["not an e-mail", "dana@", "@acme.test", ""])
def test_a_malformed_email_is_refused_on_the_field_and_nothing_is_sent(
    connected_client, everyone, email
):
    body = connected_client.post(
        "/members/invite/", {**DANA, "email": email}, headers=HTMX
    ).content.decode()
    assert 'id="invite_email_error"' in body
    assert not everyone.calls("POST", "/members")


def test_the_owner_role_is_refused_in_words_and_nothing_is_sent(connected_client, everyone):
    body = connected_client.post(
        "/members/invite/", {**DANA, "role": "Owner"}, headers=HTMX
    ).content.decode()
    assert "The Owner role cannot be granted from the dashboard" in body
    assert not everyone.calls("POST", "/members")


def test_an_unknown_role_is_refused_and_nothing_is_sent(connected_client, everyone):
    body = connected_client.post(
        "/members/invite/", {**DANA, "role": "Boss"}, headers=HTMX
    ).content.decode()
    assert 'id="invite_role_error"' in body
    assert not everyone.calls("POST", "/members")


def test_webworks_refusal_lands_on_its_field_and_is_audited(connected_client, everyone):
    everyone.route(
        "POST",
        "/members",
        fail(
            422,
            "The email has already been taken.",
            errors={"email": ["The email has already been taken."]},
        ),
    )
    body = connected_client.post("/members/invite/", DANA, headers=HTMX).content.decode()
    assert "The email has already been taken." in body and 'id="invite_email_error"' in body
    assert 'value="dana@acme.test"' in body  # the input is kept
    entry = AuditEntry.objects.get(action="member.invite")
    assert (
        entry.outcome == "failed" and entry.upstream_message == "The email has already been taken."
    )


def test_webwork_down_on_invite_is_said_on_the_form(connected_client, everyone):
    everyone.route("POST", "/members", fail(503, "Service Unavailable"))
    body = connected_client.post("/members/invite/", DANA, headers=HTMX).content.decode()
    assert "WebWork said: Service Unavailable" in body
    assert AuditEntry.objects.get(action="member.invite").outcome == "failed"


def test_a_team_manager_may_not_invite_and_nothing_is_read_or_sent(
    connected_client, upstream, team_manager
):
    page = connected_client.post("/members/invite/", DANA)
    assert page.status_code == 403
    assert "need the Owner or Executive manager role" in page.content.decode()
    assert upstream.requests == []
