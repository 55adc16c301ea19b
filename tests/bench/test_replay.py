"""bench/ keeps working: the replay upstream, and one page recorded from the sandbox and replayed.

No timing is asserted here (figures belong to ``uv run python -m bench``), only that the
instrument counts what it should.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from bench.harness import OWNER, Dashboard
from bench.recording import Answer, Recording, request_key
from bench.replay import Call, rounds
from bench.upstream import recording_proxy, replaying

JSON = [("content-type", "application/json")]
APPROVE = "/api/v2/time-requests/{}/approve"


def test_rounds_are_groups_of_calls_overlapping_in_time():
    calls = [Call(0.0, 1.0, "GET", "a", 200), Call(0.5, 1.5, "GET", "b", 200)]
    calls += [Call(1.5, 2.5, "GET", "c", 200), Call(3.0, 4.0, "GET", "d", 200)]

    assert rounds(calls) == 3
    assert rounds([]) == 0


def _recording(tmp_path: Path) -> Path:
    recording = Recording()
    key = request_key("GET", "/api/v2/projects", "workspace_id=1&page=1", b"")
    recording.add("pages", "GET", "/api/v2/projects", key, Answer(200, JSON, b'{"data": []}'))
    first = "0f5f2c1e-5a7e-4d0c-9a51-000000000001"
    path = APPROVE.format(first)
    answer = Answer(200, JSON, f'{{"data": {{"id": "{first}"}}}}'.encode())
    recording.add("bulk", "POST", path, request_key("POST", path, "", b""), answer)
    out = tmp_path / "recording.json.gz"
    recording.save(out)
    return out


def test_the_replay_answers_as_recorded_within_the_rate_limit(tmp_path):
    other = "0f5f2c1e-5a7e-4d0c-9a51-000000000002"
    with replaying(_recording(tmp_path), latency_ms=0, rate_limit=3) as upstream:
        with httpx.Client(base_url=upstream.url, headers={"Authorization": "Bearer a"}) as api:
            # Query order does not matter; the fourth request in the minute is refused.
            listed = [api.get("/api/v2/projects?page=1&workspace_id=1") for _ in range(3)]
            refused = api.get("/api/v2/projects?page=1&workspace_id=1")
            other_token = api.post(APPROVE.format(other), headers={"Authorization": "Bearer b"})
            missing = api.get("/api/v2/members", headers={"Authorization": "Bearer c"})
        stats = upstream.stats()

    assert [r.json() for r in listed] == [{"data": []}] * 3
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert other_token.status_code == 200 and other_token.json() == {"data": {"id": other}}
    assert missing.status_code == 404
    assert stats.total == 6 and stats.status(429) == 1
    assert stats.templated == 1 and stats.missed == ["GET /api/v2/members"]


def test_a_page_recorded_from_the_sandbox_is_replayed(sandbox, client, manager, settings, tmp_path):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url  # restored after the test
    settings.WEBWORK_RATE_PER_MINUTE = 6000
    sandbox.set_rate_limit(6000)
    client.force_login(manager)
    dashboard = Dashboard(client, manager)
    out = tmp_path / "viewers.json.gz"
    with recording_proxy(sandbox.url, out, "api") as proxy:
        dashboard.connect(proxy.api_url, sandbox.token(OWNER))
        recorded = dashboard.get("/viewers/")
        proxy.save()

    with replaying(out, latency_ms=20) as upstream:
        dashboard.connect(upstream.api_url, "a token the replay does not check")
        dashboard.forget()
        upstream.reset()
        replayed = dashboard.get("/viewers/")
        stats = upstream.stats()

    assert recorded.status == replayed.status == 200
    assert replayed.rows == recorded.rows > 0
    assert stats.total >= 1 and stats.rounds >= 1 and stats.misses == 0
