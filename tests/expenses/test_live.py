"""Against the real sandbox: what the expense pages cost upstream, and that what they do is real."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboard.accounts.connecting import establish
from dashboard.audit.models import AuditEntry
from dashboard.webwork.oauth import TokenSet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sandbox]


def connect(settings, sandbox, manager, client, email: str):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    establish(manager, "token", TokenSet(sandbox.token(email), "", None, ""))
    client.force_login(manager)
    sandbox.clear_calls()
    return client


@pytest.fixture
def owner(settings, sandbox, manager, client):
    return connect(settings, sandbox, manager, client, "owner@acme.test")


def paths(sandbox) -> list[str]:
    return sorted({f"{c['method']} {c['path']}" for c in sandbox.calls()})


def api_get(sandbox, path: str, **params) -> list[dict]:
    params = {"workspace_id": sandbox.workspace_id(), "per_page": 100, **params}
    with sandbox.api() as api:
        return api.get(path, params=params).json()["data"]


def test_the_list_costs_one_round_cold_and_nothing_warm(owner, sandbox):
    page = owner.get("/expenses/").content.decode()
    assert "expenses from" in page
    assert paths(sandbox) == [
        "GET /api/v2/expenses",
        "GET /api/v2/expenses/categories",
        "GET /api/v2/members",
        "GET /api/v2/projects",
    ]
    sandbox.clear_calls()
    owner.get("/expenses/?category=whatever&per_page=50")
    assert sandbox.calls() == []


def test_the_export_sums_what_webwork_holds_per_currency(owner, sandbox):
    today = timezone.localdate()
    start = today - timedelta(days=89)
    held = api_get(sandbox, "expenses", date_from=start, date_to=today)
    assert held, "the seed has expenses in the last 90 days"
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for item in held:
        expected[item.get("currency") or ""] += Decimal(str(item["amount"]))
    response = owner.get("/expenses/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    _, *rows = csv.reader(io.StringIO(text))
    assert len(rows) == len(held)
    exported: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        exported[row[8]] += Decimal(row[7])
        assert not row[4].startswith("="), "a formula reached the CSV"
    assert exported == expected


def test_an_expense_is_recorded_changed_and_deleted_in_webwork(owner, sandbox):
    categories = api_get(sandbox, "expenses/categories")
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    form = {"name": "Taxi to the client", "day": day, "amount": "23.40"}
    form |= {"category": categories[0]["id"], "note": "Receipt attached", "next": "/expenses/"}
    assert owner.post("/expenses/new/", form).status_code == 302
    entry = AuditEntry.objects.get(action="expense.create", outcome="ok")
    (made,) = api_get(sandbox, "expenses", id=entry.target_id)
    assert made["expense_name"] == "Taxi to the client" and made["amount"] == 23.4

    edit = {**form, "amount": "25.00"}
    assert owner.post(f"/expenses/{entry.target_id}/edit/", edit).status_code == 302
    (changed,) = api_get(sandbox, "expenses", id=entry.target_id)
    assert changed["amount"] == 25.0
    assert "Taxi to the client" in owner.get("/expenses/").content.decode()

    assert owner.post(f"/expenses/{entry.target_id}/delete/").status_code == 302
    assert api_get(sandbox, "expenses", id=entry.target_id) == []
    outcomes = AuditEntry.objects.filter(target_id=entry.target_id).values_list("action", "outcome")
    assert sorted(outcomes) == [
        ("expense.create", "ok"),
        ("expense.delete", "ok"),
        ("expense.update", "ok"),
    ]


def test_a_future_expense_is_refused_unsent(owner, sandbox):
    categories = api_get(sandbox, "expenses/categories")
    sandbox.clear_calls()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    form = {"name": "Hotel", "day": tomorrow, "amount": "90", "category": categories[0]["id"]}
    page = owner.post("/expenses/new/", form).content.decode()
    assert "An expense cannot be dated after today." in page
    assert [c for c in sandbox.calls() if c["method"] != "GET"] == []


def test_a_team_manager_reads_only(settings, sandbox, manager, client):
    lead = connect(settings, sandbox, manager, client, "lead@acme.test")
    page = lead.get("/expenses/").content.decode()
    assert "you see expenses read-only" in page and "Record an expense" not in page
    sandbox.clear_calls()
    assert lead.get("/expenses/new/").status_code == 403
    assert sandbox.calls() == []
