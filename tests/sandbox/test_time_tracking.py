"""Remote trackers: start, live data, stop into time entries, and who may do what per variant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1
MEMBER = 108  # Alexei, a regular user with three active contracts


def today() -> date:
    return datetime.now(UTC).date()  # the sandbox's day


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def current(client: httpx.Client, user_id: int = MEMBER) -> dict[str, Any]:
    params = {"workspace_id": ACME, "user_id": user_id}
    response = client.get("time-tracking/current-data", params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def start(client: httpx.Client, user_id: int = MEMBER, **extra: Any) -> httpx.Response:
    return client.post(
        "time-tracking/start", json={"workspace_id": ACME, "user_id": user_id, **extra}
    )


def stop(client: httpx.Client, user_id: int | None = MEMBER) -> httpx.Response:
    body: dict[str, Any] = {"workspace_id": ACME}
    if user_id is not None:
        body["user_id"] = user_id
    return client.post("time-tracking/stop", json=body)


def before_midnight(sandbox: Sandbox, seconds: float) -> None:
    """Move the sandbox's clock forward to ``seconds`` before its next midnight."""
    now = datetime.fromisoformat(sandbox.advance_clock()["now"])
    midnight = datetime.combine(now.date(), datetime.min.time(), tzinfo=UTC)
    to_go = (midnight - now).total_seconds() % 86400
    sandbox.advance_clock(seconds=(to_go - seconds) % 86400)


def a_running_timer(owner: httpx.Client) -> dict[str, Any]:
    """One of the seeded trackers (they run since the evening before the seed's day)."""
    members = owner.get("members", params={"workspace_id": ACME, "per_page": 100}).json()["data"]
    for member in members:
        data = current(owner, member["id"])
        if data["is_running"]:
            return data
    raise AssertionError("the seed has no running tracker")


def test_a_tracker_runs_and_stops_into_the_timeline(sandbox: Sandbox, owner: httpx.Client) -> None:
    if current(owner)["is_running"]:
        assert stop(owner).status_code == 200
    before_midnight(sandbox, 10 * 3600)  # 14:00: the 95 minutes stay on one day
    before = current(owner)["total_minutes"]
    contract = owner.get(
        "contracts", params={"workspace_id": ACME, "user_id": MEMBER, "status": "active"}
    ).json()["data"][0]
    started = start(owner, contract_id=contract["id"], activity_description="Pairing")
    assert started.status_code == 200, started.text
    assert started.json()["data"]["project_id"] == contract["project_id"]
    assert start(owner, contract_id=contract["id"]).status_code == 400  # one at a time
    sandbox.advance_clock(minutes=95)
    live = current(owner)
    assert live["is_running"] and live["contract_id"] == contract["id"]
    assert live["total_minutes"] >= before + 95
    stopped = stop(owner)
    assert stopped.status_code == 200
    data = stopped.json()["data"]
    assert data["duration_minutes"] >= 95 and len(data["time_entry_ids"]) >= 1
    after = current(owner)
    assert not after["is_running"] and after["total_minutes"] >= before + 95
    assert stop(owner).status_code == 400  # nothing runs any more


def test_a_stop_under_a_minute_records_nothing(owner: httpx.Client) -> None:
    if current(owner)["is_running"]:
        stop(owner)
    assert start(owner).status_code == 200
    data = stop(owner).json()["data"]
    assert data["duration_minutes"] == 0 and data["time_entry_ids"] == []


def test_a_seeded_tracker_is_cut_at_midnight(owner: httpx.Client) -> None:
    timer = a_running_timer(owner)
    assert timer["start_time"] < f"{today().isoformat()}T00:00"
    ids = stop(owner, timer["user_id"]).json()["data"]["time_entry_ids"]
    assert len(ids) == 2
    entries = owner.get(
        "time-entries",
        params={"workspace_id": ACME, "user_id": timer["user_id"], "date": today()},
    ).json()["data"]
    assert [e["id"] for e in entries] == ids[1:]
    assert entries[0]["start_time"].endswith("T00:00:00Z") and entries[0]["method"] == "Web tracker"


def test_start_checks_the_contract_and_the_task(owner: httpx.Client) -> None:
    paused = owner.get("contracts", params={"workspace_id": ACME, "status": "paused"}).json()[
        "data"
    ][0]
    refused = start(owner, paused["user_id"], contract_id=paused["id"])
    assert refused.status_code == 422 and "contract_id" in refused.json()["errors"]
    assert start(owner, contract_id=2999).status_code == 404
    assert start(owner, task_id=7001).status_code == 422
    assert start(owner, 999999).status_code == 404


def test_the_api_variant_is_for_managers_only(sandbox: Sandbox) -> None:
    with sandbox.api("alexei@acme.test") as member:
        assert start(member).status_code == 403
        assert stop(member).status_code == 403
        params = {"workspace_id": ACME, "user_id": MEMBER}
        assert member.get("time-tracking/current-data", params=params).status_code == 403
    with sandbox.api("lead@acme.test") as lead:
        assert start(lead, 103).status_code == 403


def test_the_v2_variant_lets_members_track_their_own_time(
    sandbox: Sandbox, owner: httpx.Client
) -> None:
    if current(owner)["is_running"]:
        stop(owner)
    sandbox.set_variant("v2")
    contract = owner.get(
        "contracts", params={"workspace_id": ACME, "user_id": MEMBER, "status": "active"}
    ).json()["data"][0]
    with sandbox.api("alexei@acme.test") as member:
        assert start(member).status_code == 422  # v2: contract_id is required
        assert start(member, 107, contract_id=contract["id"]).status_code == 403
        assert start(member, contract_id=contract["id"]).status_code == 200
        sandbox.advance_clock(minutes=3)
        stopped = stop(member, user_id=None)  # v2: no body needed, the caller's own tracker
    assert stopped.status_code == 200
    data = stopped.json()["data"]
    assert "message" not in data and data["duration_minutes"] >= 3
    assert stopped.json()["message"] == "Time tracking stopped successfully"


def test_api_stop_needs_a_user(owner: httpx.Client) -> None:
    response = stop(owner, user_id=None)
    assert response.status_code == 422 and "user_id" in response.json()["errors"]


def test_a_tracker_across_midnight_records_every_whole_minute_it_ran(
    sandbox: Sandbox, owner: httpx.Client
) -> None:
    if current(owner)["is_running"]:
        assert stop(owner).status_code == 200
    before_midnight(sandbox, 30 * 60 + 40)  # 23:29:20
    assert start(owner).status_code == 200
    sandbox.advance_clock(minutes=95)  # past midnight, with 40 s on each side
    data = stop(owner).json()["data"]
    assert len(data["time_entry_ids"]) == 2
    assert data["duration_minutes"] == 95
