"""Offboarding: decide what is waiting, pause contracts, archive; resumable, each item reported."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from dashboard.members.models import Offboarding
from dashboard.members.offboarding import Waiting
from tests.conftest import HTMX, VIEW_TEST_WORKSPACE
from tests.fakes import body_of, fail, ok
from tests.members.conftest import AMELIA, ZOE, ZOE_APP, ZOE_WEB, listed

D = "\u2013"  # the en dash between the ends of a span

SHEET_1 = {
    "id": "ts-1",
    "user_id": 114,
    "status": "submitted",
    "date_from": "2026-11-16",
    "date_to": "2026-11-22",
    "total_minutes": 2400,
}
SHEET_2 = {**SHEET_1, "id": "ts-2", "date_from": "2026-11-23", "date_to": "2026-11-29"}
LEAVE = {
    "id": "lv/1",  # opaque ids may hold anything
    "user_id": 114,
    "status": "pending",
    "policy_name": "Vacation",
    "start_date": "2027-01-04",
    "end_date": "2027-01-08",
    "note": "Ski trip ⛷",
}
ASKED = {
    "id": "tr-1",
    "user_id": 114,
    "status": "pending",
    "start": "2026-11-24T18:30:00Z",
    "end": "2026-11-24T20:30:00Z",
    "notes": "Offline on a train",
}


def key(kind: str, item: dict) -> str:
    return Waiting(kind, item["id"], "").key


@pytest.fixture
def zoe(upstream):
    upstream.route("GET", "/members/114", ok(ZOE))
    upstream.route("GET", "/timesheets", listed([SHEET_1, SHEET_2]))
    upstream.route("GET", "/leaves", listed([LEAVE]))
    upstream.route("GET", "/time-requests", listed([ASKED]))
    upstream.route("GET", "/contracts", listed([ZOE_WEB, ZOE_APP]))
    return upstream


def at_step(manager, step: int, **results) -> Offboarding:
    return Offboarding.objects.create(
        user=manager,
        workspace_id=VIEW_TEST_WORKSPACE,
        member_id=114,
        member_name="Zoë Müller",
        step=step,
        results=results,
    )


def test_step_one_lists_what_is_waiting_in_one_round(connected_client, zoe):
    page = connected_client.get("/members/114/offboard/")
    body = page.content.decode()
    assert "<h1>Offboard <bdi>Zoë Müller</bdi></h1>" in body
    assert "Step 1 of 3: what <bdi>Zoë Müller</bdi> has waiting" in body
    assert "has 2 submitted timesheets, 1 pending leave request and 1 pending time request." in body
    assert f"<bdi>Timesheet 16 Nov{D}22 Nov 2026</bdi>" in body and "40:00 h" in body
    assert f"<bdi>Leave: Vacation 04 Jan{D}08 Jan 2027</bdi>" in body and "Ski trip ⛷" in body
    assert f"<bdi>Manual time 24 Nov 2026 18:30{D}20:30</bdi>" in body
    assert len(zoe.requests) == 4
    sheets = zoe.calls("GET", "/timesheets")[0].url.params
    assert (sheets["status"], sheets["user_id"]) == ("submitted", "114")
    assert zoe.calls("GET", "/leaves")[0].url.params["status"] == "pending"
    asked = zoe.calls("GET", "/time-requests")[0].url.params
    assert asked["user_id"] == "114" and asked["date_from"] < asked["date_to"]
    assert not Offboarding.objects.exists()  # looking is not starting


def test_the_htmx_answer_is_the_flow_alone(connected_client, zoe):
    body = connected_client.get("/members/114/offboard/", headers=HTMX).content.decode()
    assert body.lstrip().startswith('<section id="flow"') and "<h1>" not in body


def test_a_rejection_without_a_reason_is_refused_and_nothing_is_sent(connected_client, zoe):
    data = {f"decide-{key('timesheet', SHEET_1)}": "approve"}
    data[f"decide-{key('timesheet', SHEET_2)}"] = "reject"
    body = connected_client.post("/members/114/offboard/waiting/", data, headers=HTMX)
    text = body.content.decode()
    assert "Give a reason for the rejection." in text
    assert not zoe.calls("PUT", "/timesheets/ts-1/approve")  # not even the valid one
    assert len(zoe.requests) == 4  # one round of reads, shown again with the error
    assert not Offboarding.objects.exists() and not AuditEntry.objects.exists()


def test_a_reason_past_webworks_limit_is_refused_and_nothing_is_sent(connected_client, zoe):
    data = {f"decide-{key('leave', LEAVE)}": "reject", f"reason-{key('leave', LEAVE)}": "x" * 256}
    text = connected_client.post(
        "/members/114/offboard/waiting/", data, headers=HTMX
    ).content.decode()
    assert "at most 255 characters" in text
    assert zoe.requests and all(r.method == "GET" for r in zoe.requests)


def decide_all(zoe) -> dict[str, str]:
    zoe.route("PUT", "/timesheets/ts-1/approve", ok(message="Timesheet approved successfully"))
    zoe.route("PUT", "/timesheets/ts-2/reject", ok(message="Timesheet rejected successfully"))
    zoe.route("POST", "/time-requests/tr-1/reject", ok(message="Time request rejected"))
    return {
        f"decide-{key('timesheet', SHEET_1)}": "approve",
        f"decide-{key('timesheet', SHEET_2)}": "reject",
        f"reason-{key('timesheet', SHEET_2)}": "Hours on the wrong project",
        f"decide-{key('leave', LEAVE)}": "leave",
        f"decide-{key('time_request', ASKED)}": "reject",
        f"reason-{key('time_request', ASKED)}": "Not agreed beforehand",
    }


def test_decisions_are_sent_one_by_one_audited_and_the_flow_moves_on(
    connected_client, zoe, manager
):
    data = decide_all(zoe)
    body = connected_client.post("/members/114/offboard/waiting/", data, headers=HTMX)
    text = body.content.decode()
    assert body_of(zoe.calls("PUT", "/timesheets/ts-2/reject")[0]) == {
        "workspace_id": 7,
        "reason": "Hours on the wrong project",
    }
    assert body_of(zoe.calls("POST", "/time-requests/tr-1/reject")[0])["comment"] == (
        "Not agreed beforehand"
    )
    assert not [r for r in zoe.requests if "/leaves/" in r.url.path]  # left as it was
    assert "Step 2 of 3: <bdi>Zoë Müller</bdi>'s contracts" in text
    assert f'<bdi>Timesheet 16 Nov{D}22 Nov 2026</bdi>: <span dir="auto">Timesheet approved' in text
    progress = Offboarding.objects.get(user=manager, member_id=114)
    assert progress.step == 2 and progress.member_name == "Zoë Müller"
    assert [ok for _, ok, _ in progress.results_of(1)] == [True, True, True]
    approve = AuditEntry.objects.get(action="timesheet.approve")
    assert approve.target_id == "ts-1" and approve.target_label.startswith("Zoë Müller · Timesheet")
    assert approve.summary["member_id"] == 114
    assert AuditEntry.objects.get(action="time_request.reject").summary["reason"] == (
        "Not agreed beforehand"
    )


def test_a_refused_decision_is_reported_with_webworks_message_and_the_step_stays(
    connected_client, zoe, manager
):
    data = decide_all(zoe)
    zoe.route(
        "PUT", "/timesheets/ts-1/approve", fail(400, "Only a submitted timesheet can be approved")
    )
    text = connected_client.post(
        "/members/114/offboard/waiting/", data, headers=HTMX
    ).content.decode()
    assert "Step 1 of 3" in text
    assert 'class="is-failed"' in text and "Only a submitted timesheet can be approved" in text
    assert "Timesheet rejected successfully" in text
    assert Offboarding.objects.get(user=manager).step == 1
    failed = AuditEntry.objects.get(action="timesheet.approve")
    assert failed.outcome == "failed"
    assert failed.upstream_message == "Only a submitted timesheet can be approved"


def test_without_javascript_a_step_goes_back_to_the_flow(connected_client, zoe):
    response = connected_client.post("/members/114/offboard/waiting/", {})
    assert response.status_code == 302 and response["Location"] == "/members/114/offboard/"


def test_the_flow_picks_up_where_it_stopped(connected_client, zoe, manager):
    at_step(manager, 2, waiting=[[f"Timesheet 16 Nov{D}22 Nov 2026", True, "Timesheet approved"]])
    body = connected_client.get("/members/114/offboard/").content.decode()
    assert "Step 2 of 3" in body
    assert 'value="2030" id="pause-2030" checked> <bdi>Website Redesign</bdi>' in body
    assert "Already paused: <bdi>Mobile App</bdi>" in body
    assert "What the earlier steps did" in body and "Timesheet approved" in body
    assert not zoe.calls("GET", "/timesheets")  # only this step's reads
    assert "Step 1 of 3" in connected_client.get("/members/114/offboard/?step=1").content.decode()
    assert "Step 2 of 3" in connected_client.get("/members/114/offboard/?step=3").content.decode()


def test_pausing_sends_one_update_per_ticked_contract_and_moves_on(connected_client, zoe, manager):
    at_step(manager, 2)
    zoe.route("PUT", "/contracts/2030", ok(None, message="Contract updated successfully"))
    text = connected_client.post(
        "/members/114/offboard/contracts/", {"pause": ["2030"]}, headers=HTMX
    ).content.decode()
    assert body_of(zoe.calls("PUT", "/contracts/2030")[0]) == {
        "workspace_id": 7,
        "status": "paused",
    }
    assert "Step 3 of 3: archive <bdi>Zoë Müller</bdi>" in text
    assert '<bdi>Website Redesign</bdi>: <span dir="auto">Contract updated successfully' in text
    entry = AuditEntry.objects.get(action="contract.pause")
    assert (entry.target_id, entry.target_label) == ("2030", "Zoë Müller on Website Redesign")
    assert Offboarding.objects.get(user=manager).step == 3


@pytest.mark.parametrize("chosen", [["2031"], ["9999"], ["x"]])
def test_only_an_active_contract_of_theirs_can_be_paused_and_nothing_is_sent(
    connected_client, zoe, manager, chosen
):
    at_step(manager, 2)
    text = connected_client.post(
        "/members/114/offboard/contracts/", {"pause": chosen}, headers=HTMX
    ).content.decode()
    assert "Only their active contracts can be paused here; nothing was sent." in text
    assert all(r.method == "GET" for r in zoe.requests)


def test_a_step_cannot_be_skipped(connected_client, zoe):
    response = connected_client.post("/members/114/offboard/contracts/", {"pause": ["2030"]})
    assert response.status_code == 409 and zoe.requests == []
    assert connected_client.post("/members/114/offboard/archive/").status_code == 409
    assert zoe.requests == []


def test_the_archive_ends_the_flow_and_the_summary_needs_no_upstream(
    connected_client, zoe, manager
):
    at_step(manager, 3, contracts=[["Website Redesign", True, "Contract updated successfully"]])
    zoe.route("DELETE", "/members/114", ok(message="Member archived successfully"))
    text = connected_client.post("/members/114/offboard/archive/", headers=HTMX).content.decode()
    assert "Offboarded <bdi>Zoë Müller</bdi>" in text
    assert '<bdi>Zoë Müller</bdi>: <span dir="auto">Member archived successfully' in text
    assert "Contract updated successfully" in text
    progress = Offboarding.objects.get(user=manager)
    assert progress.is_done and progress.finished_at is not None
    entry = AuditEntry.objects.get(action="member.archive")
    assert (entry.target_type, entry.target_id, entry.outcome) == ("member", "114", "ok")
    sent = len(zoe.requests)
    again = connected_client.get("/members/114/offboard/").content.decode()
    assert "Offboarded <bdi>Zoë Müller</bdi>" in again and len(zoe.requests) == sent


def test_a_refused_archive_is_reported_and_the_step_stays(connected_client, zoe, manager):
    at_step(manager, 3)
    zoe.route("DELETE", "/members/114", fail(400, "The member has a running tracker"))
    text = connected_client.post("/members/114/offboard/archive/", headers=HTMX).content.decode()
    assert "Step 3 of 3" in text and "The member has a running tracker" in text
    assert Offboarding.objects.get(user=manager).step == 3
    assert AuditEntry.objects.get(action="member.archive").outcome == "failed"


def test_the_owner_cannot_be_offboarded_and_nothing_is_sent(connected_client, upstream):
    upstream.route("GET", "/members/101", ok(AMELIA))
    for path in ("/timesheets", "/leaves", "/time-requests"):
        upstream.route(
            "GET", path, listed([{**SHEET_1, "user_id": 101}] if path == "/timesheets" else [])
        )
    page = connected_client.get("/members/101/offboard/").content.decode()
    assert "The workspace owner cannot be archived or offboarded" in page
    assert "offboard/waiting/" not in page
    refused = connected_client.post(
        "/members/101/offboard/waiting/", {f"decide-{key('timesheet', SHEET_1)}": "approve"}
    )
    assert refused.status_code == 400
    assert all(r.method == "GET" for r in upstream.requests)
    assert not Offboarding.objects.exists()


def test_starting_over_forgets_the_progress(connected_client, zoe, manager):
    at_step(manager, 3)
    response = connected_client.post("/members/114/offboard/restart/")
    assert response["Location"] == "/members/114/offboard/"
    assert not Offboarding.objects.exists() and zoe.requests == []


def test_another_users_progress_is_their_own(connected_client, zoe, outsider):
    Offboarding.objects.create(
        user=outsider, workspace_id=VIEW_TEST_WORKSPACE, member_id=114, member_name="Z", step=3
    )
    assert "Step 1 of 3" in connected_client.get("/members/114/offboard/").content.decode()


def test_webwork_down_shows_a_page_that_says_so(connected_client, upstream):
    upstream.route("GET", "/members/114", ok(ZOE))
    upstream.route("GET", "/timesheets", fail(503, "Service Unavailable"))
    upstream.route("GET", "/leaves", listed([]))
    upstream.route("GET", "/time-requests", listed([]))
    page = connected_client.get("/members/114/offboard/")
    assert page.status_code == 503 and "WebWork is not answering" in page.content.decode()


def test_a_team_manager_may_not_offboard(connected_client, upstream, team_manager):
    assert connected_client.get("/members/114/offboard/").status_code == 403
    assert connected_client.post("/members/114/offboard/waiting/").status_code == 403
    assert upstream.requests == []
