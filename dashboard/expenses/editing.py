"""Recording, changing and deleting an expense: checked first, audited, WebWork's word shown."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dashboard.audit.log import audited
from dashboard.core.http import DashboardRequest
from dashboard.core.navigation import safe_next
from dashboard.core.upstream import add_upstream_errors, describe
from dashboard.webwork.errors import WebworkError

from .common import may_manage, refuse_role
from .forms import ExpenseForm

# WebWork's names for the fields, where they differ from the form's.
ALIASES = {
    "expense_name": "name",
    "date": "day",
    "category_id": "category",
    "project_id": "project",
    "description": "note",
}


def _back(request: DashboardRequest) -> str:
    return safe_next(request, reverse("expenses:list"))


@require_http_methods(["GET", "POST"])
def expense_new(request: DashboardRequest) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    webwork = request.webwork
    projects, categories = webwork.gather(
        lambda: webwork.projects.all(), lambda: webwork.expenses.categories()
    )
    form = ExpenseForm(
        request.POST if request.method == "POST" else None,
        projects=projects,
        categories=categories,
        today=timezone.localdate(),
    )
    back = _back(request)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        try:
            target = ("expense", "", name)
            with audited(request, "expense.create", target=target, summary=form.summary()) as entry:
                saved = webwork.expenses.create(**form.changes())
                entry.message, entry.target_id = saved.message, saved.item.id
        except WebworkError as exc:
            add_upstream_errors(form, exc, ALIASES)
        else:
            messages.success(request, f"{saved.message or 'Expense recorded'}: {name}")
            return redirect(back)
    context = {"form": form, "back": back, "expense": None}
    return render(request, "expenses/form.html", context)


@require_http_methods(["GET", "POST"])
def expense_edit(request: DashboardRequest, expense_id: str) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    webwork = request.webwork
    expense, projects, categories = webwork.gather(
        lambda: webwork.expenses.get(expense_id),
        lambda: webwork.projects.all(),
        lambda: webwork.expenses.categories(),
    )
    form = ExpenseForm(
        request.POST if request.method == "POST" else None,
        projects=projects,
        categories=categories,
        today=timezone.localdate(),
        expense=expense,
    )
    back = _back(request)
    if request.method == "POST" and form.is_valid():
        target = ("expense", expense.id, expense.name)
        try:
            with audited(request, "expense.update", target=target, summary=form.summary()) as entry:
                saved = webwork.expenses.update(expense.id, **form.changes())
                entry.message = saved.message
        except WebworkError as exc:
            add_upstream_errors(form, exc, ALIASES)
        else:
            said = saved.message or "Expense saved"
            messages.success(request, f"{said}: {form.cleaned_data['name']}")
            return redirect(back)
    context = {"form": form, "back": back, "expense": expense}
    return render(request, "expenses/form.html", context)


@require_http_methods(["GET", "POST"])
def expense_delete(request: DashboardRequest, expense_id: str) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    # Read first: the entry and the question name the expense as WebWork has it, not as sent.
    expense = request.webwork.expenses.get(expense_id)
    back = _back(request)
    context = {"expense": expense, "back": back, "error": None}
    if request.method == "POST":
        try:
            target = ("expense", expense.id, expense.name)
            with audited(request, "expense.delete", target=target) as entry:
                entry.message = request.webwork.expenses.delete(expense.id)
        except WebworkError as exc:
            context["error"] = describe(exc)
        else:
            messages.success(request, f"{entry.message or 'Expense deleted'}: {expense.name}")
            return redirect(back)
    return render(request, "expenses/delete.html", context)
