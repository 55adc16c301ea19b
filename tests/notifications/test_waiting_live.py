"""What waits, read from the real sandbox: the counts WebWork has, the oldest first, at most
three list calls per workspace, and only workspaces where the role may decide."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from dashboard.notifications import content, waiting
from dashboard.notifications.waiting import KINDS, background_client, collect

from .conftest import OWNER, join_globex, list_calls, waiting_totals

pytestmark = pytest.mark.django_db


def test_the_counts_are_webwork_s_and_each_workspace_costs_three_list_calls(
    live, manager, monkeypatch
):
    monkeypatch.setattr(waiting, "PER_KIND", 20)
    acme = live.workspace_id()
    truth = waiting_totals(live, acme)
    live.clear_calls()
    collected = collect(manager)

    assert [w.name for w in collected.workspaces] == ["Acme Studio"]
    assert {kind.name: collected.count(kind) for kind in KINDS} == truth
    timesheets = next(k for k in collected.workspaces[0].kinds if k.kind.name == "timesheet")
    assert len(timesheets.items) == 20 < truth["timesheet"]  # the count is WebWork's total
    assert list_calls(live) == {
        (acme, "/api/v2/timesheets"): 1,
        (acme, "/api/v2/leaves"): 1,
        (acme, "/api/v2/time-requests"): 1,
    }
    waits = [item.since for item in timesheets.items]
    known = [since for since in waits if since is not None]
    assert known and waits[: len(known)] == sorted(known)  # the longest waiting first
    assert set(waits[len(known) :]) <= {None}  # then those WebWork gives no moment for


def test_every_workspace_the_role_may_decide_in_is_read_and_the_others_are_not(live, manager):
    globex = join_globex(live, "Executive manager")
    acme = live.workspace_id()
    live.clear_calls()
    collected = collect(manager)
    assert sorted(w.name for w in collected.workspaces) == ["Acme Studio", "Globex"]
    calls = list_calls(live)
    assert {workspace for workspace, _ in calls} == {acme, globex}
    assert all(count == 1 for count in calls.values()) and len(calls) == 6
    globex_part = next(w for w in collected.workspaces if w.name == "Globex")
    assert {part.kind.name: part.total for part in globex_part.kinds} == waiting_totals(
        live, globex
    )


def test_a_workspace_where_the_role_may_not_decide_is_left_alone(live, manager):
    globex = join_globex(live, "Team manager")
    live.clear_calls()
    collected = collect(manager)
    assert [w.name for w in collected.workspaces] == ["Acme Studio"]
    assert all(workspace != globex for workspace, _ in list_calls(live))


def test_the_reads_go_at_background_priority(live, manager):
    seen = []

    def client_for(user, workspace_id):
        client = background_client(user, workspace_id)
        seen.append(client.priority)
        return client

    collect(manager, client_for)
    assert seen and set(seen) == {"background"}


def test_a_workspace_webwork_refuses_is_named_and_the_others_are_still_read(live, manager):
    globex = join_globex(live, "Executive manager")

    def client_for(user, workspace_id):
        # WebWork answers 403 for a workspace the token is not a member of.
        return background_client(user, 987654 if workspace_id == globex else workspace_id)

    collected = collect(manager, client_for)
    assert [w.name for w in collected.workspaces] == ["Acme Studio"]
    assert [u.name for u in collected.unread] == ["Globex"]
    assert collected.unread[0].message


def test_webwork_down_leaves_every_workspace_unread(live, manager):
    live.set_faults({"kind": "error", "status": 503, "path": "^/api/v2/leaves"})
    collected = collect(manager)
    assert collected.workspaces == () and [u.name for u in collected.unread] == ["Acme Studio"]


def test_the_digest_names_the_oldest_with_how_long_they_waited_and_absolute_review_links(
    live, manager
):
    now = timezone.now()
    collected = collect(manager)
    digest = content.build_digest(collected, now=now, zone_name="Pacific/Auckland", day=now.date())
    rendered = content.render_digest(digest)
    part = digest.workspaces[0]
    for kind in part.kinds:
        assert len(kind.lines) == min(content.OLDEST, kind.total)
        assert kind.more == kind.total - len(kind.lines)
        for line in kind.lines:
            assert line.url.startswith("https://dashboard.example.test/approvals/")
            assert line.url.endswith(f"/{line.item.id}/")
            assert line.url in rendered.text and line.url in rendered.html
            assert f"waiting {line.waited}" in rendered.text
    sheet = next(k for k in part.kinds if k.kind.name == "timesheet").lines[0]
    assert "/approvals/timesheets/" in sheet.url
    waited = now - sheet.item.since
    assert sheet.waited == content.waited_words(waited) and waited > timedelta(days=2)
    assert rendered.subject.startswith(f"{digest.total} items waiting for your decision")
    assert "token" not in rendered.text.casefold() and "wwpat_" not in rendered.html
    # Names come as WebWork has them: as they are in the text, escaped in the HTML.
    lines = [line for kind in part.kinds for line in kind.lines]
    assert all(line.item.what in rendered.text for line in lines)
    assert all(escape(line.item.what) in rendered.html for line in lines)
    assert "/approve" not in rendered.text and "/reject" not in rendered.html


def test_leave_and_time_requests_are_named_from_the_members_a_page_read_at_no_extra_call(
    live, manager
):
    acme = live.workspace_id()
    with live.api(OWNER) as api:
        members = api.get("members", params={"workspace_id": acme, "per_page": 100}).json()
    names = {m["id"]: f"{m['firstname']} {m['lastname']}".strip() for m in members["data"]}

    def whos(collected) -> set[str]:
        part = collected.workspaces[0]
        lines = [i.what for k in part.kinds if k.kind.name != "timesheet" for i in k.items]
        return {line.split(" · ")[0] for line in lines}

    alone = whos(collect(manager))  # nobody read the members: the sheets' names, else ids
    assert any(who.startswith("Member #") for who in alone) or alone <= set(names.values())

    background_client(manager, acme).members.all()  # as a page would have, minutes before
    live.clear_calls()
    named = whos(collect(manager))
    assert named and named <= set(names.values())
    assert not any(call["path"].rstrip("/") == "/api/v2/members" for call in live.calls())
