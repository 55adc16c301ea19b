"""Contracts: one member on one project."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse

from sandbox.api.envelope import Page, invalid, meta, not_found, ok
from sandbox.api.envelope import json_response as respond
from sandbox.api.operation import Ctx, operation, path_id
from sandbox.api.present import contract_json
from sandbox.api.visibility import restrict_users, workspace_member, workspace_project
from sandbox.workspace.models import Contract, Membership

SCREENSHOT_MODES = (
    "full",
    "blurred",
    "no_preview",
    "no_screenshot",
    "background_blurred",
    "video_full",
    "video_blurred",
    "video_full_silent",
    "video_blurred_silent",
)


def _contracts(ctx: Ctx) -> QuerySet[Contract]:
    rows = Contract.objects.select_related("project", "user").filter(
        workspace=ctx.workspace, project__archived_at__isnull=True
    )
    return restrict_users(ctx, rows)


def _roles(ctx: Ctx, contracts: list[Contract]) -> dict[int, str]:
    members = Membership.objects.filter(
        workspace=ctx.workspace, user_id__in={c.user_id for c in contracts}
    )
    return dict(members.values_list("user_id", "role"))


def _json(ctx: Ctx, contract: Contract, roles: dict[int, str] | None = None) -> dict[str, Any]:
    roles = roles if roles is not None else _roles(ctx, [contract])
    return contract_json(contract, roles.get(contract.user_id), show_rates=ctx.show_rates)


def _contract(ctx: Ctx, contract_id: str) -> Contract:
    contract = _contracts(ctx).filter(pk=path_id(contract_id, "Contract")).first()
    if contract is None:
        raise not_found("Contract")
    return contract


@operation()
def list_contracts(ctx: Ctx) -> HttpResponse:
    """GET /contracts: pagination is sent in ``meta`` and, as documented, at the top level."""
    q = ctx.query
    project_id = q.integer("project_id")
    user_id = q.integer("user_id")
    status = q.text("status", choices=("active", "paused"))
    page, per_page = q.page()
    q.check()
    rows = _contracts(ctx).order_by("pk")
    if project_id is not None:
        rows = rows.filter(project_id=project_id)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if status:
        rows = rows.filter(status=status)
    result = Page(rows, page, per_page)
    roles = _roles(ctx, result.items)
    body = {
        "success": True,
        "data": [_json(ctx, c, roles) for c in result.items],
        "message": "Contracts retrieved successfully",
        "meta": meta(result.pagination),
        "pagination": result.pagination,
    }
    return respond(body)


@operation()
def get_contract(ctx: Ctx, contract_id: str) -> HttpResponse:
    """GET /contracts/{contractId}."""
    return ok(_json(ctx, _contract(ctx, contract_id)), message="Contract retrieved successfully")


@operation(manager_only=True)
def create_contract(ctx: Ctx) -> JsonResponse:
    """POST /contracts: put a member on a project."""
    b = ctx.body
    project_id = b.integer("project_id", required=True)
    user_id = b.integer("user_id", required=True)
    weekly = b.integer("weekly_hours_limit", low=0, high=168)
    screenshots = b.text("screenshots", choices=SCREENSHOT_MODES)
    rate = b.number("rate", high=100_000)
    b.check()
    project = workspace_project(ctx, project_id)
    member = workspace_member(ctx, user_id)
    if Contract.objects.filter(project=project, user=member.user).exists():
        raise invalid("user_id", "This member already has a contract on this project.")
    contract = Contract.objects.create(
        workspace=ctx.workspace,
        project=project,
        user=member.user,
        weekly_hours_limit=168 if weekly is None else weekly,
        screenshots=screenshots or "full",
        # Rates are only stored when the caller may see them, as documented.
        rate=rate if ctx.show_rates else None,
        rate_type=1 if rate is not None else 3,
        currency=project.currency,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    return ok(_json(ctx, contract), message="Contract created successfully", status=201)


@operation(manager_only=True)
def update_contract(ctx: Ctx, contract_id: str) -> HttpResponse:
    """PUT /contracts/{contractId}: limit, screenshots, rate, pause or activate."""
    contract = _contract(ctx, contract_id)
    b = ctx.body
    weekly = b.integer("weekly_hours_limit", low=0, high=168)
    screenshots = b.text("screenshots", choices=SCREENSHOT_MODES)
    rate = b.number("rate", high=100_000)
    status = b.text("status", choices=("active", "paused"))
    b.check()
    if weekly is not None:
        contract.weekly_hours_limit = weekly
    if screenshots:
        contract.screenshots = screenshots
    if rate is not None and ctx.show_rates:
        contract.rate, contract.rate_type = rate, 1
    if status:
        contract.status = status
    contract.updated_at = ctx.now
    contract.save()
    return ok(_json(ctx, contract), message="Contract updated successfully")
