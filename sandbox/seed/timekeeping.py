"""Builds the seeded records: people, projects, contracts, and a year of tracked time."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.models import User

from sandbox.seed.requests import add_leaves, add_time_requests
from sandbox.seed.roster import DESCRIPTIONS, REJECT_REASONS, TASK_TITLES, Person, ProjectSpec
from sandbox.workspace.models import (
    Contract,
    Membership,
    Project,
    Role,
    Task,
    TimeEntry,
    Timesheet,
    ViewerAccess,
    Workspace,
)

METHODS = ("Desktop tracker",) * 18 + ("Web tracker", "Mobile tracker")


class Builder:
    """Carries the random generator, the anchor day and id counters through the seed."""

    def __init__(
        self, *, rng: random.Random, today: date, weeks: int, work_rng: random.Random | None = None
    ) -> None:
        self.rng = rng
        # Ids and details added later (tasks, timers, expenses) draw from their own generator,
        # so that they leave the people, the time and the timesheets of a seed as they were.
        self.work_rng = work_rng or random.Random(0)
        self.today = today
        self.current_monday = today - timedelta(days=today.weekday())
        self.start = self.current_monday - timedelta(weeks=weeks)
        self.users: dict[str, User] = {}
        self.members: dict[int, list[tuple[Person, Membership]]] = defaultdict(list)
        self.projects: dict[int, list[Project]] = defaultdict(list)
        self.contracts: dict[int, list[Contract]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self._next = {"user": 100, "project": 500, "contract": 2000, "task": 7000, "policy": 30}

    def next_id(self, kind: str) -> int:
        self._next[kind] += 1
        return self._next[kind]

    def opaque_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def work_id(self) -> str:
        return str(uuid.UUID(int=self.work_rng.getrandbits(128), version=4))

    def moment(self, day: date, minutes: int) -> datetime:
        return datetime.combine(day, time(0), tzinfo=UTC) + timedelta(minutes=minutes)

    def user(self, person: Person, password: str) -> User:
        if person.email not in self.users:
            self.users[person.email] = User.objects.create(
                pk=self.next_id("user"),
                username=person.email,
                email=person.email,
                first_name=person.first,
                last_name=person.last,
                password=password,
            )
        return self.users[person.email]

    def add_people(self, workspace: Workspace, people: list[Person], password: str) -> None:
        for index, person in enumerate(people):
            joined = self.moment(self.start - timedelta(days=60 - index), 9 * 60)
            membership = Membership.objects.create(
                workspace=workspace,
                user=self.user(person, password),
                role=person.role,
                status=person.status,
                team_name=person.team,
                title=person.title,
                timezone=self.rng.choice(
                    ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
                ),
                rate=float(self.rng.randrange(30, 120, 5)) if person.tracks else None,
                rate_status=1 if person.role in (Role.OWNER, Role.EXECUTIVE_MANAGER) else 0,
                weekly_hours_limit=self.rng.choice((20, 30, 40, 40, 40)) if person.tracks else None,
                screenshots=self.rng.choice(("full", "blurred", "no_screenshot")),
                created_at=joined,
                updated_at=joined,
                archived_at=joined + timedelta(days=200) if person.archived else None,
            )
            self.members[workspace.pk].append((person, membership))

    def add_projects(self, workspace: Workspace, specs: list[ProjectSpec]) -> None:
        created = self.moment(self.start - timedelta(days=30), 10 * 60)
        for spec in specs:
            project = Project.objects.create(
                pk=self.next_id("project"),
                workspace=workspace,
                name=spec.name,
                notes=spec.notes,
                start_date=self.start - timedelta(days=30),
                deadline=self.today + timedelta(days=self.rng.randrange(30, 200)),
                estimation=float(self.rng.randrange(100, 2000, 50)),
                budget_estimation=float(self.rng.randrange(5000, 90000, 500)),
                icon=f"project-icon-{self.rng.randint(1, 12)}",
                is_billable=spec.billable,
                rate=spec.rate if spec.billable else None,
                currency=spec.currency,
                weekly_hours_limit=168,
                screenshots="full",
                tags=[{"id": 5, "name": "Client", "color": "#FF5733"}] if spec.billable else [],
                created_at=created,
                updated_at=created,
                archived_at=created + timedelta(days=100) if spec.archived else None,
            )
            Task.objects.bulk_create(
                Task(pk=self.next_id("task"), project=project, title=title, status=status)
                for title, status in zip(
                    self.rng.sample(TASK_TITLES, 4), (20, 10, 0, 0), strict=True
                )
            )
            self.projects[workspace.pk].append(project)

    def add_contracts(self, workspace: Workspace) -> None:
        live = [p for p in self.projects[workspace.pk] if p.archived_at is None]
        for person, membership in self.members[workspace.pk]:
            if not person.tracks:
                continue
            for project in self.rng.sample(live, self.rng.randint(1, min(3, len(live)))):
                contract = Contract.objects.create(
                    pk=self.next_id("contract"),
                    workspace=workspace,
                    project=project,
                    user=membership.user,
                    weekly_hours_limit=self.rng.choice((20, 30, 40, 168)),
                    screenshots=self.rng.choice(("full", "blurred", "no_preview", "video_full")),
                    rate=membership.rate if project.is_billable else None,
                    rate_type=2,
                    currency=project.currency,
                    status="paused" if self.rng.random() < 0.08 else "active",
                    created_at=project.created_at,
                    updated_at=project.created_at,
                )
                self.contracts[workspace.pk].append(contract)

    def add_viewer_access(self, workspace: Workspace) -> None:
        live = [p for p in self.projects[workspace.pk] if p.archived_at is None]
        for person, membership in self.members[workspace.pk]:
            if person.role == Role.PROJECT_VIEWER:
                for project in self.rng.sample(live, self.rng.randint(1, min(3, len(live)))):
                    ViewerAccess.objects.create(membership=membership, project=project)

    def build_time(self, workspace: Workspace, *, minimum_submitted: int) -> None:
        trackers = [(p, m) for p, m in self.members[workspace.pk] if p.tracks]
        on_leave = add_leaves(self, workspace, [m for p, m in trackers if not p.steady])
        by_user: dict[int, list[Contract]] = defaultdict(list)
        for contract in self.contracts[workspace.pk]:
            by_user[contract.user_id].append(contract)
        tasks: dict[int, list[Task]] = defaultdict(list)
        for task in Task.objects.filter(project__workspace=workspace):
            tasks[task.project_id].append(task)
        entries: list[TimeEntry] = []
        for person, membership in trackers:
            day = self.start
            while day < self.today:
                working = day.weekday() < 5 and (membership.user_id, day) not in on_leave
                if working and (person.steady or self.rng.random() < 0.93):
                    contracts = by_user[membership.user_id]
                    entries.extend(self._day(workspace, membership, day, contracts, tasks))
                day += timedelta(days=1)
        entries += add_time_requests(self, workspace, [m for _, m in trackers], by_user)
        for entry in entries:
            entry.id = self.work_id()
            tracked = entry.method != "Manually added time"
            entry.is_edited = tracked and self.work_rng.random() < 0.02
        TimeEntry.objects.bulk_create(entries, batch_size=2000)
        self.counts[f"time_entries_{workspace.pk}"] = len(entries)
        self._timesheets(workspace, entries, minimum_submitted)

    def _day(
        self,
        workspace: Workspace,
        membership: Membership,
        day: date,
        contracts: list[Contract],
        tasks: dict[int, list[Task]],
    ) -> list[TimeEntry]:
        total = self.rng.randrange(300, 515, 5)
        chunks = self.rng.randint(1, 3)
        cursor = self.rng.randrange(8 * 60 + 30, 9 * 60 + 45, 5)
        made = []
        for index in range(chunks):
            minutes = total // chunks
            contract = self.rng.choice(contracts)
            project_tasks = tasks[contract.project_id]
            task = (
                self.rng.choice(project_tasks)
                if project_tasks and self.rng.random() < 0.7
                else None
            )
            made.append(
                TimeEntry(
                    workspace=workspace,
                    user_id=membership.user_id,
                    project_id=contract.project_id,
                    contract=contract,
                    task=task,
                    date=day,
                    start=self.moment(day, cursor),
                    end=self.moment(day, cursor + minutes),
                    minutes=minutes,
                    activity_description=self.rng.choice(DESCRIPTIONS),
                    activity_level=self.rng.randint(35, 95),
                    method=self.rng.choice(METHODS),
                )
            )
            cursor += minutes + (self.rng.randrange(30, 65, 5) if index == 0 else 10)
        return made

    def _timesheets(
        self, workspace: Workspace, entries: list[TimeEntry], minimum_submitted: int
    ) -> None:
        weeks_worked = {(e.user_id, e.date - timedelta(days=e.date.weekday())) for e in entries}
        sheets = []
        for user_id, monday in sorted(weeks_worked):
            age = (self.current_monday - monday).days // 7
            roll = self.rng.random()
            if age == 0:
                status = "pending"
            elif age <= 6:
                status = "submitted" if roll < 0.86 else "pending" if roll < 0.93 else "rejected"
            else:
                status = "approved" if roll < 0.94 else "rejected"
            sheets.append(self._sheet(workspace, user_id, monday, status))
        submitted = sum(1 for s in sheets if s.status == "submitted")
        for sheet in sorted(sheets, key=lambda s: s.date_from, reverse=True):
            if submitted >= minimum_submitted:
                break
            if sheet.status in ("pending", "approved") and sheet.date_from < self.current_monday:
                sheet.status, sheet.reviewed_by_id = "submitted", None
                submitted += 1
        Timesheet.objects.bulk_create(sheets, batch_size=2000)
        self.counts[f"timesheets_{workspace.pk}"] = len(sheets)

    def _sheet(self, workspace: Workspace, user_id: int, monday: date, status: str) -> Timesheet:
        created = self.moment(monday, 0)
        submitted = None
        if status != "pending":
            submitted = self.moment(monday + timedelta(days=7), 10 * 60 + self.rng.randint(0, 300))
            submitted = min(submitted, self.moment(self.today, 8 * 60))
        return Timesheet(
            id=self.opaque_id(),
            workspace=workspace,
            user_id=user_id,
            date_from=monday,
            date_to=monday + timedelta(days=6),
            status=status,
            submitted_on=submitted,
            reject_reason=self.rng.choice(REJECT_REASONS) if status == "rejected" else "",
            reviewed_by_id=workspace.owner_id if status in ("approved", "rejected") else None,
            created_at=created,
            updated_at=submitted or created,
        )
