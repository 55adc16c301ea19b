"""The control plane: reset, call log, latency, faults, tokens, rate limit, variant, clock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.plugins.sandbox import Sandbox

ACME = 1


@pytest.fixture
def owner(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox.api("owner@acme.test") as client:
        yield client


def test_reset_restores_the_seed_quickly(sandbox: Sandbox, owner: httpx.Client) -> None:
    owner.post("projects", json={"workspace_id": ACME, "name": "Temporary"})
    started = time.monotonic()
    sandbox.reset()
    assert time.monotonic() - started < 1.0
    # Tokens are data too: the old one is gone with the reset.
    assert owner.get("projects", params={"workspace_id": ACME}).status_code == 401
    with sandbox.api() as fresh:
        projects = fresh.get("projects", params={"workspace_id": ACME}).json()["data"]
    assert "Temporary" not in [p["name"] for p in projects]


def test_tokens_are_issued_for_seeded_users_only(sandbox: Sandbox) -> None:
    assert sandbox.token("exec@acme.test").startswith("wwpat_")
    response = sandbox.http.post("/__sandbox__/tokens", json={"email": "nobody@acme.test"})
    assert response.status_code == 404


def test_the_call_log_lists_api_calls_only(sandbox: Sandbox, owner: httpx.Client) -> None:
    owner.get("projects", params={"workspace_id": ACME, "name": "Web"})
    owner.get("members", params={"workspace_id": ACME, "per_page": 5})
    sandbox.state()
    calls = sandbox.calls()
    assert [(c["method"], c["path"], c["status"]) for c in calls] == [
        ("GET", "/api/v2/projects", 200),
        ("GET", "/api/v2/members", 200),
    ]
    assert calls[0]["query"] == {"workspace_id": "1", "name": "Web"}
    assert calls[0]["email"] == "owner@acme.test"
    assert len(sandbox.calls(path="/api/v2/members")) == 1
    sandbox.reset()
    assert sandbox.calls() == []


def test_latency_delays_api_answers(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_latency(250)
    started = time.monotonic()
    owner.get("workspaces")
    assert time.monotonic() - started >= 0.25
    sandbox.set_latency(min_ms=10, max_ms=30)
    assert sandbox.state()["latency"] == {"min_ms": 10, "max_ms": 30}


def test_error_faults_follow_the_rate_and_pattern(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_faults(
        {"kind": "error", "status": 503, "rate": 1.0, "method": "GET", "path": "^/api/v2/projects"}
    )
    response = owner.get("projects", params={"workspace_id": ACME})
    assert response.status_code == 503
    assert response.json()["success"] is False
    assert owner.get("members", params={"workspace_id": ACME}).status_code == 200
    assert sandbox.calls()[0]["status"] == 503


def test_faults_are_deterministic_under_a_seed(sandbox: Sandbox, owner: httpx.Client) -> None:
    def run() -> list[int]:
        sandbox.set_faults({"kind": "error", "rate": 0.5}, seed=7)
        return [owner.get("workspaces").status_code for _ in range(12)]

    first, second = run(), run()
    assert first == second
    assert {200, 500} == set(first)


def test_a_timeout_fault_answers_504_after_the_delay(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_faults({"kind": "timeout", "after_ms": 300, "then": "504"})
    started = time.monotonic()
    assert owner.get("workspaces").status_code == 504
    assert time.monotonic() - started >= 0.3


def test_a_timeout_fault_can_drop_the_connection(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_faults({"kind": "timeout", "after_ms": 50, "then": "drop"})
    with pytest.raises(httpx.TransportError):
        owner.get("workspaces")
    sandbox.clear_faults()
    assert owner.get("workspaces").status_code == 200


def test_a_malformed_body_fault(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_faults({"kind": "malformed"})
    response = owner.get("workspaces")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_a_429_fault_carries_retry_after(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_faults({"kind": "rate_limit", "retry_after": 7})
    response = owner.get("workspaces")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


def test_bad_fault_plans_are_refused(sandbox: Sandbox) -> None:
    for plan in ({"kind": "boom"}, {"kind": "error", "rate": 2}, {"kind": "error", "path": "("}):
        response = sandbox.http.post("/__sandbox__/faults", json={"faults": [plan]})
        assert response.status_code == 400


def test_the_rate_limit_is_a_sliding_window(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_rate_limit(3)
    answers = [owner.get("workspaces") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert all(a.headers["X-RateLimit-Limit"] == "3" for a in answers)
    assert 55 <= int(answers[3].headers["Retry-After"]) <= 60
    sandbox.advance_clock(seconds=30)
    assert owner.get("workspaces").status_code == 429
    sandbox.advance_clock(seconds=31)
    assert owner.get("workspaces").status_code == 200


def test_the_rate_limit_is_per_user(sandbox: Sandbox, owner: httpx.Client) -> None:
    sandbox.set_rate_limit(1)
    assert owner.get("workspaces").status_code == 200
    assert owner.get("workspaces").status_code == 429
    with sandbox.api("exec@acme.test") as other:
        assert other.get("workspaces").status_code == 200


def test_the_default_rate_limit_is_60_a_minute(sandbox: Sandbox, owner: httpx.Client) -> None:
    statuses = [owner.get("workspaces").status_code for _ in range(61)]
    assert statuses.count(200) == 60 and statuses[-1] == 429


def test_personal_tokens_can_be_expired_and_revoked(sandbox: Sandbox) -> None:
    token = sandbox.token("owner@acme.test")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{sandbox.api_url}/workspaces"
    assert httpx.get(url, headers=headers).status_code == 200
    assert sandbox.expire_token(token, kind="pat")["pat"] == 1
    assert httpx.get(url, headers=headers).status_code == 401
    second = {"Authorization": f"Bearer {sandbox.token('exec@acme.test')}"}
    assert sandbox.revoke_token(email="exec@acme.test")["pat"] == 1
    assert httpx.get(url, headers=second).status_code == 401


def test_personal_tokens_expire_after_six_months(sandbox: Sandbox) -> None:
    headers = {"Authorization": f"Bearer {sandbox.token()}"}
    sandbox.advance_clock(days=184)
    assert httpx.get(f"{sandbox.api_url}/workspaces", headers=headers).status_code == 401


def test_the_clock_moves_today(sandbox: Sandbox) -> None:
    before = sandbox.state()["clock"]
    after = sandbox.advance_clock(days=2)
    assert after["offset_seconds"] == 2 * 86400
    assert after["today"] > before["today"]
    assert sandbox.reset()["clock"]["offset_seconds"] == 0


def test_the_variant_switch(sandbox: Sandbox) -> None:
    assert sandbox.set_variant("v2") == {"variant": "v2"}
    assert sandbox.http.post("/__sandbox__/variant", json={"variant": "v3"}).status_code == 400
    assert sandbox.reset()["variant"] == "api"


def test_twenty_concurrent_writes_and_reads(sandbox: Sandbox) -> None:
    sandbox.set_rate_limit(1000)
    token = sandbox.token()
    headers = {"Authorization": f"Bearer {token}"}

    def work(n: int) -> int:
        with httpx.Client(base_url=sandbox.api_url + "/", headers=headers, timeout=30) as client:
            if n % 2:
                return client.post(
                    "projects", json={"workspace_id": ACME, "name": f"P{n}"}
                ).status_code
            return client.get(
                "timesheets", params={"workspace_id": ACME, "per_page": 50}
            ).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(work, range(20)))
    assert statuses == [200 if n % 2 == 0 else 201 for n in range(20)]
