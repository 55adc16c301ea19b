"""Seeded work around the tracked time: task details and assignees, running trackers, expenses.

Everything here draws from the builder's ``work_rng``, so the people, the time and the
timesheets of a seed stay exactly as they were without it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING

from sandbox.workspace.models import (
    Contract,
    Expense,
    ExpenseCategory,
    Leave,
    RunningTimer,
    Task,
    Workspace,
)

if TYPE_CHECKING:
    from sandbox.seed.timekeeping import Builder

CATEGORIES = ("Travel", "Software & licences", "Hardware", "Meals & entertainment", "Training 📚")
EXPENSES = (
    ("Train ticket Berlin → Munich", "Travel"),
    ("Figma seats", "Software & licences"),
    ("Client dinner & drinks", "Meals & entertainment"),
    ("<b>USB-C</b> hub", "Hardware"),
    ("=1+1 taxi receipt", "Travel"),
    ("タクシー代", "Travel"),
    ("Conference pass", "Training 📚"),
    ('"Pro" font licence', "Software & licences"),
)
DESCRIPTIONS = (
    "",
    "",
    "See the brief in the shared drive",
    "Acceptance: <ul><li>works on mobile</li></ul>",
    'Use the "new" palette & spacing',
    '=HYPERLINK("x") must stay text',
)
TASK_DETAILS = ["description", "priority", "creator", "created_at", "updated_at", "start_date"]
TASK_DETAILS += ["end_date", "completed_at"]
SUBTASKS = ("Write copy", "Review with client", "Fix feedback 🐛")


def add_work(builder: Builder, workspace: Workspace, *, timers: int) -> None:
    contracts: dict[int, list[Contract]] = defaultdict(list)
    for contract in builder.contracts[workspace.pk]:
        contracts[contract.project_id].append(contract)
    _tasks(builder, workspace, contracts)
    _timers(builder, workspace, timers)
    _expenses(builder, workspace)


def _tasks(builder: Builder, workspace: Workspace, contracts: dict[int, list[Contract]]) -> None:
    rng = builder.work_rng
    links = []
    tasks = list(Task.objects.filter(project__workspace=workspace).order_by("pk"))
    for task in tasks:
        project = next(p for p in builder.projects[workspace.pk] if p.pk == task.project_id)
        task.description = rng.choice(DESCRIPTIONS)
        task.priority = rng.choice((10, 20, 30, 30, 30, 40))
        task.creator_id = workspace.owner_id
        task.created_at = task.updated_at = project.created_at
        task.start_date = project.start_date
        task.end_date = builder.today + timedelta(days=rng.randint(-20, 90))
        if task.status == 20:
            done = builder.today - timedelta(days=rng.randint(5, 60))
            task.completed_at = builder.moment(done, 15 * 60)
        on_project = [c.user_id for c in contracts[task.project_id]]
        for user_id in rng.sample(on_project, min(len(on_project), rng.randint(1, 3))):
            links.append(Task.assignees.through(task_id=task.pk, user_id=user_id))
    Task.objects.bulk_update(tasks, TASK_DETAILS)
    parents = [t for t in tasks if t.status in (0, 10)][::3]
    Task.objects.bulk_create(
        Task(
            pk=builder.next_id("task"),
            project_id=parent.project_id,
            parent=parent,
            title=title,
            creator_id=workspace.owner_id,
            created_at=parent.created_at,
            updated_at=parent.created_at,
        )
        for parent in parents
        for title in rng.sample(SUBTASKS, 2)
    )
    Task.assignees.through.objects.bulk_create(links)
    builder.counts[f"tasks_{workspace.pk}"] = len(tasks) + 2 * len(parents)


def _timers(builder: Builder, workspace: Workspace, count: int) -> None:
    """A few trackers running since late last night (UTC), so that "now" is always after them."""
    rng = builder.work_rng
    away = set(
        Leave.objects.filter(
            workspace=workspace,
            status=Leave.Status.APPROVED,
            start_date__lte=builder.today,
            end_date__gte=builder.today,
        ).values_list("user_id", flat=True)
    )
    candidates = sorted(
        {
            c.user_id: c
            for c in builder.contracts[workspace.pk]
            if c.status == Contract.Status.ACTIVE and c.user_id not in away
        }.values(),
        key=lambda c: c.user_id,
    )
    tasks = defaultdict(list)
    for task in Task.objects.filter(project__workspace=workspace, parent__isnull=True):
        tasks[task.project_id].append(task)
    for contract in rng.sample(candidates, min(count, len(candidates))):
        options = tasks[contract.project_id]
        RunningTimer.objects.create(
            workspace=workspace,
            user_id=contract.user_id,
            contract=contract,
            project_id=contract.project_id,
            task=rng.choice(options) if options else None,
            activity_description=rng.choice(("Sprint work", "Client revisions", "")),
            started_at=builder.moment(builder.today, -rng.randrange(15, 150, 5)),
        )


def _expenses(builder: Builder, workspace: Workspace) -> None:
    rng = builder.work_rng
    categories = {
        name: ExpenseCategory.objects.create(id=builder.work_id(), workspace=workspace, name=name)
        for name in CATEGORIES
    }
    by_user: dict[int, list[Contract]] = defaultdict(list)
    for contract in builder.contracts[workspace.pk]:
        by_user[contract.user_id].append(contract)
    expenses = []
    seeded_days = (builder.today - builder.start).days
    for user_id, mine in sorted(by_user.items()):
        for _ in range(rng.randint(0, 3)):
            day = builder.today - timedelta(days=rng.randint(1, seeded_days))
            chosen = rng.choice(mine) if rng.random() < 0.8 else None
            project = chosen.project if chosen else None
            name, category = rng.choice(EXPENSES)
            added = builder.moment(day + timedelta(days=rng.randint(0, 3)), 17 * 60)
            expenses.append(
                Expense(
                    id=builder.work_id(),
                    workspace=workspace,
                    user_id=user_id,
                    project=project,
                    category=categories[category],
                    name=name,
                    amount=rng.randrange(500, 90_000) / 100,
                    currency=project.currency if project else "USD",
                    date=day,
                    note=rng.choice(("", "Receipt attached", "Paid with the company card")),
                    is_billable=bool(project and project.is_billable and rng.random() < 0.7),
                    created_at=min(added, builder.moment(builder.today, 0)),
                    updated_at=min(added, builder.moment(builder.today, 0)),
                )
            )
    Expense.objects.bulk_create(expenses)
    builder.counts[f"expenses_{workspace.pk}"] = len(expenses)
