"""Deterministic seed data: two workspaces of a small agency and a year of their work.

People, projects with tasks, contracts, tracked time, timesheets, leave, time requests, a few
running trackers and expenses. The same seed number and anchor day always give the same data.
Every timesheet total and report is computed from the generated time entries, so they agree.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from oauth2_provider.models import Application

from sandbox.seed.roster import (
    ACME_PEOPLE,
    ACME_PROJECTS,
    GLOBEX_PEOPLE,
    GLOBEX_PROJECTS,
    Person,
    ProjectSpec,
)
from sandbox.seed.timekeeping import Builder
from sandbox.seed.work import add_work
from sandbox.workspace.models import Membership, Role, SeedInfo, Timesheet, Workspace

DEMO_CLIENT_ID = "sandbox-demo"
DEMO_CLIENT_SECRET = "sandbox-demo-secret"
DEMO_REDIRECT_URIS = (
    "http://127.0.0.1:8000/connect/callback/ http://localhost:8000/connect/callback/ "
    "http://127.0.0.1:8765/callback"
)


@dataclass(frozen=True)
class SeedOptions:
    seed: int = 1
    today: date | None = None
    weeks: int = 52
    timesheets: int = 0  # at least this many in Acme Studio (adds members when needed)
    extra_members: int = 0


@dataclass
class SeedSummary:
    counts: dict[str, int] = field(default_factory=dict)


def run(options: SeedOptions) -> SeedSummary:
    """Fill an empty, migrated database."""
    today = options.today or datetime.now(UTC).date()
    rng = random.Random(options.seed)
    password = make_password("sandbox")
    with transaction.atomic():
        work_rng = random.Random(f"work-{options.seed}")
        builder = Builder(rng=rng, today=today, weeks=options.weeks, work_rng=work_rng)
        acme_people = list(ACME_PEOPLE) + _fillers(options, builder)
        acme = _workspace(builder, 1, "Acme Studio", acme_people, ACME_PROJECTS, password)
        globex = _workspace(builder, 2, "Globex", GLOBEX_PEOPLE, GLOBEX_PROJECTS, password)
        builder.build_time(acme, minimum_submitted=100)
        builder.build_time(globex, minimum_submitted=0)
        add_work(builder, acme, timers=3)
        add_work(builder, globex, timers=1)
        _demo_client()
        SeedInfo.objects.create(
            seed=options.seed,
            anchor_date=today,
            options={**asdict(options), "today": today.isoformat()},
            created_at=datetime.now(UTC),
        )
    counts = {
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "timesheets_acme": Timesheet.objects.filter(workspace_id=1).count(),
        "submitted_acme": Timesheet.objects.filter(workspace_id=1, status="submitted").count(),
        **builder.counts,
    }
    return SeedSummary(counts)


def _fillers(options: SeedOptions, builder: Builder) -> list[Person]:
    """Extra regular users so that big workspaces can be asked for (benchmarks).

    Fillers are steady, so each has one timesheet for every week with a weekday before today and
    the promised count holds on any anchor day; the seeded people are not counted on.
    """
    per_member = options.weeks + (1 if builder.today.weekday() > 0 else 0)
    needed = -(-options.timesheets // max(per_member, 1)) if options.timesheets else 0
    count = max(needed, options.extra_members)
    teams = ("Engineering", "Design", "Marketing", "Operations")
    return [
        Person(
            f"member{n:04d}@acme.test",
            "Member",
            f"{n:04d}",
            Role.REGULAR_USER,
            teams[n % len(teams)],
            "Contractor",
            steady=True,
        )
        for n in range(1, count + 1)
    ]


def _workspace(
    builder: Builder,
    workspace_id: int,
    name: str,
    people: list[Person],
    projects: list[ProjectSpec],
    password: str,
) -> Workspace:
    created = datetime.combine(builder.start - timedelta(days=90), time(9), tzinfo=UTC)
    owner_spec = next(p for p in people if p.role == Role.OWNER)
    owner = builder.user(owner_spec, password)
    workspace = Workspace.objects.create(
        pk=workspace_id, name=name, owner=owner, created_at=created, activated_at=created
    )
    builder.add_people(workspace, people, password)
    builder.add_projects(workspace, projects)
    builder.add_contracts(workspace)
    builder.add_viewer_access(workspace)
    return workspace


def _demo_client() -> None:
    """An OAuth2 client for trying the authorization-code flow by hand (see SANDBOX.md)."""
    Application.objects.create(
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
        name="Sandbox demo client",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=DEMO_REDIRECT_URIS,
        algorithm="",
    )
