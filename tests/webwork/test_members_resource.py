"""Member writes: what each sends, what it answers, what it refuses unsent, what it invalidates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.webwork.errors import WebworkInvalid, WebworkNotFound
from tests.fakes import body_of, fail, ok, pages
from tests.webwork.conftest import WORKSPACE

ZOE = {
    "id": 114,
    "email": "zoe@acme.test",
    "firstname": "Zoë",
    "lastname": "Müller",
    "current_role": "Regular User",
    "status": "active",
    "team_name": "Design",
    "rate_status": 1,
    "weekly_hours_limit": 40,
    "deleted_at": None,
}


def listed(*members: dict) -> object:
    return ok(list(members), pagination=pages(len(members), 100, 1))


def test_a_member_reads_rate_visibility_weekly_limit_and_team():
    from dashboard.webwork.records import Member

    zoe = Member.from_json(ZOE)
    assert (zoe.rate_status, zoe.weekly_hours_limit, zoe.team_name) == (1, 40, "Design")
    assert zoe.archived_at is None and not zoe.is_owner


def test_a_member_without_rate_fields_says_nothing_about_them():
    from dashboard.webwork.records import Member

    plain = Member.from_json({"id": 9, "email": "m@x.test", "current_role": "Owner"})
    assert plain.rate_status is None and plain.weekly_hours_limit is None
    assert plain.is_owner


def test_a_weekly_limit_of_webworks_huge_float_reads_as_no_limit():
    from dashboard.webwork.records import Member

    assert Member.from_json({**ZOE, "weekly_hours_limit": 1e308}).weekly_hours_limit is None


def test_an_archived_member_carries_when():
    from dashboard.webwork.records import Member

    gone = Member.from_json({**ZOE, "deleted_at": "2026-11-30T10:00:00Z"})
    assert gone.archived_at == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_an_invitation_sends_the_role_and_answers_the_new_members_id(webwork, upstream):
    upstream.route(
        "POST",
        "/members",
        ok(
            {"user_id": 130, "invitation_link": "https://webwork.test/accept/s3cret"},
            message="Member invited successfully",
        ),
    )
    saved = webwork.members.invite(
        email="dana@acme.test", firstname="Dana", lastname="Delgado", role="Team manager"
    )
    assert (saved.item, saved.message) == (130, "Member invited successfully")
    assert body_of(upstream.last) == {
        "workspace_id": WORKSPACE,
        "email": "dana@acme.test",
        "firstname": "Dana",
        "lastname": "Delgado",
        "role": "Team manager",
    }
    assert upstream.last.url.params["workspace_id"] == str(WORKSPACE)


def test_the_invitation_link_is_not_kept_anywhere_in_the_answer(webwork, upstream):
    upstream.route("POST", "/members", ok({"user_id": 130, "invitation_link": "https://x/s3cret"}))
    saved = webwork.members.invite(
        email="d@x.test", firstname="D", lastname="D", role="Regular User"
    )
    assert "s3cret" not in repr(saved)


@pytest.mark.parametrize("role", ["Owner", "owner", "Boss", ""])
def test_a_role_webwork_does_not_grant_is_refused_before_any_call(webwork, upstream, role):
    with pytest.raises(WebworkInvalid) as refused:
        webwork.members.invite(email="d@x.test", firstname="D", lastname="D", role=role)
    assert "role" in refused.value.field_errors
    with pytest.raises(WebworkInvalid):
        webwork.members.update(114, role=role)
    assert upstream.requests == []


def test_granting_owner_says_where_ownership_moves(webwork, upstream):
    with pytest.raises(WebworkInvalid) as refused:
        webwork.members.update(114, role="Owner")
    assert "ownership moves in WebWork" in refused.value.message


def test_an_update_sends_only_what_is_given(webwork, upstream):
    upstream.route("PUT", "/members/114", ok(ZOE, message="Member updated successfully"))
    saved = webwork.members.update(114, rates_visible=False)
    assert body_of(upstream.last) == {"workspace_id": WORKSPACE, "rate_status": 0}
    assert saved.message == "Member updated successfully"
    assert saved.item is not None and saved.item.id == 114

    webwork.members.update(114, role="Project manager", weekly_hours_limit=0, rates_visible=True)
    assert body_of(upstream.last) == {
        "workspace_id": WORKSPACE,
        "role": "Project manager",
        "weekly_hours_limit": 0,
        "rate_status": 1,
    }


def test_an_update_answered_without_data_has_no_member(webwork, upstream):
    upstream.route("PUT", "/members/114", ok(None, message="Member updated successfully"))
    assert webwork.members.update(114, weekly_hours_limit=30).item is None


@pytest.mark.parametrize("hours", [-1, 169])
def test_a_weekly_limit_outside_a_week_is_refused_before_any_call(webwork, upstream, hours):
    with pytest.raises(WebworkInvalid) as refused:
        webwork.members.update(114, weekly_hours_limit=hours)
    assert refused.value.field_errors == {
        "weekly_hours_limit": ["A weekly limit is 0 to 168 hours."]
    }
    assert upstream.requests == []


def test_an_update_of_nothing_is_refused_before_any_call(webwork, upstream):
    with pytest.raises(WebworkInvalid, match="nothing to change"):
        webwork.members.update(114)
    assert upstream.requests == []


def test_an_archive_is_a_delete_and_answers_webworks_message(webwork, upstream):
    upstream.route("DELETE", "/members/114", ok(message="Member archived successfully"))
    assert webwork.members.archive(114) == "Member archived successfully"
    assert upstream.last.url.params["workspace_id"] == str(WORKSPACE)


def test_webworks_refusal_of_an_archive_is_raised_with_its_message(webwork, upstream):
    upstream.route("DELETE", "/members/101", fail(400, "The workspace owner cannot be archived"))
    with pytest.raises(WebworkInvalid, match="owner cannot be archived"):
        webwork.members.archive(101)


def test_an_archive_of_an_unknown_member_is_not_found(webwork, upstream):
    upstream.route("DELETE", "/members/999", fail(404, "Member not found"))
    with pytest.raises(WebworkNotFound):
        webwork.members.archive(999)


@pytest.mark.parametrize(
    "write",
    [
        lambda w: w.members.update(114, weekly_hours_limit=20),
        lambda w: w.members.archive(114),
    ],
)
def test_a_change_to_a_member_reads_members_and_contracts_again(webwork, upstream, write):
    upstream.route("GET", "/members", listed(ZOE))
    upstream.route("GET", "/contracts", listed())
    upstream.route("PUT", "/members/114", ok(ZOE))
    upstream.route("DELETE", "/members/114", ok(message="Member archived successfully"))
    webwork.members.all()
    webwork.contracts.all()
    write(webwork)
    webwork.members.all()
    webwork.contracts.all()
    assert len(upstream.calls("GET", "/members")) == 2
    assert len(upstream.calls("GET", "/contracts")) == 2


def test_an_invitation_reads_the_members_again(webwork, upstream):
    upstream.route("GET", "/members", listed(ZOE))
    upstream.route("POST", "/members", ok({"user_id": 130}))
    webwork.members.all()
    webwork.members.invite(email="d@x.test", firstname="D", lastname="D", role="Regular User")
    webwork.members.all()
    assert len(upstream.calls("GET", "/members")) == 2


def test_a_failed_write_still_reads_the_members_again(webwork, upstream):
    upstream.route("GET", "/members", listed(ZOE))
    upstream.route("PUT", "/members/114", fail(422, "The role is invalid"))
    webwork.members.all()
    with pytest.raises(WebworkInvalid):
        webwork.members.update(114, role="Team manager")
    webwork.members.all()
    assert len(upstream.calls("GET", "/members")) == 2
