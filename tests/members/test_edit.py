"""Changing a member from their row: role, rate visibility, weekly limit; never the owner's role."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from tests.conftest import HTMX
from tests.fakes import body_of, fail, ok
from tests.members.conftest import AMELIA, ZOE, ZOE_APP, ZOE_WEB, listed


@pytest.fixture
def zoe(upstream):
    upstream.route("GET", "/members/114", ok(ZOE))
    upstream.route("GET", "/contracts", listed([ZOE_WEB, ZOE_APP]))
    return upstream


def change(client, member_id=114, **fields):
    data = {"role": "Regular User", "weekly_hours_limit": "40", "next": "/members/?team=Design"}
    data |= fields
    return client.post(
        f"/members/{member_id}/edit/",
        {k: v for k, v in data.items() if v is not None},
        headers=HTMX,
    )


def test_the_row_turns_into_a_form_with_what_webwork_has_now(connected_client, zoe):
    body = connected_client.get("/members/114/edit/", headers=HTMX).content.decode()
    assert body.lstrip().startswith('<tr id="member-114" class="member-row is-editing">')
    assert "Change <bdi>Zoë Müller</bdi>" in body
    assert '<option value="Regular User" selected>' in body
    assert 'name="weekly_hours_limit" value="40"' in body
    assert 'name="rates_visible"' in body and "checked" not in body
    assert zoe.calls("GET", "/contracts")[0].url.params["user_id"] == "114"


def test_without_javascript_the_change_is_a_page(connected_client, zoe):
    page = connected_client.get("/members/114/edit/?next=/members/%3Fteam%3DDesign")
    body = page.content.decode()
    assert "<title>Change Zoë Müller" in body
    assert 'name="next" value="/members/?team=Design"' in body


def test_a_change_sends_only_what_changed_and_answers_the_row(connected_client, zoe):
    zoe.route("PUT", "/members/114", ok(None, message="Member updated successfully"))
    response = change(connected_client, role="Team manager", rates_visible="on")
    body = response.content.decode()
    assert body_of(zoe.last) == {"workspace_id": 7, "role": "Team manager", "rate_status": 1}
    assert body.lstrip().startswith('<tr id="member-114" class="member-row">')
    assert "Team manager" in body and "Shown" in body and "40 h" in body
    assert "Changed role and rate visibility of <bdi>Zoë Müller</bdi>." in body
    assert "Member updated successfully" in body
    entry = AuditEntry.objects.get(action="member.update")
    assert (entry.target_id, entry.target_label, entry.outcome) == ("114", "Zoë Müller", "ok")
    assert entry.summary["role"] == "Team manager" and entry.summary["rates_visible"] == 1
    assert entry.summary["before"]["role"] == "Regular User"


def test_the_row_keeps_the_lists_filters_in_its_links(connected_client, zoe):
    zoe.route("PUT", "/members/114", ok(ZOE, message="Member updated successfully"))
    body = change(connected_client, weekly_hours_limit="30").content.decode()
    assert "next=/members/%3Fteam%3DDesign" in body


def test_a_limit_of_168_is_no_limit(connected_client, zoe):
    zoe.route("PUT", "/members/114", ok(None, message="Member updated successfully"))
    body = change(connected_client, weekly_hours_limit="168").content.decode()
    assert body_of(zoe.last) == {"workspace_id": 7, "weekly_hours_limit": 168}
    assert "Changed weekly limit of" in body


def test_nothing_changed_sends_nothing(connected_client, zoe):
    body = change(connected_client).content.decode()
    assert "Nothing changed for <bdi>Zoë Müller</bdi>." in body
    assert not zoe.calls("PUT", "/members/114")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("hours", ["-1", "169", "forty", ""])
def test_a_bad_weekly_limit_is_refused_on_the_field_and_nothing_is_sent(
    connected_client, zoe, hours
):
    body = change(connected_client, weekly_hours_limit=hours).content.decode()
    assert 'id="member114_weekly_hours_limit_error"' in body
    assert not zoe.calls("PUT", "/members/114")


def test_granting_owner_is_refused_in_words_and_nothing_is_sent(connected_client, zoe):
    body = change(connected_client, role="Owner").content.decode()
    assert "The Owner role cannot be granted from the dashboard" in body
    assert not zoe.calls("PUT", "/members/114")


def test_the_owner_cannot_be_demoted_and_nothing_is_sent(connected_client, upstream):
    upstream.route("GET", "/members/101", ok(AMELIA))
    upstream.route("GET", "/contracts", listed([]))
    form = connected_client.get("/members/101/edit/", headers=HTMX).content.decode()
    assert "disabled" in form and "cannot be changed from the dashboard" in form
    body = change(
        connected_client, 101, role="Regular User", weekly_hours_limit="168", rates_visible="on"
    ).content.decode()
    assert "The workspace owner&#x27;s role cannot be changed from the dashboard." in body
    assert 'id="member101_role_error"' in body
    assert not upstream.calls("PUT", "/members/101")
    # The form as the page sends it (the disabled role is not sent) changes nothing.
    body = change(
        connected_client, 101, role=None, weekly_hours_limit="168", rates_visible="on"
    ).content.decode()
    assert "Nothing changed for <bdi>Amelia Stone</bdi>." in body
    assert not upstream.calls("PUT", "/members/101")


def test_the_owners_limit_may_change(connected_client, upstream):
    upstream.route("GET", "/members/101", ok(AMELIA))
    upstream.route("GET", "/contracts", listed([]))
    upstream.route("PUT", "/members/101", ok(None, message="Member updated successfully"))
    change(connected_client, 101, role=None, weekly_hours_limit="50", rates_visible="on")
    assert body_of(upstream.last) == {"workspace_id": 7, "weekly_hours_limit": 50}


def test_webworks_refusal_lands_on_the_form_and_is_audited(connected_client, zoe):
    zoe.route(
        "PUT",
        "/members/114",
        fail(422, "The role is invalid.", errors={"role": ["The role is invalid."]}),
    )
    body = change(connected_client, role="Project manager").content.decode()
    assert "The role is invalid." in body and 'id="member114_role_error"' in body
    assert 'class="member-row is-editing"' in body
    entry = AuditEntry.objects.get(action="member.update")
    assert entry.outcome == "failed" and entry.upstream_message == "The role is invalid."


def test_without_javascript_a_change_goes_back_to_the_filtered_list(connected_client, zoe):
    zoe.route("PUT", "/members/114", ok(None, message="Member updated successfully"))
    data = {"role": "Regular User", "weekly_hours_limit": "20", "next": "/members/?team=Design"}
    response = connected_client.post("/members/114/edit/", data)
    assert response.status_code == 302 and response["Location"] == "/members/?team=Design"


def test_a_next_elsewhere_is_not_followed(connected_client, zoe):
    zoe.route("PUT", "/members/114", ok(None, message="Member updated successfully"))
    data = {"role": "Regular User", "weekly_hours_limit": "20", "next": "//evil.test/"}
    assert connected_client.post("/members/114/edit/", data)["Location"] == "/members/"


def test_webwork_down_while_reading_the_member_sends_nothing(connected_client, upstream):
    upstream.route("GET", "/members/114", fail(503, "Service Unavailable"))
    upstream.route("GET", "/contracts", listed([]))
    response = change(connected_client, role="Team manager")
    assert response["HX-Retarget"] == "#messages"
    assert "WebWork is not answering" in response.content.decode()
    assert not upstream.calls("PUT", "/members/114")


def test_a_team_manager_may_not_change_anyone(connected_client, upstream, team_manager):
    response = change(connected_client, role="Team manager")
    assert response["HX-Retarget"] == "#messages"
    assert "need the Owner or Executive manager role" in response.content.decode()
    assert upstream.requests == []
