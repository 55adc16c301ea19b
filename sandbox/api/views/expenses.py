"""Expenses and their categories.

An expense belongs to the member who records it, in the currency of its project (USD without
one). Owners and executive managers may change or delete anyone's; others only their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse

from sandbox.api import rules
from sandbox.api.envelope import Page, forbidden, invalid, not_found, ok
from sandbox.api.inputs import Inputs
from sandbox.api.operation import Ctx, operation
from sandbox.api.present_work import category_json, expense_json
from sandbox.api.visibility import restrict_users, visible_projects
from sandbox.workspace.models import Expense, ExpenseCategory, Project

DEFAULT_CURRENCY = "USD"


def _expenses(ctx: Ctx) -> QuerySet[Expense]:
    rows = Expense.objects.select_related("user", "project", "category").filter(
        workspace=ctx.workspace
    )
    return restrict_users(ctx, rows)


def _own_expense(ctx: Ctx, expense_id: str) -> Expense:
    expense = _expenses(ctx).filter(pk=expense_id).first()
    if expense is None:
        raise not_found("Expense")
    if expense.user_id != ctx.user.pk and not ctx.is_manager:
        raise forbidden("Only the member or a workspace manager may change this expense")
    return expense


@operation()
def list_expenses(ctx: Ctx) -> HttpResponse:
    """GET /expenses: filters id and a date range, newest first."""
    q = ctx.query
    expense_id = q.text("id")
    date_from = q.day("date_from")
    date_to = q.day("date_to")
    page, per_page = q.page()
    q.check_range(date_from, date_to)
    q.check()
    rows = _expenses(ctx).order_by("-date", "-created_at", "pk")
    if expense_id:
        rows = rows.filter(pk=expense_id)
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    result = Page(rows, page, per_page)
    data = [expense_json(e, variant=ctx.variant) for e in result.items]
    return ok(data, pagination=result.pagination)


def _read(b: Inputs, *, create: bool) -> dict[str, Any]:
    """The fields given; ``description`` (OAuth2 doc variant) is another name for ``note``."""
    note = b.text("note", max_length=rules.NOTE_MAX_LENGTH)
    alias = b.text("description", max_length=rules.NOTE_MAX_LENGTH)
    fields = {
        "name": b.text("expense_name", required=create),
        "date": b.day("date", required=create),
        "amount": b.number("amount", high=rules.EXPENSE_MAX_AMOUNT, required=create),
        "category_id": b.text("category_id", required=create, max_length=64),
        "project_id": b.integer("project_id"),
        "note": note if note is not None else alias,
        "is_billable": b.boolean("is_billable"),
    }
    b.check()
    return {key: value for key, value in fields.items() if value is not None}


def _apply(ctx: Ctx, expense: Expense, fields: dict[str, Any]) -> None:
    """Check what needs the workspace and the current values, then set the fields."""
    if "category_id" in fields:
        category = ExpenseCategory.objects.filter(
            pk=fields.pop("category_id"), workspace=ctx.workspace
        ).first()
        if category is None:
            raise not_found("Expense category")
        expense.category = category
    if "project_id" in fields:
        project: Project | None = visible_projects(ctx).filter(pk=fields.pop("project_id")).first()
        if project is None:
            raise not_found("Project")
        expense.project, expense.currency = project, project.currency
        # A new expense is billable when its project is; an edit keeps what was chosen.
        fields.setdefault(
            "is_billable", project.is_billable if expense._state.adding else expense.is_billable
        )
    for key, value in fields.items():
        setattr(expense, key, value)
    rules.check_expense_amount(expense.amount)
    rules.check_not_in_future("date", expense.date, ctx.now)
    if expense.is_billable and expense.project is None:
        raise invalid("is_billable", "Only an expense on a project can be billable.")
    expense.amount = round(expense.amount, 2)
    expense.updated_at = ctx.now


@operation()
def create_expense(ctx: Ctx) -> HttpResponse:
    """POST /expenses: an expense of the caller."""
    fields = _read(ctx.body, create=True)
    expense = Expense(
        workspace=ctx.workspace, user=ctx.user, currency=DEFAULT_CURRENCY, created_at=ctx.now
    )
    _apply(ctx, expense, fields)
    expense.save()
    data = expense_json(expense, variant=ctx.variant)
    return ok(data, message="Expense created successfully", status=201)


@operation()
def update_expense(ctx: Ctx, expense_id: str) -> HttpResponse:
    """PUT /expenses/{expenseId}: partial update."""
    expense = _own_expense(ctx, expense_id)
    _apply(ctx, expense, _read(ctx.body, create=False))
    expense.save()
    return ok(expense_json(expense, variant=ctx.variant), message="Expense updated successfully")


@operation()
def delete_expense(ctx: Ctx, expense_id: str) -> HttpResponse:
    """DELETE /expenses/{expenseId}."""
    _own_expense(ctx, expense_id).delete()
    return ok(None, message="Expense deleted successfully")


@operation()
def list_categories(ctx: Ctx) -> HttpResponse:
    """GET /expenses/categories: by name."""
    ctx.query.check()
    categories = ExpenseCategory.objects.filter(workspace=ctx.workspace).order_by("name", "pk")
    return ok([category_json(c) for c in categories])
