"""A small workspace for the expense pages: three members, two projects, three categories.

Expenses come in the OAuth2 doc variant (ids, ISO dates, currency) unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from django.utils import timezone

from tests.fakes import Reply, ok, pages

TODAY = timezone.localdate()
TRAVEL, SOFTWARE, MEALS = "cat-travel", "cat-software", "cat-meals"
WEBSITE, CAFE = 501, 505


def member(id_: int, first: str, last: str, role: str = "Regular User") -> dict:
    return {
        "id": id_,
        "email": f"{first.lower()}@acme.test",
        "firstname": first,
        "lastname": last,
        "current_role": role,
        "status": "active",
    }


AMELIA = member(101, "Amelia", "Stone", "Owner")
ZOE = member(114, "Zoë", "Müller")
LAYLA = member(109, "ليلى", "الأحمد")
MEMBERS = [AMELIA, ZOE, LAYLA]
PROJECTS = [
    {"id": WEBSITE, "name": "Website Redesign", "is_billable": True},
    {"id": CAFE, "name": "Café Menu 🍰", "is_billable": False},
]
CATEGORIES = [
    {"id": TRAVEL, "name": "Travel"},
    {"id": SOFTWARE, "name": "Software & licences"},
    {"id": MEALS, "name": "Meals & entertainment"},
]


def expense(
    id_: str,
    name: str,
    amount: float,
    who: dict,
    category: str,
    project: int | None = None,
    days_ago: int = 1,
    currency: str = "USD",
) -> dict:
    names = {c["id"]: c["name"] for c in CATEGORIES}
    projects = {p["id"]: p["name"] for p in PROJECTS}
    day = TODAY - timedelta(days=days_ago)
    return {
        "id": id_,
        "member": f"{who['firstname']} {who['lastname']}",
        "expense_date": day.strftime("%b %d, %Y"),
        "expense_name": name,
        "project": projects.get(project) if project else None,
        "category": names[category],
        "amount": amount,
        "note": None,
        "type": "billable" if project == WEBSITE else "non-billable",
        "user_id": who["id"],
        "project_id": project,
        "category_id": category,
        "currency": currency,
        "date": day.isoformat(),
        "is_billable": project == WEBSITE,
    }


TAXI = expense("e-taxi", "=1+1 taxi receipt", 42.5, ZOE, TRAVEL, WEBSITE)
FIGMA = expense("e-figma", "Figma seats", 120.0, AMELIA, SOFTWARE)
DINNER = expense("e-dinner", "Client dinner & drinks", 80.25, LAYLA, MEALS, CAFE, currency="EUR")
TRAIN = expense("e-train", "Train ticket Berlin → Munich", 59.9, LAYLA, TRAVEL, CAFE, 3, "EUR")
EXPENSES = [TAXI, FIGMA, DINNER, TRAIN]


def listed(items: list[dict]) -> Reply:
    return ok(items, pagination=pages(len(items), 100, 1))


def expenses_answering(items: list[dict]):
    """GET /expenses as WebWork answers it: an ``id`` filter gives that one expense."""

    def answer(request: httpx.Request) -> httpx.Response:
        wanted = request.url.params.get("id")
        found = [e for e in items if e["id"] == wanted] if wanted else items
        return listed(found)(request)

    return answer


@pytest.fixture
def workspace(upstream):
    """The reads every expense page starts from."""
    upstream.route("GET", "/members", listed(MEMBERS))
    upstream.route("GET", "/projects", listed(PROJECTS))
    upstream.route("GET", "/expenses/categories", ok(CATEGORIES))
    upstream.route("GET", "/expenses", expenses_answering(EXPENSES))
    return upstream


@pytest.fixture
def team_manager(connected):
    """The connected manager, as a Team manager in WebWork: the pages are read-only."""
    connected.workspace_role = "Team manager"
    connected.save()
    return connected


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)
