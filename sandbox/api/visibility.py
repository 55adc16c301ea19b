"""Which rows a caller may see: everything for owners and executive managers, less for others.

Team managers see their team and themselves; other roles see only their own records.
"""

from __future__ import annotations

from django.db.models import Count, Model, Q, QuerySet

from sandbox.api import rules
from sandbox.api.envelope import invalid, not_found
from sandbox.api.operation import Ctx
from sandbox.workspace.models import Contract, Membership, Project, Role, Task, ViewerAccess


def visible_user_ids(ctx: Ctx) -> set[int] | None:
    """The member ids the caller may see, or None for all of them."""
    member = ctx.member
    if member.is_manager:
        return None
    if member.role == Role.TEAM_MANAGER and member.team_name:
        team = Membership.objects.filter(workspace=member.workspace, team_name=member.team_name)
        return set(team.values_list("user_id", flat=True)) | {member.user_id}
    return {member.user_id}


def restrict_users[M: Model](ctx: Ctx, rows: QuerySet[M], field: str = "user_id") -> QuerySet[M]:
    """Narrow ``rows`` to the members the caller may see."""
    ids = visible_user_ids(ctx)
    return rows if ids is None else rows.filter(**{f"{field}__in": ids})


def visible_projects(ctx: Ctx) -> QuerySet[Project]:
    projects = Project.objects.filter(workspace=ctx.workspace, archived_at__isnull=True)
    member = ctx.member
    if member.role == Role.PROJECT_VIEWER:
        allowed = ViewerAccess.objects.filter(membership=member).values("project_id")
        projects = projects.filter(pk__in=allowed)
    elif not member.is_manager:
        mine = Contract.objects.filter(user_id=member.user_id).values("project_id")
        projects = projects.filter(pk__in=mine)
    return projects.select_related("workspace").annotate(
        active_contracts=Count("contracts", filter=Q(contracts__status=Contract.Status.ACTIVE))
    )


def workspace_member(ctx: Ctx, user_id: int | None) -> Membership:
    """A non-archived member of the caller's workspace, or a 404."""
    membership = (
        Membership.objects.select_related("user", "workspace")
        .filter(workspace=ctx.workspace, user_id=user_id or 0, archived_at__isnull=True)
        .first()
    )
    if user_id is None or membership is None:
        raise not_found("Member")
    return membership


def workspace_project(ctx: Ctx, project_id: int | None) -> Project:
    project = (
        Project.objects.select_related("workspace")
        .filter(workspace=ctx.workspace, pk=project_id or 0, archived_at__isnull=True)
        .first()
    )
    if project is None:
        raise not_found("Project")
    return project


def tracking_member(ctx: Ctx, user_id: int | None) -> Membership:
    """A member whose time may be recorded: active, and not a project viewer."""
    member = workspace_member(ctx, user_id)
    if member.role == Role.PROJECT_VIEWER or member.status != Membership.Status.ACTIVE:
        raise invalid("user_id", "This member does not track time.")
    return member


def work_of(
    ctx: Ctx, member: Membership, contract_id: int | None, task_id: int | None
) -> tuple[Contract | None, Task | None]:
    """The member's open contract and a live task of its project, for new time (404 otherwise).

    Without a contract the time has no project (the OAuth2 doc variant allows it), so no task.
    """
    contract = None
    if contract_id is not None:
        contract = (
            Contract.objects.select_related("project")
            .filter(
                pk=contract_id,
                workspace=ctx.workspace,
                user_id=member.user_id,
                project__archived_at__isnull=True,
            )
            .first()
        )
        if contract is None:
            raise not_found("Contract")
        rules.check_contract_open(contract)
    return contract, contract_task(contract, task_id)


def contract_task(contract: Contract | None, task_id: int | None) -> Task | None:
    """A live task of the contract's project; a task always comes with a contract."""
    if task_id is None:
        return None
    if contract is None:
        raise invalid("task_id", "A task can only be given together with a contract_id.")
    task = Task.objects.filter(
        pk=task_id, project_id=contract.project_id, deleted_at__isnull=True
    ).first()
    if task is None:
        raise not_found("Task")
    return task
