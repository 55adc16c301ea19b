"""Reports against the real sandbox: chunk edges it accepts, pages it serves, calls it counts."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dashboard.accounts.connecting import establish
from dashboard.webwork.oauth import TokenSet
from tests.conftest import HTMX

END = timezone.localdate() - timedelta(days=1)


@pytest.fixture
def live(settings, sandbox, client, manager):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    client.force_login(manager)
    sandbox.clear_calls()
    return client


def _report_calls(sandbox, path: str) -> list[dict]:
    return sandbox.calls(path=f"/api/v2/reports/{path}")


def _range(days: int) -> tuple[date, str]:
    start = END - timedelta(days=days - 1)
    return start, f"period=custom&start={start}&end={END}"


@pytest.mark.parametrize(("days", "calls"), [(31, 1), (32, 2), (62, 2), (63, 3)])
def test_the_31_day_edge_holds_against_webwork(live, sandbox, days, calls):
    _, query = _range(days)
    response = live.get(f"/reports/tracked-hours/?{query}", headers=HTMX)
    assert response.status_code == 200 and "Hours per" in response.content.decode()
    made = _report_calls(sandbox, "tracked-hours")
    assert len(made) == calls and {c["status"] for c in made} == {200}


def test_a_90_day_report_costs_three_report_calls_and_nothing_when_warm(live, sandbox):
    _, query = _range(90)
    live.get(f"/reports/tracked-hours/?{query}")
    live.get(f"/reports/tracked-hours/?{query}", headers=HTMX)
    cold = sandbox.calls()
    assert len([c for c in cold if "/reports/" in c["path"]]) == 3
    assert len(cold) == 5  # members and projects (one page each), three chunks
    sandbox.clear_calls()
    live.get(f"/reports/tracked-hours/?{query}")
    live.get(f"/reports/tracked-hours/?{query}", headers=HTMX)
    assert sandbox.calls() == []


def test_member_pages_of_activity_descriptions_are_all_fetched(live, sandbox):
    start, query = _range(31)
    page = live.get(f"/reports/activity-descriptions/?{query}", headers=HTMX).content.decode()
    made = _report_calls(sandbox, "activity-descriptions")
    pages = sorted(int(c["query"]["page"]) for c in made)
    assert pages == list(range(1, len(made) + 1)) and len(made) > 1
    with sandbox.api() as api:
        params = {"workspace_id": sandbox.workspace_id(), "start_date": start, "end_date": END}
        total = api.get("reports/activity-descriptions", params=params).json()["meta"]
    assert f"{total['pagination']['total']} rows" in page


def test_the_csv_sums_to_webwork_own_total(live, sandbox):
    start, query = _range(45)
    response = live.get(f"/reports/tracked-hours/?{query}&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    minutes = sum(int(h) * 60 + int(m) for h, m in (r[3].split(":") for r in rows[1:-1]))
    expected = 0
    with sandbox.api() as api:
        for a, b in ((start, start + timedelta(days=30)), (start + timedelta(days=31), END)):
            params = {"workspace_id": sandbox.workspace_id(), "start_date": a, "end_date": b}
            expected += api.get("reports/tracked-hours", params=params).json()["data"]["total"][
                "total_minutes"
            ]
    assert minutes == expected > 0


def test_a_team_manager_learns_which_role_reports_need(settings, sandbox, client, manager):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token("lead@acme.test"), "", None, ""))
    client.force_login(manager)
    page = client.get("/reports/tracked-hours/", headers=HTMX).content.decode()
    assert "Owner or Executive manager" in page


def test_an_outage_of_one_report_chunk_path_is_shown_in_place(live, sandbox):
    sandbox.set_faults({"kind": "error", "status": 503, "path": "reports/tracked-hours"})
    _, query = _range(40)
    page = live.get(f"/reports/tracked-hours/?{query}", headers=HTMX).content.decode()
    assert "WebWork is not answering" in page and "Try again" in page


def _parts(client, url: str) -> int:
    """Read a report as the page does: its parts one by one, then the whole; how many parts."""
    region = client.get(url, headers={**HTMX, "X-Report-Parts": "progressive"}).content.decode()
    count = region.count("data-part=")
    for index in range(count):
        item = client.get(f"{url}&part={index}", headers=HTMX).content.decode()
        assert 'data-part="done"' in item
    report = client.get(url, headers={**HTMX, "X-Report-Parts": "assemble"}).content.decode()
    assert "Day by day" in report and "Part of this report is missing" not in report
    return count


def test_a_122_day_report_read_part_by_part_exports_without_asking_webwork(live, sandbox):
    _, query = _range(122)
    url = f"/reports/activity-descriptions/?{query}"
    assert _parts(live, url) == 4
    made = _report_calls(sandbox, "activity-descriptions")
    assert len(made) >= 4 and {c["status"] for c in made} == {200}
    sandbox.clear_calls()
    response = live.get(f"{url}&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[-1][0] == "Total" and len(rows) > 2
    assert live.get(f"{url}&format=xlsx").status_code == 200
    assert sandbox.calls() == []


def test_parts_are_kept_per_webwork_account(live, sandbox, client, owner):
    """Another dashboard user asking for the same part reads it with their own connection."""
    _, query = _range(40)
    url = f"/reports/tracked-hours/?{query}"
    live.get(f"{url}&part=0", headers=HTMX)
    owner_calls = _report_calls(sandbox, "tracked-hours")
    assert [c["email"] for c in owner_calls] == ["owner@acme.test"]

    other = Client()
    establish(owner, "token", TokenSet(sandbox.token("exec@acme.test"), "", None, ""))
    other.force_login(owner)
    sandbox.clear_calls()
    item = other.get(f"{url}&part=0", headers=HTMX).content.decode()
    assert 'data-part="done"' in item
    assert [c["email"] for c in _report_calls(sandbox, "tracked-hours")] == ["exec@acme.test"]


def test_a_team_manager_never_sees_the_parts_an_owner_read(live, sandbox, owner):
    _, query = _range(40)
    url = f"/reports/tracked-hours/?{query}"
    live.get(f"{url}&part=0", headers=HTMX)
    lead = Client()
    establish(owner, "token", TokenSet(sandbox.token("lead@acme.test"), "", None, ""))
    lead.force_login(owner)
    response = lead.get(f"{url}&part=0", headers=HTMX)
    body = response.content.decode()
    assert response["HX-Retarget"] == "#report" and "Owner or Executive manager" in body
    assert "tracked," not in body
    calls = _report_calls(sandbox, "tracked-hours")
    assert [c["email"] for c in calls][-1] == "lead@acme.test" and calls[-1]["status"] == 403
