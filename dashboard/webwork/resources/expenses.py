"""Expenses members record, and the categories they are filed under."""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard.webwork.records.pages import Envelope, Page, page_from
from dashboard.webwork.records.work import Expense, ExpenseCategory
from dashboard.webwork.resources.base import Resource, Saved, data_object, segment
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed
from dashboard.webwork.resources.replies import record_or_none
from dashboard.webwork.resources.time_entries import MAX_NOTES, refuse
from dashboard.webwork.transport.cache import LIST_TTL, REFERENCE_TTL

_TOUCHES = ("expenses",)
MAX_NAME = 255


def _expense(envelope: Envelope) -> Expense:
    return Expense.from_json(data_object(envelope))


_expense_or_none = record_or_none(Expense.from_json)


def _body(
    method: str,
    path: str,
    *,
    create: bool,
    name: str | None,
    amount: float | None,
    note: str | None,
    **fields: Any,
) -> dict[str, Any]:
    errors = {}
    if (create or name is not None) and not (name or "").strip():
        errors["expense_name"] = "Give the expense a name."
    elif name is not None and len(name) > MAX_NAME:
        errors["expense_name"] = f"A name has at most {MAX_NAME} characters."
    if amount is not None and amount <= 0:
        errors["amount"] = "The amount must be more than zero."
    if note is not None and len(note) > MAX_NOTES:
        errors["note"] = f"A note has at most {MAX_NOTES} characters."
    refuse(errors, method=method, path=path)
    # Reference: the OAuth2 docs call the note `description`; both names are sent.
    return {"expense_name": name, "amount": amount, "note": note, "description": note, **fields}


class Expenses(Resource):
    def list(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Expense]:
        """GET /expenses: list expenses, newest first, within dates."""
        params = {"date_from": date_from, "date_to": date_to}
        return listed(self._api, "expenses", "/expenses", params, Expense.from_json, paging)

    def all(
        self, *, date_from: date | None = None, date_to: date | None = None, refresh: bool = False
    ) -> Page[Expense]:
        """GET /expenses (every page): all expenses within dates, cached briefly as a list."""
        params = {"date_from": date_from, "date_to": date_to}
        return self._api.all_pages(
            "expenses", "/expenses", params, Expense.from_json, refresh=refresh, ttl=LIST_TTL
        )

    def get(self, expense_id: str) -> Expense:
        """GET /expenses?id=: one expense, read past the cache."""
        # Reference: there is no GET /expenses/{id}; the list takes an `id` filter.
        return self._api.first("/expenses", {"id": expense_id}, Expense.from_json)

    def create(
        self,
        *,
        name: str,
        day: date,
        amount: float,
        category_id: str,
        project_id: int | None = None,
        note: str | None = None,
        is_billable: bool | None = None,
    ) -> Saved[Expense]:
        """POST /expenses: record an expense (of the signed-in member)."""
        body = _body(
            "POST",
            "/expenses",
            create=True,
            name=name,
            amount=amount,
            note=note,
            date=day,
            category_id=category_id,
            project_id=project_id,
            is_billable=is_billable,
        )
        return self._api.saved("POST", "/expenses", body, _expense, touches=_TOUCHES)

    def update(
        self,
        expense_id: str,
        *,
        name: str | None = None,
        day: date | None = None,
        amount: float | None = None,
        category_id: str | None = None,
        project_id: int | None = None,
        note: str | None = None,
        is_billable: bool | None = None,
    ) -> Saved[Expense | None]:
        """PUT /expenses/{expenseId}: change the given fields only."""
        path = f"/expenses/{segment(expense_id)}"
        body = _body(
            "PUT",
            path,
            create=False,
            name=name,
            amount=amount,
            note=note,
            date=day,
            category_id=category_id,
            project_id=project_id,
            is_billable=is_billable,
        )
        return self._api.saved("PUT", path, body, _expense_or_none, touches=_TOUCHES)

    def delete(self, expense_id: str) -> str:
        """DELETE /expenses/{expenseId}: delete an expense."""
        path = f"/expenses/{segment(expense_id)}"
        return self._api.action("DELETE", path, {}, touches=_TOUCHES)

    def categories(self, *, refresh: bool = False) -> tuple[ExpenseCategory, ...]:
        """GET /expenses/categories: the workspace's categories (cached as reference data)."""
        path = "/expenses/categories"
        return self._api.cached(
            "expense_categories",
            {"path": path},
            lambda: self._api.get(path, {}, _categories),
            REFERENCE_TTL,
            refresh=refresh,
        )


def _categories(envelope: Envelope) -> tuple[ExpenseCategory, ...]:
    return page_from(envelope, ExpenseCategory.from_json).items
