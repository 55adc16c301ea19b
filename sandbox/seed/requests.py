"""Seeded leave (policies, requests) and manual time requests."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sandbox.workspace.models import (
    Contract,
    Leave,
    LeavePolicy,
    Membership,
    TimeEntry,
    TimeRequest,
    Workspace,
)

if TYPE_CHECKING:
    from sandbox.seed.timekeeping import Builder

POLICIES = (
    ("Vacation", "days", True, 20),
    ("Sick leave", "days", True, 10),
    ("Unpaid leave", "days", False, 30),
    ("Doctor's appointment", "hours", True, 2),
)
REQUEST_NOTES = (
    "Forgot to start the tracker",
    "Offline work on a train 🚆",
    "Client call & notes",
    "",
)
NOTES = ("Family vacation", "Flu", "Moving house 🏠", "Wedding & honeymoon", "<none>", "")


def _weekdays(start: date, end: date) -> list[date]:
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [d for d in days if d.weekday() < 5]


def add_leaves(
    builder: Builder, workspace: Workspace, members: list[Membership]
) -> set[tuple[int, date]]:
    """Create policies and leave requests; answer the (user, day) pairs of approved leave."""
    rng = builder.rng
    policies = [
        LeavePolicy.objects.create(
            pk=builder.next_id("policy"),
            workspace=workspace,
            name=name,
            time_unit=unit,
            is_paid=paid,
            days_per_year=days,
        )
        for name, unit, paid, days in POLICIES
    ]
    away: set[tuple[int, date]] = set()
    leaves = []
    for index, member in enumerate(members):
        plans = rng.randint(1, 3)
        for plan in range(plans):
            future = plan == 0 and index % 2 == 0
            offset = rng.randint(7, 60) if future else -rng.randint(14, 330)
            start = builder.today + timedelta(days=offset)
            start += timedelta(days=(7 - start.weekday()) % 7 if start.weekday() >= 5 else 0)
            end = start + timedelta(days=rng.choice((0, 0, 1, 2, 4)))
            policy = rng.choice(policies)
            half = end == start and rng.random() < 0.3
            status = "pending" if future else rng.choice(("approved",) * 4 + ("rejected",))
            days = 0.5 if half else float(len(_weekdays(start, end)))
            leaves.append(
                Leave(
                    id=builder.opaque_id(),
                    workspace=workspace,
                    user_id=member.user_id,
                    policy=policy,
                    status=status,
                    note=rng.choice(NOTES),
                    start_date=start,
                    end_date=end,
                    days=days,
                    leave_period=rng.choice((1, 2)) if half else 0,
                    created_by_id=member.user_id,
                    approved_by_id=workspace.owner_id if status == "approved" else None,
                    rejected_by_id=workspace.owner_id if status == "rejected" else None,
                    reject_reason="Team is short-staffed that week" if status == "rejected" else "",
                    created_at=builder.moment(min(start, builder.today) - timedelta(days=10), 600),
                )
            )
            if status == "approved" and not half:
                away.update((member.user_id, d) for d in _weekdays(start, end))
    Leave.objects.bulk_create(leaves)
    builder.counts[f"leaves_{workspace.pk}"] = len(leaves)
    return away


def add_time_requests(
    builder: Builder,
    workspace: Workspace,
    members: list[Membership],
    contracts: dict[int, list[Contract]],
) -> list[TimeEntry]:
    """Manual-time requests after hours; answers the time entries of the approved ones."""
    rng = builder.rng
    requests, entries = [], []
    counts: dict[str, int] = defaultdict(int)
    for index, member in enumerate(members):
        for _ in range(rng.randint(0, 2)):
            day = builder.today - timedelta(days=rng.randint(1, 40))
            if day.weekday() >= 5:
                day -= timedelta(days=2)
            contract = rng.choice(contracts[member.user_id])
            start = builder.moment(day, rng.randrange(18 * 60, 19 * 60, 15))
            end = start + timedelta(minutes=rng.randrange(30, 150, 15))
            status = (
                "pending"
                if index % 3 == 0 or counts["pending"] < 5
                else rng.choice(("approved", "approved", "rejected"))
            )
            counts[status] += 1
            requests.append(
                TimeRequest(
                    id=builder.opaque_id(),
                    workspace=workspace,
                    user_id=member.user_id,
                    contract=contract,
                    project_id=contract.project_id,
                    start=start,
                    end=end,
                    status=status,
                    notes=rng.choice(REQUEST_NOTES),
                    comment="Not agreed beforehand" if status == "rejected" else "",
                    updated_by_id=workspace.owner_id if status != "pending" else None,
                    created_at=start + timedelta(hours=2),
                    updated_at=start + timedelta(hours=3),
                )
            )
            if status == "approved":
                entries.append(
                    TimeEntry(
                        workspace=workspace,
                        user_id=member.user_id,
                        project_id=contract.project_id,
                        contract=contract,
                        date=day,
                        start=start,
                        end=end,
                        minutes=int((end - start).total_seconds() // 60),
                        activity_description=requests[-1].notes,
                        activity_level=0,
                        method="Manually added time",
                    )
                )
    TimeRequest.objects.bulk_create(requests)
    builder.counts[f"time_requests_{workspace.pk}"] = len(requests)
    return entries
